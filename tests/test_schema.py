"""``timeline_cli.schema``: time values, ids and the validation of one ``[[events]]`` table."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from tests.helpers import NEW_YORK, SEOUL
from timeline_cli.ids import derived_id, unique_id
from timeline_cli.model import Precision, TimeValue
from timeline_cli.schema import (
    Problem,
    ProblemList,
    event_from_table,
    parse_time_value,
)

KST = timezone(timedelta(hours=9))

# --- parse_time_value ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2017", TimeValue(Precision.YEAR, date(2017, 1, 1))),
        (" 2017-02 ", TimeValue(Precision.MONTH, date(2017, 2, 1))),
        ("0001", TimeValue(Precision.YEAR, date(1, 1, 1))),
        ("9999-12", TimeValue(Precision.MONTH, date(9999, 12, 1))),
        ("2024-02-29", TimeValue(Precision.DAY, date(2024, 2, 29))),
        (date(2024, 1, 24), TimeValue(Precision.DAY, date(2024, 1, 24))),
    ],
)
def test_floating_kinds(raw: object, expected: TimeValue) -> None:
    """Years, months and dates are floating: no moment, the same in every zone."""
    assert parse_time_value(raw, NEW_YORK) == expected
    assert parse_time_value(raw, SEOUL) == expected


@pytest.mark.parametrize("raw", [datetime(2024, 1, 24, 18, 0), "2024-01-24T18:00:00"])
def test_a_local_time_is_a_wall_time_of_the_zone(raw: object) -> None:
    value = parse_time_value(raw, SEOUL)
    assert value == TimeValue(
        Precision.TIME, date(2024, 1, 24), datetime(2024, 1, 24, 18, 0, tzinfo=SEOUL)
    )
    assert value.exact is False


@pytest.mark.parametrize(
    "raw", [datetime(2024, 1, 24, 18, 0, tzinfo=KST), "2024-01-24T18:00:00+09:00"]
)
def test_an_offset_time_is_exact_and_dated_in_the_zone(raw: object) -> None:
    """18:00+09:00 is kept as written; its day is the date in the zone (04:00 in New York)."""
    value = parse_time_value(raw, NEW_YORK)
    assert value.precision is Precision.TIME
    assert value.exact is True
    assert value.moment == datetime(2024, 1, 24, 18, 0, tzinfo=KST)
    assert value.moment is not None and value.moment.utcoffset() == timedelta(hours=9)
    assert value.day == date(2024, 1, 24)
    late = parse_time_value(datetime(2024, 1, 24, 3, 0, tzinfo=KST), NEW_YORK)
    assert late.day == date(2024, 1, 23)


def test_a_time_in_a_dst_gap_takes_the_offset_before_it() -> None:
    """02:30 on 10 March 2024 in New York did not exist: it is 03:30 EDT (07:30 UTC)."""
    value = parse_time_value(datetime(2024, 3, 10, 2, 30), NEW_YORK)
    assert value.moment is not None
    assert value.moment.replace(tzinfo=None) == datetime(2024, 3, 10, 3, 30)
    assert value.moment.astimezone(UTC) == datetime(2024, 3, 10, 7, 30, tzinfo=UTC)
    assert (value.day, value.exact) == (date(2024, 3, 10), False)


def test_a_repeated_hour_means_the_first() -> None:
    value = parse_time_value(datetime(2024, 11, 3, 1, 30), NEW_YORK)
    assert value.moment is not None
    assert value.moment.utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (True, "expected a date or a date-time, not a boolean"),
        (2017, 'a year must be written as a string: "2017"'),
        (0, "expected a date, a date-time or a string, not int"),
        (10000, "expected a date, a date-time or a string, not int"),
        (1.5, "expected a date, a date-time or a string, not float"),
        ([], "expected a date, a date-time or a string, not list"),
        ("0000", "year must be between 0001 and 9999"),
        ("2017-13", "month must be between 01 and 12 (and year 0001 to 9999)"),
        ("0000-01", "month must be between 01 and 12 (and year 0001 to 9999)"),
        ("2023-02-29", "February 2023 has 28 days"),
        ("2024-04-31", "April has 30 days"),
        (
            "tomorrow",
            'expected a date (2024-01-24), a date-time (2024-01-24T18:00:00), "2024" or "2024-01"',
        ),
        (
            "2024-01-24T25:00:00",
            'expected a date (2024-01-24), a date-time (2024-01-24T18:00:00), "2024" or "2024-01"'
            " (an hour is 00 to 23)",
        ),
    ],
)
def test_errors_say_what_was_expected(raw: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_time_value(raw, SEOUL)
    assert str(caught.value) == message


# --- derived_id and unique_id ----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "stamp"),
    [
        ("2017", "2017"),
        ("2017-02", "2017-02"),
        ("2024-01-24", "2024-01-24"),
        ("2024-01-24T23:30:00", "2024-01-24"),
        ("0001", "0001"),
    ],
)
def test_derived_id_is_the_start_at_its_precision_then_the_slug(start: str, stamp: str) -> None:
    value = parse_time_value(start, SEOUL)
    assert derived_id(value, 'IU "Love wins all" MV') == f"{stamp}-iu-love-wins-all-mv"


def test_derived_id_uses_the_wall_date_not_the_utc_date() -> None:
    """00:00 KST on the 24th is the 23rd in UTC; the id says the 24th."""
    assert derived_id(parse_time_value("2024-01-24T00:00:00+09:00", SEOUL), "MV") == "2024-01-24-mv"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Café déjà vu", "cafe-deja-vu"),
        ("A  B", "a-b"),
        ("  --Hello, World!--  ", "hello-world"),
        ("x" * 100, "x" * 48),
        ("a" * 47 + " b", "a" * 47),  # cut at 48, then the dash that ends it dropped
    ],
)
def test_the_slug_is_ascii_lowercase_dashes_at_most_48(title: str, slug: str) -> None:
    assert derived_id(TimeValue(Precision.DAY, date(2024, 1, 1)), title) == f"2024-01-01-{slug}"


@pytest.mark.parametrize("title", ["뷔", "---", "💜"])
def test_a_title_without_ascii_letters_gets_a_hash(title: str) -> None:
    digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]
    assert derived_id(TimeValue(Precision.YEAR, date(2017, 1, 1)), title) == f"2017-{digest}"
    assert derived_id(TimeValue(Precision.YEAR, date(2017, 1, 1)), "뷔") == "2017-9c070b6e"


def test_unique_id_adds_the_first_free_suffix() -> None:
    assert unique_id("a", set()) == "a"
    assert unique_id("a", {"b"}) == "a"
    assert unique_id("a", {"a"}) == "a-2"
    assert unique_id("a", {"a", "a-2", "a-4"}) == "a-3"
    assert unique_id("a", {"a", "a-2", "a-3"}) == "a-4"


# --- event_from_table ------------------------------------------------------------------


def test_a_valid_table_is_an_event_with_every_field() -> None:
    table: dict[str, Any] = {
        "id": "mv",
        "title": "MV",
        "start": datetime(2024, 1, 24, 0, 0),
        "end": datetime(2024, 1, 24, 0, 5),
        "timezone": "Asia/Seoul",
        "tags": ["iu"],
        "people": ["V"],
        "location": "Seoul",
        "url": "https://example.com/mv",
        "source": "EDAM",
        "description": "d",
        "repeat": "yearly",
        "except": [date(2025, 1, 24)],
        "uid": "u@x",
    }
    event = event_from_table(table, NEW_YORK)
    assert (event.id, event.title, event.zone, event.has_zone) == ("mv", "MV", SEOUL, True)
    assert event.start.moment == datetime(2024, 1, 24, 0, 0, tzinfo=SEOUL)
    assert event.end is not None and event.end.moment == datetime(2024, 1, 24, 0, 5, tzinfo=SEOUL)
    assert (event.tags, event.people, event.location, event.url) == (
        ("iu",),
        ("V",),
        "Seoul",
        "https://example.com/mv",
    )
    assert (event.source, event.description, event.repeat, event.uid) == (
        "EDAM",
        "d",
        "yearly",
        "u@x",
    )
    # A date in `except` of a timed series is that day's occurrence at the series' time.
    assert event.exceptions == (
        TimeValue(Precision.TIME, date(2025, 1, 24), datetime(2025, 1, 24, 0, 0, tzinfo=SEOUL)),
    )


def test_without_an_id_or_zone_the_id_is_derived_and_the_default_zone_used() -> None:
    event = event_from_table({"title": "Album", "start": "2017-02"}, NEW_YORK)
    assert (event.id, event.zone, event.has_zone) == ("2017-02-album", NEW_YORK, False)


def problems_of(table: dict[str, Any]) -> list[Problem]:
    with pytest.raises(ProblemList) as caught:
        event_from_table(table, SEOUL)
    return caught.value.problems


def test_every_problem_of_a_table_is_listed_at_once_in_field_order() -> None:
    table: dict[str, Any] = {
        "title": "",
        "start": "2024-13",
        "end": True,
        "colour": 1,
        "timezone": "Asia/Seol",
        "id": "Bad Id",
        "url": "ftp://x",
        "repeat": "FREQ=NEVER",
        "uid": " ",
        "tags": "x",
        "people": [1],
        "location": 3,
    }
    assert problems_of(table) == [
        Problem("colour", "unknown field"),
        Problem(
            "timezone", "unknown time zone 'Asia/Seol' (did you mean Asia/Seoul or Asia/Oral?)"
        ),
        Problem("title", "must not be empty"),
        Problem(
            "start",
            "invalid value '2024-13': month must be between 01 and 12 (and year 0001 to 9999)",
        ),
        Problem("end", "invalid value True: expected a date or a date-time, not a boolean"),
        Problem("id", "'Bad Id' must be lowercase letters, digits and '-'"),
        Problem("url", "'ftp://x' is not an http(s) address"),
        Problem("repeat", "invalid rule 'FREQ=NEVER': invalid FREQ value 'NEVER'"),
        Problem("uid", "must not be empty"),
        Problem("tags", 'must be a list of strings: tags = ["x"]'),
        Problem("people", "must be a list of non-empty strings, not [1]"),
        Problem("location", "must be a string, not 3"),
    ]


def test_title_and_start_are_required() -> None:
    assert problems_of({}) == [Problem("title", "is required"), Problem("start", "is required")]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            date(2024, 1, 2),
            datetime(2024, 1, 3, 1),
            "2024-01-03T01:00:00 must be of the same kind as start 2024-01-02"
            " (both dates or both date-times)",
        ),
        (
            datetime(2024, 1, 2, 5),
            datetime(2024, 1, 2, 4),
            "2024-01-02T04:00:00+09:00 is before start",
        ),
        ("2024-05", "2024-04", "2024-04-30 is before start"),
    ],
)
def test_end_must_be_of_the_same_kind_and_not_before_start(
    start: object, end: object, message: str
) -> None:
    assert problems_of({"title": "t", "start": start, "end": end}) == [Problem("end", message)]


def test_a_partial_end_counts_by_its_last_day() -> None:
    """An end month that began before the start day still ends after it: allowed."""
    event = event_from_table({"title": "t", "start": date(2024, 5, 2), "end": "2024-05"}, SEOUL)
    assert event.end is not None and event.end.last_day() == date(2024, 5, 31)


def test_an_end_equal_to_the_start_is_allowed() -> None:
    event = event_from_table({"title": "t", "start": "2024-05", "end": "2024-05"}, SEOUL)
    assert event.end == event.start


def test_one_line_fields_hidden_characters_and_except_shape() -> None:
    table = {"title": "t\nu", "start": "2024-05", "url": "https://a.b/\u200bx", "except": "x"}
    assert problems_of(table) == [
        Problem("title", "must be one line: 't\\nu'"),
        Problem("url", "'https://a.b/\\u200bx' has a control or invisible character"),
        Problem("except", "must be a list of dates or date-times, not 'x'"),
    ]


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (
            {"start": date(2024, 1, 1), "except": [date(2024, 1, 8)]},
            Problem("except", "only a repeating event (with `repeat`) has exceptions"),
        ),
        (
            {"start": date(2024, 1, 1), "repeat": "weekly", "except": ["2024-01"]},
            Problem("except", "'2024-01' is not a whole date or a date-time"),
        ),
        (
            {"start": date(2024, 1, 1), "repeat": "weekly", "except": [datetime(2024, 1, 8, 9)]},
            Problem(
                "except", "2024-01-08T09:00:00 is a time, but the event is all-day: give a date"
            ),
        ),
        (
            {"start": date(2024, 1, 1), "repeat": "weekly", "except": [True]},
            Problem("except", "invalid value True: expected a date or a date-time, not a boolean"),
        ),
    ],
)
def test_except_problems(table: dict[str, Any], problem: Problem) -> None:
    assert problems_of({"title": "t", **table}) == [problem]


def test_a_ten_character_non_date_gets_the_helpful_message() -> None:
    """``24-01-2024`` is refused with the forms that work, not Python's raw parser error."""
    with pytest.raises(ValueError) as caught:
        parse_time_value("24-01-2024", UTC)
    assert str(caught.value) == (
        'expected a date (2024-01-24), a date-time (2024-01-24T18:00:00), "2024" or "2024-01"'
    )


@pytest.mark.parametrize(
    ("field", "value", "suggested"),
    [
        ("tags", "iu, mv", '["iu", "mv"]'),
        ("people", "IU,V", '["IU", "V"]'),
        ("tags", "solo", '["solo"]'),
        ("tags", 'say "hi", x', '["say \\"hi\\"", "x"]'),
    ],
)
def test_a_string_for_a_list_suggests_its_comma_separated_items(
    field: str, value: str, suggested: str
) -> None:
    """``tags = "iu, mv"`` suggests ``tags = ["iu", "mv"]``, not one tag holding the comma."""
    table = {"title": "T", "start": "2024", field: value}
    assert problems_of(table) == [
        Problem(field, f"must be a list of strings: {field} = {suggested}")
    ]
