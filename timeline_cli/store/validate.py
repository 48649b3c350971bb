"""Checks of a whole events file beyond each event's table (``schema.py`` checks those).

The ``[timeline]`` header and the top-level keys, every problem of a file located
and reported at once, and ids: derived ones made unique within a file, any id
twice across the loaded files refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from timeline_cli.errors import InvalidFileError, Problem
from timeline_cli.ids import unique_id
from timeline_cli.model import Event
from timeline_cli.suggest import did_you_mean
from timeline_cli.zones import iana_zone, suggestion

HEADER_FIELDS = ("title", "timezone")
DEFAULT_ZONE = ZoneInfo("UTC")
TOP_LEVEL = ("timeline", "events")


class FileProblems(InvalidFileError):
    """An events file with schema problems; ``problems`` holds every one, located."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)


def unique_ids(events: list[Event], tables: list[dict[str, Any]]) -> list[Event]:
    """Give derived ids a ``-2``, ``-3``... suffix where they collide (file order)."""
    explicit = {t["id"] for t in tables if isinstance(t.get("id"), str)}
    seen: set[str] = set()
    result: list[Event] = []
    for event, table in zip(events, tables, strict=True):
        if not isinstance(table.get("id"), str):
            event = replace(event, id=unique_id(event.id, seen | explicit))
        seen.add(event.id)
        result.append(event)
    return result


def not_tables(path: Path) -> Problem:
    return Problem("events", "`events` must be an array of tables ([[events]])", path)


def located(
    problems: Sequence[Problem],
    path: Path,
    table: Mapping[str, Any],
    line: int,
    keys: Mapping[str, int],
) -> list[Problem]:
    """An event's problems (from ``schema``) with the file, the event and the lines:
    ``line`` is its header's (0: unknown), ``keys`` the line of each of its keys."""
    label = event_label(table)
    return [
        replace(
            problem,
            path=path,
            line=keys.get(problem.field or "", line) or None,
            event=label,
            event_line=line or None,
        )
        for problem in problems
    ]


def event_label(table: Mapping[str, Any]) -> str:
    for key in ("id", "title"):
        value = table.get(key)
        if isinstance(value, str) and value.strip():
            return repr(value if len(value) <= 60 else value[:57] + "...")
    return "(untitled)"


def header_fields(
    path: Path, document: dict[str, Any], problems: list[Problem]
) -> tuple[str | None, tzinfo, str | None]:
    """The header's title and zone (with its name as written); its problems appended."""
    for key in document:
        if key not in TOP_LEVEL:
            hint = did_you_mean(key, TOP_LEVEL)
            problems.append(Problem(key, f"unknown top-level key {key!r}{hint}", path))
    header = document.get("timeline", {})
    if not isinstance(header, dict):
        problems.append(Problem("timeline", "[timeline] must be a table", path))
        return None, DEFAULT_ZONE, None
    for key in header:
        if key not in HEADER_FIELDS:
            hint = did_you_mean(key, HEADER_FIELDS)
            problems.append(Problem(key, f"[timeline]: unknown field {key!r}{hint}", path))
    title = header.get("title")
    if title is not None and not isinstance(title, str):
        problems.append(Problem("title", "[timeline]: title must be a string", path))
        title = None
    zone_name = header.get("timezone")
    if zone_name is None:
        return title, DEFAULT_ZONE, None
    zone = iana_zone(zone_name) if isinstance(zone_name, str) else None
    if zone is None:
        hint = suggestion(str(zone_name), offsets=False)
        message = f"[timeline]: unknown time zone {zone_name!r}{hint}"
        problems.append(Problem("timezone", message, path))
        return title, DEFAULT_ZONE, None
    return title, zone, zone_name


def check_duplicates(events: Sequence[Event]) -> None:
    """Refuse the same id twice across the loaded files."""
    first: dict[str, Event] = {}
    for event in events:
        other = first.setdefault(event.id, event)
        if other is not event:
            raise InvalidFileError(duplicate(event, other))


class Placed(Protocol):
    """An id and where it is written (an event, or the id of an invalid one)."""

    @property
    def id(self) -> str: ...
    @property
    def file(self) -> Path | None: ...
    @property
    def line(self) -> int | None: ...


def duplicate(event: Placed, first: Placed) -> Problem:
    """``event`` has the id ``first`` had already: a problem at ``event``."""
    at = Problem(None, "", first.file, first.line).where()
    message = f"duplicate id {event.id!r} (first defined at {at})"
    return Problem("id", message, event.file, event.line)
