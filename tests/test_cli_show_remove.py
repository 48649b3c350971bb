"""`timeline show` and `timeline remove` end to end."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import SAMPLE, assert_error, invoke
from timeline_cli.render.detail import print_event
from timeline_cli.schema import event_from_table
from timeline_cli.store import load_file

FILE = """\
# my events
[timeline]
timezone = "Asia/Seoul"

[[events]]
id = "first"
title = "First"
start = 2024-01-01
source = "s"

# this comment belongs to "second"
[[events]]
id = "second"
title   =   "Second"    # odd spacing
start = 2024-02-29
repeat = "yearly"

# --- a section comment, kept ---

[[events]]
id = "third"
title = "Third"
start = 2024-03-03T20:00:00
end = 2024-03-03T22:30:00
"""


class TestShow:
    def test_every_field_with_both_zones_and_location(self) -> None:
        """show prints the fields, the time in both zones, and the file and line."""
        result = invoke(["show", "love-wins-all-mv", "-f", str(SAMPLE), "--tz", "America/New_York"])
        assert result.exit_code == 0 and result.stderr == ""
        out = result.stdout
        assert "2024-01-24 00:00 KST (Asia/Seoul) = 2024-01-23 10:00 EST (America/New_York)" in out
        line = next(e.line for e in load_file(SAMPLE).events if e.id == "love-wins-all-mv")
        assert line is not None
        assert f"\nfile        {SAMPLE}:{line}\n" in out
        for field in ("tags", "people", "location", "url", "source", "description"):
            assert f"\n{field} " in out

    def test_span_length_and_repeat_with_next_occurrence(self, tmp_path: Path) -> None:
        """A span says how long it lasts; a yearly 29 February falls on 28 February."""
        path = tmp_path / "e.toml"
        path.write_text(FILE, encoding="utf-8")
        out = invoke(["show", "third", "-f", str(path)]).stdout
        assert "lasts       2h 30min" in out
        out = invoke(["show", "second", "-f", str(path), "--tz", "Asia/Seoul"]).stdout
        line = next(line for line in out.splitlines() if line.startswith("repeats"))
        assert "yearly (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1); next " in line
        assert line.rstrip()[-5:] in ("02-28", "02-29")
        days = invoke(["show", "hwarang-run", "-f", str(SAMPLE)]).stdout
        assert "lasts       65 days" in days

    def test_unknown_id_suggests_close_ones(self) -> None:
        """An unknown id exits 2 and names the closest ids."""
        result = invoke(["show", "love-wins-al", "-f", str(SAMPLE)])
        assert result.exit_code == 2 and result.stdout == ""
        assert "love-wins-all-mv" in result.stderr

    def test_terminal_panel_keeps_text_literal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """On a terminal the panel shows markup and escapes from the file as plain text."""
        monkeypatch.setenv("FORCE_COLOR", "1")
        event = event_from_table(
            {"id": "x", "title": "[bold]t[/bold] \x1b]0;x\x07", "start": datetime(2024, 1, 1)},
            ZoneInfo("Asia/Seoul"),
        )
        out = io.StringIO()
        print_event(event, zone=UTC, now=datetime(2026, 1, 1, tzinfo=UTC), out=out, terminal=True)
        text = out.getvalue()
        assert "[bold]t[/bold]" in text and "\x1b]0;" not in text and "╭" in text


class TestRemove:
    def test_removes_exactly_the_event_and_its_comment(self, tmp_path: Path) -> None:
        """The event's lines and the comment right above go; every other byte stays."""
        path = tmp_path / "e.toml"
        path.write_text(FILE, encoding="utf-8")
        result = invoke(["remove", "second", "--yes", "-f", str(path)])
        assert result.exit_code == 0, result.stderr
        assert result.stdout == f"Removed 1 event from {path}: second\n"
        text = path.read_text(encoding="utf-8")
        start = FILE.index('# this comment belongs to "second"')
        end = FILE.index("# --- a section comment")
        assert text == FILE[:start] + FILE[end:]
        assert [e.id for e in load_file(path).events] == ["first", "third"]

    def test_several_ids_and_the_last_event(self, tmp_path: Path) -> None:
        """Several ids at once, including the last event of the file."""
        path = tmp_path / "e.toml"
        path.write_text(FILE, encoding="utf-8")
        assert invoke(["remove", "first", "third", "--yes", "-f", str(path)]).exit_code == 0
        text = path.read_text(encoding="utf-8")
        assert [e.id for e in load_file(path).events] == ["second"]
        assert text.startswith("# my events\n[timeline]\n")
        assert "# --- a section comment, kept ---" in text and text.endswith("\n")

    def test_refuses_without_yes_when_not_on_a_terminal(self, tmp_path: Path) -> None:
        """Without a terminal to ask on, remove needs --yes; nothing changes."""
        path = tmp_path / "e.toml"
        path.write_text(FILE, encoding="utf-8")
        result = invoke(["remove", "first", "-f", str(path)])
        assert_error(result, 2, "--yes")
        assert path.read_text(encoding="utf-8") == FILE

    def test_unknown_id_changes_nothing(self, tmp_path: Path) -> None:
        """One unknown id among several: exit 2, suggestions, the file untouched."""
        path = tmp_path / "e.toml"
        path.write_text(FILE, encoding="utf-8")
        result = invoke(["remove", "first", "secnd", "--yes", "-f", str(path)])
        assert_error(result, 2, "second")
        assert path.read_text(encoding="utf-8") == FILE

    def test_event_of_another_file_is_refused(self, tmp_path: Path, sample: Path) -> None:
        """Writes go to the first -f only: an id from the second file is refused."""
        path = tmp_path / "e.toml"
        path.write_text(FILE, encoding="utf-8")
        result = invoke(["remove", "hwarang-run", "--yes", "-f", str(path), "-f", str(sample)])
        assert_error(result, 2, "first -f")
        assert path.read_text(encoding="utf-8") == FILE

    def test_sample_event_removal_keeps_the_rest_of_the_file(self, sample: Path) -> None:
        """Removing one event of the hand-written sample changes only its lines."""
        before = sample.read_text(encoding="utf-8")
        assert (
            invoke(["remove", "love-wins-all-mv-trailer", "--yes", "-f", str(sample)]).exit_code
            == 0
        )
        after = sample.read_text(encoding="utf-8")
        gone = [line for line in before.splitlines() if line not in after.splitlines()]
        assert any('id = "love-wins-all-mv-trailer"' in line for line in gone)
        assert len(load_file(sample).events) == 25
        assert after.startswith(before[: before.index('id = "love-wins-all-mv-trailer"') - 40])


def _remove_on_a_terminal(path: Path, answer: bytes, *ids: str) -> tuple[int, str]:
    """Run `timeline remove first` (or ``ids``) with a pseudo-terminal as stdin,
    answering ``answer``."""
    import os
    import subprocess
    import sys

    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "timeline_cli", "remove", *(ids or ["first"]), "-f", str(path)],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        os.write(master, answer)
        _, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
        os.close(slave)
    return proc.returncode, err.decode()


@pytest.mark.parametrize(("answer", "removed"), [(b"y\n", True), (b"n\n", False), (b"\n", False)])
def test_remove_asks_on_a_terminal(tmp_path: Path, answer: bytes, removed: bool) -> None:
    """On a terminal remove asks; only 'y' removes, anything else keeps the file."""
    path = tmp_path / "e.toml"
    path.write_text(FILE, encoding="utf-8")
    code, err = _remove_on_a_terminal(path, answer)
    assert err.startswith(f"Remove 1 event from {path}:\n  2024-01-01  First  (first)\n")
    assert "Remove it? [y/N]" in err
    ids = [e.id for e in load_file(path).events]
    if removed:
        assert code == 0 and ids == ["second", "third"]
    else:
        assert code == 1 and "nothing removed" in err
        assert path.read_text(encoding="utf-8") == FILE


def test_remove_shows_each_event_before_asking(tmp_path: Path) -> None:
    """The question lists each event's date, title and id (titles made inert)."""
    path = tmp_path / "e.toml"
    path.write_text(FILE.replace('title = "First"', 'title = "First \\u001b[2J"'), "utf-8")
    code, err = _remove_on_a_terminal(path, b"n\n", "second", "first")
    lines = err.splitlines()
    assert lines[0] == f"Remove 2 events from {path}:"
    assert lines[1].endswith("  Second  (second)") and " (first)" in lines[2]
    assert "\x1b" not in err and "First \u241b[2J" in lines[2]
    assert "Remove them? [y/N]" in err and code == 1
