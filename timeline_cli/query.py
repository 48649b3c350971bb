"""Filters and ordering of events (pure: everything it needs is passed in)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, tzinfo
from typing import NamedTuple

from timeline_cli.model import Event, Range


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
