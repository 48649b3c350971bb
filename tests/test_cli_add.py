"""`timeline add` end to end: what is stored, what is echoed, and that nothing else moves."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import ROOT, assert_error, invoke
from timeline_cli.model import Precision
from timeline_cli.store import load, load_file

HAND_WRITTEN = """\
# my timeline — written by hand
[timeline]
title = "Mine"
timezone = "Asia/Seoul"   # default zone

[[events]]
title   =   "Odd spacing kept"      # trailing comment
start = 2024-01-24T00:00:00
tags = [ "a",
   "b" ]   # broken array
description = '''
multi-line
text'''

# a comment at the very end
"""


def add(path: Path, *args: str) -> tuple[int, str, str]:
    result = invoke(["add", *args, "-f", str(path)])
    return result.exit_code, result.stdout, result.stderr


def last_event(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["events"][-1]


class TestStored:
    def test_existing_text_is_kept_byte_for_byte(self, tmp_path: Path) -> None:
        """The old text is an exact prefix of the new file; only the new event is appended."""
        path = tmp_path / "events.toml"
        path.write_text(HAND_WRITTEN, encoding="utf-8")
        before = path.read_bytes()
        code, _, err = add(path, "New one", "--start", "2024-02-20 18:00", "-t", "x")
        assert code == 0, err
        after = path.read_bytes()
        assert after.startswith(before)
        appended = after[len(before) :].decode()
        assert appended.startswith("\n[[events]]\n")
        assert appended.count("[[events]]") == 1

    def test_local_time_is_stored_with_the_file_zone(self, tmp_path: Path) -> None:
        """A naive --start is wall time in the file's [timeline] zone, written explicitly."""
        path = tmp_path / "events.toml"
        path.write_text(HAND_WRITTEN, encoding="utf-8")
        assert add(path, "Single", "--start", "2024-01-24 18:00")[0] == 0
        event = last_event(path)
        assert event["start"] == datetime(2024, 1, 24, 18, 0)
        assert event["timezone"] == "Asia/Seoul"

    def test_trailing_zone_names_the_event_zone(self, tmp_path: Path) -> None:
        """'... 18:00 KST' stores 18:00 local with timezone Asia/Seoul."""
        path = tmp_path / "events.toml"
        code, out, _ = add(path, "MV", "--start", "2024-01-24 00:00 KST")
        assert code == 0
        assert last_event(path)["timezone"] == "Asia/Seoul"
        assert last_event(path)["start"] == datetime(2024, 1, 24, 0, 0)
        assert "2024-01-24 00:00 KST (Asia/Seoul)" in out
        assert "= 2024-01-23 20:45 +0545 (Asia/Kathmandu)" in out

    def test_tz_option_and_offset_start(self, tmp_path: Path) -> None:
        """--tz sets the event zone; an offset in --start is an exact instant kept as such."""
        path = tmp_path / "events.toml"
        assert add(path, "A", "--start", "2024-07-01 09:00", "--tz", "Europe/Berlin")[0] == 0
        assert last_event(path)["timezone"] == "Europe/Berlin"
        assert (
            add(path, "B", "--start", "2024-11-03T01:30-05:00", "--tz", "America/New_York")[0] == 0
        )
        stored = last_event(path)["start"]
        assert isinstance(stored, datetime) and stored.utcoffset() is not None
        event = load([path]).events[-1]
        assert event.start.moment is not None
        assert event.start.moment.astimezone(UTC) == datetime(2024, 11, 3, 6, 30, tzinfo=UTC)

    def test_every_option_is_stored(self, tmp_path: Path) -> None:
        """All of add's options land in the table under their field names."""
        path = tmp_path / "events.toml"
        code, out, err = add(
            path,
            "Hwarang airs",
            "--start",
            "2016-12-19",
            "--end",
            "2017-02-21",
            "--tz",
            "KST",
            "-t",
            "drama",
            "-t",
            "acting",
            "-p",
            "V",
            "--location",
            "KBS2",
            "--url",
            "https://example.org/hwarang",
            "--source",
            "KBS",
            "--description",
            "Two\nlines",
            "--repeat",
            "yearly",
            "--id",
            "hwarang-run",
        )
        assert code == 0, err
        assert last_event(path) == {
            "id": "hwarang-run",
            "title": "Hwarang airs",
            "start": datetime(2016, 12, 19).date(),
            "end": datetime(2017, 2, 21).date(),
            "timezone": "Asia/Seoul",
            "tags": ["drama", "acting"],
            "people": ["V"],
            "location": "KBS2",
            "url": "https://example.org/hwarang",
            "source": "KBS",
            "description": "Two\nlines",
            "repeat": "yearly",
        }
        assert "2016-12-19 (all day)" in out and "2017-02-21 (all day)" in out

    def test_partial_dates_and_rrule(self, tmp_path: Path) -> None:
        """'2024-01' is stored as month precision; an RRULE value is kept verbatim."""
        path = tmp_path / "events.toml"
        rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=20"
        assert add(path, "Month", "--start", "2024-01")[0] == 0
        assert last_event(path)["start"] == "2024-01"
        assert load([path]).events[-1].start.precision is Precision.MONTH
        assert add(path, "Yearly", "--start", "2024-02-20", "--repeat", rule)[0] == 0
        assert last_event(path)["repeat"] == rule

    def test_a_partial_date_does_not_repeat(self, tmp_path: Path) -> None:
        """A repeat on '2024-01' is refused (no calendar can expand it); nothing is written."""
        path = tmp_path / "events.toml"
        result = invoke(
            ["add", "Month", "--start", "2024-01", "--repeat", "yearly", "-f", str(path)]
        )
        assert_error(result, 2, "needs a whole date")
        assert not path.exists()

    def test_ids_are_derived_and_made_unique(self, tmp_path: Path) -> None:
        """Without --id the id comes from date and title; a second identical add gets '-2'."""
        path = tmp_path / "events.toml"
        add(path, "Love wins all MV", "--start", "2024-01-24")
        add(path, "Love wins all MV", "--start", "2024-01-24")
        ids = [e.id for e in load([path]).events]
        assert ids == ["2024-01-24-love-wins-all-mv", "2024-01-24-love-wins-all-mv-2"]

    def test_korean_title_gets_a_stable_id(self, tmp_path: Path) -> None:
        """A title with no ASCII letters gets the date and a hash of the title as its id:
        the same id in every file and every run, a different one for another title."""
        ids = []
        for name in ("one.toml", "two.toml"):
            path = tmp_path / name
            assert add(path, "화랑 첫 방송", "--start", "2016-12-19")[0] == 0
            ids.append(load([path]).events[0].id)
        # sha1("화랑 첫 방송")[:8]: written out, so a change of the derivation shows here.
        assert ids == ["2016-12-19-268df8d1", "2016-12-19-268df8d1"]
        assert 'id = "2016-12-19-268df8d1"' in (tmp_path / "one.toml").read_text(encoding="utf-8")
        other = tmp_path / "other.toml"
        assert add(other, "화랑 마지막 방송", "--start", "2016-12-19")[0] == 0
        (different,) = (e.id for e in load([other]).events)
        assert different.startswith("2016-12-19-") and different != ids[0]


class TestFiles:
    def test_missing_file_is_created_with_a_header(self, tmp_path: Path) -> None:
        """-f PATH that does not exist yet is created with a [timeline] header."""
        path = tmp_path / "new.toml"
        code, out, _ = add(path, "First", "--start", "2024-01-01")
        assert code == 0 and path.exists()
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["timeline"]["timezone"] == "Asia/Kathmandu"
        assert [e["title"] for e in data["events"]] == ["First"]
        assert f"Added to {path}" in out

    def test_default_xdg_file_is_created(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without -f and without ./events.toml, the XDG data file is created, folders too."""
        monkeypatch.chdir(tmp_path)
        result = invoke(["add", "First", "--start", "2024-01-01"])
        assert result.exit_code == 0, result.stderr
        created = tmp_path / "xdg" / "timeline" / "events.toml"
        assert load([created]).events[0].title == "First"
        listed = invoke(["list"])
        assert listed.exit_code == 0 and "First" in listed.stdout

    def test_crlf_bom_and_missing_final_newline_are_respected(self, tmp_path: Path) -> None:
        """A CRLF file with a BOM and no final newline keeps its bytes and gets CRLF lines."""
        path = tmp_path / "events.toml"
        original = "\ufeff[timeline]\r\ntitle = 'W'\r\n\r\n" + (
            "[[events]]\r\ntitle = 'Old'\r\nstart = 2020-01-01"
        )
        path.write_bytes(original.encode("utf-8"))
        code, _, err = add(path, "New", "--start", "2024-01-01", "-d", "two\nlines")
        assert code == 0, err
        data = path.read_bytes()
        assert data.startswith(original.encode("utf-8"))
        tail = data[len(original.encode("utf-8")) :]
        assert b"\n" not in tail.replace(b"\r\n", b"")
        assert [e.title for e in load([path]).events] == ["Old", "New"]
        assert load([path]).events[1].description == "two\nlines"

    def test_dry_run_writes_nothing(self, tmp_path: Path) -> None:
        """--dry-run prints the event with its parsed times and leaves the file alone."""
        path = tmp_path / "events.toml"
        path.write_text(HAND_WRITTEN, encoding="utf-8")
        before = path.read_bytes()
        code, out, _ = add(path, "Maybe", "--start", "2024-01-24 18:00", "--dry-run")
        assert code == 0
        assert "dry run, nothing written" in out and "18:00 KST (Asia/Seoul)" in out
        assert path.read_bytes() == before
        assert add(tmp_path / "none.toml", "X", "--start", "2024-01-01", "--dry-run")[0] == 0
        assert not (tmp_path / "none.toml").exists()

    def test_first_of_several_files_is_written_and_ids_are_unique_across_them(
        self, tmp_path: Path
    ) -> None:
        """Writes go to the first -f; an id used in another loaded file is refused."""
        one, two = tmp_path / "one.toml", tmp_path / "two.toml"
        two.write_text('[[events]]\nid = "taken"\ntitle = "T"\nstart = 2020-01-01\n', "utf-8")
        result = invoke(
            ["add", "X", "--start", "2024-01-01", "--id", "taken", "-f", str(one), "-f", str(two)]
        )
        assert_error(result, 2, "already used")
        result = invoke(["add", "X", "--start", "2024-01-01", "-f", str(one), "-f", str(two)])
        assert result.exit_code == 0
        assert load_file(one).events[0].title == "X"


class TestConcurrency:
    def test_fifty_concurrent_adds_keep_every_event(self, tmp_path: Path) -> None:
        """50 real `timeline add` processes at once: 50 new events and a valid file."""
        path = tmp_path / "events.toml"
        path.write_text(HAND_WRITTEN, encoding="utf-8")
        before = path.read_bytes()
        env = {**os.environ, "TIMELINE_LOCK_TIMEOUT": "120"}
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "timeline_cli",
                    "add",
                    f"Event {n}",
                    "--start",
                    f"2024-03-{n % 28 + 1:02d}",
                    "--id",
                    f"event-{n}",
                    "-f",
                    str(path),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                cwd=ROOT,
            )
            for n in range(50)
        ]
        failures = []
        for proc in procs:
            _out, err = proc.communicate(timeout=300)
            if proc.returncode != 0:
                failures.append(err.decode())
        assert failures == []
        after = path.read_bytes()
        assert after.startswith(before)
        ids = {e.id for e in load([path]).events}
        assert ids >= {f"event-{n}" for n in range(50)}
        assert len(load([path]).events) == 51
        assert not list(tmp_path.glob(".events.toml.*.tmp"))
