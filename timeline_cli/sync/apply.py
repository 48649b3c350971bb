"""One sync, in an order a kill at any moment cannot spoil.

1. Read both sides: the events file's resources, the remote listing (only the
   changed resources are fetched), the state.
2. Plan (``plan.plan``); a dry run stops here.
3. Pulled changes (downloads, updates, removals) go into the events file in one
   locked, checked, atomic write (``store.changes.write_change``), then the state.
4. Each remote change is sent (``If-None-Match``/``If-Match``) and recorded in the
   state as it goes (saved every few requests and at the end). A repeated upload
   after a kill meets the resource already there, and equal contents without
   state are recorded, never uploaded again; a 412 becomes a conflict for this run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import NamedTuple

from timeline_cli.errors import RemoteError
from timeline_cli.sync.client import Client, Precondition, Rejected
from timeline_cli.sync.plan import LOCAL_ACTIONS, REMOTE_ACTIONS, Prefer, Step, There, plan
from timeline_cli.sync.resources import Resource, groups, payloads, read_resource, resource
from timeline_cli.sync.state import Entry, State

SAVE_EVERY = 20  # remote changes between two writes of the state
Progress = Callable[[int, int], None]  # (done, total) remote changes


class Done(NamedTuple):
    """One step as planned or done, with what to show about it."""

    step: Step
    id: str
    title: str
    diff: list[str]  # for a conflict: "field: local → remote" lines
    error: str | None = None  # why the server refused it


class Outcome(NamedTuple):
    steps: list[Done]
    notes: list[str]
    failed: int  # events the server refused


class Sides(NamedTuple):
    """Both sides, read."""

    local: dict[str, Resource]
    remote: dict[str, There]
    fetched: dict[str, Resource]  # the remote resources read this run, by UID
    notes: list[str]
    token: str | None
    skipped: set[str]  # UIDs whose remote resource could not be read: left alone


def read_sides(
    client: Client, target: Path, state: State, zone: tzinfo, now: datetime
) -> tuple[Sides, tzinfo]:
    """The local resources and the remote view (the unchanged ones from the state)."""
    from timeline_cli.store import load_file

    current = load_file(target) if target.exists() else None
    file_zone = current.zone if current is not None and current.zone_name else zone
    events = current.events if current is not None else []
    local = {uid: resource(uid, members, now) for uid, members in groups(events).items()}
    listing = client.listing(state.token)
    by_href = state.by_href()
    etags = dict(listing.etags)
    if not listing.complete:  # changes only: the rest is as the state says
        for href, uid in by_href.items():
            if href not in listing.deleted and href not in etags:
                etags[href] = state.entries[uid].etag
    wanted = [
        h for h, tag in etags.items() if h not in by_href or state.entries[by_href[h]].etag != tag
    ]
    remote: dict[str, There] = {}
    fetched: dict[str, Resource] = {}
    notes: list[str] = []
    skipped: set[str] = set()
    for item in client.fetch(wanted):
        if item.data is None:
            continue
        try:
            found, why = read_resource(item.data, item.href, file_zone, now)
        except Exception as exc:  # untrusted bytes: any failure skips the resource
            from timeline_cli.errors import TimelineError

            reason = exc.message if isinstance(exc, TimelineError) else type(exc).__name__
            notes.append(f"{item.href}: skipped, not a valid calendar event ({reason})")
            if item.href in by_href:
                skipped.add(by_href[item.href])
            continue
        if found.uid in remote:
            other = remote[found.uid].href
            notes.append(f"{item.href}: skipped, UID {found.uid} is also in {other}")
            continue
        notes.extend(f"{item.href}: {note}" for note in why)
        remote[found.uid] = There(item.href, item.etag, found.hash)
        fetched[found.uid] = found
    asked = set(wanted)
    for href, tag in etags.items():
        known = by_href.get(href)
        if known is not None and href not in asked and known not in remote:
            entry = state.entries[known]
            remote[known] = There(href, tag, entry.hash or "")
    for uid in skipped:  # unreadable there: left alone on both sides this time
        local.pop(uid, None)
        remote.pop(uid, None)
    token = listing.token if not notes else None
    return Sides(local, remote, fetched, notes, token, skipped), file_zone


def sync(
    client: Client,
    target: Path,
    state: State,
    *,
    zone: tzinfo,
    now: datetime,
    prefer: Prefer = None,
    dry_run: bool = False,
    header_zone: str | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Sync ``target`` with the client's calendar; what was planned (and done)."""
    sides, _ = read_sides(client, target, state, zone, now)
    entries = {u: e for u, e in state.entries.items() if u not in sides.skipped}
    steps = plan({u: r.hash for u, r in sides.local.items()}, sides.remote, entries, prefer)
    shown = [_shown(step, sides) for step in steps]
    if dry_run:
        return Outcome(shown, sides.notes, 0)
    from timeline_cli.sync.local import write_local

    write_local(target, [d.step for d in shown], sides.fetched, header_zone, now)
    for done in shown:
        step, there = done.step, done.step.remote
        if step.action in LOCAL_ACTIONS or step.action == "record":
            assert there is not None or step.action == "delete-local"
            state.put(step.uid, Entry(there.href, there.etag, there.hash) if there else None)
        elif step.action == "forget":
            state.put(step.uid, None)
        elif step.action == "conflict":
            href = there.href if there else None
            state.conflict(step.uid, there.etag if there else None, step.local, href)
    state.save()
    return _push(client, state, shown, sides, progress, now)


def _push(
    client: Client,
    state: State,
    shown: list[Done],
    sides: Sides,
    progress: Progress | None,
    now: datetime,
) -> Outcome:
    remote_steps = [d for d in shown if d.step.action in REMOTE_ACTIONS]
    sent = [sides.local[d.step.uid] for d in remote_steps if d.step.action != "delete-remote"]
    data = payloads(sent, now)
    failed = 0
    result = list(shown)
    for count, done in enumerate(remote_steps, 1):
        step = done.step
        try:
            _send(client, state, step, sides, data)
        except Precondition:
            state.conflict(step.uid, None, step.local, step.remote.href if step.remote else None)
            index = result.index(done)
            why = "changed there during this sync"
            result[index] = done._replace(step=step._replace(action="conflict", why=why))
        except Rejected as exc:
            failed += 1
            result[result.index(done)] = done._replace(error=exc.message)
        except RemoteError:
            state.save()
            raise
        if count % SAVE_EVERY == 0:
            state.save()
        if progress is not None:
            progress(count, len(remote_steps))
    if remote_steps:
        state.save()
    clean = not failed and not any(d.step.action == "conflict" for d in result)
    state.token = _next_token(client, state, remote_steps, sides.token) if clean else None
    state.save()
    return Outcome(result, sides.notes, failed)


def _next_token(client: Client, state: State, pushed: list[Done], token: str | None) -> str | None:
    """The sync-token the next sync may start from, or None (then it lists everything).

    The listing's token is older than this run's own changes; a server need not report
    a resource created and deleted after a token, so the changes since it are asked
    again: when they are exactly this run's (each href with the ETag recorded), the
    new token is safe; anything else (someone else's change meanwhile) and it is not.
    """
    if token is None or not pushed:
        return token
    since = client.listing(token)
    if since.complete:
        return None
    ours: dict[str, str | None] = {}
    gone: set[str] = set()
    for done in pushed:
        entry = state.entries.get(done.step.uid)
        if done.step.action == "delete-remote" and done.step.remote is not None:
            gone.add(done.step.remote.href)
        elif entry is not None and entry.href is not None and entry.etag is not None:
            ours[entry.href] = entry.etag
        else:
            return None
    if since.etags != ours or not since.deleted <= gone:
        return None
    return since.token


def _send(client: Client, state: State, step: Step, sides: Sides, data: dict[str, bytes]) -> None:
    there = step.remote
    if step.action == "delete-remote":
        assert there is not None
        client.delete(there.href, there.etag)
        state.put(step.uid, None)
        return
    mine = sides.local[step.uid]
    href = there.href if there is not None else client.href_for(step.uid)
    etag = client.put(href, data[step.uid], there.etag if there is not None else None)
    state.put(step.uid, Entry(href, etag, mine.hash))


def _shown(step: Step, sides: Sides) -> Done:
    mine, theirs = sides.local.get(step.uid), sides.fetched.get(step.uid)
    first = mine or theirs
    diff: list[str] = []
    if step.action == "conflict":
        from timeline_cli.importing import changes

        if mine and theirs:
            for old, new in zip(mine.events, theirs.events, strict=False):
                diff += changes(old, new, width=50)
        diff = diff or [f"{step.why}"]
    return Done(step, first.id if first else step.uid, first.title if first else "", diff)
