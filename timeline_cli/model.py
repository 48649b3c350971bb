"""Events and their time values (the file format, README 'The events file').

A time value has a precision: a year (``"2017"``), a month (``"2017-02"``), a day
(an all-day, floating date) or a time (a wall-clock time in a zone, or an exact
instant). Floating values are never shifted between zones; timed values are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import IntEnum
from pathlib import Path
from typing import NamedTuple

UTC_MIN = datetime.min.replace(tzinfo=UTC)
UTC_MAX = datetime.max.replace(tzinfo=UTC)
_TICK = timedelta(microseconds=1)


def to_utc(moment: datetime) -> datetime:
    """``moment`` in UTC, clamped to the representable range near years 1 and 9999."""
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return UTC_MIN if moment.year < 5000 else UTC_MAX


def in_zone(moment: datetime, zone: tzinfo) -> datetime:
    """``moment`` in ``zone``, or unchanged where that would leave years 1 to 9999."""
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return moment


def wall_time(wall: datetime, zone: tzinfo) -> datetime:
    """The instant a wall-clock time names in ``zone``, as that zone's real clock shows it.

    A time in a DST gap takes the offset before the gap (RFC 5545 3.3.5): 02:30 in
    New York on the night clocks spring forward is 07:30 UTC, shown as 03:30 EDT, never
    as the 02:30 EST that did not exist. In a repeated hour the first is meant.
    """
    moment = wall.replace(tzinfo=zone, fold=0)
    try:
        real = moment.astimezone(UTC).astimezone(zone)
    except OverflowError:
        return moment
    return moment if real.replace(tzinfo=None) == moment.replace(tzinfo=None) else real


class Precision(IntEnum):
    """How precise a time value is; lower sorts first at the same instant."""

    YEAR = 0
    MONTH = 1
    DAY = 2
    TIME = 3


@dataclass(frozen=True, slots=True)
class TimeValue:
    """One ``start`` or ``end`` value.

    ``day`` is the first day of the period (for TIME: the wall-clock date in its
    zone); ``moment`` is the aware datetime for TIME values, in the zone the value
    was given in; ``exact`` says it was given with an explicit UTC offset.
    """

    precision: Precision
    day: date
    moment: datetime | None = None
    exact: bool = False

    @property
    def timed(self) -> bool:
        return self.precision is Precision.TIME

    def begin(self, zone: tzinfo) -> datetime:
        """First instant of the value in UTC; floating values start at midnight in ``zone``."""
        if self.moment is not None:
            return to_utc(self.moment)
        return to_utc(datetime.combine(self.day, time(), zone))

    def finish(self, zone: tzinfo) -> datetime:
        """The instant just after the value's period (exclusive; for TIME, a microsecond later)."""
        if self.moment is not None:
            moment = to_utc(self.moment)
            return moment + _TICK if moment != UTC_MAX else moment
        end = self.period_end()
        if end is None:
            return UTC_MAX
        # The period ends at the *last* midnight that starts the next day: when
        # clocks go back just after midnight (St. John's until 2011: 00:01), the
        # wall clock reads the old date again after the first midnight. A day the
        # zone skipped (Samoa's 2011-12-30) still lasts a microsecond, so it can be
        # found, and a range of it is not empty.
        midnight = datetime.combine(end, time(), zone)
        last = max(to_utc(midnight), to_utc(midnight.replace(fold=1)))
        return max(last, self.begin(zone) + _TICK)

    def period_end(self) -> date | None:
        """The first day after the period of a floating value (None after year 9999)."""
        if self.precision is Precision.YEAR:
            year, month = self.day.year + 1, 1
        elif self.precision is Precision.MONTH:
            year, month = divmod(self.day.year * 12 + self.day.month, 12)
            month += 1
        else:
            return self.day + timedelta(days=1) if self.day < date.max else None
        return date(year, month, 1) if year <= 9999 else None

    def last_day(self) -> date:
        """The inclusive last day of a floating value's period."""
        end = self.period_end()
        return end - timedelta(days=1) if end is not None else date.max


@dataclass(frozen=True, slots=True)
class Event:
    """One event, as loaded from a file (or about to be written to one)."""

    id: str
    title: str
    start: TimeValue
    zone: tzinfo
    end: TimeValue | None = None
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    location: str | None = None
    url: str | None = None
    source: str | None = None
    description: str | None = None
    repeat: str | None = None
    uid: str | None = None
    has_zone: bool = False
    exceptions: tuple[TimeValue, ...] = ()  # ``except``: cancelled occurrences
    file: Path | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    @property
    def timed(self) -> bool:
        return self.start.timed

    def begin(self, zone: tzinfo) -> datetime:
        """First instant of the event in UTC (floating dates start at midnight in ``zone``)."""
        return self.start.begin(zone)

    def finish(self, zone: tzinfo) -> datetime:
        """Exclusive end instant of the event in UTC."""
        return (self.end or self.start).finish(zone)

    def overlaps(self, low: datetime | None, high: datetime | None, zone: tzinfo) -> bool:
        """True when the event meets the half-open range [low, high)."""
        if high is not None and self.begin(zone) >= high:
            return False
        return not (low is not None and self.finish(zone) <= low)

    def meets(self, span: Range, zone: tzinfo) -> bool:
        """True when the event meets ``span``: timed events by instants, floating dates
        by dates (the same dates in every zone, whatever its midnights do)."""
        if self.start.moment is None and (span.first is not None or span.last is not None):
            if span.last is not None and self.start.day > span.last:
                return False
            return span.first is None or (self.end or self.start).last_day() >= span.first
        return self.overlaps(span.low, span.high, zone)


class Range(NamedTuple):
    """A range of the display zone: instants [low, high) and its days [first, last].

    Timed events are matched by the instants, all-day and partial dates by the days.
    None on a side: open.
    """

    low: datetime | None = None
    high: datetime | None = None
    first: date | None = None
    last: date | None = None


ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
FIELDS = (
    "id",
    "title",
    "start",
    "end",
    "timezone",
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
