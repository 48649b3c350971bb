"""Time modules (query, model, timeparse, zones): behaviour pinned where mutation testing
found it loose.

Each test asserts exact values through the public functions or the CLI; every test
runs with the system zone Asia/Kathmandu (conftest), so a function that silently fell
back to the system zone gives a different answer from one that used the zone it was given.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import invoke
from tests.helpers import assert_error
from timeline_cli.errors import UsageError
from timeline_cli.model import UTC_MAX, Event, Precision, TimeValue, to_utc, wall_time
from timeline_cli.query import Filters, select
from timeline_cli.schema import event_from_table
from timeline_cli.timeparse import check_wall_time, parse_when, when_range
from timeline_cli.when_forms import FORMS
from timeline_cli.zones import check_abbreviation, format_offset, resolve_zone

NEW_YORK = ZoneInfo("America/New_York")
SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)


def make(id_: str, default_zone: Any = NEW_YORK, **table: Any) -> Event:
    """One event from a TOML-like table (the title is the id, capitalised)."""
    return event_from_table({"id": id_, "title": id_.capitalize(), **table}, default_zone)


def write(tmp_path: Path, body: str) -> Path:
    """An events file with ``body`` as its text."""
    path = tmp_path / "events.toml"
    path.write_text(body, encoding="utf-8")
    return path


def list_out(path: Path, *args: str) -> str:
    """stdout of a successful ``list`` of ``path`` (exit 0, nothing on stderr)."""
    result = invoke(["list", "-f", str(path), *args])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


# --- model: the ends of the calendar ----------------------------------------------------

END_OF_TIME = """\
[[events]]
id = "late"
title = "Late"
start = "9999-12-31T23:00"
timezone = "America/New_York"

[[events]]
id = "year"
title = "Year 9998"
start = "9998"
"""


class TestEndOfTime:
    def test_an_instant_past_year_9999_in_utc_is_clamped_to_the_last_instant(self) -> None:
        """23:00 New York on 9999-12-31 is after the last UTC instant: to_utc gives UTC_MAX."""
        late = datetime(9999, 12, 31, 23, 0, tzinfo=NEW_YORK)
        assert to_utc(late) == UTC_MAX

    def test_a_value_at_the_last_instant_finishes_there(self) -> None:
        """A timed value clamped to UTC_MAX ends at UTC_MAX (no overflow a microsecond later)."""
        late = datetime(9999, 12, 31, 23, 0, tzinfo=NEW_YORK)
        value = TimeValue(Precision.TIME, late.date(), late)
        assert value.begin(UTC) == UTC_MAX
        assert value.finish(UTC) == UTC_MAX

    def test_from_a_date_in_year_9999_lists_the_last_evening(self, tmp_path: Path) -> None:
        """``--from 9999-06-01`` lists the event at 9999-12-31 23:00 EST, not the year 9998."""
        out = list_out(write(tmp_path, END_OF_TIME), "--from", "9999-06-01", "--tz", "UTC")
        assert "Late" in out
        assert "Year 9998" not in out
        assert out.splitlines()[-1] == "1 event · times in UTC"

    def test_the_year_9998_ends_with_its_last_day(self) -> None:
        """Year 9998 ends on 9998-12-31; the next period begins 9999-01-01."""
        value = TimeValue(Precision.YEAR, date(9998, 1, 1))
        assert value.period_end() == date(9999, 1, 1)
        assert value.last_day() == date(9998, 12, 31)

    def test_the_year_9998_is_not_on_a_day_of_9999(self, tmp_path: Path) -> None:
        """``--on 9999-06-01`` does not list an event of the year 9998."""
        out = list_out(write(tmp_path, END_OF_TIME), "--on", "9999-06-01", "--tz", "UTC")
        assert out.splitlines() == ["No events match.", "0 events · times in UTC"]


class TestWallTime:
    def test_a_repeated_hour_means_the_first_even_when_fold_says_second(self) -> None:
        """01:30 on New York's fall-back night is the first one (EDT, 05:30 UTC), whatever fold."""
        wall = datetime(2024, 11, 3, 1, 30, fold=1)
        moment = wall_time(wall, NEW_YORK)
        assert moment.astimezone(UTC) == datetime(2024, 11, 3, 5, 30, tzinfo=UTC)
        assert moment.tzname() == "EDT"


# --- query: the display zone, never the system's ----------------------------------------


class TestQueryZone:
    def test_all_day_event_is_matched_by_the_given_zones_midnights(self) -> None:
        """An all-day 2024-01-23 in New York lasts until 05:00 UTC on the 24th."""
        day = make("day", start=date(2024, 1, 23))
        low = datetime(2024, 1, 23, 20, 0, tzinfo=UTC)
        assert select([day], Filters(low=low), NEW_YORK) == [day]
        late = datetime(2024, 1, 24, 5, 0, tzinfo=UTC)
        assert select([day], Filters(low=late), NEW_YORK) == []

    def test_all_day_events_sort_by_the_given_zones_midnight(self) -> None:
        """In New York, 22:00 on the 22nd comes before the all-day 23rd (Kathmandu: after)."""
        day = make("day", start=date(2024, 1, 23))
        evening = make("evening", start=datetime(2024, 1, 22, 22, 0))
        assert select([day, evening], Filters(), NEW_YORK) == [evening, day]
        assert select([day, evening], Filters(), ZoneInfo("Asia/Kathmandu")) == [day, evening]

    def test_search_does_not_match_across_the_joins_of_fields(self) -> None:
        """``--search xx`` finds nothing in an event without "xx" in any one field."""
        event = make("plain", start=date(2024, 1, 23), description="notes", location="home")
        assert select([event], Filters(search="xx"), NEW_YORK) == []
        assert select([event], Filters(search="home"), NEW_YORK) == [event]


# --- timeparse: WHEN ------------------------------------------------------------------


def message(text: str, zone: Any = NEW_YORK) -> str:
    """The UsageError message parse_when gives for ``text``."""
    with pytest.raises(UsageError) as caught:
        parse_when(text, now=NOW, zone=zone)
    return caught.value.message


class TestParseWhen:
    @pytest.mark.parametrize("text", ["2024-01-24T00", "20240124T00"])
    def test_an_hour_without_minutes_is_a_time_even_at_midnight(self, text: str) -> None:
        """``2024-01-24T00`` and ``20240124T00`` are 00:00 that day, not the whole day."""
        value = parse_when(text, now=NOW, zone=NEW_YORK).value
        assert value == TimeValue(
            Precision.TIME, date(2024, 1, 24), datetime(2024, 1, 24, tzinfo=NEW_YORK)
        )

    def test_an_hour_without_minutes_keeps_its_hour(self) -> None:
        """``2024-01-24T18`` is 18:00 that day."""
        value = parse_when("2024-01-24T18", now=NOW, zone=NEW_YORK).value
        assert value.precision is Precision.TIME
        assert value.moment == datetime(2024, 1, 24, 18, 0, tzinfo=NEW_YORK)

    def test_a_date_with_a_zone_keeps_the_zone(self) -> None:
        """``2024-01-24 KST`` is the whole day, in Seoul."""
        when = parse_when("2024-01-24 KST", now=NOW, zone=NEW_YORK)
        assert when.value == TimeValue(Precision.DAY, date(2024, 1, 24))
        assert when.zone == SEOUL

    @pytest.mark.parametrize("text", ["JAN 24 2024", "jan 24 2024"])
    def test_month_names_in_either_case_are_read(self, text: str) -> None:
        """A month name in capitals or small letters is a human date, not an error."""
        when = parse_when(text, now=NOW, zone=NEW_YORK)
        assert when.value == TimeValue(Precision.DAY, date(2024, 1, 24))

    def test_an_offset_time_with_a_zone_name_is_shown_on_that_zones_clock(self) -> None:
        """``18:00+09:00 America/New_York`` is 04:00 EST, the same instant, and exact."""
        when = parse_when("2024-01-24T18:00+09:00 America/New_York", now=NOW, zone=SEOUL)
        assert when.zone == NEW_YORK
        assert when.value == TimeValue(
            Precision.TIME,
            date(2024, 1, 24),
            datetime(2024, 1, 24, 4, 0, tzinfo=NEW_YORK),
            exact=True,
        )
        assert when.value.moment is not None
        assert when.value.moment.tzinfo is NEW_YORK

    def test_an_offset_time_without_a_zone_name_keeps_its_offset_and_date(self) -> None:
        """``2024-01-24T00:30+09:00`` stays on the 24th at +09:00 whatever the display zone."""
        value = parse_when("2024-01-24T00:30+09:00", now=NOW, zone=NEW_YORK).value
        assert value.day == date(2024, 1, 24)
        assert value.moment is not None
        assert value.moment.utcoffset() == timedelta(hours=9)
        assert value.moment.hour == 0

    def test_a_wall_time_has_its_date(self) -> None:
        """``2024-01-24 18:00`` in New York is on 2024-01-24, not exact."""
        value = parse_when("2024-01-24 18:00", now=NOW, zone=NEW_YORK).value
        assert value.day == date(2024, 1, 24)
        assert value.exact is False

    def test_an_unreadable_date_says_what_is_expected(self) -> None:
        """``2024_01_24`` is refused with the list of forms WHEN accepts."""
        assert message("2024_01_24") == (
            "invalid date '2024_01_24': not a date or time this tool understands; "
            f"accepted forms: {FORMS}"
        )

    def test_an_impossible_day_with_a_time_says_why(self) -> None:
        """``2024-02-30 18:00`` is refused because the day is out of range for February."""
        assert message("2024-02-30 18:00") == (
            f"invalid date '2024-02-30 18:00': February 2024 has 29 days; accepted forms: {FORMS}"
        )


class TestShift:
    def test_years_back_to_year_1(self) -> None:
        """``-2023y`` from 2024-06-15 is 0001-06-15, the first year there is."""
        when = parse_when("-2023y", now=NOW, zone=UTC)
        assert when.value == TimeValue(Precision.DAY, date(1, 6, 15))

    def test_years_forward_to_year_9999(self) -> None:
        """``+7975y`` from 2024-06-15 is 9999-06-15, the last year there is."""
        when = parse_when("+7975y", now=NOW, zone=UTC)
        assert when.value == TimeValue(Precision.DAY, date(9999, 6, 15))

    @pytest.mark.parametrize("text", ["-2024y", "+7976y", "-24289m"])
    def test_past_the_calendar_is_out_of_range(self, text: str) -> None:
        """Moving before year 1 or after year 9999 is refused as out of range."""
        assert message(text, UTC) == f"invalid date {text!r}: out of range; accepted forms: {FORMS}"


class TestWhenRange:
    def test_from_an_instant_starts_on_its_day_in_the_display_zone(self) -> None:
        """``--from "2024-01-24 00:00 KST"`` starts on Jan 23 in New York (10:00 EST)."""
        span = when_range(start="2024-01-24 00:00 KST", end=None, on=None, now=NOW, zone=NEW_YORK)
        assert span.low == datetime(2024, 1, 23, 15, 0, tzinfo=UTC)
        assert span.first == date(2024, 1, 23)

    def test_a_wall_time_range_is_on_the_display_zones_clock(self) -> None:
        """``--from/--to "2024-01-23 20:00"`` in New York is 01:00 UTC on the 24th, day the 23rd."""
        text = "2024-01-23 20:00"
        span = when_range(start=text, end=text, on=None, now=NOW, zone=NEW_YORK)
        instant = datetime(2024, 1, 24, 1, 0, tzinfo=UTC)
        assert span == (
            instant,
            instant + timedelta(microseconds=1),
            date(2024, 1, 23),
            date(2024, 1, 23),
        )

    def test_to_an_instant_ends_on_its_day_in_the_display_zone(self) -> None:
        """``--to "2024-01-24 00:30 KST"`` ends on Jan 23 in New York."""
        span = when_range(start=None, end="2024-01-24 00:30 KST", on=None, now=NOW, zone=NEW_YORK)
        assert span.last == date(2024, 1, 23)

    def test_to_the_last_microsecond_of_a_day_ends_on_that_day(self) -> None:
        """``--to 2024-01-23T23:59:59.999999`` ends on the 23rd, not the 24th."""
        span = when_range(
            start=None, end="2024-01-23T23:59:59.999999", on=None, now=NOW, zone=NEW_YORK
        )
        assert span.high == datetime(2024, 1, 24, 5, 0, tzinfo=UTC)
        assert span.last == date(2024, 1, 23)

    def test_on_a_wall_time_is_that_day_in_the_display_zone(self) -> None:
        """``--on "2024-01-24 01:00"`` in New York is New York's 24th."""
        span = when_range(start=None, end=None, on="2024-01-24 01:00", now=NOW, zone=NEW_YORK)
        assert span == (
            datetime(2024, 1, 24, 5, 0, tzinfo=UTC),
            datetime(2024, 1, 25, 5, 0, tzinfo=UTC),
            date(2024, 1, 24),
            date(2024, 1, 24),
        )

    @pytest.mark.parametrize(
        ("option", "label"),
        [("--on", "--on date"), ("--from", "--from date"), ("--to", "--to date")],
    )
    def test_a_bad_date_names_its_option(self, option: str, label: str) -> None:
        """``list --from 2024_01_24`` says "invalid --from date '2024_01_24'" (before it
        looks for the file) and lists the accepted forms."""
        result = invoke(["list", "-f", "nowhere.toml", option, "2024_01_24"])
        message = assert_error(result, 2, f"invalid {label} '2024_01_24': not a date")
        assert message.endswith(f"; accepted forms: {FORMS}")

    def test_on_with_from_is_refused(self) -> None:
        """``--on`` with ``--from`` is a usage error that says so."""
        with pytest.raises(UsageError) as caught:
            when_range(start="2024-01-01", end=None, on="2024-01-02", now=NOW, zone=NEW_YORK)
        assert caught.value.message == "on cannot be combined with start or end"


class TestCheckWallTime:
    def test_a_skipped_time_names_the_zone_the_jump_and_both_offsets(self) -> None:
        """02:30 on New York's spring-forward night does not exist: exact message."""
        with pytest.raises(UsageError) as caught:
            check_wall_time(datetime(2024, 3, 10, 2, 30, tzinfo=NEW_YORK))
        assert caught.value.message == (
            "2024-03-10 02:30 does not exist in America/New_York: the clocks jump 1 hour "
            "forward there (UTC-05:00 to UTC-04:00)"
        )

    def test_a_skipped_time_from_utc_plus_zero(self) -> None:
        """London jumps from +00:00 (a zero offset is still an offset) to +01:00."""
        with pytest.raises(UsageError) as caught:
            check_wall_time(datetime(2024, 3, 31, 1, 30, tzinfo=ZoneInfo("Europe/London")))
        assert caught.value.message == (
            "2024-03-31 01:30 does not exist in Europe/London: the clocks jump 1 hour "
            "forward there (UTC+00:00 to UTC+01:00)"
        )

    def test_a_skipped_time_to_utc_plus_zero(self) -> None:
        """The Azores jump from -01:00 to +00:00 at midnight."""
        with pytest.raises(UsageError) as caught:
            check_wall_time(datetime(2024, 3, 31, 0, 30, tzinfo=ZoneInfo("Atlantic/Azores")))
        assert caught.value.message == (
            "2024-03-31 00:30 does not exist in Atlantic/Azores: the clocks jump 1 hour "
            "forward there (UTC-01:00 to UTC+00:00)"
        )

    def test_a_repeated_time_names_both_offsets_and_an_example(self) -> None:
        """01:30 on New York's fall-back night happens twice: exact message."""
        with pytest.raises(UsageError) as caught:
            check_wall_time(datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK))
        assert caught.value.message == (
            "2024-11-03 01:30 happens twice in America/New_York (at -04:00 and at -05:00); "
            "add the offset you mean, e.g. 2024-11-03T01:30-05:00"
        )


class TestAddExactness:
    def test_a_wall_time_in_a_fixed_offset_display_zone_is_stored_as_that_instant(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With TIMELINE_TZ=+09:00, ``add --start "2024-01-24 18:00"`` stores 18:00+09:00."""
        monkeypatch.setenv("TIMELINE_TZ", "+09:00")
        path = tmp_path / "events.toml"
        result = invoke(["add", "Meet", "--start", "2024-01-24 18:00", "-f", str(path)])
        assert (result.exit_code, result.stderr) == (0, "")
        import tomllib

        stored = tomllib.loads(path.read_text(encoding="utf-8"))["events"][0]
        assert stored["start"] == datetime.fromisoformat("2024-01-24T18:00:00+09:00")
        assert stored["start"].utcoffset() == timedelta(hours=9)
        assert "timezone" not in stored

    def test_a_time_written_with_utc_is_stored_as_an_instant(self, tmp_path: Path) -> None:
        """``18:00 UTC`` names an offset, so it is stored as 18:00+00:00 without a zone."""
        path = tmp_path / "events.toml"
        result = invoke(["add", "Meet", "--start", "2024-01-24 18:00 UTC", "-f", str(path)])
        assert result.exit_code == 0, result.stderr
        text = path.read_text(encoding="utf-8")
        assert text.endswith('title = "Meet"\nstart = 2024-01-24 18:00:00+00:00\n')


# --- zones ----------------------------------------------------------------------------


class TestZones:
    def test_an_abbreviation_out_of_season_names_the_zone_and_the_right_one(self) -> None:
        """``EST`` on a July date is refused, naming America/New_York and EDT."""
        moment = datetime(2024, 7, 4, 18, 0, tzinfo=NEW_YORK)
        with pytest.raises(UsageError) as caught:
            check_abbreviation("est", moment)
        assert caught.value.message == (
            "EST is not in effect in America/New_York on 2024-07-04 (it is EDT); "
            "give an offset or the zone name"
        )

    @pytest.mark.parametrize(
        ("text", "offset"),
        [("+23:00", timedelta(hours=23)), ("-05:59", -timedelta(hours=5, minutes=59))],
    )
    def test_the_largest_offsets_are_accepted(self, text: str, offset: timedelta) -> None:
        """Hours up to 23 and minutes up to 59 make a valid UTC offset."""
        assert resolve_zone(text) == timezone(offset)

    def test_an_invalid_offset_is_named_in_the_message(self) -> None:
        """``+24:00`` is refused, quoting what was typed."""
        with pytest.raises(UsageError) as caught:
            resolve_zone("+24:00")
        assert caught.value.message == "zone '+24:00' is not a valid UTC offset"

    def test_an_unknown_zone_is_called_a_zone(self) -> None:
        """An unknown name with nothing close is refused with the forms to use."""
        with pytest.raises(UsageError) as caught:
            resolve_zone("Qqqq")
        assert caught.value.message == (
            "unknown zone 'Qqqq' (use an IANA name such as Asia/Seoul, an offset such as "
            "+09:00, or UTC)"
        )

    def test_an_ambiguous_abbreviation_lists_its_zones(self) -> None:
        """``CST`` could be Chicago, Shanghai or Havana: the message lists all three."""
        with pytest.raises(UsageError) as caught:
            resolve_zone("CST")
        assert caught.value.message == (
            "zone 'CST' is ambiguous: it could mean America/Chicago, Asia/Shanghai, "
            "America/Havana; give the IANA name"
        )

    def test_gmt_is_shown_as_gmt(self, tmp_path: Path) -> None:
        """``--tz GMT`` is the zone GMT, and the footer says so."""
        path = write(tmp_path, END_OF_TIME)
        out = list_out(path, "--tz", "GMT", "--on", "9998")
        assert out.splitlines()[-1] == "1 event · times in GMT"

    def test_a_zero_offset_is_plus(self) -> None:
        """A zero offset is written ``+00:00``, never ``-00:00``."""
        assert format_offset(timedelta(0)) == "+00:00"
        assert format_offset(-timedelta(minutes=30)) == "-00:30"
