"""iCalendar import: series, their cancelled occurrences and their changed ones.

- ``EXDATE`` on a repeating event becomes its ``except`` list.
- A ``RECURRENCE-ID`` component of a series in the file (an occurrence moved,
  retitled or cancelled) cancels that occurrence on the series (``except``) and,
  unless its ``STATUS`` is ``CANCELLED``, becomes an event of its own: its id is the
  series' id and the occurrence's date (``weekly-meeting-20240305``), and it keeps
  the UID, so importing the file again finds it.
- Occurrences that share a UID without a series in the file (Google's birthday
  feeds) are each an event of their own, named the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from timeline_cli.formats.ics import _all
from timeline_cli.formats.ics_values import expressed, inner, one, shown

# A DATE or DATE-TIME value (one of a property's values) → the date or time it names.
Moment = Callable[[Any, Any], date | datetime | None]


class Occurrences:
    """Which VEVENTs of one VCALENDAR share a UID, and which of those are series."""

    def __init__(self, events: Sequence[icalendar.Component]) -> None:
        plain = Counter(one(c, "UID") for c in events if "RECURRENCE-ID" not in c)
        # A series: the one component of its UID without RECURRENCE-ID. Several such
        # components under one UID (a birthday feed) are occurrences, none a series.
        self.masters = {uid for uid, count in plain.items() if count == 1} - {None}
        self.counts = Counter(one(c, "UID") for c in events)
        self.changed: dict[str, list[icalendar.Component]] = {}
        for component in events:
            uid = one(component, "UID")
            if uid in self.masters and "RECURRENCE-ID" in component:
                self.changed.setdefault(str(uid), []).append(component)

    def is_override(self, vevent: icalendar.Component) -> bool:
        """A changed occurrence of a series that is in the file."""
        return "RECURRENCE-ID" in vevent and one(vevent, "UID") in self.masters

    def is_single(self, vevent: icalendar.Component) -> bool:
        """An occurrence without its series: named by its date, like an override."""
        uid = one(vevent, "UID")
        if uid is None or self.is_override(vevent):
            return False
        return "RECURRENCE-ID" in vevent or (uid not in self.masters and self.counts[uid] > 1)


def cancelled(vevent: icalendar.Component) -> bool:
    return str(vevent.get("STATUS", "")).upper() == "CANCELLED"


def occurrence_day(vevent: icalendar.Component) -> date | None:
    """The date of the occurrence a component stands for: its RECURRENCE-ID, else DTSTART."""
    for name in ("RECURRENCE-ID", "DTSTART"):
        value = inner(vevent.get(name), "dt")
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
    return None


def occurrence_id(series_id: str, vevent: icalendar.Component, taken: set[str]) -> str:
    """``<series id>-<yyyymmdd>``; ``-2``, ``-3`` after it when a date comes twice."""
    day = occurrence_day(vevent)
    base = f"{series_id}-{day:%Y%m%d}" if day is not None else series_id
    found, number = base, 1
    while found in taken:
        number += 1
        found = f"{base}-{number}"
    taken.add(found)
    return found


def exceptions(
    vevent: icalendar.Component,
    overrides: Sequence[icalendar.Component],
    moment: Moment,
    zone: ZoneInfo | None,
    all_day: bool,
) -> tuple[list[Any], list[str]]:
    """The ``except`` values of a series: its EXDATEs and its overrides' RECURRENCE-IDs,
    in the series' zone (dates on an all-day series), in order, each once; and the
    values that are not dates or times, as written."""
    found: list[Any] = []
    unreadable: list[str] = []
    props = [*_all(vevent.get("EXDATE")), *(o.get("RECURRENCE-ID") for o in overrides)]
    for prop in props:
        for value in inner(prop, "dts") or [prop]:
            when = moment(value, prop)
            if when is None:
                unreadable.append(shown(value))
                continue
            if all_day and isinstance(when, datetime):
                when = when.date()
            value_as_stored = expressed(when, zone)
            if value_as_stored not in found:
                found.append(value_as_stored)
    return sorted(found, key=_order), unreadable


def _order(value: Any) -> tuple[str, str]:
    day = value if not isinstance(value, datetime) else value.date()
    return day.isoformat(), value.isoformat()
