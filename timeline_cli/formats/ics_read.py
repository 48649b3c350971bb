"""iCalendar import: the events of client exports (Google, Outlook, Apple, ours).

Every line is parsed by the ``icalendar`` library; this module decides how each
property maps to the timeline's fields. What cannot be kept (EXDATE, attendees,
other components) is reported in notes, never dropped silently.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import warnings
from collections import Counter
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from timeline_cli.errors import InvalidFileError
from timeline_cli.formats import Candidate
from timeline_cli.formats.common import local_if_unambiguous
from timeline_cli.formats.ics import (
    _DAY,
    UID_DOMAIN,
    X_PRECISION,
    X_TIMEZONE,
    _all,
    _first,
    _is_utc,
    split_description,
)
from timeline_cli.formats.ics_zones import ZoneResolver, named_zone
from timeline_cli.model import ID_PATTERN, to_utc
from timeline_cli.schema import SHORTHANDS, validate_repeat

# --- import: the file ---------------------------------------------------------


def read(data: bytes, name: str) -> list[Candidate]:
    """The VEVENTs of an iCalendar file as candidates; InvalidFileError if it is not one."""
    text = _decode(data, name)
    lines = _logical_lines(text)
    begins = iter(_check_structure(lines, name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # icalendar's guesses become notes
        try:
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
        except Exception as exc:  # the parser on untrusted input: any failure is the file's
            raise InvalidFileError(_parse_error(name, lines, exc)) from None
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
                    raise InvalidFileError(_parse_error(name, lines, None))
                candidate = reader.candidate(vevent, number, next(begins, None))
                if candidate is not None:
                    candidates.append(candidate)
            if notes:  # a table-less candidate, last: notes about the file itself
                candidates.append(Candidate({}, name, tuple(notes)))
    return candidates


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidFileError(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "iCalendar files are UTF-8"
        ) from None


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(physical line number, unfolded content line) of every non-empty line, for messages."""
    lines: list[tuple[int, list[str]]] = []
    for number, physical in enumerate(text.split("\n"), start=1):
        physical = physical.removesuffix("\r")
        if physical[:1] in (" ", "\t") and lines:
            lines[-1][1].append(physical[1:])
        elif physical:
            lines.append((number, [physical]))
    return [(number, "".join(parts)) for number, parts in lines]


def _check_structure(lines: list[tuple[int, str]], name: str) -> list[int]:
    """The line of each VEVENT in a VCALENDAR; InvalidFileError where BEGIN and END do not pair.

    icalendar quietly drops a component that is never closed (a truncated file
    would import as nothing), so the nesting is checked here, with line numbers.
    """
    if not lines or lines[0][1].upper() != "BEGIN:VCALENDAR":
        found = f"found {_short(lines[0][1])}" if lines else "the file is empty"
        where = f"{name}:{lines[0][0]}" if lines else name
        raise InvalidFileError(f"{where}: not an iCalendar file (no BEGIN:VCALENDAR; {found})")
    open_: list[tuple[str, int]] = []
    events: list[int] = []
    for number, line in lines:
        key, _, value = line.partition(":")
        key, value = key.upper(), value.upper()
        if key == "BEGIN":
            if not open_ and value != "VCALENDAR":
                raise InvalidFileError(f"{name}:{number}: BEGIN:{value} outside a VCALENDAR")
            if value == "VEVENT" and len(open_) == 1:
                events.append(number)
            open_.append((value, number))
        elif key == "END":
            if not open_ or open_[-1][0] != value:
                expected = f"END:{open_[-1][0]} expected" if open_ else "nothing is open"
                raise InvalidFileError(f"{name}:{number}: END:{value} where {expected}")
            open_.pop()
        elif not open_ and key != "X-COMMENT":
            raise InvalidFileError(f"{name}:{number}: {_short(line)} outside a VCALENDAR")
    if open_:
        component, begun = open_[-1]
        raise InvalidFileError(
            f"{name}:{lines[-1][0]}: the file ends inside {component} (BEGIN at line "
            f"{begun}): END:{component} is missing; is the file truncated?"
        )
    return events


def _parse_error(name: str, lines: list[tuple[int, str]], exc: Exception | None) -> str:
    """The parser's complaint, at the first line it cannot read when there is one."""
    for number, line in lines:
        try:
            icalendar.parser.Contentline(line).parts()  # type: ignore[no-untyped-call]
        except Exception as error:  # the same parser, line by line
            return f"{name}:{number}: cannot read {_short(line)}: {_reason(error)}"
    return f"{name}: not a valid iCalendar file: {_reason(exc)}"


def _reason(exc: Exception | None) -> str:
    text = str(exc).split("\n")[0] if exc is not None else "unreadable content"
    return text if len(text) <= 200 else text[:197] + "..."


def _short(text: str, size: int = 60) -> str:
    return repr(text if len(text) <= size else text[: size - 3] + "...")


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
        wr = _one(calendar, "X-WR-TIMEZONE")
        if wr is not None:
            self.default = named_zone(wr)
            if self.default is None:
                self.default_note = f"X-WR-TIMEZONE {wr!r} is not a known zone: ignored"
        self.zones = ZoneResolver(vtimezones, self.default)
        events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
        series = {_one(c, "UID") for c in events if "RECURRENCE-ID" not in c} - {None}
        self.changed: dict[str, list[str]] = {}
        for c in events:
            uid = _one(c, "UID")
            if uid is not None and uid in series and "RECURRENCE-ID" in c:
                self.changed.setdefault(uid, []).append(_shown(c["RECURRENCE-ID"]))

    def candidate(
        self, vevent: icalendar.Component, index: int, line: int | None
    ) -> Candidate | None:
        uid = _one(vevent, "UID")
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
                self.note(f"second {name} {_shown(other)} not kept")
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
        self.table["start"] = _expressed(start, zone)
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
                self.note(f"{X_TIMEZONE} {_short(ours)} not kept: not a known zone")
            return found
        tzid = (_inner(self.single("DTSTART"), "params") or {}).get("TZID")
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
            self.note(f"{X_PRECISION} {_short(precision)} not kept: does not fit {start}")
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
            self.note(f"{name} {_short(str(prop))} is not an iCalendar date or time")
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
            value = _in_zone(value.replace(tzinfo=None), zone)
        elif isinstance(value, datetime) and value.tzinfo is None and not self.calendar.default:
            self.note("floating time (no time zone): read as a wall time in the timeline's zone")
        if not isinstance(value, date):
            self.note(f"{name} {_shown(prop)} not kept: not a date or a time")
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
            return _expressed(end, zone)
        last = end - _DAY  # DTEND of a date is exclusive; our end is the last day
        return last if last > start else None

    def _duration_end(self, start: date | datetime) -> date | datetime | None:
        prop = self.single("DURATION")
        duration = _inner(prop, "dt")
        if not isinstance(duration, timedelta) or duration < timedelta(0):
            self.note(f"DURATION {_shown(prop)} not kept")
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
        wall = _in_zone(start.replace(tzinfo=None) + whole, start.tzinfo)
        return (to_utc(wall) + (duration - whole)).astimezone(start.tzinfo)

    # -- the rest

    def _repeat(self) -> None:
        rules = _all(self.vevent.get("RRULE"))
        if not rules:
            return
        first, *others = rules
        for other in others:
            self.note(f"RRULE {_rule_text(other)} not kept: only one rule per event")
        text = _rule_text(first)
        reason = "it could not be read" if "RRULE" in self.broken else validate_repeat(text)
        if reason:
            self.note(f"RRULE {text} not kept: {reason}")
            return
        day = _inner(_first(self.vevent.get("DTSTART")), "dt")
        self.table["repeat"] = _repeat_of(first, day) if isinstance(day, date) else text

    def _labels(self) -> None:
        tags: list[str] = []
        for prop in _all(self.vevent.get("CATEGORIES")):
            tags += [str(c) for c in (_inner(prop, "cats") or [prop]) if str(c)]
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
            self.note(f"URL {_short(url)} not kept: not an http(s) address")
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
            self.note(f"{name} {_shown(prop)} not kept")
        for uid_changed in self.calendar.changed.get(_one(self.vevent, "UID") or "", []):
            self.note(f"changed occurrence {uid_changed} (RECURRENCE-ID) not kept")
        if "RECURRENCE-ID" in self.vevent:
            self.note(
                f"RECURRENCE-ID {_shown(self.vevent['RECURRENCE-ID'])}: one occurrence "
                "of a series that is not in the file, read as a single event"
            )
        for sub in self.vevent.subcomponents:
            if sub.name != "VALARM":
                self.note(f"{sub.name} not kept")


def _one(component: icalendar.Component, name: str) -> str | None:
    """A TEXT property's value (the first, when it is given more than once)."""
    prop = component.get(name)
    return None if prop is None else str(_first(prop))


def _inner(prop: Any, attr: str) -> Any:
    """``prop.attr``, or None for a value icalendar could not parse (a vBroken)."""
    return None if isinstance(prop, icalendar.vBroken) else getattr(prop, attr, None)


def _shown(prop: Any) -> str:
    """A property value for a note: dates in ISO form, lists joined, long text cut."""
    shown = []
    for item in _all(prop):
        for value in _inner(item, "dts") or [item]:
            inner = _inner(value, "dt")
            if isinstance(inner, date):
                shown.append(inner.isoformat())
            else:
                raw = value.to_ical() if hasattr(value, "to_ical") else value
                shown.append(raw.decode() if isinstance(raw, bytes) else str(raw))
    text = ", ".join(shown)
    return text if len(text) <= 80 else text[:77] + "..."


def _in_zone(wall: datetime, zone: tzinfo | None) -> datetime:
    """A wall time in a zone: with a named zone as such, in another one as an exact time."""
    if zone is None:
        return wall
    moment = wall.replace(tzinfo=zone)
    if isinstance(zone, ZoneInfo):
        return moment
    offset = moment.utcoffset()
    return moment.replace(tzinfo=timezone(offset)) if offset is not None else wall


def _expressed(value: date | datetime, zone: ZoneInfo | None) -> date | datetime:
    """The TOML value: a wall time in the event's zone when that names it, else as is.

    A time written in the event's own zone stays the wall time it was written as;
    one in another zone (or in UTC) becomes that zone's wall time where this names
    the instant exactly, and stays an exact time where it does not.
    """
    if not isinstance(value, datetime) or value.tzinfo is None:
        return value
    if zone is not None and getattr(value.tzinfo, "key", None) == zone.key:
        return value.replace(tzinfo=None)
    if zone is not None:
        value = local_if_unambiguous(value, zone)
    offset = value.utcoffset()
    if offset is None:
        return value
    return value.replace(tzinfo=timezone(offset))  # as tomllib gives an offset date-time


def _rule_text(rule: Any) -> str:
    raw = rule.to_ical() if hasattr(rule, "to_ical") else rule
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def _repeat_of(rule: Any, start: date) -> str:
    """A shorthand where the rule is one (including our 29 February and 31st forms)."""
    text = _rule_text(rule)
    parts = {str(k).upper(): _all(v) for k, v in dict(rule).items()}
    freq = str(_first(parts.get("FREQ", [""]))).upper()
    if freq.lower() not in SHORTHANDS:
        return text
    if set(parts) == {"FREQ"}:
        return freq.lower()
    month_end = parts.get("BYMONTHDAY") == [-1]
    if month_end and freq == "YEARLY" and set(parts) == {"FREQ", "BYMONTH", "BYMONTHDAY"}:
        return "yearly" if parts["BYMONTH"] == [2] and (start.month, start.day) == (2, 29) else text
    if month_end and freq == "MONTHLY" and set(parts) == {"FREQ", "BYMONTHDAY"}:
        return "monthly" if start.day == 31 else text
    return text


def id_of_uid(uid: str) -> tuple[str, str | None]:
    """(id, uid to keep): ``<id>@timeline`` gives its id back; any other UID a slug of it.

    The slug is lowercase ``[a-z0-9-]``, at most 60 characters; when it is not the
    UID itself it ends in 8 hex digits of the UID's SHA-1, so different UIDs never
    share an id. The UID is kept whenever re-exporting the id would not restore it.
    """
    if uid.endswith(UID_DOMAIN) and ID_PATTERN.fullmatch(uid[: -len(UID_DOMAIN)]):
        return uid[: -len(UID_DOMAIN)], None
    ascii_uid = unicodedata.normalize("NFKD", uid).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_uid.lower()).strip("-")
    if slug == uid and ID_PATTERN.fullmatch(slug) and len(slug) <= 60:
        return slug, uid
    digest = hashlib.sha1(uid.encode("utf-8")).hexdigest()[:8]
    base = slug[:51].strip("-")
    return (f"{base}-{digest}" if base else digest), uid
