"""`timeline edit` and `timeline check` end to end."""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import SAMPLE, assert_error, invoke
from tests.test_cli_show_remove import FILE
from timeline_cli.store import load_file


def diff(before: str, after: str) -> list[str]:
    """Removed and added lines only."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def edit(path: Path, *args: str) -> tuple[int, str, str]:
    result = invoke(["edit", *args, "-f", str(path)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "e.toml"
    path.write_text(FILE, encoding="utf-8")
    return path


class TestEdit:
    def test_the_diff_is_exactly_the_changed_lines(self, events: Path) -> None:
        """Changing a title rewrites that line only, keeping its comment; the rest survives."""
        code, out, err = edit(events, "second", "--title", "Second, renamed")
        assert code == 0, err
        assert "Changed in" in out and "Second, renamed" in out
        assert diff(FILE, events.read_text(encoding="utf-8")) == [
            '-title   =   "Second"    # odd spacing',
            '+title = "Second, renamed"    # odd spacing',
        ]

    def test_tags_clear_and_add_fields(self, events: Path) -> None:
        """Tags are added and removed, fields cleared and set; other lines stay."""
        assert edit(events, "first", "-t", "x", "-t", "y", "--clear", "source")[0] == 0
        assert diff(FILE, events.read_text(encoding="utf-8")) == [
            '-source = "s"',
            '+tags = ["x", "y"]',
        ]
        assert edit(events, "first", "--remove-tag", "X", "--location", "Seoul")[0] == 0
        event = load_file(events).events[0]
        assert event.tags == ("y",) and event.location == "Seoul"

    def test_start_is_parsed_in_the_event_zone_and_checked(self, events: Path) -> None:
        """A new start is wall time in the event's zone; a DST gap is refused."""
        assert edit(events, "third", "--start", "2024-03-03 19:00")[0] == 0
        third = load_file(events).events[2]
        assert third.start.moment is not None
        assert third.start.moment.astimezone(UTC) == datetime(2024, 3, 3, 10, 0, tzinfo=UTC)
        before = events.read_bytes()
        code, _, err = edit(
            events, "third", "--start", "2024-03-10 02:30", "--tz", "America/New_York"
        )
        assert code == 2 and "does not exist" in err
        assert events.read_bytes() == before

    def test_rename_needs_rename_and_a_free_id(self, events: Path) -> None:
        """--id alone is refused; with --rename it works unless the id is taken."""
        before = events.read_bytes()
        assert edit(events, "first", "--id", "premier")[0] == 2
        assert edit(events, "first", "--id", "second", "--rename")[0] == 2
        assert events.read_bytes() == before
        assert edit(events, "first", "--id", "premier", "--rename")[0] == 0
        assert [e.id for e in load_file(events).events] == ["premier", "second", "third"]

    def test_dry_run_prints_a_diff_and_writes_nothing(self, events: Path) -> None:
        """--dry-run shows the unified diff of the file and leaves it alone."""
        code, out, _ = edit(events, "first", "--title", "Premier", "--dry-run")
        assert code == 0
        assert '-title = "First"' in out and '+title = "Premier"' in out
        assert events.read_text(encoding="utf-8") == FILE

    def test_bad_values_and_unknown_ids_change_nothing(self, events: Path) -> None:
        """Invalid values exit 2 naming the option; an unknown id suggests close ones."""
        cases = [
            (["first", "--url", "ftp://x"], "--url"),
            (["first", "--clear", "title"], "cannot clear 'title'"),
            (["first", "--end", "2023-01-01"], "before start"),
            (["firts", "--title", "x"], "first"),
            (["first", "--repeat", "FREQ=NOPE"], "--repeat"),
        ]
        for args, expected in cases:
            assert_error(invoke(["edit", *args, "-f", str(events)]), 2, expected)
        assert events.read_text(encoding="utf-8") == FILE

    def test_nothing_to_change_and_a_missing_tag_are_refused(self, events: Path) -> None:
        """No change option, or --remove-tag of a tag the event lacks: exit 2, no write."""
        before = events.stat().st_mtime_ns
        assert_error(invoke(["edit", "first", "-f", str(events)]), 2, "nothing to change")
        result = invoke(["edit", "first", "--remove-tag", "acting", "-f", str(events)])
        assert_error(result, 2, "event first has no tag 'acting' (it has no tags)")
        assert events.read_text(encoding="utf-8") == FILE
        assert events.stat().st_mtime_ns == before

    def test_values_already_set_leave_the_file_alone(self, events: Path) -> None:
        """--title with the current title: exit 0, the file's bytes and mtime unchanged."""
        before = events.stat().st_mtime_ns
        code, out, err = edit(events, "second", "--title", "Second", "--repeat", "yearly")
        assert code == 0, err
        assert out == f"No change: second already has those values; {events} not written\n"
        assert events.read_text(encoding="utf-8") == FILE
        assert events.stat().st_mtime_ns == before
        result = invoke(["edit", "second", "--title", "Second", "-f", str(events), "--json"])
        assert '"action": "unchanged"' in result.stdout and result.exit_code == 0

    def test_nothing_to_change_names_the_options(self, events: Path) -> None:
        """The refusal says how to change something, in options."""
        result = invoke(["edit", "first", "-f", str(events)])
        assert_error(result, 2, "nothing to change: give an option", "--title", "--clear FIELD")

    def test_sample_edit_touches_one_line(self, sample: Path) -> None:
        """Editing the hand-written sample changes exactly the edited line."""
        before = sample.read_text(encoding="utf-8")
        assert edit(sample, "v-discharge", "--source", "Korea Herald")[0] == 0
        changes = diff(before, sample.read_text(encoding="utf-8"))
        assert len(changes) == 2 and changes[1] == '+source = "Korea Herald"'


class TestCheck:
    def test_sample_is_clean(self) -> None:
        """The shipped sample has no errors and no warnings."""
        result = invoke(["check", "-f", str(SAMPLE)])
        assert result.exit_code == 0
        assert result.stdout == f"No problems found in {SAMPLE}\n"

    def test_every_problem_is_listed_with_its_line(self, tmp_path: Path) -> None:
        """Several bad events give several errors, each with file and line; exit 4."""
        path = tmp_path / "bad.toml"
        path.write_text(
            '[[events]]\ntitle = "a"\nstart = "2024-13-01"\n\n'
            '[[events]]\ntitle = "b"\nstart = 2024-01-01\nurl = "ftp://x"\n\n'
            '[[events]]\ntitel = "c"\nstart = 2024-01-01\n',
            encoding="utf-8",
        )
        result = invoke(["check", "-f", str(path)])
        assert result.exit_code == 4
        errors = [line for line in result.stdout.splitlines() if ": error: " in line]
        assert len(errors) >= 3
        assert any(line.startswith(f"{path}:8:") and "ftp://x" in line for line in errors)
        assert any("did you mean 'title'" in line for line in errors)

    def test_warnings_exit_0_unless_strict(self, tmp_path: Path) -> None:
        """An ambiguous local time and a missing source are warnings; --strict fails them."""
        path = tmp_path / "warn.toml"
        path.write_text(
            '[[events]]\ntitle = "Fall back"\nstart = 2024-11-03T01:30:00\n'
            'timezone = "America/New_York"\n',
            encoding="utf-8",
        )
        result = invoke(["check", "-f", str(path)])
        assert result.exit_code == 0
        assert "happens twice" in result.stdout and "no source" in result.stdout
        assert invoke(["check", "-f", str(path), "--strict"]).exit_code == 4

    def test_syntax_error_and_duplicates_across_files(self, tmp_path: Path) -> None:
        """A TOML error in one file does not hide a duplicate id between two others."""
        broken, one, two = tmp_path / "broken.toml", tmp_path / "1.toml", tmp_path / "2.toml"
        broken.write_text("a = \n", encoding="utf-8")
        one.write_text('[[events]]\nid = "x"\ntitle = "X"\nstart = 2024-01-01\n', "utf-8")
        two.write_text('[[events]]\nid = "x"\ntitle = "Y"\nstart = 2024-01-02\n', "utf-8")
        result = invoke(["check", "-f", str(broken), "-f", str(one), "-f", str(two)])
        assert result.exit_code == 4
        assert f"{broken}:1:" in result.stdout and "duplicate id 'x'" in result.stdout

    def test_an_impossible_date_does_not_hide_the_other_problems(self, tmp_path: Path) -> None:
        """`start = 2024-01-32T18:00:00` is named at line:column; check goes on; list refuses."""
        path = tmp_path / "bad.toml"
        path.write_text(
            '[[events]]\ntitle = "a"\nstart = 2024-01-32T18:00:00\ntags = "iu, mv"\n\n'
            '[[events]]\ntitle = "b"\nstart = 2024-01-01\nurl = "ftp://x"\n',
            encoding="utf-8",
        )
        before = path.read_bytes()
        result = invoke(["check", "-f", str(path)])
        assert result.exit_code == 4
        assert result.stdout.splitlines()[:3] == [
            f"{path}:3:9: error: TOML syntax error: start = 2024-01-32T18:00:00 is no date "
            "(January has 31 days)",
            f"{path}:4: error: event 'a', field 'tags': must be a list of strings: "
            'tags = ["iu", "mv"]',
            f"{path}:9: error: event 'b', field 'url': 'ftp://x' is not an http(s) address",
        ]
        listed = invoke(["list", "-f", str(path)])
        assert_error(listed, 4, f"{path}:3:9: TOML syntax error: start = 2024-01-32T18:00:00")
        assert path.read_bytes() == before


INLINE = """\
timeline = { title = "Inline header", timezone = "Asia/Seoul" }   # an inline table

[[events]]
id = "a"
title = "A"
start = 2024-01-01
description = '''
literal, multi-line
'''   # comment after a multi-line string

[[events]]
id = "b"
title="B"
start = 2024-01-02   # trailing
"""


def test_inline_tables_and_literal_strings_survive_edit_and_remove(tmp_path: Path) -> None:
    """An inline-table header, literal multi-line strings and comments are kept byte for byte."""
    path = tmp_path / "e.toml"
    path.write_text(INLINE, encoding="utf-8")
    assert edit(path, "b", "--title", "Bee")[0] == 0
    assert diff(INLINE, path.read_text(encoding="utf-8")) == ['-title="B"', '+title = "Bee"']
    result = invoke(["remove", "a", "--yes", "-f", str(path)])
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith(INLINE.split("\n")[0] + "\n")
    assert "start = 2024-01-02   # trailing" in text
    assert [e.id for e in load_file(path).events] == ["b"]


def test_edit_of_an_event_in_another_file_is_refused(tmp_path: Path, sample: Path) -> None:
    """Writes go to the first -f: editing an event of the second file exits 2, nothing changes."""
    path = tmp_path / "e.toml"
    path.write_text(FILE, encoding="utf-8")
    before = sample.read_bytes()
    result = invoke(["edit", "hwarang-run", "--title", "x", "-f", str(path), "-f", str(sample)])
    assert_error(result, 2, "first -f")
    assert path.read_text(encoding="utf-8") == FILE and sample.read_bytes() == before
