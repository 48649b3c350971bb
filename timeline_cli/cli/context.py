"""What the commands share: the display zone, the events files and the selection."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline_cli.errors import UsageError

if TYPE_CHECKING:
    from timeline_cli.model import Event, Range


def display_zone(option: str | None) -> tzinfo:
    """``--tz`` > ``TIMELINE_TZ`` > the system's IANA zone > UTC."""
    from timeline_cli.zones import resolve_zone, system_zone

    if option is not None:
        return resolve_zone(option, what="--tz zone")
    from_env = os.environ.get("TIMELINE_TZ")
    if from_env:
        return resolve_zone(from_env, what="TIMELINE_TZ zone")
    return system_zone()


def file_paths(files: list[Path] | None) -> list[Path]:
    """The events files named by ``-f``, else the defaults."""
    from timeline_cli.store import default_paths

    return list(files) if files else default_paths(os.environ, Path.cwd())


class Selection(NamedTuple):
    """The result of the shared filter options."""

    title: str | None
    zone: tzinfo
    now: datetime
    events: list[Event]


def select_events(
    file: list[Path] | None,
    tz: str | None,
    when: tuple[str | None, str | None, str | None],
    tags: list[str] | None,
    people: list[str] | None,
    search: str | None,
    limit: int | None,
    reverse: bool,
    anchors: tuple[str | None, str | None] = (None, None),
    series: bool = False,
) -> Selection:
    """Load the timeline and apply the filters of ``list`` and ``export``.

    ``anchors`` are the ids of ``--since`` and ``--until``: the range starts at the
    first one's start and ends with the second one's end. With a bounded range,
    repeating events are expanded into their occurrences.
    """
    from timeline_cli.query import Filters, select
    from timeline_cli.store import load
    from timeline_cli.timeparse import when_range

    now = datetime.now(UTC)
    zone = display_zone(tz)
    start, end, on = when
    span = when_range(start=start, end=end, on=on, now=now, zone=zone)
    timeline = load(file_paths(file))
    since, until = anchors
    if since is not None:
        span = span._replace(**_since(find_event(timeline.events, since), span, zone))
    if until is not None:
        span = span._replace(**_until(find_event(timeline.events, until), span, zone))
    events = timeline.events
    if (span.low is not None or span.high is not None) and any(e.repeat for e in events):
        from timeline_cli.recur import expand_range

        events = expand_range(events, span, zone)
    filters = Filters(
        span.low, span.high, tuple(tags or ()), tuple(people or ()), search, limit, reverse
    )
    filters = filters._replace(first=span.first, last=span.last)
    chosen = select(events, filters, zone)
    if series:  # each repeating event once, as written, when it occurs in the range
        by_id = {e.id: e for e in timeline.events}
        chosen = list({e.id: by_id.get(e.id, e) for e in chosen}.values())
    return Selection(timeline.title, zone, now, chosen)


def _since(anchor: Event, span: Range, zone: tzinfo) -> dict[str, Any]:
    """The range from the start of ``--since``'s event on (its instant and its day)."""
    begin = anchor.begin(zone)
    day = anchor.start.day if anchor.start.moment is None else begin.astimezone(zone).date()
    return {
        "low": begin if span.low is None else max(span.low, begin),
        "first": day if span.first is None else max(span.first, day),
    }


def _until(anchor: Event, span: Range, zone: tzinfo) -> dict[str, Any]:
    """The range up to the end of ``--until``'s event (its instant and its last day)."""
    finish = anchor.finish(zone)
    value = anchor.end or anchor.start
    moment = value.moment
    day = value.last_day() if moment is None else moment.astimezone(zone).date()
    return {
        "high": finish if span.high is None else min(span.high, finish),
        "last": day if span.last is None else min(span.last, day),
    }


def find_event(events: Sequence[Event], event_id: str) -> Event:
    """The event with this id; UsageError (exit 2) naming the closest ids otherwise."""
    import difflib

    for event in events:
        if event.id == event_id:
            return event
    close = difflib.get_close_matches(event_id, [e.id for e in events], n=3, cutoff=0.5)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    raise UsageError(f"no event with id {event_id!r}{hint}")
