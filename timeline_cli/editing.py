"""The options of ``edit`` applied to one event: a new, validated version of it.

The event's stored table is changed field by field and validated by the same code
that reads files; the writer then rewrites only the lines of the changed fields.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from timeline_cli.compose import (
    OPTION_OF,
    check_repeat,
    event_zone,
    exception_values,
    parse_time,
)
from timeline_cli.errors import UsageError
from timeline_cli.model import FIELDS, Event
from timeline_cli.schema import ProblemList, event_from_table
from timeline_cli.store.codec import event_table, time_to_toml
from timeline_cli.zones import zone_name

CLEARABLE = tuple(f for f in FIELDS if f not in ("id", "title", "start"))


class EventEdit(NamedTuple):
    """What ``edit`` was asked to change (None: leave as it is)."""

    title: str | None = None
    start: str | None = None
    end: str | None = None
    zone: str | None = None
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    add_people: tuple[str, ...] = ()
    remove_people: tuple[str, ...] = ()
    texts: tuple[tuple[str, str], ...] = ()  # (field, value) for location, url, ...
    repeat: str | None = None
    exceptions: tuple[str, ...] = ()  # occurrences to skip, added to ``except``
    new_id: str | None = None
    clear: tuple[str, ...] = ()


def edit_event(old: Event, edit: EventEdit, *, now: datetime, file_zone: tzinfo) -> Event:
    """The edited event; UsageError (exit 2) names the bad option."""
    table: dict[str, Any] = event_table(old)
    for name in edit.clear:
        if name not in CLEARABLE:
            raise UsageError(f"--clear {name!r}: not a field that can be cleared")
        table.pop(name, None)
    zone = old.zone
    if edit.zone is not None:
        zone = event_zone(edit.zone)
        table["timezone"] = zone_name(zone)
    for field, text in (("start", edit.start), ("end", edit.end)):
        if text is None:
            continue
        value, named = parse_time(text, zone, now, f"--{field}")
        if field == "start" and named is not None and edit.zone is None:
            zone = named
            table["timezone"] = zone_name(zone)
        table[field] = time_to_toml(value, zone_name(zone))
    table.update(edit.texts)
    if edit.title is not None:
        table["title"] = edit.title
    _labels(table, "tags", edit.add_tags, edit.remove_tags)
    _labels(table, "people", edit.add_people, edit.remove_people)
    if edit.repeat is not None:
        table["repeat"] = edit.repeat
    if edit.exceptions:
        added = exception_values(edit.exceptions, zone, now)
        table["except"] = [*table.get("except", []), *added]
    if edit.new_id is not None:
        table["id"] = edit.new_id
    try:
        event = event_from_table(table, file_zone)
    except ProblemList as exc:
        problem = exc.problems[0]
        option = OPTION_OF.get(problem.field or "", f"--{problem.field}")
        raise UsageError(f"{option}: {problem.message}") from None
    if event.repeat is not None:
        check_repeat(event)
    return event


def _labels(table: dict[str, Any], key: str, add: tuple[str, ...], drop: tuple[str, ...]) -> None:
    """Add labels (no duplicates) and remove others (any case)."""
    labels = list(table.get(key, []))
    labels += [label for label in add if label not in labels]
    gone = {label.casefold() for label in drop}
    labels = [label for label in labels if label.casefold() not in gone]
    if labels:
        table[key] = labels
    else:
        table.pop(key, None)
