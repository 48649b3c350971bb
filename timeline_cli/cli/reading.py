"""The commands that read the timeline: list, view, anniversaries, show, check."""

from __future__ import annotations

from typing import Annotated

import typer

from timeline_cli import results
from timeline_cli.cli.app import app, catch_errors
from timeline_cli.cli.context import select, this_run
from timeline_cli.cli.options import (
    NO_FILTERS,
    FileOption,
    FilterArgs,
    JsonOption,
    WholeNumber,
    ZoneOption,
    complete_ids,
    with_filters,
)
from timeline_cli.errors import ExitCode


@app.command("list")
@catch_errors
@with_filters("range", "labels", "search", "order", "anchors")
def list_command(
    ctx: typer.Context,
    file: FileOption = None,
    tz: ZoneOption = None,
    filters: FilterArgs = NO_FILTERS,
    dday: Annotated[
        bool, typer.Option("--dday", help="Relative column as D-30 / D-day / D+1036.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """List events in a table, oldest first.

    WHEN is a date or time: 2024-01-24, "2024-01-24 18:00 KST", 2024/01/24,
    "2024년 1월 24일 오후 6시", 2024, 2024-01, "Jan 2024", a week (2024-W03), today,
    now, +3d / -2w / -6m / +1y, "in 3 days", "3 days ago" or "next friday".
    Spans and partial dates match every range they overlap. Within a bounded
    range a repeating event is listed once per occurrence; otherwise once, with ↻.

    \b
    Examples:
      timeline list --tz America/New_York --on 2024-01-23
      timeline list --from 2023-12 --to 2024-02 -t military
      timeline list -s "love wins" -r -n 5
    """
    run = this_run(ctx, file, tz)
    chosen = select(filters, run)
    listing = results.Listing(
        events=chosen.events, zone=chosen.zone, now=chosen.now, title=chosen.title, dday=dday
    )
    run.output.show(listing, as_json=json)


@app.command("view")
@catch_errors
@with_filters("range", "labels", "search")
def view_command(
    ctx: typer.Context,
    file: FileOption = None,
    tz: ZoneOption = None,
    filters: FilterArgs = NO_FILTERS,
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            click_type=WholeNumber(40),
            metavar="N",
            help="Columns, 40 or more (default: the terminal's).",
        ),
    ] = None,
) -> None:
    """Draw the timeline: years down the page, spans as bars.

    Spans are bars in lanes, points are marks.

    One row per day, month or year depending on the time covered: --from, --to and
    --on bound the drawing (spans going on past it end in an arrow). Stretches where
    nothing starts or ends fold into one line; a crowded row keeps its most important
    events and says how to list the rest. Takes the filters of `list`.

    \b
    Examples:
      timeline view
      timeline view -t military --tz Asia/Seoul
      timeline view --from 2023-12 --to 2025-06 --width 160
    """
    from timeline_cli.timeparse import RangeLabels, when_range
    from timeline_cli.view import draw

    run = this_run(ctx, file, tz)
    chosen = select(filters, run)
    asked = when_range(
        start=filters.start,
        end=filters.end,
        on=filters.on,
        now=chosen.now,
        zone=chosen.zone,
        labels=RangeLabels(start="--from", end="--to", on="--on"),
    )
    lines = draw(
        chosen.events,
        zone=chosen.zone,
        width=width or run.output.width,
        first=asked.first,
        last=asked.last,
    )
    run.output.show(results.Drawing(lines=lines))


@app.command("anniversaries")
@catch_errors
@with_filters("labels")
def anniversaries_command(
    ctx: typer.Context,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="WHEN", help="The day to look from (default: today)."),
    ] = None,
    within: Annotated[
        int,
        typer.Option(
            "--within", click_type=WholeNumber(0), metavar="DAYS", help="Also the next DAYS days."
        ),
    ] = 0,
    file: FileOption = None,
    tz: ZoneOption = None,
    filters: FilterArgs = NO_FILTERS,
    json: JsonOption = False,
) -> None:
    """On this day: the past events that come round again.

    Past events whose month and day come round on that day, or within the next DAYS
    days, with "N years ago", the Nth anniversary and a D-day countdown.

    Dates are in the display zone (a 00:00 KST release is a day earlier in New York).
    An event on 29 February comes round on 28 February in years without one.
    Partial dates ("2017", "2017-02") never count.

    \b
    Examples:
      timeline anniversaries
      timeline anniversaries --on 2026-01-24 --tz Asia/Seoul
      timeline anniversaries --within 30 -p V
    """
    from timeline_cli.anniversaries import anniversaries, occurrences
    from timeline_cli.timeparse import parse_when

    run = this_run(ctx, file, tz)
    chosen = select(filters, run)
    zone = chosen.zone
    today = chosen.now.astimezone(zone).date()
    if on is not None:
        value = parse_when(on, now=chosen.now, zone=zone, what="--on date").value
        today = value.moment.astimezone(zone).date() if value.moment else value.day
    found = anniversaries(chosen.events, today=today, zone=zone, within=within)
    found += occurrences(chosen.events, today=today, zone=zone, within=within)
    found.sort(key=lambda a: (a.date, -a.years, a.event.title.casefold(), a.event.id))
    run.output.show(results.Anniversaries(found=found, today=today, zone=zone), as_json=json)


@app.command("show")
@catch_errors
def show_command(
    ctx: typer.Context,
    event_id: Annotated[
        str, typer.Argument(metavar="ID", help="The event's id.", autocompletion=complete_ids)
    ],
    file: FileOption = None,
    tz: ZoneOption = None,
    json: JsonOption = False,
) -> None:
    """Show one event: every field, its times in both zones.

    Times are shown in the display zone and in the event's own zone.

    \b
    Examples:
      timeline show love-wins-all-mv --tz America/New_York
      timeline show hwarang-run
    """
    from timeline_cli.query import find
    from timeline_cli.store import load

    run = this_run(ctx, file, tz)
    zone = run.zone
    event = find(load(run.files).events, event_id)
    run.output.show(results.Detail(event=event, zone=zone, now=run.now), as_json=json)


@app.command("check")
@catch_errors
def check_command(
    ctx: typer.Context,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    file: FileOption = None,
    json: JsonOption = False,
) -> None:
    """Check the events files and list every problem.

    Errors: TOML syntax, schema problems, duplicate ids across files, unknown zones,
    end before start, non-http(s) URLs. Warnings: local times a DST change skips or
    repeats, events without a source. Exit 4 when there is an error (or, with
    --strict, a warning); 0 otherwise.

    \b
    Examples:
      timeline check
      timeline check -f a.toml -f b.toml --strict
    """
    from timeline_cli.checks import check_files

    run = this_run(ctx, file)
    found = results.Findings(findings=check_files(run.files), paths=run.files)
    run.output.show(found, as_json=json)
    if found.errors or (strict and found.warnings):
        raise typer.Exit(ExitCode.INVALID)
