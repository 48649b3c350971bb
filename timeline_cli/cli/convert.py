"""Other formats, both ways: export and import."""

from __future__ import annotations

import sys
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
    from timeline_cli.importing import Checked, Plan, check, plan
    from timeline_cli.render import print_import
    from timeline_cli.store import FileData, Timeline, load, read_header
    from timeline_cli.store.changes import Change, write_change
    from timeline_cli.zones import iana_zone, zone_name

    zone = display_zone(tz)
    candidates = read_candidates(source, fmt)
    paths = file_paths(file)
    target = paths[0]
    others = load(paths[1:]) if len(paths) > 1 else Timeline([], [])

    def checked(current: FileData) -> Checked:
        """The candidates validated, naive times in the file's zone (or the display zone)."""
        default = current.zone if current.zone_name else zone
        return check(candidates, default, skip_invalid=skip_invalid, name=str(source))

    events, invalid, notes = checked(read_header(target))
    if dry_run:
        current = load(paths[:1]).events if target.exists() else []
        result = plan(events, current, others.events, update=update)
        print_import(result, invalid, notes, zone=zone, out=sys.stdout, dry_run=True)
        return
    outcome: list[Plan] = []

    def change(current: FileData) -> Change:
        """The plan made again from the file as read under the lock."""
        fresh = checked(current).events
        result = plan(fresh, current.events, others.events, update=update)
        outcome.append(result)
        return Change(result.add, {e.id: e for e in result.update})

    header_zone = zone_name(zone) if iana_zone(zone_name(zone)) else None
    write_change(
        target,
        change,
        header_zone=header_zone,
        create_folder=not file and target == settings.current().default_file,
    )
    print_import(outcome[-1], invalid, notes, zone=zone, out=sys.stdout, dry_run=False)


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
