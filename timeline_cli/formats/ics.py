"""iCalendar (RFC 5545): export a timeline, and read the events of client exports.

Every byte written and every line read goes through the ``icalendar`` library:
it folds at 75 octets without splitting a UTF-8 character, escapes TEXT, ends
lines with CRLF and builds the VTIMEZONE components. This module only decides
what goes where. What it cannot carry over from an import is reported in the
candidates' notes, never dropped silently.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from timeline_cli import __version__
from timeline_cli.formats import ExportContext
from timeline_cli.formats.ics_moves import UID_DOMAIN as UID_DOMAIN
from timeline_cli.formats.ics_moves import Moves, cancelled, find_moves
from timeline_cli.formats.ics_text import compose_description as compose_description
from timeline_cli.formats.ics_text import split_description as split_description
from timeline_cli.model import Event, Precision, TimeValue, to_utc
from timeline_cli.zones import same_zone

PRODID = f"-//timeline-cli//timeline {__version__}//EN"
_DAY = timedelta(days=1)
# What iCalendar cannot say, in properties of our own that other clients ignore:
X_PRECISION = "X-TIMELINE-PRECISION"  # "year" / "month": a partial date
X_TIMEZONE = "X-TIMELINE-TIMEZONE"  # the origin zone (IANA) of an all-day event
# A timed repeating event recurs past its own year: its zone's VTIMEZONE then
# covers this many years after the export date too (clients that use our
# VTIMEZONE rather than their own database would otherwise shift summer times).
_REPEAT_YEARS = 10


# --- export -------------------------------------------------------------------


def export(events: Sequence[Event], context: ExportContext) -> bytes:
    """The timeline as one VCALENDAR: a VTIMEZONE per zone used, a VEVENT per event."""
    calendar = _calendar(context.title)
    stamp = context.now.astimezone(UTC)
    years = _ZoneYears(horizon=stamp.year + _REPEAT_YEARS)
    moves = find_moves(events)
    for event in events:
        calendar.add_component(_vevent(event, stamp, years, moves))
    for index, zone_tz in enumerate(years.timezones()):
        calendar.subcomponents.insert(index, zone_tz)
    data: bytes = calendar.to_ical()
    return data


def export_each(groups: Sequence[Sequence[Event]], now: datetime) -> list[bytes]:
    """One VCALENDAR per group of events (a CalDAV resource each: an event, or a
    series with its moved occurrences), as ``export`` writes them, except that each
    zone's VTIMEZONE covers the years of every group and is built once for all:
    building one costs tens of milliseconds, and a sync uploads thousands."""
    stamp = now.astimezone(UTC)
    horizon = stamp.year + _REPEAT_YEARS
    every = _ZoneYears(horizon=horizon)
    moves = find_moves([event for group in groups for event in group])
    made: list[tuple[list[icalendar.Event], list[str]]] = []
    for group in groups:
        mine = _ZoneYears(horizon=horizon)
        made.append(([_vevent(event, stamp, mine, moves) for event in group], sorted(mine.spans)))
        every.merge(mine)
    timezones = dict(zip(sorted(every.spans), every.timezones(), strict=True))
    found = []
    for vevents, keys in made:
        calendar = _calendar(None)
        for key in keys:
            calendar.add_component(timezones[key])
        for vevent in vevents:
            calendar.add_component(vevent)
        found.append(calendar.to_ical())
    return found


def vevents(events: Sequence[Event], now: datetime) -> bytes:
    """The VEVENTs ``export`` writes for ``events``, without VTIMEZONEs (cheap: what a
    sync compares)."""
    stamp = now.astimezone(UTC)
    years = _ZoneYears(horizon=stamp.year + _REPEAT_YEARS)
    moves = find_moves(events)
    return b"".join(_vevent(event, stamp, years, moves).to_ical() for event in events)


def _calendar(title: str | None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if title:
        calendar.add("name", _text(title))
        calendar.add("x-wr-calname", _text(title))
    return calendar


@dataclass
class _ZoneYears:
    """The years each zone is used in, for VTIMEZONEs that cover every event."""

    horizon: int
    zones: dict[str, tzinfo] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    def use(self, moment: datetime, *, repeats: bool) -> None:
        zone = moment.tzinfo
        if isinstance(zone, ZoneInfo) and not _is_utc(zone):
            key = zone.key
        elif zone is not None and _offset_clock(moment):
            key = moment.tzname() or ""  # "UTC+09:00", the TZID icalendar writes
        else:
            return
        low, high = self.spans.get(key, (moment.year, moment.year))
        high = max(high, moment.year, self.horizon if repeats else moment.year)
        self.spans[key] = (min(low, moment.year), high)
        self.zones[key] = zone

    def merge(self, other: _ZoneYears) -> None:
        """Cover the years ``other`` covers too."""
        for key, (low, high) in other.spans.items():
            mine = self.spans.get(key, (low, high))
            self.spans[key] = (min(mine[0], low), max(mine[1], high))
            self.zones[key] = other.zones[key]

    def timezones(self) -> Iterator[icalendar.Timezone]:
        for key in sorted(self.spans):
            low, high = self.spans[key]
            yield _vtimezone(self.zones[key], key, low, high)


@functools.lru_cache(maxsize=256)
def _vtimezone(zone: tzinfo, key: str, low: int, high: int) -> icalendar.Timezone:
    """The VTIMEZONE of ``zone`` from ``low`` to ``high``: the same for every export of
    a run (sync writes one calendar per event), so built once (never changed later)."""
    component = icalendar.Timezone.from_tzinfo(
        zone,
        key,
        first_date=date(max(low, 1), 1, 1),
        last_date=date(min(high + 1, 9999), 1, 1),
    )
    return _one_rdate_per_line(component)


def _one_rdate_per_line(component: icalendar.Timezone) -> icalendar.Timezone:
    """The VTIMEZONE with each observance onset in an RDATE of its own.

    icalendar lists every onset in one RDATE; vobject (and so Radicale) reads only
    the first value of such a list inside a VTIMEZONE, and then shifts every event
    after that year by the DST offset. One onset per RDATE reads right everywhere.
    """
    for observance in component.subcomponents:
        onsets = [value.dt for prop in _all(observance.pop("RDATE", None)) for value in prop.dts]
        for onset in onsets:
            observance.add("rdate", onset)
    return component


def _is_utc(zone: tzinfo) -> bool:
    return same_zone(zone, UTC)


def _vevent(event: Event, stamp: datetime, years: _ZoneYears, moves: Moves) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", _text(event.uid or f"{event.id}{UID_DOMAIN}"))
    vevent.add("dtstamp", stamp)
    vevent.add("summary", _text(event.title))
    start, end = _start_end(event)
    vevent.add("dtstart", start)
    if end is not None:
        vevent.add("dtend", end)
    for value in (start, end):
        if isinstance(value, datetime):
            years.use(value, repeats=event.repeat is not None)
    if event.start.precision in (Precision.YEAR, Precision.MONTH):
        vevent.add(X_PRECISION, event.start.precision.name.lower())
    if not event.start.timed and event.has_zone and isinstance(event.zone, ZoneInfo):
        vevent.add(X_TIMEZONE, event.zone.key)
    if event.repeat:
        vevent.add("rrule", _rrule(event, start))
    for skipped in cancelled(event, moves) if event.repeat else ():
        vevent.add("exdate", _occurrence(skipped, event, years))
    if event.id in moves.recurrence:
        series, replaced = moves.recurrence[event.id]
        vevent.add("recurrence-id", _occurrence(replaced, series, years))
    if event.tags:
        categories = icalendar.vCategory(list(event.tags))
        categories.cats = [_text(tag) for tag in event.tags]
        vevent.add("categories", categories)
    if event.location:
        vevent.add("location", _text(event.location))
    if event.url:
        vevent.add("url", icalendar.vUri(event.url))
    description = compose_description(event.description, event.source, event.people)
    if description:
        vevent.add("description", _text(description))
    return vevent


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Text(icalendar.vText):
    """TEXT whose backslash-N stays text.

    icalendar 7.3 turns ``\\N`` in the text it escapes into a line break before it
    escapes backslashes, so ``C:\\New`` would read back as "C:", a line break and
    "ew". Each piece between them is escaped by icalendar and the two characters
    are joined back as an escaped backslash and an N.
    """

    def to_ical(self) -> bytes:
        if "\\N" not in self:
            return super().to_ical()
        return b"\\\\N".join(icalendar.vText(part).to_ical() for part in self.split("\\N"))


def _text(value: str) -> _Text:
    """A TEXT value; the control characters RFC 5545 forbids in TEXT (all but tab and
    line breaks) become U+FFFD, so no client rejects the file."""
    return _Text(_CONTROL.sub("\ufffd", value))


def _start_end(event: Event) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and DTEND: dates with an exclusive end, or times in the event's zone (or UTC)."""
    if not event.start.timed:
        last = event.end or event.start
        after = last.period_end()
        return event.start.day, after
    end = _timed(event.end, event) if event.end is not None else None
    return _timed(event.start, event), end


def _occurrence(value: TimeValue, series: Event, years: _ZoneYears) -> date | datetime:
    """One occurrence of a series as its DTSTART is written: a date, or a time (TZID or Z)."""
    if not series.start.timed:
        return value.day
    moment = _timed(value, series)
    years.use(moment, repeats=True)
    return moment


def _timed(value: TimeValue, event: Event) -> datetime:
    """The wall time in the event's zone (written with TZID), or the instant in UTC (Z).

    UTC is always Z. An exact instant without a zone of its own (written with an
    offset) is Z too: a fixed offset has no TZID. So is a wall time that does not
    name its instant, the second one of a repeated hour (RFC 5545 reads the first).
    """
    assert value.moment is not None
    moment = value.moment.replace(microsecond=0)  # iCalendar times have whole seconds
    zone = event.zone
    if value.exact and not event.has_zone and event.repeat and _offset_clock(moment):
        return moment  # a series repeats on its offset's clock: TZID "UTC+09:00"
    if (value.exact and not event.has_zone) or not isinstance(zone, ZoneInfo) or _is_utc(zone):
        return moment.astimezone(UTC)
    wall = moment.astimezone(UTC).astimezone(zone).replace(fold=0)  # a skipped time: the real one
    if to_utc(wall) != to_utc(moment):
        return moment.astimezone(UTC)
    return wall


def _offset_clock(moment: datetime) -> bool:
    """True for a time in a fixed offset other than UTC (its own VTIMEZONE)."""
    return isinstance(moment.tzinfo, timezone) and bool(moment.utcoffset())


def _rrule(event: Event, start: date | datetime) -> icalendar.vRecur:
    """The RRULE of ``repeat``, as ``recur.rule_text`` gives it to every command.

    The shorthands are written as the rule that gives their dates: a ``monthly`` on
    the 31st as ``BYMONTHDAY=-1`` (the last day of every month) and a ``yearly`` on
    29 February as ``BYMONTH=2;BYMONTHDAY=-1``, as calendar apps offer them; a rule
    written out is kept as written, with RFC 5545's meaning on month ends.
    """
    from timeline_cli.recur import rule_text

    written: icalendar.vRecur = icalendar.vRecur.from_ical(rule_text(event) or "")
    _match_until(written, start)
    return written


def _match_until(rule: icalendar.vRecur, start: date | datetime) -> None:
    """UNTIL of the kind RFC 5545 requires: a date for dates, else a UTC time.

    A date UNTIL of a timed event means the end of that day in the event's zone; a
    wall time, a time in that zone.
    """
    until = _first(rule.get("UNTIL"))
    if until is None or not isinstance(until, date):
        return
    if not isinstance(start, datetime):
        rule["UNTIL"] = [until.date() if isinstance(until, datetime) else until]
        return
    if not isinstance(until, datetime):
        until = datetime.combine(until, time(23, 59, 59))
    if until.tzinfo is None:
        until = until.replace(tzinfo=start.tzinfo)
    rule["UNTIL"] = [to_utc(until)]


# --- shared with ics_read ---------------------------------------------------


def _first(prop: Any) -> Any:
    return prop[0] if isinstance(prop, list) else prop


def _all(prop: Any) -> list[Any]:
    if prop is None:
        return []
    return list(prop) if isinstance(prop, list) else [prop]
