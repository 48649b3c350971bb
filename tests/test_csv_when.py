"""CSV import reads its time cells as ``add`` reads WHEN (fixed forms only)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tests.helpers import invoke
from timeline_cli.formats import csvfmt


def row(start: str, zone: str = "") -> csvfmt.Candidate:
    data = f"title,start,timezone\nX,{start},{zone}\n".encode()
    (candidate,) = csvfmt.read(data, "t.csv")
    return candidate


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("2024-01-24", date(2024, 1, 24)),
        ("2024/01/24", date(2024, 1, 24)),
        ("2024.01.24", date(2024, 1, 24)),
        ("2024년 1월 24일", date(2024, 1, 24)),
        ("2024년 1월", "2024-01"),
        ("Jan 2024", "2024-01"),
        ("2024", "2024"),
        ("2024.01.24 18:00", datetime(2024, 1, 24, 18, 0)),
    ],
)
def test_the_forms_of_add_are_read(text: str, stored: object) -> None:
    """Slashes, dots, Korean and month names become the value ``add`` would store."""
    assert row(text).table["start"] == stored


@pytest.mark.parametrize("text", ["2024-01-24 18:00 KST", "2024년 1월 24일 오후 6시 KST"])
def test_a_time_naming_a_zone_gives_the_row_its_zone(text: str) -> None:
    """``18:00 KST`` in a row without a timezone is 18:00 in Asia/Seoul."""
    table = row(text).table
    assert table["start"] == datetime(2024, 1, 24, 18, 0)
    assert table["timezone"] == "Asia/Seoul"


def test_a_time_naming_another_zone_than_the_rows_is_that_instant() -> None:
    """``18:00 KST`` in a New York row is 04:00 there."""
    table = row("2024-01-24 18:00 KST", "America/New_York").table
    assert table["start"] == datetime(2024, 1, 24, 4, 0)
    assert table["timezone"] == "America/New_York"


@pytest.mark.parametrize("text", ["today", "now", "+3d", "in 3 days", "next friday"])
def test_relative_words_mean_nothing_in_a_file(text: str) -> None:
    """``today`` in a file is refused (the row is invalid) with a note saying why."""
    candidate = row(text)
    assert candidate.table["start"] == text
    assert candidate.notes == (
        f"start {text!r} is relative to the day it is read; a file needs a fixed date "
        "(2024-01-24, 2024-01-24 18:00 KST)",
    )


def test_an_ambiguous_date_is_refused_naming_both_readings() -> None:
    """``01/02/2024`` is left to the schema to refuse; the note names both readings."""
    candidate = row("01/02/2024")
    assert candidate.table["start"] == "01/02/2024"
    assert "2024-01-02 or 2024-02-01" in candidate.notes[0]


def test_import_stores_a_korean_time_in_its_zone(tmp_path: Path) -> None:
    """``timeline import`` of a row ``2024-01-24 18:00 KST`` stores it in Asia/Seoul."""
    source = tmp_path / "in.csv"
    source.write_text("title,start\nRelease,2024년 1월 24일 오후 6시 KST\n", encoding="utf-8")
    target = tmp_path / "events.toml"
    result = invoke(["import", str(source), "-f", str(target)])
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert 'start = 2024-01-24 18:00:00\ntimezone = "Asia/Seoul"' in text


def test_import_says_why_a_cell_is_refused(tmp_path: Path) -> None:
    """The reader's reason reaches the user: 'relative' for today, both readings for
    01/02/2024, and nothing is written."""
    source = tmp_path / "in.csv"
    source.write_text("title,start\nA,today\nB,01/02/2024\nC,2024-01-05\n", encoding="utf-8")
    target = tmp_path / "events.toml"
    result = invoke(["import", str(source), "-f", str(target), "--dry-run", "--skip-invalid"])
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert "row 1 (line 2)" in lines[0] and "'today' is relative" in lines[0]
    assert "row 2 (line 3)" in lines[1] and "2 January or 1 February 2024?" in lines[1]
    refused = invoke(["import", str(source), "-f", str(target)])
    assert refused.exit_code == 4 and "'today' is relative" in refused.stderr
    assert not target.exists()


def test_python_never_speaks_for_us(tmp_path: Path) -> None:
    """Impossible dates and times are explained in our words, in every path: a CSV
    cell, a WHEN on the command line and a value in the events file."""
    source = tmp_path / "in.csv"
    source.write_text("title,start\nA,2024-02-30\nB,2024-01-01T25:00\n", encoding="utf-8")
    target = tmp_path / "events.toml"
    result = invoke(["import", str(source), "-f", str(target), "--dry-run", "--skip-invalid"])
    on = invoke(["list", "-f", str(target), "--on", "2023-02-29 18:00"])
    target.write_text('[[events]]\ntitle = "a"\nstart = "2024-06-31"\n', encoding="utf-8")
    checked = invoke(["check", "-f", str(target)])
    said = result.stderr + on.stderr + checked.stdout
    for python in ("out of range for month", "must be in", "Invalid isoformat"):
        assert python not in said, said
    assert "February 2024 has 29 days" in result.stderr and "an hour is 00 to 23" in result.stderr
    assert "February 2023 has 28 days" in on.stderr
    assert "June has 30 days" in checked.stdout
