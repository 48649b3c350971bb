"""iCalendar import: the events of client exports (Google, Outlook, Apple, ours).

Every line is parsed by the ``icalendar`` library; this module decides how each
property maps to the timeline's fields. What cannot be kept (EXDATE, attendees,
other components) is reported in notes, never dropped silently.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from timeline_cli.errors import InvalidFileError
from timeline_cli.formats import Candidate
from timeline_cli.formats.ics import (
    _all,
    _first,
    split_description,
)
from timeline_cli.formats.ics_file import check_structure, decode, logical_lines, parse_error, short
from timeline_cli.formats.ics_series import (
    Occurrences,
    cancelled,
    exceptions,
    occurrence_id,
)
from timeline_cli.formats.ics_times import PropertyReader
from timeline_cli.formats.ics_values import (
    id_of_uid,
    inner,
    one,
    repeat_of,
    rule_text,
    shown,
)
from timeline_cli.formats.ics_zones import ZoneResolver, named_zone
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
    | {"LOCATION", "URL", "DESCRIPTION", "RECURRENCE-ID", "EXDATE"}
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
        self.occurrences = Occurrences(events)
        self.taken: set[str] = set()  # the ids given to occurrences so far

    def candidate(
        self, vevent: icalendar.Component, index: int, line: int | None
    ) -> Candidate | None:
        uid = one(vevent, "UID")
        if self.occurrences.is_override(vevent) and cancelled(vevent):
            return None  # a cancelled occurrence: in its series' ``except``
        builder = _EventReader(self, vevent)
        table, notes = builder.read()
        where = f"event {index}" + (f" at line {line}" if line else "")
        if uid:
            where += f" (UID {uid})"
        return Candidate(table, where, tuple(notes))


class _EventReader(PropertyReader):
    """One VEVENT → a TOML-shaped table and the notes about what it could not keep."""

    def read(self) -> tuple[dict[str, Any], list[str]]:
        self._identity()
        self._title()
        self._times()
        self._repeat()
        self._except()
        self._labels()
        self._texts()
        self._rest()
        return self.table, self.notes

    def _identity(self) -> None:
        uid = self.text("UID")
        if uid:
            event_id, original = id_of_uid(uid)
            if self.occurrence:  # one occurrence: the series' id and its date, the UID kept
                event_id, original = occurrence_id(event_id, self.vevent, self.calendar.taken), uid
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

    # -- the rest

    def _repeat(self) -> None:
        rules = _all(self.vevent.get("RRULE"))
        if not rules:
            return
        if "RECURRENCE-ID" in self.vevent:
            self.note(f"RRULE {rule_text(rules[0])} of one occurrence (RECURRENCE-ID) not kept")
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

    def _except(self) -> None:
        """EXDATEs and the series' changed occurrences in the file → ``except``."""
        overrides = self.calendar.occurrences.changed.get(one(self.vevent, "UID") or "", [])
        if "repeat" not in self.table:
            if "EXDATE" in self.vevent:
                self.note(
                    f"EXDATE {shown(self.vevent['EXDATE'])} not kept: the event does not repeat"
                )
            return
        all_day = not isinstance(self.table.get("start"), datetime)
        found, unreadable = exceptions(self.vevent, overrides, self._moment, self.zone, all_day)
        for text in unreadable:
            self.note(f"EXDATE or RECURRENCE-ID {short(text)} not kept: not a date or a time")
        if found:
            self.table["except"] = found

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
        if "RECURRENCE-ID" in self.vevent and not self.calendar.occurrences.is_override(
            self.vevent
        ):
            self.note(
                f"RECURRENCE-ID {shown(self.vevent['RECURRENCE-ID'])}: one occurrence "
                "of a series that is not in the file, kept as an event of its own"
            )
        for sub in self.vevent.subcomponents:
            if sub.name != "VALARM":
                self.note(f"{sub.name} not kept")
