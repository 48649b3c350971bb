"""iCalendar import: reading one VEVENT's properties, and its times.

``PropertyReader`` holds what reading one event builds (its table and notes) and
turns DTSTART, DTEND and DURATION into the timeline's ``start``, ``end`` and
``timezone``; ``ics_read`` adds the other fields.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import icalendar

from timeline_cli.formats.ics import _DAY, X_PRECISION, X_TIMEZONE, _is_utc
from timeline_cli.formats.ics_file import short
from timeline_cli.formats.ics_series import Occurrences
from timeline_cli.formats.ics_values import expressed, in_zone, inner, shown
from timeline_cli.formats.ics_zones import ZoneResolver, named_zone
from timeline_cli.model import to_utc


class CalendarView(Protocol):
    """What one event's reader needs of its calendar."""

    zones: ZoneResolver
    default: ZoneInfo | None
    default_note: str | None
    occurrences: Occurrences
    taken: set[str]


class PropertyReader:
    """One VEVENT's table and notes being built, and its times."""

    def __init__(self, calendar: CalendarView, vevent: icalendar.Component) -> None:
        self.calendar = calendar
        self.vevent = vevent
        self.table: dict[str, Any] = {}
        self.notes: list[str] = []
        self.broken = {prop: reason for prop, reason in vevent.errors if prop}
        occurrences = calendar.occurrences
        self.occurrence = occurrences.is_override(vevent) or occurrences.is_single(vevent)
        self.zone: ZoneInfo | None = None  # the event's zone, once its times are read

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def single(self, name: str) -> Any:
        """A property that should be given once (the first, and a note, when it is not)."""
        prop = self.vevent.get(name)
        if isinstance(prop, list):
            for other in prop[1:]:
                self.note(f"second {name} {shown(other)} not kept")
            return prop[0]
        return prop

    def text(self, name: str) -> str | None:
        prop = self.single(name)
        return None if prop is None else str(prop)

    # -- times

    def _times(self) -> None:
        start = self._value("DTSTART")
        if start is None:
            return
        zone = self._zone_for(start) if isinstance(start, datetime) else self._date_zone()
        self.zone = zone
        if zone is not None:
            self.table["timezone"] = zone.key
        self.table["start"] = expressed(start, zone)
        end = self._end(start, zone)
        if end is not None:
            self.table["end"] = end
        if not isinstance(start, datetime):
            self._precision(start, end if isinstance(end, date) else None)

    def _date_zone(self) -> ZoneInfo | None:
        """The origin zone of an all-day event: ours (X-TIMELINE-TIMEZONE), else the
        zone its DTSTART names (``DTSTART;TZID=Europe/Berlin;VALUE=DATE``)."""
        ours = self.text(X_TIMEZONE)
        if ours is not None:
            found = named_zone(ours)
            if found is None:
                self.note(f"{X_TIMEZONE} {short(ours)} not kept: not a known zone")
            return found
        tzid = (inner(self.single("DTSTART"), "params") or {}).get("TZID")
        if tzid is None:
            return None
        zone, _ = self.calendar.zones.zone(str(tzid))
        if isinstance(zone, ZoneInfo):
            return zone
        self.note(f"TZID {str(tzid)!r} of an all-day event is not a known zone: not kept")
        return None

    def _precision(self, start: date, end: date | None) -> None:
        """A year or a month (X-TIMELINE-PRECISION) back from the days that cover it."""
        precision = (self.text(X_PRECISION) or "").strip().lower()
        if not precision:
            return
        size = {"year": 4, "month": 7}.get(precision)
        first = start.replace(month=1, day=1) if size == 4 else start.replace(day=1)
        if size is None or first != start:
            self.note(f"{X_PRECISION} {short(precision)} not kept: does not fit {start}")
            return
        self.table["start"] = start.isoformat()[:size]
        last = end.isoformat()[:size] if end is not None else None
        if last is not None and last != self.table["start"]:
            self.table["end"] = last
        else:
            self.table.pop("end", None)

    def _value(self, name: str) -> date | datetime | None:
        """A DATE or DATE-TIME property: a date, a naive wall time, or an aware time."""
        prop = self.single(name)
        if prop is None:
            return None
        if isinstance(prop, icalendar.vBroken):  # the schema judges the value as written
            self.note(f"{name} {short(str(prop))} is not an iCalendar date or time")
            self.table["start" if name == "DTSTART" else "end"] = str(prop)
            return None
        value = getattr(prop, "dt", None)
        if isinstance(value, datetime) and str(prop.params.get("VALUE", "")).upper() == "DATE":
            return value.date()  # a date with a TZID: the zone is its origin (_date_zone)
        if isinstance(value, datetime) and "TZID" in prop.params:
            tzid = str(prop.params["TZID"])
            zone, note = self.calendar.zones.zone(tzid)
            if note:
                self.note(note)
            value = in_zone(value.replace(tzinfo=None), zone)
        elif isinstance(value, datetime) and value.tzinfo is None and not self.calendar.default:
            self.note("floating time (no time zone): read as a wall time in the timeline's zone")
        if not isinstance(value, date):
            self.note(f"{name} {shown(prop)} not kept: not a date or a time")
            return None
        return value

    def _zone_for(self, start: date | datetime) -> ZoneInfo | None:
        """The event's zone: its DTSTART's, else X-WR-TIMEZONE for UTC and floating times."""
        if not isinstance(start, datetime):
            return None
        zone = start.tzinfo
        if isinstance(zone, ZoneInfo) and not _is_utc(zone):
            return zone
        if zone is None or isinstance(zone, ZoneInfo):
            if self.calendar.default_note and zone is not None:
                self.note(self.calendar.default_note)
            return self.calendar.default
        return None  # an exact time from a VTIMEZONE of its own: kept with its offset

    def _end(self, start: date | datetime, zone: ZoneInfo | None) -> date | datetime | None:
        if "DTEND" in self.vevent:
            end = self._value("DTEND")
        elif "DURATION" in self.vevent:
            end = self._duration_end(start)
        else:
            return None
        if end is None:
            return None
        if isinstance(start, datetime) != isinstance(end, datetime):
            self.note(f"end {end.isoformat()} not kept: a date and a time do not make a span")
            return None
        if isinstance(end, datetime):
            return expressed(end, zone)
        last = end - _DAY  # DTEND of a date is exclusive; our end is the last day
        return last if last > start else None

    def _duration_end(self, start: date | datetime) -> date | datetime | None:
        prop = self.single("DURATION")
        duration = inner(prop, "dt")
        if not isinstance(duration, timedelta) or duration < timedelta(0):
            self.note(f"DURATION {shown(prop)} not kept")
            return None
        whole = timedelta(days=duration.days)
        if not isinstance(start, datetime):
            days = duration.days + (1 if duration != whole else 0)
            if duration != whole:
                self.note(f"DURATION of an all-day event rounded up to {days} days")
            return start + timedelta(days=max(days, 1))
        # Whole days are nominal (the same wall time), the rest exact (RFC 5545 3.3.6).
        if start.tzinfo is None:
            return start + duration
        wall = in_zone(start.replace(tzinfo=None) + whole, start.tzinfo)
        return (to_utc(wall) + (duration - whole)).astimezone(start.tzinfo)

    def _moment(self, value: Any, prop: Any) -> date | datetime | None:
        """One EXDATE or RECURRENCE-ID value: a date, a wall time, or an aware time."""
        moment = inner(value, "dt")
        params = {**(inner(prop, "params") or {}), **(inner(value, "params") or {})}
        if isinstance(moment, datetime) and str(params.get("VALUE", "")).upper() == "DATE":
            return moment.date()
        if isinstance(moment, datetime) and "TZID" in params:
            zone, _ = self.calendar.zones.zone(str(params["TZID"]))
            return in_zone(moment.replace(tzinfo=None), zone)
        return moment if isinstance(moment, date) else None
