"""`timeline next`: the agenda's window, kinds, zones, order and wording (the core at
a fixed ``now``), then the command end to end (events dated from the real today)."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import typer
from typer.testing import CliRunner

from tests.helpers import (
    KIRITIMATI,
    NEW_YORK,
    SAMPLE,
    SEOUL,
    assert_error,
    event_maker,
    invoke,
    write_timeline,
)
from timeline_cli.agenda import Item, agenda, window
from timeline_cli.model import Event

PAGO_PAGO = ZoneInfo("Pacific/Pago_Pago")  # -11:00, the last zone to reach a date

# 2026-03-01 12:00 UTC: 21:00 in Seoul, 01:00 in Pago Pago, 02:00 on 2 March in Kiritimati.
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

event = event_maker(SEOUL, title="an event")


def coming(
    *events: Event, zone: tzinfo = UTC, days: int = 30, now: datetime = NOW
) -> list[tuple[str, date, int, str]]:
    """(kind, date, days_left, title) of each item, in the agenda's order."""
    found = agenda(events, now=now, zone=zone, days=days)
    return [(i.kind, i.date, i.days_left, i.event.title) for i in found]


def only(*events: Event, zone: tzinfo = UTC, days: int = 30, now: datetime = NOW) -> Item:
    """The agenda's one item."""
    found = agenda(events, now=now, zone=zone, days=days)
    assert len(found) == 1, found
    return found[0]


# The window


def test_window_is_today_to_n_days_later_inclusive() -> None:
    """--days 3 holds today and the three days after it, not the fourth."""
    a = event(id="a", title="last day", start=date(2026, 3, 4))
    b = event(id="b", title="too late", start=date(2026, 3, 5))
    assert coming(a, b, days=3) == [("event", date(2026, 3, 4), 3, "last day")]


def test_days_zero_is_today_only() -> None:
    """--days 0: today's events, D-day; tomorrow's are out."""
    a = event(id="a", title="today", start=date(2026, 3, 1))
    b = event(id="b", title="tomorrow", start=date(2026, 3, 2))
    assert coming(a, b, days=0) == [("event", date(2026, 3, 1), 0, "today")]


def test_past_events_and_passed_times_are_not_coming() -> None:
    """An event yesterday and a time earlier today have passed; a time later today has not."""
    past = event(id="a", title="yesterday", start=date(2026, 2, 28))
    earlier = event(id="b", title="this morning", start=datetime(2026, 3, 1, 9), timezone="UTC")
    later = event(id="c", title="tonight", start=datetime(2026, 3, 1, 15), timezone="UTC")
    assert [t for *_, t in coming(past, earlier, later)] == ["tonight"]


def test_huge_days_reach_year_9999_without_error() -> None:
    """--days far past year 9999 is an open window, not an overflow."""
    far = event(title="far", start=date(9999, 12, 31))
    assert coming(far, days=10**9) == [
        ("event", date(9999, 12, 31), (date.max - NOW.date()).days, "far")
    ]
    assert window(NOW, UTC, 10**9).last == date.max


# Zones


MIDNIGHT_KST = event(title="00:00 KST release", start=datetime(2026, 3, 2, 0, 0))  # 15:00 UTC


@pytest.mark.parametrize(
    ("zone", "day", "left", "countdown"),
    [
        (SEOUL, date(2026, 3, 2), 1, "D-1"),  # 21:00 now: tomorrow
        (PAGO_PAGO, date(2026, 3, 1), 0, "in 3h"),  # 04:00 the day before, 3 hours on
        (KIRITIMATI, date(2026, 3, 2), 0, "in 3h"),  # 05:00 on 2 March, already that day
        (NEW_YORK, date(2026, 3, 1), 0, "in 3h"),  # 10:00 EST, 07:00 now
    ],
)
def test_a_timed_event_falls_on_its_day_in_the_display_zone(
    zone: tzinfo, day: date, left: int, countdown: str
) -> None:
    """A 00:00 KST event is tomorrow in Seoul and today in Pago Pago and Kiritimati."""
    item = only(MIDNIGHT_KST, zone=zone)
    assert (item.date, item.days_left, item.countdown(NOW)) == (day, left, countdown)


@pytest.mark.parametrize(("zone", "left"), [(PAGO_PAGO, 4), (UTC, 4), (SEOUL, 4), (KIRITIMATI, 3)])
def test_an_all_day_date_is_the_same_date_in_every_zone(zone: tzinfo, left: int) -> None:
    """5 March is 5 March everywhere; only today (2 March in Kiritimati) moves."""
    item = only(event(title="all day", start=date(2026, 3, 5)), zone=zone)
    assert (item.date, item.days_left) == (date(2026, 3, 5), left)


def test_the_windows_end_is_the_end_of_the_last_day_in_the_display_zone() -> None:
    """With --days 0 a time tonight in the display zone is in, one after its midnight is not."""
    tonight = event(id="a", title="23:30", start=datetime(2026, 3, 1, 23, 30), timezone="UTC")
    after = event(id="b", title="00:30", start=datetime(2026, 3, 2, 0, 30), timezone="UTC")
    assert [t for *_, t in coming(tonight, after, days=0)] == ["23:30"]
    # In Seoul the same 23:30 UTC is 08:30 on 2 March: tomorrow, out of --days 0.
    assert coming(tonight, after, zone=SEOUL, days=0) == []


# Kinds


def test_repeating_event_shows_each_occurrence_and_no_anniversary() -> None:
    """A weekly series from last year: one occurrence a week, ↻ weekly, no anniversary."""
    weekly = event(title="show", start=date(2025, 3, 2), repeat="weekly")
    found = agenda([weekly], now=NOW, zone=UTC, days=14)
    assert [(i.kind, i.date) for i in found] == [
        ("occurrence", date(2026, 3, 1)),
        ("occurrence", date(2026, 3, 8)),
        ("occurrence", date(2026, 3, 15)),
    ]
    assert found[0].label() == "↻ weekly"


def test_a_series_starting_in_the_window_starts_as_an_event() -> None:
    """The series' own start is an event; the next ones are occurrences."""
    weekly = event(title="show", start=date(2026, 3, 3), repeat="weekly")
    assert [k for k, *_ in coming(weekly, days=7)] == ["event"]
    assert [k for k, *_ in coming(weekly, days=14)] == ["event", "occurrence"]


def test_a_timed_occurrence_keeps_its_wall_time() -> None:
    """A weekly 20:00 KST broadcast is 20:00 KST each week, counted down from now."""
    weekly = event(title="show", start=datetime(2026, 1, 6, 20, 0), repeat="weekly")
    found = agenda([weekly], now=NOW, zone=SEOUL, days=7)
    assert [i.date for i in found] == [date(2026, 3, 3)]
    assert found[0].at == datetime(2026, 3, 3, 11, 0, tzinfo=UTC)
    assert found[0].countdown(NOW) == "D-2"


def test_anniversary_of_a_past_event() -> None:
    """A 2024 event comes round in the window as its 2nd anniversary."""
    item = only(event(title="release", start=date(2024, 3, 3)))
    assert (item.kind, item.date, item.years, item.days_left) == (
        "anniversary",
        date(2026, 3, 3),
        2,
        2,
    )
    assert (item.label(), item.countdown(NOW)) == ("2nd anniversary", "D-2")


def test_ongoing_span_counts_its_days() -> None:
    """A year-long span begun on 1 January: day 60 of 365, ends in 305 days."""
    span = event(title="service", start=date(2026, 1, 1), end=date(2026, 12, 31))
    item = only(span)
    assert (item.kind, item.date, item.day, item.length, item.ends) == (
        "ongoing",
        date(2026, 3, 1),
        60,
        365,
        date(2026, 12, 31),
    )
    assert item.label() == "ongoing · day 60 of 365 · ends in 305 days"
    assert item.countdown(NOW) == "now"


def test_ongoing_span_ending_today_or_tomorrow() -> None:
    """The last days read "ends tomorrow" and "ends today"."""
    tomorrow = only(event(title="a", start=date(2026, 2, 1), end=date(2026, 3, 2)))
    assert tomorrow.label().endswith("· ends tomorrow")
    today = only(event(title="b", start=date(2026, 2, 1), end=date(2026, 3, 1)))
    assert today.label() == "ongoing · day 29 of 29 · ends today"


def test_timed_span_begun_earlier_today_is_ongoing() -> None:
    """A concert 11:00 to 14:00 UTC is going on at 12:00."""
    concert = event(
        title="concert",
        start=datetime(2026, 3, 1, 11),
        end=datetime(2026, 3, 1, 14),
        timezone="UTC",
    )
    item = only(concert)
    assert (item.kind, item.day, item.length, item.label()) == (
        "ongoing",
        1,
        1,
        "ongoing · day 1 of 1 · ends today",
    )


def test_a_span_starting_today_is_an_event_with_its_length() -> None:
    """An all-day span from today is an event, D-day, with how long it lasts."""
    item = only(event(title="tour", start=date(2026, 3, 1), end=date(2026, 3, 10)))
    assert (item.kind, item.label(), item.countdown(NOW)) == ("event", "event · 10 days", "D-day")


# Partial dates


def test_a_month_shows_when_its_first_day_is_in_the_window() -> None:
    """April 2026 is in the window from 1 March when it reaches 1 April (31 days)."""
    april = event(title="some time in April", start="2026-04")
    assert coming(april, days=30) == []
    assert coming(april, days=31) == [("event", date(2026, 4, 1), 31, "some time in April")]


def test_a_month_or_year_begun_before_today_is_not_shown() -> None:
    """ "2026" and "2026-02" began before 1 March: the agenda does not guess."""
    year = event(id="a", title="this year", start="2026")
    month = event(id="b", title="last month", start="2026-02")
    this_month = event(id="c", title="this month", start="2026-03")
    assert [t for *_, t in coming(year, month, this_month)] == ["this month"]


def test_a_partial_span_in_progress_is_ongoing() -> None:
    """February to May 2026 is going on: day 29 of 120."""
    span = event(title="spring", start="2026-02", end="2026-05")
    item = only(span)
    assert (item.kind, item.day, item.length, item.ends) == ("ongoing", 29, 120, date(2026, 5, 31))


def test_partial_dates_never_have_anniversaries() -> None:
    """A month or year alone in the past never comes round."""
    assert coming(event(title="old", start="2020-03"), days=365) == []


# Order and wording


def test_order_is_ongoing_first_then_by_day_all_day_before_timed() -> None:
    """Spans in progress, then by day; on one day all-day first, then by time, then title."""
    items = [
        event(id="a", title="b timed", start=datetime(2026, 3, 2, 9), timezone="UTC"),
        event(id="b", title="a timed later", start=datetime(2026, 3, 2, 18), timezone="UTC"),
        event(id="c", title="z all day", start=date(2026, 3, 2)),
        event(id="d", title="anniversary", start=date(2020, 3, 2)),
        event(id="e", title="span", start=date(2026, 2, 1), end=date(2026, 4, 1)),
        event(id="f", title="today", start=date(2026, 3, 1)),
    ]
    assert [t for *_, t in coming(*items, days=1)] == [
        "span",
        "today",
        "anniversary",
        "z all day",
        "b timed",
        "a timed later",
    ]


@pytest.mark.parametrize(
    ("later", "text"),
    [
        (timedelta(seconds=30), "now"),
        (timedelta(minutes=20), "in 20min"),
        (timedelta(hours=3, minutes=59), "in 3h"),
    ],
)
def test_countdown_of_a_time_later_today(later: timedelta, text: str) -> None:
    """Later today: now, in 20min, in 3h (whole hours, rounded down)."""
    start = (NOW + later).replace(tzinfo=None)
    assert only(event(title="soon", start=start, timezone="UTC")).countdown(NOW) == text


def test_anniversary_of_a_timed_event_says_d_day_not_hours() -> None:
    """An anniversary is a day: D-day, whatever its hour."""
    item = only(event(title="x", start=datetime(2025, 3, 1, 23, 0), timezone="UTC"), days=0)
    assert (item.kind, item.countdown(NOW)) == ("anniversary", "D-day")


# Rendering


def test_terminal_table_wraps_titles_within_the_width() -> None:
    """On an 80-column terminal a long title wraps in its cell; every line fits."""
    from timeline_cli.render.agenda import print_agenda

    title = "A very long title " * 8
    found = agenda([event(title=title, start=date(2026, 3, 3))], now=NOW, zone=UTC, days=30)
    out = io.StringIO()
    print_agenda(found, now=NOW, zone=UTC, days=30, out=out, terminal=True)
    lines = out.getvalue().splitlines()
    assert len(lines) > 3 and all(len(line) <= 80 for line in lines)
    assert lines[0].startswith("2026-03-03  D-2  event")
    assert lines[-1] == "1 item in the next 30 days (UTC)"


def test_plain_lines_align_and_hostile_titles_are_inert() -> None:
    """Piped: aligned cells, control characters made visible."""
    from timeline_cli.render.agenda import print_agenda

    hostile = event(id="a", title="\x1b[31mred", start=date(2026, 3, 10))
    plain = event(id="b", title="plain", start=datetime(2026, 3, 2, 9), timezone="UTC")
    found = agenda([hostile, plain], now=NOW, zone=UTC, days=30)
    out = io.StringIO()
    print_agenda(found, now=NOW, zone=UTC, days=30, out=out)
    assert out.getvalue().splitlines() == [
        "2026-03-02 09:00  D-1  event  plain",
        "2026-03-10        D-9  event  ␛[31mred",
        "2 items in the next 30 days (UTC)",
    ]


# The command, against the real clock


def dated(days: int, zone: tzinfo) -> date:
    """The day ``days`` after today in ``zone``."""
    return datetime.now(zone).date() + timedelta(days=days)


def run_next(path: Path, *args: str) -> list[str]:
    result = invoke(["next", "-f", str(path), *args])
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout.splitlines()


def test_command_counts_down_to_events_dated_from_today(tmp_path: Path) -> None:
    """An event three days from today is D-3, a span begun ten days ago is ongoing."""
    body = (
        f'[[events]]\ntitle = "Soon"\nstart = {dated(3, SEOUL)}\ntags = ["x"]\n\n'
        f'[[events]]\ntitle = "Going on"\nstart = {dated(-10, SEOUL)}\n'
        f"end = {dated(20, SEOUL)}\n"
    )
    path = write_timeline(tmp_path, body)
    lines = run_next(path, "--tz", "Asia/Seoul")
    assert lines[0].split("  ")[1:] == [
        "now",
        "ongoing · day 11 of 31 · ends in 20 days",
        "Going on",
    ]
    assert lines[1].startswith(f"{dated(3, SEOUL)}  D-3  event")
    assert lines[-1] == "2 items in the next 30 days (Asia/Seoul)"
    assert run_next(path, "--tz", "Asia/Seoul", "-t", "X")[0].endswith("Soon")
    assert len(run_next(path, "--tz", "Asia/Seoul", "--days", "2")) == 2


def test_command_json_has_the_same_facts(tmp_path: Path) -> None:
    """--json: the window, each item's date, days_left, kind, years and event."""
    body = f'[[events]]\nid = "old"\ntitle = "Old"\nstart = {dated(5, SEOUL).replace(year=2020)}\n'
    path = write_timeline(tmp_path, body)
    result = invoke(["next", "-f", str(path), "--tz", "Asia/Seoul", "--days", "7", "--json"])
    document = json.loads(result.stdout)
    assert (document["date"], document["days"], document["zone"]) == (
        dated(0, SEOUL).isoformat(),
        7,
        "Asia/Seoul",
    )
    [item] = document["items"]
    assert item["kind"] == "anniversary" and item["days_left"] == 5
    assert item["years"] == dated(5, SEOUL).year - 2020
    assert item["event"]["id"] == "old" and item["ends"] is None


def test_empty_agenda_is_a_friendly_line(tmp_path: Path) -> None:
    """Nothing coming: one line naming the window and zone, exit 0."""
    path = write_timeline(tmp_path, "")
    assert run_next(path, "--tz", "Asia/Seoul") == ["Nothing in the next 30 days (Asia/Seoul)."]
    assert run_next(path, "--tz", "UTC", "--days", "0") == ["Nothing today (UTC)."]


@pytest.mark.parametrize("days", ["-1", "soon"])
def test_days_must_be_a_whole_number(days: str) -> None:
    """--days -1 and --days soon are usage errors."""
    assert_error(invoke(["next", "-f", str(SAMPLE), "--days", days]), 2, "--days")


def test_sample_shows_a_year_of_anniversaries() -> None:
    """The sample's events are past: a year ahead holds their anniversaries, each
    day-precise event once, and V's birthday (yearly) once, as an occurrence of its
    own rule on 30 December."""
    result = invoke(["next", "-f", str(SAMPLE), "--days", "364", "--tz", "Asia/Seoul", "--json"])
    items = json.loads(result.stdout)["items"]
    (birthday,) = [i for i in items if i["kind"] == "occurrence"]
    assert birthday["event"]["id"] == "v-birthday" and birthday["date"].endswith("-12-30")
    rest = [i for i in items if i is not birthday]
    assert {i["kind"] for i in rest} == {"anniversary"}
    ids = [i["event"]["id"] for i in rest]
    assert len(ids) == len(set(ids)) > 20 and "v-birthday" not in ids


def test_root_can_run_the_agenda_with_its_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Calling agenda_command(ctx) after start_run is `timeline next` (for bare `timeline`)."""
    from timeline_cli.cli.agenda import agenda_command
    from timeline_cli.cli.context import start_run

    body = f'[[events]]\ntitle = "Soon"\nstart = {dated(3, ZoneInfo("Asia/Kathmandu"))}\n'
    monkeypatch.setenv("TIMELINE_FILE", str(write_timeline(tmp_path, body)))
    root = typer.Typer()

    @root.callback(invoke_without_command=True)
    def bare(ctx: typer.Context) -> None:
        start_run(ctx)
        agenda_command(ctx)

    result = CliRunner().invoke(root, [], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1 item in the next 30 days (Asia/Kathmandu)"


def test_too_many_occurrences_ask_for_fewer_days(tmp_path: Path) -> None:
    """A daily series over a million days is refused in terms of --days."""
    path = write_timeline(
        tmp_path, '[[events]]\ntitle = "d"\nstart = 2020-01-01\nrepeat = "daily"\n'
    )
    result = invoke(["next", "-f", str(path), "--days", "1000000"])
    assert_error(result, 2, "repeats more than", "give a smaller --days")


@pytest.mark.parametrize("how", ["console script", "in process"])
def test_bare_timeline_is_the_agenda_when_there_is_a_file(tmp_path: Path, how: str) -> None:
    """`timeline` alone shows `timeline next` where an events file is found, the help
    where none is (a new user's first try)."""
    import os
    import shutil
    import subprocess

    soon = (datetime.now(UTC).astimezone().date() + timedelta(days=3)).isoformat()
    (tmp_path / "events.toml").write_text(
        f'[[events]]\nid = "soon"\ntitle = "Soon"\nstart = {soon}\n', encoding="utf-8"
    )
    empty = tmp_path / "empty"
    empty.mkdir()

    def bare(folder: Path) -> str:
        if how == "in process":
            cwd = Path.cwd()
            os.chdir(folder)
            try:
                result = invoke([])
            finally:
                os.chdir(cwd)
            assert result.exit_code == 0, result.stderr
            return result.stdout
        script = shutil.which("timeline")
        if script is None:
            pytest.skip("the console script is not installed (pip install -e .)")
        done = subprocess.run(
            [script], cwd=folder, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    agenda = bare(tmp_path)
    assert f"{soon}  D-3" in agenda and "Soon" in agenda
    assert bare(empty).startswith("Usage: timeline [OPTIONS] COMMAND [ARGS]...")
