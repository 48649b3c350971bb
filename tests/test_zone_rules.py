"""One rule for zone abbreviations, and the system zone from a POSIX ``TZ``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_error, event_toml, invoke, list_whens, write_timeline

SUMMER = event_toml("2024-07-01T17:00:00+00:00", title="Summer")
WINTER = event_toml("2024-01-24T17:00:00+00:00", title="Winter")


def whens(path: Path, *args: str) -> list[str]:
    return list_whens(path, *args)


# --- abbreviations -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "shown"), [(SUMMER, "2024-07-01 12:00 EST"), (WINTER, "2024-01-24 12:00 EST")]
)
def test_list_tz_est_is_minus_five_all_year(tmp_path: Path, body: str, shown: str) -> None:
    """``--tz EST`` shows times at -05:00 in July too (never New York's EDT)."""
    assert whens(write_timeline(tmp_path, body), "--tz", "EST") == [shown]


def test_list_tz_edt_is_minus_four(tmp_path: Path) -> None:
    """``--tz EDT`` is -04:00, in January too."""
    assert whens(write_timeline(tmp_path, WINTER), "--tz", "EDT") == ["2024-01-24 13:00 EDT"]


def test_list_tz_kst_is_seoul(tmp_path: Path) -> None:
    """``--tz KST`` is Asia/Seoul."""
    assert whens(write_timeline(tmp_path, SUMMER), "--tz", "KST") == ["2024-07-02 02:00 KST"]


def test_add_tz_est_is_not_new_york(tmp_path: Path) -> None:
    """``add --tz EST`` in July never stores New York's EDT: EST is a fixed offset,
    which an event's zone cannot be (exit 2, nothing written)."""
    path = tmp_path / "e.toml"
    result = invoke(["add", "X", "--start", "2024-07-01 18:00", "--tz", "EST", "-f", str(path)])
    assert_error(
        result,
        2,
        "--tz 'EST': EST is the fixed offset UTC-05:00, which an event's zone cannot be;",
        "give the zone (America/New_York) or write EST after the time in --start",
    )
    assert not path.exists()


def test_a_time_with_est_in_july_is_refused(tmp_path: Path) -> None:
    """``--start "2024-07-01 18:00 EST"``: EST is not in force in New York in July."""
    path = tmp_path / "e.toml"
    result = invoke(["add", "X", "--start", "2024-07-01 18:00 EST", "-f", str(path)])
    assert_error(result, 2, "EST is not in effect in America/New_York on 2024-07-01")


# --- a POSIX TZ ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "summer", "winter"),
    [
        ("KST-9", "2024-07-02 02:00 KST", "2024-01-25 02:00 KST"),  # west is +: KST-9 is +09
        ("<+0545>-5:45", "2024-07-01 22:45 +0545", "2024-01-24 22:45 +0545"),
        ("EST5EDT,M3.2.0,M11.1.0", "2024-07-01 13:00 EDT", "2024-01-24 12:00 EST"),
        ("CET-1CEST,M3.5.0,M10.5.0/3", "2024-07-01 19:00 CEST", "2024-01-24 18:00 CET"),
    ],
)
def test_a_posix_tz_rule_is_the_system_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tz: str, summer: str, winter: str
) -> None:
    """``TZ=KST-9`` (a POSIX rule, with or without DST) is honoured, not read as UTC."""
    monkeypatch.setenv("TZ", tz)
    path = write_timeline(tmp_path, SUMMER + "\n" + WINTER)
    assert whens(path) == [winter, summer]


def test_an_unreadable_tz_warns_once_and_uses_utc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``TZ`` that is neither a zone name nor a POSIX rule: one warning, then UTC."""
    monkeypatch.setenv("TZ", "Mars Standard Time")
    result = invoke(["list", "-f", str(write_timeline(tmp_path, SUMMER))])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "timeline: warning: TZ='Mars Standard Time' is not a zone name; using UTC "
        "— set TIMELINE_TZ=Asia/Seoul (or your zone)\n"
    )
    assert "2024-07-01 17:00 UTC" in result.stdout


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("KST", "(did you mean 'Asia/Seoul'? a file names zones by IANA name)"),
        ("est", "(did you mean 'America/New_York'? a file names zones by IANA name)"),
        ("CST", "(CST could mean America/Chicago, Asia/Shanghai, America/Havana"),
    ],
)
def test_an_abbreviation_in_a_file_suggests_its_zone(
    tmp_path: Path, written: str, hint: str
) -> None:
    """The command line reads KST; a file wants the IANA name, and says which."""
    path = write_timeline(tmp_path, event_toml("2024-01-01", zone=written), zone=written)
    assert_error(invoke(["list", "-f", str(path)]), 4, f"unknown time zone {written!r} {hint}")
    found = invoke(["check", "-f", str(path)]).stdout.splitlines()
    assert sum(f"unknown time zone {written!r} {hint}" in line for line in found) == 2, found


def test_the_tz_warning_is_shown_once_each_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every run that needs the system zone says so once (not once a process), and
    a run that does not use it (an explicit --tz) says nothing."""
    monkeypatch.setenv("TZ", "Mars Standard Time")
    path = write_timeline(tmp_path, SUMMER + WINTER)
    for _ in range(2):
        result = invoke(["list", "-f", str(path)])
        assert result.stderr.count("timeline: warning: TZ='Mars Standard Time'") == 1
    assert invoke(["list", "-f", str(path), "--tz", "UTC"]).stderr == ""


@pytest.mark.parametrize("written", ["UTC", "utc", "Z"])
def test_add_tz_utc_is_the_zone_named_utc(tmp_path: Path, written: str) -> None:
    """``add --tz UTC`` stores the zone UTC (it was refused as a fixed offset)."""
    path = tmp_path / "e.toml"
    args = ["add", "X", "--start", "2024-07-01 18:00", "--tz", written, "--id", "x"]
    result = invoke([*args, "-f", str(path)])
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert 'timezone = "UTC"' in text and "start = 2024-07-01 18:00:00" in text
