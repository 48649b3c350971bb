"""`timeline list` end to end: filters, zones, columns, and output hygiene."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import ROOT, SAMPLE, invoke, list_whens
from timeline_cli.store import load

MV = 'IU "Love wins all" music video (starring V)'
SINGLE = 'IU "Love wins all" digital single released'


def listed(args: list[str]) -> str:
    """stdout of a successful ``list`` on the sample."""
    result = invoke(["list", "-f", str(SAMPLE), *args])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


class TestZones:
    def test_mv_is_on_jan_23_in_new_york_and_the_single_is_not(self) -> None:
        """The 00:00 KST MV is 10:00 EST on Jan 23; the 18:00 KST single is on Jan 24 there."""
        out = listed(["--tz", "America/New_York", "--on", "2024-01-23"])
        line = next(line for line in out.splitlines() if MV in line)
        assert "2024-01-23 10:00 EST" in line
        assert "Jan 24 00:00 KST" in line
        assert SINGLE not in out

    def test_on_jan_24_in_new_york_excludes_the_mv(self) -> None:
        """A date range is a range of the display zone: the MV is not on Jan 24 in New York."""
        out = listed(["--tz", "America/New_York", "--on", "2024-01-24"])
        assert MV not in out
        line = next(line for line in out.splitlines() if SINGLE in line)
        assert "2024-01-24 04:00 EST" in line

    def test_in_seoul_both_releases_are_on_jan_24_without_origin_column(self) -> None:
        """Shown in the events' own zone, there is no origin time to add."""
        out = listed(["--tz", "Asia/Seoul", "--on", "2024-01-24"])
        assert MV in out and SINGLE in out
        assert "2024-01-24 00:00 KST" in out and "2024-01-24 18:00 KST" in out
        assert "ORIGIN" not in out.splitlines()[0]

    def test_abbreviation_and_offset_zones(self) -> None:
        """--tz accepts KST-style abbreviations and fixed offsets."""
        assert "2024-01-24 00:00 KST" in listed(["--tz", "KST", "--on", "2024-01-24"])
        out = listed(["--tz", "-05:00", "--on", "2024-01-23"])
        assert "2024-01-23 10:00 UTC-05:00" in out

    def test_timeline_tz_env_is_used_and_tz_option_wins(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """TIMELINE_TZ sets the display zone; --tz overrides it."""
        monkeypatch.setenv("TIMELINE_TZ", "Europe/Berlin")
        assert "times in Europe/Berlin" in listed(["--on", "2024-01-24"])
        assert "times in Asia/Seoul" in listed(["--on", "2024-01-24", "--tz", "Asia/Seoul"])

    def test_system_zone_from_tz_env(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without --tz or TIMELINE_TZ the system zone (TZ) is used by name, not offset."""
        out = listed(["--on", "2024-01-23"])
        assert "times in Asia/Kathmandu" in out
        assert "2024-01-23 20:45 +0545" in out
        monkeypatch.setenv("TZ", "Pacific/Apia")
        assert "times in Pacific/Apia" in listed([])

    def test_all_day_events_are_never_shifted(self) -> None:
        """The enlistment is 2023-12-11 in every zone."""
        for zone in ("Pacific/Apia", "America/New_York", "Australia/Lord_Howe"):
            out = listed(["--tz", zone, "-s", "enlists"])
            assert "2023-12-11 " in out, zone


class TestFilters:
    def test_on_month_and_year(self) -> None:
        """--on takes a month or a year and matches every event in it."""
        feb = listed(["--tz", "Asia/Seoul", "--on", "2024-02"])
        assert "The Winning" in feb and "2nd Corps" in feb and MV not in feb
        year = listed(["--tz", "Asia/Seoul", "--on", "2016"])
        assert "WINGS" in year and "Layover" not in year

    def test_spans_match_any_range_they_overlap(self) -> None:
        """The Hwarang run (Dec 2016 - Feb 2017) matches a day in its middle."""
        out = listed(["--on", "2017-01-10"])
        assert "Hwarang: The Poet Warrior Youth" in out
        assert "V's acting debut" not in out

    def test_partial_dates_match_overlapping_ranges(self) -> None:
        """A month-precision event matches any day of its month, and is shown as 'Nov 2023'."""
        out = listed(["--on", "2023-11-15"])
        assert "Nov 2023" in out and "Special Duty Team" in out
        assert "2023-11-01" not in out

    def test_from_to_are_inclusive(self) -> None:
        """--to includes its whole last day; --from its whole first day."""
        out = listed(["--tz", "Asia/Seoul", "--from", "2024-01-24", "--to", "2024-01-24"])
        assert MV in out and SINGLE in out
        out = listed(["--tz", "Asia/Seoul", "--from", "2025-06-10"])
        assert "discharged" in out and "Layover" not in out

    def test_from_with_time_and_trailing_zone(self) -> None:
        """A WHEN with a time and a zone is an exact bound."""
        out = listed(["--from", "2024-01-24 17:59 KST", "--to", "2024-01-24 18:00 KST"])
        assert SINGLE in out and MV not in out

    def test_relative_whens(self) -> None:
        """today/now/+3d style bounds are accepted; the sample's releases are all in the
        past, and only V's birthday (yearly) comes round again, once in an open range."""
        assert "0 events" in listed(["--from", "+1d", "-t", "release"])
        assert "0 events" not in listed(["--to", "now"])
        assert "No events match." in listed(["--from", "tomorrow", "-t", "release"])
        coming = listed(["--from", "tomorrow"]).splitlines()
        assert len(coming) == 3 and "born in Daegu ↻ yearly" in coming[1]

    def test_tag_person_search_any_case(self) -> None:
        """-t and -p match any of the given values, case-insensitively; -s searches text."""
        out = listed(["-t", "OST", "-t", "poster"])
        assert "It's Definitely You" in out and "main poster" in out
        assert "Layover" not in out
        out = listed(["-p", "jin"])
        assert "It's Definitely You" in out and "Layover" not in out
        out = listed(["-s", "CHUNCHEON"])
        assert "2nd Corps" in out

    def test_search_looks_in_description_source_and_location(self) -> None:
        """--search finds text that is only in the description, source or location."""
        assert "Hwarang episode 18" in listed(["-s", "Peachisodaworld"])
        assert "2nd Corps" in listed(["-s", "군사경찰단"])

    def test_limit_and_reverse(self) -> None:
        """-n limits after ordering; -r lists newest first."""
        out = listed(["-n", "2"]).splitlines()
        assert len(out) == 4 and "born in Daegu" in out[1] and "WINGS" in out[2]
        out = listed(["-r", "-n", "1"]).splitlines()
        assert "discharged" in out[1]
        assert "1 event " in out[-1]

    def test_events_are_sorted_oldest_first(self) -> None:
        """Rows come in order of their first instant, coarser precision first at a tie.

        Each WHEN cell (in UTC) is read back into (first instant, precision): a year
        begins on 1 January, a month on its 1st, a date at midnight.
        """
        formats = [("%Y-%m-%d %H:%M UTC", 3), ("%Y-%m-%d", 2), ("%b %Y", 1), ("%Y", 0)]

        def key(when: str) -> tuple[datetime, int]:
            start = when.split(" → ")[0]
            if len(start) == 16 and " → " in when:  # a timed span: its zone is after its end
                start += " UTC"
            for pattern, precision in formats:
                try:
                    return datetime.strptime(start, pattern).replace(tzinfo=UTC), precision
                except ValueError:
                    continue
            raise AssertionError(f"unreadable WHEN cell {when!r}")

        keys = [key(when) for when in list_whens(SAMPLE, "--tz", "UTC")]
        assert len(keys) == len(load([SAMPLE]).events) == 26
        assert keys == sorted(keys)
        assert {precision for _, precision in keys} >= {1, 2, 3}


class TestColumns:
    def test_header_caption_and_relative_column(self) -> None:
        """The table has When/Origin/Title/Tags/Relative and a caption with zone and count."""
        lines = listed(["--tz", "UTC"]).splitlines()
        assert lines[0].split() == ["WHEN", "ORIGIN", "TITLE", "TAGS", "RELATIVE"]
        assert lines[-1].startswith("V (Kim Taehyung)")
        assert lines[-1].endswith("events · times in UTC")
        assert all(line.rstrip().endswith(" ago") for line in lines[1:-1])

    def test_span_shows_start_arrow_end(self) -> None:
        """Spans read 'start → end' and month precision reads 'Nov 2023'."""
        out = listed([])
        assert "2016-12-19 → 2017-02-21" in out
        assert "2023-12-11 → 2025-06-10" in out


class TestOutputHygiene:
    def test_piped_output_has_no_escape_codes(self) -> None:
        """A real process writing to a pipe emits no colour or hyperlink escapes."""
        env = {**os.environ, "TERM": "xterm-256color", "TZ": "UTC"}
        done = subprocess.run(
            [sys.executable, "-m", "timeline_cli", "list", "-f", str(SAMPLE)],
            capture_output=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        assert b"\x1b" not in done.stdout
        assert b'IU "Love wins all" music video' in done.stdout

    def test_hostile_titles_never_reach_the_terminal(self, tmp_path: Path) -> None:
        """Markup stays literal, escape sequences and bidi overrides are made visible."""
        events = tmp_path / "events.toml"
        events.write_text(
            '[[events]]\nid = "x"\ntitle = "[bold red]boom[/] \\u001b]0;pwned\\u0007 '
            '\\u001b[31mred \\u202eevil"\nstart = 2024-01-01\ntags = ["[link=x]t"]\n',
            encoding="utf-8",
        )
        result = invoke(["list", "-f", str(events)])
        assert result.exit_code == 0
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "\u202e" not in result.stdout
        assert "[bold red]boom[/]" in result.stdout
        assert "␛]0;pwned␇" in result.stdout
        assert "[link=x]t" in result.stdout


class TestFiles:
    def test_default_file_is_events_toml_in_cwd(
        self, monkeypatch: pytest.MonkeyPatch, sample: Path
    ) -> None:
        """Without -f, ./events.toml is read."""
        monkeypatch.chdir(sample.parent)
        result = invoke(["list", "-n", "1"])
        assert result.exit_code == 0 and "born in Daegu" in result.stdout

    def test_timeline_file_env_with_several_files(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """TIMELINE_FILE holds several ':'-separated files, merged in time order."""
        one, two = tmp_path / "a.toml", tmp_path / "b.toml"
        one.write_text('[[events]]\ntitle = "Later"\nstart = 2024-05-01\n', encoding="utf-8")
        two.write_text('[[events]]\ntitle = "Earlier"\nstart = 2020-05-01\n', encoding="utf-8")
        monkeypatch.setenv("TIMELINE_FILE", f"{one}{os.pathsep}{two}")
        result = invoke(["list"])
        assert result.exit_code == 0
        assert result.stdout.index("Earlier") < result.stdout.index("Later")

    def test_several_f_files_are_merged(self, tmp_path: Path) -> None:
        """-f twice merges both files; each keeps its own [timeline] zone."""
        extra = tmp_path / "extra.toml"
        extra.write_text(
            '[timeline]\ntimezone = "America/New_York"\n\n'
            '[[events]]\ntitle = "NY premiere"\nstart = 2024-01-24T20:00:00\n',
            encoding="utf-8",
        )
        result = invoke(
            ["list", "-f", str(SAMPLE), "-f", str(extra), "--tz", "UTC", "--on", "2024-01-25"]
        )
        assert result.exit_code == 0, result.stderr
        assert "2024-01-25 01:00 UTC" in result.stdout and "NY premiere" in result.stdout


class TestStartup:
    def test_a_command_runs_in_an_app_holding_only_that_command(self) -> None:
        """main() builds only the asked command; it behaves like the full app."""
        from typer.testing import CliRunner

        from timeline_cli.cli import app, command_app

        single = command_app(["list", "-n", "1"])
        assert [c.name for c in single.registered_commands] == ["list"]
        result = CliRunner().invoke(single, ["list", "-f", str(SAMPLE), "-n", "1"])
        assert result.exit_code == 0 and "born in Daegu" in result.stdout
        assert command_app(["--help"]) is app and command_app(["lst"]) is app
        assert command_app([]) is app

    def test_the_console_script_path_reports_unknown_commands(self) -> None:
        """Through main(), a misspelt command gets Typer's suggestion and exit 2."""
        done = subprocess.run(
            [sys.executable, "-m", "timeline_cli", "lst"],
            capture_output=True,
            cwd=ROOT,
            check=False,
        )
        assert done.returncode == 2 and b"(did you mean 'list'?)" in done.stderr
