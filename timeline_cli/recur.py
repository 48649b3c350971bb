"""Repeating events: the RRULE of a ``repeat`` value and its next occurrence.

Occurrences are computed on the wall clock of the event's own zone, so a weekly
20:00 KST broadcast stays 20:00 KST whatever the viewer's DST does. dateutil is
imported only here, and only by the commands that need recurrence.
"""

from __future__ import annotations

from datetime import datetime, time, tzinfo

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
