"""Recurrence, rules, query and model: behaviour pinned where mutation testing found it loose.

Each test asserts exact values through the public functions or the CLI; the expected
values follow from the contract (RFC 5545 as recur.py's docstring states it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.helpers import NEW_YORK, SEOUL, event_maker, invoke
from timeline_cli.model import Event, Precision, TimeValue
from timeline_cli.recur import describe_repeat, expand, next_occurrence, rule_text
from timeline_cli.rules import validate_repeat

# One event from a TOML-like table (id and title filled in): make(zone=NEW_YORK, /, **table).
make = event_maker(NEW_YORK, id="s", title="Series")


class TestDescribeRepeat:
    def test_rrule_written_out_is_not_repeated_in_parentheses(self) -> None:
        """A repeat that is already its RRULE is shown once, then the next occurrence."""
        event = make(
            start=datetime(2024, 3, 4, 20, 0), timezone="Asia/Seoul", repeat="FREQ=DAILY;COUNT=3"
        )
        now = datetime(2024, 3, 4, 12, 0, tzinfo=UTC)
        assert describe_repeat(event, now, SEOUL) == "FREQ=DAILY;COUNT=3; next 2024-03-05 20:00 KST"

    def test_shorthand_shows_its_rrule_and_skips_the_cancelled(self) -> None:
        """``weekly`` shows (FREQ=WEEKLY), and the next occurrence skips the cancelled ones."""
        event = make(
            start=datetime(2024, 3, 4, 20, 0),
            timezone="Asia/Seoul",
            repeat="weekly",
            **{"except": [datetime(2024, 3, 11, 20, 0), datetime(2024, 3, 18, 20, 0)]},
        )
        now = datetime(2024, 3, 4, 12, 0, tzinfo=UTC)
        assert (
            describe_repeat(event, now, SEOUL) == "weekly (FREQ=WEEKLY); next 2024-03-25 20:00 KST"
        )


class TestNextOccurrence:
    def test_the_next_one_within_two_days_is_not_skipped(self) -> None:
        """Just before a daily 09:00, the next occurrence is today's, not two days later."""
        event = make(start=datetime(2024, 1, 1, 9, 0), timezone="Asia/Seoul", repeat="daily")
        now = datetime(2024, 5, 10, 23, 59, tzinfo=UTC)  # 2024-05-11 08:59 KST
        found = next_occurrence(event, now)
        assert found is not None and found.start.moment == datetime(2024, 5, 11, 9, 0, tzinfo=SEOUL)

    def test_an_occurrence_starting_exactly_now_is_not_next(self) -> None:
        """At the very instant of an occurrence, the next one is the following day's."""
        event = make(start=datetime(2024, 1, 1, 9, 0), timezone="Asia/Seoul", repeat="daily")
        now = datetime(2024, 5, 11, 0, 0, tzinfo=UTC)  # 2024-05-11 09:00 KST exactly
        found = next_occurrence(event, now)
        assert found is not None and found.start.moment == datetime(2024, 5, 12, 9, 0, tzinfo=SEOUL)

    def test_all_day_occurrence_begins_at_midnight_of_the_event_zone(self) -> None:
        """An all-day series in New York: at 21:00 New York the next day is tomorrow there."""
        event = make(start=date(2024, 3, 1), repeat="daily")  # the file zone: New York
        now = datetime(2024, 3, 10, 2, 0, tzinfo=UTC)  # 2024-03-09 21:00 EST
        found = next_occurrence(event, now)
        assert found is not None and found.start.day == date(2024, 3, 10)
        assert describe_repeat(event, now, NEW_YORK) == "daily (FREQ=DAILY); next 2024-03-10"


def walls(events: list[Event]) -> list[str]:
    """The ISO start of each occurrence (the date of an all-day one)."""
    return [(e.start.moment or e.start.day).isoformat() for e in events]


WIDE = (datetime(2023, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))


class TestRuleText:
    def test_spaces_and_case_are_normalised(self) -> None:
        """``freq=daily; count=3`` is exported as FREQ=DAILY;COUNT=3."""
        event = make(start=date(2024, 1, 1), repeat="freq=daily; count=3")
        assert rule_text(event) == "FREQ=DAILY;COUNT=3"

    def test_spaces_around_equals_are_dropped(self) -> None:
        """``FREQ = DAILY ; INTERVAL = 2`` is exported as FREQ=DAILY;INTERVAL=2."""
        event = make(start=date(2024, 1, 1), repeat="FREQ = DAILY ; INTERVAL = 2")
        assert rule_text(event) == "FREQ=DAILY;INTERVAL=2"

    def test_rrule_prefix_is_dropped(self) -> None:
        """A repeat copied with its ``RRULE:`` prefix is exported without it."""
        event = make(start=date(2024, 1, 1), repeat="RRULE:FREQ=WEEKLY;COUNT=2")
        assert rule_text(event) == "FREQ=WEEKLY;COUNT=2"


class TestUntil:
    def test_local_until_counts_its_minutes_and_seconds(self) -> None:
        """A local UNTIL of 09:15:39 keeps the 09:15:30 occurrence of its day."""
        event = make(
            start=datetime(2024, 1, 1, 9, 15, 30), repeat="FREQ=DAILY;UNTIL=20240103T091539"
        )
        assert walls(expand([event], *WIDE)) == [
            "2024-01-01T09:15:30-05:00",
            "2024-01-02T09:15:30-05:00",
            "2024-01-03T09:15:30-05:00",
        ]

    def test_local_until_before_the_seconds_of_the_time_ends_the_day_before(self) -> None:
        """A local UNTIL of 09:15:29 ends before the 09:15:30 occurrence of its day."""
        event = make(
            start=datetime(2024, 1, 1, 9, 15, 30), repeat="FREQ=DAILY;UNTIL=20240103T091529"
        )
        assert walls(expand([event], *WIDE)) == [
            "2024-01-01T09:15:30-05:00",
            "2024-01-02T09:15:30-05:00",
        ]


class TestExpand:
    def test_all_day_occurrences_are_matched_on_the_given_zones_days(self) -> None:
        """expand() with New York: the New York day 2024-03-10 holds one all-day occurrence."""
        event = make(start=date(2024, 3, 1), repeat="daily")
        low, high = datetime(2024, 3, 10, 5, tzinfo=UTC), datetime(2024, 3, 11, 4, tzinfo=UTC)
        assert walls(expand([event], low, high, NEW_YORK)) == ["2024-03-10"]


ALL_DAY = TimeValue(Precision.DAY, date(2024, 1, 1))


class TestValidateRepeat:
    def test_a_rule_without_a_start_is_checked_alone(self) -> None:
        """validate_repeat without a start accepts a valid rule."""
        assert validate_repeat("FREQ=DAILY") is None
        assert validate_repeat("FREQ=HOURLY;BYMINUTE=5") is None

    def test_until_must_be_a_real_date(self) -> None:
        """UNTIL=20240230 (no 30 February) is refused."""
        assert validate_repeat("FREQ=DAILY;UNTIL=20240230") is not None
        assert validate_repeat("FREQ=DAILY;UNTIL=20240229") is None

    def test_sub_daily_frequencies_need_a_timed_start(self) -> None:
        """SECONDLY, MINUTELY and HOURLY are refused for an all-day start, DAILY is not."""
        for freq in ("SECONDLY", "MINUTELY", "HOURLY"):
            assert validate_repeat(f"FREQ={freq}", ALL_DAY) is not None, freq
        assert validate_repeat("FREQ=DAILY", ALL_DAY) is None

    def test_time_parts_need_a_timed_start(self) -> None:
        """BYHOUR, BYMINUTE and BYSECOND are refused for an all-day start."""
        for part in ("BYHOUR=9", "BYMINUTE=30", "BYSECOND=15"):
            assert validate_repeat(f"FREQ=DAILY;{part}", ALL_DAY) is not None, part

    def test_byweekno_only_with_yearly(self) -> None:
        """BYWEEKNO is accepted with FREQ=YEARLY and refused with FREQ=MONTHLY."""
        assert validate_repeat("FREQ=YEARLY;BYWEEKNO=20") is None
        assert validate_repeat("FREQ=MONTHLY;BYWEEKNO=20") is not None

    def test_numbered_byday_only_in_months_and_years(self) -> None:
        """2MO is refused with WEEKLY and with BYWEEKNO, accepted with MONTHLY and YEARLY."""
        assert validate_repeat("FREQ=WEEKLY;BYDAY=2MO") is not None
        assert validate_repeat("FREQ=DAILY;BYDAY=-1FR") is not None
        assert validate_repeat("FREQ=YEARLY;BYWEEKNO=20;BYDAY=1MO") is not None
        assert validate_repeat("FREQ=MONTHLY;BYDAY=2MO") is None
        assert validate_repeat("FREQ=YEARLY;BYDAY=-1FR") is None
        assert validate_repeat("FREQ=WEEKLY;BYDAY=MO,FR") is None

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=MONTHLY;BYDAY=6MO",
            "FREQ=MONTHLY;BYDAY=-6FR",
            "FREQ=MONTHLY;BYDAY=6MO,7TU",
            "FREQ=YEARLY;BYMONTH=3;BYDAY=6MO",
            "FREQ=MONTHLY;BYSETPOS=1",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=-31",
            "FREQ=DAILY;BYYEARDAY=100",
            "FREQ=WEEKLY;BYYEARDAY=100",
            "FREQ=MONTHLY;BYYEARDAY=100",
            "FREQ=WEEKLY;BYMONTHDAY=1",
        ],
    )
    def test_rules_that_never_happen_or_rfc_5545_forbids_are_refused(self, rule: str) -> None:
        """A 6th weekday of a month, BYSETPOS alone, 30 February, BYYEARDAY/BYMONTHDAY misplaced."""
        assert validate_repeat(rule) is not None

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=MONTHLY;BYDAY=5MO",
            "FREQ=MONTHLY;BYDAY=-5FR",
            "FREQ=MONTHLY;BYDAY=6MO,1TU",
            "FREQ=YEARLY;BYDAY=6MO",
            "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
            "FREQ=YEARLY;BYMONTH=2,3;BYMONTHDAY=30",
            "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=-30",
            "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31",
            "FREQ=YEARLY;BYMONTH=2",
            "FREQ=YEARLY;BYYEARDAY=100",
            "FREQ=HOURLY;BYYEARDAY=100",
            "FREQ=MONTHLY;BYMONTHDAY=1",
        ],
    )
    def test_rules_some_calendar_day_satisfies_are_accepted(self, rule: str) -> None:
        """The 5th weekday, a 6th Monday of a year, 29 February, one possible month of several."""
        assert validate_repeat(rule) is None


class TestMoreRecurrence:
    def test_calendar_app_forms_of_leap_day_and_month_end_are_upper_case(self) -> None:
        """yearly on 29 February and monthly on the 31st export their last-day RRULEs."""
        leap = make(start=date(2024, 2, 29), repeat="yearly")
        month_end = make(start=date(2024, 1, 31), repeat="monthly")
        assert rule_text(leap) == "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
        assert rule_text(month_end) == "FREQ=MONTHLY;BYMONTHDAY=-1"

    def test_an_offset_start_with_a_zone_repeats_on_the_zones_clock(self) -> None:
        """A +09:00 start in an event with timezone New York keeps 06:00 New York across DST."""
        start = datetime(2024, 3, 1, 20, 0, tzinfo=timezone(timedelta(hours=9)))
        event = make(start=start, timezone="America/New_York", repeat="FREQ=WEEKLY;COUNT=3")
        assert [e.begin(UTC).isoformat() for e in expand([event], *WIDE)] == [
            "2024-03-01T11:00:00+00:00",
            "2024-03-08T11:00:00+00:00",
            "2024-03-15T10:00:00+00:00",
        ]

    def test_without_a_range_events_are_returned_as_they_are(self) -> None:
        """expand() with no bounds returns the events unchanged."""
        event = make(start=date(2024, 3, 1), repeat="daily")
        assert expand([event], None, None) == [event]

    def test_open_below_a_series_starting_after_the_end_is_dropped(self) -> None:
        """expand() up to 2024-01-01 drops a series that starts on 2024-03-01."""
        event = make(start=date(2024, 3, 1), repeat="daily")
        assert expand([event], None, datetime(2024, 1, 1, tzinfo=UTC), NEW_YORK) == []

    def test_a_plain_event_does_not_stop_the_expansion_of_the_next(self) -> None:
        """A one-off event before a series: both are in the expansion."""
        plain = make(id="plain", start=date(2024, 3, 2))
        daily = make(start=date(2024, 3, 1), repeat="daily")
        low, high = datetime(2024, 3, 2, 5, tzinfo=UTC), datetime(2024, 3, 4, 5, tzinfo=UTC)
        assert walls(expand([plain, daily], low, high, NEW_YORK)) == [
            "2024-03-02",
            "2024-03-02",
            "2024-03-03",
        ]

    def test_an_old_hourly_series_lists_a_day_without_hitting_the_limit(self) -> None:
        """Hourly since 2000: one day of 2020 lists its 24 hours (no 100,000 cap reached)."""
        event = make(start=datetime(2000, 1, 1, 0, 0), timezone="UTC", repeat="FREQ=HOURLY")
        low, high = datetime(2020, 1, 1, tzinfo=UTC), datetime(2020, 1, 2, tzinfo=UTC)
        found = expand([event], low, high, UTC)
        assert len(found) == 24 and found[0].begin(UTC) == low

    def test_a_range_at_the_end_of_year_9999_still_lists_its_occurrence(self) -> None:
        """list --from 9999-01-01 --to 9999-12-31 shows a yearly series' 9999 occurrence."""
        event = make(start=date(2020, 6, 1), timezone="UTC", repeat="yearly")
        low = datetime(9999, 1, 1, tzinfo=UTC)
        high = datetime.max.replace(tzinfo=UTC)
        assert walls(expand([event], low, high, UTC)) == ["9999-06-01"]

    def test_an_occurrence_of_an_offset_start_shows_that_offset(self, tmp_path: Path) -> None:
        """list's ORIGIN column of a -05:00 series reads UTC-05:00 on every occurrence."""
        path = tmp_path / "events.toml"
        path.write_text(
            '[timeline]\ntimezone = "America/New_York"\n\n[[events]]\nid = "s"\ntitle = "S"\n'
            'start = 2024-03-01T22:00:00-05:00\nrepeat = "FREQ=WEEKLY;COUNT=3"\n',
            encoding="utf-8",
        )
        result = invoke(["list", "-f", str(path), "--from", "2024-03-01", "--to", "2024-03-31"])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.count(" UTC-05:00 ") == 3
        assert "EST" not in result.stdout and "EDT" not in result.stdout


def test_count_and_until_together_are_refused() -> None:
    """COUNT with UNTIL is refused (RFC 5545 allows one of them); each alone is accepted."""
    assert validate_repeat("FREQ=DAILY;COUNT=3;UNTIL=20240105") is not None
    assert validate_repeat("FREQ=DAILY;COUNT=3") is None
    assert validate_repeat("FREQ=DAILY;UNTIL=20240105") is None


def test_a_list_of_impossible_month_days_is_refused() -> None:
    """BYMONTH=2 with BYMONTHDAY=30,31 never happens; with 28,30 it does."""
    assert validate_repeat("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30,31") is not None
    assert validate_repeat("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,30") is None
