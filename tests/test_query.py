"""``timeline_cli.query``: the order of events and the filters of ``list`` and ``export``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import permutations
from typing import Any

import pytest

from tests.helpers import APIA, KATHMANDU, NEW_YORK, SEOUL, event_maker
from timeline_cli.model import Range
from timeline_cli.query import Filters, haystack, matches, select, sort_key

event = event_maker(UTC, title="an event", start=date(2024, 1, 1))


def ids(events: list[Any]) -> list[str]:
    return [e.id for e in events]


# --- sort_key --------------------------------------------------------------------------


def test_at_the_same_instant_coarser_precision_comes_first() -> None:
    """2024, 2024-01, 2024-01-01 and 2024-01-01T00:00 UTC all begin at one instant."""
    year = event(id="year", start="2024")
    month = event(id="month", start="2024-01")
    day = event(id="day", start=date(2024, 1, 1))
    timed = event(id="time", start=datetime(2024, 1, 1, 0, 0))
    everything = [year, month, day, timed]
    assert len({e.begin(UTC) for e in everything}) == 1
    for order in permutations(everything):
        assert ids(sorted(order, key=lambda e: sort_key(e, UTC))) == [
            "year",
            "month",
            "day",
            "time",
        ]


def test_then_title_without_case_then_id() -> None:
    events = [
        event(id="b2", title="beta"),
        event(id="c", title="Alpha"),
        event(id="b1", title="Beta"),
        event(id="a", title="alpha"),
    ]
    assert ids(sorted(events, key=lambda e: sort_key(e, UTC))) == ["a", "c", "b1", "b2"]
    assert sort_key(events[1], UTC) == (
        datetime(2024, 1, 1, tzinfo=UTC),
        2,
        "alpha",
        "c",
    )


def test_floating_dates_begin_at_midnight_of_the_display_zone() -> None:
    """An all-day event and 00:00 UTC: in Seoul the day began 9 hours before."""
    day = event(id="day", start=date(2024, 1, 1))
    noon = event(id="noon", start=datetime(2024, 1, 1, 0, 0))
    assert sort_key(day, SEOUL)[0] == datetime(2023, 12, 31, 15, 0, tzinfo=UTC)
    assert ids(sorted([noon, day], key=lambda e: sort_key(e, SEOUL))) == ["day", "noon"]
    assert ids(sorted([noon, day], key=lambda e: sort_key(e, NEW_YORK))) == ["noon", "day"]


# --- matches ---------------------------------------------------------------------------

TAGGED = event(id="t", tags=["Music", "release"], people=["IU", "Kim Taehyung"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(tags=("music",)), True),
        (Filters(tags=("RELEASE",)), True),
        (Filters(tags=("other", "MUSIC")), True),  # any of them
        (Filters(tags=("other",)), False),
        (Filters(tags=("mus",)), False),  # whole tags only
        (Filters(people=("iu",)), True),
        (Filters(people=("nobody", "KIM TAEHYUNG")), True),
        (Filters(people=("kim",)), False),
        (Filters(tags=("music",), people=("nobody",)), False),  # every filter must pass
        (Filters(tags=("music",), people=("iu",)), True),
        (Filters(), True),
    ],
)
def test_tags_and_people_match_any_of_them_in_any_case(filters: Filters, expected: bool) -> None:
    assert matches(TAGGED, filters, UTC) is expected


def test_an_event_without_tags_fails_a_tag_filter() -> None:
    assert matches(event(), Filters(tags=("x",)), UTC) is False
    assert matches(event(), Filters(people=("x",)), UTC) is False


def test_casefold_matches_what_lower_would_miss() -> None:
    assert matches(event(tags=["Straße"]), Filters(tags=("STRASSE",)), UTC) is True
    assert matches(event(title="STRASSE"), Filters(search="straße"), UTC) is True


FULL = event(
    id="some-id",
    title="Title Word",
    description="Described here",
    location="Seoul Olympic Stadium",
    source="A Newspaper",
    people=["Person Name"],
    tags=["tag-name"],
    url="https://example.com/urlpath",
)


def test_the_haystack_is_every_text_field_folded() -> None:
    assert haystack(FULL) == (
        "title word\ndescribed here\nseoul olympic stadium\na newspaper\nperson name\ntag-name"
    )
    assert haystack(event(title="Only")) == "only"


@pytest.mark.parametrize(
    "needle", ["WORD", "described", "olympic", "newspaper", "person", "TAG-NAME", "title word"]
)
def test_search_looks_in_each_text_field(needle: str) -> None:
    assert matches(FULL, Filters(search=needle), UTC) is True


@pytest.mark.parametrize("needle", ["urlpath", "some-id", "2024", "word\ndescribed here x"])
def test_search_does_not_look_at_url_id_or_time(needle: str) -> None:
    assert matches(FULL, Filters(search=needle), UTC) is False


def test_an_empty_search_matches_everything() -> None:
    assert matches(FULL, Filters(search=""), UTC) is True


# --- ranges ----------------------------------------------------------------------------


def test_filters_span_is_the_range_of_its_instants_and_days() -> None:
    low, high = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC)
    filters = Filters(low, high, first=date(2024, 1, 1), last=date(2024, 1, 31))
    assert filters.span == Range(low, high, date(2024, 1, 1), date(2024, 1, 31))
    assert Filters().span == Range()


def day_in(zone: Any, day: date) -> Filters:
    """The filters of ``--on DAY`` in ``zone``: its midnights and that one day."""
    low = datetime.combine(day, datetime.min.time(), zone).astimezone(UTC)
    high = datetime.combine(date.fromordinal(day.toordinal() + 1), datetime.min.time(), zone)
    return Filters(low, high.astimezone(UTC), first=day, last=day)


@pytest.mark.parametrize("zone", [UTC, SEOUL, NEW_YORK, KATHMANDU, APIA])
def test_an_all_day_event_is_matched_by_its_days_in_every_zone(zone: Any) -> None:
    """24 January is on the 24th wherever the display is, and on no other day."""
    day = event(start=date(2024, 1, 24))
    assert matches(day, day_in(zone, date(2024, 1, 24)), zone) is True
    assert matches(day, day_in(zone, date(2024, 1, 23)), zone) is False
    assert matches(day, day_in(zone, date(2024, 1, 25)), zone) is False


def test_the_days_decide_even_where_the_instants_would_not() -> None:
    """An instant range covering the event's UTC day, but days before it: not matched."""
    day = event(start=date(2024, 1, 24))
    instants = (datetime(2024, 1, 24, tzinfo=UTC), datetime(2024, 1, 25, tzinfo=UTC))
    assert matches(day, Filters(*instants), UTC) is True
    assert matches(
        day, Filters(*instants, first=date(2024, 1, 20), last=date(2024, 1, 23)), UTC
    ) is (False)


def test_all_day_spans_and_partial_dates_match_by_overlapping_days() -> None:
    span = event(start=date(2024, 1, 10), end=date(2024, 1, 20))
    month = event(start="2024-02")
    week = day_in(KATHMANDU, date(2024, 1, 20))
    assert matches(span, week, KATHMANDU) is True
    assert matches(span, day_in(KATHMANDU, date(2024, 1, 21)), KATHMANDU) is False
    assert matches(month, day_in(APIA, date(2024, 2, 29)), APIA) is True
    assert matches(month, day_in(APIA, date(2024, 3, 1)), APIA) is False


def test_timed_events_are_matched_by_their_instants() -> None:
    """00:00 KST on 24 January is the 23rd in New York and the 24th in Seoul."""
    mv = event(start=datetime(2024, 1, 24, 0, 0), timezone="Asia/Seoul")
    assert matches(mv, day_in(SEOUL, date(2024, 1, 24)), SEOUL) is True
    assert matches(mv, day_in(NEW_YORK, date(2024, 1, 24)), NEW_YORK) is False
    assert matches(mv, day_in(NEW_YORK, date(2024, 1, 23)), NEW_YORK) is True


def test_a_half_open_range_matches_everything_on_its_side() -> None:
    early, late = event(id="early", start=date(2000, 1, 1)), event(id="late", start="9999")
    since = Filters(low=datetime(2024, 1, 1, tzinfo=UTC), first=date(2024, 1, 1))
    assert [matches(e, since, UTC) for e in (early, late)] == [False, True]
    until = Filters(high=datetime(2024, 1, 1, tzinfo=UTC), last=date(2023, 12, 31))
    assert [matches(e, until, UTC) for e in (early, late)] == [True, False]


# --- select ----------------------------------------------------------------------------

DAYS = [event(id=f"d{n}", start=date(2024, 1, n)) for n in (3, 1, 4, 2)]


def test_select_sorts_oldest_first() -> None:
    assert ids(select(DAYS, Filters(), UTC)) == ["d1", "d2", "d3", "d4"]


def test_reverse_is_newest_first_and_limit_cuts_after_ordering() -> None:
    assert ids(select(DAYS, Filters(reverse=True), UTC)) == ["d4", "d3", "d2", "d1"]
    assert ids(select(DAYS, Filters(limit=2), UTC)) == ["d1", "d2"]
    assert ids(select(DAYS, Filters(limit=2, reverse=True), UTC)) == ["d4", "d3"]
    assert ids(select(DAYS, Filters(limit=0), UTC)) == []
    assert ids(select(DAYS, Filters(limit=10), UTC)) == ["d1", "d2", "d3", "d4"]


def test_limit_counts_only_matching_events() -> None:
    tagged = [event(id=f"t{n}", start=date(2024, 2, n), tags=["x"]) for n in (2, 1)]
    assert ids(select([*DAYS, *tagged], Filters(tags=("X",), limit=1), UTC)) == ["t1"]


def test_select_does_not_change_its_input() -> None:
    given = list(DAYS)
    select(given, Filters(reverse=True, limit=1), UTC)
    assert given == DAYS
