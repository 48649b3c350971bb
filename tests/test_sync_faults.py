"""``timeline sync``: a server killed mid-sync, odd resources, series, zones, hostile text."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.sync_helpers import SAMPLE, Timeline, said, server_events
from timeline_cli.errors import RemoteError
from timeline_cli.sync.apply import sync
from timeline_cli.sync.client import Client
from timeline_cli.sync.remotes import Credentials, Remote
from timeline_cli.sync.state import load, state_path


def client_of(server: Any) -> Client:
    remote = Remote("team", server.url, server.username, verify=server.verify, timeout=5)
    return Client(remote, Credentials(server.username, server.password))


def test_a_server_killed_mid_sync_resumes_without_duplicates(
    own_caldav_server: Any, tmp_path: Path
) -> None:
    server = own_caldav_server
    mine = tmp_path / "events.toml"
    shutil.copy(SAMPLE, mine)
    before = mine.read_bytes()
    state = load(state_path(tmp_path / "state", mine, server.url))
    zone = datetime.now(UTC).astimezone().tzinfo
    assert zone is not None

    def kill_after_ten(done: int, total: int) -> None:
        if done == 10:
            server.stop()  # a real kill of the process, mid-sync

    client = client_of(server)
    with pytest.raises(RemoteError, match="cannot connect to team"):
        sync(client, mine, state, zone=zone, now=datetime.now(UTC), progress=kill_after_ten)
    client.close()
    assert mine.read_bytes() == before
    saved = load(state.path)
    assert 10 <= len(saved.entries) < 26  # what was done is recorded
    server.start()
    tl = Timeline(server, tmp_path / "ana")
    # the state file is where the command looks for it
    tl.env["XDG_STATE_HOME"] = str(tmp_path / "state-cli")
    shutil.copytree(tmp_path / "state", tmp_path / "state-cli" / "timeline")
    done = tl.sync(mine)
    assert said(done) == f"{26 - len(saved.entries)} uploaded."  # the rest, nothing else
    assert len(server_events(server)) == 26  # no duplicate there
    assert mine.read_bytes() == before  # none here
    # and without the state (a kill before it was written): equal contents recorded
    shutil.rmtree(tmp_path / "state-cli")
    again = tl.sync(mine)
    assert said(again) == "nothing to change."


SERIES = """\
BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//phone//EN\r
BEGIN:VEVENT\r
UID:standup-series\r
DTSTAMP:20240101T000000Z\r
DTSTART;TZID=Australia/Lord_Howe:20240401T090000\r
DTEND;TZID=Australia/Lord_Howe:20240401T091500\r
RRULE:FREQ=WEEKLY;COUNT=10\r
SUMMARY:Standup\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:standup-series\r
DTSTAMP:20240101T000000Z\r
RECURRENCE-ID;TZID=Australia/Lord_Howe:20240408T090000\r
DTSTART;TZID=Australia/Lord_Howe:20240408T100000\r
DTEND;TZID=Australia/Lord_Howe:20240408T101500\r
SUMMARY:Standup (moved)\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_series_with_a_moved_occurrence_is_one_resource(tl: Timeline, tmp_path: Path) -> None:
    tl.server.calendar().save_event(SERIES)
    mine = tmp_path / "events.toml"
    assert said(tl.sync(mine)) == "1 downloaded."
    events = {e["id"]: e for e in tl.events(mine)}
    assert len(events) == 2 and events["standup-series"]["repeat"]
    moved = next(e for i, e in events.items() if i != "standup-series")
    assert moved["title"] == "Standup (moved)"
    assert said(tl.sync(mine)) == "nothing to change."
    tl("edit", moved["id"], "--title", "Standup (moved, late)", "-f", str(mine))
    assert said(tl.sync(mine)) == "1 updated there."
    (item,) = server_events(tl.server).values()
    titles = sorted(str(c["SUMMARY"]) for c in item.icalendar_instance.walk("VEVENT"))
    assert titles == ["Standup", "Standup (moved, late)"]


@pytest.fixture
def tl(caldav_server: Any, tmp_path: Path) -> Timeline:
    return Timeline(caldav_server, tmp_path / "ana")


ODD_ZONES = """\
[timeline]
title = "Odd days"

[[events]]
id = "lord-howe-dst"
title = "Half an hour forward"
start = 2024-10-06T01:45:00
end = 2024-10-06T03:15:00
timezone = "Australia/Lord_Howe"

[[events]]
id = "santiago-midnight"
title = "Midnight that does not exist"
start = 2024-09-08T00:30:00
timezone = "America/Santiago"
repeat = "yearly"

[[events]]
id = "kiritimati-day"
title = "The day that was skipped"
start = 1995-01-02
timezone = "Pacific/Kiritimati"

[[events]]
id = "kiritimati-time"
title = "Morning on the line islands"
start = 2024-03-01T06:00:00
timezone = "Pacific/Kiritimati"
"""


def test_zones_whose_days_are_not_24_hours_round_trip(tl: Timeline, tmp_path: Path) -> None:
    mine = tmp_path / "events.toml"
    mine.write_text(ODD_ZONES)
    assert said(tl.sync(mine)) == "4 uploaded."
    theirs = tmp_path / "theirs.toml"
    assert said(tl.sync(theirs)) == "4 downloaded."
    assert tl.events(theirs) == tl.events(mine)
    for path in (mine, theirs):
        assert said(tl.sync(path)) == "nothing to change."


def test_hostile_remote_titles_never_reach_the_terminal_raw(tl: Timeline, tmp_path: Path) -> None:
    # Rich markup and a right-to-left override (servers refuse raw ESC in iCalendar)
    tl.server.calendar().save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:evil\r\n"
        "DTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240301\r\n"
        "SUMMARY:[bold red]boom[/] \u202egnp.exe\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    mine = tmp_path / "events.toml"
    dry = tl.sync(mine, "--dry-run")
    assert "[bold red]boom[/]" in dry.stdout and "\u202e" not in dry.stdout + dry.stderr
    assert "\x1b" not in dry.stdout + dry.stderr
    done = tl.sync(mine)
    assert "\u202e" not in done.stdout + done.stderr and said(done) == "1 downloaded."


def test_an_invalid_remote_resource_is_skipped_with_a_note(tl: Timeline, tmp_path: Path) -> None:
    calendar = tl.server.calendar()
    calendar.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:backwards\r\n"
        "DTSTAMP:20240101T000000Z\r\nDTSTART:20240302T100000Z\r\nDTEND:20240301T100000Z\r\n"
        "SUMMARY:Ends before it starts\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    mine = tmp_path / "events.toml"
    shutil.copy(SAMPLE, mine)
    done = tl.sync(mine)
    assert said(done) == "26 uploaded."
    assert "note: " in done.stderr and ".ics: skipped, not a valid calendar event" in done.stderr
    assert "Ends before it starts" not in mine.read_text()
    assert len(server_events(tl.server)) == 27  # left alone there


def test_a_resource_changed_during_the_sync_is_a_conflict_for_that_run(
    caldav_server: Any, tmp_path: Path
) -> None:
    server = caldav_server
    mine = tmp_path / "events.toml"
    shutil.copy(SAMPLE, mine)
    state = load(state_path(tmp_path / "state", mine, server.url))
    now = datetime.now(UTC)
    zone = now.astimezone().tzinfo
    assert zone is not None
    client = client_of(server)
    sync(client, mine, state, zone=zone, now=now)
    text = mine.read_text()
    for uid in ("v-birthday", "layover-release"):
        start = text.index(f'id = "{uid}"')
        line_end = text.index("\n", text.index("title = ", start))
        text = (
            text[: text.index("title = ", start)] + f'title = "{uid} edited here"' + text[line_end:]
        )
    mine.write_text(text)

    def someone_edits(done: int, total: int) -> None:
        if done == 1:  # after the first push, before the second: another app saves it
            item = server_events(server)["v-birthday@timeline"]
            item.icalendar_component["SUMMARY"] = "Edited there meanwhile"
            item.save()

    outcome = sync(client, mine, load(state.path), zone=zone, now=now, progress=someone_edits)
    client.close()
    actions = {d.id: d.step.action for d in outcome.steps}
    assert actions == {"layover-release": "push", "v-birthday": "conflict"}
    title = server_events(server)["v-birthday@timeline"].icalendar_component["SUMMARY"]
    assert str(title) == "Edited there meanwhile"  # not overwritten
    assert "v-birthday edited here" in mine.read_text()  # nor here
