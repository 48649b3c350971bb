"""`timeline export` and `timeline import` end to end: files, round trips, no duplicates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, SAMPLE, assert_error, invoke
from timeline_cli.store import load_file


def export(*args: str) -> bytes:
    """stdout bytes of a successful export of the sample."""
    result = invoke(["export", "-f", str(SAMPLE), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def _events_only(ics: bytes) -> list[bytes]:
    """The lines of an ICS export without DTSTAMP and the calendar's name."""
    skip = (b"DTSTAMP", b"NAME:", b"X-WR-CALNAME:")
    return [line for line in ics.split(b"\r\n") if not line.startswith(skip)]


def import_(target: Path, source: Path, *args: str) -> tuple[int, str, str]:
    result = invoke(["import", str(source), "-f", str(target), *args])
    return result.exit_code, result.stdout, result.stderr


class TestExport:
    def test_default_is_ics_on_stdout_with_crlf(self) -> None:
        """Without --format or -o the output is iCalendar bytes with CRLF line ends."""
        data = export()
        assert data.startswith(b"BEGIN:VCALENDAR\r\n")
        assert data.endswith(b"END:VCALENDAR\r\n")
        assert b"\n" not in data.replace(b"\r\n", b"")

    @pytest.mark.parametrize(
        ("name", "start"),
        [
            ("out.json", b"{"),
            ("out.csv", b"id,title,start"),
            ("out.md", b"# "),
            ("o.ics", b"BEGIN"),
        ],
    )
    def test_format_is_inferred_from_the_output_suffix(
        self, tmp_path: Path, name: str, start: bytes
    ) -> None:
        """-o x.json writes JSON, x.csv CSV, x.md Markdown, x.ics iCalendar."""
        out = tmp_path / name
        result = invoke(["export", "-f", str(SAMPLE), "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert out.read_bytes().startswith(start)

    def test_existing_output_is_refused_without_force(self, tmp_path: Path) -> None:
        """An existing -o file is kept (exit 2) unless --force is given."""
        out = tmp_path / "out.json"
        out.write_text("mine", encoding="utf-8")
        result = invoke(["export", "-f", str(SAMPLE), "-o", str(out)])
        assert_error(result, 2, "--force")
        assert out.read_text(encoding="utf-8") == "mine"
        assert invoke(["export", "-f", str(SAMPLE), "-o", str(out), "--force"]).exit_code == 0
        assert json.loads(out.read_text(encoding="utf-8"))["version"] == 1

    def test_unknown_format_is_a_usage_error(self) -> None:
        """--format xml exits 2 naming the value, the option and the formats in one line."""
        result = invoke(["export", "-f", str(SAMPLE), "--format", "xml"])
        assert assert_error(result, 2) == (
            "timeline: error: option --format: 'xml' is not one of"
            " 'ics', 'json', 'csv', 'md', 'timelinejs', 'html'"
        )

    def test_filters_apply_to_export(self) -> None:
        """The filters of list select the exported events."""
        data = json.loads(export("--format", "json", "-t", "military"))
        assert data["events"] and all("military" in e["tags"] for e in data["events"])
        data = json.loads(export("--format", "json", "--tz", "Asia/Seoul", "--on", "2024-01-24"))
        assert {e["id"] for e in data["events"]} >= {"love-wins-all-mv", "love-wins-all-single"}

    @pytest.mark.parametrize("fmt", ["json", "csv", "md", "timelinejs"])
    def test_text_formats_never_import_icalendar(self, fmt: str) -> None:
        """Exporting JSON, CSV, Markdown or TimelineJS does not load icalendar."""
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "timeline_cli", "export", "--format", fmt],
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, "TIMELINE_FILE": str(SAMPLE)},
            check=True,
        )
        imported = {line.split("|")[-1].strip() for line in done.stderr.decode().splitlines()}
        assert "icalendar" not in imported and done.stdout


class TestImport:
    @pytest.mark.parametrize("fmt", ["json", "csv", "ics"])
    def test_round_trip_into_an_empty_file(self, tmp_path: Path, fmt: str) -> None:
        """export → import into a new file → export gives the same bytes."""
        source = tmp_path / f"sample.{fmt}"
        source.write_bytes(export("--format", fmt))
        target = tmp_path / "new.toml"
        code, out, err = import_(target, source)
        assert code == 0, err
        assert "26 added" in out
        again = invoke(["export", "-f", str(target), "--format", fmt])
        assert again.exit_code == 0
        first, second = source.read_bytes(), again.stdout_bytes
        if fmt == "json":  # the new file has its own title; the events are the same
            assert json.loads(second)["events"] == json.loads(first)["events"]
        elif fmt == "ics":  # likewise the calendar name, and DTSTAMP is the export time
            assert _events_only(second) == _events_only(first)
        else:
            assert second == first

    def test_reimport_duplicates_nothing_and_writes_nothing(self, tmp_path: Path) -> None:
        """Importing the same file twice skips every known event; the file is unchanged."""
        source = tmp_path / "sample.json"
        source.write_bytes(export("--format", "json"))
        target = tmp_path / "events.toml"
        assert import_(target, source)[0] == 0
        before = target.read_bytes()
        code, out, _ = import_(target, source)
        assert code == 0
        assert "0 added, 0 updated, 26 skipped (already known)" in out
        assert target.read_bytes() == before

    def test_update_changes_only_the_changed_event(self, tmp_path: Path, sample: Path) -> None:
        """--update rewrites the lines of the events that differ, nothing else."""
        data = json.loads(export("--format", "json"))
        mv = next(e for e in data["events"] if e["id"] == "love-wins-all-mv")
        mv["title"] = "IU — Love wins all (MV, updated)"
        source = tmp_path / "changed.json"
        source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        before = sample.read_text(encoding="utf-8")
        code, out, err = import_(sample, source)
        assert code == 0 and "0 updated" in out and sample.read_text(encoding="utf-8") == before
        code, out, err = import_(sample, source, "--update")
        assert code == 0, err
        assert "1 updated" in out
        after = sample.read_text(encoding="utf-8")
        assert after.startswith(before[: before.index('id = "love-wins-all-mv"')])
        tail = before[before.index('id = "love-wins-all-single"') - len("[[events]]\n") :]
        assert after.endswith(tail)
        titles = {e.id: e.title for e in load_file(sample).events}
        assert titles["love-wins-all-mv"] == "IU — Love wins all (MV, updated)"
        assert len(titles) == 26

    def test_dry_run_prints_the_plan_and_writes_nothing(self, tmp_path: Path) -> None:
        """--dry-run shows add/skip rows and leaves the target alone (not even created)."""
        source = tmp_path / "sample.json"
        source.write_bytes(export("--format", "json"))
        target = tmp_path / "none.toml"
        code, out, _ = import_(target, source, "--dry-run")
        assert code == 0
        assert out.splitlines()[0].split() == ["ACTION", "WHEN", "TITLE", "ID"]
        assert "26 added" in out and "dry run" in out
        assert not target.exists()

    def test_malformed_input_is_exit_4_and_changes_nothing(
        self, tmp_path: Path, sample: Path
    ) -> None:
        """Broken JSON names its line; the timeline file is untouched."""
        source = tmp_path / "bad.json"
        source.write_text('{"version": 1,\n "events": [\n  {"title": }\n]}', encoding="utf-8")
        before = sample.read_bytes()
        assert_error(invoke(["import", str(source), "-f", str(sample)]), 4, f"{source}:3")
        assert sample.read_bytes() == before

    def test_some_bad_events_need_skip_invalid(self, tmp_path: Path) -> None:
        """One invalid event refuses the import; --skip-invalid imports the rest and says so."""
        source = tmp_path / "mixed.json"
        events = [
            {"id": "good", "title": "Good", "start": "2024-01-01"},
            {"id": "bad", "title": "Bad", "start": "2024-13-45"},
        ]
        source.write_text(json.dumps({"version": 1, "events": events}), encoding="utf-8")
        target = tmp_path / "events.toml"
        code, _, err = import_(target, source)
        assert code == 4 and "--skip-invalid" in err and "2024-13-45" in err
        assert not target.exists()
        code, out, err = import_(target, source, "--skip-invalid")
        assert code == 0 and "1 added" in out and "1 skipped (invalid)" in out
        assert "skipped invalid event" in err and "bad" in err
        assert [e.id for e in load_file(target).events] == ["good"]

    def test_unknown_format_and_missing_file(self, tmp_path: Path) -> None:
        """An unrecognisable file and a missing one are usage errors (exit 2)."""
        odd = tmp_path / "notes.txt"
        odd.write_text("hello", encoding="utf-8")
        assert import_(tmp_path / "e.toml", odd)[0] == 2
        assert import_(tmp_path / "e.toml", tmp_path / "missing.ics")[0] == 2

    def test_calendar_notes_are_reported(self, tmp_path: Path) -> None:
        """What iCalendar has and the timeline cannot keep (RDATE) is reported per event."""
        source = tmp_path / "cal.ics"
        source.write_bytes(
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
            b"UID:weekly@example.com\r\nDTSTAMP:20240101T000000Z\r\nSUMMARY:Weekly show\r\n"
            b"DTSTART:20240101T100000Z\r\nRRULE:FREQ=WEEKLY\r\nRDATE:20240108T120000Z\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        target = tmp_path / "events.toml"
        code, _out, err = import_(target, source)
        assert code == 0, err
        assert "note:" in err and "RDATE" in err
        (event,) = load_file(target).events
        assert event.repeat and "WEEKLY" in event.repeat.upper()
        assert event.uid == "weekly@example.com"

    def test_other_components_and_floating_times(self, tmp_path: Path) -> None:
        """A VTODO is reported, not dropped silently; a floating time gets the file's zone."""
        source = tmp_path / "cal.ics"
        source.write_bytes(
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
            b"BEGIN:VTODO\r\nUID:todo@example.com\r\nSUMMARY:A task\r\nEND:VTODO\r\n"
            b"BEGIN:VEVENT\r\nUID:float@example.com\r\nDTSTAMP:20240101T000000Z\r\n"
            b"SUMMARY:Floating\r\nDTSTART:20240301T180000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        target = tmp_path / "events.toml"
        target.write_text('[timeline]\ntimezone = "Asia/Seoul"\n', encoding="utf-8")
        code, _out, err = import_(target, source)
        assert code == 0, err
        assert "1 VTODO component(s) not imported" in err
        (event,) = load_file(target).events
        assert event.has_zone and str(event.zone) == "Asia/Seoul"
        assert event.start.moment is not None and event.start.moment.hour == 18
        assert (
            'timezone = "Asia/Seoul"' in target.read_text(encoding="utf-8").split("[[events]]")[1]
        )


class TestConvertFailures:
    def test_export_to_a_directory_is_refused(self, tmp_path: Path) -> None:
        """-o naming a folder (with --force) exits 2 and leaves the folder as it was."""
        before = sorted(tmp_path.iterdir())
        result = invoke(["export", "-f", str(SAMPLE), "-o", str(tmp_path), "--force"])
        assert_error(result, 2, "is a directory")
        assert result.stdout == ""
        assert sorted(tmp_path.iterdir()) == before

    def test_import_into_a_missing_folder_writes_nothing(self, tmp_path: Path) -> None:
        """A target whose folder does not exist exits 1; the source is untouched."""
        source = tmp_path / "sample.json"
        source.write_bytes(export("--format", "json"))
        before = source.read_bytes()
        result = invoke(["import", str(source), "-f", str(tmp_path / "nope" / "e.toml")])
        assert_error(result, 1, "does not exist")
        assert source.read_bytes() == before and not (tmp_path / "nope").exists()
