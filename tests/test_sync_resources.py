"""The bytes sync uploads: one VCALENDAR per resource, checked by two other parsers
and by an independent recurrence implementation against the whole-file export."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import vobject

from tests.helpers import SAMPLE, event_maker
from timeline_cli.formats import ExportContext
from timeline_cli.formats.ics import export, export_each
from timeline_cli.store import load
from timeline_cli.sync.resources import groups, payloads, read_resource, resource

NOW = datetime(2026, 11, 29, tzinfo=UTC)
LOW, HIGH = datetime(1990, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC)


def events():
    """The sample, and events in zones whose days are not 24 hours."""
    found = list(load([SAMPLE]).events)
    for n, zone in enumerate(("Australia/Lord_Howe", "America/Santiago", "Pacific/Kiritimati")):
        make = event_maker(ZoneInfo(zone))
        found.append(
            make(id=f"odd-{n}", title=zone, start="2024-04-07T01:30", repeat="FREQ=DAILY;COUNT=3")
        )
        found.append(make(id=f"old-{n}", title=zone, start="1995-10-01T02:30"))
    return found


def occurrences(calendar: icalendar.Calendar, uid: str) -> list[tuple[str, str]]:
    return sorted(
        (str(c.get("RECURRENCE-ID", "")), c.decoded("DTSTART").isoformat())
        for c in recurring_ical_events.of(calendar).between(LOW, HIGH)
        if str(c["UID"]) == uid
    )


def test_each_resource_is_one_calendar_with_the_zones_it_uses() -> None:
    """Every payload parses with icalendar and vobject, holds one UID, and has a
    VTIMEZONE for each TZID its events use and no other."""
    by_uid = groups(events())
    made = export_each(list(by_uid.values()), NOW)
    assert len(made) == len(by_uid)
    for (uid, members), data in zip(by_uid.items(), made, strict=True):
        calendar = icalendar.Calendar.from_ical(data)
        vevents = calendar.walk("VEVENT")
        assert {str(v["UID"]) for v in vevents} == {uid} and len(vevents) == len(members)
        used = {v["DTSTART"].params.get("TZID") for v in vevents} - {None}
        assert {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")} == used
        assert len(list(vobject.readComponents(data.decode()))) == 1


def test_each_resource_has_the_occurrences_of_the_whole_export() -> None:
    """recurring-ical-events finds, in each resource, the same occurrences as in the
    export of the whole file (the wider VTIMEZONEs change no instant)."""
    found = events()
    whole = icalendar.Calendar.from_ical(export(found, ExportContext(None, UTC, NOW)))
    by_uid = groups(found)
    made = payloads([resource(uid, members, NOW) for uid, members in by_uid.items()], NOW)
    for uid, data in made.items():
        alone = occurrences(icalendar.Calendar.from_ical(data), uid)
        assert alone and alone == occurrences(whole, uid), uid


def test_a_resource_read_back_hashes_as_it_was_sent() -> None:
    """What the server gives back (our bytes) reads as the same content hash."""
    by_uid = groups(events())
    sent = [resource(uid, members, NOW) for uid, members in by_uid.items()]
    for one in sent:
        data = payloads([one], NOW)[one.uid]
        back, notes = read_resource(data, f"/cal/{one.uid}.ics", ZoneInfo("Asia/Seoul"), NOW)
        assert (back.uid, back.hash, notes) == (one.uid, one.hash, [])
