"""The shipped events.toml: it loads, it holds the researched facts, and it never rots."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.helpers import SAMPLE
from timeline_cli.model import Precision
from timeline_cli.store import load

REQUIRED = {
    "wings-short-film-3-stigma",
    "hwarang-run",
    "v-acting-debut",
    "love-me-again-mv",
    "layover-release",
    "v-enlistment",
    "v-basic-training",
    "v-admin-school-training",
    "v-2nd-corps-posting",
    "v-military-service",
    "v-discharge",
    "love-wins-all-mv",
    "love-wins-all-single",
    "the-winning-release",
}


def test_sample_loads_with_enough_complete_events() -> None:
    """The sample has at least 18 events, each with id, tags, people, url and source."""
    timeline = load([SAMPLE])
    assert len(timeline.events) >= 18
    for event in timeline.events:
        assert event.tags and event.people and event.url and event.source, event.id
        assert event.url.startswith(("https://", "http://"))
        assert event.has_zone and getattr(event.zone, "key", None) == "Asia/Seoul"
    assert timeline.title == "V (Kim Taehyung): music, acting, service"


def test_sample_covers_the_required_events() -> None:
    """Every event the issue names is present under a stable id."""
    ids = {e.id for e in load([SAMPLE]).events}
    assert ids >= REQUIRED
    assert any(e.id.startswith("love-wins") and "teaser" in e.tags for e in load([SAMPLE]).events)


def test_sample_release_times_are_the_researched_kst_instants() -> None:
    """The MV is 2024-01-24 00:00 KST and the single 18:00 KST, as the facts say."""
    events = {e.id: e for e in load([SAMPLE]).events}
    mv, single = events["love-wins-all-mv"], events["love-wins-all-single"]
    assert mv.start.moment is not None and single.start.moment is not None
    assert mv.start.moment.astimezone(UTC) == datetime(2024, 1, 23, 15, 0, tzinfo=UTC)
    assert single.start.moment.astimezone(UTC) == datetime(2024, 1, 24, 9, 0, tzinfo=UTC)


def test_sample_spans_are_inclusive_date_ranges() -> None:
    """Hwarang, basic training and the whole service are all-day spans with inclusive ends."""
    events = {e.id: e for e in load([SAMPLE]).events}
    expected = {
        "hwarang-run": (date(2016, 12, 19), date(2017, 2, 21)),
        "v-basic-training": (date(2023, 12, 11), date(2024, 1, 16)),
        "v-military-service": (date(2023, 12, 11), date(2025, 6, 10)),
    }
    for event_id, (first, last) in expected.items():
        event = events[event_id]
        assert event.start.precision is Precision.DAY and event.start.day == first
        assert event.end is not None and event.end.last_day() == last


def test_sample_has_a_month_precision_event() -> None:
    """At least one sample event is only known to the month, and stays that way."""
    assert any(e.start.precision is Precision.MONTH for e in load([SAMPLE]).events)
