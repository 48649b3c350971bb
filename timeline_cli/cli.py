"""The command line: parse options → call the core → render or write. No logic here.

``now`` is read once, here, and passed down; errors become one line on stderr and
the exit code of README 'Exit codes', in ``catch_errors`` only.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn, ParamSpec, TypeVar

import typer

from timeline_cli import __version__
from timeline_cli.errors import TimelineError, UsageError, WriteError

if TYPE_CHECKING:
    from timeline_cli.formats import Candidate
    from timeline_cli.model import Event, Range

# The core modules are imported inside the commands, so `--help` stays fast.

SETTINGS: dict[str, Any] = {
    "name": "timeline",
    "add_completion": False,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(
    help=(
        "Keep a timeline of dated events in a TOML file: list and filter them with "
        "correct time zones, and add events without ever damaging the file.\n\n"
        "\b\nExamples:\n"
        "  timeline list --tz America/New_York --on 2024-01-23\n"
        '  timeline add "Album release" --start "2024-02-20 18:00 KST" -t release\n\n'
        "Run `timeline COMMAND --help` for each command's options."
    ),
    no_args_is_help=True,
    **SETTINGS,
)

P = ParamSpec("P")
R = TypeVar("R")

FileOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--file",
        "-f",
        metavar="PATH",
        help="Events file (repeatable). Default: $TIMELINE_FILE, ./events.toml, "
        "or $XDG_DATA_HOME/timeline/events.toml.",
        show_default=False,
    ),
]
ZoneOption = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="Display zone: IANA name, UTC, local, +09:00 or KST. "
        "Default: $TIMELINE_TZ, then the system zone.",
        show_default=False,
    ),
]


def catch_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn TimelineError into one message on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except TimelineError as exc:
            fail(exc.message, exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            _quiet_stdout()
            raise typer.Exit(0) from None
        except typer.Exit:
            raise
        except Exception as exc:  # the promise: no traceback for any input
            if os.environ.get("TIMELINE_DEBUG"):
                raise
            name = type(exc).__name__
            fail(f"internal error: {name}: {exc} (set TIMELINE_DEBUG=1 to see where)", 1)

    return wrapper


def fail(message: str, code: int) -> NoReturn:
    """Print ``timeline: error: ...`` on stderr and exit with ``code``."""
    from timeline_cli.display import safe

    sys.stderr.write(f"timeline: error: {safe(message)}\n")
    raise typer.Exit(code)


def _quiet_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def display_zone(option: str | None) -> tzinfo:
    """``--tz`` > ``TIMELINE_TZ`` > the system's IANA zone > UTC."""
    from timeline_cli.zones import resolve_zone, system_zone

    if option is not None:
        return resolve_zone(option, what="--tz zone")
    from_env = os.environ.get("TIMELINE_TZ")
    if from_env:
        return resolve_zone(from_env, what="TIMELINE_TZ zone")
    return system_zone()


def file_paths(files: list[Path] | None) -> list[Path]:
    """The events files named by ``-f``, else the defaults."""
    from timeline_cli.store import default_paths

    return list(files) if files else default_paths(os.environ, Path.cwd())


FromOption = Annotated[
    str | None, typer.Option("--from", help="Only events on or after WHEN.", metavar="WHEN")
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Only events on or before WHEN.", metavar="WHEN")
]
OnOption = Annotated[
    str | None,
    typer.Option("--on", help="Only events on that day, month or year.", metavar="WHEN"),
]
TagFilter = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", metavar="TAG", help="Only events with this tag (repeatable)."),
]
PersonFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--person", "-p", metavar="NAME", help="Only events with this person (repeatable)."
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option("--search", "-s", metavar="TEXT", help="Text to find (any field, any case)."),
]
LimitOption = Annotated[
    int | None, typer.Option("--limit", "-n", min=0, metavar="N", help="At most N events.")
]
ReverseOption = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]


class Selection(NamedTuple):
    """The result of the shared filter options."""

    title: str | None
    zone: tzinfo
    now: datetime
    events: list[Event]


def select_events(
    file: list[Path] | None,
    tz: str | None,
    when: tuple[str | None, str | None, str | None],
    tags: list[str] | None,
    people: list[str] | None,
    search: str | None,
    limit: int | None,
    reverse: bool,
    anchors: tuple[str | None, str | None] = (None, None),
    series: bool = False,
) -> Selection:
    """Load the timeline and apply the filters of ``list`` and ``export``.

    ``anchors`` are the ids of ``--since`` and ``--until``: the range starts at the
    first one's start and ends with the second one's end. With a bounded range,
    repeating events are expanded into their occurrences.
    """
    from timeline_cli.query import Filters, select
    from timeline_cli.store import load
    from timeline_cli.timeparse import when_range

    now = datetime.now(UTC)
    zone = display_zone(tz)
    start, end, on = when
    span = when_range(start=start, end=end, on=on, now=now, zone=zone)
    timeline = load(file_paths(file))
    since, until = anchors
    if since is not None:
        span = span._replace(**_since(find_event(timeline.events, since), span, zone))
    if until is not None:
        span = span._replace(**_until(find_event(timeline.events, until), span, zone))
    events = timeline.events
    if (span.low is not None or span.high is not None) and any(e.repeat for e in events):
        from timeline_cli.recur import expand_range

        events = expand_range(events, span, zone)
    filters = Filters(
        span.low, span.high, tuple(tags or ()), tuple(people or ()), search, limit, reverse
    )
    filters = filters._replace(first=span.first, last=span.last)
    chosen = select(events, filters, zone)
    if series:  # each repeating event once, as written, when it occurs in the range
        by_id = {e.id: e for e in timeline.events}
        chosen = list({e.id: by_id.get(e.id, e) for e in chosen}.values())
    return Selection(timeline.title, zone, now, chosen)


def _since(anchor: Event, span: Range, zone: tzinfo) -> dict[str, Any]:
    """The range from the start of ``--since``'s event on (its instant and its day)."""
    begin = anchor.begin(zone)
    day = anchor.start.day if anchor.start.moment is None else begin.astimezone(zone).date()
    return {
        "low": begin if span.low is None else max(span.low, begin),
        "first": day if span.first is None else max(span.first, day),
    }


def _until(anchor: Event, span: Range, zone: tzinfo) -> dict[str, Any]:
    """The range up to the end of ``--until``'s event (its instant and its last day)."""
    finish = anchor.finish(zone)
    value = anchor.end or anchor.start
    moment = value.moment
    day = value.last_day() if moment is None else moment.astimezone(zone).date()
    return {
        "high": finish if span.high is None else min(span.high, finish),
        "last": day if span.last is None else min(span.last, day),
    }


@app.command("list")
@catch_errors
def list_command(
    file: FileOption = None,
    tz: ZoneOption = None,
    start: FromOption = None,
    end: ToOption = None,
    on: OnOption = None,
    tag: TagFilter = None,
    person: PersonFilter = None,
    search: SearchOption = None,
    limit: LimitOption = None,
    reverse: ReverseOption = False,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="ID", help="Only events from that event's start on."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="ID", help="Only events up to that event's end."),
    ] = None,
    dday: Annotated[
        bool, typer.Option("--dday", help="Relative column as D-30 / D-day / D+1036.")
    ] = False,
) -> None:
    """List events in a table, oldest first.

    WHEN is a date or time: 2024-01-24, "2024-01-24 18:00 KST", 2024, 2024-01,
    today, yesterday, tomorrow, now, or +3d / -2w / -6m / +1y from today.
    Spans and partial dates match every range they overlap. Within a bounded
    range a repeating event is listed once per occurrence; otherwise once, with ↻.

    \b
    Examples:
      timeline list --tz America/New_York --on 2024-01-23
      timeline list --from 2023-12 --to 2024-02 -t military
      timeline list -s "love wins" -r -n 5
    """
    from timeline_cli.render import print_table, use_terminal

    chosen = select_events(
        file, tz, (start, end, on), tag, person, search, limit, reverse, (since, until)
    )
    out = sys.stdout
    print_table(
        chosen.events,
        now=chosen.now,
        zone=chosen.zone,
        title=chosen.title,
        out=out,
        terminal=use_terminal(out),
        dday=dday,
    )


@app.command("view")
@catch_errors
def view_command(
    file: FileOption = None,
    tz: ZoneOption = None,
    start: FromOption = None,
    end: ToOption = None,
    on: OnOption = None,
    tag: TagFilter = None,
    person: PersonFilter = None,
    search: SearchOption = None,
    width: Annotated[
        int | None,
        typer.Option("--width", min=40, metavar="N", help="Columns (default: the terminal's)."),
    ] = None,
) -> None:
    """Draw the timeline: years down the page, spans as bars in lanes, points as marks.

    One row per day, month or year depending on the time covered; crowded rows end
    with "+N more", long gaps fold into one line. Takes the filters of `list`.

    \b
    Examples:
      timeline view
      timeline view -t military --tz Asia/Seoul
      timeline view --from 2023-12 --to 2025-06 --width 160
    """
    import shutil

    from timeline_cli.render import print_view, use_terminal
    from timeline_cli.view import draw

    chosen = select_events(file, tz, (start, end, on), tag, person, search, None, False)
    columns = width or shutil.get_terminal_size((100, 24)).columns
    lines = draw(chosen.events, zone=chosen.zone, width=columns)
    print_view(lines, out=sys.stdout, terminal=use_terminal(sys.stdout))


@app.command("anniversaries")
@catch_errors
def anniversaries_command(
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="WHEN", help="The day to look from (default: today)."),
    ] = None,
    within: Annotated[
        int, typer.Option("--within", min=0, metavar="DAYS", help="Also the next DAYS days.")
    ] = 0,
    file: FileOption = None,
    tz: ZoneOption = None,
    tag: TagFilter = None,
    person: PersonFilter = None,
) -> None:
    """On this day: past events whose month and day come round on that day, or within
    the next DAYS days, with "N years ago", the Nth anniversary and a D-day countdown.

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
    from timeline_cli.render import print_anniversaries
    from timeline_cli.timeparse import parse_when

    chosen = select_events(file, tz, (None, None, None), tag, person, None, None, False)
    zone = chosen.zone
    today = chosen.now.astimezone(zone).date()
    if on is not None:
        value = parse_when(on, now=chosen.now, zone=zone, what="--on date").value
        today = value.moment.astimezone(zone).date() if value.moment else value.day
    found = anniversaries(chosen.events, today=today, zone=zone, within=within)
    found += occurrences(chosen.events, today=today, zone=zone, within=within)
    found.sort(key=lambda a: (a.date, -a.years, a.event.title.casefold(), a.event.id))
    print_anniversaries(found, today=today, zone=zone, out=sys.stdout)


@app.command("export")
@catch_errors
def export_command(
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="ics, json, csv, md or timelinejs. Default: from -o's suffix, else ics.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="PATH", help="Write to PATH (default: stdout)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
    file: FileOption = None,
    tz: ZoneOption = None,
    start: FromOption = None,
    end: ToOption = None,
    on: OnOption = None,
    tag: TagFilter = None,
    person: PersonFilter = None,
    search: SearchOption = None,
    limit: LimitOption = None,
    reverse: ReverseOption = False,
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
    export = exporter(name.lower())
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} exists; use --force to replace it")
    chosen = select_events(
        file, tz, (start, end, on), tag, person, search, limit, reverse, series=name != "timelinejs"
    )
    data = export(chosen.events, ExportContext(chosen.title, chosen.zone, chosen.now))
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from timeline_cli.writer import atomic_write

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
        str,
        typer.Option("--format", metavar="FORMAT", help="auto, ics, json or csv."),
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
    from timeline_cli.importing import Checked, Plan, check, plan
    from timeline_cli.render import print_import
    from timeline_cli.store import FileData, Timeline, load, read_header, xdg_default
    from timeline_cli.writer import Change, write_change
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
        create_folder=not file and target == xdg_default(os.environ),
    )
    print_import(outcome[-1], invalid, notes, zone=zone, out=sys.stdout, dry_run=False)


def read_candidates(source: Path, fmt: str) -> list[Candidate]:
    """The candidates of an import file, in the format asked for or recognised."""
    from timeline_cli.formats import IMPORT_FORMATS, format_of, reader

    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such file to import: {source}") from None
    except OSError as exc:
        raise WriteError(f"cannot read {source}: {exc.strerror or exc}") from None
    name = fmt.lower()
    if name == "auto":
        found = format_of(source, data)
        if found not in IMPORT_FORMATS:
            raise UsageError(f"cannot tell the format of {source}; give --format ics, json or csv")
        name = found
    return reader(name)(data, str(source))


@app.command("add")
@catch_errors
def add_command(
    title: Annotated[
        str,
        typer.Argument(metavar="TITLE", help="The event's title (one line).", show_default=False),
    ],
    start: Annotated[
        str, typer.Option("--start", metavar="WHEN", help="When it starts (see `list --help`).")
    ],
    end: Annotated[
        str | None, typer.Option("--end", metavar="WHEN", help="Inclusive end of a span.")
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="The event's zone (IANA name or KST-style abbreviation). Default: the zone "
            "named in --start, else the file's [timeline] timezone, else the display zone.",
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="A tag (repeatable).")
    ] = None,
    person: Annotated[
        list[str] | None,
        typer.Option("--person", "-p", metavar="NAME", help="A person (repeatable)."),
    ] = None,
    location: Annotated[
        str | None, typer.Option("--location", metavar="TEXT", help="Where.")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="An http(s) reference.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", metavar="TEXT", help="The citation.")
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", "-d", metavar="TEXT", help="Longer text.")
    ] = None,
    repeat: Annotated[
        str | None,
        typer.Option(
            "--repeat",
            metavar="RULE",
            help="yearly, monthly, weekly, daily, or an RRULE (FREQ=YEARLY;...).",
        ),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            "--except",
            metavar="WHEN",
            help="An occurrence the repeat skips: its date or date-time (repeatable).",
        ),
    ] = None,
    event_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="The id (default: from the date and title)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be stored; write nothing.")
    ] = False,
    file: FileOption = None,
) -> None:
    """Append one event to the events file and print what was stored.

    The existing text of the file is kept byte for byte; the new event is appended
    as an [[events]] table under a lock, and the file is replaced atomically.
    A missing file is created with a [timeline] header.

    \b
    Examples:
      timeline add 'IU "Love wins all" MV' --start "2024-01-24 00:00 KST" -t release
      timeline add "Hwarang airs" --start 2016-12-19 --end 2017-02-21 -t drama
      timeline add "Some time that month" --start 2024-01 --dry-run
    """
    from timeline_cli.compose import NewEvent, build_event
    from timeline_cli.render import print_stored
    from timeline_cli.store import FileData, Timeline, load, load_file, read_header, xdg_default
    from timeline_cli.writer import append_event
    from timeline_cli.zones import iana_zone, zone_name

    now = datetime.now(UTC)
    zone = display_zone(None)
    paths = file_paths(file)
    target = paths[0]
    others = load(paths[1:]) if len(paths) > 1 else Timeline([], [])
    request = NewEvent(
        title=title,
        start=start,
        end=end,
        zone=tz,
        tags=tuple(tag or ()),
        people=tuple(person or ()),
        location=location,
        url=url,
        source=source,
        description=description,
        repeat=repeat,
        exceptions=tuple(skip or ()),
        id=event_id,
    )

    def make(current: FileData) -> Event:
        """The event, with naive times in the file's [timeline] zone or the display zone."""
        default_zone = current.zone if current.zone_name else zone
        return build_event(request, now=now, default_zone=default_zone)

    taken = {e.id for e in others.events}
    make(read_header(target))  # refuse bad options before touching anything
    if dry_run:
        current = load_file(target) if target.exists() else load_file(target, b"")
        event = make(current)
        if event_id is not None and event_id in taken | {e.id for e in current.events}:
            raise UsageError(f"id {event_id!r} is already used; choose another --id")
        print_stored(event, zone=zone, out=sys.stdout, path=target, dry_run=True)
        return
    header = zone_name(zone) if iana_zone(zone_name(zone)) else None
    stored = append_event(
        target,
        make,
        id_given=event_id is not None,
        other_ids=taken,
        header_zone=header,
        create_folder=not file and target == xdg_default(os.environ),
    )
    print_stored(stored, zone=zone, out=sys.stdout, path=target, dry_run=False)


def find_event(events: Sequence[Event], event_id: str) -> Event:
    """The event with this id; UsageError (exit 2) naming the closest ids otherwise."""
    import difflib

    for event in events:
        if event.id == event_id:
            return event
    close = difflib.get_close_matches(event_id, [e.id for e in events], n=3, cutoff=0.5)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    raise UsageError(f"no event with id {event_id!r}{hint}")


@app.command("show")
@catch_errors
def show_command(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    file: FileOption = None,
    tz: ZoneOption = None,
) -> None:
    """Show every field of one event, its times in the display and its own zone.

    \b
    Examples:
      timeline show love-wins-all-mv --tz America/New_York
      timeline show hwarang-run
    """
    from timeline_cli.render import print_event, use_terminal
    from timeline_cli.store import load

    now = datetime.now(UTC)
    zone = display_zone(tz)
    event = find_event(load(file_paths(file)).events, event_id)
    print_event(event, zone=zone, now=now, out=sys.stdout, terminal=use_terminal(sys.stdout))


@app.command("remove")
@catch_errors
def remove_command(
    event_ids: Annotated[
        list[str], typer.Argument(metavar="ID...", help="The ids of the events to remove.")
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    file: FileOption = None,
) -> None:
    """Remove events from the events file (the first -f): their lines and the comments
    right above them go; every other byte stays.

    Asks for confirmation on a terminal; elsewhere refuses unless --yes is given.

    \b
    Examples:
      timeline remove love-wins-all-mv-trailer
      timeline remove a-b c-d --yes
    """
    from timeline_cli.display import safe
    from timeline_cli.store import FileData, load
    from timeline_cli.writer import Change, write_change

    paths = file_paths(file)
    target = paths[0]
    everything = load(paths).events
    chosen = [find_event(everything, event_id) for event_id in dict.fromkeys(event_ids)]
    elsewhere = [e.id for e in chosen if e.file != target]
    if elsewhere:
        raise UsageError(
            f"{', '.join(elsewhere)} not in {target}: remove writes only to the first -f file"
        )
    if not yes:
        _confirm(
            f"Remove {len(chosen)} event(s) from {target}: " + ", ".join(e.id for e in chosen) + "?"
        )
    ids = frozenset(e.id for e in chosen)

    def change(current: FileData) -> Change:
        missing = ids - {e.id for e in current.events}
        if missing:
            raise UsageError(f"no event with id {sorted(missing)[0]!r} any more in {target}")
        return Change([], {}, ids)

    write_change(target, change, header_zone=None)
    sys.stdout.write(
        f"Removed {len(ids)} event(s) from {safe(str(target))}: {', '.join(sorted(ids))}\n"
    )


@app.command("edit")
@catch_errors
def edit_command(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event to change.")],
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="New title.")] = None,
    start: Annotated[str | None, typer.Option("--start", metavar="WHEN", help="New start.")] = None,
    end: Annotated[str | None, typer.Option("--end", metavar="WHEN", help="New end.")] = None,
    tz: Annotated[
        str | None,
        typer.Option("--tz", metavar="ZONE", help="New zone; wall times stay as written."),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Add a tag.")
    ] = None,
    remove_tag: Annotated[
        list[str] | None, typer.Option("--remove-tag", metavar="TAG", help="Remove a tag.")
    ] = None,
    person: Annotated[
        list[str] | None, typer.Option("--person", "-p", metavar="NAME", help="Add a person.")
    ] = None,
    remove_person: Annotated[
        list[str] | None, typer.Option("--remove-person", metavar="NAME", help="Remove a person.")
    ] = None,
    location: Annotated[str | None, typer.Option("--location", metavar="TEXT")] = None,
    url: Annotated[str | None, typer.Option("--url", metavar="URL")] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="TEXT")] = None,
    description: Annotated[str | None, typer.Option("--description", "-d", metavar="TEXT")] = None,
    repeat: Annotated[str | None, typer.Option("--repeat", metavar="RULE")] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            "--except", metavar="WHEN", help="Skip this occurrence of the repeat (repeatable)."
        ),
    ] = None,
    new_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="New id (needs --rename).")
    ] = None,
    rename: Annotated[bool, typer.Option("--rename", help="Allow --id to change the id.")] = False,
    clear: Annotated[
        list[str] | None,
        typer.Option("--clear", metavar="FIELD", help="Remove a field (end, tags, url, ...)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")
    ] = False,
    file: FileOption = None,
) -> None:
    """Change fields of one event in place: only the lines of the changed fields
    change in the file; comments and every other event stay byte for byte.

    \b
    Examples:
      timeline edit love-wins-all-mv --title 'IU "Love wins all" MV' -t iu
      timeline edit v-discharge --start "2025-06-10 10:00" --dry-run
      timeline edit hwarang-run --clear url --remove-tag acting
    """
    from timeline_cli.editing import EventEdit, edit_event
    from timeline_cli.render import print_stored
    from timeline_cli.store import FileData, load, read_header
    from timeline_cli.writer import Change, preview_change, write_change

    now = datetime.now(UTC)
    zone = display_zone(None)
    paths = file_paths(file)
    target = paths[0]
    everything = load(paths).events
    old = find_event(everything, event_id)
    if old.file != target:
        raise UsageError(f"{event_id} is not in {target}: edit writes only to the first -f file")
    if new_id is not None and new_id != event_id:
        if not rename:
            raise UsageError("--id changes the event's id: add --rename if that is what you mean")
        if any(e.id == new_id for e in everything):
            raise UsageError(f"id {new_id!r} is already used; choose another --id")
    texts = {"location": location, "url": url, "source": source, "description": description}
    edit = EventEdit(
        title=title,
        start=start,
        end=end,
        zone=tz,
        add_tags=tuple(tag or ()),
        remove_tags=tuple(remove_tag or ()),
        add_people=tuple(person or ()),
        remove_people=tuple(remove_person or ()),
        texts=tuple((k, v) for k, v in texts.items() if v is not None),
        repeat=repeat,
        exceptions=tuple(skip or ()),
        new_id=new_id,
        clear=tuple(clear or ()),
    )
    edit_event(old, edit, now=now, file_zone=read_header(target).zone)  # refuse bad options first
    stored: list[Event] = []

    def change(current: FileData) -> Change:
        fresh = next((e for e in current.events if e.id == event_id), None)
        if fresh is None:
            raise UsageError(f"no event with id {event_id!r} any more in {target}")
        stored.append(edit_event(fresh, edit, now=now, file_zone=current.zone))
        return Change([], {event_id: stored[-1]})

    if dry_run:
        print_diff(target, *preview_change(target, change))
        return
    write_change(target, change, header_zone=None)
    print_stored(
        stored[-1], zone=zone, out=sys.stdout, path=target, dry_run=False, verb="Changed in"
    )


def print_diff(path: Path, old: bytes, new: bytes) -> None:
    """A unified diff of a file's text before and after (for --dry-run)."""
    import difflib

    from timeline_cli.display import safe

    before = old.decode("utf-8", "replace").splitlines()
    after = new.decode("utf-8", "replace").splitlines()
    lines = difflib.unified_diff(before, after, f"{path}", f"{path} (edited)", lineterm="")
    text = "\n".join(safe(line) for line in lines)
    sys.stdout.write((text or "no change") + "\n")


@app.command("check")
@catch_errors
def check_command(
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    file: FileOption = None,
) -> None:
    """Check the events files and list every problem, not just the first.

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
    from timeline_cli.display import safe

    findings = check_files(file_paths(file))
    for finding in findings:
        sys.stdout.write(f"{safe(finding.where)}: {finding.level}: {safe(finding.message)}\n")
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    sys.stdout.write(f"{errors} error(s), {warnings} warning(s)\n")
    if errors or (strict and warnings):
        raise typer.Exit(4)


def _confirm(question: str) -> None:
    """Ask on a terminal; refuse (exit 2) where nobody can answer."""
    from timeline_cli.display import safe

    if not sys.stdin.isatty():
        raise UsageError("not on a terminal: give --yes to remove without confirmation")
    sys.stderr.write(safe(question) + " [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise WriteError("nothing removed")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"timeline {__version__} (time zones: {_zone_release()})\n")
        raise typer.Exit()


def _zone_release() -> str:
    """``tzdata 2026a``: the IANA release of the tzdata package, which every zone comes from."""
    from importlib.resources import files

    try:
        data = files("tzdata").joinpath("zoneinfo").joinpath("tzdata.zi")
        with data.open("r", encoding="utf-8") as stream:
            first = stream.readline()
    except (ModuleNotFoundError, OSError):
        return "tzdata package not installed"
    release = first.removeprefix("# version").strip()
    return f"tzdata {release}" if release else "tzdata, release unknown"


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Keep a timeline of dated events in a TOML file."""


def main() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    args = sys.argv[1:]
    if args in ([], ["--help"], ["-h"]):
        sys.stdout.write(root_help())
        return
    command_app(args)()


def root_help() -> str:
    """``timeline --help`` without building every command's parameters (Typer spends a
    few milliseconds a command on that): the same text, from the registered commands."""
    import inspect
    import textwrap

    lines = ["Usage: timeline [OPTIONS] COMMAND [ARGS]...", ""]
    text = app.info.help if isinstance(app.info.help, str) else ""
    for paragraph in text.split("\n\n"):
        if paragraph.startswith("\b\n"):
            lines += ["  " + line for line in paragraph.split("\n")[1:]]
        else:
            lines += textwrap.wrap(paragraph, 78, initial_indent="  ", subsequent_indent="  ")
        lines.append("")
    lines += [
        "Options:",
        "  --version   Show the version.",
        "  -h, --help  Show this message and exit.",
    ]
    lines += ["", "Commands:"]
    for info in app.registered_commands:
        doc = (inspect.getdoc(info.callback) or "") if info.callback else ""
        summary = " ".join(doc.split("\n\n", 1)[0].split())
        summary = textwrap.shorten(summary, 62, placeholder="...")
        lines.append(f"  {info.name or '':<14} {summary}")
    return "\n".join(lines) + "\n"


def command_app(args: list[str]) -> typer.Typer:
    """The app to run: for ``timeline CMD ...`` one holding only CMD.

    Typer builds the parameters of every registered command on each start (a few
    milliseconds each); building just the one asked for keeps start-up fast. The
    full app serves ``--help``, ``--version`` and unknown commands.
    """
    found = [c for c in app.registered_commands if args and c.name == args[0]]
    if not found:
        return app
    single = typer.Typer(**SETTINGS)
    single.registered_commands = found
    single.registered_callback = app.registered_callback
    return single
