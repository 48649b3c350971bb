"""JSON: one self-contained document, a stable contract for scripts (README "JSON format").

``{"version": 1, "timeline": {"title": ...}, "events": [...]}``. Every event has
the same keys in the same order; an absent value is ``null`` (lists are ``[]``), so
consumers never test for a missing key. ``precision`` and ``all_day`` are for
consumers only and are ignored on import. Reading also accepts a bare list of events.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from timeline_cli.errors import InvalidFileError
from timeline_cli.formats import Candidate, ExportContext
from timeline_cli.formats.common import iso_to_toml, value_iso, zone_field
from timeline_cli.model import Event
from timeline_cli.suggest import did_you_mean

VERSION = 1
DOCUMENT_KEYS = ("version", "timeline", "events")
EVENT_KEYS = (
    "id",
    "title",
    "start",
    "end",
    "timezone",
    "precision",
    "all_day",
    "tags",
    "people",
    "location",
    "url",
    "source",
    "description",
    "repeat",
    "except",
    "uid",
)
EXPORT_ONLY = frozenset({"precision", "all_day"})


def export(events: Sequence[Event], context: ExportContext) -> bytes:
    """The JSON document of ``events`` (UTF-8, indented, ending with a newline)."""
    document = {
        "version": VERSION,
        "timeline": {"title": context.title},
        "events": [event_object(event) for event in events],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def event_object(event: Event) -> dict[str, Any]:
    """One event as a JSON object with the keys of ``EVENT_KEYS``, in that order."""
    return {
        "id": event.id,
        "title": event.title,
        "start": value_iso(event.start, event),
        "end": value_iso(event.end, event) if event.end is not None else None,
        "timezone": zone_field(event),
        "precision": event.start.precision.name.lower(),
        "all_day": not event.start.timed,
        "tags": list(event.tags),
        "people": list(event.people),
        "location": event.location,
        "url": event.url,
        "source": event.source,
        "description": event.description,
        "repeat": event.repeat,
        "except": [value_iso(value, event) for value in event.exceptions],
        "uid": event.uid,
    }


def read(data: bytes, name: str) -> list[Candidate]:
    """The events of a JSON export (or of a bare list of event objects) as candidates."""
    document = _parse(data, name)
    if isinstance(document, list):
        items = document
    elif isinstance(document, dict):
        items = _events_of(document, data, name)
    else:
        raise InvalidFileError(
            f"{name}:1: expected a JSON object with 'version' and 'events' "
            f"(or a list of events), not {_kind(document)}"
        )
    candidates = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InvalidFileError(f"{name}: event {number} is {_kind(item)}, not an object")
        candidates.append(Candidate(table_of(item), f"event {number}"))
    return candidates


def table_of(item: dict[str, Any]) -> dict[str, Any]:
    """A JSON event → the TOML-shaped table the schema checks (unknown keys are kept,
    so the schema names them; nulls are absent values; times become TOML values)."""
    zone = item.get("timezone")
    table: dict[str, Any] = {}
    for key, value in item.items():
        if key in EXPORT_ONLY or value is None or (key == "except" and value == []):
            continue
        if key in ("start", "end") and isinstance(value, str):
            value = _time(value, zone if isinstance(zone, str) else None)
        elif key == "except" and isinstance(value, list):
            value = [
                _time(v, zone if isinstance(zone, str) else None) if isinstance(v, str) else v
                for v in value
            ]
        table[key] = value
    return table


def _time(text: str, zone: str | None) -> Any:
    """ISO text → TOML value; the text itself when it is not one (the schema says why)."""
    try:
        return iso_to_toml(text, zone)
    except (ValueError, OverflowError):
        return text


def _parse(data: bytes, name: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidFileError(f"{name}:{line}: not UTF-8 text (byte {exc.start + 1})") from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise InvalidFileError(
            f"{name}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})"
        ) from None
    except _DuplicateKey as exc:
        raise InvalidFileError(f"{name}: key {exc.args[0]!r} appears twice in one object") from None
    except (ValueError, RecursionError) as exc:
        raise InvalidFileError(f"{name}: invalid JSON: {exc}") from None


class _DuplicateKey(Exception):
    """A key given twice in one JSON object (the later value would silently win)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _events_of(document: dict[str, Any], data: bytes, name: str) -> list[Any]:
    """The ``events`` list of a version-1 document; InvalidFileError for anything else."""
    line = _key_line(data, "version")
    if "version" not in document:
        raise InvalidFileError(
            f"{name}:1: not a timeline JSON export: 'version' is missing (expected {VERSION})"
        )
    version = document["version"]
    if type(version) is not int or version != VERSION:
        raise InvalidFileError(
            f"{name}:{line}: unsupported version {version!r}: this timeline reads version {VERSION}"
        )
    for key in document:
        if key not in DOCUMENT_KEYS:
            raise InvalidFileError(
                f"{name}:{_key_line(data, key)}: unknown top-level key {key!r}"
                + did_you_mean(key, list(DOCUMENT_KEYS))
            )
    if "events" not in document:
        raise InvalidFileError(f"{name}:1: 'events' is missing (a list of event objects)")
    events = document["events"]
    if not isinstance(events, list):
        line = _key_line(data, "events")
        raise InvalidFileError(f"{name}:{line}: 'events' must be a list, not {_kind(events)}")
    return events


def _key_line(data: bytes, key: str) -> int:
    """The line of the first ``"key":`` in the file (1 when not found): for messages."""
    found = re.search(rb'"' + re.escape(key.encode("utf-8")) + rb'"\s*:', data)
    return data[: found.start()].count(b"\n") + 1 if found else 1


def _kind(value: object) -> str:
    """A JSON value's type as people say it: 'a string', 'a number', 'null'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"
