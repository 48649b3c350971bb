"""Repeating events: the RRULE of a ``repeat`` value and its next occurrence.

Occurrences are computed on the wall clock of the event's own zone, so a weekly
20:00 KST broadcast stays 20:00 KST whatever the viewer's DST does. dateutil is
imported only here, and only by the commands that need recurrence.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta, tzinfo

from timeline_cli.display import value_text
from timeline_cli.model import Event, Precision, TimeValue, in_zone

SHORTHAND_RULES = {
    "yearly": "FREQ=YEARLY",
    "monthly": "FREQ=MONTHLY",
    "weekly": "FREQ=WEEKLY",
    "daily": "FREQ=DAILY",
}


def rule_text(event: Event) -> str | None:
    """The RRULE value of an event's ``repeat`` (a yearly 29 February: last day of Feb)."""
    if event.repeat is None:
        return None
    rule = SHORTHAND_RULES.get(event.repeat.lower())
    if rule is None:
        return event.repeat.removeprefix("RRULE:")
    day = event.start.day
    if rule == "FREQ=YEARLY" and (day.month, day.day) == (2, 29):
        return "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
    return rule


def next_occurrence(event: Event, now: datetime) -> TimeValue | None:
    """The first occurrence after ``now`` (None when the rule has ended or is unusable)."""
    from dateutil.rrule import rrulestr

    rule = rule_text(event)
    if rule is None:
        return None
    zone = event.zone
    start = event.start
    first = (
        in_zone(start.moment, zone).replace(tzinfo=None)
        if start.moment is not None
        else datetime.combine(start.day, time())
    )
    wall_now = in_zone(now, zone).replace(tzinfo=None)
    try:
        found = rrulestr(rule, dtstart=first).after(wall_now)
    except (ValueError, TypeError, OverflowError):
        return None
    if found is None:
        return None
    if start.moment is None:
        return TimeValue(Precision.DAY, found.date())
    moment = found.replace(tzinfo=zone)
    return TimeValue(Precision.TIME, found.date(), moment)


def describe_repeat(event: Event, now: datetime, zone: tzinfo) -> str:
    """``yearly (FREQ=YEARLY); next 2027-01-24 00:00 KST``."""
    rule = rule_text(event) or ""
    text = event.repeat or ""
    if rule != text:
        text += f" ({rule})"
    following = next_occurrence(event, now)
    if following is None:
        return text + "; no further occurrence"
    shown = value_text(following, zone)
    if following.moment is not None:
        shown += f" {in_zone(following.moment, zone).tzname()}"
    return f"{text}; next {shown}"


def expand(events: Sequence[Event], low: datetime | None, high: datetime | None) -> list[Event]:
    """Each repeating event replaced by its occurrences that meet [low, high).

    Occurrences keep the event's wall-clock time in its own zone (a weekly 20:00 KST
    broadcast stays 20:00 KST), and the length of a span. Without a bounded range a
    series stays one event. Shorthand rules need no dateutil; RRULE text does.
    """
    if low is None or high is None:
        return list(events)
    result: list[Event] = []
    for event in events:
        if event.repeat is None or event.start.precision in (Precision.YEAR, Precision.MONTH):
            result.append(event)
            continue
        found = [o for o in _occurrences(event, low, high) if o.overlaps(low, high, event.zone)]
        result += found or ([event] if event.overlaps(low, high, event.zone) else [])
    return result


def _occurrences(event: Event, low: datetime, high: datetime) -> list[Event]:
    """Occurrences of ``event`` from a little before ``low`` to ``high`` (wall clock)."""
    zone = event.zone
    start = event.start
    first = (
        in_zone(start.moment, zone).replace(tzinfo=None)
        if start.moment is not None
        else datetime.combine(start.day, time())
    )
    length = _length(event)
    wall_low = in_zone(low, zone).replace(tzinfo=None) - length - timedelta(days=2)
    wall_high = in_zone(high, zone).replace(tzinfo=None) + timedelta(days=2)
    walls = _walls(event, first, max(first, wall_low), wall_high)
    return [_moved(event, wall, length) for wall in walls[:MAX_OCCURRENCES]]


MAX_OCCURRENCES = 10_000


def _length(event: Event) -> timedelta:
    end = event.end
    if end is None:
        return timedelta(0)
    if event.start.moment is not None and end.moment is not None:
        return end.moment - event.start.moment
    return timedelta(days=(end.last_day() - event.start.day).days)


def _walls(event: Event, first: datetime, low: datetime, high: datetime) -> list[datetime]:
    """Wall times of the occurrences in [low, high], shorthands computed directly."""
    rule = (event.repeat or "").lower()
    if rule in ("daily", "weekly"):
        step = timedelta(days=1 if rule == "daily" else 7)
        skip = max(0, (low - first) // step)
        found: list[datetime] = []
        wall = first + skip * step
        while wall <= high and len(found) < MAX_OCCURRENCES:
            if wall >= low:
                found.append(wall)
            wall += step
        return found
    if rule in ("yearly", "monthly"):
        months = 12 if rule == "yearly" else 1
        found = []
        index = max(0, ((low.year - first.year) * 12 + low.month - first.month) // months - 1)
        while len(found) < MAX_OCCURRENCES:
            total = first.year * 12 + first.month - 1 + index * months
            year, month = divmod(total, 12)
            if year > 9999:
                break
            candidate = _on_day(first, year, month + 1)
            index += 1
            if candidate is None:
                continue
            if candidate > high:
                break
            if candidate >= low:
                found.append(candidate)
        return found
    from dateutil.rrule import rrulestr

    try:
        return list(rrulestr(rule_text(event) or "", dtstart=first).between(low, high, inc=True))
    except (ValueError, TypeError, OverflowError):
        return [first]


def _on_day(first: datetime, year: int, month: int) -> datetime | None:
    """``first``'s day in that month: 29 February → 28th, the 31st → the month's last
    day (as the ICS export writes them), a 29th or 30th skips the months without it."""
    last = calendar.monthrange(year, month)[1]
    day = first.day
    if day > last:
        if (first.month, day) == (2, 29) or day == 31:
            day = last
        else:
            return None
    return first.replace(year=year, month=month, day=day)


def _moved(event: Event, wall: datetime, length: timedelta) -> Event:
    """The event moved to start at ``wall`` (its end moved alike)."""
    if event.start.moment is None:
        start = TimeValue(Precision.DAY, wall.date())
        end = TimeValue(Precision.DAY, (wall + length).date()) if event.end else None
    else:
        moment = wall.replace(tzinfo=event.zone)
        start = TimeValue(Precision.TIME, wall.date(), moment)
        ends = moment + length
        end = TimeValue(Precision.TIME, ends.date(), ends) if event.end else None
    return replace(event, start=start, end=end)
