"""iCalendar import: the events of client exports (Google, Outlook, Apple, ours).

Every line is parsed by the ``icalendar`` library; this module decides how each
property maps to the timeline's fields. What cannot be kept (EXDATE, attendees,
other components) is reported in notes, never dropped silently.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from timeline_cli.errors import InvalidFileError
from timeline_cli.formats import Candidate
from timeline_cli.formats.ics import (
    _DAY,
    X_PRECISION,
    X_TIMEZONE,
    _all,
    _first,
    _is_utc,
    split_description,
)
from timeline_cli.formats.ics_file import check_structure, decode, logical_lines, parse_error, short
from timeline_cli.formats.ics_values import (
    expressed,
    id_of_uid,
    in_zone,
    inner,
    one,
    repeat_of,
    rule_text,
    shown,
)
from timeline_cli.formats.ics_zones import ZoneResolver, named_zone
from timeline_cli.model import to_utc
from timeline_cli.schema import validate_repeat

# --- import: the file ---------------------------------------------------------


def read(data: bytes, name: str) -> list[Candidate]:
    """The VEVENTs of an iCalendar file as candidates; InvalidFileError if it is not one."""
    text = decode(data, name)
    lines = logical_lines(text)
    begins = iter(check_structure(lines, name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # icalendar's guesses become notes
        try:
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
        except Exception as exc:  # the parser on untrusted input: any failure is the file's
            raise InvalidFileError(parse_error(name, lines, exc)) from None
        candidates: list[Candidate] = []
        number = 0
        for calendar in calendars:
            reader = _CalendarReader(calendar)
            skipped = Counter(
                c.name for c in calendar.subcomponents if c.name not in ("VEVENT", "VTIMEZONE")
            )
            notes = [f"{n} {kind} component(s) not imported" for kind, n in sorted(skipped.items())]
            if reader.default_note and not any(c.name == "VEVENT" for c in calendar.subcomponents):
                notes.append(reader.default_note)
            for vevent in calendar.subcomponents:
                if vevent.name != "VEVENT":
                    continue
                number += 1
                if any(prop is None for prop, _ in vevent.errors):
                    raise InvalidFileError(parse_error(name, lines, None))
                candidate = reader.candidate(vevent, number, next(begins, None))
                if candidate is not None:
                    candidates.append(candidate)
            if notes:  # a table-less candidate, last: notes about the file itself
                candidates.append(Candidate({}, name, tuple(notes)))
    return candidates


# --- import: one event --------------------------------------------------------

# Bookkeeping that changes nothing about the event itself.
_HARMLESS = frozenset({"DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE", "TRANSP"})
_HARMLESS_VALUES = {"STATUS": {"CONFIRMED"}, "CLASS": {"PUBLIC"}, "PRIORITY": {"0", "5"}}
_READ = frozenset(
    {"UID", "SUMMARY", "DTSTART", "DTEND", "DURATION", "RRULE", "CATEGORIES"}
    | {"LOCATION", "URL", "DESCRIPTION", "RECURRENCE-ID"}
)
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)  # as schema.py accepts


class _CalendarReader:
    """What one VCALENDAR says about all its events: its zone, VTIMEZONEs, overrides."""

    def __init__(self, calendar: icalendar.Component) -> None:
        vtimezones = {
            str(c.get("TZID")): c for c in calendar.subcomponents if c.name == "VTIMEZONE"
        }
        self.default: ZoneInfo | None = None
        self.default_note: str | None = None
        wr = one(calendar, "X-WR-TIMEZONE")
        if wr is not None:
            self.default = named_zone(wr)
            if self.default is None:
                self.default_note = f"X-WR-TIMEZONE {wr!r} is not a known zone: ignored"
        self.zones = ZoneResolver(vtimezones, self.default)
        events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
        series = {one(c, "UID") for c in events if "RECURRENCE-ID" not in c} - {None}
        self.changed: dict[str, list[str]] = {}
        for c in events:
            uid = one(c, "UID")
            if uid is not None and uid in series and "RECURRENCE-ID" in c:
                self.changed.setdefault(uid, []).append(shown(c["RECURRENCE-ID"]))

    def candidate(
        self, vevent: icalendar.Component, index: int, line: int | None
    ) -> Candidate | None:
        uid = one(vevent, "UID")
        if "RECURRENCE-ID" in vevent and uid is not None and uid in self.changed:
            return None  # a changed occurrence of a series: noted on the series
        builder = _EventReader(self, vevent)
        table, notes = builder.read()
        where = f"event {index}" + (f" at line {line}" if line else "")
        if uid:
            where += f" (UID {uid})"
        return Candidate(table, where, tuple(notes))


class _EventReader:
    """One VEVENT → a TOML-shaped table and the notes about what it could not keep."""

    def __init__(self, calendar: _CalendarReader, vevent: icalendar.Component) -> None:
        self.calendar = calendar
        self.vevent = vevent
        self.table: dict[str, Any] = {}
        self.notes: list[str] = []
        self.broken = {prop: reason for prop, reason in vevent.errors if prop}

    def read(self) -> tuple[dict[str, Any], list[str]]:
        self._identity()
        self._title()
        self._times()
        self._repeat()
        self._labels()
        self._texts()
        self._rest()
        return self.table, self.notes

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

    def _identity(self) -> None:
        uid = self.text("UID")
        if uid:
            event_id, original = id_of_uid(uid)
            self.table["id"] = event_id
            if original is not None:
                self.table["uid"] = original

    def _title(self) -> None:
        title = self.text("SUMMARY") or ""
        one_line = re.sub(r"[\r\n]+", " ", title)
        if not one_line.strip():
            self.note("no SUMMARY: titled (untitled)")
            one_line = "(untitled)"
        elif one_line != title:
            self.note("line breaks in SUMMARY replaced by spaces")
        self.table["title"] = one_line

    # -- times

    def _times(self) -> None:
        start = self._value("DTSTART")
        if start is None:
            return
        zone = self._zone_for(start) if isinstance(start, datetime) else self._date_zone()
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

    # -- the rest

    def _repeat(self) -> None:
        rules = _all(self.vevent.get("RRULE"))
        if not rules:
            return
        first, *others = rules
        for other in others:
            self.note(f"RRULE {rule_text(other)} not kept: only one rule per event")
        text = rule_text(first)
        reason = "it could not be read" if "RRULE" in self.broken else validate_repeat(text)
        if reason:
            self.note(f"RRULE {text} not kept: {reason}")
            return
        day = inner(_first(self.vevent.get("DTSTART")), "dt")
        self.table["repeat"] = repeat_of(first, day) if isinstance(day, date) else text

    def _labels(self) -> None:
        tags: list[str] = []
        for prop in _all(self.vevent.get("CATEGORIES")):
            tags += [str(c) for c in (inner(prop, "cats") or [prop]) if str(c)]
        if tags:
            self.table["tags"] = tags

    def _texts(self) -> None:
        location = self.text("LOCATION")
        if location:
            self.table["location"] = location
        url = self.text("URL")
        if url and _URL.fullmatch(url):
            self.table["url"] = url
        elif url:
            self.note(f"URL {short(url)} not kept: not an http(s) address")
        text = (self.text("DESCRIPTION") or "").rstrip("\r\n")
        if text:
            description, source, people = split_description(text)
            for key, value in (("description", description), ("source", source)):
                if value is not None:
                    self.table[key] = value
            if people:
                self.table["people"] = people

    def _rest(self) -> None:
        for name, prop in self.vevent.items():
            name = name.upper()
            if name in _READ or name in _HARMLESS or name.startswith("X-"):
                continue
            if str(prop).upper() in _HARMLESS_VALUES.get(name, ()):
                continue
            self.note(f"{name} {shown(prop)} not kept")
        for uid_changed in self.calendar.changed.get(one(self.vevent, "UID") or "", []):
            self.note(f"changed occurrence {uid_changed} (RECURRENCE-ID) not kept")
        if "RECURRENCE-ID" in self.vevent:
            self.note(
                f"RECURRENCE-ID {shown(self.vevent['RECURRENCE-ID'])}: one occurrence "
                "of a series that is not in the file, read as a single event"
            )
        for sub in self.vevent.subcomponents:
            if sub.name != "VALARM":
                self.note(f"{sub.name} not kept")
