"""What the commands share: the display zone, the events files and the selection."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from timeline_cli.cli.options import FilterArgs

if TYPE_CHECKING:
    from timeline_cli.model import Event


def display_zone(option: str | None) -> tzinfo:
    """``--tz`` > ``TIMELINE_TZ`` > the system's IANA zone > UTC."""
    from timeline_cli.settings import current
    from timeline_cli.zones import resolve_zone, system_zone

    chosen = current().with_options(tz=option)
    if chosen.zone is not None:
        return resolve_zone(chosen.zone, what=f"{chosen.sources['zone']} zone")
    return system_zone()


def file_paths(files: list[Path] | None) -> list[Path]:
    """The events files named by ``-f``, else ``TIMELINE_FILE``, else the defaults."""
    from timeline_cli.settings import current

    return list(current().with_options(files=files).files)


class Selection(NamedTuple):
    """The result of the shared filter options."""

    title: str | None
    zone: tzinfo
    now: datetime
    events: list[Event]


def select(
    filters: FilterArgs, file: list[Path] | None, tz: str | None, *, series: bool = False
) -> Selection:
    """Load the timeline and run the query the filter options describe.

    WHEN texts are read in the display zone at ``now``; the core (``query.run``)
    applies the anchors and expands repeating events in a bounded range.
    """
    from timeline_cli.query import Query, run
    from timeline_cli.store import load
    from timeline_cli.timeparse import RangeLabels, when_range

    now = datetime.now(UTC)
    zone = display_zone(tz)
    labels = RangeLabels(start="--from", end="--to", on="--on")
    span = when_range(
        start=filters.start, end=filters.end, on=filters.on, now=now, zone=zone, labels=labels
    )
    timeline = load(file_paths(file))
    query = Query(
        span=span,
        tags=tuple(filters.tag or ()),
        people=tuple(filters.person or ()),
        search=filters.search,
        limit=filters.limit,
        reverse=filters.reverse,
        since=filters.since,
        until=filters.until,
        series=series,
    )
    return Selection(timeline.title, zone, now, run(query, timeline.events, zone))
