"""Days that are not 24 hours long: times that never existed, skipped and repeated days.

A stored wall time in a DST gap is shown as the instant it names (never as a time
that did not exist), and all-day events are floating dates: they are on the same
one date in every display zone, whatever that zone's midnights do. Each zone here
was checked with ``zdump -v``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import invoke, list_rows, list_whens, write_timeline

write = write_timeline
rows = list_rows
whens = list_whens


# (zone, a wall time in its gap, how that reads after the jump, the day's date)
GAPS = [
    ("America/New_York", "2024-03-10T02:30:00", "2024-03-10 03:30 EDT"),
    ("Australia/Lord_Howe", "2024-10-06T02:15:00", "2024-10-06 02:45 +11"),  # 30-minute DST
    ("America/Havana", "2024-03-10T00:30:00", "2024-03-10 01:30 CDT"),  # DST at midnight
    ("America/Santiago", "2024-09-08T00:30:00", "2024-09-08 01:30 -03"),  # DST at midnight
    ("Pacific/Apia", "2011-12-30T10:00:00", "2011-12-31 10:00 +14"),  # a skipped day
]


@pytest.mark.parametrize(("zone", "wall", "shown"), GAPS)
def test_a_wall_time_in_a_gap_is_shown_as_the_instant_it_names(
    tmp_path: Path, zone: str, wall: str, shown: str
) -> None:
    """``list`` in the event's own zone prints the real time after the jump."""
    path = write(tmp_path, f'[[events]]\ntitle = "Gap"\nstart = {wall}\n', zone)
    assert whens(path, "--tz", zone) == [shown]


def test_the_origin_column_and_show_agree_on_the_instant(tmp_path: Path) -> None:
    """Origin column and ``show`` say 03:30 EDT for 02:30 New York on spring-forward day."""
    body = '[[events]]\nid = "g"\ntitle = "Gap"\nstart = 2024-03-10T02:30:00\n'
    path = write(tmp_path, body, "America/New_York")
    assert [row[:3] for row in rows(path, "--tz", "UTC")] == [
        ["2024-03-10 07:30 UTC", "03:30 EDT", "Gap"]
    ]
    result = invoke(["show", "g", "-f", str(path), "--tz", "UTC"])
    assert result.exit_code == 0
    assert "2024-03-10 03:30 EDT (America/New_York) = 2024-03-10 07:30 UTC" in result.stdout
    assert "02:30" not in result.stdout


def test_a_timed_event_on_a_skipped_day_is_not_on_that_day(tmp_path: Path) -> None:
    """10:00 on Samoa's skipped 2011-12-30 is 2011-12-31 10:00 there: listed on the 31st only."""
    body = '[[events]]\ntitle = "Skipped"\nstart = 2011-12-30T10:00:00\n'
    path = write(tmp_path, body, "Pacific/Apia")
    assert whens(path, "--tz", "Pacific/Apia", "--on", "2011-12-30") == []
    assert whens(path, "--tz", "Pacific/Apia", "--on", "2011-12-31") == ["2011-12-31 10:00 +14"]


# (display zone, an all-day date whose midnight is odd there)
ODD_MIDNIGHTS = [
    ("Pacific/Apia", "2011-12-30"),  # the day that was skipped
    ("America/St_Johns", "2010-11-07"),  # 00:01 → 23:01: midnight happens twice
    ("America/Havana", "2024-03-10"),  # the day starts at 01:00
    ("America/Santiago", "2024-09-08"),
    ("Australia/Lord_Howe", "2024-10-06"),
    ("Europe/Dublin", "2024-03-31"),  # negative DST in the database
    ("Pacific/Kiritimati", "2024-01-24"),  # +14
    ("Pacific/Pago_Pago", "2024-01-24"),  # -11
]


@pytest.mark.parametrize(("zone", "day"), ODD_MIDNIGHTS)
@pytest.mark.parametrize("file_zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_an_all_day_event_is_on_its_date_and_no_other(
    tmp_path: Path, zone: str, day: str, file_zone: str
) -> None:
    """All-day events match ``--on`` by date in any display zone, 25 hours from the file's."""
    from datetime import date, timedelta

    path = write(tmp_path, f'[[events]]\ntitle = "All day"\nstart = {day}\n', file_zone)
    the_day = date.fromisoformat(day)
    before, after = (the_day + timedelta(days=d) for d in (-1, 1))
    assert whens(path, "--tz", zone, "--on", day) == [day]
    assert whens(path, "--tz", zone, "--on", before.isoformat()) == []
    assert whens(path, "--tz", zone, "--on", after.isoformat()) == []
    assert whens(path, "--tz", zone, "--from", day, "--to", day) == [day]
    assert whens(path, "--tz", zone, "--to", before.isoformat()) == []
    assert whens(path, "--tz", zone, "--from", after.isoformat()) == []


def test_an_all_day_series_is_on_its_dates_far_from_the_file_zone(tmp_path: Path) -> None:
    """A daily all-day series in a -11 file lists the same dates in a +14 display zone."""
    body = '[[events]]\ntitle = "Daily"\nstart = 2024-01-01\nrepeat = "daily"\n'
    path = write(tmp_path, body, "Pacific/Pago_Pago")
    args = ("--from", "2024-01-02", "--to", "2024-01-04")
    expected = ["2024-01-02", "2024-01-03", "2024-01-04"]
    assert whens(path, "--tz", "Pacific/Kiritimati", *args) == expected
    assert whens(path, "--tz", "Pacific/Pago_Pago", *args) == expected


def test_check_warns_about_the_gap_and_says_how_it_is_read(tmp_path: Path) -> None:
    """``check`` still names the written wall time that never existed and its reading."""
    body = '[[events]]\ntitle = "Gap"\nstart = 2024-10-06T02:15:00\nsource = "x"\n'
    path = write(tmp_path, body, "Australia/Lord_Howe")
    result = invoke(["check", "-f", str(path)])
    assert result.exit_code == 0
    assert "2024-10-06 02:15 does not exist in Australia/Lord_Howe" in result.stdout
    assert "read as 2024-10-06 02:45+11:00" in result.stdout
