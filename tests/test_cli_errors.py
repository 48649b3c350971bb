"""Error paths of `timeline list` and `timeline add`, end to end (README 'Exit codes').

Every failure must exit with the documented code, print exactly one
`timeline: error: ...` line on stderr (or Typer's own usage error for exit 2 from
Typer itself) naming the file, line, field, option or value at fault, print nothing
on stdout, never show a traceback, and leave every file byte for byte as it was.

"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import Result

from tests.helpers import assert_error, invoke, write_file
from timeline_cli.store.lock import locked

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def assert_usage_error(result: Result, *fragments: str) -> None:
    """A command-line mistake Click catches: exit 2, one `timeline: error:` line naming
    the option (any case), never Click's `Usage:` block."""
    message = assert_error(result, 2)
    assert "Usage:" not in result.stderr and "Error:" not in result.stderr
    for fragment in fragments:
        assert fragment.lower() in message.lower(), (fragment, message)


def assert_succeeds(result: Result) -> None:
    """Exit 0 with output on stdout and nothing on stderr."""
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    assert result.stdout != ""
    assert result.stderr == ""


def listing(folder: Path) -> list[str]:
    """The names in a folder (hidden ones included), sorted."""
    return sorted(p.name for p in folder.iterdir())


GOOD_EVENT = '[[events]]\nid = "fine"\ntitle = "A fine event"\nstart = 2020-01-01\n'

# The event under test starts on line 9 of this layout.
SCHEMA_HEAD = '[timeline]\ntitle = "Schema"\n\n' + GOOD_EVENT + "\n[[events]]\n"
EVENT_LINE = 9


def schema_file(tmp_path: Path, body: str) -> Path:
    """An events file whose second event (its `[[events]]` on line 9) has ``body``."""
    return write_file(tmp_path / "s.toml", SCHEMA_HEAD + body)


def add_unchanged(path: Path, args: list[str], **kwargs: object) -> Result:
    """Run `add -f path ARGS...` (path is the target) and check its bytes did not move."""
    before = path.read_bytes()
    result = invoke(["add", "-f", str(path), *args], **kwargs)
    assert path.read_bytes() == before
    return result


# ---------------------------------------------------------------------------
# Missing file (exit 3)
# ---------------------------------------------------------------------------


class TestMissingFile:
    def test_missing_file_named_with_how_to_create(self, tmp_path: Path) -> None:
        """`list -f nope.toml` exits 3, naming the path and how to create it."""
        path = tmp_path / "nope.toml"
        result = invoke(["list", "-f", str(path)])
        assert_error(result, 3, f"no events file at {path}", "timeline add", f"-f {path}")

    def test_missing_default_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """With no ./events.toml and no XDG file, `list` exits 3 naming the XDG path."""
        empty = tmp_path / "empty"
        empty.mkdir()
        monkeypatch.chdir(empty)
        xdg_file = tmp_path / "xdg" / "timeline" / "events.toml"
        result = invoke(["list"])
        assert_error(result, 3, str(xdg_file), "timeline add")
        assert listing(empty) == []
        assert not (tmp_path / "xdg").exists()

    def test_message_stays_one_line_for_a_path_with_a_newline(self, tmp_path: Path) -> None:
        """A path containing a newline is still reported on one stderr line."""
        path = tmp_path / "two\nlines.toml"
        result = invoke(["list", "-f", str(path)])
        assert_error(result, 3, "no events file at")


# ---------------------------------------------------------------------------
# Unreadable files: TOML syntax and encoding (exit 4)
# ---------------------------------------------------------------------------


class TestSyntaxAndEncoding:
    def test_toml_syntax_error_has_line_and_column(self, tmp_path: Path) -> None:
        """A TOML syntax error exits 4 with `file:line:column`."""
        text = '[timeline]\ntitle = "T"\n\n' + GOOD_EVENT + "oops = = 1\n"
        path = write_file(tmp_path / "bad.toml", text)
        assert_error(invoke(["list", "-f", str(path)]), 4, f"{path}:8:8:", "TOML syntax error")

    def test_invalid_date_literal_is_a_syntax_error(self, tmp_path: Path) -> None:
        """A bare `start = 2024-13-01` is not TOML: exit 4 with its line and column."""
        path = write_file(tmp_path / "bad.toml", '[[events]]\ntitle = "x"\nstart = 2024-13-01\n')
        assert_error(invoke(["list", "-f", str(path)]), 4, f"{path}:3:", "TOML syntax error")

    def test_invalid_utf8_names_the_line(self, tmp_path: Path) -> None:
        """Bytes that are not UTF-8 exit 4 naming the line they are on."""
        path = tmp_path / "latin1.toml"
        path.write_bytes(b'[[events]]\ntitle = "x"\nstart = 2024-01-01\nlocation = "Caf\xe9"\n')
        assert_error(invoke(["list", "-f", str(path)]), 4, f"{path}:4:", "UTF-8")

    def test_utf8_bom_is_accepted(self, tmp_path: Path) -> None:
        """A UTF-8 byte-order mark at the start of the file is accepted."""
        path = tmp_path / "bom.toml"
        path.write_bytes(b"\xef\xbb\xbf" + GOOD_EVENT.encode())
        result = invoke(["list", "-f", str(path)])
        assert_succeeds(result)
        assert "A fine event" in result.stdout


# ---------------------------------------------------------------------------
# Schema errors inside one event (exit 4): file, event line, field, value
# ---------------------------------------------------------------------------

EVENT_CASES = [
    pytest.param(
        'titel = "Debut"\nstart = 2024-01-01\n',
        ["field 'titel'", "(line 10)", "unknown field", "did you mean 'title'?"],
        id="unknown-field-titel",
    ),
    pytest.param("start = 2024-01-01\n", ["field 'title'", "is required"], id="missing-title"),
    pytest.param(
        'title = "No start"\n', ["'No start'", "field 'start'", "is required"], id="missing-start"
    ),
    pytest.param(
        'title = "x"\nstart = "2024-13-01"\n',
        ["field 'start'", "(line 11)", "'2024-13-01'", "month"],
        id="start-month-13",
    ),
    pytest.param(
        'title = "x"\nstart = 2017\n',
        ["field 'start'", "invalid value 2017", '"2017"'],
        id="start-integer-year",
    ),
    pytest.param(
        'title = "x"\nstart = 2024-01-05\nend = 2024-01-01\n',
        ["field 'end'", "(line 12)", "2024-01-01", "before start"],
        id="end-before-start-dates",
    ),
    pytest.param(
        'title = "x"\nstart = 2024-01-05T10:00:00\nend = 2024-01-05T09:00:00\n',
        ["field 'end'", "2024-01-05T09:00", "before start"],
        id="end-before-start-times",
    ),
    pytest.param(
        'title = "x"\nstart = 2024-01-05\nend = 2024-01-06T10:00:00\n',
        ["field 'end'", "same kind", "2024-01-06T10:00"],
        id="date-start-datetime-end",
    ),
    pytest.param(
        'title = "x"\nstart = 2024-01-05T10:00:00\nend = 2024-01-06\n',
        ["field 'end'", "same kind", "2024-01-06"],
        id="datetime-start-date-end",
    ),
    pytest.param(
        'title = "x"\nstart = 2024-01-05T10:00:00\ntimezone = "Asia/Seol"\n',
        ["field 'timezone'", "'Asia/Seol'", "did you mean Asia/Seoul"],
        id="unknown-event-zone",
    ),
    pytest.param(
        'id = "Bad_ID"\ntitle = "x"\nstart = 2024-01-05\n',
        ["field 'id'", "'Bad_ID'", "lowercase"],
        id="bad-id",
    ),
    pytest.param(
        'title = "x"\nstart = 2024-01-05\nurl = "ftp://x"\n',
        ["field 'url'", "'ftp://x'", "http(s)"],
        id="url-ftp",
    ),
    pytest.param(
        'title = "x"\nstart = 2024-01-05\nurl = "javascript:alert(1)"\n',
        ["field 'url'", "'javascript:alert(1)'", "http(s)"],
        id="url-javascript",
    ),
    pytest.param(
        'title = "x"\nstart = 2024-01-05\ntags = "music"\n',
        ["field 'tags'", "list of strings", '"music"'],
        id="tags-as-string",
    ),
    pytest.param(
        'title = """first\nsecond"""\nstart = 2024-01-05\n',
        ["field 'title'", "(line 10)", "one line", r"'first\nsecond'"],
        id="multi-line-title",
    ),
    pytest.param(
        'title = "x"\nstart = 2024-01-05\nrepeat = "FREQ=FORTNIGHTLY"\n',
        ["field 'repeat'", "'FREQ=FORTNIGHTLY'", "FREQ"],
        id="repeat-fortnightly",
    ),
    pytest.param(
        'title = "x"\nstart = 2024-01-05\nrepeat = "sometimes"\n',
        ["field 'repeat'", "'sometimes'"],
        id="repeat-sometimes",
    ),
]


class TestEventSchema:
    @pytest.mark.parametrize(("body", "fragments"), EVENT_CASES)
    def test_event_problem_is_located(
        self, tmp_path: Path, body: str, fragments: list[str]
    ) -> None:
        """A bad event exits 4 naming the file, its `[[events]]` line, the field and value."""
        path = schema_file(tmp_path, body)
        result = invoke(["list", "-f", str(path)])
        assert_error(result, 4, f"{path}:{EVENT_LINE}: event ", *fragments)

    @pytest.mark.parametrize(("body", "fragments"), EVENT_CASES)
    def test_add_refuses_to_touch_a_file_with_a_bad_event(
        self, tmp_path: Path, body: str, fragments: list[str]
    ) -> None:
        """`add` to a file with a bad event exits 4 with the same message; file unchanged."""
        path = schema_file(tmp_path, body)
        result = add_unchanged(path, ["New", "--start", "2024-02-01"])
        assert_error(result, 4, f"{path}:{EVENT_LINE}: event ", *fragments)

    def test_triple_quote_in_comment_keeps_line_numbers(self, tmp_path: Path) -> None:
        """A `\"\"\"` inside a comment does not stop errors naming the event's line."""
        text = (
            '[[events]]\ntitle = "a"\nstart = 2024-01-01  # long text: use """ strings\n\n'
            '[[events]]\ntitle = "b"\nstart = "bad"\n'
        )
        path = write_file(tmp_path / "c.toml", text)
        assert_error(invoke(["list", "-f", str(path)]), 4, f"{path}:5: event 'b'", "'bad'")


# ---------------------------------------------------------------------------
# Schema errors outside events, and ids (exit 4)
# ---------------------------------------------------------------------------

FILE_CASES = [
    pytest.param(
        'evnets = 1\n\n[[events]]\ntitle = "x"\nstart = 2024-01-01\n',
        ["unknown top-level key 'evnets'", "did you mean 'events'?"],
        id="unknown-top-level-key",
    ),
    pytest.param(
        '[timeline]\ntitel = "T"\n',
        ["[timeline]", "unknown field 'titel'", "did you mean 'title'?"],
        id="unknown-timeline-key",
    ),
    pytest.param(
        '[timeline]\ntimezone = "Asia/Seol"\n',
        ["[timeline]", "unknown time zone 'Asia/Seol'", "did you mean Asia/Seoul"],
        id="unknown-timeline-zone",
    ),
    pytest.param("events = 3\n", ["`events` must be an array of tables"], id="events-integer"),
    pytest.param("events = [1, 2]\n", ["`events` must be an array of tables"], id="events-ints"),
    pytest.param(
        '[events]\ntitle = "x"\nstart = 2024-01-01\n',
        ["`events` must be an array of tables"],
        id="events-single-table",
    ),
]


class TestFileSchema:
    @pytest.mark.parametrize(("text", "fragments"), FILE_CASES)
    def test_file_problem_is_named(self, tmp_path: Path, text: str, fragments: list[str]) -> None:
        """A bad top level or header exits 4 naming the file, the key and the value."""
        path = write_file(tmp_path / "f.toml", text)
        assert_error(invoke(["list", "-f", str(path)]), 4, f"{path}: ", *fragments)

    def test_duplicate_id_in_one_file(self, tmp_path: Path) -> None:
        """The same id twice in one file exits 4 naming both lines."""
        text = GOOD_EVENT + '\n[[events]]\nid = "fine"\ntitle = "Again"\nstart = 2021-01-01\n'
        path = write_file(tmp_path / "d.toml", text)
        result = invoke(["list", "-f", str(path)])
        assert_error(result, 4, f"{path}:6:", "duplicate id 'fine'", f"{path}:1")

    def test_duplicate_id_across_files(self, tmp_path: Path) -> None:
        """The same id in two `-f` files exits 4 naming both files."""
        first = write_file(tmp_path / "a.toml", GOOD_EVENT)
        second = write_file(tmp_path / "b.toml", "# second\n\n" + GOOD_EVENT)
        result = invoke(["list", "-f", str(first), "-f", str(second)])
        assert_error(result, 4, f"{second}:3:", "duplicate id 'fine'", f"{first}:1")

    def test_derived_id_yields_to_explicit_id(self, tmp_path: Path) -> None:
        """An event without id never clashes with an explicit id equal to its derived id."""
        text = (
            '[[events]]\ntitle = "b"\nstart = 2024-01-01\n\n'
            '[[events]]\nid = "2024-01-01-b"\ntitle = "other"\nstart = 2024-01-02\n'
        )
        path = write_file(tmp_path / "ids.toml", text)
        assert_succeeds(invoke(["list", "-f", str(path)]))


# ---------------------------------------------------------------------------
# list: bad zones, bad WHEN, bad option values (exit 2)
# ---------------------------------------------------------------------------


class TestListZone:
    def test_unknown_zone_suggests(self, sample: Path) -> None:
        """`--tz Asia/Seol` exits 2 suggesting Asia/Seoul."""
        result = invoke(["list", "-f", str(sample), "--tz", "Asia/Seol"])
        assert_error(result, 2, "--tz", "'Asia/Seol'", "did you mean Asia/Seoul")

    def test_ambiguous_abbreviation_lists_candidates(self, sample: Path) -> None:
        """`--tz CST` exits 2 listing the zones it could mean."""
        result = invoke(["list", "-f", str(sample), "--tz", "CST"])
        assert_error(result, 2, "'CST'", "ambiguous", "America/Chicago", "Asia/Shanghai")

    def test_unknown_zone_in_environment(self, sample: Path) -> None:
        """`TIMELINE_TZ=Mars/Base` exits 2 naming the variable and the value."""
        result = invoke(["list", "-f", str(sample)], env={"TIMELINE_TZ": "Mars/Base"})
        assert_error(result, 2, "TIMELINE_TZ", "'Mars/Base'")

    def test_out_of_range_offset(self, sample: Path) -> None:
        """`--tz +24:00` exits 2: not a valid UTC offset."""
        result = invoke(["list", "-f", str(sample), "--tz", "+24:00"])
        assert_error(result, 2, "'+24:00'", "offset")

    def test_empty_zone_is_refused(self, sample: Path) -> None:
        """`--tz ''` is an error, not a silent fall-back to the system zone."""
        assert_error(invoke(["list", "-f", str(sample), "--tz", ""]), 2, "--tz")


class TestListWhen:
    @pytest.mark.parametrize(
        ("args", "fragments"),
        [
            pytest.param(["--on", "2024-13-40"], ["--on", "'2024-13-40'", "month"], id="on-13-40"),
            pytest.param(["--from", "garbage"], ["--from", "'garbage'"], id="from-garbage"),
            pytest.param(["--from", "2024-02-30"], ["--from", "'2024-02-30'", "day"], id="feb-30"),
            pytest.param(["--to", "0000"], ["--to", "'0000'", "year"], id="year-0"),
            pytest.param(["--from", "+99999y"], ["--from", "'+99999y'", "range"], id="far-future"),
            pytest.param(
                ["--on", "2024-01-24 18:00 Mars/Base"], ["--on", "'Mars/Base'"], id="bad-zone"
            ),
            pytest.param(["--from", ""], ["empty --from"], id="from-empty"),
            pytest.param(
                ["--from", "tomorrow", "--to", "yesterday"],
                ["--from (tomorrow) is after --to (yesterday)"],
                id="from-after-to",
            ),
            pytest.param(
                ["--on", "2024", "--from", "2023"],
                ["--on cannot be combined with --from or --to"],
                id="on-with-from",
            ),
            pytest.param(
                ["--on", "2024", "--to", "2025"],
                ["--on cannot be combined with --from or --to"],
                id="on-with-to",
            ),
        ],
    )
    def test_bad_when(self, sample: Path, args: list[str], fragments: list[str]) -> None:
        """An unusable date or range exits 2 naming the option and the value."""
        assert_error(invoke(["list", "-f", str(sample), *args]), 2, *fragments)

    @pytest.mark.parametrize("option", ["--on", "--from"])
    def test_first_day_of_year_one(self, sample: Path, option: str) -> None:
        """A WHEN of 0001-01-01 lists (nothing) or is refused with exit 2, never crashes."""
        result = invoke(["list", "-f", str(sample), "--tz", "Asia/Seoul", option, "0001-01-01"])
        assert "internal error" not in result.stderr
        assert result.exit_code in (0, 2)


class TestListOptionValues:
    @pytest.mark.parametrize(
        ("args", "option"),
        [
            pytest.param(["--limit", "-1"], "--limit", id="limit-negative"),
            pytest.param(["--limit", "abc"], "--limit", id="limit-not-a-number"),
            pytest.param(["-n", "abc"], "--limit", id="short-limit"),
            pytest.param(["--bogus"], "--bogus", id="unknown-option"),
            pytest.param(["--on"], "--on", id="missing-value"),
        ],
    )
    def test_typer_usage_error(self, sample: Path, args: list[str], option: str) -> None:
        """A malformed option exits 2 with Typer's usage message naming the option."""
        assert_usage_error(invoke(["list", "-f", str(sample), *args]), option)


class TestListEdgeValuesInFiles:
    def test_event_on_first_day_of_year_one(self, tmp_path: Path) -> None:
        """A valid event dated 0001-01-01 is listed, whatever the display zone."""
        path = write_file(tmp_path / "old.toml", '[[events]]\ntitle = "Old"\nstart = 0001-01-01\n')
        assert_succeeds(invoke(["list", "-f", str(path), "--tz", "Asia/Seoul"]))

    def test_event_at_end_of_year_9999(self, tmp_path: Path) -> None:
        """A timed event late on 9999-12-31 is listed or refused as invalid, never a crash."""
        text = (
            '[[events]]\ntitle = "Late"\nstart = 9999-12-31T23:00:00\n'
            'timezone = "America/New_York"\n'
        )
        path = write_file(tmp_path / "late.toml", text)
        result = invoke(["list", "-f", str(path), "--tz", "UTC"])
        assert "internal error" not in result.stderr
        assert result.exit_code in (0, 4)


# ---------------------------------------------------------------------------
# add: refused values (exit 2), file unchanged
# ---------------------------------------------------------------------------


class TestAddWallTimes:
    @pytest.mark.parametrize(
        ("start", "zone"),
        [
            pytest.param("2024-03-10 02:30", "America/New_York", id="new-york-spring"),
            pytest.param("2024-03-31 02:30", "Europe/Berlin", id="berlin-spring"),
            pytest.param("2024-10-06 02:15", "Australia/Lord_Howe", id="lord-howe-30-min"),
            pytest.param("2011-12-30 12:00", "Pacific/Apia", id="samoa-skipped-day"),
        ],
    )
    def test_nonexistent_local_time(self, sample: Path, start: str, zone: str) -> None:
        """A wall time skipped by a clock change exits 2 saying it does not exist."""
        result = add_unchanged(sample, ["Skipped", "--start", start, "--tz", zone])
        assert_error(result, 2, "--start", start, "does not exist", zone)

    @pytest.mark.parametrize(
        ("start", "zone", "offsets"),
        [
            pytest.param("2024-11-03 01:30", "America/New_York", ("-04:00", "-05:00"), id="ny"),
            pytest.param("2024-10-27 02:30", "Europe/Berlin", ("+02:00", "+01:00"), id="berlin"),
        ],
    )
    def test_ambiguous_local_time(
        self, sample: Path, start: str, zone: str, offsets: tuple[str, str]
    ) -> None:
        """A wall time repeated by a clock change exits 2 naming both offsets."""
        result = add_unchanged(sample, ["Twice", "--start", start, "--tz", zone])
        assert_error(result, 2, "--start", start, "happens twice", zone, *offsets)

    @pytest.mark.parametrize(
        ("start", "zone"),
        [
            pytest.param("2024-11-03T01:30-05:00", "America/New_York", id="ny-second"),
            pytest.param("2024-11-03T01:30-04:00", "America/New_York", id="ny-first"),
            pytest.param("2024-10-27T02:30+01:00", "Europe/Berlin", id="berlin-second"),
        ],
    )
    def test_ambiguous_time_with_offset_is_accepted(
        self, sample: Path, start: str, zone: str
    ) -> None:
        """An explicit offset says which repeated wall time is meant: exit 0, appended."""
        before = sample.read_bytes()
        result = invoke(["add", "Chosen", "--start", start, "--tz", zone, "-f", str(sample)])
        assert_succeeds(result)
        after = sample.read_bytes()
        assert after.startswith(before)
        assert start[-6:].encode() in after[len(before) :]

    def test_est_in_the_repeated_hour_is_not_called_out_of_effect(self, sample: Path) -> None:
        """`01:30 EST` on the night clocks go back is not refused as 'EST not in effect'."""
        result = add_unchanged(sample, ["Twice", "--start", "2024-11-03 01:30 EST", "--dry-run"])
        assert "not in effect" not in result.stderr


class TestAddValues:
    @pytest.mark.parametrize(
        ("args", "fragments"),
        [
            pytest.param(
                ["x", "--start", "2024-01-01", "--tz", "+09:00"],
                ["--tz '+09:00'", "not a fixed offset"],
                id="fixed-offset-zone",
            ),
            pytest.param(
                ["x", "--start", "2024-01-01", "--tz", "Asia/Seol"],
                ["--tz", "'Asia/Seol'", "Asia/Seoul"],
                id="unknown-zone",
            ),
            pytest.param(
                ["x", "--start", "2024-01-01", "--tz", "CST"],
                ["'CST'", "ambiguous", "America/Chicago"],
                id="ambiguous-zone",
            ),
            pytest.param(
                ["x", "--start", "2024-01-01", "--url", "ftp://x"],
                ["--url", "'ftp://x'", "http(s)"],
                id="url-ftp",
            ),
            pytest.param(
                ["x", "--start", "2024-01-01", "--repeat", "FREQ=NOPE"],
                ["--repeat", "'FREQ=NOPE'", "FREQ"],
                id="repeat-bad-freq",
            ),
            pytest.param(
                ["x", "--start", "2024-01-01", "--repeat", "FREQ=WEEKLY;COUNT=2;UNTIL=20250101"],
                ["--repeat", "'FREQ=WEEKLY;COUNT=2;UNTIL=20250101'", "COUNT and UNTIL"],
                id="repeat-count-and-until",
            ),
            pytest.param(
                ["x", "--start", "2024-01-01", "--id", "love-wins-all-mv"],
                ["'love-wins-all-mv'", "already used", "--id"],
                id="duplicate-id",
            ),
            pytest.param(
                ["x", "--start", "2024-01-01", "--id", "Bad_ID"],
                ["--id", "'Bad_ID'", "lowercase"],
                id="bad-id",
            ),
            pytest.param(["", "--start", "2024-01-01"], ["title", "empty"], id="empty-title"),
            pytest.param(["   ", "--start", "2024-01-01"], ["title", "empty"], id="blank-title"),
            pytest.param(
                ["first\nsecond", "--start", "2024-01-01"],
                ["title", "one line", r"'first\nsecond'"],
                id="multi-line-title",
            ),
            pytest.param(
                ["x", "--start", "2024-01-05", "--end", "2024-01-01"],
                ["--end", "2024-01-01", "before start"],
                id="end-before-start-dates",
            ),
            pytest.param(
                ["x", "--start", "2024-01-05 10:00", "--end", "2024-01-05 09:00"],
                ["--end", "2024-01-05T09:00", "before start"],
                id="end-before-start-times",
            ),
            pytest.param(
                ["x", "--start", "2024-13-01"], ["--start", "'2024-13-01'", "month"], id="bad-start"
            ),
            pytest.param(
                ["x", "--start", "2024-01-01", "--end", "soon"], ["--end", "'soon'"], id="bad-end"
            ),
        ],
    )
    def test_refused(self, sample: Path, args: list[str], fragments: list[str]) -> None:
        """A bad `add` value exits 2 naming the option and the value; the file is unchanged."""
        assert_error(add_unchanged(sample, args), 2, *fragments)

    def test_id_taken_in_another_loaded_file(self, sample: Path, tmp_path: Path) -> None:
        """An `--id` used in a second `-f` file exits 2; neither file changes."""
        other = write_file(tmp_path / "other.toml", GOOD_EVENT)
        other_before = other.read_bytes()
        args = ["x", "--start", "2024-01-01", "--id", "fine", "-f", str(other)]
        assert_error(add_unchanged(sample, args), 2, "'fine'", "already used")
        assert other.read_bytes() == other_before

    def test_empty_tag_names_the_real_option(self, sample: Path) -> None:
        """`--tag ''` exits 2 naming `--tag`, the option the user typed."""
        result = add_unchanged(sample, ["x", "--start", "2024-01-01", "--tag", ""])
        message = assert_error(result, 2, "--tag")
        assert "--tags" not in message

    @pytest.mark.parametrize(
        ("args", "option"),
        [
            pytest.param(["--start", "2024-01-01"], "missing argument TITLE", id="missing-title"),
            pytest.param(["x"], "missing option --start", id="missing-start"),
            pytest.param(["x", "--start", "2024-01-01", "--bogus"], "--bogus", id="unknown"),
        ],
    )
    def test_typer_usage_error(self, sample: Path, args: list[str], option: str) -> None:
        """A missing argument or unknown option exits 2 with Typer's message; file unchanged."""
        assert_usage_error(add_unchanged(sample, args), option)


class TestAddToInvalidFile:
    def test_invalid_toml(self, tmp_path: Path) -> None:
        """`add` to a file that is not valid TOML exits 4 with line and column; unchanged."""
        path = write_file(tmp_path / "bad.toml", GOOD_EVENT + "oops = = 1\n")
        result = add_unchanged(path, ["x", "--start", "2024-01-01"])
        assert_error(result, 4, f"{path}:5:", "TOML syntax error")

    def test_invalid_utf8(self, tmp_path: Path) -> None:
        """`add` to a file that is not UTF-8 exits 4 naming the line; unchanged."""
        path = tmp_path / "latin1.toml"
        path.write_bytes(GOOD_EVENT.encode() + b'location = "Caf\xe9"\n')
        result = add_unchanged(path, ["x", "--start", "2024-01-01"])
        assert_error(result, 4, f"{path}:5:", "UTF-8")

    def test_inline_events_array(self, tmp_path: Path) -> None:
        """`add` to a file whose events are an inline array exits 4; unchanged."""
        path = write_file(
            tmp_path / "inline.toml", 'events = [{title = "a", start = 2024-01-01}]\n'
        )
        result = add_unchanged(path, ["x", "--start", "2024-01-01"])
        assert_error(result, 4, str(path), "[[events]]")

    def test_second_file_invalid(self, sample: Path, tmp_path: Path) -> None:
        """`add` exits 4 when another `-f` file is invalid; the target is unchanged."""
        other = write_file(tmp_path / "other.toml", "oops = = 1\n")
        result = add_unchanged(sample, ["x", "--start", "2024-01-01", "-f", str(other)])
        assert_error(result, 4, f"{other}:1:")

    def test_second_file_missing(self, sample: Path, tmp_path: Path) -> None:
        """`add` exits 3 when another `-f` file is missing; the target is unchanged."""
        other = tmp_path / "missing.toml"
        result = add_unchanged(sample, ["x", "--start", "2024-01-01", "-f", str(other)])
        assert_error(result, 3, str(other))


# ---------------------------------------------------------------------------
# add: valid input is not refused
# ---------------------------------------------------------------------------


class TestAddNotRefused:
    def test_all_day_event_to_file_without_header(self, tmp_path: Path) -> None:
        """An all-day event can be added to a hand-written file that has no header."""
        path = write_file(tmp_path / "plain.toml", GOOD_EVENT)
        result = invoke(["add", "Day", "--start", "2024-02-01", "-f", str(path)])
        assert_succeeds(result)


# ---------------------------------------------------------------------------
# add: write failures and the lock (exit 1), nothing changed
# ---------------------------------------------------------------------------


class TestAddWriteFailures:
    def test_folder_does_not_exist(self, tmp_path: Path) -> None:
        """`-f` into a missing folder exits 1 naming the folder; nothing is created."""
        target = tmp_path / "nowhere" / "events.toml"
        before = listing(tmp_path)
        result = invoke(["add", "x", "--start", "2024-01-01", "-f", str(target)])
        assert_error(result, 1, str(target), str(target.parent))
        assert listing(tmp_path) == before

    def test_parent_is_a_regular_file(self, tmp_path: Path) -> None:
        """`-f` under a regular file exits 1 naming the path; that file is unchanged."""
        plain = write_file(tmp_path / "plain", "not a folder\n")
        target = plain / "events.toml"
        before = listing(tmp_path)
        result = invoke(["add", "x", "--start", "2024-01-01", "-f", str(target)])
        assert_error(result, 1, str(target))
        assert plain.read_bytes() == b"not a folder\n"
        assert listing(tmp_path) == before

    def test_parent_is_a_regular_file_is_said_so(self, tmp_path: Path) -> None:
        """The message for a parent that is a file does not claim the folder is missing."""
        plain = write_file(tmp_path / "plain", "not a folder\n")
        result = invoke(["add", "x", "--start", "2024-01-01", "-f", str(plain / "e.toml")])
        message = assert_error(result, 1, str(plain))
        assert "does not exist" not in message

    def test_events_path_is_a_directory(self, tmp_path: Path) -> None:
        """`-f` naming a directory exits 1 saying so; nothing is created."""
        folder = tmp_path / "events.toml"
        folder.mkdir()
        before = listing(tmp_path)
        result = invoke(["add", "x", "--start", "2024-01-01", "-f", str(folder)])
        assert_error(result, 1, str(folder), "directory")
        assert listing(tmp_path) == before
        assert listing(folder) == []

    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() == 0,
        reason="root writes into read-only folders",
    )
    def test_read_only_folder(self, tmp_path: Path) -> None:
        """A folder without write permission exits 1 naming it; the file is unchanged."""
        folder = tmp_path / "ro"
        folder.mkdir()
        path = write_file(folder / "events.toml", GOOD_EVENT)
        folder.chmod(0o500)
        try:
            result = add_unchanged(path, ["x", "--start", "2024-01-01"])
            assert_error(result, 1, str(folder))
            assert listing(folder) == ["events.toml"]
        finally:
            folder.chmod(0o700)


class TestAddLock:
    def test_lock_timeout(self, sample: Path) -> None:
        """While another process holds the lock, `add` exits 1 saying locked; unchanged."""
        with locked(sample):
            result = add_unchanged(
                sample, ["x", "--start", "2024-01-01"], env={"TIMELINE_LOCK_TIMEOUT": "0.2"}
            )
        assert_error(result, 1, str(sample), "locked")
        assert [n for n in listing(sample.parent) if n.endswith(".tmp")] == []


# ---------------------------------------------------------------------------
# add --dry-run: validates like add, writes nothing
# ---------------------------------------------------------------------------


class TestAddDryRun:
    def test_dry_run_still_validates(self, sample: Path) -> None:
        """`--dry-run` with a bad start exits 2 like a real add."""
        result = add_unchanged(sample, ["x", "--start", "2024-13-01", "--dry-run"])
        assert_error(result, 2, "--start", "'2024-13-01'")

    def test_dry_run_checks_duplicate_id(self, sample: Path) -> None:
        """`--dry-run` refuses an `--id` already in the file, exit 2."""
        args = ["x", "--start", "2024-01-01", "--id", "love-wins-all-mv", "--dry-run"]
        assert_error(add_unchanged(sample, args), 2, "'love-wins-all-mv'", "already used")

    def test_dry_run_leaves_file_unchanged(self, sample: Path) -> None:
        """A successful `--dry-run` prints the event and leaves the file byte for byte."""
        result = add_unchanged(sample, ["Trial", "--start", "2024-02-01", "--dry-run"])
        assert_succeeds(result)
        assert "dry run" in result.stdout
        assert "Trial" in result.stdout

    def test_dry_run_does_not_create_named_file(self, tmp_path: Path) -> None:
        """A `--dry-run` to a missing `-f` file succeeds and creates nothing."""
        target = tmp_path / "new.toml"
        before = listing(tmp_path)
        result = invoke(["add", "Trial", "--start", "2024-02-01", "--dry-run", "-f", str(target)])
        assert_succeeds(result)
        assert listing(tmp_path) == before

    def test_dry_run_does_not_create_default_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A `--dry-run` with no file anywhere creates neither the XDG file nor its folder."""
        empty = tmp_path / "empty"
        empty.mkdir()
        monkeypatch.chdir(empty)
        result = invoke(["add", "Trial", "--start", "2024-02-01", "--dry-run"])
        assert_succeeds(result)
        assert listing(empty) == []
        assert not (tmp_path / "xdg").exists()
