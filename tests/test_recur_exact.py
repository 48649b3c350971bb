"""Repeating events, hand-checked: the EXACT occurrence lists the CLI prints.

Every test asserts the whole list of WHEN cells (``start`` or ``start → end``, in
the display zone given with ``--tz``), and checks stdout, stderr and the exit code
separately. The expected lists were worked out by hand from the contract
(RFC 5545 as recurring-ical-events reads it; see test_recur_oracle.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import assert_error, event_toml, invoke, list_whens, write_timeline

write = write_timeline
listed = list_whens  # the WHEN cell of every row of plain ``timeline list``, in order


def event(start: str, repeat: str, *, ident: str = "s", **fields: str) -> str:
    """A repeating event ``Series <ident>``, followed by a blank line."""
    return event_toml(start, ident=ident, title=f"Series {ident}", repeat=repeat, **fields) + "\n"


class TestShorthands:
    def test_daily_lists_every_day(self, tmp_path: Path) -> None:
        """`daily` all-day and timed: one row a day, nothing skipped, nothing twice."""
        path = write(
            tmp_path,
            event("2024-02-27", "daily", ident="a")
            + event("2024-01-01T09:00:00", "daily", zone="Asia/Seoul", ident="t"),
        )
        assert listed(path, "-s", "series a", "--from", "2024-02-27", "--to", "2024-03-02") == [
            "2024-02-27",
            "2024-02-28",
            "2024-02-29",
            "2024-03-01",
            "2024-03-02",
        ]
        assert listed(
            path,
            "-s",
            "series t",
            "--tz",
            "Asia/Seoul",
            "--from",
            "2024-03-10",
            "--to",
            "2024-03-12",
        ) == ["2024-03-10 09:00 KST", "2024-03-11 09:00 KST", "2024-03-12 09:00 KST"]

    def test_weekly_every_seven_days_at_the_wall_time(self, tmp_path: Path) -> None:
        """`weekly` 20:00 KST: the four Mondays of March 2024."""
        path = write(tmp_path, event("2024-03-04T20:00:00", "weekly", zone="Asia/Seoul"))
        assert listed(path, "--tz", "Asia/Seoul", "--from", "2024-03-01", "--to", "2024-03-31") == [
            "2024-03-04 20:00 KST",
            "2024-03-11 20:00 KST",
            "2024-03-18 20:00 KST",
            "2024-03-25 20:00 KST",
        ]

    def test_monthly_on_the_31st_is_every_month_end(self, tmp_path: Path) -> None:
        """`monthly` from 31 January: the last day of every month of 2024."""
        path = write(tmp_path, event("2024-01-31", "monthly"))
        assert listed(path, "--from", "2024-01-01", "--to", "2024-12-31") == [
            "2024-01-31",
            "2024-02-29",
            "2024-03-31",
            "2024-04-30",
            "2024-05-31",
            "2024-06-30",
            "2024-07-31",
            "2024-08-31",
            "2024-09-30",
            "2024-10-31",
            "2024-11-30",
            "2024-12-31",
        ]

    def test_monthly_on_the_30th_skips_february(self, tmp_path: Path) -> None:
        """`monthly` from 30 November 2023: no February occurrence (RFC 5545)."""
        path = write(tmp_path, event("2023-11-30", "monthly"))
        assert listed(path, "--from", "2023-11-01", "--to", "2024-04-30") == [
            "2023-11-30",
            "2023-12-30",
            "2024-01-30",
            "2024-03-30",
            "2024-04-30",
        ]

    def test_yearly_on_29_february_is_28_february_in_common_years(self, tmp_path: Path) -> None:
        """`yearly` from 29 February 2024: 28 Feb 2025/26/27, 29 Feb 2028."""
        path = write(tmp_path, event("2024-02-29", "yearly"))
        assert listed(path, "--from", "2024-01-01", "--to", "2028-12-31") == [
            "2024-02-29",
            "2025-02-28",
            "2026-02-28",
            "2027-02-28",
            "2028-02-29",
        ]

    def test_explicit_freq_monthly_on_the_31st_follows_rfc_5545(self, tmp_path: Path) -> None:
        """An RRULE `FREQ=MONTHLY` on the 31st: only the seven months with a 31st."""
        path = write(tmp_path, event("2024-01-31", "FREQ=MONTHLY"))
        assert listed(path, "--from", "2024-01-01", "--to", "2024-12-31") == [
            "2024-01-31",
            "2024-03-31",
            "2024-05-31",
            "2024-07-31",
            "2024-08-31",
            "2024-10-31",
            "2024-12-31",
        ]

    def test_explicit_freq_monthly_on_the_31st_is_exported_as_written(self, tmp_path: Path) -> None:
        """The ICS export keeps `FREQ=MONTHLY` (no BYMONTHDAY=-1) for an RRULE written out."""
        path = write(
            tmp_path,
            event("2024-01-31", "FREQ=MONTHLY") + event("2024-01-31", "monthly", ident="m"),
        )
        result = invoke(["export", "--format", "ics", "-f", str(path)])
        assert result.exit_code == 0, result.stderr
        import icalendar

        calendar = icalendar.Calendar.from_ical(result.stdout)
        rules = {str(c["UID"]): c["RRULE"].to_ical().decode() for c in calendar.walk("VEVENT")}
        assert rules == {"s@timeline": "FREQ=MONTHLY", "m@timeline": "FREQ=MONTHLY;BYMONTHDAY=-1"}


class TestSpansAndRanges:
    def test_every_occurrence_of_a_span_has_its_end(self, tmp_path: Path) -> None:
        """A weekly 09:00-11:30 CET span: start and end of each January occurrence."""
        path = write(
            tmp_path,
            event("2024-01-05T09:00:00", "weekly", end="2024-01-05T11:30:00", zone="Europe/Berlin"),
        )
        assert listed(
            path, "--tz", "Europe/Berlin", "--from", "2024-01-01", "--to", "2024-01-31"
        ) == [
            "2024-01-05 09:00 → 11:30 CET",
            "2024-01-12 09:00 → 11:30 CET",
            "2024-01-19 09:00 → 11:30 CET",
            "2024-01-26 09:00 → 11:30 CET",
        ]

    def test_all_day_spans_keep_their_days(self, tmp_path: Path) -> None:
        """A 3-day all-day span repeated monthly from the 30th (February skipped)."""
        path = write(tmp_path, event("2024-01-30", "monthly", end="2024-02-01"))
        assert listed(path, "--from", "2024-01-01", "--to", "2024-04-15") == [
            "2024-01-30 → 2024-02-01",
            "2024-03-30 → 2024-04-01",
        ]

    def test_overnight_span_keeps_eight_hours_across_dst(self, tmp_path: Path) -> None:
        """22:00-06:00 EST nightly: the night of the change ends 07:00 EDT (8 exact hours)."""
        path = write(
            tmp_path,
            event(
                "2024-03-08T22:00:00", "daily", end="2024-03-09T06:00:00", zone="America/New_York"
            ),
        )
        assert listed(
            path, "--tz", "America/New_York", "--from", "2024-03-08", "--to", "2024-03-10"
        ) == [
            "2024-03-08 22:00 → 2024-03-09 06:00 EST",
            "2024-03-09 22:00 EST → 2024-03-10 07:00 EDT",
            "2024-03-10 22:00 → 2024-03-11 06:00 EDT",
        ]
        assert listed(path, "--tz", "UTC", "--from", "2024-03-09", "--to", "2024-03-11") == [
            "2024-03-09 03:00 → 11:00 UTC",
            "2024-03-10 03:00 → 11:00 UTC",
            "2024-03-11 02:00 → 10:00 UTC",
        ]

    def test_each_occurrence_is_listed_once(self, tmp_path: Path) -> None:
        """--on a day that two nightly spans meet: both, each exactly once."""
        path = write(
            tmp_path,
            event(
                "2024-03-01T22:00:00", "daily", end="2024-03-02T06:00:00", zone="America/New_York"
            ),
        )
        assert listed(path, "--tz", "America/New_York", "--on", "2024-03-05") == [
            "2024-03-04 22:00 → 2024-03-05 06:00 EST",
            "2024-03-05 22:00 → 2024-03-06 06:00 EST",
        ]

    def test_a_series_beginning_inside_the_range_is_listed(self, tmp_path: Path) -> None:
        """The first occurrence (the start) lies inside the range: listed, then the rest."""
        path = write(tmp_path, event("2024-03-15", "weekly"))
        assert listed(path, "--from", "2024-03-01", "--to", "2024-03-31") == [
            "2024-03-15",
            "2024-03-22",
            "2024-03-29",
        ]

    def test_to_alone_lists_a_series_once_at_its_start_and_excludes_later_events(
        self, tmp_path: Path
    ) -> None:
        """--to alone: the series once (its start), a later series and a later event not at all."""
        path = write(
            tmp_path,
            event("2024-05-01", "weekly", ident="a")
            + event("2024-05-20", "daily", ident="late")
            + '[[events]]\nid = "one"\ntitle = "One-off"\nstart = 2024-06-01\n',
        )
        assert listed(path, "--to", "2024-05-15") == ["2024-05-01"]

    def test_from_alone_shows_a_series_that_began_before_it_once(self, tmp_path: Path) -> None:
        """--from alone: a weekly series of 2024-01-01 once, at its first Monday on or after."""
        path = write(
            tmp_path,
            event("2024-01-01", "weekly", ident="a")
            + event("2020-01-01", "FREQ=YEARLY;COUNT=2", ident="over"),
        )
        assert listed(path, "--from", "2024-03-06") == ["2024-03-11"]

    def test_no_range_lists_each_series_once_at_its_start(self, tmp_path: Path) -> None:
        """No range: each series once, at its start."""
        path = write(
            tmp_path,
            event("2024-01-01", "weekly", ident="a")
            + event("2024-01-05T09:00:00", "daily", zone="Europe/Berlin", ident="b"),
        )
        assert listed(path, "--tz", "Europe/Berlin") == ["2024-01-01", "2024-01-05 09:00 CET"]

    def test_all_day_series_are_filtered_by_dates_in_any_display_zone(self, tmp_path: Path) -> None:
        """--on a day in Kiritimati (+14): that date of a daily all-day series, only it."""
        path = write(tmp_path, event("2024-03-01", "daily"), zone="Pacific/Pago_Pago")
        assert listed(path, "--tz", "Pacific/Kiritimati", "--on", "2024-03-10") == ["2024-03-10"]
        assert listed(path, "--tz", "Pacific/Pago_Pago", "--on", "2024-03-10") == ["2024-03-10"]


class TestRules:
    def test_a_start_off_the_rule_comes_first_and_count_counts_the_rule(
        self, tmp_path: Path
    ) -> None:
        """Tuesday start, FREQ=WEEKLY;BYDAY=MO;COUNT=3: the Tuesday, then three Mondays."""
        path = write(
            tmp_path,
            event("2024-03-05T09:00:00", "FREQ=WEEKLY;BYDAY=MO;COUNT=3", zone="Europe/Berlin"),
        )
        assert listed(
            path, "--tz", "Europe/Berlin", "--from", "2024-03-01", "--to", "2024-04-30"
        ) == [
            "2024-03-05 09:00 CET",
            "2024-03-11 09:00 CET",
            "2024-03-18 09:00 CET",
            "2024-03-25 09:00 CET",
        ]

    @pytest.mark.parametrize(
        "until",
        ["20240106T030000Z", "20240105", "20240105T220000"],
        ids=["utc", "date", "local"],
    )
    def test_until_is_inclusive_in_every_form(self, tmp_path: Path, until: str) -> None:
        """UNTIL as UTC, date or local time: the 22:00 EST finale on 5 January is listed."""
        path = write(
            tmp_path,
            event("2024-01-01T22:00:00", f"FREQ=DAILY;UNTIL={until}", zone="America/New_York"),
        )
        assert listed(
            path, "--tz", "America/New_York", "--from", "2023-12-25", "--to", "2024-01-31"
        ) == [
            "2024-01-01 22:00 EST",
            "2024-01-02 22:00 EST",
            "2024-01-03 22:00 EST",
            "2024-01-04 22:00 EST",
            "2024-01-05 22:00 EST",
        ]

    def test_an_until_before_the_start_leaves_the_start_alone(self, tmp_path: Path) -> None:
        """UNTIL a minute before the start: the start is still the (only) occurrence."""
        path = write(
            tmp_path,
            event(
                "2024-01-01T22:00:00", "FREQ=DAILY;UNTIL=20240102T025900Z", zone="America/New_York"
            ),
        )
        assert listed(
            path, "--tz", "America/New_York", "--from", "2023-12-25", "--to", "2024-01-31"
        ) == ["2024-01-01 22:00 EST"]

    def test_until_on_an_all_day_series_is_inclusive(self, tmp_path: Path) -> None:
        """FREQ=WEEKLY;UNTIL=20240115 from Monday 1 January: 1, 8 and 15 January."""
        path = write(tmp_path, event("2024-01-01", "FREQ=WEEKLY;UNTIL=20240115"))
        assert listed(path, "--from", "2023-12-01", "--to", "2024-02-29") == [
            "2024-01-01",
            "2024-01-08",
            "2024-01-15",
        ]

    def test_add_accepts_a_utc_until_and_lists_the_whole_run(self, tmp_path: Path) -> None:
        """`add --repeat FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=20170221T145959Z`: 20 airings."""
        path = write(tmp_path, "", zone="Asia/Seoul")
        result = invoke(
            [
                "add",
                "Hwarang airs",
                "--start",
                "2016-12-19 22:00",
                "--tz",
                "Asia/Seoul",
                "--repeat",
                "FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=20170221T145959Z",
                "-f",
                str(path),
            ]
        )
        assert (result.exit_code, result.stderr) == (0, "")
        whens = listed(path, "--tz", "Asia/Seoul", "--from", "2016-12-01", "--to", "2017-03-31")
        mondays = [
            "2016-12-19",
            "2016-12-26",
            "2017-01-02",
            "2017-01-09",
            "2017-01-16",
            "2017-01-23",
            "2017-01-30",
            "2017-02-06",
            "2017-02-13",
            "2017-02-20",
        ]
        from datetime import date, timedelta

        days = []
        for monday in mondays:
            first = date.fromisoformat(monday)
            days += [first, first + timedelta(days=1)]
        assert whens == [f"{day} 22:00 KST" for day in days]

    def test_dst_gap_occurrence_takes_the_offset_before_the_gap(self, tmp_path: Path) -> None:
        """Daily 02:30 New York: on 2024-03-10 it is 07:30Z, shown as 03:30 EDT."""
        path = write(tmp_path, event("2024-03-08T02:30:00", "daily", zone="America/New_York"))
        assert listed(
            path, "--tz", "America/New_York", "--from", "2024-03-09", "--to", "2024-03-11"
        ) == [
            "2024-03-09 02:30 EST",
            "2024-03-10 03:30 EDT",
            "2024-03-11 02:30 EDT",
        ]
        assert listed(path, "--tz", "UTC", "--on", "2024-03-10") == ["2024-03-10 07:30 UTC"]

    def test_two_occurrences_at_one_instant_are_one(self, tmp_path: Path) -> None:
        """Daily 10:00 Apia across the skipped 2011-12-30: its 10:00 (gap) is 31 Dec 10:00."""
        path = write(tmp_path, event("2011-12-28T10:00:00", "daily", zone="Pacific/Apia"))
        assert listed(path, "--tz", "UTC", "--from", "2011-12-28", "--to", "2011-12-31") == [
            "2011-12-28 20:00 UTC",
            "2011-12-29 20:00 UTC",
            "2011-12-30 20:00 UTC",
            "2011-12-31 20:00 UTC",
        ]

    def test_an_offset_only_event_repeats_on_its_offsets_clock(self, tmp_path: Path) -> None:
        """20:00+09:00 weekly in a New York file: 11:00 UTC before and after NY's DST change."""
        path = write(
            tmp_path,
            '[[events]]\nid = "s"\ntitle = "Series s"\nstart = 2024-03-01T20:00:00+09:00\n'
            'repeat = "weekly"\n',
            zone="America/New_York",
        )
        assert listed(path, "--tz", "UTC", "--from", "2024-03-01", "--to", "2024-03-20") == [
            "2024-03-01 11:00 UTC",
            "2024-03-08 11:00 UTC",
            "2024-03-15 11:00 UTC",
        ]

    def test_an_offset_only_byday_rule_uses_the_offsets_weekdays(self, tmp_path: Path) -> None:
        """02:00+09:00 on Mondays is Sunday 17:00 UTC, every week."""
        path = write(
            tmp_path,
            '[[events]]\nid = "s"\ntitle = "Series s"\nstart = 2024-03-04T02:00:00+09:00\n'
            'repeat = "FREQ=WEEKLY;BYDAY=MO;COUNT=3"\n',
            zone="America/New_York",
        )
        assert listed(path, "--tz", "UTC", "--from", "2024-03-01", "--to", "2024-03-31") == [
            "2024-03-03 17:00 UTC",
            "2024-03-10 17:00 UTC",
            "2024-03-17 17:00 UTC",
        ]


BAD_RULES = [
    ('"2020-05"', "yearly", "partial"),
    ("2024-01-01", "FREQ=HOURLY", "hourly-on-a-date"),
    ("2024-01-01", "FREQ=DAILY;BYHOUR=9", "byhour-on-a-date"),
    ("2024-01-01T09:00:00", "FREQ=MONTHLY;BYWEEKNO=1", "byweekno-monthly"),
    ("2024-01-01T09:00:00", "FREQ=WEEKLY;BYMONTHDAY=1", "bymonthday-weekly"),
    ("2024-01-01", "FREQ=DAILY;BYYEARDAY=1", "byyearday-daily"),
    ("2024-01-01", "FREQ=WEEKLY;BYYEARDAY=1", "byyearday-weekly"),
    ("2024-01-01", "FREQ=MONTHLY;BYYEARDAY=1", "byyearday-monthly"),
    ("2024-01-01", "FREQ=MONTHLY;BYSETPOS=1", "bysetpos-alone"),
]


class TestUnusableRules:
    @pytest.mark.parametrize(("start", "repeat", "name"), BAD_RULES, ids=[r[2] for r in BAD_RULES])
    def test_check_names_the_rule_with_file_and_line(
        self, tmp_path: Path, start: str, repeat: str, name: str
    ) -> None:
        """`check` reports an unexpandable rule as an error at the event's file:line."""
        path = write(
            tmp_path,
            '[[events]]\nid = "ok"\ntitle = "Fine"\nstart = 2024-01-01\n'
            'source = "x"\n\n' + event(start, repeat, extra='source = "x"'),
        )
        result = invoke(["check", "-f", str(path)])
        assert result.exit_code == 4, (result.stdout, result.stderr)
        errors = [line for line in result.stdout.splitlines() if ": error:" in line]
        # the event's table starts on line 10, its repeat on line 14
        assert len(errors) == 1, result.stdout
        assert re.match(rf"{re.escape(str(path))}:(10|14): error: .*'s'", errors[0]), errors

    @pytest.mark.parametrize(("start", "repeat", "name"), BAD_RULES, ids=[r[2] for r in BAD_RULES])
    def test_list_exits_4_with_one_error_line(
        self, tmp_path: Path, start: str, repeat: str, name: str
    ) -> None:
        """`list` refuses the file: exit 4, one `timeline: error:` line, nothing on stdout."""
        path = write(tmp_path, event(start, repeat))
        result = invoke(["list", "-f", str(path), "--from", "2024-01-01", "--to", "2024-01-03"])
        assert_error(result, 4, str(path))


class TestShowAndAnniversaries:
    def test_show_says_no_further_occurrence_after_until(self, tmp_path: Path) -> None:
        """A series whose UNTIL is past: `no further occurrence`."""
        path = write(
            tmp_path,
            event(
                "2020-01-06T09:00:00", "FREQ=WEEKLY;UNTIL=20200301T000000Z", zone="Europe/Berlin"
            ),
        )
        result = invoke(["show", "s", "-f", str(path), "--tz", "Europe/Berlin"])
        assert (result.exit_code, result.stderr) == (0, "")
        line = next(line for line in result.stdout.splitlines() if line.startswith("repeats"))
        assert line.endswith("; no further occurrence")

    def test_show_next_of_a_future_count_series_is_its_start(self, tmp_path: Path) -> None:
        """A COUNT series entirely in the future, starting off its rule: next is the start."""
        path = write(
            tmp_path,
            event("2090-03-07T09:00:00", "FREQ=WEEKLY;BYDAY=MO;COUNT=3", zone="Europe/Berlin"),
        )
        result = invoke(["show", "s", "-f", str(path), "--tz", "Europe/Berlin"])
        assert (result.exit_code, result.stderr) == (0, "")
        line = next(line for line in result.stdout.splitlines() if line.startswith("repeats"))
        assert line.endswith("; next 2090-03-07 09:00 CET"), line

    def test_show_next_of_a_future_utc_until_series_on_a_zoned_start(self, tmp_path: Path) -> None:
        """A future daily series with a UTC UNTIL: next is its start, not 'no further'."""
        path = write(
            tmp_path,
            event(
                "2090-01-02T22:00:00", "FREQ=DAILY;UNTIL=20900105T030000Z", zone="America/New_York"
            ),
        )
        result = invoke(["show", "s", "-f", str(path), "--tz", "America/New_York"])
        assert (result.exit_code, result.stderr) == (0, "")
        line = next(line for line in result.stdout.splitlines() if line.startswith("repeats"))
        assert line.endswith("; next 2090-01-02 22:00 EST"), line

    def test_anniversaries_over_more_than_a_year_list_every_return(self, tmp_path: Path) -> None:
        """--within 900 from 2024-01-01: 15 March comes round in 2024, 2025 and 2026."""
        path = write(tmp_path, '[[events]]\nid = "a"\ntitle = "Ides"\nstart = 2020-03-15\n')
        result = invoke(
            [
                "anniversaries",
                "-f",
                str(path),
                "--on",
                "2024-01-01",
                "--within",
                "900",
                "--tz",
                "UTC",
            ]
        )
        assert (result.exit_code, result.stderr) == (0, "")
        rows = [line for line in result.stdout.splitlines() if "Ides" in line]
        assert [row.split()[0] for row in rows] == ["2024-03-15", "2025-03-15", "2026-03-15"]


class TestExcept:
    """`except` cancels occurrences (being added: these fail until it exists)."""

    def test_a_date_cancels_the_timed_occurrence_of_that_day(self, tmp_path: Path) -> None:
        """except = [2024-03-12] on a daily 09:00 CET series: 12 March is gone."""
        path = write(
            tmp_path,
            event(
                "2024-03-10T09:00:00", "daily", zone="Europe/Berlin", extra="except = [2024-03-12]"
            ),
        )
        assert listed(
            path, "--tz", "Europe/Berlin", "--from", "2024-03-10", "--to", "2024-03-14"
        ) == [
            "2024-03-10 09:00 CET",
            "2024-03-11 09:00 CET",
            "2024-03-13 09:00 CET",
            "2024-03-14 09:00 CET",
        ]

    def test_local_offset_and_string_forms(self, tmp_path: Path) -> None:
        """A local date-time, an offset date-time and an ISO string each cancel one."""
        path = write(
            tmp_path,
            event(
                "2024-03-10T09:00:00",
                "daily",
                zone="Europe/Berlin",
                extra='except = [2024-03-11T09:00:00, 2024-03-12T08:00:00Z, "2024-03-13"]',
            ),
        )
        assert listed(
            path, "--tz", "Europe/Berlin", "--from", "2024-03-10", "--to", "2024-03-14"
        ) == [
            "2024-03-10 09:00 CET",
            "2024-03-14 09:00 CET",
        ]

    def test_all_day_series(self, tmp_path: Path) -> None:
        """except on a monthly all-day series of month ends."""
        path = write(
            tmp_path, event("2024-01-31", "monthly", extra="except = [2024-02-29, 2024-04-30]")
        )
        assert listed(path, "--from", "2024-01-01", "--to", "2024-05-31") == [
            "2024-01-31",
            "2024-03-31",
            "2024-05-31",
        ]

    def test_exported_as_exdate(self, tmp_path: Path) -> None:
        """The ICS export writes the exceptions as EXDATE in the event's zone."""
        path = write(
            tmp_path,
            event(
                "2024-03-10T09:00:00", "daily", zone="Europe/Berlin", extra="except = [2024-03-12]"
            ),
        )
        result = invoke(["export", "--format", "ics", "-f", str(path)])
        assert (result.exit_code, result.stderr) == (0, "")
        exdates = [line for line in result.stdout.splitlines() if line.startswith("EXDATE")]
        assert exdates == ["EXDATE;TZID=Europe/Berlin:20240312T090000"]
