"""Text for people: safe strings, cell widths, the when/origin/relative columns, calendar gaps."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import APIA, KATHMANDU, LORD_HOWE, NEW_YORK, SEOUL, TOKYO, event_maker
from timeline_cli.display import (
    calendar_gap,
    caption,
    cell_width,
    origin_text,
    relative_text,
    safe,
    when_text,
)
from timeline_cli.model import Event
from timeline_cli.schema import event_from_table

# 20:00 UTC on 24 Jan 2024: the 24th in UTC and New York, the 25th in Kathmandu and Apia.
NOW = datetime(2024, 1, 24, 20, 0, tzinfo=UTC)

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


# A validated event from the fields of an ``[[events]]`` table: event(zone=SEOUL, /, **table).
event = event_maker(SEOUL, title="an event")


def mv() -> Event:
    """IU "Love wins all" MV: 00:00 KST on 2024-01-24."""
    return event(title="Love wins all MV", start=datetime(2024, 1, 24), timezone="Asia/Seoul")


def hwarang() -> Event:
    """Hwarang: an all-day span from 2016-12-19 to 2017-02-21."""
    return event(title="Hwarang", start=date(2016, 12, 19), end=date(2017, 2, 21))


# --- safe() -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "\u241b[31mred"),
        ("a\x00b", "a\u2400b"),
        ("del\x7f", "del\u2421"),
        ("csi\x9b2J", "csi\ufffd2J"),
        ("\u202eevil", "\ufffdevil"),
        ("two\nlines\r", "two\u240alines\u240d"),
        ("\x85next", "\ufffdnext"),
    ],
)
def test_safe_makes_controls_visible(raw: str, shown: str) -> None:
    """ESC, NUL, DEL, C1 and bidi overrides become visible, non-control characters."""
    assert safe(raw) == shown


@pytest.mark.parametrize(
    "text", ["화랑: The Poet Warrior Youth", "뷔 🎉💜", "Kim Taehyung (V)", "café", ""]
)
def test_safe_leaves_ordinary_text_alone(text: str) -> None:
    """Korean, emoji and accented text is unchanged."""
    assert safe(text) == text


@given(st.text())
def test_safe_output_never_drives_a_terminal(text: str) -> None:
    """No control character or bidi override survives; one character in, one out."""
    shown = safe(text)
    assert not any(unicodedata.category(c) == "Cc" for c in shown)
    assert not any(c in BIDI for c in shown)
    assert len(shown) == len(text)
    assert safe(shown) == shown


@given(st.text())
def test_safe_is_identity_on_printable_text(text: str) -> None:
    """Printable text is returned as it was."""
    if text.isprintable():
        assert safe(text) == text


def test_caption_is_safe() -> None:
    """The caption names count and display zone, with a title made safe."""
    assert caption(1, NEW_YORK, "V\x1b]8;;") == "V\u241b]8;; · 1 event · times in America/New_York"
    assert caption(18, SEOUL, None) == "18 events · times in Asia/Seoul"


# --- cell_width() -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("V", 1),
        ("화랑", 4),
        ("V 화랑", 6),
        ("🎉", 2),
        ("e\u0301", 1),
        ("a\u200bb", 2),
        ("", 0),
    ],
)
def test_cell_width(text: str, width: int) -> None:
    """Korean and emoji take two columns; combining and format characters none."""
    assert cell_width(text) == width


def test_cell_width_of_decomposed_hangul() -> None:
    """화랑 in NFD (as macOS and some exports write it) still takes four columns."""
    assert cell_width(unicodedata.normalize("NFD", "화랑")) == 4


@given(st.text(), st.text())
def test_cell_width_adds_up(first: str, second: str) -> None:
    """The width of a concatenation is the sum of the widths, and never more than 2 per char."""
    assert cell_width(first + second) == cell_width(first) + cell_width(second)
    assert 0 <= cell_width(first) <= 2 * len(first)


# --- when_text() --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        (NEW_YORK, "2024-01-23 10:00 EST"),
        (SEOUL, "2024-01-24 00:00 KST"),
        (UTC, "2024-01-23 15:00 UTC"),
        (KATHMANDU, "2024-01-23 20:45 +0545"),
        (LORD_HOWE, "2024-01-24 02:00 +11"),
    ],
)
def test_timed_event_in_display_zone(zone: tzinfo, shown: str) -> None:
    """A timed event is converted to the display zone and shows its abbreviation."""
    assert when_text(mv(), zone) == shown


@pytest.mark.parametrize("zone", [NEW_YORK, SEOUL, APIA, KATHMANDU, UTC])
def test_date_span_is_never_shifted(zone: tzinfo) -> None:
    """An all-day span reads the same in every zone, with an arrow."""
    assert when_text(hwarang(), zone) == "2016-12-19 → 2017-02-21"


@pytest.mark.parametrize("zone", [NEW_YORK, APIA])
def test_partial_dates_read_as_periods(zone: tzinfo) -> None:
    """Month and year values read ``Feb 2017`` and ``2017``, never a fake first day."""
    month = when_text(event(start="2017-02"), zone)
    year = when_text(event(start="2017"), zone)
    assert month == "Feb 2017"
    assert year == "2017"
    assert "01-01" not in year and "02-01" not in month


def test_partial_span() -> None:
    """A span of partial dates reads ``2017 → Mar 2018``."""
    assert when_text(event(start="2017", end="2018-03"), SEOUL) == "2017 → Mar 2018"


def test_single_all_day_event() -> None:
    """An all-day event is its ISO date, in any zone."""
    assert when_text(event(start=date(2024, 1, 24)), APIA) == "2024-01-24"


def test_timed_span_within_a_day_names_the_date_once() -> None:
    """``2024-01-24 18:00 → 20:00 KST``: same day and zone, one date and one abbreviation."""
    span = event(
        start=datetime(2024, 1, 24, 18), end=datetime(2024, 1, 24, 20), timezone="Asia/Seoul"
    )
    assert when_text(span, SEOUL) == "2024-01-24 18:00 → 20:00 KST"
    assert when_text(span, NEW_YORK) == "2024-01-24 04:00 → 06:00 EST"


def test_timed_span_across_dst_shows_both_abbreviations() -> None:
    """A span over the spring-forward night names EST and EDT."""
    span = event(
        start=datetime(2024, 3, 9, 18), end=datetime(2024, 3, 10, 20), timezone="America/New_York"
    )
    assert when_text(span, NEW_YORK) == "2024-03-09 18:00 EST → 2024-03-10 20:00 EDT"


def test_end_equal_to_start_is_a_point() -> None:
    """An end equal to its start reads as a single time."""
    point = event(start=datetime(2024, 1, 24, 18), end=datetime(2024, 1, 24, 18))
    assert when_text(point, SEOUL) == "2024-01-24 18:00 KST"


# --- origin_text() ------------------------------------------------------------------


def test_origin_with_date_when_it_differs() -> None:
    """The MV seen from New York: its own time is ``Jan 24 00:00 KST``."""
    assert origin_text(mv(), NEW_YORK) == "Jan 24 00:00 KST"
    assert origin_text(mv(), UTC) == "Jan 24 00:00 KST"


def test_origin_without_date_when_same_day() -> None:
    """Seen from Tokyo (same wall date), only the time: ``00:00 KST``."""
    assert origin_text(mv(), TOKYO) == "00:00 KST"


def test_origin_empty_in_own_zone() -> None:
    """Nothing is shown when the display zone is the event's own zone."""
    assert origin_text(mv(), SEOUL) == ""


def test_origin_empty_for_floating_values() -> None:
    """All-day and partial dates have no origin time."""
    assert origin_text(hwarang(), NEW_YORK) == ""
    assert origin_text(event(start="2017"), NEW_YORK) == ""


def test_origin_of_exact_time_without_zone_is_its_offset() -> None:
    """A time written with ``+09:00`` and no ``timezone`` shows its origin at that offset."""
    exact = event(UTC, start="2024-01-24T18:00:00+09:00")
    assert origin_text(exact, NEW_YORK).startswith("18:00 ")
    assert when_text(exact, NEW_YORK) == "2024-01-24 04:00 EST"


# --- relative_text() ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "zone", "shown"),
    [
        (date(2024, 1, 29), UTC, "in 5d"),
        (date(2024, 1, 29), KATHMANDU, "in 4d"),
        (date(2024, 1, 24), UTC, "today"),
        (date(2024, 1, 24), APIA, "1d ago"),
        (date(2024, 1, 25), APIA, "today"),
        (date(2021, 3, 24), UTC, "2y 10m ago"),
        (date(2024, 3, 1), UTC, "in 1m 6d"),
        (date(2025, 1, 24), UTC, "in 1y"),
    ],
)
def test_relative_days(start: date, zone: tzinfo, shown: str) -> None:
    """Whole days, months and years between today (in the display zone) and the event."""
    assert relative_text(event(start=start), NOW, zone) == shown


def test_relative_partial_dates_containing_now() -> None:
    """A month or year that contains now reads ``this month`` / ``this year``."""
    assert relative_text(event(start="2024-01"), NOW, UTC) == "this month"
    assert relative_text(event(start="2024"), NOW, UTC) == "this year"


def test_relative_span_containing_now_is_ongoing() -> None:
    """A span (dates or times) that contains now is ``ongoing``."""
    days = event(start=date(2024, 1, 1), end=date(2024, 2, 28))
    times = event(UTC, start=NOW - timedelta(hours=1), end=NOW + timedelta(hours=1))
    assert relative_text(days, NOW, UTC) == "ongoing"
    assert relative_text(times, NOW, UTC) == "ongoing"


def test_relative_past_span_counts_from_its_start() -> None:
    """Hwarang, seen on 2024-01-24, started ``7y 1m ago``."""
    assert relative_text(hwarang(), NOW, SEOUL) == "7y 1m ago"


@pytest.mark.parametrize(
    ("delta", "shown"),
    [
        (timedelta(hours=3), "in 3h"),
        (timedelta(hours=-5), "5h ago"),
        (timedelta(minutes=30), "in 30min"),
        (timedelta(hours=23, minutes=59), "in 23h"),
        (timedelta(minutes=-90), "1h ago"),
    ],
)
def test_relative_hours_within_a_day(delta: timedelta, shown: str) -> None:
    """A timed event less than a day away is counted in hours or minutes."""
    assert relative_text(event(UTC, start=NOW + delta), NOW, NEW_YORK) == shown


def test_relative_mv_hours_then_days() -> None:
    """The MV reads ``21h ago`` 21 hours later, and ``1d ago`` once more than a day has passed."""
    noon = datetime(2024, 1, 24, 12, 0, tzinfo=UTC)
    assert relative_text(mv(), noon, NEW_YORK) == "21h ago"
    assert relative_text(mv(), noon, SEOUL) == "21h ago"
    assert relative_text(mv(), NOW, NEW_YORK) == "1d ago"


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from([NEW_YORK, KATHMANDU, APIA, SEOUL, UTC]),
)
def test_relative_direction_matches_the_calendar(day: date, zone: tzinfo) -> None:
    """An all-day event before today is ``... ago``, after it ``in ...``, on it ``today``."""
    today = NOW.astimezone(zone).date()
    shown = relative_text(event(start=day), NOW, zone)
    if day < today:
        assert shown.endswith(" ago")
    elif day > today:
        assert shown.startswith("in ")
    else:
        assert shown == "today"


# --- calendar_gap() -----------------------------------------------------------------

GAP = re.compile(r"(?:(\d+)y)? ?(?:(\d+)m)? ?(?:(\d+)d)?")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a shorter month."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@pytest.mark.parametrize(
    ("early", "late", "gap"),
    [
        (date(2024, 1, 24), date(2024, 1, 24), "0d"),
        (date(2024, 1, 24), date(2024, 1, 29), "5d"),
        (date(2021, 3, 24), date(2024, 1, 24), "2y 10m"),
        (date(2023, 1, 24), date(2024, 1, 24), "1y"),
        (date(2024, 1, 31), date(2024, 3, 1), "1m 1d"),
        (date(2024, 1, 24), date(2024, 3, 28), "2m 4d"),
    ],
)
def test_calendar_gap_examples(early: date, late: date, gap: str) -> None:
    """Years and months when there are any (days dropped after a year), else months and days."""
    assert calendar_gap(early, late) == gap


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
)
def test_calendar_gap_adds_back_up(first: date, second: date) -> None:
    """early + gap lands on late (within the dropped days, under a month, when years show)."""
    early, late = min(first, second), max(first, second)
    gap = calendar_gap(early, late)
    match = GAP.fullmatch(gap)
    assert match is not None and gap, gap
    years, months, days = (int(g) if g else 0 for g in match.groups())
    assert months < 12
    anchor = add_months(early, years * 12 + months)
    if years:
        assert match.group(3) is None
        assert anchor <= late < anchor + timedelta(days=31)
    else:
        assert anchor + timedelta(days=days) == late
        assert days < 31


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 3000))
def test_calendar_gap_grows_with_the_later_date(early: date, days: int) -> None:
    """A later end never gives a shorter gap (compared as years, months, days)."""

    def size(gap: str) -> tuple[int, int, int]:
        match = GAP.fullmatch(gap)
        assert match is not None
        y, m, d = (int(g) if g else 0 for g in match.groups())
        return (y, m, d if not y else 0)

    late = early + timedelta(days=days)
    later = late + timedelta(days=1)
    assert size(calendar_gap(early, later)) >= size(calendar_gap(early, late))


def test_fixed_offset_display_zone() -> None:
    """A fixed-offset display zone shows its offset name."""
    assert when_text(mv(), timezone(timedelta(hours=9))) == "2024-01-24 00:00 UTC+09:00"


def test_an_event_at_this_very_moment_is_now() -> None:
    """A timed event at `now` reads 'now', not 'in 1min'."""
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    event = event_from_table({"title": "x", "start": moment}, UTC)
    assert relative_text(event, moment, NEW_YORK) == "now"


def test_utc_aliases_are_one_zone_for_the_origin_column() -> None:
    """An instant written with Z shows no origin time when the display zone is Etc/UTC."""
    event = event_from_table(
        {"title": "x", "start": datetime(2024, 1, 24, 9, 0, tzinfo=UTC)}, ZoneInfo("Etc/UTC")
    )
    assert origin_text(event, ZoneInfo("Etc/UTC")) == ""
    assert origin_text(event, ZoneInfo("UTC")) == ""
    assert origin_text(event, SEOUL) == "09:00 UTC"


# --- text for narrow terminals: wrap, reflow, plurals, links --------------------------


@given(st.text(st.sampled_from("ab 한字\u0301-"), max_size=60), st.integers(1, 30))
def test_wrap_fits_and_keeps_every_character(text: str, width: int) -> None:
    """Each wrapped line fits (a wide character alone may not); joined back at the breaks,
    the lines give the text again, less the spaces at the breaks."""
    from timeline_cli.display import cell_width, wrap

    lines = wrap(text, width)
    assert all(cell_width(line) <= max(width, 2) for line in lines if len(line) > 1)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wrap_breaks_at_spaces_and_folds_only_longer_words() -> None:
    """Words stay whole when they fit; a word wider than the line is cut."""
    from timeline_cli.display import wrap

    assert wrap("V enlists with RM at the Korea Army Training Center", 20) == [
        "V enlists with RM at",
        "the Korea Army",
        "Training Center",
    ]
    assert wrap("see https://example.org/long", 10) == ["see", "https://ex", "ample.org/", "long"]
    assert wrap("군사경찰단 특임대", 10) == ["군사경찰단", "특임대"]


def test_reflow_joins_the_lines_of_a_paragraph() -> None:
    """Single breaks become spaces; blank lines, list items and indented lines stay."""
    from timeline_cli.display import reflow

    text = "One\nparagraph.\n\nItems:\n- a\n- b\n  indented\n2. two"
    assert reflow(text) == "One paragraph.\n\nItems:\n- a\n- b\n  indented\n2. two"


def test_plural_counts_in_words() -> None:
    """1 event, 0 events, 2 anniversaries."""
    from timeline_cli.display import plural

    assert plural(1, "event") == "1 event"
    assert plural(0, "event") == "0 events"
    assert plural(2, "anniversary", "anniversaries") == "2 anniversaries"


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("https://example.org/a?b=c", True),
        ("http://x.example", True),
        ("Sports Chosun, 2024-01-24", False),
        ("https://example.org/a b", False),
        ("https://example.org/\x1b]8;;x", False),
        ("ftp://example.org", False),
    ],
)
def test_is_link_takes_one_plain_http_url(text: str, link: bool) -> None:
    """Only a whole http(s) URL of printable ASCII becomes a link target."""
    from timeline_cli.display import is_link

    assert is_link(text) is link
