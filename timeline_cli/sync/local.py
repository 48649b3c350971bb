"""A sync's pulled changes (downloads, updates, removals) into the events file.

One locked, checked, atomic write (``store.changes.write_change``), planned again
under the lock: an event changed here since the sync read the file stops it. An
event downloaded under an id another event already has gets a free one (its UID
kept); the moved occurrences of a renamed series follow its new id, so the
resource is exported back the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from timeline_cli.model import Event
from timeline_cli.sync.plan import LOCAL_ACTIONS, Step
from timeline_cli.sync.resources import Resource, groups, resource


def write_local(
    target: Path,
    steps: list[Step],
    fetched: Mapping[str, Resource],
    header_zone: str | None,
    now: datetime,
) -> None:
    """Downloads, pulled updates and removals: one locked, checked, atomic write."""
    wanted = [s for s in steps if s.action in LOCAL_ACTIONS]
    if not wanted:
        return
    from timeline_cli.errors import WriteError
    from timeline_cli.store.changes import Change, write_change
    from timeline_cli.store.files import FileData

    def planned(current: FileData) -> Change:
        now_local = groups(current.events)
        taken = {e.id for e in current.events}
        add: list[Event] = []
        replaced: dict[str, Event] = {}
        remove: set[str] = set()
        for step in wanted:
            mine = now_local.get(step.uid, [])
            hash_now = resource(step.uid, mine, now).hash if mine else None
            if hash_now != step.local:
                raise WriteError(f"{target} changed during the sync: run sync again")
            theirs = fetched[step.uid].events if step.action != "delete-local" else []
            old_ids = {e.id: e for e in mine}
            new = [e for e in theirs if e.id not in old_ids]
            replaced.update((e.id, _keep_zone(old_ids[e.id], e)) for e in theirs if e.id in old_ids)
            add += free_ids(new, taken)
            remove |= set(old_ids) - {e.id for e in theirs}
        return Change(add, replaced, frozenset(remove))

    write_change(target, planned, header_zone=header_zone, create_folder=True)


def _keep_zone(old: Event, new: Event) -> Event:
    """``new``, without a zone of its own when it is the file's zone the old one used."""
    from timeline_cli.zones import zone_name

    if not old.has_zone and new.has_zone and zone_name(new.zone) == zone_name(old.zone):
        return replace(new, zone=old.zone, has_zone=False)
    return new


def free_ids(events: list[Event], taken: set[str]) -> list[Event]:
    """``events`` (of one resource, a series first), each renamed if its id is taken
    (its UID kept); a moved occurrence ``<series id>-<yyyymmdd>`` of a renamed series
    is renamed after the series' new id. ``taken`` learns the ids given."""
    from timeline_cli.formats.ics_moves import uid_of
    from timeline_cli.ids import unique_id

    renamed: dict[str, str] = {}  # a series' id → its new id
    out: list[Event] = []
    for event in events:
        old = event.id
        series = next((s for s in renamed if old.startswith(s + "-") and not event.repeat), None)
        if series is not None:
            event = replace(event, id=renamed[series] + old[len(series) :], uid=uid_of(event))
        if event.id in taken:
            event = replace(event, id=unique_id(event.id, taken), uid=uid_of(event))
        if event.repeat and event.id != old:
            renamed[old] = event.id
        taken.add(event.id)
        out.append(event)
    return out
