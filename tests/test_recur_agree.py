"""Every command and export tells one story about a repeating event.

``list`` prints occurrences; ``export`` writes the series once (with its rule and
exceptions) when it occurs in the range, so a calendar app that expands the export
(recurring-ical-events here) finds exactly the occurrences ``list`` printed.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import recurring_ical_events

from tests.helpers import invoke, list_rows, list_whens

FILE = """[timeline]
timezone = "America/New_York"

[[events]]
id = "night"
title = "Night shift"
start = 2024-03-01T22:00:00
end = 2024-03-02T06:00:00
repeat = "FREQ=WEEKLY;BYDAY=FR,SA;UNTIL=20240330T035959Z"
except = [2024-03-15T22:00:00]

[[events]]
id = "rent"
title = "Rent"
start = 2024-01-31
repeat = "monthly"

[[events]]
id = "one"
title = "Single"
start = 2024-03-20T12:00:00
"""


def write(tmp_path: Path) -> Path:
    path = tmp_path / "events.toml"
    path.write_text(FILE, encoding="utf-8")
    return path


def listed(path: Path, *args: str) -> list[str]:
    return list_whens(path, "--tz", "UTC", *args)


def test_the_ics_export_of_a_range_holds_each_series_once(tmp_path: Path) -> None:
    """``export --from --to`` writes one VEVENT per event, with its RRULE and EXDATE."""
    path = write(tmp_path)
    result = invoke(["export", "-f", str(path), "--from", "2024-03-01", "--to", "2024-03-31"])
    assert result.exit_code == 0
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert uids == ["night@timeline", "one@timeline", "rent@timeline"]
    night = calendar.walk("VEVENT")[0]
    assert night["EXDATE"].dts[0].dt == datetime.fromisoformat("2024-03-15T22:00:00").replace(
        tzinfo=night["DTSTART"].dt.tzinfo
    )


def test_a_calendar_app_finds_what_list_prints(tmp_path: Path) -> None:
    """recurring-ical-events on the exported range gives list's occurrences, to the minute."""
    path = write(tmp_path)
    args = ("--from", "2024-03-01", "--to", "2024-03-31")
    result = invoke(["export", "-f", str(path), *args])
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    theirs = recurring_ical_events.of(calendar).between((2024, 3, 1), (2024, 4, 1))

    def shown(component: icalendar.Event) -> str:
        value = component["DTSTART"].dt
        if isinstance(value, datetime):
            return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        assert isinstance(value, date)
        return value.isoformat()

    ours = listed(path, *args)
    assert sorted(shown(c) for c in theirs) == sorted(" ".join(w.split()[:2]) for w in ours)
    assert ours == [
        "2024-03-02 03:00 → 11:00 UTC",
        "2024-03-03 03:00 → 11:00 UTC",
        "2024-03-09 03:00 → 11:00 UTC",
        # the night the clocks change keeps its 8 hours: 22:00 EST → 07:00 EDT
        "2024-03-10 03:00 → 11:00 UTC",
        # Friday 2024-03-15 is an exception
        "2024-03-17 02:00 → 10:00 UTC",
        "2024-03-20 16:00 UTC",
        "2024-03-23 02:00 → 10:00 UTC",
        "2024-03-24 02:00 → 10:00 UTC",
        # UNTIL 03:59:59 UTC on the 30th: the Friday night is the last
        "2024-03-30 02:00 → 10:00 UTC",
        "2024-03-31",
    ]


def test_json_and_markdown_carry_the_series_once(tmp_path: Path) -> None:
    """JSON and Markdown exports of a range name each series once, with its rule."""
    path = write(tmp_path)
    args = ["-f", str(path), "--from", "2024-03-01", "--to", "2024-03-31"]
    data = json.loads(invoke(["export", "--format", "json", *args]).stdout)
    assert [e["id"] for e in data["events"]] == ["night", "one", "rent"]
    assert data["events"][0]["repeat"] == "FREQ=WEEKLY;BYDAY=FR,SA;UNTIL=20240330T035959Z"
    markdown = invoke(["export", "--format", "md", *args]).stdout
    assert markdown.count("Night shift") == 1


def test_a_series_outside_the_range_is_not_exported(tmp_path: Path) -> None:
    """A series whose UNTIL ends before the range is left out of the export, as of list."""
    path = write(tmp_path)
    args = ["-f", str(path), "--from", "2024-04-01", "--to", "2024-04-30"]
    data = json.loads(invoke(["export", "--format", "json", *args]).stdout)
    assert [e["id"] for e in data["events"]] == ["rent"]
    assert listed(path, "--from", "2024-04-01", "--to", "2024-04-30") == ["2024-04-30"]


def test_show_names_the_next_occurrence_after_the_exception(tmp_path: Path) -> None:
    """``show`` of a finished series says so; ``view`` of the range draws its occurrences."""
    path = write(tmp_path)
    result = invoke(["show", "night", "-f", str(path), "--tz", "UTC"])
    assert result.exit_code == 0
    assert "no further occurrence" in result.stdout
    view = invoke(["view", "-f", str(path), "--tz", "UTC", "--on", "2024-03-15", "--width", "100"])
    assert view.exit_code == 0
    assert "Night shift" not in view.stdout  # the 15th was cancelled
    view = invoke(["view", "-f", str(path), "--tz", "UTC", "--on", "2024-03-09", "--width", "100"])
    assert "Night shift" in view.stdout


def test_an_all_day_series_ends_on_its_until_date_in_any_form(tmp_path: Path) -> None:
    """An all-day series with a UTC UNTIL ends on that date in list and in the export."""
    path = tmp_path / "events.toml"
    path.write_text(
        '[timeline]\ntimezone = "Pacific/Pago_Pago"\n\n[[events]]\nid = "d"\ntitle = "D"\n'
        'start = 2024-01-01\nrepeat = "FREQ=DAILY;UNTIL=20240105T000000Z"\n',
        encoding="utf-8",
    )
    args = ("--from", "2024-01-01", "--to", "2024-01-31")
    days = [f"2024-01-0{d}" for d in range(1, 6)]
    assert listed(path, *args) == days
    exported = invoke(["export", "-f", str(path), *args]).stdout_bytes
    calendar = icalendar.Calendar.from_ical(exported)
    theirs = recurring_ical_events.of(calendar).between((2024, 1, 1), (2024, 2, 1))
    assert [c["DTSTART"].dt.isoformat() for c in theirs] == days


OFFSET_FILE = """[timeline]
timezone = "America/New_York"

[[events]]
id = "kst"
title = "Offset monthly"
start = 2024-01-31T05:00:00+09:00
repeat = "monthly"
except = [2024-03-31]
"""


def test_an_offset_only_series_repeats_on_its_clock_in_calendar_apps_too(tmp_path: Path) -> None:
    """An offset-only monthly series is exported on a UTC+09:00 clock: apps find list's dates."""
    path = tmp_path / "events.toml"
    path.write_text(OFFSET_FILE, encoding="utf-8")
    args = ("--from", "2024-01-01", "--to", "2024-06-30")
    ours = [" ".join(w.split()[:2]) for w in listed(path, *args)]
    assert ours == [
        "2024-01-30 20:00",
        "2024-02-28 20:00",
        "2024-04-29 20:00",
        "2024-05-30 20:00",
        "2024-06-29 20:00",
    ]
    exported = invoke(["export", "-f", str(path), *args]).stdout_bytes
    assert b'DTSTART;TZID="UTC+09:00":20240131T050000' in exported
    calendar = icalendar.Calendar.from_ical(exported)
    theirs = recurring_ical_events.of(calendar).between((2024, 1, 1), (2024, 7, 1))
    assert [c["DTSTART"].dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M") for c in theirs] == ours


def test_an_offset_only_series_imports_back_unchanged(tmp_path: Path) -> None:
    """Export then import --update of the offset-only series changes nothing, with no note."""
    path = tmp_path / "events.toml"
    path.write_text(OFFSET_FILE, encoding="utf-8")
    out = tmp_path / "t.ics"
    assert invoke(["export", "-f", str(path), "-o", str(out)]).exit_code == 0
    result = invoke(["import", str(out), "-f", str(path), "--update"])
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == OFFSET_FILE
    assert "0 updated" in result.stderr + result.stdout
    assert "UTC+09:00" not in result.stderr + result.stdout


def test_the_table_marks_a_series_with_its_frequency_not_its_whole_rule(tmp_path: Path) -> None:
    """A written-out RRULE shows as ``↻ weekly`` in list (show gives the whole rule)."""
    path = write(tmp_path)
    cells = list_rows(path, "--tz", "UTC")
    titles = [next(c for c in row if c.startswith(("Rent", "Night", "Single"))) for row in cells]
    assert titles == ["Rent ↻ monthly", "Night shift ↻ weekly", "Single"]
    shown = invoke(["show", "night", "-f", str(path)]).stdout
    assert "FREQ=WEEKLY;BYDAY=FR,SA;UNTIL=20240330T035959Z" in shown


def test_a_series_starting_in_the_second_of_a_repeated_hour_starts_there(tmp_path: Path) -> None:
    """01:30 EST (the second 01:30 of 2024-11-03) starts the series; later days at 01:30."""
    path = tmp_path / "events.toml"
    path.write_text(
        '[[events]]\nid = "f"\ntitle = "F"\nstart = 2024-11-03T01:30:00-05:00\n'
        'timezone = "America/New_York"\nrepeat = "daily"\n',
        encoding="utf-8",
    )
    args = ("--from", "2024-11-03", "--to", "2024-11-04", "--tz", "America/New_York")
    assert list_whens(path, *args) == ["2024-11-03 01:30 EST", "2024-11-04 01:30 EST"]


def test_anniversaries_mark_occurrences_with_the_frequency(tmp_path: Path) -> None:
    """anniversaries lists each occurrence in the window once, marked ``↻ weekly``."""
    path = write(tmp_path)
    args = ["anniversaries", "-f", str(path), "--on", "2024-03-01", "--within", "40"]
    result = invoke([*args, "--tz", "UTC"])
    assert result.exit_code == 0
    night = [line.split()[0] for line in result.stdout.splitlines() if "Night shift" in line]
    assert night == [
        "2024-03-03",
        "2024-03-09",
        "2024-03-10",
        "2024-03-17",
        "2024-03-23",
        "2024-03-24",
        "2024-03-30",
    ]
    assert all("↻ weekly" in line for line in result.stdout.splitlines() if "Night" in line)


def test_a_range_with_too_many_occurrences_is_refused_not_cut(tmp_path: Path) -> None:
    """More than 100 000 occurrences of one series: exit 2, one line, nothing listed."""
    from tests.helpers import assert_error

    path = tmp_path / "events.toml"
    path.write_text(
        '[[events]]\nid = "d"\ntitle = "D"\nstart = 1900-01-01\nrepeat = "daily"\n', "utf-8"
    )
    result = invoke(["list", "-f", str(path), "--from", "1900-01-01", "--to", "2200-12-31"])
    assert_error(result, 2, "event 'd' repeats more than 100000 times in the range", "--from/--to")
