"""What a sync does with each event: pure, from three views of every UID.

The local view (each event's content hash in the events file), the remote view
(each resource's href, ETag and content hash) and the state (what both sides held
after the last sync) decide, per UID of their union, one step:

- only one side changed since the last sync: that side's version goes to the other
  (``upload``/``push``/``delete-remote``, or ``download``/``pull``/``delete-local``);
- both changed: a ``conflict``, nothing overwritten, unless ``prefer`` names the side
  that wins, or the user edited the event locally after the conflict was reported
  while the remote stayed as it was then (a later ``sync`` after an ``edit``);
- no state: equal contents are recorded, different ones are conflicts, and nothing
  is deleted (a lost state file is safe);
- the same change on both sides, or none: ``record`` (the state only) or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple, Protocol

from timeline_cli.sync.state import Entry

Action = Literal[
    "upload",  # new here: PUT If-None-Match: *
    "download",  # new there: added to the events file
    "push",  # changed here: PUT If-Match
    "pull",  # changed there: replaced in the events file
    "delete-remote",  # removed here: DELETE If-Match
    "delete-local",  # removed there: removed from the events file
    "conflict",  # changed on both sides: left alone
    "record",  # the same on both sides: the state learns it
    "forget",  # gone on both sides: the state forgets it
]
Prefer = Literal["local", "remote"] | None
REMOTE_ACTIONS = ("upload", "push", "delete-remote")
LOCAL_ACTIONS = ("download", "pull", "delete-local")


class There(NamedTuple):
    """A resource on the server: where, its ETag, its content's hash."""

    href: str
    etag: str | None
    hash: str


class Step(NamedTuple):
    """What happens to one UID, and what it is based on."""

    action: Action
    uid: str
    local: str | None  # the local content hash (None: not in the events file)
    remote: There | None  # the resource (None: not on the server)
    why: str = ""  # for a conflict: "edited on both sides", "edited here, deleted there"


class _Make(Protocol):
    def __call__(self, action: Action, why: str = "") -> Step: ...


def plan(
    local: Mapping[str, str],
    remote: Mapping[str, There],
    state: Mapping[str, Entry],
    prefer: Prefer = None,
) -> list[Step]:
    """One step per UID that needs one, sorted by UID (steps with nothing to do left out)."""
    steps = []
    for uid in sorted(set(local) | set(remote) | set(state)):
        step = _step(uid, local.get(uid), remote.get(uid), state.get(uid), prefer)
        if step is not None:
            steps.append(step)
    return steps


def _step(
    uid: str, here: str | None, there: There | None, entry: Entry | None, prefer: Prefer
) -> Step | None:
    def make(action: Action, why: str = "") -> Step:
        return Step(action, uid, here, there, why)

    if entry is None:  # never synced, or the state was lost
        if there is None:
            return make("upload") if here is not None else None
        if here is None:
            return make("download")
        if here == there.hash:
            return make("record")
        return _conflict(make, "different on both sides", prefer, here, there)
    changed_here = here != entry.hash
    changed_there = _changed(there, entry)
    if not changed_here and not changed_there:
        if there is not None and (there.etag != entry.etag or entry.conflict is not None):
            return make("record")  # a new ETag for the same content, or a conflict undone
        return None
    if changed_here != changed_there:  # one side changed: it wins
        return _winner(make, "local" if changed_here else "remote", here, there)
    # changed on both sides
    if here is None and there is None:
        return make("forget")
    if here is not None and there is not None and here == there.hash:
        return make("record")
    seen = entry.conflict
    if seen is not None and (there.etag if there else None) == seen.etag and here != seen.hash:
        return _winner(make, "local", here, there)  # edited here since the conflict was shown
    if here is None:
        why = "deleted here, edited there"
    elif there is None:
        why = "edited here, deleted there"
    else:
        why = "edited on both sides"
    return _conflict(make, why, prefer, here, there)


def _changed(there: There | None, entry: Entry) -> bool:
    """True when the server's resource is not what the last sync left there."""
    if there is None:
        return entry.href is not None
    return there.etag != entry.etag and there.hash != entry.hash


def _conflict(make: _Make, why: str, prefer: Prefer, here: str | None, there: There | None) -> Step:
    if prefer is None:
        return make("conflict", why)
    return _winner(make, prefer, here, there)


def _winner(make: _Make, side: str, here: str | None, there: There | None) -> Step:
    """The step that makes the other side like ``side``'s version."""
    if side == "local":
        if here is None:
            return make("delete-remote") if there is not None else make("forget")
        return make("push") if there is not None else make("upload")
    if there is None:
        return make("delete-local") if here is not None else make("forget")
    return make("pull") if here is not None else make("download")
