"""The commands that change the events file: add, edit, remove."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from timeline_cli.errors import UsageError, WriteError

if TYPE_CHECKING:
    from timeline_cli.model import Event

from timeline_cli.cli.app import app, catch_errors
from timeline_cli.cli.context import display_zone, file_paths
from timeline_cli.cli.options import (
    FileOption,
)


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
    from timeline_cli import settings
    from timeline_cli.compose import NewEvent, build_event
    from timeline_cli.render import print_stored
    from timeline_cli.store import FileData, Timeline, load, load_file, read_header
    from timeline_cli.store.changes import append_event
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
        create_folder=not file and target == settings.current().default_file,
    )
    print_stored(stored, zone=zone, out=sys.stdout, path=target, dry_run=False)


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
    from timeline_cli.query import find
    from timeline_cli.render import print_stored
    from timeline_cli.store import FileData, load, read_header
    from timeline_cli.store.changes import Change, preview_change, write_change

    now = datetime.now(UTC)
    zone = display_zone(None)
    paths = file_paths(file)
    target = paths[0]
    everything = load(paths).events
    old = find(everything, event_id)
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
    from timeline_cli.query import find
    from timeline_cli.store import FileData, load
    from timeline_cli.store.changes import Change, write_change

    paths = file_paths(file)
    target = paths[0]
    everything = load(paths).events
    chosen = [find(everything, event_id) for event_id in dict.fromkeys(event_ids)]
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
