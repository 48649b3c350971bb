"""Other formats, both ways: export and import."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from timeline_cli.errors import UsageError, WriteError
from timeline_cli.formats import EXPORT_FORMATS, IMPORT_FORMATS, described

if TYPE_CHECKING:
    from timeline_cli.formats import Candidate

from timeline_cli.cli.app import app, catch_errors
from timeline_cli.cli.context import display_zone, file_paths, select
from timeline_cli.cli.options import (
    NO_FILTERS,
    FileOption,
    FilterArgs,
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
@with_filters("range", "labels", "search", "order")
def export_command(
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
    """Convert the (filtered) timeline to iCalendar, JSON, CSV, Markdown or TimelineJS.

    Takes the same filters as `list`. --tz sets the zone of the formats that show
    times to people (md, timelinejs); ics, json and csv keep each event's own zone.

    \b
    Examples:
      timeline export -o v.ics
      timeline export --format json -t military > military.json
      timeline export --format md --tz America/New_York --from 2024
    """
    from timeline_cli.display import safe
    from timeline_cli.formats import ExportContext, exporter, format_of

    name = fmt or (format_of(output) if output else None) or "ics"
    export = exporter(name)
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} exists; use --force to replace it")
    chosen = select(filters, file, tz, series=name != "timelinejs")
    data = export(chosen.events, ExportContext(chosen.title, chosen.zone, chosen.now))
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from timeline_cli.store.atomic import atomic_write

    if output.is_dir():
        raise UsageError(f"{output} is a directory")
    atomic_write(output, data)
    sys.stderr.write(f"Wrote {len(chosen.events)} events to {safe(str(output))} ({name})\n")


@app.command("import")
@catch_errors
def import_command(
    source: Annotated[
        Path, typer.Argument(metavar="PATH", help="The file to import.", show_default=False)
    ],
    fmt: Annotated[
        ImportName,
        typer.Option(
            "--format",
            metavar="FORMAT",
            case_sensitive=False,
            help=f"auto (from the suffix, else the first bytes), {described(IMPORT_FORMATS)}.",
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
    file: FileOption = None,
    tz: ZoneOption = None,
) -> None:
    """Merge events from an iCalendar, JSON or CSV file into the timeline.

    Events whose id (for calendars: UID) is already known are skipped and counted,
    or replaced with --update; nothing is ever duplicated. The write is the same
    locked, checked, atomic one as `add`; the target file is created if missing.

    \b
    Examples:
      timeline import calendar.ics --dry-run
      timeline import backup.json --update
    """
    from timeline_cli import settings
    from timeline_cli.actions import Where, import_events
    from timeline_cli.render import print_import

    zone = display_zone(tz)
    candidates = read_candidates(source, fmt)
    paths = file_paths(file)
    default = not file and paths[0] == settings.current().default_file
    where = Where(paths, zone, datetime.now(UTC), create_folder=default)
    done = import_events(
        candidates,
        where,
        name=str(source),
        update=update,
        skip_invalid=skip_invalid,
        dry_run=dry_run,
    )
    print_import(done.plan, done.invalid, done.notes, zone=zone, out=sys.stdout, dry_run=dry_run)


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
