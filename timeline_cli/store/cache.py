"""A cache of parsed events files, so large timelines list fast.

One JSON file per events file under ``$XDG_CACHE_HOME/timeline`` (``~/.cache``).
An entry is used only when the events file's size, mtime *and* content hash match
and it was written by this version of timeline; anything else (stale, corrupt,
unreadable, another version) is ignored and rebuilt. JSON, never pickle: a cache
file that someone else wrote can at worst be wrong, never run code, and even then
the content hash keeps it from being used for any other bytes; a folder or entry
that another user owns or can write to is not used at all. Deleting the folder
is always safe. ``TIMELINE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from timeline_cli import __version__
from timeline_cli.model import Event, Precision, TimeValue
from timeline_cli.zones import zone_name

FORMAT = f"timeline-cache-3/{__version__}"


def entry_path(where: Path, path: Path) -> Path:
    """The cache file of one events file (named by a hash of its absolute path)."""
    key = hashlib.sha256(str(path.absolute()).encode("utf-8", "surrogateescape")).hexdigest()
    return where / f"{key[:32]}.json"


def fingerprint(data: bytes) -> str:
    """The content hash that ties a cache entry to exact bytes."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def private(where: Path) -> bool:
    """True when the cache folder is ours and nobody else can write in it.

    A cache in a shared place (``XDG_CACHE_HOME=/tmp``, a folder another user made)
    is neither read nor written: its entries could be planted.
    """
    try:
        info = where.stat()
    except OSError:
        return False
    return info.st_uid == os.geteuid() and not info.st_mode & 0o022


def read(where: Path, path: Path, data: bytes, stat: os.stat_result) -> dict[str, Any] | None:
    """The cached entry for these exact bytes, or None."""
    try:
        with entry_path(where, path).open("rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_uid != os.geteuid() or info.st_mode & 0o022 or not private(where):
                return None
            entry = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        return None
    same = (entry.get("size"), entry.get("mtime_ns")) == (stat.st_size, stat.st_mtime_ns)
    if not same or entry.get("hash") != fingerprint(data):
        return None
    return entry


def write(where: Path, path: Path, data: bytes, stat: os.stat_result, body: dict[str, Any]) -> None:
    """Store an entry atomically; any failure just means no cache next time."""
    entry = {
        "format": FORMAT,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "hash": fingerprint(data),
        **body,
    }
    with contextlib.suppress(OSError, ValueError):
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not private(where):
            return
        _clear_leftovers(where)
        fd, temp = tempfile.mkstemp(dir=where, prefix=".entry.", suffix=".tmp")
        try:
            # dumps, not dump: json.dump streams through the pure-Python encoder (10x slower)
            text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            Path(temp).replace(entry_path(where, path))
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


STALE_TEMP_S = 3600.0


def _clear_leftovers(where: Path) -> None:
    """Delete temporary entries of processes killed mid-write. Cache writes take no
    lock, so only files older than an hour go: no live process still writes them."""
    cutoff = time.time() - STALE_TEMP_S
    for leftover in where.glob(".entry.*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _time_out(value: TimeValue | None) -> list[Any] | None:
    if value is None:
        return None
    if value.moment is None:
        return [int(value.precision), value.day.isoformat()]
    moment = value.moment if value.exact else value.moment.replace(tzinfo=None)
    return [int(value.precision), value.day.isoformat(), moment.isoformat(), value.exact]


_PRECISIONS = tuple(Precision)  # by value: Precision(n) costs an enum lookup per call


def _time_in(raw: list[Any] | None, zone: tzinfo) -> TimeValue | None:
    if raw is None:
        return None
    precision, day = _PRECISIONS[raw[0]], date.fromisoformat(raw[1])
    if len(raw) == 2:
        return TimeValue(precision, day)
    moment = datetime.fromisoformat(raw[2])
    if not raw[3]:
        moment = moment.replace(tzinfo=zone)
    return TimeValue(precision, day, moment, bool(raw[3]))


def _excepted(rows: list[list[Any]], zone: tzinfo) -> list[TimeValue]:
    found = [_time_in(row, zone) for row in rows]
    return [value for value in found if value is not None]


def events_out(events: list[Event]) -> list[list[Any]]:
    """Events as compact JSON rows."""
    return [
        [
            e.id,
            e.title,
            _time_out(e.start),
            _time_out(e.end),
            zone_name(e.zone),
            e.has_zone,
            list(e.tags),
            list(e.people),
            e.location,
            e.url,
            e.source,
            e.description,
            e.repeat,
            e.line,
            e.uid,
            [_time_out(x) for x in e.exceptions],
        ]
        for e in events
    ]


def events_in(rows: list[list[Any]], path: Path) -> list[Event]:
    """JSON rows back into events (ValueError/TypeError/KeyError if the entry is bad)."""
    events = []
    zones: dict[str, ZoneInfo] = {}
    for row in rows:
        zone = zones.get(row[4]) or zones.setdefault(row[4], ZoneInfo(row[4]))
        start = _time_in(row[2], zone)
        if start is None:
            raise ValueError("an event without start")
        events.append(
            Event(
                id=row[0],
                title=row[1],
                start=start,
                end=_time_in(row[3], zone),
                zone=zone,
                has_zone=row[5],
                tags=tuple(row[6]),
                people=tuple(row[7]),
                location=row[8],
                url=row[9],
                source=row[10],
                description=row[11],
                repeat=row[12],
                file=path,
                line=row[13],
                uid=row[14],
                exceptions=tuple(_excepted(row[15], zone)),
            )
        )
    return events
