"""The WHEN grammar, display-zone day ranges, DST gaps and folds, and time-value properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from tests.helpers import (
    APIA,
    BERLIN,
    KATHMANDU,
    KIRITIMATI,
    LORD_HOWE,
    NEW_YORK,
    SAO_PAULO,
    SEOUL,
    days,
)
from timeline_cli.errors import UsageError
from timeline_cli.model import Event, Precision, TimeValue
from timeline_cli.query import Filters, matches, select
from timeline_cli.schema import ProblemList, event_from_table
from timeline_cli.timeparse import (
    _RELATIVE,
    RangeLabels,
    check_wall_time,
    parse_when,
    shift,
    when_range,
)
from timeline_cli.when_forms import FORMS

ZONES: list[tzinfo] = [
    NEW_YORK,
    BERLIN,
    LORD_HOWE,
    KATHMANDU,
    APIA,
    SEOUL,
    UTC,
    SAO_PAULO,
    KIRITIMATI,
    ZoneInfo("Pacific/Chatham"),
    ZoneInfo("America/St_Johns"),
    ZoneInfo("Europe/Dublin"),
    ZoneInfo("America/Havana"),
]

# 20:00 UTC on 24 Jan 2024: still the 24th in UTC and New York (15:00), already the
# 25th in Kathmandu (01:45) and Apia (09:00).
NOW = datetime(2024, 1, 24, 20, 0, tzinfo=UTC)
# The IU "Love wins all" MV: 00:00 KST on 24 Jan 2024, which is 10:00 on the 23rd in New York.
MV_INSTANT = datetime(2024, 1, 23, 15, 0, tzinfo=UTC)


def day_range(**given: Any) -> tuple[datetime | None, datetime | None]:
    """The half-open UTC bounds of ``when_range``."""
    span = when_range(**given)
    return span.low, span.high


def when(text: str, zone: tzinfo = NEW_YORK, now: datetime = NOW) -> TimeValue:
    """The TimeValue of a WHEN."""
    return parse_when(text, now=now, zone=zone).value


def utc(moment: datetime | None) -> datetime:
    """The instant in UTC (compare instants this way: PEP 495 makes fold/gap times unequal)."""
    assert moment is not None
    return moment.astimezone(UTC)


def on(text: str, zone: tzinfo, now: datetime = NOW) -> tuple[datetime, datetime]:
    """The [low, high) range of ``--on text`` in ``zone``."""
    low, high = day_range(start=None, end=None, on=text, now=now, zone=zone)
    assert low is not None and high is not None
    return low, high


def all_day(day: date) -> TimeValue:
    """A floating all-day value."""
    return TimeValue(Precision.DAY, day)


# --- ISO forms ----------------------------------------------------------------------


def test_iso_date_is_an_all_day_value() -> None:
    """``2024-01-24`` is a floating day with no moment and no zone."""
    parsed = parse_when("2024-01-24", now=NOW, zone=NEW_YORK)
    assert parsed.value == TimeValue(Precision.DAY, date(2024, 1, 24))
    assert parsed.zone is None


@pytest.mark.parametrize("text", ["2024-01-24T18:00", "2024-01-24 18:00", "2024-01-24  18:00"])
def test_local_date_time_is_wall_time_in_display_zone(text: str) -> None:
    """A date-time without zone is a wall-clock time in the display zone, not exact."""
    value = when(text, SEOUL)
    assert value.precision is Precision.TIME
    assert value.moment == datetime(2024, 1, 24, 18, 0, tzinfo=SEOUL)
    assert value.moment is not None and value.moment.tzinfo is SEOUL
    assert not value.exact


def test_z_suffix_is_an_exact_utc_instant() -> None:
    """``...Z`` is an exact instant, whatever the display zone."""
    value = when("2024-01-24T18:00Z", KATHMANDU)
    assert value.exact
    assert utc(value.moment) == datetime(2024, 1, 24, 18, 0, tzinfo=UTC)


def test_offset_suffix_is_an_exact_instant() -> None:
    """``...+09:00`` is the instant 09:00 UTC."""
    value = when("2024-01-24T18:00+09:00", NEW_YORK)
    assert value.exact
    assert utc(value.moment) == datetime(2024, 1, 24, 9, 0, tzinfo=UTC)
    assert value.day == date(2024, 1, 24)


@pytest.mark.parametrize("zone_text", ["KST", "Asia/Seoul", "asia/seoul"])
def test_trailing_zone_names_the_wall_clock(zone_text: str) -> None:
    """``2024-01-24 18:00 KST`` is 18:00 in Seoul, and the parsed zone is returned."""
    parsed = parse_when(f"2024-01-24 18:00 {zone_text}", now=NOW, zone=NEW_YORK)
    assert parsed.zone == SEOUL
    assert parsed.value.moment == datetime(2024, 1, 24, 18, 0, tzinfo=SEOUL)
    assert utc(parsed.value.moment) == datetime(2024, 1, 24, 9, 0, tzinfo=UTC)


def test_trailing_offset_is_exact() -> None:
    """``2024-01-24 18:00 +09:00`` is an exact instant."""
    value = when("2024-01-24 18:00 +09:00", NEW_YORK)
    assert value.exact
    assert utc(value.moment) == datetime(2024, 1, 24, 9, 0, tzinfo=UTC)


def test_iso_midnight_with_time_is_timed() -> None:
    """``2024-01-24T00:00`` is a time (midnight), not an all-day value."""
    value = when("2024-01-24T00:00", SEOUL)
    assert value.precision is Precision.TIME
    assert value.moment == datetime(2024, 1, 24, 0, 0, tzinfo=SEOUL)


def test_year_and_month_are_partial_values() -> None:
    """``2024`` and ``2024-01`` keep year and month precision."""
    assert when("2024") == TimeValue(Precision.YEAR, date(2024, 1, 1))
    assert when("2024-01") == TimeValue(Precision.MONTH, date(2024, 1, 1))


# --- Named days and relative offsets ------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "today"),
    [
        (UTC, date(2024, 1, 24)),
        (NEW_YORK, date(2024, 1, 24)),
        (KATHMANDU, date(2024, 1, 25)),
        (APIA, date(2024, 1, 25)),
    ],
)
def test_named_days_are_in_the_display_zone(zone: tzinfo, today: date) -> None:
    """``today``/``yesterday``/``tomorrow`` are dates of the display zone, not of UTC."""
    assert when("today", zone) == TimeValue(Precision.DAY, today)
    assert when("Yesterday", zone) == TimeValue(Precision.DAY, today - timedelta(days=1))
    assert when("TOMORROW", zone) == TimeValue(Precision.DAY, today + timedelta(days=1))


@pytest.mark.parametrize("zone", [UTC, NEW_YORK, KATHMANDU, APIA])
def test_now_is_the_given_instant_in_the_display_zone(zone: tzinfo) -> None:
    """``now`` is exactly the passed-in ``now``, shown in the display zone."""
    value = when(" now ", zone)
    assert value.precision is Precision.TIME
    assert utc(value.moment) == NOW
    assert value.moment is not None and value.moment.tzinfo is zone
    assert value.day == NOW.astimezone(zone).date()


@pytest.mark.parametrize(
    ("text", "zone", "day"),
    [
        ("+3d", UTC, date(2024, 1, 27)),
        ("+3d", APIA, date(2024, 1, 28)),
        ("-2w", NEW_YORK, date(2024, 1, 10)),
        ("-2w", KATHMANDU, date(2024, 1, 11)),
        ("-6m", UTC, date(2023, 7, 24)),
        ("+1y", UTC, date(2025, 1, 24)),
        ("-0d", UTC, date(2024, 1, 24)),
    ],
)
def test_relative_offsets_count_from_today_in_display_zone(
    text: str, zone: tzinfo, day: date
) -> None:
    """``+3d``, ``-2w``, ``-6m``, ``+1y`` move from today in the display zone."""
    assert when(text, zone) == TimeValue(Precision.DAY, day)


@pytest.mark.parametrize(
    ("now_day", "text", "expected"),
    [
        (date(2024, 8, 31), "-6m", date(2024, 2, 29)),
        (date(2023, 8, 31), "-6m", date(2023, 2, 28)),
        (date(2024, 2, 29), "+1y", date(2025, 2, 28)),
        (date(2024, 2, 29), "+4y", date(2028, 2, 29)),
        (date(2024, 1, 31), "+1m", date(2024, 2, 29)),
    ],
)
def test_month_offsets_clamp_to_month_end(now_day: date, text: str, expected: date) -> None:
    """Month and year offsets clamp the day to the end of a shorter month."""
    now = datetime.combine(now_day, time(12), UTC)
    assert when(text, UTC, now) == TimeValue(Precision.DAY, expected)


def test_relative_offset_out_of_range_is_a_usage_error() -> None:
    """``+99999y`` is refused with a usage error, not an OverflowError."""
    with pytest.raises(UsageError):
        when("+99999y")
    with pytest.raises(UsageError):
        when("-99999y")


# --- Human forms --------------------------------------------------------------------


def test_human_date_with_time() -> None:
    """``Jan 24 2024 6pm`` is 18:00 wall time in the display zone."""
    value = when("Jan 24 2024 6pm", SEOUL)
    assert value.moment == datetime(2024, 1, 24, 18, 0, tzinfo=SEOUL)


def test_human_date_without_time_is_all_day() -> None:
    """``24 January 2024`` is an all-day value."""
    assert when("24 January 2024") == TimeValue(Precision.DAY, date(2024, 1, 24))


def test_human_form_with_trailing_zone() -> None:
    """``Jan 24 2024 6pm KST`` is 18:00 in Seoul."""
    parsed = parse_when("Jan 24 2024 6pm KST", now=NOW, zone=NEW_YORK)
    assert parsed.zone == SEOUL
    assert utc(parsed.value.moment) == datetime(2024, 1, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["Jan 24", "6pm", "24"])
def test_incomplete_human_dates_are_refused(text: str) -> None:
    """A date missing its year, month or day is refused rather than completed from now."""
    with pytest.raises(UsageError, match="invalid date"):
        when(text)


@pytest.mark.parametrize(
    "text",
    ["garbage", "noon", "1/2/2024", "24.01.2024", "2024-02-30", "2024-13", "0000", "", "   "],
)
def test_garbage_is_refused(text: str) -> None:
    """Unparsable or impossible dates are usage errors (slashed and dotted forms too)."""
    with pytest.raises(UsageError):
        when(text)


def test_error_names_the_option() -> None:
    """The ``what`` argument and the original text appear in the message."""
    with pytest.raises(UsageError, match="invalid --from date 'soon'"):
        parse_when("soon", now=NOW, zone=UTC, what="--from date")


def test_abbreviation_out_of_season_is_refused() -> None:
    """``18:00 EST`` on a July date is refused: New York is on EDT."""
    with pytest.raises(UsageError, match="EDT"):
        when("2024-07-01 18:00 EST", UTC)
    with pytest.raises(UsageError, match="EDT"):
        when("Jul 1 2024 6pm EST", UTC)


def test_abbreviation_in_season_is_accepted() -> None:
    """``18:00 EDT`` in July is 22:00 UTC."""
    assert utc(when("2024-07-01 18:00 EDT", UTC).moment) == datetime(2024, 7, 1, 22, tzinfo=UTC)


def test_abbreviation_picks_the_side_of_a_fold() -> None:
    """On the night clocks go back, ``01:30 EDT`` and ``01:30 EST`` are the two 01:30s."""
    edt = when("2024-11-03 01:30 EDT", UTC)
    est = when("2024-11-03 01:30 EST", UTC)
    assert utc(edt.moment) == datetime(2024, 11, 3, 5, 30, tzinfo=UTC)
    assert utc(est.moment) == datetime(2024, 11, 3, 6, 30, tzinfo=UTC)
    assert edt.exact and est.exact


def test_ambiguous_trailing_abbreviation_is_refused() -> None:
    """``2024-01-24 18:00 CST`` is refused as ambiguous."""
    with pytest.raises(UsageError, match="ambiguous"):
        when("2024-01-24 18:00 CST")


@pytest.mark.parametrize(
    "text",
    [
        "Jan 24 2024 6pm CST",
        "24 January 2024 6pm BST",
        "Jan 24 2024 6pm XYZ",
        "Jan 24 2024 6pm Asia/Seol",
        "6pm IST Jan 24 2024",
        "Jan 24 2024 +0900 6pm",
    ],
)
def test_human_form_never_drops_a_zone(text: str) -> None:
    """A zone the tool cannot resolve is refused in human forms too, never ignored."""
    with pytest.raises(UsageError):
        when(text, NEW_YORK)


def test_human_form_with_zone_in_the_middle() -> None:
    """``6pm KST Jan 24 2024``: a zone word anywhere is resolved our way."""
    parsed = parse_when("6pm KST Jan 24 2024", now=NOW, zone=NEW_YORK)
    assert parsed.zone == SEOUL
    assert utc(parsed.value.moment) == datetime(2024, 1, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "hour"), [("Nov 3 2024 1:30am EDT", 5), ("Nov 3 2024 1:30am EST", 6)]
)
def test_human_form_abbreviation_picks_the_side_of_a_fold(text: str, hour: int) -> None:
    """In human forms too, EDT and EST pick the first and second 01:30 of the fall-back night."""
    assert utc(when(text, UTC).moment) == datetime(2024, 11, 3, hour, 30, tzinfo=UTC)


@given(
    st.one_of(
        st.text(max_size=24),
        st.lists(
            st.sampled_from(
                [
                    "2024",
                    "-",
                    "01",
                    "24",
                    " ",
                    "T",
                    "18",
                    ":",
                    "00",
                    "Z",
                    "+09:00",
                    "KST",
                    "Jan",
                    "6pm",
                    "of",
                    "+3d",
                    "99999",
                    "0",
                    "/",
                    ".",
                    ",",
                    "EST",
                    "\x00",
                    "\u202e",
                    "٣",
                    "²",
                    "Asia/Seoul",
                    "local",
                    "at",
                    "Feb",
                    "29",
                ]
            ),
            max_size=7,
        ).map("".join),
    )
)
def test_nothing_silently_becomes_now(text: str) -> None:
    """Any text is either refused with a UsageError or parsed to something other than now."""
    odd_now = datetime(2024, 1, 24, 20, 17, 43, 123457, tzinfo=UTC)
    try:
        value = parse_when(text, now=odd_now, zone=NEW_YORK).value
    except UsageError:
        return
    if value.moment is not None and utc(value.moment) == odd_now:
        assert text.strip().lower() == "now"


# --- Day ranges of the display zone -------------------------------------------------


def test_on_excludes_event_of_the_next_day_in_new_york() -> None:
    """The MV (00:00 KST on the 24th) is not on 2024-01-24 in New York."""
    low, high = on("2024-01-24", NEW_YORK)
    assert not low <= MV_INSTANT < high


def test_on_includes_event_on_its_new_york_day() -> None:
    """The MV is on 2024-01-23 in New York."""
    low, high = on("2024-01-23", NEW_YORK)
    assert low <= MV_INSTANT < high


def test_on_filters_the_mv_event_by_display_zone() -> None:
    """Filtering a real event: shown on the 24th in Seoul, the 23rd in New York."""
    mv = event_from_table(
        {"title": "Love wins all MV", "start": datetime(2024, 1, 24), "timezone": "Asia/Seoul"},
        UTC,
    )
    for zone, day, shown in [
        (NEW_YORK, "2024-01-24", False),
        (NEW_YORK, "2024-01-23", True),
        (SEOUL, "2024-01-24", True),
        (SEOUL, "2024-01-23", False),
    ]:
        low, high = on(day, zone)
        assert matches(mv, Filters(low=low, high=high), zone) is shown, (zone, day)


def test_on_a_month_and_a_year() -> None:
    """``--on 2024-01`` is all of January and ``--on 2024`` all of 2024, in the display zone."""
    assert on("2024-01", NEW_YORK) == (
        datetime(2024, 1, 1, 5, tzinfo=UTC),
        datetime(2024, 2, 1, 5, tzinfo=UTC),
    )
    assert on("2024", SEOUL) == (
        datetime(2023, 12, 31, 15, tzinfo=UTC),
        datetime(2024, 12, 31, 15, tzinfo=UTC),
    )


def test_on_a_time_means_its_day() -> None:
    """``--on 2024-01-24 18:00`` is the whole day, and ``... KST`` the Seoul day."""
    assert on("2024-01-24 18:00", NEW_YORK) == on("2024-01-24", NEW_YORK)
    assert on("2024-01-24 18:00 KST", NEW_YORK) == on("2024-01-24", SEOUL)


def test_from_to_includes_the_last_day() -> None:
    """``--to 2024-01-31`` runs to the end of that day; ``--to 2024-01`` to the end of January."""
    low, high = day_range(start="2024-01-01", end="2024-01-31", on=None, now=NOW, zone=NEW_YORK)
    late = datetime(2024, 1, 31, 23, 59, tzinfo=NEW_YORK)
    assert low == datetime(2024, 1, 1, 5, tzinfo=UTC)
    assert low is not None and high is not None
    assert low <= late < high
    assert high == datetime(2024, 2, 1, 5, tzinfo=UTC)
    _, month_high = day_range(start=None, end="2024-01", on=None, now=NOW, zone=NEW_YORK)
    assert month_high == high


def test_open_ended_ranges() -> None:
    """``--from`` alone has no upper bound; ``--to now`` ends just after now."""
    low, high = day_range(start="2024-01-01", end=None, on=None, now=NOW, zone=UTC)
    assert (low, high) == (datetime(2024, 1, 1, tzinfo=UTC), None)
    low, high = day_range(start=None, end="now", on=None, now=NOW, zone=UTC)
    assert low is None and high is not None
    assert NOW < high <= NOW + timedelta(seconds=1)


def test_no_filters_is_unbounded() -> None:
    """No option gives (None, None)."""
    assert day_range(start=None, end=None, on=None, now=NOW, zone=UTC) == (None, None)


def test_on_with_from_is_refused() -> None:
    """``--on`` cannot be combined with ``--from``/``--to``."""
    with pytest.raises(UsageError) as caught:
        day_range(start="2024", end=None, on="2024-01-24", now=NOW, zone=UTC)
    assert caught.value.message == "on cannot be combined with start or end"
    labels = RangeLabels(start="--from", end="--to", on="--on")
    with pytest.raises(UsageError) as caught:
        day_range(start="2024", end=None, on="2024-01-24", now=NOW, zone=UTC, labels=labels)
    assert caught.value.message == "--on cannot be combined with --from or --to"


def test_from_after_to_is_refused() -> None:
    """``--from`` after ``--to`` is a usage error naming both."""
    with pytest.raises(UsageError, match="after"):
        day_range(start="2024-01-02", end="2024-01-01", on=None, now=NOW, zone=UTC)


def test_same_from_and_to_is_one_day() -> None:
    """``--from D --to D`` is the whole day D."""
    assert day_range(start="2024-01-24", end="2024-01-24", on=None, now=NOW, zone=SEOUL) == on(
        "2024-01-24", SEOUL
    )


def test_bad_on_value_names_the_option() -> None:
    """A bad ``--on`` value is a usage error that names ``--on`` (the label ``list`` passes)."""
    labels = RangeLabels(start="--from", end="--to", on="--on")
    with pytest.raises(UsageError) as caught:
        day_range(start=None, end=None, on="someday", now=NOW, zone=UTC, labels=labels)
    assert caught.value.message == (
        f"invalid --on date 'someday': not a date or time this tool understands; "
        f"accepted forms: {FORMS}"
    )


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        (NEW_YORK, "2024-03-10", 23),
        (NEW_YORK, "2024-11-03", 25),
        (BERLIN, "2024-03-31", 23),
        (BERLIN, "2024-10-27", 25),
        (LORD_HOWE, "2024-10-06", 23.5),
        (LORD_HOWE, "2024-04-07", 24.5),
        (KATHMANDU, "2024-03-10", 24),
        (SEOUL, "2024-03-10", 24),
        (KATHMANDU, "1986-01-01", 23.75),
    ],
)
def test_dst_days_have_their_real_length(zone: tzinfo, day: str, hours: float) -> None:
    """A day range is midnight to midnight: 23h/25h on DST days, 23.5h on Lord Howe."""
    low, high = on(day, zone)
    assert high - low == timedelta(hours=hours)


def test_apia_skipped_day_range_does_not_crash() -> None:
    """``--on 2011-12-30`` in Apia (a day that never happened) is a near-empty range at the jump."""
    low, high = on("2011-12-30", APIA)
    assert timedelta(0) <= high - low < timedelta(seconds=1)
    assert low == datetime(2011, 12, 30, 10, 0, tzinfo=UTC)
    assert on("2011-12-29", APIA)[1] == low
    assert on("2011-12-31", APIA)[0] == low


def test_all_day_event_on_apia_skipped_day_is_listed() -> None:
    """An all-day event dated 2011-12-30 is listed by ``--on 2011-12-30`` in Apia."""
    event = event_from_table({"title": "Samoa skips a day", "start": date(2011, 12, 30)}, APIA)
    low, high = on("2011-12-30", APIA)
    assert select([event], Filters(low=low, high=high), APIA) == [event]


def test_from_to_on_apia_skipped_day_is_not_after_itself() -> None:
    """``--from D --to D`` never claims D is after D."""
    day_range(start="2011-12-30", end="2011-12-30", on=None, now=NOW, zone=APIA)


@pytest.mark.parametrize(("text", "zone"), [("0001-01-01", SEOUL), ("0001", APIA)])
def test_first_representable_day_is_a_range(text: str, zone: tzinfo) -> None:
    """``--on 0001-01-01`` east of UTC is a non-empty range, never an OverflowError."""
    low, high = on(text, zone)
    assert low < high


@pytest.mark.parametrize(("text", "zone"), [("9999-12-31", UTC), ("9999", NEW_YORK)])
def test_last_representable_day_is_a_range(text: str, zone: tzinfo) -> None:
    """``--on 9999-12-31`` and ``--on 9999`` are non-empty and reach the end of 9999."""
    low, high = on(text, zone)
    assert low < high
    assert high >= datetime(9999, 12, 31, 23, 59, tzinfo=UTC)


# --- DST gaps and folds for writes --------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2024, 3, 10, 2, 30, tzinfo=NEW_YORK),
        datetime(2024, 3, 31, 2, 30, tzinfo=BERLIN),
        datetime(2024, 10, 6, 2, 15, tzinfo=LORD_HOWE),
        datetime(2011, 12, 30, 0, 0, tzinfo=APIA),
        datetime(2011, 12, 30, 12, 0, tzinfo=APIA),
        datetime(2011, 12, 30, 23, 59, tzinfo=APIA),
    ],
)
def test_skipped_wall_times_are_refused(moment: datetime) -> None:
    """A wall time inside a gap (Apia: the whole of 2011-12-30) does not exist."""
    with pytest.raises(UsageError, match="does not exist"):
        check_wall_time(moment)


@pytest.mark.parametrize(
    ("moment", "jump"),
    [
        (datetime(2011, 12, 30, 12, 0, tzinfo=APIA), "jump 24 hours forward"),
        (datetime(2024, 10, 6, 2, 15, tzinfo=LORD_HOWE), "jump 30 minutes forward"),
        (datetime(2024, 3, 10, 2, 30, tzinfo=NEW_YORK), "jump 1 hour forward"),
    ],
)
def test_gap_message_gives_the_real_size_of_the_jump(moment: datetime, jump: str) -> None:
    """The refusal says how far the clocks jump: a day in Apia, 30 minutes on Lord Howe."""
    with pytest.raises(UsageError, match="does not exist") as info:
        check_wall_time(moment)
    assert jump in info.value.message


@pytest.mark.parametrize(
    ("moment", "offsets"),
    [
        (datetime(2024, 11, 3, 1, 30, tzinfo=NEW_YORK), ("-04:00", "-05:00")),
        (datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=NEW_YORK), ("-04:00", "-05:00")),
        (datetime(2024, 10, 27, 2, 30, tzinfo=BERLIN), ("+02:00", "+01:00")),
        (datetime(2024, 4, 7, 1, 45, tzinfo=LORD_HOWE), ("+11:00", "+10:30")),
    ],
)
def test_repeated_wall_times_are_refused_with_both_offsets(
    moment: datetime, offsets: tuple[str, str]
) -> None:
    """A wall time in a fold happens twice; the message gives both offsets."""
    with pytest.raises(UsageError, match="happens twice") as info:
        check_wall_time(moment)
    for offset in offsets:
        assert offset in info.value.message


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2024, 3, 10, 1, 59, tzinfo=NEW_YORK),
        datetime(2024, 3, 10, 3, 0, tzinfo=NEW_YORK),
        datetime(2024, 11, 3, 2, 0, tzinfo=NEW_YORK),
        datetime(2024, 10, 6, 2, 30, tzinfo=LORD_HOWE),
        datetime(2024, 4, 7, 2, 0, tzinfo=LORD_HOWE),
        datetime(2011, 12, 29, 23, 59, tzinfo=APIA),
        datetime(2011, 12, 31, 0, 0, tzinfo=APIA),
        datetime(2024, 3, 10, 2, 30, tzinfo=UTC),
        datetime(2024, 3, 10, 2, 30),
    ],
)
def test_wall_times_next_to_changes_are_accepted(moment: datetime) -> None:
    """Times just outside gaps and folds, UTC and naive times pass."""
    check_wall_time(moment)


@given(
    st.datetimes(min_value=datetime(1989, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from([KATHMANDU, SEOUL]),
)
def test_kathmandu_and_seoul_never_refuse_modern_times(wall: datetime, zone: tzinfo) -> None:
    """Zones without DST since the 1980s accept every wall time."""
    check_wall_time(wall.replace(tzinfo=zone))


# --- Properties of instants and time values -----------------------------------------

zones = st.sampled_from(ZONES)
instants = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=zones,
    allow_imaginary=False,
)


@given(instants, zones)
def test_display_conversion_keeps_the_instant(instant: datetime, display: tzinfo) -> None:
    """Converting to a display zone and back is the same instant."""
    shown = instant.astimezone(display)
    assert utc(shown) == utc(instant)
    assert utc(shown.astimezone(instant.tzinfo)) == utc(instant)


@given(instants, zones)
def test_parse_when_of_isoformat_is_the_instant(instant: datetime, display: tzinfo) -> None:
    """``parse_when(instant.isoformat())`` is exactly that instant, in any display zone."""
    value = parse_when(instant.isoformat(), now=NOW, zone=display).value
    assert value.precision is Precision.TIME
    assert value.exact
    assert utc(value.moment) == utc(instant)


@given(days, zones)
def test_parse_when_of_iso_day_is_that_day(day: date, display: tzinfo) -> None:
    """An ISO date is the same floating day in every display zone."""
    assert when(day.isoformat(), display) == TimeValue(Precision.DAY, day)


def time_values() -> st.SearchStrategy[TimeValue]:
    """Values of every precision between 1900 and 2100."""
    return st.one_of(
        days.map(lambda d: TimeValue(Precision.YEAR, date(d.year, 1, 1))),
        days.map(lambda d: TimeValue(Precision.MONTH, date(d.year, d.month, 1))),
        days.map(lambda d: TimeValue(Precision.DAY, d)),
        instants.map(lambda m: TimeValue(Precision.TIME, m.date(), m)),
    )


@given(time_values(), zones)
@example(TimeValue(Precision.DAY, date(2011, 12, 30)), APIA)
@example(TimeValue(Precision.DAY, date(1994, 12, 31)), KIRITIMATI)
def test_time_value_finishes_after_it_begins(value: TimeValue, zone: tzinfo) -> None:
    """Every value has a positive length in every zone, even a day the zone skipped."""
    assert value.finish(zone) > value.begin(zone)
    assert value.begin(zone).tzinfo is UTC


@given(days, zones)
@example(date(2018, 11, 4), SAO_PAULO)  # midnight skipped: the day starts at 01:00
@example(date(2011, 12, 30), APIA)  # the whole day skipped: "first instant" is the 31st
def test_floating_day_begins_at_local_midnight(day: date, zone: tzinfo) -> None:
    """A floating day begins at 00:00 wall time in the zone, or the first instant after it."""
    begin = all_day(day).begin(zone)
    midnight = datetime.combine(day, time())
    local = begin.astimezone(zone).replace(tzinfo=None)
    assert local >= midnight
    before = (begin - timedelta(microseconds=1)).astimezone(zone).replace(tzinfo=None)
    assert before < midnight
    if local != midnight:  # only where 00:00 does not exist
        assert datetime.combine(day, time(), zone).astimezone(UTC) == begin


@given(days, zones, zones)
def test_floating_day_is_never_shifted(day: date, first: tzinfo, second: tzinfo) -> None:
    """A floating day keeps its date in every zone: its begin is on that date or later."""
    for zone in (first, second):
        assert all_day(day).begin(zone).astimezone(zone).date() >= day


@given(days, st.integers(-1200, 1200))
def test_month_shift_clamps_and_counts(today: date, months: int) -> None:
    """``±Nm`` lands N months away, on the same day or the last day of a shorter month."""
    text = f"{'+' if months >= 0 else '-'}{abs(months)}m"
    match = _RELATIVE.fullmatch(text)
    assert match is not None
    moved = shift(today, match)
    assert (moved.year * 12 + moved.month) - (today.year * 12 + today.month) == months
    assert moved.day == today.day or (moved.day < today.day and (moved + timedelta(1)).day == 1)


# --- Query overlap ------------------------------------------------------------------


@st.composite
def events(draw: st.DrawFn) -> Event:
    """An event of any kind: year, month, day or time start, with or without an end."""
    kind = draw(st.sampled_from(["year", "month", "day", "wall", "exact"]))
    zone = draw(st.sampled_from([z for z in ZONES if isinstance(z, ZoneInfo)]))
    table: dict[str, object] = {"title": "x", "timezone": zone.key}
    first = draw(days)
    span = draw(st.none() | st.integers(0, 800))
    if kind == "year":
        table["start"] = f"{first.year:04d}"
        if span is not None:
            table["end"] = f"{first.year + span // 365:04d}"
    elif kind == "month":
        table["start"] = f"{first.year:04d}-{first.month:02d}"
        if span is not None:
            last = first + timedelta(days=span)
            table["end"] = f"{last.year:04d}-{last.month:02d}"
    elif kind == "day":
        table["start"] = first
        if span is not None:
            table["end"] = first + timedelta(days=span)
    else:
        moment = draw(instants)
        start = moment.replace(tzinfo=None) if kind == "wall" else moment
        table["start"] = start
        if span is not None:
            table["end"] = start + timedelta(hours=span)
    try:
        return event_from_table(table, UTC)
    except ProblemList:  # e.g. a wall-time end that falls before start across a fold
        assume(False)
        raise


APIA_SKIPPED = event_from_table({"title": "Samoa skips a day", "start": date(2011, 12, 30)}, APIA)


@given(events(), zones)
@example(APIA_SKIPPED, APIA)
def test_event_overlaps_its_own_range(event: Event, zone: tzinfo) -> None:
    """An event always matches the range [begin, finish) that it defines."""
    low, high = event.begin(zone), event.finish(zone)
    assert low < high
    assert event.overlaps(low, high, zone)
    assert matches(event, Filters(low=low, high=high), zone)


@given(events(), zones)
@example(APIA_SKIPPED, APIA)
def test_event_is_on_its_own_day(event: Event, zone: tzinfo) -> None:
    """``--on`` the event's first day (in the display zone for timed events) lists it."""
    if event.start.moment is not None:
        day = event.start.moment.astimezone(zone).date()
    else:
        day = event.start.day
    low, high = on(day.isoformat(), zone)
    assert event.overlaps(low, high, zone)


@given(events(), zones)
def test_event_is_not_in_the_range_just_before_it(event: Event, zone: tzinfo) -> None:
    """A range ending where the event begins does not match it (half-open ranges)."""
    begin = event.begin(zone)
    assert not event.overlaps(begin - timedelta(days=1), begin, zone)
    assert not event.overlaps(event.finish(zone), None, zone)


def test_relative_offsets_are_limited_to_five_digits() -> None:
    """``+99999d`` is accepted; ``+999999d`` is refused (no runaway arithmetic)."""
    assert when("+99999d", UTC) == TimeValue(Precision.DAY, date(2297, 11, 7))
    with pytest.raises(UsageError):
        when("+999999d")


def test_a_day_ends_at_its_last_midnight_when_clocks_go_back_after_midnight() -> None:
    """St. John's went back at 00:01 in 1999: 23:30 NST on Oct 30 is still Oct 30."""
    st_johns = ZoneInfo("America/St_Johns")
    event = event_from_table(
        {"title": "x", "start": datetime(1999, 10, 30, 23, 0), "timezone": "America/New_York"},
        NEW_YORK,
    )
    assert event.start.moment is not None
    assert event.start.moment.astimezone(st_johns).date() == date(1999, 10, 30)
    low, high = on("1999-10-30", st_johns)
    assert high == datetime(1999, 10, 31, 3, 30, tzinfo=UTC)
    assert event.overlaps(low, high, st_johns)
