"""Import: candidates read from another file → validated events → what to add, update, skip.

Pure: reading the input file is the caller's job, writing goes through the writer.
Every candidate is validated by the same schema code that reads events files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from timeline_cli.errors import InvalidFileError
from timeline_cli.formats import Candidate
from timeline_cli.ids import unique_id
from timeline_cli.model import FIELDS, Event
from timeline_cli.schema import ProblemList, event_from_table
from timeline_cli.zones import iana_zone, zone_name


class Checked(NamedTuple):
    """The valid events of an import file, and what was wrong or left out."""

    events: list[Event]
    invalid: list[str]  # "row 4 (line 5): field 'start': ..." for events not imported
    notes: list[str]  # "event 3 (UID x): EXDATE 2024-03-01 not kept"


class Plan(NamedTuple):
    """What an import does to the timeline."""

    add: list[Event]
    update: list[Event]  # new versions of events already in the target file
    unchanged: list[Event]  # known ids, skipped (same event, or no --update)
    elsewhere: list[Event]  # known ids in another loaded file: never written there
    previous: dict[str, Event]  # id → the stored version of each event in ``update``


def check(
    candidates: Sequence[Candidate], default_zone: tzinfo, *, skip_invalid: bool, name: str
) -> Checked:
    """Validate every candidate; InvalidFileError on the first bad one unless skipping."""
    events: list[Event] = []
    invalid: list[str] = []
    notes: list[str] = []
    seen: set[str] = set()
    for candidate in candidates:
        if not candidate.table:
            notes.extend(f"{candidate.where}: {note}" for note in candidate.notes)
            continue
        table = _with_zone(_clean(candidate.table), default_zone)
        try:
            event = event_from_table(table, default_zone)
        except ProblemList as exc:
            reasons = "; ".join(
                f"field '{p.field}': {p.message}" if p.field else p.message for p in exc.problems
            )
            why = "".join(f" ({note})" for note in candidate.notes)  # the reader's reasons
            message = f"{name}: {candidate.where}: {reasons}{why}"
            if not skip_invalid:
                raise InvalidFileError(message, fix="skip-invalid") from None
            invalid.append(message)
            continue
        if event.id in seen:
            if "id" in table:
                notes.append(f"{candidate.where}: id {event.id!r} appears twice; kept the first")
                continue
            event = replace(event, id=unique_id(event.id, seen))
        seen.add(event.id)
        events.append(event)
        notes.extend(f"{candidate.where}: {note}" for note in candidate.notes)
    return Checked(events, invalid, notes)


def _clean(table: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty values, which the schema would otherwise read as present."""
    return {k: v for k, v in table.items() if v is not None and v != [] and v != ""}


def _with_zone(table: dict[str, Any], default_zone: tzinfo) -> dict[str, Any]:
    """A wall time without a zone is in the timeline's zone, written explicitly so the
    stored event does not depend on the file's header."""
    start = table.get("start")
    name = zone_name(default_zone)
    naive = isinstance(start, datetime) and start.tzinfo is None
    if naive and "timezone" not in table and iana_zone(name) is not None:
        table["timezone"] = name
    return table


def plan(
    events: Sequence[Event], target: Sequence[Event], others: Sequence[Event], *, update: bool
) -> Plan:
    """Sort imported events into add / update / unchanged / elsewhere by id."""
    mine = {e.id: e for e in target}
    theirs = {e.id for e in others}
    result = Plan([], [], [], [], {})
    for event in events:
        if event.id in theirs:
            result.elsewhere.append(event)
        elif event.id not in mine:
            result.add.append(event)
        elif update and not same(mine[event.id], event):
            result.update.append(event)
            result.previous[event.id] = mine[event.id]
        else:
            result.unchanged.append(event)
    return result


def same(one: Event, other: Event) -> bool:
    """Equal as stored: the zone of an event without its own zone is the file's, so
    an import naming that same zone (as every export does) changes nothing."""
    if not one.has_zone and (not other.has_zone or zone_name(other.zone) == zone_name(one.zone)):
        other = replace(other, zone=one.zone, has_zone=False)
    if one.repeat != other.repeat and _rule_parts(one.repeat) == _rule_parts(other.repeat):
        other = replace(other, repeat=one.repeat)  # the same rule, its parts in another order
    return one == other


def _rule_parts(repeat: str | None) -> frozenset[str] | None:
    """An RRULE's parts, whatever their order (calendars reorder them)."""
    if repeat is None or "=" not in repeat:
        return None
    return frozenset(part.strip().upper() for part in repeat.split(";") if part.strip())


def changes(old: Event, new: Event, width: int = 60) -> list[str]:
    """The fields an update changes, one ``field: old → new`` line each (values shortened)."""
    from timeline_cli.store.codec import event_table

    before, after = event_table(old), event_table(new)
    lines = []
    for key in (*FIELDS, *sorted((set(before) | set(after)) - set(FIELDS))):
        old_value, new_value = before.get(key), after.get(key)
        if old_value != new_value:
            lines.append(f"{key}: {_short(old_value, width)} → {_short(new_value, width)}")
    return lines


def _short(value: Any, width: int) -> str:
    """A TOML value for a change line: '(none)' when absent, cut to ``width`` characters."""
    if value is None:
        return "(none)"
    if isinstance(value, list):
        text = "[" + ", ".join(_short(item, width) for item in value) + "]"
    elif isinstance(value, str):
        text = repr(value)
    else:
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"
