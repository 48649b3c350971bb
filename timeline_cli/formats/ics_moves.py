"""iCalendar export: cancelled occurrences (EXDATE) and changed ones (RECURRENCE-ID).

An event that import made from a changed occurrence of a series keeps the series'
UID and has the id ``<series id>-<yyyymmdd>``; when its series is exported with it,
it is written as that occurrence's override (``RECURRENCE-ID``, the same UID), and
the series lists the occurrence as replaced rather than cancelled (no EXDATE), as
calendar apps expect. Every other ``except`` entry is an EXDATE.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from timeline_cli.model import Event, TimeValue

UID_DOMAIN = "@timeline"


class Moves(NamedTuple):
    """The overrides among the exported events."""

    recurrence: dict[str, tuple[Event, TimeValue]]  # override id → (series, its occurrence)
    replaced: dict[str, list[TimeValue]]  # series id → occurrences written as overrides


def uid_of(event: Event) -> str:
    return event.uid or f"{event.id}{UID_DOMAIN}"


def find_moves(events: Sequence[Event]) -> Moves:
    """Each event that is a changed occurrence of a series exported with it."""
    series = {uid_of(e): e for e in events if e.repeat and e.exceptions}
    moves = Moves({}, {})
    for event in events:
        found = series.get(event.uid or "") if not event.repeat else None
        if found is None:
            continue
        match = re.fullmatch(re.escape(found.id) + r"-(\d{8})(?:-\d+)?", event.id)
        day = match[1] if match else None
        for value in found.exceptions:
            taken = moves.replaced.setdefault(found.id, [])
            if f"{value.day:%Y%m%d}" == day and value not in taken:
                moves.recurrence[event.id] = (found, value)
                taken.append(value)
                break
    return moves


def cancelled(event: Event, moves: Moves) -> list[TimeValue]:
    """The occurrences of a series written as EXDATE: ``except`` less the overrides."""
    replaced = moves.replaced.get(event.id, [])
    return [value for value in event.exceptions if value not in replaced]
