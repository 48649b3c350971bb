"""The events files: finding, reading, decoding and loading them (README 'The events file').

``FileData`` and ``Timeline`` are what a load gives; large files go through the
parse cache (``cache.py``) here. Writing lives in ``changes.py``; both share the
parsing here, so what is written is checked by exactly the code that reads it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from timeline_cli.errors import FileMissingError, InvalidFileError, Problem, WriteError
from timeline_cli.model import Event
from timeline_cli.schema import ProblemList, event_from_table
from timeline_cli.store.codec import parse_toml
from timeline_cli.store.spans import HEADER_LINE, event_lines, header_lines
from timeline_cli.store.validate import (
    DEFAULT_ZONE,
    FileProblems,
    check_duplicates,
    header_fields,
    located,
    not_tables,
    unique_ids,
)

CACHE_MIN_EVENTS = 256
CACHE_MIN_BYTES = 64 * 1024  # below this, parsing is cheaper than importing the cache


class Current:
    """The default of a ``cache`` parameter: the folder the settings name."""


CURRENT = Current()


class FileData(NamedTuple):
    """One parsed events file."""

    path: Path
    title: str | None
    zone: tzinfo
    zone_name: str | None
    events: list[Event]
    # The events as parse-cache rows, when they came from the cache: a writer that
    # appends stores these plus its new rows instead of converting every event again.
    rows: list[Any] | None = None


class Timeline(NamedTuple):
    """The merged events of every loaded file."""

    files: list[FileData]
    events: list[Event]

    @property
    def title(self) -> str | None:
        return next((f.title for f in self.files if f.title), None)


def read_bytes(path: Path) -> bytes:
    """The file's bytes; FileMissingError (exit 3) when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FileMissingError(path) from None
    except IsADirectoryError:
        raise WriteError(f"{path} is a directory, not an events file") from None
    except OSError as exc:
        raise WriteError(f"cannot read {path}: {exc.strerror or exc}") from None


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text (a leading BOM is allowed); InvalidFileError names the line otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidFileError(Problem(None, "not valid UTF-8 text", path, line)) from None


def load_file(path: Path, data: bytes | None = None) -> FileData:
    """Read, parse and validate one events file (ids not yet made unique across files)."""
    raw = read_bytes(path) if data is None else data
    text = decode(path, raw)
    document = parse_toml(path, text)
    problems: list[Problem] = []
    title, zone, zone_name = header_fields(path, document, problems)
    tables = document.get("events", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise InvalidFileError(not_tables(path))
    fast = header_lines(text)
    lines = [(n, {}) for n in fast] if len(fast) == len(tables) else event_lines(text)
    if len(lines) != len(tables):
        lines = [(0, {})] * len(tables)
    careful = False
    events: list[Event] = []
    for index, table in enumerate(tables):
        try:
            event = event_from_table(table, zone, file=path, line=lines[index][0] or None)
        except ProblemList as exc:
            if not careful:
                # Only the slow scan knows each field's line: pay for it on errors only.
                careful, scanned = True, event_lines(text)
                if len(scanned) == len(tables):
                    lines = scanned
            line, keys = lines[index]
            problems.extend(located(exc.problems, path, table, line, keys))
            continue
        events.append(event)
    if problems:
        raise FileProblems(problems)
    return FileData(path, title, zone, zone_name, unique_ids(events, tables))


def read_header(path: Path) -> FileData:
    """Only the ``[timeline]`` header of a file (no events), cheaply; defaults when the
    file is missing or unreadable (the full load under the write lock reports that)."""
    try:
        text = decode(path, path.read_bytes())
        first = HEADER_LINE.search(text)
        head = parse_toml(path, text[: first.start()] if first else text)
    except (OSError, InvalidFileError):
        return FileData(path, None, DEFAULT_ZONE, None, [])
    title, zone, zone_name = header_fields(path, {"timeline": head.get("timeline", {})}, [])
    return FileData(path, title, zone, zone_name, [])


def load(paths: Sequence[Path], cache: Path | Current | None = CURRENT) -> Timeline:
    """Load and merge several files; each event remembers its file.

    ``cache`` is the parse-cache folder (None: no cache; default: the settings').
    """
    files = [_load_one(path, cache) for path in paths]
    events = [event for data in files for event in data.events]
    check_duplicates(events)
    return Timeline(files, events)


def _load_one(path: Path, cache: Path | Current | None) -> FileData:
    """A small file is parsed; a large one goes through the parse cache (if enabled)."""
    return load_bytes(path, read_bytes(path), cache)


def load_bytes(path: Path, data: bytes, cache: Path | Current | None = CURRENT) -> FileData:
    """``load_file`` of bytes already read, through the parse cache when they are large.

    The cache entry is used only for these exact bytes (size, mtime and content hash);
    a miss parses them and stores the result for the next command.
    """
    where = _folder(cache, data)
    if where is None:
        return load_file(path, data)
    from timeline_cli.store import cache as entries

    try:
        stat = path.stat()
    except OSError:
        return load_file(path, data)
    entry = entries.read(where, path, data, stat)
    if entry is not None:
        try:
            zone_key = entry["zone_name"]
            zone = ZoneInfo(zone_key) if zone_key else DEFAULT_ZONE
            events = entries.events_in(entry["events"], path)
            return FileData(path, entry["title"], zone, zone_key, events, entry["events"])
        except (KeyError, TypeError, ValueError, IndexError, OSError):
            pass
    result = load_file(path, data)
    _store(where, path, data, stat, result)
    return result


def extended(before: FileData, added: list[Event]) -> FileData:
    """``before`` with ``added`` appended (their cache rows too, when it has rows)."""
    rows = None
    if before.rows is not None:
        from timeline_cli.store.cache import events_out

        rows = [*before.rows, *events_out(added)]
    return before._replace(events=[*before.events, *added], rows=rows)


def remember(
    path: Path, data: bytes, result: FileData, cache: Path | Current | None = CURRENT
) -> None:
    """Cache ``result`` as the parse of ``data``, just written to ``path`` (best effort).

    Writers call this, so the command after an ``add`` or ``edit`` starts warm.
    """
    where = _folder(cache, data)
    if where is None:
        return
    try:
        stat = path.stat()
    except OSError:
        return
    _store(where, path, data, stat, result)


def _folder(cache: Path | Current | None, data: bytes) -> Path | None:
    """The cache folder to use for ``data`` (None: small, or caching is off)."""
    if len(data) < CACHE_MIN_BYTES:
        return None
    if isinstance(cache, Current):
        from timeline_cli.settings import current

        return current().cache
    return cache


def _store(where: Path, path: Path, data: bytes, stat: os.stat_result, result: FileData) -> None:
    if len(result.events) < CACHE_MIN_EVENTS:
        return
    from timeline_cli.store import cache

    rows = result.rows if result.rows is not None else cache.events_out(result.events)
    body = {"title": result.title, "zone_name": result.zone_name, "events": rows}
    cache.write(where, path, data, stat, body)
