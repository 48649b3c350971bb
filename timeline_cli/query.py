"""Filters and ordering of events (pure: everything it needs is passed in)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import NamedTuple

from timeline_cli.errors import UsageError
from timeline_cli.model import Event, Range, in_zone


class Filters(NamedTuple):
    """The shared filter options of ``list``, ``export`` and the other listing commands."""

    low: datetime | None = None
    high: datetime | None = None
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    search: str | None = None
    limit: int | None = None
    reverse: bool = False
    first: date | None = None  # the days of the range, for all-day and partial dates
    last: date | None = None

    @property
    def span(self) -> Range:
        return Range(self.low, self.high, self.first, self.last)


def sort_key(event: Event, zone: tzinfo) -> tuple[datetime, int, str, str]:
    """Oldest first; at the same instant, coarser precision first, then title and id."""
    return (event.begin(zone), int(event.start.precision), event.title.casefold(), event.id)


def matches(event: Event, filters: Filters, zone: tzinfo) -> bool:
    """True when the event passes every filter (tags and people: any of them)."""
    if filters.tags:
        wanted = {t.casefold() for t in filters.tags}
        if not any(t.casefold() in wanted for t in event.tags):
            return False
    if filters.people:
        wanted = {p.casefold() for p in filters.people}
        if not any(p.casefold() in wanted for p in event.people):
            return False
    if filters.search and filters.search.casefold() not in haystack(event):
        return False
    if filters.low is None and filters.high is None:
        return True
    return event.meets(filters.span, zone)


def haystack(event: Event) -> str:
    """The text ``--search`` looks in, case-folded."""
    parts: Iterable[str | None] = (
        event.title,
        event.description,
        event.location,
        event.source,
        *event.people,
        *event.tags,
    )
    return "\n".join(p for p in parts if p).casefold()


def select(events: Sequence[Event], filters: Filters, zone: tzinfo) -> list[Event]:
    """The matching events in order (``reverse``: newest first), at most ``limit`` of them."""
    found = [e for e in events if matches(e, filters, zone)]
    found.sort(key=lambda e: sort_key(e, zone), reverse=filters.reverse)
    if filters.limit is not None:
        found = found[: filters.limit]
    return found


EVERYTHING = Range()  # no range: open on both sides


class AnchorLabels(NamedTuple):
    """What messages call the two anchors (the command layer passes its options)."""

    since: str = "since"
    until: str = "until"


PLAIN = AnchorLabels()  # the core's own words; ``list`` and the rest pass their options


@dataclass(frozen=True, kw_only=True, slots=True)
class Query:
    """What the filter options select, as the core runs it (``run``).

    ``span`` is the range of the display zone; ``since``/``until`` are event ids whose
    start and end narrow it; ``series`` keeps each repeating event once, as written,
    when it occurs in the range (for the exports that carry rules).
    """

    span: Range = EVERYTHING
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    search: str | None = None
    limit: int | None = None
    reverse: bool = False
    since: str | None = None
    until: str | None = None
    series: bool = False
    labels: AnchorLabels = PLAIN


def run(query: Query, events: Sequence[Event], zone: tzinfo) -> list[Event]:
    """The events (occurrences, in a bounded range) the query selects, in order."""
    span = query.span
    since = find(events, query.since) if query.since is not None else None
    until = find(events, query.until) if query.until is not None else None
    if since is not None:
        span = _since(since, span, zone)
    if until is not None:
        span = _until(until, span, zone)
    if since is not None and until is not None and since.begin(zone) >= until.finish(zone):
        first = _since(since, EVERYTHING, zone).first
        last = _until(until, EVERYTHING, zone).last
        raise UsageError(
            f"{query.labels.since} {since.id} ({first}) is after "
            f"{query.labels.until} {until.id} (which ends {last})"
        )
    chosen: Sequence[Event] = events
    if (span.low is not None or span.high is not None) and any(e.repeat for e in events):
        from timeline_cli.recur import expand_range

        chosen = expand_range(events, span, zone)
    filters = Filters(
        span.low,
        span.high,
        query.tags,
        query.people,
        query.search,
        query.limit,
        query.reverse,
        span.first,
        span.last,
    )
    found = select(chosen, filters, zone)
    if query.series:
        by_id = {e.id: e for e in events}
        found = list({e.id: by_id.get(e.id, e) for e in found}.values())
    return found


def _since(anchor: Event, span: Range, zone: tzinfo) -> Range:
    """The range from the start of the anchor event on (its instant and its day)."""
    begin = anchor.begin(zone)
    day = anchor.start.day if anchor.start.moment is None else in_zone(begin, zone).date()
    low = begin if span.low is None else max(span.low, begin)
    return span._replace(low=low, first=day if span.first is None else max(span.first, day))


def _until(anchor: Event, span: Range, zone: tzinfo) -> Range:
    """The range up to the end of the anchor event (its instant and its last day)."""
    finish = anchor.finish(zone)
    value = anchor.end or anchor.start
    day = value.last_day() if value.moment is None else in_zone(value.moment, zone).date()
    high = finish if span.high is None else min(span.high, finish)
    return span._replace(high=high, last=day if span.last is None else min(span.last, day))


def find(events: Sequence[Event], event_id: str) -> Event:
    """The event with this id; UsageError (exit 2) naming the closest ids otherwise."""
    from timeline_cli.suggest import close_matches

    for event in events:
        if event.id == event_id:
            return event
    close = close_matches(event_id, (e.id for e in events), n=3, cutoff=0.5)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    raise UsageError(f"no event with id {event_id!r}{hint}")
