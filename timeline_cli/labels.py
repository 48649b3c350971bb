"""The tags and people of a timeline (``timeline tags``, ``timeline people``).

Pure: the events and the display zone are passed in. Spellings that differ only in
case (``BTS``, ``bts``) are one label, as the ``-t`` and ``-p`` filters take them:
it goes by the spelling most of its events use (the earliest on a tie) and keeps
the others as variants. Each event counts once for a label, however many of its
spellings it carries; a repeating event counts once, by its own start and end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import tzinfo
from typing import Literal, NamedTuple

from timeline_cli.model import Event, Precision, TimeValue, in_zone

Field = Literal["tags", "people"]


class Label(NamedTuple):
    """One tag or person: how many events carry it, and the time they cover."""

    name: str  # the spelling most of its events use
    events: int
    first: TimeValue  # the earliest start
    last: TimeValue  # the latest end (or start, for an event without an end)
    variants: tuple[str, ...] = ()  # the other spellings, most used first


def labels(events: Sequence[Event], field: Field, zone: tzinfo) -> list[Label]:
    """Each tag (or person) of ``events``, the most used first, then by name."""
    groups: dict[str, list[Event]] = {}
    spellings: dict[str, Counter[str]] = {}
    for event in events:
        names = event.tags if field == "tags" else event.people
        seen: set[str] = set()
        for name in names:
            key = name.casefold()
            spellings.setdefault(key, Counter())[name] += 1
            if key not in seen:
                seen.add(key)
                groups.setdefault(key, []).append(event)
    found = [_label(groups[key], spellings[key], zone) for key in groups]
    found.sort(key=lambda label: (-label.events, label.name.casefold(), label.name))
    return found


def _label(events: list[Event], spellings: Counter[str], zone: tzinfo) -> Label:
    # most_common keeps the order of first appearance among equal counts
    names = [name for name, _ in spellings.most_common()]
    first = min(events, key=lambda e: (e.begin(zone), e.start.precision)).start
    ending = max(events, key=lambda e: (e.finish(zone), -(e.end or e.start).precision))
    return Label(names[0], len(events), first, ending.end or ending.start, tuple(names[1:]))


def day_text(value: TimeValue, zone: tzinfo) -> str:
    """A value as a date: ``2017``, ``2017-02`` and ``2017-02-03`` as written; a time
    as its date in ``zone``."""
    if value.precision is Precision.YEAR:
        return f"{value.day.year:04d}"
    if value.precision is Precision.MONTH:
        return f"{value.day.year:04d}-{value.day.month:02d}"
    if value.moment is not None:
        return in_zone(value.moment, zone).date().isoformat()
    return value.day.isoformat()
