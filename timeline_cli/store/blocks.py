"""One event's block as text: cut out for ``edit --editor``, put back as the user wrote it.

The block is the event's lines from its ``[[events]]`` header to the next table's,
less the blank and comment lines that introduce that one (``spans.event_blocks``).
Putting it back is a write like every other (README 'Writing safety'): under the
writers' lock the file is read again; when the block is no longer the text the
editor was given, nothing is written (``BlockChanged``); otherwise the new lines
replace it, every other byte stays, the whole text is parsed again and compared
event by event with what was meant, and the file is replaced atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from timeline_cli.errors import InvalidFileError, TimelineError, UsageError, WriteError
from timeline_cli.model import Event
from timeline_cli.store.atomic import atomic_write, clear_leftovers
from timeline_cli.store.files import FileData, load_bytes, load_file, read_bytes, remember
from timeline_cli.store.lock import locked
from timeline_cli.store.spans import event_blocks

_BOM = b"\xef\xbb\xbf"


class BlockChanged(WriteError):
    """The event's block on disk is not the text the editor was given any more."""


def read_block(path: Path, event_id: str) -> list[str]:
    """The lines of the event's block as written (no line ends; comments kept)."""
    raw = read_bytes(path)
    lines = _lines(raw)
    span = _span(path, lines, load_bytes(path, raw), event_id)
    if span is None:
        raise UsageError(f"no event with id {event_id!r} in {path}")
    return _text(lines, span)


def write_block(
    path: Path,
    event_id: str,
    shown: list[str],
    new: list[str],
    make: Callable[[FileData], Event],
) -> Event:
    """Put ``new`` in place of the event's block, which must still be ``shown``.

    ``make`` gives the event the new lines stand for, from the file as read under
    the lock (its zone). Returns the event as stored.
    """
    target = path.resolve() if path.is_symlink() else path
    with locked(target):
        clear_leftovers(target)
        raw, data, after, event = _applied(path, read_bytes(target), event_id, shown, new, make)
        if data != raw:
            atomic_write(target, data)
            remember(path, data, after)
    return event


def preview_block(
    path: Path,
    event_id: str,
    shown: list[str],
    new: list[str],
    make: Callable[[FileData], Event],
) -> tuple[bytes, bytes, Event]:
    """The file's bytes now and as ``write_block`` would write them, and the event."""
    raw, data, _, event = _applied(path, read_bytes(path), event_id, shown, new, make)
    return raw, data, event


def _applied(
    path: Path,
    raw: bytes,
    event_id: str,
    shown: list[str],
    new: list[str],
    make: Callable[[FileData], Event],
) -> tuple[bytes, bytes, FileData, Event]:
    """(old bytes, new bytes, the new file parsed and checked, the event as stored)."""
    before = load_bytes(path, raw)
    lines = _lines(raw)
    span = _span(path, lines, before, event_id)
    if span is None or _text(lines, span) != shown:
        raise BlockChanged(f"{path} changed while you edited")
    first, end = span
    event = make(before)
    tail = "\r" if b"\r\n" in raw else ""
    block = [line + tail for line in new]
    if end - 1 == len(lines) and block:  # the last line of a file without a final newline
        block[-1] = block[-1].removesuffix("\r")
    lines[first - 1 : end - 1] = block
    bom = _BOM if raw.startswith(_BOM) else b""
    data = bom + "\n".join(lines).encode("utf-8")
    after = _checked(path, before, event_id, event, data)
    return raw, data, after, next(e for e in after.events if e.id == event.id)


def _lines(raw: bytes) -> list[str]:
    """The file's lines, split at LF (a CR stays at the end of its line)."""
    return raw.removeprefix(_BOM).decode("utf-8").split("\n")


def _text(lines: list[str], span: tuple[int, int]) -> list[str]:
    """The lines of a block without their line ends."""
    return [line.removesuffix("\r") for line in lines[span[0] - 1 : span[1] - 1]]


def _span(path: Path, lines: list[str], before: FileData, event_id: str) -> tuple[int, int] | None:
    """(first line, line after the last) of the event's block, 1-based; None: no such event."""
    blocks = event_blocks("\n".join(lines))
    if len(blocks) != len(before.events):
        raise InvalidFileError(f"cannot edit {path}: its events are not all [[events]] tables")
    for event, span in zip(before.events, blocks, strict=True):
        if event.id == event_id:
            return span
    return None


def _checked(path: Path, before: FileData, event_id: str, event: Event, data: bytes) -> FileData:
    """Parse the new text with the reader's code and compare it event by event."""
    try:
        after = load_file(path, data)
    except TimelineError as exc:
        raise InvalidFileError(
            f"cannot write {path}: the result would not read back ({exc.message})"
        ) from None
    expected = [event if e.id == event_id else e for e in before.events]
    if after.events != expected:
        raise WriteError(f"cannot write {path}: the events would not read back as given")
    return after
