"""Events and their time values (DESIGN.md section 1).

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
            return self.moment.astimezone(UTC)
        return datetime.combine(self.day, time(), zone).astimezone(UTC)

    def finish(self, zone: tzinfo) -> datetime:
        """The instant just after the value's period (exclusive; for TIME, a microsecond later)."""
        if self.moment is not None:
            return self.moment.astimezone(UTC) + timedelta(microseconds=1)
        return datetime.combine(self.period_end(), time(), zone).astimezone(UTC)

    def period_end(self) -> date:
        """The first day after the period of a floating value."""
        if self.precision is Precision.YEAR:
            return date(self.day.year + 1, 1, 1) if self.day.year < 9999 else date.max
        if self.precision is Precision.MONTH:
            year, month = divmod(self.day.year * 12 + self.day.month, 12)
            return date(year, month + 1, 1) if year <= 9999 else date.max
        return self.day + timedelta(days=1) if self.day < date.max else date.max

    def last_day(self) -> date:
        """The inclusive last day of a floating value's period."""
        end = self.period_end()
        return end - timedelta(days=1) if end != date.max else end


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
    has_zone: bool = False
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
)
