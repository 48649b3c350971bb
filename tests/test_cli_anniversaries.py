"""`timeline anniversaries` end to end."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import SAMPLE, assert_error, invoke


def lines(*args: str) -> list[str]:
    result = invoke(["anniversaries", "-f", str(SAMPLE), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_on_a_day_in_seoul() -> None:
    """On 2026-01-24 in Seoul both releases are 2nd anniversaries, D-day."""
    out = lines("--on", "2026-01-24", "--tz", "Asia/Seoul")
    assert out[-1] == "2 anniversaries from 2026-01-24 (Asia/Seoul)"
    assert all("D-day  2 years ago · 2nd anniversary" in line for line in out[:-1])


def test_the_display_zone_decides_the_day() -> None:
    """In New York the 00:00 KST video comes round on 23 January."""
    out = "\n".join(lines("--on", "2026-01-23", "--tz", "America/New_York"))
    assert "music video (starring V)" in out and "digital single" not in out


def test_within_counts_down_sorted_by_date() -> None:
    """--within 7 adds the coming days with D-N, in date order."""
    out = lines("--on", "2026-01-24", "--tz", "Asia/Seoul", "--within", "7")
    assert out[-2].startswith("2026-01-30  D-6")
    assert [line[:10] for line in out[:-1]] == sorted(line[:10] for line in out[:-1])


def test_leap_day_and_partial_dates(tmp_path: Path) -> None:
    """29 February shows on 28 February in other years; month precision never shows."""
    path = tmp_path / "e.toml"
    path.write_text(
        '[[events]]\ntitle = "Leap"\nstart = 2020-02-29\n\n'
        '[[events]]\ntitle = "Some day in Feb"\nstart = "2020-02"\n',
        encoding="utf-8",
    )
    result = invoke(["anniversaries", "-f", str(path), "--on", "2027-02-28"])
    assert "7 years ago · 7th anniversary  Leap" in result.stdout
    assert "Some day" not in result.stdout
    none = invoke(["anniversaries", "-f", str(path), "--on", "2027-03-01"])
    assert none.stdout.startswith("No anniversaries on 2027-03-01")


def test_bad_on_is_a_usage_error() -> None:
    """An unreadable --on exits 2."""
    result = invoke(["anniversaries", "-f", str(SAMPLE), "--on", "someday"])
    assert_error(result, 2, "--on")


def test_repeating_events_come_round_on_their_own_rule(tmp_path: Path) -> None:
    """A weekly series shows its occurrences in the window, besides its yearly anniversary."""
    path = tmp_path / "w.toml"
    path.write_text(
        '[[events]]\ntitle = "Weekly show"\nstart = 2024-03-04T20:00:00\n'
        'timezone = "Asia/Seoul"\nrepeat = "weekly"\n',
        encoding="utf-8",
    )
    result = invoke(
        [
            "anniversaries",
            "-f",
            str(path),
            "--on",
            "2026-03-01",
            "--within",
            "10",
            "--tz",
            "Asia/Seoul",
        ]
    )
    out = result.stdout.splitlines()
    assert out[0].startswith("2026-03-02  D-1  ↻ weekly · for 1 year")
    assert out[1].startswith("2026-03-04  D-3  2 years ago · 2nd anniversary")
    assert out[2].startswith("2026-03-09  D-8  ↻ weekly · for 2 years")
