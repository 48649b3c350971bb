"""The commands that sum the timeline up: next (the agenda), tags and people."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    with_filters,
)

if TYPE_CHECKING:
    from timeline_cli.labels import Field


@app.command("next")
@catch_errors
@with_filters("labels")
def agenda_command(
    ctx: typer.Context,
    days: Annotated[
        int,
        typer.Option(
            "--days",
            click_type=WholeNumber(0),
            metavar="N",
            help="How many days after today (0: today only).",
        ),
    ] = 30,
    file: FileOption = None,
    tz: ZoneOption = None,
    filters: FilterArgs = NO_FILTERS,
    json: JsonOption = False,
) -> None:
    """What is coming: events, anniversaries, spans going on.

    From now to N days after today, in the display zone, soonest first, with a D-day
    countdown ("in 3h" for a time later today): events starting (a month or year
    alone when its first day is in the window), each occurrence of a repeating event,
    past events coming round ("2nd anniversary"), and spans going on ("day 40 of
    549 · ends in 12 days").

    \b
    Examples:
      timeline next
      timeline next --days 7 -t bts --tz Asia/Seoul
      timeline next --days 0 --json
    """
    from timeline_cli.agenda import agenda
    from timeline_cli.errors import UsageError

    run = this_run(ctx, file, tz)
    chosen = select(filters, run)
    try:
        items = agenda(chosen.events, now=chosen.now, zone=chosen.zone, days=days)
    except UsageError as exc:  # too many occurrences: the range here is --days
        if exc.fix != "range":
            raise
        raise UsageError(f"{exc.message}: give a smaller --days") from None
    answer = results.Agenda(items=items, now=chosen.now, zone=chosen.zone, days=days)
    run.output.show(answer, as_json=json)


@app.command("tags")
@catch_errors
@with_filters("range", "labels")
def tags_command(
    ctx: typer.Context,
    file: FileOption = None,
    tz: ZoneOption = None,
    filters: FilterArgs = NO_FILTERS,
    json: JsonOption = False,
) -> None:
    """Each tag, its number of events and the dates they cover.

    The most used first. Spellings differing only in case are one tag ("also
    written: bts"), as -t matches any case. --from, --to and --on count only the
    events in that range; a repeating event counts once, by its own dates.

    \b
    Examples:
      timeline tags
      timeline tags --from 2024 --json
      timeline tags -p V
    """
    _show_labels(ctx, "tags", file, tz, filters, json)


@app.command("people")
@catch_errors
@with_filters("range", "labels")
def people_command(
    ctx: typer.Context,
    file: FileOption = None,
    tz: ZoneOption = None,
    filters: FilterArgs = NO_FILTERS,
    json: JsonOption = False,
) -> None:
    """Each person, their number of events and the dates covered.

    The most seen first. Spellings differing only in case are one person ("also
    written: v"), as -p matches any case. --from, --to and --on count only the
    events in that range; a repeating event counts once, by its own dates.

    \b
    Examples:
      timeline people
      timeline people -t military --tz Asia/Seoul
      timeline people --on 2024 --json
    """
    _show_labels(ctx, "people", file, tz, filters, json)


def _show_labels(
    ctx: typer.Context,
    field: Field,
    file: list[Path] | None,
    tz: str | None,
    filters: FilterArgs,
    json: bool,
) -> None:
    from timeline_cli.labels import labels

    run = this_run(ctx, file, tz)
    chosen = select(filters, run, series=True)
    found = labels(chosen.events, field, chosen.zone)
    run.output.show(results.Labels(found=found, field=field, zone=chosen.zone), as_json=json)
