"""Real calendar files (tests/data/ics/SOURCES.md) import as exactly the events they say.

Each file is read and validated as ``timeline import`` does; the events are compared
field by field as they would be stored (id, start, end, timezone, except, uid). What
the timeline writes back (EXDATE, RECURRENCE-ID) is read by icalendar, vobject and
recurring-ical-events, which must see the same occurrences.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject

from timeline_cli.formats import ExportContext
from timeline_cli.formats.ics import export
from timeline_cli.formats.ics_read import read
from timeline_cli.importing import Checked, check
from timeline_cli.model import Event
from timeline_cli.schema import event_from_table
from timeline_cli.store.codec import event_table

from .conftest import SAMPLE, invoke

DATA = Path(__file__).parent / "data" / "ics"
UTC_ZONE = ZoneInfo("UTC")
KEYS = ("id", "start", "end", "timezone", "except", "uid")


def imported(name: str) -> Checked:
    """A corpus file read and validated as ``timeline import`` does (file zone UTC)."""
    return check(read((DATA / name).read_bytes(), name), UTC_ZONE, skip_invalid=False, name=name)


def stored(events: list[Event]) -> list[dict[str, Any]]:
    """Each event's identity and times as they would be written to the events file."""
    return [{k: v for k, v in event_table(e).items() if k in KEYS} for e in events]


def notes_of(name: str) -> list[str]:
    return [note.split(": ", 1)[1] for note in imported(name).notes]


# --- 1. all-day dates with a TZID (ownCloud, khal's ownCloud cases) -----------------


def test_owncloud_date_with_tzid_is_all_day_in_its_zone() -> None:
    """DTSTART;TZID=Europe/Berlin;VALUE=DATE is an all-day date whose origin zone is Berlin."""
    assert stored(imported("owncloud-date-tzid.ics").events) == [
        {"id": "c3f6a1d0e2", "start": date(2024, 5, 3), "timezone": "Europe/Berlin",
         "uid": "c3f6a1d0e2"},
        {"id": "c3f6a1d0e3", "start": date(2024, 6, 10), "end": date(2024, 6, 12),
         "timezone": "Europe/Berlin", "uid": "c3f6a1d0e3"},
    ]  # fmt: skip
    assert notes_of("owncloud-date-tzid.ics") == []


def test_khal_date_with_exchange_zone_name_and_vtimezone() -> None:
    """An Exchange zone name whose VTIMEZONE has Tijuana's offsets becomes America/Tijuana."""
    assert stored(imported("khal-event_dtzb.ics").events) == [
        {"id": "eventdtzb123", "start": date(2013, 3, 1), "timezone": "America/Tijuana",
         "uid": "eventdtzb123"},
    ]  # fmt: skip


def test_khal_date_with_an_unknown_tzid_keeps_the_date_and_says_so() -> None:
    """TZID=Berlin/Europe (no such zone) leaves an all-day date without a zone, noted."""
    assert stored(imported("khal-event_dtz.ics").events) == [
        {"id": "datetz123", "start": date(2013, 3, 1), "uid": "datetz123"},
    ]
    assert notes_of("khal-event_dtz.ics") == [
        "TZID 'Berlin/Europe' of an all-day event is not a known zone: not kept"
    ]


# --- 2. Windows display names as TZIDs ------------------------------------------------


def test_outlook_web_display_names_are_iana_zones() -> None:
    """'(UTC-05:00) Eastern Time (US & Canada)' is New York (EDT in July), Sydney likewise;
    an unknown name keeps its stated offset, with a note, never UTC."""
    events = imported("outlook-web-display-names.ics").events
    plus_0530 = datetime.fromisoformat("2024-03-20T14:00:00+05:30").tzinfo
    assert [(t["start"], t.get("end"), t.get("timezone")) for t in stored(events)] == [
        (datetime(2024, 7, 9, 9, 30), datetime(2024, 7, 9, 10, 30), "America/New_York"),
        (datetime(2024, 1, 15, 9, 0), datetime(2024, 1, 15, 9, 30), "Australia/Sydney"),
        (datetime(2024, 3, 20, 14, 0, tzinfo=plus_0530),
         datetime(2024, 3, 20, 15, 0, tzinfo=plus_0530), None),
    ]  # fmt: skip
    assert events[0].begin(UTC_ZONE) == datetime(2024, 7, 9, 13, 30, tzinfo=UTC_ZONE)
    assert events[1].begin(UTC_ZONE) == datetime(2024, 1, 14, 22, 0, tzinfo=UTC_ZONE)
    assert notes_of("outlook-web-display-names.ics") == [
        "TZID '(UTC+05:30) Somewhere Office' names no known zone: times read at its "
        "stated offset +05:30 (no daylight saving time)"
    ]


def test_icalendar_display_name_with_accent_is_sao_paulo() -> None:
    """icalendar's '(UTC-03:00) Brasília' (issue 237) is America/Sao_Paulo, not its VTIMEZONE."""
    (event,) = imported("icalendar-issue_237_fail_to_parse_timezone_with_non_ascii_tzid.ics").events
    assert stored([event])[0]["timezone"] == "America/Sao_Paulo"
    assert event.begin(UTC_ZONE) == datetime(2017, 5, 11, 16, 30, tzinfo=UTC_ZONE)


# --- 3. EXDATE, RECURRENCE-ID, occurrences without their series -------------------------

BERLIN = "Europe/Berlin"


def test_exdate_in_utc_becomes_except_in_the_series_zone() -> None:
    """khal's EXDATE:20140721T053000Z is the 07:30 Berlin occurrence, in ``except``."""
    assert stored(imported("khal-event_dtr_exdatez.ics").events) == [
        {"id": "event-dtr-exdatez-6ae733ff", "start": datetime(2014, 6, 30, 7, 30),
         "end": datetime(2014, 6, 30, 12, 1), "timezone": BERLIN,
         "except": [datetime(2014, 7, 21, 7, 30)], "uid": "event_dtr_exdatez"},
    ]  # fmt: skip
    assert notes_of("khal-event_dtr_exdatez.ics") == []


def test_moved_occurrence_is_its_own_event_and_cancelled_on_the_series() -> None:
    """The override moved to 09:00 is its own event (series id + date, same UID); the series
    skips the 07:00 occurrence it replaces."""
    assert stored(imported("khal-event_rrule_recuid.ics").events) == [
        {"id": "event-rrule-recurrence-id-88d08452", "start": datetime(2014, 6, 30, 7, 0),
         "end": datetime(2014, 6, 30, 12, 0), "timezone": BERLIN,
         "except": [datetime(2014, 7, 7, 7, 0)], "uid": "event_rrule_recurrence_id"},
        {"id": "event-rrule-recurrence-id-88d08452-20140707", "start": datetime(2014, 7, 7, 9, 0),
         "end": datetime(2014, 7, 7, 14, 0), "timezone": BERLIN,
         "uid": "event_rrule_recurrence_id"},
    ]  # fmt: skip
    assert notes_of("khal-event_rrule_recuid.ics") == []


def test_cancelled_occurrence_is_only_an_exception() -> None:
    """A STATUS:CANCELLED override cancels its occurrence and is no event of its own."""
    assert stored(imported("khal-event_rrule_recuid_cancelled.ics").events) == [
        {"id": "event-rrule-recurrence-id-88d08452", "start": datetime(2014, 6, 30, 7, 0),
         "end": datetime(2014, 6, 30, 12, 0), "timezone": BERLIN,
         "except": [datetime(2014, 7, 7, 7, 0), datetime(2014, 7, 14, 7, 0)],
         "uid": "event_rrule_recurrence_id"},
        {"id": "event-rrule-recurrence-id-88d08452-20140707", "start": datetime(2014, 7, 7, 9, 0),
         "end": datetime(2014, 7, 7, 14, 0), "timezone": BERLIN,
         "uid": "event_rrule_recurrence_id"},
    ]  # fmt: skip


def test_occurrences_without_their_series_are_all_kept() -> None:
    """khal's two occurrences of one UID with no master are two events, named by date."""
    uid = "abe304dc-f7b1-4f2b-997d-5c8bcfaa7e0b"
    assert stored(imported("khal-event_dt_multi_recuid_no_master.ics").events) == [
        {"id": f"{uid}-20140714", "start": datetime(2014, 6, 30, 7, 30),
         "end": datetime(2014, 6, 30, 12, 0), "timezone": "UTC", "uid": uid},
        {"id": f"{uid}-20140707", "start": datetime(2014, 7, 7, 8, 30),
         "end": datetime(2014, 7, 7, 12, 0), "timezone": "UTC", "uid": uid},
    ]  # fmt: skip


def test_birthday_feed_without_series_keeps_every_occurrence() -> None:
    """Google's birthday occurrences share a UID and have no series: each one is kept."""
    first = "birthday-c-6a3f9e21-google-com-9bd9144f"
    second = "birthday-c-1b2d4f60-google-com-66d56445"
    assert stored(imported("google-birthdays.ics").events) == [
        {"id": f"{first}-20241230", "start": date(2024, 12, 30),
         "uid": "BIRTHDAY_c_6a3f9e21@google.com"},
        {"id": f"{first}-20251230", "start": date(2025, 12, 30),
         "uid": "BIRTHDAY_c_6a3f9e21@google.com"},
        {"id": f"{second}-20260516", "start": date(2026, 5, 16),
         "uid": "BIRTHDAY_c_1b2d4f60@google.com"},
    ]  # fmt: skip


# --- writing it back ---------------------------------------------------------------------

CONTEXT = ExportContext(None, UTC_ZONE, datetime(2026, 1, 1, tzinfo=UTC_ZONE))


def test_except_and_override_export_as_exdate_and_recurrence_id() -> None:
    """The series gets EXDATE (TZID as DTSTART) for the cancelled occurrence only; the moved
    one is written back as its override (same UID, RECURRENCE-ID)."""
    data = export(imported("khal-event_rrule_recuid_cancelled.ics").events, CONTEXT)
    text = data.decode().replace("\r\n ", "")
    assert "EXDATE;TZID=Europe/Berlin:20140714T070000" in text
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20140707T070000" in text
    assert text.count("UID:event_rrule_recurrence_id\r\n") == 2
    assert "20140707T070000" not in text.split("RECURRENCE-ID")[0]


@pytest.mark.parametrize(
    "name", ["khal-event_rrule_recuid_cancelled.ics", "khal-event_dtr_exdatez.ics"]
)
def test_other_parsers_see_the_same_occurrences(name: str) -> None:
    """recurring-ical-events expands our export to the occurrences it finds in the original
    (a STATUS:CANCELLED override is listed by it, but does not take place)."""
    ours = export(imported(name).events, CONTEXT)
    window = (date(2014, 6, 1), date(2014, 9, 1))

    def starts(data: bytes) -> list[datetime]:
        calendar = icalendar.Calendar.from_ical(data)
        found = recurring_ical_events.of(calendar).between(*window)
        held = [e for e in found if str(e.get("STATUS", "")).upper() != "CANCELLED"]
        return sorted(e["DTSTART"].dt.astimezone(UTC_ZONE) for e in held)

    assert starts(ours) == starts((DATA / name).read_bytes())
    parsed = vobject.readOne(ours.decode())
    assert len(parsed.vevent_list) == len(imported(name).events)


def test_reimport_of_the_real_file_finds_every_event(tmp_path: Path) -> None:
    """Importing a file with an override twice adds nothing the second time."""
    path = DATA / "khal-event_rrule_recuid.ics"
    target = str(tmp_path / "t.toml")
    result = invoke(["import", str(path), "-f", target])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("Events were: 2 added")
    again = invoke(["import", str(path), "-f", target, "--update"])
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == (
        "Events were: 0 added, 0 updated, 2 skipped (already known)"
    )
    assert again.stderr == ""


# --- 4. round trips of the sample through the CLI ---------------------------------------


@pytest.mark.parametrize("fmt", ["ics", "json", "csv"])
def test_sample_round_trip_through_the_cli_changes_nothing(
    fmt: str, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """export -o t.FMT, then import t.FMT --update: the file is byte for byte the same and
    nothing is updated."""
    monkeypatch.chdir(sample.parent)
    before = sample.read_bytes()
    exported = invoke(["export", "-o", f"t.{fmt}"])
    assert exported.exit_code == 0, exported.stderr
    result = invoke(["import", f"t.{fmt}", "--update"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == (
        "Events were: 0 added, 0 updated, 26 skipped (already known)"
    )
    assert sample.read_bytes() == before == SAMPLE.read_bytes()


# --- 5. what a dry run would change -------------------------------------------------------


def test_dry_run_shows_the_fields_an_update_changes(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each event the import would update is followed by its changed fields, old → new."""
    monkeypatch.chdir(sample.parent)
    assert invoke(["export", "-o", "t.ics"]).exit_code == 0
    ics = Path("t.ics")
    text = ics.read_text(encoding="utf-8").replace(
        "SUMMARY:V and RM discharged from the Army", "SUMMARY:V and RM discharged"
    )
    ics.write_text(text.replace("X-TIMELINE-PRECISION:month\n", ""), encoding="utf-8")
    result = invoke(["import", "t.ics", "--update", "--dry-run"])
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    at = next(n for n, line in enumerate(lines) if line.endswith("v-sdt-application"))
    assert lines[at].startswith("update")
    assert lines[at + 1 : at + 3] == [
        "        start: '2023-11' → 2023-11-01",
        "        end: (none) → 2023-11-30",
    ]
    at = next(n for n, line in enumerate(lines) if line.endswith("v-discharge"))
    expected = "title: 'V and RM discharged from the Army' → 'V and RM discharged'"
    assert lines[at + 1] == " " * 8 + expected
    assert lines[-1] == (
        "Events would be: 0 added, 2 updated, 24 skipped (already known) (dry run: nothing written)"
    )
    assert sample.read_bytes() == SAMPLE.read_bytes()


@pytest.mark.parametrize(
    "table",
    [
        {"start": date(2024, 1, 5), "repeat": "weekly", "except": [date(2024, 1, 12)]},
        {
            "start": datetime(2024, 3, 1, 19, 0),
            "timezone": "America/New_York",
            "repeat": "weekly",
            "except": [datetime(2024, 3, 15, 19, 0), date(2024, 3, 22)],
        },
    ],
)
def test_except_round_trips_through_icalendar_and_vobject(table: dict[str, Any]) -> None:
    """``except`` is written as EXDATE (a date, or a time with DTSTART's TZID), which
    icalendar and vobject read as the same occurrences and our reader as the same list."""
    event = event_from_table({"id": "show", "title": "Show", **table}, UTC_ZONE)
    data = export([event], CONTEXT)
    (again,) = (event_from_table(c.table, UTC_ZONE) for c in read(data, "x.ics"))
    assert again.exceptions == event.exceptions
    expected = [v.moment or v.day for v in event.exceptions]
    vevent = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    found = [d.dt for prop in _listed(vevent.get("EXDATE")) for d in prop.dts]
    assert found == expected
    assert [p.value[0] for p in vobject.readOne(data.decode()).vevent.exdate_list] == expected


def _listed(prop: Any) -> list[Any]:
    return prop if isinstance(prop, list) else [prop]


@pytest.mark.parametrize(
    ("lines", "note"),
    [
        (
            'DTSTART;TZID="(UTC+99:00) Nowhere":20240101T100000',
            "TZID '(UTC+99:00) Nowhere' is unknown and has no VTIMEZONE: times read as "
            "wall times in the timeline's zone",
        ),
        (
            "DTSTART:20240101T100000Z\r\nRRULE:FREQ=WEEKLY\r\nEXDATE:garbage",
            "EXDATE or RECURRENCE-ID 'garbage' not kept: not a date or a time",
        ),
        (
            "DTSTART;VALUE=DATE:20240105\r\nX-TIMELINE-PRECISION:month",
            "X-TIMELINE-PRECISION 'month' not kept: does not fit 2024-01-05",
        ),
    ],
)
def test_odd_values_are_noted_never_a_traceback(lines: str, note: str) -> None:
    """An offset no zone can have, an unreadable EXDATE, a precision that does not fit:
    the event is still imported and the problem is a note."""
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:x\r\n"
        f"{lines}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    result = check(read(data, "x.ics"), UTC_ZONE, skip_invalid=False, name="x.ics")
    assert [e.id for e in result.events] == ["a"]
    assert [n.split(": ", 1)[1] for n in result.notes] == [note]
