"""``timeline sync`` at the edges: a server that refuses one event, one that never
answers or hangs up mid-answer, a downloaded event whose id is already taken here."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.caldav_servers import Server
from tests.sync_helpers import SAMPLE, Timeline, said, server_events

# -- a server that refuses one event (413) --------------------------------------------

LIMIT = 4000  # bytes of a request Radicale takes; the sample's largest upload is ~1.3 kB


@pytest.fixture
def small_radicale(tmp_path: Path) -> Iterator[Server]:
    """A Radicale that refuses any request body longer than LIMIT bytes."""
    config = {"server": {"max_content_length": str(LIMIT)}}
    server = Server("radicale", tmp_path / "radicale-small", own=True, config=config)
    server.start()
    try:
        server.new_calendar()
        yield server
    finally:
        server._kill()


LONG_EVENT = """
[[events]]
id = "long-minutes"
title = "Minutes of the very long meeting"
start = 2024-04-01T10:00:00
timezone = "Asia/Seoul"
description = "{text}"
"""


def state_entries(home: Path) -> dict[str, Any]:
    (path,) = (home / "state" / "timeline" / "sync").glob("*.json")
    events: dict[str, Any] = json.loads(path.read_text())["events"]
    return events


def test_an_event_the_server_refuses_is_named_and_sent_again_later(
    small_radicale: Server, tmp_path: Path
) -> None:
    tl = Timeline(small_radicale, tmp_path / "ana")
    mine = tmp_path / "events.toml"
    text = SAMPLE.read_text() + LONG_EVENT.format(text="Everyone spoke at length. " * 250)
    mine.write_text(text)
    done = tl.sync(mine, check=5)
    assert said(done) == "26 uploaded; 1 refused by the server."
    refused = [line for line in done.stdout.splitlines() if "refused:" in line]
    assert refused == [
        "long-minutes: refused: cannot store an event: the server answered 413 "
        "Request Entity Too Large (Request body too large.)"
    ]
    assert done.stderr == ""
    on_server = server_events(small_radicale)
    assert len(on_server) == 26 and "long-minutes@timeline" not in on_server
    assert "v-birthday@timeline" in on_server
    entries = state_entries(tl.home)
    assert set(entries) == set(on_server)  # what was uploaded, and only that
    assert all(entry["href"] and entry["hash"] for entry in entries.values())
    assert mine.read_text() == text  # nothing changed here
    again = tl.sync(mine, check=5)  # still too long: refused again, nothing else sent
    assert said(again) == "1 refused by the server."
    tl("edit", "long-minutes", "--description", "Everyone spoke; see the notes.", "-f", str(mine))
    assert said(tl.sync(mine)) == "1 uploaded."
    on_server = server_events(small_radicale)  # one resource per UID, or it fails
    assert len(on_server) == 27
    minutes = on_server["long-minutes@timeline"].icalendar_component
    assert str(minutes["DESCRIPTION"]) == "Everyone spoke; see the notes."
    assert set(state_entries(tl.home)) == set(on_server)
    assert said(tl.sync(mine)) == "nothing to change."


# -- servers that never answer, or hang up -------------------------------------------------


class BadServer:
    """A TCP listener on 127.0.0.1 that accepts connections and then either never
    answers (``stall``) or sends half an answer and closes (``hang_up``)."""

    password = "pw"
    username = "alice"

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/alice/team/"
        self.accepted: list[socket.socket] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def remote_toml(self) -> str:
        return f'[remotes.team]\nurl = "{self.url}"\nusername = "alice"\ntimeout = 1\n'

    def _serve(self) -> None:
        while not self.done.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(conn)
            if self.mode == "hang_up":
                conn.settimeout(2)
                try:
                    conn.recv(65536)  # the request (its body is small)
                    conn.sendall(
                        b"HTTP/1.1 207 Multi-Status\r\nContent-Type: application/xml\r\n"
                        b"Content-Length: 5000\r\n\r\n<?xml version='1.0'?><multistatus"
                    )
                except OSError:
                    pass
                conn.close()

    def stop(self) -> None:
        self.done.set()
        self.listener.close()
        self.thread.join(timeout=5)
        for conn in self.accepted:
            conn.close()


@pytest.fixture(params=["stall", "hang_up"])
def bad_server(request: pytest.FixtureRequest) -> Iterator[BadServer]:
    server = BadServer(request.param)
    try:
        yield server
    finally:
        server.stop()


def test_a_server_that_never_answers_or_hangs_up(bad_server: BadServer, tmp_path: Path) -> None:
    tl = Timeline(bad_server, tmp_path / "ana")
    mine = tmp_path / "events.toml"
    shutil.copy(SAMPLE, mine)
    started = time.monotonic()
    done = tl.sync(mine, check=5)
    took = time.monotonic() - started
    assert took < 8, took  # 1 second's timeout, not the default 30
    assert bad_server.accepted  # it was reached
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"timeline: error: team ({bad_server.url})")
    if bad_server.mode == "stall":
        assert lines[0].endswith("did not answer within 1 second (timeout in [remotes.team])")
    else:
        assert "closed the connection" in lines[0], lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert mine.read_bytes() == SAMPLE.read_bytes()
    sync_state = tl.home / "state" / "timeline" / "sync"
    assert not sync_state.exists() or not list(sync_state.iterdir())


# -- a downloaded event whose id is taken here -----------------------------------------------

OTHER_V = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\n"
    "UID:v-birthday\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20241230\r\n"
    "SUMMARY:Party for V's birthday (another app's event)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
# the same UID as a weekly series with a moved occurrence, in a zone of 23.5-hour days
OTHER_SERIES = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\n"
    "BEGIN:VEVENT\r\nUID:v-birthday\r\nDTSTAMP:20240101T000000Z\r\n"
    "DTSTART;TZID=Australia/Lord_Howe:20241001T090000\r\n"
    "DTEND;TZID=Australia/Lord_Howe:20241001T091500\r\nRRULE:FREQ=WEEKLY;COUNT=5\r\n"
    "SUMMARY:Party planning for V's birthday\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:v-birthday\r\nDTSTAMP:20240101T000000Z\r\n"
    "RECURRENCE-ID;TZID=Australia/Lord_Howe:20241008T090000\r\n"
    "DTSTART;TZID=Australia/Lord_Howe:20241008T100000\r\n"
    "DTEND;TZID=Australia/Lord_Howe:20241008T101500\r\n"
    "SUMMARY:Party planning (moved)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize("kind", ["event", "series"])
def test_a_downloaded_event_whose_id_is_taken_gets_a_new_one(
    caldav_server: Any, tmp_path: Path, kind: str
) -> None:
    tl = Timeline(caldav_server, tmp_path / "ana")
    mine = tmp_path / "events.toml"
    shutil.copy(SAMPLE, mine)
    tl.sync(mine)
    # its UID's slug is "v-birthday", the id of a local event of UID v-birthday@timeline
    caldav_server.calendar().save_event(OTHER_V if kind == "event" else OTHER_SERIES)
    assert said(tl.sync(mine)) == "1 downloaded."
    events = {e["id"]: e for e in tl.events(mine)}
    assert events["v-birthday"]["title"] == "V (Kim Taehyung) is born in Daegu"
    assert events["v-birthday"].get("uid") in (None, "v-birthday@timeline")
    added = events["v-birthday-2"]
    assert added["uid"] == "v-birthday" and added["title"].startswith("Party")
    if kind == "series":  # the moved occurrence follows the series' new id
        moved = events["v-birthday-2-20241008"]
        assert moved["uid"] == "v-birthday" and moved["title"] == "Party planning (moved)"
    assert len(events) == (27 if kind == "event" else 28)
    after = mine.read_bytes()
    assert said(tl.sync(mine)) == "nothing to change."  # idempotent
    assert mine.read_bytes() == after
    tl("check", "-f", str(mine))
    on_server = server_events(caldav_server)
    assert len(on_server) == 27
    there = on_server["v-birthday"].icalendar_instance
    assert len(list(there.walk("VEVENT"))) == (1 if kind == "event" else 2)
    # someone starting from an empty file gets both, under two ids, and stays in step
    theirs = tmp_path / "theirs.toml"
    assert said(tl.sync(theirs)) == "27 downloaded."
    got = tl.events(theirs)
    assert len({e["id"] for e in got}) == len(events)
    assert said(tl.sync(theirs)) == "nothing to change."
    tl("check", "-f", str(theirs))
