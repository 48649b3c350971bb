"""Safe writes to an events file (README 'Writing safety').

Under an exclusive sidecar lock: re-read the file, build the new text, parse it again
with the reader's own code, write a temporary file in the same folder, fsync, and
``os.replace`` it. A crash leaves the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timezone, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

import tomli
import tomli_w

from timeline_cli.errors import InvalidFileError, TimelineError, UsageError, WriteError
from timeline_cli.layout import event_blocks, event_lines, key_spans
from timeline_cli.model import Event, Precision, TimeValue
from timeline_cli.schema import ProblemList, event_from_table, unique_id
from timeline_cli.store import FileData, extended, load_bytes, load_file, remember
from timeline_cli.zones import zone_name

LOCK_TIMEOUT = 30.0
_TABLE_LINE = re.compile(r"^[ \t]*\[", re.MULTILINE)  # a table header, or inside a value


def lock_path(path: Path) -> Path:
    """The sidecar lock file of an events file: ``.events.toml.lock`` beside it."""
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the exclusive lock of ``path``; WriteError on timeout or an unwritable folder.

    The lock is ``flock`` on the sidecar file: the kernel releases it when the holder
    exits or is killed, so a crash never leaves a stale lock. (The ``filelock``
    package does the same on POSIX, but importing it costs 30-60 ms: a tenth of an
    ``add``; it remains the fallback where ``fcntl`` does not exist.)
    """
    from timeline_cli.settings import current

    timeout = current().lock_timeout
    try:
        release = _acquire(lock_path(path), timeout)
    except TimeoutError:
        raise WriteError(
            f"{path} is locked by another timeline command (waited {timeout:g} s); try again"
        ) from None
    except OSError as exc:
        raise WriteError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        release()


def _acquire(lock: Path, timeout: float) -> Callable[[], None]:
    """Take the lock on the file ``lock`` (created if needed); return its release."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        from filelock import FileLock, Timeout

        other = FileLock(str(lock), timeout=timeout)
        try:
            other.acquire()
        except Timeout:
            raise TimeoutError from None
        return other.release
    deadline = time.monotonic() + timeout
    pause = 0.002
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise TimeoutError from None
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
            continue
        except BaseException:
            os.close(fd)
            raise
        # Someone may have deleted the lock file while we waited: a lock on the
        # unlinked file would exclude nobody, so take the lock again on the new one.
        try:
            same = lock.stat().st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return lambda: os.close(fd)
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temp file in the same folder, fsync, rename)."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).chmod(mode)
        Path(temp).replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    _fsync_folder(path.parent)


def _clear_leftovers(target: Path) -> None:
    """Delete temporary files that writers killed mid-write left beside ``target``.

    Only a writer holding the lock makes them, and we hold it: any still there
    belong to a process that died before its ``os.replace``.
    """
    pattern = f"{glob.escape(f'.{target.name}.')}{'?' * 8}.tmp"
    for leftover in target.parent.glob(pattern):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def time_to_toml(value: TimeValue, event_zone: str) -> Any:
    """A time value as the TOML value that reads back as the same value."""
    if value.precision is Precision.YEAR:
        return f"{value.day.year:04d}"
    if value.precision is Precision.MONTH:
        return f"{value.day.year:04d}-{value.day.month:02d}"
    if value.moment is None:
        return value.day
    moment = value.moment
    if value.exact or zone_name(moment.tzinfo or UTC) != event_zone:
        offset = moment.utcoffset()
        return datetime.combine(moment.date(), moment.time(), timezone(offset or moment - moment))
    return moment.replace(tzinfo=None, fold=0)


def event_table(event: Event) -> dict[str, Any]:
    """The ``[[events]]`` table of an event, in the documented field order."""
    name = zone_name(event.zone)
    table: dict[str, Any] = {"id": event.id, "title": event.title}
    table["start"] = time_to_toml(event.start, name)
    if event.end is not None:
        table["end"] = time_to_toml(event.end, name)
    if event.has_zone:
        table["timezone"] = name
    for key in ("tags", "people"):
        if getattr(event, key):
            table[key] = list(getattr(event, key))
    for key in ("location", "url", "source", "description", "repeat"):
        if getattr(event, key) is not None:
            table[key] = getattr(event, key)
    if event.exceptions:
        table["except"] = [time_to_toml(value, name) for value in event.exceptions]
    if event.uid is not None:
        table["uid"] = event.uid
    return table


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
                raise UsageError(f"id {event.id!r} is already used; choose another --id")
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
        _clear_leftovers(target)
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
    data = _replaced(old, before, edits) if edits else old
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


def _table_text(event: Event, crlf: bool) -> str:
    # The table's keys under our own header: tomli_w would write a short array of
    # tables inline (``events = [{...}]``), which cannot follow [[events]].
    lines = ["[[events]]"]
    for key, value in event_table(event).items():
        lines += [line.removesuffix("\r") for line in _lines(key, value, crlf)]
    text = "\n".join(lines) + "\n"
    return text.replace("\n", "\r\n") if crlf else text


def _appended_text(old: bytes, event: Event) -> str:
    crlf = b"\r\n" in old
    if not old.strip():
        separator = ""
    elif old.endswith(b"\n"):
        separator = "\n"
    else:
        separator = "\n\n"
    return (separator.replace("\n", "\r\n") if crlf else separator) + _table_text(event, crlf)


def _replaced(old: bytes, before: FileData, edits: dict[str, Event | None]) -> bytes:
    """``old`` with the blocks of edited events rewritten (None: removed), nothing else
    touched. A removed event takes along the comment lines right above its header."""
    bom = b"\xef\xbb\xbf" if old.startswith(b"\xef\xbb\xbf") else b""
    text = old[len(bom) :].decode("utf-8")
    crlf = "\r\n" in text
    lines = text.split("\n")
    blocks = event_blocks(text)
    if len(blocks) != len(before.events):
        raise InvalidFileError(
            f"cannot edit {before.path}: its events are not all [[events]] tables"
        )
    for event, (first, end) in reversed(list(zip(before.events, blocks, strict=True))):
        if event.id not in edits:
            continue
        new = edits[event.id]
        if new is None:
            _cut(lines, first, end)
            continue
        lines[first - 1 : end - 1] = _patched(lines[first - 1 : end - 1], event, new, crlf)
    return bom + "\n".join(lines).encode("utf-8")


def _patched(block: list[str], old: Event, new: Event, crlf: bool) -> list[str]:
    """The block of ``old`` with only the lines of changed fields rewritten.

    Unchanged fields keep their lines byte for byte (comments and odd spacing too);
    a changed field's lines are replaced by tomli-w's, a cleared one's removed, and a
    new one (or an id that was only derived) is added after the last field.
    """
    before, after = event_table(old), event_table(new)
    spans = key_spans(block)
    replace_at: dict[int, list[str]] = {}
    dropped: set[int] = set()
    added: list[str] = []
    for key in dict.fromkeys([*after, *before]):
        if before.get(key) == after.get(key) and (key in spans or key not in after):
            continue
        lines = _lines(key, after[key], crlf) if key in after else []
        if key in spans:
            start, end = spans[key]
            dropped.update(range(start, end))
            replace_at[start] = lines
        else:
            added += lines
    tail = max((end for _, end in spans.values()), default=1)
    result: list[str] = []
    for index, line in enumerate(block):
        if index == tail:
            result += added
            added = []
        if index in replace_at:
            result += replace_at[index]
        elif index not in dropped:
            result.append(line)
    return result + added


def _lines(key: str, value: Any, crlf: bool) -> list[str]:
    """``key = value`` as tomli-w writes it; a short list of strings on one line, the
    way people write tags (each string still escaped by tomli-w)."""
    # A CR inside a multi-line string would be read back as a plain newline.
    multiline = not crlf and not (isinstance(value, str) and "\r" in value)
    text = tomli_w.dumps({key: value}, multiline_strings=multiline)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = [tomli_w.dumps({"x": v})[4:-1] for v in value]
        inline = f"{key} = [{', '.join(items)}]"
        if len(inline) <= 88:
            text = inline + "\n"
    lines = text.split("\n")[:-1]
    return [line + "\r" for line in lines] if crlf else lines


def _cut(lines: list[str], first: int, end: int) -> None:
    """Delete lines first..end-1 (1-based) and the comments right above; keep one blank."""
    start = first - 1
    while start > 0 and lines[start - 1].strip().startswith("#"):
        start -= 1
    del lines[start : end - 1]
    blank_before = start > 0 and not lines[start - 1].strip()
    if blank_before and (start >= len(lines) or not lines[start].strip()):
        del lines[start - 1]


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
        root = tomli.loads(text[: first.start()] if first else text)
        tables = tomli.loads(text[text.rfind("\n") + 1 :] + new).get("events")
    except (tomli.TOMLDecodeError, RecursionError):
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
