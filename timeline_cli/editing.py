"""The options of ``edit`` applied to one event: a new, validated version of it.

The event's stored table is changed field by field and validated by the same code
that reads files; the writer then rewrites only the lines of the changed fields.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from timeline_cli.compose import (
    check_repeat,
    event_zone,
    exception_values,
    parse_time,
    validated,
)
from timeline_cli.errors import UsageError
from timeline_cli.model import FIELDS, Event
from timeline_cli.store.codec import event_table, time_to_toml
from timeline_cli.suggest import close_matches
from timeline_cli.zones import zone_name

CLEARABLE = tuple(f for f in FIELDS if f not in ("id", "title", "start"))
CHANGEABLE = (*(f for f in FIELDS if f not in ("id", "uid")), "id")


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


def require_change(edit: EventEdit) -> None:
    """Refuse an edit that asks for nothing (exit 2; ``fix`` "edit-nothing" for the CLI)."""
    if edit == EventEdit():
        raise UsageError(
            f"nothing to change: give a field a new value ({', '.join(CHANGEABLE)}) "
            "or name one to clear",
            fix="edit-nothing",
        )


def unchanged(old: Event, new: Event) -> bool:
    """True when the edit leaves every field as it was (nothing to write)."""
    return event_table(old) == event_table(new)


def edit_event(old: Event, edit: EventEdit, *, now: datetime, file_zone: tzinfo) -> Event:
    """The edited event; UsageError (exit 2, a FieldError for a field's value) says
    what is wrong, naming the field."""
    table: dict[str, Any] = event_table(old)
    for name in edit.clear:
        if name not in CLEARABLE:
            raise UsageError(_not_clearable(name))
        table.pop(name, None)
    zone = old.zone
    if edit.zone is not None:
        zone = event_zone(edit.zone)
        table["timezone"] = zone_name(zone)
    for field, text in (("start", edit.start), ("end", edit.end)):
        if text is None:
            continue
        value, named = parse_time(text, zone, now, field)
        if field == "start" and named is not None and edit.zone is None:
            zone = named
            table["timezone"] = zone_name(zone)
        table[field] = time_to_toml(value, zone_name(zone))
    table.update(edit.texts)
    if edit.title is not None:
        table["title"] = edit.title
    _labels(old.id, table, "tags", edit.add_tags, edit.remove_tags)
    _labels(old.id, table, "people", edit.add_people, edit.remove_people)
    if edit.repeat is not None:
        table["repeat"] = edit.repeat
    if edit.exceptions:
        added = exception_values(edit.exceptions, zone, now)
        table["except"] = [*table.get("except", []), *added]
    if edit.new_id is not None:
        table["id"] = edit.new_id
    event = validated(table, file_zone)
    if event.repeat is not None:
        check_repeat(event)
    return event


def _not_clearable(name: str) -> str:
    """Why ``name`` cannot be cleared, with the fields that can."""
    close = close_matches(name, FIELDS)
    hint = ""
    if name in FIELDS:
        hint = " (it can be changed, not cleared)"
    elif close and close[0] in CLEARABLE:
        hint = f" (did you mean {close[0]!r}?)"
    elif close:
        hint = f" (did you mean {close[0]!r}? it can be changed, not cleared)"
    return f"cannot clear {name!r}{hint}; the fields that can be cleared: {', '.join(CLEARABLE)}"


_ONE = {"tags": "tag", "people": "person"}


def _labels(
    event_id: str, table: dict[str, Any], key: str, add: tuple[str, ...], drop: tuple[str, ...]
) -> None:
    """Add labels (no duplicates) and remove others (any case); removing one the event
    does not have is refused, naming the ones it has."""
    labels = list(table.get(key, []))
    labels += [label for label in add if label not in labels]
    have = {label.casefold() for label in labels}
    for label in drop:
        if label.casefold() not in have:
            its = f"its {key}: {', '.join(labels)}" if labels else f"it has no {key}"
            raise UsageError(f"event {event_id} has no {_ONE[key]} {label!r} ({its})")
    gone = {label.casefold() for label in drop}
    labels = [label for label in labels if label.casefold() not in gone]
    if labels:
        table[key] = labels
    else:
        table.pop(key, None)
