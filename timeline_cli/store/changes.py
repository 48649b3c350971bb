"""Changes to an events file: append, replace, remove events (README 'Writing safety').

Under an exclusive sidecar lock: re-read the file, build the new text (appended
tables after the existing bytes, edited blocks patched in place), parse it again
with the reader's own code and check it event by event, then replace the file
atomically. A crash leaves the old file or the new one, never a mix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path
from typing import NamedTuple

from timeline_cli.errors import InvalidFileError, TimelineError, UsageError, WriteError
from timeline_cli.ids import unique_id
from timeline_cli.model import Event
from timeline_cli.schema import ProblemList, event_from_table
from timeline_cli.store.atomic import atomic_write, clear_leftovers
from timeline_cli.store.codec import parse_toml, table_text
from timeline_cli.store.files import FileData, extended, load_bytes, load_file, remember
from timeline_cli.store.lock import locked
from timeline_cli.store.patch import replaced
from timeline_cli.store.spans import event_lines

_TABLE_LINE = re.compile(r"^[ \t]*\[", re.MULTILINE)  # a table header, or inside a value


def new_file_header(zone: str | None) -> str:
    """The text of a new events file, before its first event."""
    lines = [
        "# Timeline events. Edit by hand as you like: timeline keeps comments and layout.",
        "[timeline]",
        'title = "Timeline"',
    ]
    if zone:
        lines.append(f'timezone = "{zone}"')
    return "\n".join(lines) + "\n"


class Change(NamedTuple):
    """What to do to one file: events to append, to put in place of others, to remove."""

    add: list[Event]
    replace: dict[str, Event]  # id of an event in the file -> its new version
    remove: frozenset[str] = frozenset()  # ids of events to take out, with their comments


def append_event(
    path: Path,
    make: Callable[[FileData], Event],
    *,
    id_given: bool,
    other_ids: set[str],
    header_zone: str | None,
    create_folder: bool = False,
) -> Event:
    """Append the event ``make`` builds from the current file (read under the lock).

    The file is created with a header if missing. Returns the event as stored.
    """

    def change(before: FileData) -> Change:
        event = make(before)
        taken = {e.id for e in before.events} | other_ids
        if event.id in taken:
            if id_given:
                raise UsageError(f"id {event.id!r} is already used", fix="id")
            event = replace(event, id=unique_id(event.id, taken))
        return Change([event], {})

    after = write_change(path, change, header_zone=header_zone, create_folder=create_folder)
    return after.events[-1]


def write_change(
    path: Path,
    plan: Callable[[FileData], Change],
    *,
    header_zone: str | None,
    create_folder: bool = False,
) -> FileData:
    """Apply the change ``plan`` makes from the file as read under the lock.

    Appended events go after the existing bytes; a replaced event's lines (its
    ``[[events]]`` block) are the only other lines that change. The result is parsed
    again and checked event by event before it replaces the file atomically.
    Returns the file as written.
    """
    target = _writable(path, create_folder)
    with locked(target):
        clear_leftovers(target)
        old, data, after = _applied(path, _read_existing(target), plan, header_zone)
        if data != old:
            atomic_write(target, data)
            remember(path, data, after)
    return after


def preview_change(path: Path, plan: Callable[[FileData], Change]) -> tuple[bytes, bytes]:
    """The file's bytes now and as ``write_change`` would write them (for --dry-run)."""
    old, data, _ = _applied(path, _read_existing(path), plan, None)
    return old, data


def _applied(
    path: Path, old: bytes | None, plan: Callable[[FileData], Change], header_zone: str | None
) -> tuple[bytes, bytes, FileData]:
    """(old bytes, new bytes, the new file parsed and checked) for a change."""
    if old is None:
        old = new_file_header(header_zone).encode("utf-8")
        before = load_file(path, old)
    else:
        before = load_bytes(path, old)
    change = plan(before)
    edits: dict[str, Event | None] = {**change.replace, **dict.fromkeys(change.remove)}
    data = replaced(old, before, edits) if edits else old
    for event in change.add:
        data += _appended_text(data, event).encode("utf-8")
    if not edits and change.add:
        appended = _check_append(path, before, change.add, old, data)
        if appended is not None:
            return old, data, appended
    return old, data, _check_change(path, before, change, data)


def _writable(path: Path, create_folder: bool) -> Path:
    """The real file to write (through a symlink); WriteError if it cannot be."""
    target = path.resolve() if path.is_symlink() else path
    if create_folder:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"cannot create {target.parent}: {exc.strerror or exc}") from None
    if target.exists() and not target.is_file():
        kind = "a directory" if target.is_dir() else "not a regular file"
        raise WriteError(f"cannot write {path}: it is {kind}")
    if not create_folder and not target.parent.is_dir():
        why = "is not a folder" if target.parent.exists() else "does not exist"
        raise WriteError(f"cannot write {path}: {target.parent} {why}")
    return target


def _read_existing(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteError(f"cannot read {path}: {exc.strerror or exc}") from None


def _appended_text(old: bytes, event: Event) -> str:
    crlf = b"\r\n" in old
    if not old.strip():
        separator = ""
    elif old.endswith(b"\n"):
        separator = "\n"
    else:
        separator = "\n\n"
    return (separator.replace("\n", "\r\n") if crlf else separator) + table_text(event, crlf)


def _check_append(
    path: Path, before: FileData, added: list[Event], old: bytes, data: bytes
) -> FileData | None:
    """Check an append without parsing the old text again; None when it cannot tell
    or something is wrong (the full check then says what).

    ``old`` has just been parsed (or its exact bytes were, by the parse cache), so
    only two things can go wrong: ``events`` defined some other way than by
    ``[[events]]`` headers (then a new ``[[events]]`` would be a TOML error) and the
    new text itself. TOML allows a root ``events`` key only above the first table
    header, so if that root part parses on its own without one, every ``events``
    came from headers; a cut inside a multi-line value never parses on its own. The
    appended text is parsed together with the old last line (which it follows) and
    each new event compared with what was meant.
    """
    text, new = old.decode("utf-8-sig"), data[len(old) :].decode("utf-8")
    first = _TABLE_LINE.search(text)
    try:
        root = parse_toml(path, text[: first.start()] if first else text)
        tables = parse_toml(path, text[text.rfind("\n") + 1 :] + new).get("events")
    except InvalidFileError:  # a TOML syntax error, or nested past tomli's limits
        return None
    if "events" in root or not isinstance(tables, list) or len(tables) != len(added):
        return None
    offset = text.count("\n")
    lines = [number + offset for number, _ in event_lines(new)]
    if len(lines) != len(added):
        return None
    written = []
    for table, event, line in zip(tables, added, lines, strict=True):
        try:
            stored = event_from_table(table, before.zone, file=path, line=line)
        except ProblemList:
            return None
        if stored != _as_stored(event, before.zone):
            return None
        written.append(stored)
    return extended(before, written)


def _as_stored(event: Event, file_zone: tzinfo) -> Event:
    """How ``event`` reads back from a file whose default zone is ``file_zone``."""
    return event if event.has_zone else replace(event, zone=file_zone)


def _check_change(path: Path, before: FileData, change: Change, data: bytes) -> FileData:
    """Parse the new text with the reader's code and compare it event by event."""
    try:
        after = load_file(path, data)
    except TimelineError as exc:
        raise InvalidFileError(
            f"cannot write {path}: the result would not read back ({exc.message}); "
            "are its events written as [[events]] tables?"
        ) from None
    kept = [e for e in before.events if e.id not in change.remove]
    expected = [change.replace.get(e.id, e) for e in kept] + change.add
    expected = [_as_stored(e, after.zone) for e in expected]
    if after.events != expected:
        raise WriteError(f"cannot write {path}: the events would not read back as given")
    return after
