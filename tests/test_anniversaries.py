"""Anniversaries: 29 February, year boundaries, display zones, partial dates, wording, order."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

import pytest

from tests.helpers import APIA, KATHMANDU, NEW_YORK, SAMPLE, SEOUL, event_maker
from timeline_cli.anniversaries import Anniversary, anniversaries, ordinal
from timeline_cli.model import Event
from timeline_cli.store import load

# A validated event from the fields of an ``[[events]]`` table (default zone Seoul).
event = event_maker(SEOUL, title="an event")


def on(
    today: date, *events: Event, zone: tzinfo = SEOUL, within: int = 0
) -> list[tuple[date, int, int]]:
    """(date, years, days_left) of each anniversary found."""
    found = anniversaries(events, today=today, zone=zone, within=within)
    return [(a.date, a.years, a.days_left) for a in found]


LEAP = event(title="leap day", start=date(2024, 2, 29))


# 29 February


def test_leap_day_recurs_on_28_february_in_common_years() -> None:
    """A 29 February event shows on 28 February of a common year."""
    assert on(date(2027, 2, 28), LEAP) == [(date(2027, 2, 28), 3, 0)]


def test_leap_day_waits_for_29_february_in_leap_years() -> None:
    """In a leap year a 29 February event shows on the 29th, not the 28th."""
    assert on(date(2028, 2, 28), LEAP) == []
    assert on(date(2028, 2, 29), LEAP) == [(date(2028, 2, 29), 4, 0)]
    assert on(date(2028, 2, 28), LEAP, within=1) == [(date(2028, 2, 29), 4, 1)]


def test_leap_day_not_on_1_march() -> None:
    """After 28 February of a common year the next recurrence is a year away."""
    assert on(date(2027, 3, 1), LEAP) == []
    assert on(date(2027, 3, 1), LEAP, within=365) == [(date(2028, 2, 29), 4, 365)]


def test_28_february_event_stays_on_28_february() -> None:
    """An event on 28 February keeps its day in leap years."""
    eve = event(start=date(2023, 2, 28))
    assert on(date(2024, 2, 28), eve) == [(date(2024, 2, 28), 1, 0)]
    assert on(date(2024, 2, 29), eve) == []


# Year boundaries


def test_within_crosses_the_year_boundary() -> None:
    """Early-January events recur next year, with years counted to that year."""
    new_year = event(title="new year", start=date(2020, 1, 1))
    fourth = event(title="fourth", start=date(2021, 1, 4))
    fifth = event(title="fifth", start=date(2021, 1, 5))
    late = event(title="late", start=date(2019, 12, 31))
    today = date(2026, 12, 30)
    assert on(today, new_year, fourth, fifth, late, within=5) == [
        (date(2026, 12, 31), 7, 1),
        (date(2027, 1, 1), 7, 2),
        (date(2027, 1, 4), 6, 5),
    ]


def test_event_earlier_this_year_recurs_next_year() -> None:
    """An event earlier in the current year has its 1st anniversary next year."""
    spring = event(start=date(2026, 3, 1))
    assert on(date(2026, 12, 30), spring, within=70) == [(date(2027, 3, 1), 1, 61)]


def test_last_year_of_the_calendar() -> None:
    """No recurrence is looked for beyond year 9999."""
    assert on(date(9999, 12, 31), event(start=date(2000, 1, 1)), within=5) == []


# Past events only


def test_event_today_is_not_an_anniversary() -> None:
    """An event dated today, or later, is not an anniversary; one today in a past year is."""
    today = date(2026, 1, 24)
    assert on(today, event(start=today)) == []
    assert on(today, event(start=date(2026, 5, 1)), within=365) == []
    assert on(today, event(start=date(2025, 1, 24))) == [(today, 1, 0)]


def test_within_zero_means_only_today() -> None:
    """Without ``within`` only today's anniversaries are listed."""
    tomorrow = event(start=date(2020, 1, 25))
    assert on(date(2026, 1, 24), tomorrow) == []
    assert on(date(2026, 1, 24), tomorrow, within=1) == [(date(2026, 1, 25), 6, 1)]


@pytest.mark.parametrize("start", ["2020", "2020-01"])
def test_partial_dates_never_count(start: str) -> None:
    """Year-only and month-only events are never anniversaries."""
    partial = event(start=start)
    assert on(date(2026, 1, 1), partial, within=400) == []


# Display zones


MIDNIGHT_KST = event(title="mv", start=datetime(2024, 1, 24), timezone="Asia/Seoul")


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        (SEOUL, date(2026, 1, 24)),
        (KATHMANDU, date(2026, 1, 23)),
        (NEW_YORK, date(2026, 1, 23)),
        (UTC, date(2026, 1, 23)),
        (APIA, date(2026, 1, 24)),
    ],
)
def test_timed_event_recurs_on_its_date_in_the_display_zone(zone: tzinfo, day: date) -> None:
    """00:00 KST falls on the previous day west of Seoul, the same day in Apia (+13)."""
    assert on(day, MIDNIGHT_KST, zone=zone) == [(day, 2, 0)]
    other = date(2026, 1, 23 if day.day == 24 else 24)
    assert on(other, MIDNIGHT_KST, zone=zone) == []


def test_all_day_event_is_never_shifted() -> None:
    """An all-day event recurs on its own date whatever the display zone."""
    day = event(start=date(2024, 1, 24), timezone="Asia/Seoul")
    for zone in (SEOUL, NEW_YORK, APIA):
        assert on(date(2026, 1, 24), day, zone=zone) == [(date(2026, 1, 24), 2, 0)]


# Order


def test_sorted_by_date_then_oldest_then_title() -> None:
    """Sooner dates first; on the same date, older events first, then by title."""
    found = anniversaries(
        [
            event(title="b later", start=date(2020, 1, 3)),
            event(title="z young", start=date(2022, 1, 2)),
            event(title="b old", start=date(2010, 1, 2)),
            event(title="a old", start=date(2010, 1, 2)),
        ],
        today=date(2026, 1, 1),
        zone=SEOUL,
        within=5,
    )
    assert [a.event.title for a in found] == ["a old", "b old", "z young", "b later"]


# Wording


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (1000, "1000th"),
    ],
)
def test_ordinals(number: int, text: str) -> None:
    """English ordinals, with 11th to 13th in every hundred."""
    assert ordinal(number) == text


def test_label() -> None:
    """The label gives both the years ago and the ordinal anniversary."""
    one = Anniversary(LEAP, date(2025, 2, 28), 1, 0)
    ten = Anniversary(LEAP, date(2034, 2, 28), 10, 3)
    assert one.label() == "1 year ago · 1st anniversary"
    assert ten.label() == "10 years ago · 10th anniversary"


@pytest.mark.parametrize(("days", "text"), [(0, "D-day"), (1, "D-1"), (3, "D-3"), (365, "D-365")])
def test_dday(days: int, text: str) -> None:
    """The countdown reads ``D-day`` on the day and ``D-N`` before it."""
    assert Anniversary(LEAP, date(2027, 2, 28), 3, days).dday() == text


# The sample


def test_sample_on_24_january_2026_in_seoul() -> None:
    """The Love wins all MV and single have their 2nd anniversary on 2026-01-24 in Seoul."""
    events = load([SAMPLE]).events
    found = anniversaries(events, today=date(2026, 1, 24), zone=SEOUL)
    by_id = {a.event.id: a for a in found}
    for key in ("love-wins-all-mv", "love-wins-all-single"):
        assert by_id[key].years == 2
        assert by_id[key].label() == "2 years ago · 2nd anniversary"
        assert by_id[key].dday() == "D-day"
    assert all(a.date == date(2026, 1, 24) for a in found)
    assert "love-wins-all-mv-trailer" not in by_id


def test_sample_mv_moves_to_23_january_in_new_york() -> None:
    """From New York the 00:00 KST MV recurs on 23 January, the 18:00 KST single on the 24th."""
    events = load([SAMPLE]).events
    found = anniversaries(events, today=date(2026, 1, 23), zone=NEW_YORK, within=1)
    days = {a.event.id: a.date for a in found}
    assert days["love-wins-all-mv"] == date(2026, 1, 23)
    assert days["love-wins-all-single"] == date(2026, 1, 24)
