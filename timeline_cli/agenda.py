"""What is coming (``timeline next``): the agenda of the next days, from ``now``.

Pure: ``now`` and the display zone are passed in. The window is the display zone's
days from today to ``days`` days later, inclusive; a timed event counts from ``now``
on (one earlier today has passed). Each item is one of four kinds:

- ``event``: an event starting in the window. A month or a year alone ("2027-03",
  "2027") counts when its first day is in the window: "some time in March" shows
  in the agenda that holds 1 March, and not once March has begun.
- ``occurrence``: an occurrence of a repeating event in the window, from the one
  expansion of ``recur`` (the series' own start is an ``event``).
- ``anniversary``: a past event whose month and day come round in the window
  (``anniversaries``); a repeating event comes round on its own rule instead.
- ``ongoing``: a span that began before now (before today, for dates) and has not
  ended: ``day 40 of 549``, ``ends in 12 days``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from timeline_cli.model import UTC_MIN, Event, Precision, Range, TimeValue, in_zone, to_utc

KINDS = ("event", "occurrence", "anniversary", "ongoing")
_Day = date  # the field ``date`` hides the type inside Item


class Item(NamedTuple):
    """One line of the agenda, on ``date`` of the display zone, ``days_left`` from today."""

    event: Event  # an occurrence: with that occurrence's own start and end
    kind: str  # one of KINDS
    date: date  # today for an ongoing span
    days_left: int
    at: datetime | None = None  # the start of a timed event or occurrence
    years: int = 0  # an anniversary: how many years
    day: int = 0  # an ongoing span: which of its days today is (1: the first)
    length: int = 0  # an ongoing span: how many days it has
    ends: _Day | None = None  # an ongoing span: its last day

    def label(self) -> str:
        """``event``, ``event · 65 days``, ``↻ weekly``, ``2nd anniversary`` or
        ``ongoing · day 40 of 549 · ends in 12 days``."""
        from timeline_cli.anniversaries import ordinal
        from timeline_cli.display import repeat_mark, span_text

        if self.kind == "anniversary":
            return f"{ordinal(self.years)} anniversary"
        if self.kind == "ongoing":
            return f"ongoing · day {self.day} of {self.length} · {self._ending()}"
        if self.kind == "occurrence" and self.event.repeat is not None:
            return f"↻ {repeat_mark(self.event.repeat)}"
        lasting = span_text(self.event)
        return f"event · {lasting}" if lasting else "event"

    def _ending(self) -> str:
        left = (self.ends - self.date).days if self.ends is not None else 0
        if left <= 1:
            return "ends today" if left <= 0 else "ends tomorrow"
        return f"ends in {left} days"

    def countdown(self, now: datetime) -> str:
        """``D-day``, ``D-3``; ``in 3h`` or ``in 20min`` for a timed start later today;
        ``now`` for an ongoing span."""
        if self.kind == "ongoing":
            return "now"
        if self.days_left == 0 and self.at is not None:
            seconds = int((self.at - now).total_seconds())
            if seconds < 60:
                return "now"
            return f"in {seconds // 3600}h" if seconds >= 3600 else f"in {seconds // 60}min"
        return "D-day" if self.days_left == 0 else f"D-{self.days_left}"


class Window(NamedTuple):
    """The days of the agenda in the display zone, and the instants from ``now``."""

    today: date
    last: date
    span: Range


def window(now: datetime, zone: tzinfo, days: int) -> Window:
    """Today to ``days`` days later in ``zone``; timed events from ``now`` to the end of
    the last day (open past year 9999)."""
    today = in_zone(now, zone).date()
    high: datetime | None
    try:
        last = today + timedelta(days=days)
        high = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
    except OverflowError:
        last, high = date.max, None
    return Window(today, last, Range(now, high, today, last))


def agenda(events: Sequence[Event], *, now: datetime, zone: tzinfo, days: int) -> list[Item]:
    """What ``events`` hold from ``now`` to ``days`` days later, soonest first (spans in
    progress first, then by day, all-day before timed, then by time and title)."""
    from timeline_cli.anniversaries import anniversaries
    from timeline_cli.query import Query, run

    frame = window(now, zone, days)
    items = list(_coming(events, run(Query(span=frame.span), events, zone), now, zone, frame))
    once = [e for e in events if e.repeat is None]
    for found in anniversaries(once, today=frame.today, zone=zone, within=days):
        items.append(
            Item(found.event, "anniversary", found.date, found.days_left, None, found.years)
        )
    items.sort(key=_order)
    return items


def _order(item: Item) -> tuple[date, int, date, datetime, int, str, str]:
    ongoing = item.kind == "ongoing"
    ends = item.ends or date.min
    precision = int(item.event.start.precision)
    title = item.event.title.casefold()
    return (
        item.date,
        0 if ongoing else 1,
        ends,
        item.at or UTC_MIN,
        precision,
        title,
        item.event.id,
    )


def _coming(
    events: Sequence[Event], found: Iterable[Event], now: datetime, zone: tzinfo, frame: Window
) -> Iterable[Item]:
    """The events and occurrences meeting the window, each as its kind of item."""
    origins = {e.id: e for e in events}
    for event in found:
        start = event.start
        first = _day(start, zone)
        spans = event.end is not None and event.end != event.start
        began = to_utc(start.moment) < now if start.moment is not None else first < frame.today
        if spans and began:
            yield _ongoing(event, first, zone, frame.today)
            continue
        if began and start.precision < Precision.DAY:
            continue  # a month or year alone that began before today
        origin = origins.get(event.id, event)
        repeated = origin.repeat is not None and event.begin(zone) != origin.begin(zone)
        kind = "occurrence" if repeated else "event"
        at = to_utc(start.moment) if start.moment is not None else None
        yield Item(event, kind, first, (first - frame.today).days, at)


def _ongoing(event: Event, first: date, zone: tzinfo, today: date) -> Item:
    last = _day(event.end, zone, last=True) if event.end is not None else first
    length = (last - first).days + 1
    return Item(event, "ongoing", today, 0, None, 0, (today - first).days + 1, length, last)


def _day(value: TimeValue, zone: tzinfo, *, last: bool = False) -> date:
    """The value's day in ``zone`` (a timed one's date there; a floating one's first
    day, or with ``last`` its last day)."""
    if value.moment is not None:
        return in_zone(value.moment, zone).date()
    return value.last_day() if last else value.day
