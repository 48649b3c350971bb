"""Repeating events: one expansion of a ``repeat`` rule, used by every command.

RFC 5545 semantics, as calendar apps (and the ``recurring-ical-events`` library)
read the ICS export of the same event:

- occurrences are computed on the wall clock of the event's own zone (a weekly
  20:00 KST broadcast stays 20:00 KST), or of the offset of a start written with
  only an offset;
- the start is always the first occurrence, even when the rule does not match it;
- UNTIL is inclusive in each form RFC 5545 allows: a UTC time, a date (the whole
  day, in the event's zone) or a local time;
- an occurrence whose wall time falls in a DST gap takes the offset before the gap,
  two occurrences at one instant are one, and ``except`` cancels occurrences;
- a span keeps its exact duration (RFC 5545 3.8.5.3): an 8-hour night stays
  8 hours when the clocks change in it; an all-day span keeps its number of days.

dateutil is imported only here, and only when occurrences are asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from timeline_cli.errors import InvalidFileError, Problem, UsageError
from timeline_cli.model import Event, Precision, Range, TimeValue, in_zone, to_utc, wall_time
from timeline_cli.rules import SHORTHAND_RULES, clock_zone

if TYPE_CHECKING:
    from dateutil.rrule import rrule

MAX_OCCURRENCES = 100_000  # of one series in one range; more is an error, never a cut
_MARGIN = timedelta(days=2)  # wall clocks differ from UTC by less than this
# dateutil expands on naive wall times of the series' clock: these bound them.
_WALL_MIN = datetime.min  # noqa: DTZ901
_WALL_MAX = datetime.max  # noqa: DTZ901


def rule_text(event: Event) -> str | None:
    """The RRULE value of an event's ``repeat`` as written to ICS.

    ``monthly`` on the 31st is the last day of every month and ``yearly`` on
    29 February the last day of February, as calendar apps offer them; ``monthly``
    on the 29th or 30th skips the months without that day (RFC 5545). An RRULE
    written out is kept as it is.
    """
    if event.repeat is None:
        return None
    rule = SHORTHAND_RULES.get(event.repeat.strip().lower())
    if rule is None:
        return _normalised(event.repeat)
    day = event.start.day
    if event.start.moment is not None:
        day = in_zone(event.start.moment, clock(event)).date()
    if rule == "FREQ=YEARLY" and (day.month, day.day) == (2, 29):
        return "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
    if rule == "FREQ=MONTHLY" and day.day == 31:
        return "FREQ=MONTHLY;BYMONTHDAY=-1"
    return rule


def _normalised(repeat: str) -> str:
    parts = repeat.strip().removeprefix("RRULE:").split(";")
    return ";".join(
        f"{k.strip()}={v.strip()}".upper() for k, _, v in (p.partition("=") for p in parts)
    )


def clock(event: Event) -> tzinfo:
    """The zone whose wall clock the event repeats on."""
    return clock_zone(event.start, event.zone, event.has_zone)


class Series(NamedTuple):
    """A repeating event ready to expand: its rule on naive wall times of ``zone``."""

    event: Event
    zone: tzinfo
    first: datetime  # the start's wall time (midnight for an all-day event)
    length: timedelta  # exact for timed spans, whole days for all-day ones
    rule: rrule
    skipped: frozenset[datetime | date]  # instants (UTC) or dates of ``except``

    def walls(self, low: datetime, high: datetime) -> Iterator[datetime]:
        """Wall times of the occurrences from ``low`` to ``high`` (naive, inclusive)."""
        if low <= self.first <= high:
            yield self.first
        for wall in self.rule.xafter(max(low, self.first), inc=True):
            if wall > high:
                return
            if wall != self.first:
                yield wall


def series(event: Event) -> Series:
    """The compiled rule of a repeating event; InvalidFileError names the event when no
    calendar could expand it."""
    from dateutil.rrule import rrule as rrule_type
    from dateutil.rrule import rrulestr

    zone = clock(event)
    start = event.start
    timed = start.moment is not None
    first = in_zone(start.moment, zone).replace(tzinfo=None) if start.moment else None
    first = first or datetime.combine(start.day, time())
    try:
        rule = rrulestr(_with_wall_until(rule_text(event) or "", zone, timed), dtstart=first)
    except (ValueError, TypeError, OverflowError) as exc:
        raise InvalidFileError(_problem(event, f"cannot be expanded: {exc}")) from None
    if not isinstance(rule, rrule_type):  # one RRULE, never a set
        raise InvalidFileError(_problem(event, "is not one rule"))
    skipped = frozenset(to_utc(v.moment) if timed and v.moment else v.day for v in event.exceptions)
    return Series(event, zone, first, _length(event), rule, skipped)


def _problem(event: Event, message: str) -> Problem:
    """What is wrong with an event's ``repeat``, located at the event."""
    return Problem(
        "repeat", message, event.file, event.line, event=repr(event.id), event_line=event.line
    )


def _with_wall_until(rule: str, zone: tzinfo, timed: bool) -> str:
    """The rule with UNTIL as a naive wall time of ``zone`` (what dateutil compares with
    a naive start): a UTC time converted, a date taken as its whole day, a local time
    as it is; for an all-day event, the UNTIL's date."""
    parts = []
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key == "UNTIL":
            value = _wall_until(value, zone, timed)
        parts.append(f"{key}={value}")
    return ";".join(parts)


def _wall_until(value: str, zone: tzinfo, timed: bool) -> str:
    if not timed:  # an all-day series ends on the UNTIL's own date, as it is exported
        return value[:8]
    if len(value) == 8:
        return f"{value}T235959"
    day = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    wall = datetime(  # noqa: DTZ001 (a wall time, zoned below)
        day.year, day.month, day.day, int(value[9:11]), int(value[11:13]), int(value[13:15])
    )
    if value.endswith("Z"):
        wall = in_zone(wall.replace(tzinfo=UTC), zone).replace(tzinfo=None)
    return wall.strftime("%Y%m%dT%H%M%S")


def _length(event: Event) -> timedelta:
    end = event.end
    if end is None:
        return timedelta(0)
    if event.start.moment is not None and end.moment is not None:
        return to_utc(end.moment) - to_utc(event.start.moment)
    return timedelta(days=(end.last_day() - event.start.day).days)


def occurrences(found: Series, low: datetime, high: datetime) -> Iterator[Event]:
    """The occurrences whose wall start lies in [low, high] (naive walls of the clock),
    in order, each once, without the cancelled ones."""
    event = found.event
    seen: set[datetime] = set()
    for count, wall in enumerate(found.walls(low, high)):
        if count >= MAX_OCCURRENCES:
            raise UsageError(
                f"event {event.id!r} repeats more than {MAX_OCCURRENCES} times in the range",
                fix="range",
            )
        if event.start.moment is None:
            if wall.date() not in found.skipped:
                yield _dated(event, wall.date(), found.length)
            continue
        moment = wall_time(wall, found.zone)
        if wall == found.first and event.start.moment is not None:
            moment = in_zone(event.start.moment, found.zone)  # the start as written
        instant = to_utc(moment)
        if instant in seen or instant in found.skipped:
            continue
        seen.add(instant)
        yield _timed(event, moment, found.length)


def _dated(event: Event, day: date, length: timedelta) -> Event:
    start = TimeValue(Precision.DAY, day)
    end = TimeValue(Precision.DAY, day + length) if event.end is not None else None
    return replace(event, start=start, end=end)


def _timed(event: Event, moment: datetime, length: timedelta) -> Event:
    start = TimeValue(Precision.TIME, moment.date(), moment, event.start.exact)
    end = None
    if event.end is not None:
        ends = in_zone(to_utc(moment) + length, moment.tzinfo or UTC)
        end = TimeValue(Precision.TIME, ends.date(), ends, event.start.exact)
    return replace(event, start=start, end=end)


def expand(
    events: Sequence[Event], low: datetime | None, high: datetime | None, zone: tzinfo = UTC
) -> list[Event]:
    """Each repeating event replaced by its occurrences that meet [low, high).

    Open on one side, a series appears once: at its first occurrence that meets
    the range. Without a range it stays one event, at its start.
    """
    return expand_range(events, Range(low, high), zone)


def expand_range(events: Sequence[Event], span: Range, zone: tzinfo) -> list[Event]:
    """:func:`expand` for a range of instants and days (floating dates match by days)."""
    if span.low is None and span.high is None:
        return list(events)
    bounded = span.low is not None and span.high is not None
    result: list[Event] = []
    for event in events:
        if event.repeat is None:
            result.append(event)
            continue
        found = series(event)
        wall_low, wall_high = _window(found, span)
        meeting = (o for o in occurrences(found, wall_low, wall_high) if o.meets(span, zone))
        if bounded:
            result += meeting
        elif (first := next(meeting, None)) is not None:
            result.append(first)
    return result


def _window(found: Series, span: Range) -> tuple[datetime, datetime]:
    """The naive wall times of the clock that hold every occurrence meeting ``span``."""
    lows = [datetime.combine(span.first, time())] if span.first is not None else []
    if span.low is not None:
        lows.append(in_zone(span.low, found.zone).replace(tzinfo=None))
    highs = [datetime.combine(span.last, time())] if span.last is not None else []
    if span.high is not None:
        highs.append(in_zone(span.high, found.zone).replace(tzinfo=None))
    low = _moved(min(lows), -(found.length + _MARGIN)) if lows else _WALL_MIN
    high = _moved(max(highs), _MARGIN) if highs else _WALL_MAX
    return low, high


def _moved(wall: datetime, delta: timedelta) -> datetime:
    try:
        return wall + delta
    except OverflowError:
        return _WALL_MIN if delta < timedelta(0) else _WALL_MAX


def next_occurrence(event: Event, now: datetime) -> Event | None:
    """The first occurrence that starts after ``now`` (None when the rule has ended)."""
    found = series(event)
    wall_now = _moved(in_zone(now, found.zone).replace(tzinfo=None), -_MARGIN)
    for occurrence in occurrences(found, wall_now, _WALL_MAX):
        if occurrence.begin(found.zone) > now:
            return occurrence
    return None


def describe_repeat(event: Event, now: datetime, zone: tzinfo) -> str:
    """``yearly (FREQ=YEARLY); next 2027-01-24 00:00 KST``."""
    from timeline_cli.display import value_text

    rule = rule_text(event) or ""
    text = event.repeat or ""
    if rule != text:
        text += f" ({rule})"
    following = next_occurrence(event, now)
    if following is None:
        return text + "; no further occurrence"
    shown = value_text(following.start, zone)
    if following.start.moment is not None:
        shown += f" {in_zone(following.start.moment, zone).tzname()}"
    return f"{text}; next {shown}"
