"""Events ↔ calendar resources: one resource per UID, its bytes and its content hash.

A resource holds one event, or a series with its moved occurrences (the same UID,
with RECURRENCE-ID): ``groups`` puts those together. Its bytes are the ICS
exporter's (``payloads``: made only for what is uploaded, their VTIMEZONEs built once
a run); a remote resource is read by the ICS importer and checked like an imported
file. The content hash is taken from the VEVENTs the exporter writes (without
DTSTAMP, PRODID or VTIMEZONE), so an event and its export read back hash the same,
on whichever side it was read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import NamedTuple

from timeline_cli.formats.ics_moves import uid_of
from timeline_cli.model import Event


class Resource(NamedTuple):
    """One resource's events (a series first) and their content hash."""

    uid: str
    events: list[Event]
    hash: str

    @property
    def title(self) -> str:
        return self.events[0].title if self.events else ""

    @property
    def id(self) -> str:
        return self.events[0].id if self.events else ""


def groups(events: Sequence[Event]) -> dict[str, list[Event]]:
    """UID → its events, the series before its overrides, in file order otherwise."""
    found: dict[str, list[Event]] = {}
    for event in events:
        found.setdefault(uid_of(event), []).append(event)
    for members in found.values():
        members.sort(key=lambda e: e.repeat is None)  # stable: the series first
    return found


def resource(uid: str, events: list[Event], now: datetime) -> Resource:
    """The resource of ``events`` (one UID) and its content hash."""
    from timeline_cli.formats.ics import vevents

    return Resource(uid, events, content_hash(vevents(events, now)))


def payloads(resources: Sequence[Resource], now: datetime) -> dict[str, bytes]:
    """UID → the bytes to upload of each resource: one VCALENDAR each."""
    from timeline_cli.formats.ics import export_each

    made = export_each([r.events for r in resources], now)
    return {r.uid: data for r, data in zip(resources, made, strict=True)}


def content_hash(data: bytes) -> str:
    """The hash of the VEVENTs of exported bytes, without their DTSTAMP."""
    digest = hashlib.sha256()
    inside = False
    for line in data.split(b"\r\n"):
        if line == b"BEGIN:VEVENT":
            inside = True
        if inside and not line.startswith(b"DTSTAMP"):
            digest.update(line + b"\n")
        if line == b"END:VEVENT":
            inside = False
    return digest.hexdigest()[:32]


def read_resource(
    data: bytes, href: str, zone: tzinfo, now: datetime
) -> tuple[Resource, list[str]]:
    """A remote resource's events, re-exported for their hash; the notes of what could
    not be kept. InvalidFileError when it is no iCalendar or holds no valid event,
    or events of more than one UID."""
    from timeline_cli.errors import InvalidFileError
    from timeline_cli.formats.ics_read import read
    from timeline_cli.importing import check

    checked = check(read(data, href), zone, skip_invalid=True, name=href)
    if checked.invalid:
        raise InvalidFileError(checked.invalid[0])
    found = groups(checked.events)
    if len(found) != 1:
        what = "no event" if not found else "events of several UIDs"
        raise InvalidFileError(f"{href}: {what}")
    ((uid, events),) = found.items()
    return resource(uid, events, now), checked.notes
