"""``timeline sync`` against real CalDAV servers (Radicale and Xandikos on 127.0.0.1).

The other person's calendar app is the caldav library (``server.calendar()``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.sync_helpers import SAMPLE, Timeline, said, server_events


@pytest.fixture
def tl(caldav_server: Any, tmp_path: Path) -> Timeline:
    return Timeline(caldav_server, tmp_path / "ana")


def copy_sample(tmp_path: Path, name: str = "events.toml") -> Path:
    target = tmp_path / name
    shutil.copy(SAMPLE, target)
    return target


def without_title(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events with their rule's parts in one order (servers reorder RRULE parts)."""
    for event in events:
        if event.get("repeat") and "=" in event["repeat"]:
            event["repeat"] = ";".join(sorted(event["repeat"].split(";")))
    return events


def test_first_upload_round_trip_and_idempotence(tl: Timeline, tmp_path: Path) -> None:
    mine = copy_sample(tmp_path)
    before = mine.read_bytes()
    first = tl.sync(mine)
    assert first.stdout == "Synced events.toml with team: 26 uploaded.\n"
    on_server = server_events(tl.server)
    assert len(on_server) == 26
    assert "v-birthday@timeline" in on_server
    assert mine.read_bytes() == before  # uploading changes nothing here
    again = tl.sync(mine)
    assert again.stdout == "Synced events.toml with team: nothing to change.\n"
    # a second person's empty file gets every event, identical
    theirs = tmp_path / "bo" / "events.toml"
    theirs.parent.mkdir()
    assert said(tl.sync(theirs)) == "26 downloaded."
    assert without_title(tl.events(theirs)) == without_title(tl.events(mine))
    assert said(tl.sync(theirs)) == "nothing to change."
    assert said(tl.sync(mine)) == "nothing to change."
    assert len(server_events(tl.server)) == 26


def test_remote_edits_adds_and_deletes_are_pulled(tl: Timeline, tmp_path: Path) -> None:
    mine = copy_sample(tmp_path)
    tl.sync(mine)
    on_server = server_events(tl.server)
    edited = on_server["v-birthday@timeline"]
    edited.icalendar_component["SUMMARY"] = "V's birthday (edited in a phone app)"
    edited.save()
    on_server["layover-release@timeline"].delete()
    tl.server.calendar().save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\n"
        "UID:phone-1234\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240301\r\n"
        "SUMMARY:Added on a phone\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    text = mine.read_text()
    done = tl.sync(mine)
    assert said(done) == "1 downloaded, 1 updated here, 1 deleted."
    after = mine.read_text()
    assert 'title = "V\'s birthday (edited in a phone app)"' in after
    assert "layover-release" not in after
    assert 'uid = "phone-1234"' in after and "Added on a phone" in after
    # comments and the other events' lines are byte for byte the same
    kept = [
        line
        for line in text.splitlines()
        if "layover" not in line and "V (Kim Taehyung) is born" not in line
    ]
    assert all(line in after for line in kept if line.startswith("#"))
    assert after.startswith(text[: text.index("[[events]]")])
    untouched = text[text.index('id = "wings-album-release"') - 11 :].split("\n\n")[0]
    assert untouched in after
    assert said(tl.sync(mine)) == "nothing to change."


def test_local_adds_edits_and_removes_are_pushed(tl: Timeline, tmp_path: Path) -> None:
    mine = copy_sample(tmp_path)
    tl.sync(mine)
    tl(
        "add",
        "Concert",
        "--start",
        "2024-05-01 19:00",
        "--tz",
        "Asia/Seoul",
        "--id",
        "concert",
        "-f",
        str(mine),
    )
    tl("edit", "v-birthday", "--title", "Edited here", "-f", str(mine))
    tl("remove", "layover-release", "--yes", "-f", str(mine))
    done = tl.sync(mine)
    assert said(done) == "1 uploaded, 1 updated there, 1 deleted."
    on_server = server_events(tl.server)
    assert "layover-release@timeline" not in on_server
    assert str(on_server["v-birthday@timeline"].icalendar_component["SUMMARY"]) == "Edited here"
    concert = on_server["concert@timeline"].icalendar_component
    assert concert["DTSTART"].dt.isoformat() == "2024-05-01T19:00:00+09:00"
    assert len(on_server) == 26
    assert said(tl.sync(mine)) == "nothing to change."


def edit_there(server: Any, uid: str, title: str) -> None:
    item = server_events(server)[uid]
    item.icalendar_component["SUMMARY"] = title
    item.save()


@pytest.mark.parametrize("case", ["edit/edit", "edit/delete", "delete/edit"])
def test_conflicts_leave_both_sides_alone(tl: Timeline, tmp_path: Path, case: str) -> None:
    mine = copy_sample(tmp_path)
    tl.sync(mine)
    here, there = case.split("/")
    if here == "edit":
        tl("edit", "v-birthday", "--title", "Mine", "-f", str(mine))
    else:
        tl("remove", "v-birthday", "--yes", "-f", str(mine))
    if there == "edit":
        edit_there(tl.server, "v-birthday@timeline", "Theirs")
    else:
        server_events(tl.server)["v-birthday@timeline"].delete()
    file_before = mine.read_bytes()
    done = tl.sync(mine, check=7)
    assert said(done) == "1 conflict." and "v-birthday" in done.stdout
    if case == "edit/edit":
        assert "title: 'Mine' → 'Theirs'" in done.stdout
    assert mine.read_bytes() == file_before
    still = server_events(tl.server).get("v-birthday@timeline")
    title = str(still.icalendar_component["SUMMARY"]) if still else None
    assert title == ("Theirs" if there == "edit" else None)
    tl.sync(mine, check=7)  # still one, still untouched
    assert mine.read_bytes() == file_before
    # --prefer remote: theirs everywhere
    tl.sync(mine, "--prefer", "remote")
    events = {e["id"]: e for e in tl.events(mine)}
    assert (events["v-birthday"]["title"] if "v-birthday" in events else None) == title
    assert said(tl.sync(mine)) == "nothing to change."


def test_prefer_local_and_a_later_edit_resolve(tl: Timeline, tmp_path: Path) -> None:
    mine = copy_sample(tmp_path)
    tl.sync(mine)
    tl("edit", "v-birthday", "--title", "Mine", "-f", str(mine))
    edit_there(tl.server, "v-birthday@timeline", "Theirs")
    tl.sync(mine, check=7)
    tl("edit", "v-birthday", "--title", "Mine, after seeing theirs", "-f", str(mine))
    done = tl.sync(mine)
    assert said(done) == "1 updated there."
    title = server_events(tl.server)["v-birthday@timeline"].icalendar_component["SUMMARY"]
    assert str(title) == "Mine, after seeing theirs"
    # and --prefer local on a fresh conflict
    tl("edit", "layover-release", "--title", "Mine again", "-f", str(mine))
    edit_there(tl.server, "layover-release@timeline", "Theirs again")
    tl.sync(mine, "--prefer", "local")
    title = server_events(tl.server)["layover-release@timeline"].icalendar_component["SUMMARY"]
    assert str(title) == "Mine again"


def test_dry_run_changes_nothing_anywhere(tl: Timeline, tmp_path: Path) -> None:
    mine = copy_sample(tmp_path)
    done = tl.sync(mine, "--dry-run")
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["action", "id", "title"]
    assert all(len(line) <= 80 for line in lines[:-1])
    assert lines[-1] == "Would sync events.toml with team: 26 uploaded."
    assert server_events(tl.server) == {}
    assert not (tl.home / "state").exists()
    plan = json.loads(tl.sync(mine, "--dry-run", "--json").stdout)
    assert plan["counts"]["uploaded"] == 26 and plan["steps"][0]["action"] == "upload"
    assert server_events(tl.server) == {}


def test_a_lost_state_file_is_safe(tl: Timeline, tmp_path: Path) -> None:
    mine = copy_sample(tmp_path)
    tl.sync(mine)
    tl("remove", "layover-release", "--yes", "-f", str(mine))
    tl("edit", "v-birthday", "--title", "Mine", "-f", str(mine))
    shutil.rmtree(tl.home / "state")
    done = tl.sync(mine, check=7)
    # equal ones recorded; the removed one comes back (nothing deleted); the edit: a conflict
    assert said(done) == "1 downloaded; 1 conflict."
    assert len(server_events(tl.server)) == 26
    assert "layover-release" in mine.read_text()


def test_a_calendar_another_login_may_not_use_is_refused_as_such(
    radicale_server: Any, tmp_path: Path
) -> None:
    """Bo's login is right, Alice's calendar is not his (Radicale: owner only): 403,
    exit 6, a message about access rather than the password; nothing changes."""
    users = radicale_server.root / "htpasswd"
    users.write_text(users.read_text() + "bo:bo-secret\n", encoding="utf-8")
    tl = Timeline(radicale_server, tmp_path / "bo", password="bo-secret")
    config = tl.config.read_text()
    tl.config.write_text(
        config.replace(f'username = "{radicale_server.username}"', 'username = "bo"')
    )
    mine = copy_sample(tmp_path)
    done = tl.sync(mine, check=6)
    assert done.stderr.startswith("timeline: error: team (") and done.stderr.count("\n") == 1
    assert "refused access to bo (403 Forbidden)" in done.stderr
    assert "bo-secret" not in done.stdout + done.stderr
    assert mine.read_bytes() == SAMPLE.read_bytes() and server_events(radicale_server) == {}


def test_wrong_password_and_no_password(radicale_server: Any, tmp_path: Path) -> None:
    wrong = "Wr0ng-Pa55word-xyzzy"
    tl = Timeline(radicale_server, tmp_path / "ana", password=wrong)
    mine = copy_sample(tmp_path)
    done = tl.sync(mine, check=6)
    assert done.stderr.startswith("timeline: error: team (") and "refused the login" in done.stderr
    assert wrong not in done.stdout + done.stderr
    del tl.env["TIMELINE_PASSWORD"]
    missing = tl.sync(mine, check=6)
    assert (
        f"no password for {radicale_server.username}" in missing.stderr
        and ".netrc" in missing.stderr
    )
    # netrc, then a password_command, find it
    (tl.home / ".netrc").write_text(
        f"machine 127.0.0.1 login {radicale_server.username}"
        f' password "{radicale_server.password}"\n'  # quoted: it has spaces
    )
    (tl.home / ".netrc").chmod(0o600)
    assert said(tl.sync(mine, "--dry-run")) == "26 uploaded."
    (tl.home / ".netrc").unlink()
    script = tl.home / "pw"
    script.write_text(f"#!/bin/sh\necho '{radicale_server.password}'\n")
    script.chmod(0o700)
    tl.config.write_text(tl.config.read_text() + f'password_command = "{script}"\n')
    assert said(tl.sync(mine)) == "26 uploaded."
    assert mine.read_bytes() == SAMPLE.read_bytes()


def test_server_gone_and_bad_answers(own_caldav_server: Any, tmp_path: Path) -> None:
    tl = Timeline(own_caldav_server, tmp_path / "ana")
    mine = copy_sample(tmp_path)
    tl.server.stop()
    done = tl.sync(mine, check=5)
    assert done.stderr.startswith(f"timeline: error: cannot connect to team ({tl.server.base}")
    assert mine.read_bytes() == SAMPLE.read_bytes()
    tl.server.start()
    tl.sync(mine)


def test_tls_verification_is_on_unless_the_remote_says(
    xandikos_server: Any, tmp_path: Path
) -> None:
    tl = Timeline(xandikos_server, tmp_path / "ana")
    tl.config.write_text(xandikos_server.remote_toml().replace("verify = ", "# verify = "))
    mine = copy_sample(tmp_path)
    done = tl.sync(mine, check=5)
    assert "TLS certificate verification failed" in done.stderr
    assert "verify = " in done.stderr and "[remotes.team]" in done.stderr
    assert mine.read_bytes() == SAMPLE.read_bytes()
