"""On this day: past events whose month and day come round again (issue 4, point 6).

Pure: ``today`` and the display zone are passed in. A timed event recurs on its
date in the display zone; an all-day event on its own date; a year or month alone
never recurs. 29 February recurs on 28 February in non-leap years.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from timeline_cli.model import Event, Precision, Range, in_zone


class Anniversary(NamedTuple):
    """One event coming round again on ``date``, ``years`` after it happened."""

    event: Event
    date: date
    years: int
    days_left: int
    rule: str | None = None  # set for an occurrence of a repeating event's own rule

    def label(self) -> str:
        """``1 year ago · 1st anniversary``, ``10 years ago · 10th anniversary``, or for a
        repeating event's occurrence ``↻ weekly · for 2 years``."""
        unit = "year" if self.years == 1 else "years"
        if self.rule is not None:
            return f"↻ {self.rule} · for {self.years} {unit}" if self.years else f"↻ {self.rule}"
        return f"{self.years} {unit} ago · {ordinal(self.years)} anniversary"

    def dday(self) -> str:
        """``D-day`` on the day itself, ``D-3`` three days before."""
        return "D-day" if self.days_left == 0 else f"D-{self.days_left}"


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``12th``, ``13th``, ``21st``, ``111th``."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def anniversaries(
    events: Sequence[Event], *, today: date, zone: tzinfo, within: int = 0
) -> list[Anniversary]:
    """Past events recurring from ``today`` to ``within`` days later, by date, oldest first.

    A window longer than a year holds every time an event comes round in it.
    """
    last = _last_day(today, within)
    found = list(_each(events, today, zone, last))
    return sorted(found, key=lambda a: (a.date, -a.years, a.event.title, a.event.id))


def _last_day(today: date, within: int) -> date:
    try:
        return today + timedelta(days=within)
    except OverflowError:
        return date.max


def _each(events: Iterable[Event], today: date, zone: tzinfo, last: date) -> Iterable[Anniversary]:
    for event in events:
        day = event_date(event, zone)
        if day is None or day >= today:
            continue
        for year in range(today.year, last.year + 1):
            coming = recurrence(day, year)
            if today <= coming <= last:
                yield Anniversary(event, coming, year - day.year, (coming - today).days)


def event_date(event: Event, zone: tzinfo) -> date | None:
    """The date an event recurs from: in ``zone`` when timed; None for a year or month."""
    start = event.start
    if start.precision < Precision.DAY:
        return None
    if start.moment is not None:
        return in_zone(start.moment, zone).date()
    return start.day


def next_recurrence(day: date, today: date) -> date | None:
    """The first recurrence of ``day`` on or after ``today`` (None past year 9999)."""
    for year in (today.year, today.year + 1):
        if year > 9999:
            return None
        coming = recurrence(day, year)
        if coming >= today:
            return coming
    return None


def recurrence(day: date, year: int) -> date:
    """``day``'s month and day in ``year``; 29 February becomes 28 February in common years."""
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def occurrences(
    events: Sequence[Event], *, today: date, zone: tzinfo, within: int = 0
) -> list[Anniversary]:
    """Occurrences of repeating events (other than yearly ones, which come round as
    anniversaries) from ``today`` to ``within`` days later, on their own rule."""
    from timeline_cli.display import repeat_mark
    from timeline_cli.recur import expand_range

    last = _last_day(today, within)
    after = last + timedelta(days=1) if last < date.max else None
    high = _midnight(after, zone) if after is not None else None
    span = Range(_midnight(today, zone), high, today, last)
    found = []
    for event in events:
        if event.repeat is None or event.repeat.lower() == "yearly":
            continue
        origin = event_date(event, zone)
        for occurrence in expand_range([event], span, zone):
            day = event_date(occurrence, zone)
            if day is None or origin is None or not today <= day <= last or day == origin:
                continue
            years = day.year - origin.year - ((day.month, day.day) < (origin.month, origin.day))
            mark = repeat_mark(event.repeat)
            found.append(Anniversary(event, day, years, (day - today).days, mark))
    return found


def _midnight(day: date, zone: tzinfo) -> datetime | None:
    """The first instant of ``day`` in ``zone`` (None past year 9999: open)."""
    try:
        return datetime.combine(day, time(), zone).astimezone(UTC)
    except OverflowError:
        return None
