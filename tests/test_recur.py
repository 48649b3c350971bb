"""Repeating events in `list`, D-day notation, and --since/--until another event."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import SAMPLE, assert_error, invoke

SERIES = """\
[timeline]
timezone = "Asia/Seoul"

[[events]]
id = "broadcast"
title = "Weekly broadcast"
start = 2024-03-04T20:00:00
timezone = "Asia/Seoul"
repeat = "weekly"

[[events]]
id = "leap"
title = "Leap day anniversary"
start = 2024-02-29
repeat = "yearly"

[[events]]
id = "month-end"
title = "Month end"
start = 2024-01-31
repeat = "monthly"

[[events]]
id = "mon-tue"
title = "Mondays and Tuesdays"
start = 2024-06-03T09:00:00
timezone = "Europe/Berlin"
repeat = "FREQ=WEEKLY;BYDAY=MO,TU;COUNT=4"
"""


@pytest.fixture
def series(tmp_path: Path) -> Path:
    path = tmp_path / "series.toml"
    path.write_text(SERIES, encoding="utf-8")
    return path


def rows(path: Path, *args: str) -> list[str]:
    result = invoke(["list", "-f", str(path), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()[1:-1]


def test_without_a_range_each_series_is_listed_once_with_its_rule(series: Path) -> None:
    """No range: one row per series, marked with its rule."""
    lines = rows(series)
    assert len(lines) == 4
    assert any("Weekly broadcast ↻ weekly" in line for line in lines)


def test_weekly_keeps_its_own_wall_clock_across_the_viewers_dst(series: Path) -> None:
    """20:00 KST every week, shown in New York across its March DST change."""
    lines = rows(
        series,
        "-s",
        "broadcast",
        "--tz",
        "America/New_York",
        "--from",
        "2024-03-01",
        "--to",
        "2024-03-20",
    )
    assert [line.split()[0] for line in lines] == ["2024-03-04", "2024-03-11", "2024-03-18"]
    assert "06:00 EST" in lines[0] and "07:00 EDT" in lines[2]
    assert all("20:00 KST" in line for line in lines)


def test_yearly_29_february_falls_on_28_february(series: Path) -> None:
    """A leap-day series occurs on 28 February in other years."""
    assert any("Leap day" in line for line in rows(series, "--on", "2027-02-28"))
    assert not any("Leap day" in line for line in rows(series, "--on", "2027-03-01"))
    assert any("Leap day" in line for line in rows(series, "--on", "2028-02-29"))


def test_monthly_on_the_31st_falls_on_the_last_day(series: Path) -> None:
    """A monthly series on the 31st occurs on 30 April and 29 February."""
    assert any("Month end" in line for line in rows(series, "--on", "2024-04-30"))
    assert any("Month end" in line for line in rows(series, "--on", "2024-02-29"))


def test_rrule_text_is_expanded_with_its_count(series: Path) -> None:
    """FREQ=WEEKLY;BYDAY=MO,TU;COUNT=4 gives exactly four occurrences."""
    lines = rows(
        series, "-s", "mondays", "--tz", "Europe/Berlin", "--from", "2024-06", "--to", "2024-07"
    )
    assert [line.split()[0] for line in lines] == [
        "2024-06-03",
        "2024-06-04",
        "2024-06-10",
        "2024-06-11",
    ]


def test_dday_notation(tmp_path: Path) -> None:
    """--dday shows D-N before, D-day on, and D+N after the event's day (display zone)."""
    today = datetime.now(ZoneInfo("Asia/Kathmandu")).date()  # conftest's system zone
    path = tmp_path / "d.toml"
    path.write_text(
        f'[[events]]\ntitle = "Ten days ago"\nstart = {today - timedelta(days=10)}\n\n'
        f'[[events]]\ntitle = "Today"\nstart = {today}\n\n'
        f'[[events]]\ntitle = "In thirty days"\nstart = {today + timedelta(days=30)}\n',
        encoding="utf-8",
    )
    assert [line.split()[-1] for line in rows(path, "--dday")] == ["D+10", "D-day", "D-30"]


def test_since_and_until_another_event() -> None:
    """--since/--until ID bound the list by that event's start and end."""
    result = invoke(
        ["list", "-f", str(SAMPLE), "--since", "v-enlistment", "--until", "love-wins-all-mv"]
    )
    assert result.exit_code == 0
    assert (
        "V enlists" in result.stdout and 'Love wins all" music video (starring V)' in result.stdout
    )
    assert "Layover" not in result.stdout and "The Winning" not in result.stdout
    bad = invoke(["list", "-f", str(SAMPLE), "--since", "v-enlistmen"])
    assert_error(bad, 2, "v-enlistment")
