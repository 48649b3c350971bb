"""The other spellings of WHEN: slashes, dots, Korean, month names, weeks, words."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.helpers import NEW_YORK, SAMPLE, SEOUL, assert_error, invoke
from timeline_cli.errors import UsageError
from timeline_cli.model import Precision, TimeValue
from timeline_cli.timeparse import parse_when, when_range
from timeline_cli.when_forms import FORMS

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)  # a Friday


def value(text: str) -> TimeValue:
    return parse_when(text, now=NOW, zone=NEW_YORK).value


def message(text: str) -> str:
    with pytest.raises(UsageError) as caught:
        parse_when(text, now=NOW, zone=NEW_YORK, what="--on date")
    return caught.value.message


# --- errors list the forms ----------------------------------------------------------


@pytest.mark.parametrize("text", ["blah", "next fooday", "in three days", "soon 6pm", "2024-02-30"])
def test_an_unreadable_when_ends_with_the_accepted_forms(text: str) -> None:
    """Every unreadable WHEN is refused with the forms that work, on one line."""
    shown = message(text)
    assert shown.startswith(f"invalid --on date {text!r}: ")
    assert shown.endswith(f"; accepted forms: {FORMS}")
    assert "\n" not in shown


def test_the_cli_lists_the_forms() -> None:
    """``list --on blah`` exits 2 naming the forms, ISO and relative."""
    result = invoke(["list", "-f", str(SAMPLE), "--on", "blah"])
    line = assert_error(result, 2, "invalid --on date 'blah'", "2024-01-24", "in 3 days")
    assert line.endswith("next friday\n") or line.endswith("next friday")


# --- words relative to today ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("next friday", date(2024, 6, 21)),  # the first Friday after today, never today
        ("Next Monday", date(2024, 6, 17)),
        ("last friday", date(2024, 6, 7)),
        ("last thu", date(2024, 6, 13)),
        ("in 3 days", date(2024, 6, 17)),
        ("in a week", date(2024, 6, 21)),
        ("3 days ago", date(2024, 6, 11)),
        ("2 weeks ago", date(2024, 5, 31)),
        ("in 1 month", date(2024, 7, 14)),
        ("a year ago", date(2023, 6, 14)),
    ],
)
def test_relative_words(text: str, day: date) -> None:
    """``next friday``, ``in 3 days``, ``3 days ago`` are days counted from today."""
    assert value(text) == TimeValue(Precision.DAY, day)


# --- month names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Jan 2024", "January 2024", "2024 Jan", "jan. 2024", "2024 january"]
)
def test_a_month_name_and_a_year_is_that_month(text: str) -> None:
    """``Jan 2024`` is the month 2024-01, as ``2024-01`` is."""
    assert value(text) == TimeValue(Precision.MONTH, date(2024, 1, 1))


def test_on_a_month_name_covers_the_month() -> None:
    """``--on "Jan 2024"`` is the whole of January."""
    span = when_range(start=None, end=None, on="Jan 2024", now=NOW, zone=SEOUL)
    assert (span.first, span.last) == (date(2024, 1, 1), date(2024, 1, 31))


# --- ISO weeks -----------------------------------------------------------------------


def test_on_a_week_is_monday_to_sunday() -> None:
    """``--on 2024-W03`` is 15 to 21 January 2024 (instants and days)."""
    span = when_range(start=None, end=None, on="2024-W03", now=NOW, zone=SEOUL)
    assert (span.first, span.last) == (date(2024, 1, 15), date(2024, 1, 21))
    assert span.low == datetime(2024, 1, 14, 15, 0, tzinfo=UTC)
    assert span.high == datetime(2024, 1, 21, 15, 0, tzinfo=UTC)


def test_from_a_week_is_its_monday_and_to_a_week_its_sunday() -> None:
    """``--from 2024-W03 --to 2024-W04`` is 15 to 28 January."""
    span = when_range(start="2024-W03", end="2024-w04", on=None, now=NOW, zone=SEOUL)
    assert (span.first, span.last) == (date(2024, 1, 15), date(2024, 1, 28))


@pytest.mark.parametrize("text", ["2024-W03-2", "2024W032"])
def test_a_week_day_is_that_day(text: str) -> None:
    """``2024-W03-2`` is Tuesday 16 January."""
    assert value(text) == TimeValue(Precision.DAY, date(2024, 1, 16))


def test_a_week_is_not_one_date() -> None:
    """Where one value is needed (a start to store) a week is refused, naming its days."""
    assert message("2024-W03") == (
        "invalid --on date '2024-W03': a whole week (2024-01-15 to 2024-01-21), not one "
        "date; give a day of it (2024-W03-1 or 2024-01-15)"
    )


def test_add_refuses_a_week(tmp_path: Path) -> None:
    """``add --start 2024-W03`` exits 2 and writes nothing."""
    path = tmp_path / "e.toml"
    result = invoke(["add", "X", "--start", "2024-W03", "-f", str(path)])
    assert_error(result, 2, "--start '2024-W03'", "a whole week")
    assert not path.exists()


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
@pytest.mark.parametrize("week", ["9999-W52", "0001-W01"])
def test_the_first_and_last_weeks_of_the_calendar(zone: str, week: str) -> None:
    """``list --on 9999-W52`` (which would end in year 10000) works in any zone."""
    result = invoke(["list", "-f", str(SAMPLE), "--on", week, "--tz", zone])
    assert (result.exit_code, result.stderr) == (0, "")


def test_the_last_week_ends_on_the_last_day() -> None:
    """9999-W52 is 27 to 31 December 9999; its Saturday does not exist."""
    span = when_range(start=None, end=None, on="9999-W52", now=NOW, zone=SEOUL)
    assert (span.first, span.last) == (date(9999, 12, 27), date(9999, 12, 31))
    assert message("9999-W52-6").startswith("invalid --on date '9999-W52-6': out of range")


def test_a_week_that_does_not_exist() -> None:
    """2024 has 52 weeks: ``2024-W53`` is refused."""
    assert "2024 has no week 53" in message("2024-W53")


# --- slashes, dots, Korean -----------------------------------------------------------


@pytest.mark.parametrize("text", ["2024/01/24", "2024.01.24", "2024. 1. 24.", "2024/1/24"])
def test_year_first_dates_with_slashes_or_dots(text: str) -> None:
    """``2024/01/24`` and ``2024.01.24`` are 24 January 2024."""
    assert value(text) == TimeValue(Precision.DAY, date(2024, 1, 24))


def test_a_dotted_date_with_a_time() -> None:
    """``2024.01.24 18:00`` is 18:00 in the zone."""
    assert value("2024.01.24 18:00").moment == datetime(2024, 1, 24, 18, 0, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("text", "wall"),
    [
        ("2024년 1월 24일 오후 6시", (18, 0)),
        ("2024년 1월 24일 오후 6시 30분", (18, 30)),
        ("2024년 1월 24일 오전 6시", (6, 0)),
        ("2024년 1월 24일 18시", (18, 0)),
        ("2024년 1월 24일 오전 12시", (0, 0)),
        ("2024년 1월 24일 오후 12시", (12, 0)),
        ("2024-01-24 오후 6시", (18, 0)),
    ],
)
def test_korean_times(text: str, wall: tuple[int, int]) -> None:
    """오전/오후 N시 M분 is the 12-hour clock; 오전 12시 is midnight, 오후 12시 noon."""
    assert value(text).moment == datetime(2024, 1, 24, *wall, tzinfo=NEW_YORK)


def test_a_korean_time_with_a_zone() -> None:
    """``2024년 1월 24일 오후 6시 KST`` is 18:00 in Seoul."""
    when = parse_when("2024년 1월 24일 오후 6시 KST", now=NOW, zone=NEW_YORK)
    assert when.value.moment == datetime(2024, 1, 24, 18, 0, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024년 1월 24일", TimeValue(Precision.DAY, date(2024, 1, 24))),
        ("2024년 1월", TimeValue(Precision.MONTH, date(2024, 1, 1))),
        ("2024년", TimeValue(Precision.YEAR, date(2024, 1, 1))),
    ],
)
def test_korean_dates(text: str, expected: TimeValue) -> None:
    """년/월/일: a day, a month or a year."""
    assert value(text) == expected


@pytest.mark.parametrize("text", ["2024년 1월 24일 오후 13시", "2024년 1월 24일 25시"])
def test_a_korean_hour_that_does_not_exist(text: str) -> None:
    """오후 13시 and 25시 are refused with the forms."""
    assert message(text).endswith(FORMS)


def test_add_a_korean_time_stores_it_in_its_zone(tmp_path: Path) -> None:
    """``add --start "2024년 1월 24일 오후 6시 KST"`` stores 18:00 in Asia/Seoul."""
    path = tmp_path / "e.toml"
    result = invoke(["add", "X", "--start", "2024년 1월 24일 오후 6시 KST", "-f", str(path)])
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "start = 2024-01-24 18:00:00\n" in text and 'timezone = "Asia/Seoul"' in text


# --- day and month in either order -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("01/02/2024", "ambiguous: 2 January or 1 February 2024? write 2024-01-02 or 2024-02-01"),
        ("1/2/24", "ambiguous: 2 January or 1 February 2024? write 2024-01-02 or 2024-02-01"),
        ("01.02.2024 18:00", "ambiguous: 2 January or 1 February 2024?"),
        ("01/02/2024 6pm KST", "ambiguous: 2 January or 1 February 2024?"),
        ("13/02/2024", "dates are written year-month-day: for 13 February 2024 write 2024-02-13"),
        ("02/13/2024", "dates are written year-month-day: for 13 February 2024 write 2024-02-13"),
        ("24-01-2024", "for 24 January 2024 write 2024-01-24"),
        ("05/05/99", "for 5 May 1999 write 1999-05-05"),
    ],
)
def test_day_and_month_orders_are_never_guessed(text: str, reason: str) -> None:
    """D/M/Y and M/D/Y are refused naming each possible reading and its ISO spelling."""
    assert message(text).startswith(f"invalid --on date {text!r}: ")
    assert reason in message(text)


def test_neither_order_is_a_date() -> None:
    """``13/13/2024`` is no date either way; the forms follow."""
    assert message("13/13/2024").endswith(FORMS)


def test_the_cli_names_both_readings() -> None:
    """``list --on 01/02/2024`` exits 2 with both readings."""
    result = invoke(["list", "-f", str(SAMPLE), "--on", "01/02/2024"])
    assert_error(result, 2, "2 January or 1 February 2024?", "2024-01-02 or 2024-02-01")


def test_jan_24_2024_is_still_a_day() -> None:
    """The dateutil forms with a full date still work (``Jan 24 2024``)."""
    assert value("Jan 24 2024") == TimeValue(Precision.DAY, date(2024, 1, 24))
    assert value("Jan 24 2024") != value("Jan 2024")
    assert value("Jan 24 2024 6pm KST").moment == datetime(2024, 1, 24, 18, tzinfo=SEOUL)
