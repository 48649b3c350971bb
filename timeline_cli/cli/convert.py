"""Other formats, both ways: export and import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from timeline_cli.errors import UsageError, WriteError
from timeline_cli.formats import EXPORT_FORMATS, IMPORT_FORMATS, described

if TYPE_CHECKING:
    from timeline_cli.formats import Candidate

from timeline_cli import results
from timeline_cli.cli.app import app, catch_errors
from timeline_cli.cli.context import select, this_run
from timeline_cli.cli.options import (
    NO_FILTERS,
    FileOption,
    FilterArgs,
    JsonOption,
    ZoneOption,
    with_filters,
)

if TYPE_CHECKING:
    ExportName = str
    ImportName = str
else:  # the names of the format table: Typer offers them, completes them, refuses others
    ExportName = Literal[EXPORT_FORMATS]
    ImportName = Literal[("auto", *IMPORT_FORMATS)]


@app.command("export")
@catch_errors
@with_filters("range", "labels", "search", "order", "anchors")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        ExportName | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            case_sensitive=False,
            help=f"{described(EXPORT_FORMATS)}. Default: from -o's suffix, else ics.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="PATH", help="Write to PATH (default: stdout)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
    file: FileOption = None,
    tz: ZoneOption = None,
    filters: FilterArgs = NO_FILTERS,
) -> None:
    """Export the timeline as a calendar, data or a page.

    Formats: ICS, JSON, CSV, Markdown, TimelineJS and a self-contained HTML page.

    Takes the same filters as `list`. --tz sets the zone of the formats that show
    times to people (md, timelinejs, html); ics, json and csv keep each event's own zone.

    \b
    Examples:
      timeline export -o v.ics
      timeline export --format json -t military > military.json
      timeline export --format md --tz America/New_York --from 2024
      timeline export -o timeline.html
    """
    from timeline_cli.formats import BY_NAME, ExportContext, exporter, format_of

    name = fmt or (format_of(output) if output else None) or "ics"
    export = exporter(name)
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} exists; use --force to replace it")
    run = this_run(ctx, file, tz)
    chosen = select(filters, run, series=not BY_NAME[name].occurrences)
    data = export(chosen.events, ExportContext(chosen.title, chosen.zone, chosen.now))
    if output is not None:
        from timeline_cli.store.atomic import atomic_write

        if output.is_dir():
            raise UsageError(f"{output} is a directory")
        atomic_write(output, data)
    count = len(chosen.events)
    run.output.show(results.Exported(data=data, name=name, events=count, path=output))


@app.command("import")
@catch_errors
def import_command(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            metavar="PATH|URL",
            help="The file to import, or an http, https or webcal URL.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        ImportName,
        typer.Option(
            "--format",
            metavar="FORMAT",
            case_sensitive=False,
            help=f"auto (from the suffix, else the first bytes; for a URL first its "
            f"Content-Type), {described(IMPORT_FORMATS)}.",
        ),
    ] = "auto",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    update: Annotated[
        bool, typer.Option("--update", help="Replace known events (same id) with the imported.")
    ] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid events of a partly bad file.")
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            help="For a URL: give up when the server sends nothing for SECONDS (default 30).",
            show_default=False,
        ),
    ] = None,
    file: FileOption = None,
    tz: ZoneOption = None,
    json: JsonOption = False,
) -> None:
    """Merge events from an iCalendar, JSON or CSV file or URL.

    Events whose id (for calendars: UID) is already known are skipped and counted,
    or replaced with --update; nothing is ever duplicated. The write is the same
    locked, checked, atomic one as `add`; the target file is created if missing.
    For a URL the server is asked to send the calendar only if it changed since
    the last import into the same file.

    \b
    Examples:
      timeline import calendar.ics --dry-run
      timeline import backup.json --update
      timeline import webcal://example.org/club/fixtures.ics --update
    """
    from timeline_cli.actions import Imported, import_events
    from timeline_cli.urls import import_url, redacted

    if timeout is not None and not 0 < timeout <= 86400:
        raise UsageError(f"--timeout {timeout:g} is not a number of seconds (above 0, up to a day)")
    run = this_run(ctx, file, tz)
    where = run.where()
    url = import_url(source)
    shown = source if url is None else redacted(source)
    done: Imported | None
    if url is None:
        candidates = read_candidates(Path(source), fmt)
        flags = {"update": update, "skip_invalid": skip_invalid, "dry_run": dry_run}
        done = import_events(candidates, where, name=source, **flags)
    else:
        from timeline_cli.url_import import Options, import_from_url

        options = Options(fmt, update, skip_invalid, dry_run)
        if timeout is not None:
            options = options._replace(timeout=timeout)
        done = import_from_url(url, shown, where, run.settings.state, options)
    unchanged_in = where.target if done is None else None  # the server said: not modified
    if done is None:
        from timeline_cli.importing import Plan

        done = Imported(Plan([], [], [], [], {}), [], [])
    report = results.ImportReport(
        plan=done.plan,
        invalid=done.invalid,
        notes=done.notes,
        zone=run.zone,
        source=shown,
        dry_run=dry_run,
        unchanged_in=unchanged_in,
    )
    run.output.show(report, as_json=json)


def read_candidates(source: Path, fmt: str) -> list[Candidate]:
    """The candidates of an import file, in the format asked for or recognised."""
    from timeline_cli.formats import format_of, names_text, reader

    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such file to import: {source}") from None
    except OSError as exc:
        raise WriteError(f"cannot read {source}: {exc.strerror or exc}") from None
    name = fmt.lower()
    if name == "auto":
        found = format_of(source, data)
        if found is None or found not in IMPORT_FORMATS:
            choices = names_text(IMPORT_FORMATS)
            raise UsageError(f"cannot tell the format of {source}; give --format {choices}")
        name = found
    return reader(name)(data, str(source))
