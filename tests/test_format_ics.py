"""iCalendar: the export (RFC 5545, checked by icalendar and vobject) and reading client files."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.helpers import SEOUL, ZONE_NAMES, event_maker, zone_names
from timeline_cli import __version__, store
from timeline_cli.errors import InvalidFileError
from timeline_cli.formats import Candidate, ExportContext
from timeline_cli.formats.ics import compose_description, export, split_description
from timeline_cli.formats.ics_read import id_of_uid, read
from timeline_cli.model import Event, Precision
from timeline_cli.schema import ProblemList, event_from_table

from .conftest import SAMPLE

DATA = Path(__file__).parent / "data" / "ics"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
TITLE = "V (Kim Taehyung): music, acting, service"
CONTEXT = ExportContext(TITLE, UTC, NOW)


@cache
def sample_events() -> tuple[Event, ...]:
    return tuple(store.load([SAMPLE]).events)


@cache
def sample_ics() -> bytes:
    return export(sample_events(), CONTEXT)


# An event validated from a TOML-shaped table, as the store would load it.
event = event_maker(UTC, title="Event")


def export_one(*events: Event, title: str | None = None) -> bytes:
    return export(events, ExportContext(title, UTC, NOW))


def lines_of(data: bytes) -> list[str]:
    """The unfolded content lines."""
    return data.decode().replace("\r\n ", "").split("\r\n")


def vevents(data: bytes) -> list[icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def reread(data: bytes) -> list[Event]:
    """Our export read back and validated as the importer does."""
    return [event_from_table(c.table, UTC) for c in read(data, "x.ics")]


def read_fixture(name: str) -> list[Candidate]:
    return read((DATA / name).read_bytes(), name)


# --- the golden file and RFC 5545 form ------------------------------------------------


class TestGolden:
    def test_sample_export_equals_golden_file(self) -> None:
        """The sample exports byte for byte as the committed tests/data/ics/sample.ics."""
        assert sample_ics() == (DATA / "sample.ics").read_bytes()

    def test_hwarang_run_has_exclusive_dtend(self) -> None:
        """The Hwarang run (inclusive end 2017-02-21) ends with DTEND 2017-02-22."""
        block = _block(sample_ics(), "hwarang-run@timeline")
        assert "DTSTART;VALUE=DATE:20161219" in block
        assert "DTEND;VALUE=DATE:20170222" in block

    def test_love_wins_all_mv_is_a_wall_time_in_seoul(self) -> None:
        """The MV at 00:00 KST is written with TZID=Asia/Seoul and its stable UID."""
        block = _block(sample_ics(), "love-wins-all-mv@timeline")
        assert "DTSTART;TZID=Asia/Seoul:20240124T000000" in block
        assert "UID:love-wins-all-mv@timeline" in block

    def test_every_event_once(self) -> None:
        """One VEVENT per event, with the event's id as UID."""
        uids = [str(v["UID"]) for v in vevents(sample_ics())]
        assert uids == [f"{e.id}@timeline" for e in sample_events()]

    def test_calendar_properties(self) -> None:
        """VERSION, PRODID with our version, CALSCALE, NAME and X-WR-CALNAME; no METHOD."""
        lines = lines_of(sample_ics())
        assert lines[:6] == [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:-//timeline-cli//timeline {__version__}//EN",
            "CALSCALE:GREGORIAN",
            "NAME:" + TITLE.replace(",", "\\,"),
            "X-WR-CALNAME:" + TITLE.replace(",", "\\,"),
        ]
        assert not any(line.startswith("METHOD") for line in lines)

    def test_no_title_no_calendar_name(self) -> None:
        """Without a timeline title there is no NAME or X-WR-CALNAME."""
        text = export_one(event(start="2024")).decode()
        assert "NAME" not in text

    def test_dtstamp_is_now_in_utc(self) -> None:
        """DTSTAMP is the context's now, converted to UTC."""
        now = datetime(2026, 1, 1, 9, 30, tzinfo=SEOUL)
        data = export([event(start="2024")], ExportContext(None, UTC, now))
        assert "DTSTAMP:20260101T003000Z" in lines_of(data)

    def test_uids_are_stable(self) -> None:
        """The same events give the same UIDs on every export, whatever the time."""
        later = export(sample_events(), ExportContext(TITLE, UTC, NOW + timedelta(days=400)))
        assert [v["UID"] for v in vevents(later)] == [v["UID"] for v in vevents(sample_ics())]

    def test_kept_uid_is_written(self) -> None:
        """An event imported with a foreign UID gets that UID back."""
        data = export_one(event(start="2024", id="x", uid="abc@google.com"))
        assert "UID:abc@google.com" in lines_of(data)


def _block(data: bytes, uid: str) -> str:
    """The unfolded VEVENT with this UID."""
    text = "\n".join(lines_of(data))
    for block in text.split("BEGIN:VEVENT")[1:]:
        if f"UID:{uid}\n" in block:
            return block
    raise AssertionError(f"no VEVENT with UID {uid}")


class TestLines:
    def test_crlf_everywhere(self) -> None:
        """Every line ends with CRLF, the last one too, and no bare LF or CR is left."""
        data = sample_ics()
        assert data.endswith(b"END:VCALENDAR\r\n")
        assert b"\n" not in data.replace(b"\r\n", b"")
        assert b"\r" not in data.replace(b"\r\n", b"")

    def test_physical_lines_at_most_75_octets(self) -> None:
        """Every physical line, fold included, is at most 75 octets."""
        for line in sample_ics().split(b"\r\n"):
            assert len(line) <= 75, line

    def test_folds_never_split_a_character(self) -> None:
        """Each physical line is valid UTF-8 on its own: no fold cuts a character."""
        for line in sample_ics().split(b"\r\n"):
            line.decode("utf-8")

    @pytest.mark.parametrize(
        "title",
        [
            "뷔 " * 60,
            "🎬🎤💜" * 40,
            "a" + "한국어 제목과 emoji 👨‍👩‍👧‍👦 " * 8,
            "x" * 73 + "é" + "🙂" * 10,
        ],
    )
    def test_korean_and_emoji_fold_on_character_boundaries(self, title: str) -> None:
        """Long Korean and emoji titles fold at 75 octets without splitting a character."""
        data = export_one(event(start="2024-01-24", title=title))
        for line in data.split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")
        assert str(vevents(data)[0]["SUMMARY"]) == title
        assert vobject.readOne(data.decode()).vevent.summary.value == title


class TestText:
    def test_text_escaping(self) -> None:
        """Commas, semicolons, backslashes and line breaks are escaped, and read back."""
        text = "a, b; c\\d\nnext line"
        data = export_one(event(start="2024", title="t, u; v\\w", location=text, description=text))
        lines = lines_of(data)
        assert "SUMMARY:t\\, u\\; v\\\\w" in lines
        assert "LOCATION:a\\, b\\; c\\\\d\\nnext line" in lines
        component = vevents(data)[0]
        assert str(component["LOCATION"]) == text
        assert str(component["DESCRIPTION"]) == text
        assert vobject.readOne(data.decode()).vevent.location.value == text

    def test_backslash_capital_n_stays_text(self) -> None:
        """A backslash followed by N ("C:\\New") is text, not a line break (an icalendar bug)."""
        data = export_one(event(start="2024", title="C:\\New", location="\\N"))
        assert "SUMMARY:C:\\\\New" in lines_of(data)
        component = vevents(data)[0]
        assert str(component["SUMMARY"]) == "C:\\New"
        assert str(component["LOCATION"]) == "\\N"
        assert vobject.readOne(data.decode()).vevent.summary.value == "C:\\New"

    def test_control_characters_are_replaced(self) -> None:
        """Control characters RFC 5545 forbids in TEXT become U+FFFD; tabs stay."""
        data = export_one(event(start="2024", title="a\x00b\x1bc\td"))
        assert str(vevents(data)[0]["SUMMARY"]) == "a\ufffdb\ufffdc\td"

    def test_categories_are_one_property_with_a_list(self) -> None:
        """Tags are one CATEGORIES property with several values; commas in a tag are escaped."""
        data = export_one(event(start="2024", tags=["iu", "music video", "a,b"]))
        assert [line for line in lines_of(data) if line.startswith("CATEGORIES")] == [
            "CATEGORIES:iu,music video,a\\,b"
        ]
        assert list(vevents(data)[0]["CATEGORIES"].cats) == ["iu", "music video", "a,b"]

    def test_url_is_a_uri(self) -> None:
        """URL is written as a URI value, unescaped."""
        url = "https://example.com/a,b;c?q=1"
        data = export_one(event(start="2024", url=url))
        assert f"URL:{url}" in lines_of(data)
        assert isinstance(vevents(data)[0]["URL"], icalendar.vUri)

    def test_description_has_source_and_people(self) -> None:
        """DESCRIPTION is the description, a blank line, then Source: and People: lines."""
        data = export_one(
            event(start="2024", description="About.", source="Yonhap", people=["IU", "V"])
        )
        assert str(vevents(data)[0]["DESCRIPTION"]) == "About.\n\nSource: Yonhap\nPeople: IU, V"


class TestDescriptionTrailer:
    @pytest.mark.parametrize(
        ("description", "source", "people"),
        [
            ("About.", None, []),
            ("About.", "Yonhap", []),
            ("About.", None, ["IU", "V"]),
            ("About.", "Yonhap", ["IU"]),
            (None, "Yonhap", []),
            (None, None, ["V"]),
            (None, "Yonhap", ["IU", "V"]),
            ("Two\n\nparagraphs.", "Yonhap; NME", ["Jin", "V"]),
            ("Ends with\nSource: text", None, []),
        ],
    )
    def test_split_undoes_compose(
        self, description: str | None, source: str | None, people: list[str]
    ) -> None:
        """The trailer our export adds is taken off exactly on import."""
        text = compose_description(description, source, people)
        assert split_description(text) == (description, source, people)

    @pytest.mark.parametrize(
        "text",
        [
            "Notes\nPeople: many",
            "Source: a\n\nmore",
            "People: , x",
            "a\n\nSource: ",
            "just text",
        ],
    )
    def test_text_that_is_not_a_trailer_is_kept(self, text: str) -> None:
        """A description that only looks like a trailer is kept whole."""
        description, source, people = split_description(text)
        assert compose_description(description, source, people) == text
        if "\n\nSource: " not in text and not text.startswith(("Source: ", "People: ")):
            assert (description, source, people) == (text, None, [])

    def test_trailing_line_breaks_are_dropped(self) -> None:
        """A description ending in a line break (TOML multi-line strings) loses it."""
        assert compose_description("About.\n", "S", []) == "About.\n\nSource: S"


# --- times and zones ------------------------------------------------------------------


class TestTimes:
    def test_all_day_event_has_a_one_day_dtend(self) -> None:
        """An all-day event without end has DTEND the next day."""
        lines = lines_of(export_one(event(start=date(2024, 1, 23))))
        assert "DTSTART;VALUE=DATE:20240123" in lines
        assert "DTEND;VALUE=DATE:20240124" in lines

    @pytest.mark.parametrize(
        ("start", "end", "dtstart", "dtend"),
        [
            ("2024-01", None, "20240101", "20240201"),
            ("2017", None, "20170101", "20180101"),
            ("2023-12", "2024-02", "20231201", "20240301"),
            ("2016", date(2017, 3, 5), "20160101", "20170306"),
        ],
    )
    def test_partial_dates_cover_their_period(
        self, start: str, end: Any, dtstart: str, dtend: str
    ) -> None:
        """Month and year precision export as all-day spans over the whole period."""
        table = {"start": start} | ({"end": end} if end else {})
        lines = lines_of(export_one(event(**table)))
        assert f"DTSTART;VALUE=DATE:{dtstart}" in lines
        assert f"DTEND;VALUE=DATE:{dtend}" in lines

    def test_timed_without_end_has_no_dtend(self) -> None:
        """A timed event without end has no DTEND (and no DURATION)."""
        data = export_one(event(start=datetime(2024, 1, 24, 18), timezone="Asia/Seoul"))
        assert not any(line.startswith(("DTEND", "DURATION")) for line in lines_of(data))

    def test_timed_end_in_the_events_zone(self) -> None:
        """A timed end is written with the event's TZID."""
        data = export_one(
            event(
                start=datetime(2024, 1, 24, 18),
                end=datetime(2024, 1, 24, 19, 30),
                timezone="Asia/Seoul",
            )
        )
        assert "DTEND;TZID=Asia/Seoul:20240124T193000" in lines_of(data)

    def test_local_time_in_the_files_zone_gets_a_tzid(self) -> None:
        """A wall time without its own timezone is written in the file's zone."""
        data = export_one(event(SEOUL, start=datetime(2024, 1, 24, 18)))
        assert "DTSTART;TZID=Asia/Seoul:20240124T180000" in lines_of(data)

    def test_exact_instant_without_zone_is_utc(self) -> None:
        """An offset date-time without a timezone field is written in UTC with Z."""
        start = datetime(2024, 1, 24, 9, tzinfo=timezone(timedelta(hours=9)))
        data = export_one(event(SEOUL, start=start))
        assert "DTSTART:20240124T000000Z" in lines_of(data)
        assert b"VTIMEZONE" not in data

    def test_exact_instant_with_zone_is_its_wall_time(self) -> None:
        """An offset date-time with a timezone field is the wall time in that zone."""
        start = datetime(2024, 1, 24, 0, tzinfo=UTC)
        data = export_one(event(start=start, timezone="Asia/Seoul"))
        assert "DTSTART;TZID=Asia/Seoul:20240124T090000" in lines_of(data)

    def test_utc_needs_no_vtimezone(self) -> None:
        """Events in UTC are written with Z and no VTIMEZONE."""
        data = export_one(event(start=datetime(2024, 1, 24, 9), timezone="UTC"))
        assert "DTSTART:20240124T090000Z" in lines_of(data)
        assert b"VTIMEZONE" not in data

    def test_second_of_a_repeated_hour_is_utc(self) -> None:
        """01:30 EST as New York falls back is written in UTC (TZID would mean 01:30 EDT)."""
        start = datetime(2024, 11, 3, 1, 30, tzinfo=timezone(timedelta(hours=-5)))
        data = export_one(event(start=start, timezone="America/New_York"))
        assert "DTSTART:20241103T063000Z" in lines_of(data)

    def test_skipped_wall_time_is_written_as_the_real_one(self) -> None:
        """02:30 on the spring-forward night is written as the wall time it is, 03:30."""
        data = export_one(event(start=datetime(2024, 3, 10, 2, 30), timezone="America/New_York"))
        assert "DTSTART;TZID=America/New_York:20240310T033000" in lines_of(data)


class TestVtimezone:
    def test_one_vtimezone_per_zone_before_the_events(self) -> None:
        """Each zone used by a timed event has one VTIMEZONE, ahead of the VEVENTs."""
        events = [
            event(start=datetime(2024, 1, 1, 9), timezone="Asia/Seoul"),
            event(start=datetime(2024, 7, 1, 9), timezone="Asia/Seoul"),
            event(start=datetime(2024, 7, 1, 9), timezone="Europe/Berlin"),
            event(start=date(2024, 7, 1), timezone="Asia/Tokyo"),
        ]
        calendar = icalendar.Calendar.from_ical(export_one(*events))
        names = [c.name for c in calendar.subcomponents]
        assert names == ["VTIMEZONE", "VTIMEZONE", "VEVENT", "VEVENT", "VEVENT", "VEVENT"]
        assert sorted(tz.tz_name for tz in calendar.timezones) == ["Asia/Seoul", "Europe/Berlin"]
        assert calendar.get_missing_tzids() == set()

    def test_vtimezone_covers_1950_and_2050(self) -> None:
        """New York's VTIMEZONE covers events in 1950 and 2050: their DST is in it."""
        summer_1950 = event(start=datetime(1950, 7, 1, 12), timezone="America/New_York")
        summer_2050 = event(start=datetime(2050, 7, 1, 12), timezone="America/New_York")
        winter_2050 = event(start=datetime(2050, 1, 10, 12), timezone="America/New_York")
        data = export_one(summer_1950, summer_2050, winter_2050)
        calendar = icalendar.Calendar.from_ical(data)
        (component,) = calendar.timezones
        onsets = [o.DTSTART for o in component.subcomponents]
        assert min(onsets) <= datetime(1950, 1, 1)
        rdates = [
            value.dt for o in component.daylight for p in _listed(o.get("RDATE")) for value in p.dts
        ]
        assert datetime(2050, 3, 13, 3) in rdates
        zone = component.to_tz(lookup_tzid=False)
        for each in (summer_1950, summer_2050, winter_2050):
            assert each.start.moment is not None
            wall = each.start.moment.replace(tzinfo=zone)
            assert wall.astimezone(UTC) == each.begin(UTC)

    def test_vtimezone_covers_old_offsets_with_seconds(self) -> None:
        """Seoul in 1905 ran on local mean time, +08:27:52; the VTIMEZONE says so."""
        old = event(start=datetime(1905, 3, 1, 12), timezone="Asia/Seoul")
        calendar = icalendar.Calendar.from_ical(export_one(old))
        zone = calendar.timezones[0].to_tz(lookup_tzid=False)
        assert datetime(1905, 3, 1, 12, tzinfo=zone).astimezone(UTC) == old.begin(UTC)

    def test_one_rdate_per_line(self) -> None:
        """Each onset has an RDATE of its own (vobject reads only the first of a list)."""
        data = export_one(
            event(start=datetime(2000, 7, 1, 12), timezone="Europe/Berlin"),
            event(start=datetime(2010, 7, 1, 12), timezone="Europe/Berlin"),
        )
        rdates = [line for line in lines_of(data) if line.startswith("RDATE")]
        assert len(rdates) > 10
        assert all("," not in line for line in rdates)

    def test_repeating_event_zone_covers_the_next_years(self) -> None:
        """A timed repeating event's zone is covered ten years past the export date."""
        data = export_one(
            event(start=datetime(2020, 7, 1, 12), timezone="Europe/Berlin", repeat="yearly")
        )
        assert "COMMENT:This timezone only works from 2020-01-01 to 2037-01-01." in lines_of(data)


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# --- repeat -----------------------------------------------------------------------------


class TestRepeat:
    @pytest.mark.parametrize(
        ("repeat", "rrule"),
        [
            ("yearly", "FREQ=YEARLY"),
            ("monthly", "FREQ=MONTHLY"),
            ("weekly", "FREQ=WEEKLY"),
            ("daily", "FREQ=DAILY"),
            ("Weekly", "FREQ=WEEKLY"),
            ("FREQ=WEEKLY;BYDAY=MO,TU", "FREQ=WEEKLY;BYDAY=MO,TU"),
            ("RRULE:FREQ=MONTHLY;BYMONTHDAY=20", "FREQ=MONTHLY;BYMONTHDAY=20"),
            ("BYMONTH=2;BYMONTHDAY=20;FREQ=YEARLY", "FREQ=YEARLY;BYMONTHDAY=20;BYMONTH=2"),
        ],
    )
    def test_repeat_is_an_rrule(self, repeat: str, rrule: str) -> None:
        """Shorthands become FREQ=...; RRULE text passes through (FREQ first)."""
        data = export_one(event(start=date(2024, 1, 15), repeat=repeat))
        assert f"RRULE:{rrule}" in lines_of(data)

    def test_29_february_yearly_is_the_last_day_of_february(self) -> None:
        """A yearly event on 29 February recurs on the last day of February every year."""
        data = export_one(event(start=date(2024, 2, 29), repeat="yearly"))
        assert "RRULE:FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2" in lines_of(data)
        occurrences = _occurrences(data, 4)
        assert occurrences == [
            date(2024, 2, 29),
            date(2025, 2, 28),
            date(2026, 2, 28),
            date(2027, 2, 28),
        ]

    def test_31st_monthly_is_the_last_day_of_the_month(self) -> None:
        """A monthly event on the 31st recurs on the last day of every month."""
        data = export_one(
            event(start=datetime(2024, 1, 31, 9), timezone="Europe/Berlin", repeat="monthly")
        )
        assert "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1" in lines_of(data)
        assert [d.day for d in _occurrences(data, 4)] == [31, 29, 31, 30]

    def test_30th_monthly_stays_plain(self) -> None:
        """A monthly event on the 30th stays FREQ=MONTHLY (RFC 5545 skips February)."""
        data = export_one(event(start=date(2024, 1, 30), repeat="monthly"))
        assert "RRULE:FREQ=MONTHLY" in lines_of(data)

    def test_timed_29_february_uses_the_date_of_its_clock(self) -> None:
        """The 29 February rule follows the date on the clock the series repeats on."""
        seoul = export_one(
            event(start=datetime(2024, 2, 29, 5), timezone="Asia/Seoul", repeat="yearly")
        )
        assert "RRULE:FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2" in lines_of(seoul)
        # 05:00 +09:00 is 20:00 UTC the day before; an offset-only series repeats on
        # its offset's clock, so it is written there, as a 29 February event.
        exact = datetime(2024, 2, 29, 5, tzinfo=timezone(timedelta(hours=9)))
        offset = lines_of(export_one(event(start=exact, repeat="yearly")))
        assert 'DTSTART;TZID="UTC+09:00":20240229T050000' in offset
        assert "RRULE:FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2" in offset

    @pytest.mark.parametrize(
        ("start", "zone", "repeat", "rrule"),
        [
            (date(2024, 1, 1), None, "FREQ=WEEKLY;UNTIL=20240301T100000Z", "UNTIL=20240301"),
            (
                datetime(2024, 1, 1, 9),
                "Asia/Seoul",
                "FREQ=WEEKLY;UNTIL=20240301",
                "UNTIL=20240301T145959Z",
            ),
            (
                datetime(2024, 1, 1, 9),
                "Asia/Seoul",
                "FREQ=WEEKLY;UNTIL=20240301T090000",
                "UNTIL=20240301T000000Z",
            ),
        ],
    )
    def test_until_matches_dtstart(
        self, start: date, zone: str | None, repeat: str, rrule: str
    ) -> None:
        """UNTIL is a date for all-day events and a UTC time for timed ones (RFC 5545)."""
        table = {"start": start, "repeat": repeat} | ({"timezone": zone} if zone else {})
        assert f"RRULE:FREQ=WEEKLY;{rrule}" in lines_of(export_one(event(**table)))

    def test_rule_text_is_normalised(self) -> None:
        """Spaces and lowercase that the schema accepts are tidied, not passed on."""
        data = export_one(event(start=date(2024, 1, 1), repeat=" freq = weekly ; byday= mo,tu"))
        assert "RRULE:FREQ=WEEKLY;BYDAY=MO,TU" in lines_of(data)

    @pytest.mark.parametrize(
        ("start", "repeat"),
        [
            (date(2024, 2, 29), "yearly"),
            (date(2024, 3, 31), "monthly"),
            (date(2024, 3, 30), "monthly"),
            (date(2024, 3, 30), "weekly"),
            (date(2024, 3, 30), "daily"),
            (date(2024, 3, 30), "FREQ=WEEKLY;BYDAY=MO,TU"),
            (date(2024, 3, 30), "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ],
    )
    def test_repeat_reads_back(self, start: date, repeat: str) -> None:
        """Shorthands (29 February and 31st forms too) and rules read back as written."""
        (candidate,) = read(export_one(event(start=start, repeat=repeat)), "x.ics")
        assert candidate.table["repeat"] == repeat


def _occurrences(data: bytes, count: int) -> list[date]:
    """The first occurrences as vobject's rrule expansion (dateutil) computes them."""
    component = vobject.readOne(data.decode()).vevent
    rule = component.getrruleset()
    found = []
    for moment in rule:
        found.append(moment.date() if isinstance(moment, datetime) else moment)
        if len(found) == count:
            break
    return found


# --- random events ------------------------------------------------------------------


_SPECIAL = st.sampled_from(
    [
        "x\r\nBEGIN:VEVENT\r\nSUMMARY:evil",
        "END:VCALENDAR",
        "a, b; c\\d",
        "C:\\New",
        "뷔 " * 30,
        "💜" * 30,
        "\u2028\x85\x0b\x0c",
        "\x00\x1b[31m",
    ]
)
_ANY_TEXT = st.one_of(st.text(max_size=80), _SPECIAL)
_LABEL = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=","),
    min_size=1,
    max_size=20,
).filter(str.strip)


def _one_line(text: str) -> str:
    return re.sub(r"[\r\n]+", " ", text)


@st.composite
def _times(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["day", "month", "year", "local", "exact"]))
    low, high = datetime(1900, 1, 1), datetime(2100, 12, 31)
    moment = draw(st.datetimes(min_value=low, max_value=high)).replace(microsecond=0)
    seconds = draw(st.none() | st.integers(min_value=0, max_value=800 * 86400))
    # iCalendar has whole seconds; timed spans are up to 8 days, date spans up to 800.
    span = None if seconds is None else timedelta(seconds=seconds)
    short = None if seconds is None else timedelta(seconds=seconds // 100)
    table: dict[str, Any] = {}
    if kind == "day":
        table["start"] = moment.date()
        if span is not None:
            table["end"] = moment.date() + timedelta(days=span.days)
    elif kind == "month":
        table["start"] = f"{moment.year:04d}-{moment.month:02d}"
        if span is not None:
            later = moment + span
            table["end"] = f"{later.year:04d}-{later.month:02d}"
    elif kind == "year":
        table["start"] = f"{moment.year:04d}"
        if span is not None:
            table["end"] = f"{(moment + span).year:04d}"
    elif kind == "local":
        table["start"] = moment
        if short is not None:
            table["end"] = moment + short
    else:
        minutes = draw(st.integers(min_value=-12 * 4, max_value=14 * 4)) * 15
        offset = timezone(timedelta(minutes=minutes))
        table["start"] = moment.replace(tzinfo=offset)
        if short is not None:
            table["end"] = (moment + short).replace(tzinfo=offset)
    # Local times name their zone or take the file's; exact times may name one.
    if draw(st.booleans()):
        table["timezone"] = draw(zone_names)
    return table


def _tables_strategy() -> st.SearchStrategy[dict[str, Any]]:
    optional = {
        "tags": st.lists(_LABEL | _SPECIAL, max_size=4),
        "people": st.lists(_LABEL, max_size=3),
        "location": _ANY_TEXT,
        "url": st.sampled_from(
            [
                "https://example.com/a,b;c",
                "http://m.sports.chosun.com/x?y=1",
                "https://예시.kr/화랑",
            ]
        ),
        "source": _LABEL,
        "description": _ANY_TEXT.filter(lambda t: "Source: " not in t and "People: " not in t),
        "repeat": st.sampled_from(
            [
                "yearly",
                "monthly",
                "weekly",
                "daily",
                "FREQ=WEEKLY;BYDAY=MO,TU",
                "FREQ=DAILY;COUNT=3",
            ]
        ),
        "uid": st.sampled_from(["abc@google.com", "040000008200E00074C5B7101A82E008", "ünï"]),
    }
    return st.fixed_dictionaries(
        {"title": _ANY_TEXT.map(_one_line).filter(str.strip), "times": _times()},
        optional=optional,
    ).map(_flatten)


def _flatten(drawn: dict[str, Any]) -> dict[str, Any]:
    table = dict(drawn)
    table.update(table.pop("times"))
    for key in ("tags", "people"):
        if table.get(key) == []:
            del table[key]
    return table


def _valid(tables: list[dict[str, Any]], default: tzinfo = UTC) -> list[Event]:
    """The tables as events, each with its own id; tables the schema refuses are skipped."""
    events = []
    for number, table in enumerate(tables):
        try:
            each = event_from_table(table, default)
        except ProblemList:
            continue
        events.append(replace(each, id=f"e{number}-{each.id}"[:80]))
    assume(events)
    return events


# --- other parsers ----------------------------------------------------------------------


class TestOtherParsers:
    def test_icalendar_reads_the_sample(self) -> None:
        """icalendar reads every event back: summary, start, dates, categories."""
        components = vevents(sample_ics())
        assert len(components) == len(sample_events())
        for component, each in zip(components, sample_events(), strict=True):
            _check_component(each, str(component["SUMMARY"]), component["DTSTART"].dt)
            assert list(component["CATEGORIES"].cats) == list(each.tags)
            if not each.timed:
                assert component["DTEND"].dt == each.finish(UTC).date()

    def test_vobject_reads_the_sample(self) -> None:
        """vobject, an independent parser, reads the same events, instants and dates."""
        calendar = vobject.readOne(sample_ics().decode())
        zones = _vobject_zones(calendar)
        components = calendar.vevent_list
        assert len(components) == len(sample_events())
        for component, each in zip(components, sample_events(), strict=True):
            start = _vobject_value(component.dtstart, zones)
            _check_component(each, component.summary.value, start)
            assert component.categories.value == list(each.tags)
            if not each.timed:
                assert component.dtend.value == each.finish(UTC).date()

    def test_vobject_reads_zones_far_in_time(self) -> None:
        """vobject computes the instants of events from 1900 to 2100 in odd zones as we do."""
        events = [
            event(start=datetime(year, month, 15, 12, 30), timezone=zone)
            for year in (1900, 1925, 1950, 1969, 1985, 2011, 2024, 2038, 2075, 2100)
            for month in (1, 7)
            for zone in ZONE_NAMES
        ]
        _check_with_vobject(export_one(*events), events)

    @settings(max_examples=40, deadline=None)
    @given(st.lists(_tables_strategy(), min_size=1, max_size=6))
    def test_vobject_agrees_on_random_events(self, tables: list[dict[str, Any]]) -> None:
        """vobject reads random exports with the same instants and dates as ours."""
        events = _valid(tables)
        _check_with_vobject(export_one(*events), events)


def _check_component(each: Event, summary: str, start: date | datetime) -> None:
    assert summary == _clean(each.title)
    if isinstance(start, datetime):
        assert start.astimezone(UTC) == each.begin(UTC)
    else:
        assert start == each.start.day


def _vobject_zones(calendar: Any) -> dict[str, tzinfo]:
    """This file's VTIMEZONEs as vobject reads them (not its process-wide TZID registry)."""
    return {tz.tzid.value: tz.gettzinfo() for tz in getattr(calendar, "vtimezone_list", [])}


def _vobject_value(prop: Any, zones: dict[str, tzinfo]) -> date | datetime:
    """A DTSTART/DTEND with this file's zone (vobject swaps TZID for a tzinfo it registered
    process-wide on first sight, maybe from another file; the wall time is kept)."""
    value = prop.value
    tzid = prop.params.get("X-VOBJ-ORIGINAL-TZID") or prop.params.get("TZID")
    if tzid and isinstance(value, datetime):
        value = value.replace(tzinfo=zones[tzid[0]])
    return value  # type: ignore[no-any-return]


def _check_with_vobject(data: bytes, events: Sequence[Event]) -> None:
    calendar = vobject.readOne(data.decode())
    zones = _vobject_zones(calendar)
    components = calendar.vevent_list
    assert len(components) == len(events)
    for component, each in zip(components, events, strict=True):
        start = _vobject_value(component.dtstart, zones)
        _check_component(each, component.summary.value, start)
        if each.end is not None and each.timed:
            end = _vobject_value(component.dtend, zones)
            assert isinstance(end, datetime)
            assert end.astimezone(UTC) == to_utc_end(each)


def to_utc_end(each: Event) -> datetime:
    assert each.end is not None
    return each.end.begin(UTC)


# --- round trip -------------------------------------------------------------------------


class TestRoundTrip:
    def test_sample_round_trips_to_the_same_bytes(self) -> None:
        """export → read → validate → export gives the same bytes for the sample."""
        assert export(reread(sample_ics()), CONTEXT) == sample_ics()

    def test_sample_round_trips_its_fields(self) -> None:
        """The sample's ids, titles, labels, texts and times come back unchanged."""
        for before, after in zip(sample_events(), reread(sample_ics()), strict=True):
            assert after.begin(UTC) == before.begin(UTC)
            assert after.finish(UTC) == before.finish(UTC)
            for name in ("id", "title", "tags", "people", "location", "url", "source"):
                assert getattr(after, name) == getattr(before, name), name
            assert after.description == before.description
            assert after.uid is None

    def test_sample_reads_without_notes(self) -> None:
        """Nothing in our own export is reported as not kept."""
        assert all(not c.notes for c in read(sample_ics(), "sample.ics"))

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(_tables_strategy(), min_size=1, max_size=5), zone_names)
    def test_random_events_round_trip(self, tables: list[dict[str, Any]], default: str) -> None:
        """Random events (zones, 1900 to 2100, spans, partial dates, Unicode) round-trip."""
        events = _valid(tables, ZoneInfo(default))
        first = export_one(*events, title="Round trip")
        again = reread(first)
        assert export_one(*again, title="Round trip") == first
        for before, after in zip(events, again, strict=True):
            assert after.begin(UTC) == before.begin(UTC)
            assert after.finish(UTC) == before.finish(UTC)
            assert (after.end is None) == _no_end(before)
            assert after.start.precision == before.start.precision
            assert after.title == _clean(before.title)
            assert after.tags == tuple(_lines(tag) for tag in before.tags)
            assert after.url == before.url
            assert after.location == (_lines(before.location) if before.location else None)
            assert compose_description(after.description, after.source, after.people) == (
                compose_description(_text(before.description), before.source, before.people)
            )
            if before.uid is None:
                assert after.id == before.id
            else:
                assert after.uid == before.uid


def _no_end(each: Event) -> bool:
    """Whether an event reads back without end: timed without one, a partial date
    without one (or ending in its own year or month), or all-day on one day."""
    if each.timed:
        return each.end is None
    if each.start.precision < Precision.DAY:
        return each.end is None or each.end.day == each.start.day
    return (each.end or each.start).last_day() == each.start.day


def _clean(text: str) -> str:
    """Text as exported: the control characters TEXT may not hold replaced by U+FFFD."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "\ufffd", text)


def _lines(text: str) -> str:
    """Text as read back: cleaned, with one kind of line break (LF)."""
    return _clean(text).replace("\r\n", "\n").replace("\r", "\n")


def _text(text: str | None) -> str | None:
    """A description as read back: no line breaks at its end, None when nothing is left."""
    return _lines(text).rstrip("\n") or None if text is not None else None


# --- injection --------------------------------------------------------------------------


class TestInjection:
    EVIL = "x\r\nBEGIN:VEVENT\r\nSUMMARY:evil"

    def test_title_cannot_start_a_component(self) -> None:
        """A title with CRLF BEGIN:VEVENT stays inside SUMMARY: one VEVENT, escaped."""
        evil = replace(event(start="2024"), title=self.EVIL)
        data = export_one(evil)
        assert lines_of(data).count("BEGIN:VEVENT") == 1
        assert "SUMMARY:x\\nBEGIN:VEVENT\\nSUMMARY:evil" in lines_of(data)
        assert len(vobject.readOne(data.decode()).vevent_list) == 1

    def test_title_reads_back_on_one_line_with_a_note(self) -> None:
        """Read back, the line breaks of that title become spaces, with a note."""
        evil = replace(event(start="2024"), title=self.EVIL)
        (candidate,) = read(export_one(evil), "x.ics")
        assert candidate.table["title"] == "x BEGIN:VEVENT SUMMARY:evil"
        assert candidate.notes == ("line breaks in SUMMARY replaced by spaces",)

    def test_description_and_location_keep_their_lines(self) -> None:
        """Descriptions and locations may hold the same text; it reads back unchanged."""
        text = "a\nEND:VEVENT\nEND:VCALENDAR\nBEGIN:VCALENDAR"
        data = export_one(event(start="2024", description=text, location=text, tags=[text]))
        assert lines_of(data).count("BEGIN:VEVENT") == 1
        assert lines_of(data).count("END:VCALENDAR") == 1
        (candidate,) = read(data, "x.ics")
        assert candidate.table["description"] == text
        assert candidate.table["location"] == text
        assert candidate.table["tags"] == [text]

    def test_uid_cannot_break_out(self) -> None:
        """A kept UID with line breaks is escaped too."""
        evil = replace(event(start="2024"), uid="u\r\nEND:VEVENT")
        data = export_one(evil)
        assert lines_of(data).count("END:VEVENT") == 1
        assert str(vevents(data)[0]["UID"]) == "u\nEND:VEVENT"


# --- reading client files ---------------------------------------------------------------


class TestGoogle:
    def test_utc_times_become_wall_times_in_x_wr_timezone(self) -> None:
        """Z times are read as wall times in X-WR-TIMEZONE, with that timezone."""
        first = read_fixture("google.ics")[0]
        assert first.table["timezone"] == "Asia/Seoul"
        assert first.table["start"] == datetime(2024, 1, 24, 0, 0)
        assert first.table["end"] == datetime(2024, 1, 24, 1, 0)
        assert first.notes == ()

    def test_folded_and_escaped_text(self) -> None:
        """Folded lines are joined and escaped commas, semicolons and newlines undone."""
        first = read_fixture("google.ics")[0]
        assert first.table["title"] == 'IU "Love wins all" music video, starring V; premiere'
        assert first.table["location"] == "YouTube, IU official channel; Seoul"
        assert first.table["description"] == (
            "Directed by Um Tae-hwa, starring V. The video was filmed before he enlisted; "
            'it passed 10 million views within a day.\nSecond paragraph: "Love wins all" '
            "is the pre-release single of The Winning.\n\n"
            "이지금 공식 채널 (IU's official channel), 00:00 KST."
        )

    def test_uid_is_slugged_and_kept(self) -> None:
        """A Google UID becomes a slug id with a hash, and the UID is kept."""
        first = read_fixture("google.ics")[0]
        assert first.table["uid"] == "4c1f0a7e2b9d3e58a6f1c2b7d8e9f0a1@google.com"
        assert first.table["id"] == "4c1f0a7e2b9d3e58a6f1c2b7d8e9f0a1-google-com-75155a9b"
        assert first.where == (
            "event 1 at line 9 (UID 4c1f0a7e2b9d3e58a6f1c2b7d8e9f0a1@google.com)"
        )

    def test_all_day_event(self) -> None:
        """An all-day event with a one-day DTEND has a date start and no end or timezone."""
        table = read_fixture("google.ics")[1].table
        assert table["start"] == date(2024, 2, 20)
        assert "end" not in table
        assert "timezone" not in table
        assert "description" not in table
        assert "location" not in table

    def test_recurring_event_keeps_its_rule_and_reports_the_rest(self) -> None:
        """RRULE is kept; EXDATE and the moved occurrence are its ``except``; the rest noted."""
        series = read_fixture("google.ics")[2]
        assert series.table["repeat"] == "FREQ=WEEKLY;BYDAY=FR;WKST=SU"
        assert series.table["start"] == datetime(2024, 1, 5, 19, 0)
        assert series.table["timezone"] == "Asia/Seoul"
        assert series.table["except"] == [
            datetime(2024, 1, 12, 19, 0),
            datetime(2024, 1, 26, 19, 0),
            datetime(2024, 2, 2, 19, 0),
        ]
        assert series.notes == (
            "ORGANIZER mailto:c_0123456789abcdef@group.calendar.google.com not kept",
            "ATTENDEE mailto:fan@example.com not kept",
        )

    def test_changed_occurrence_is_an_event_of_its_own(self) -> None:
        """The RECURRENCE-ID override is its own event: the series' id and its date, its UID."""
        candidates = read_fixture("google.ics")
        assert len(candidates) == 5
        moved = candidates[3]
        assert moved.where.startswith("event 4 ")
        series_id = candidates[2].table["id"]
        assert moved.table["id"] == f"{series_id}-20240126"
        assert moved.table["uid"] == candidates[2].table["uid"]
        assert "repeat" not in moved.table

    def test_plain_yearly_rule_is_the_shorthand_and_cancelled_is_noted(self) -> None:
        """FREQ=YEARLY alone reads as "yearly"; STATUS:CANCELLED is reported."""
        last = read_fixture("google.ics")[4]
        assert last.table["repeat"] == "yearly"
        assert last.table["start"] == datetime(2024, 3, 10, 17, 0)
        assert last.notes == ("STATUS CANCELLED not kept",)

    def test_candidates_validate(self) -> None:
        """Every table is a valid event for the schema."""
        for candidate in read_fixture("google.ics"):
            event_from_table(candidate.table, UTC)


class TestOutlook:
    def test_windows_zone_name_with_vtimezone(self) -> None:
        """TZID "Korea Standard Time" is read as Asia/Seoul, as a wall time."""
        first = read_fixture("outlook.ics")[0]
        assert first.table["timezone"] == "Asia/Seoul"
        assert first.table["start"] == datetime(2024, 1, 24, 18, 0)
        assert first.table["end"] == datetime(2024, 1, 24, 19, 30)

    def test_windows_zone_name_without_vtimezone(self) -> None:
        """TZID "W. Europe Standard Time" without a VTIMEZONE is read as Europe/Berlin."""
        second = read_fixture("outlook.ics")[1]
        assert second.table["timezone"] == "Europe/Berlin"
        assert second.table["start"] == datetime(2024, 3, 15, 10, 0)
        assert second.table["end"] == datetime(2024, 3, 15, 11, 0)
        assert second.notes == ()

    def test_texts_and_notes(self) -> None:
        """Trailing line breaks go; ORGANIZER and ATTENDEE are noted; VALARM is not."""
        first = read_fixture("outlook.ics")[0]
        assert first.table["title"] == "Fan meeting planning"
        assert first.table["location"] == "Seoul office, room 3"
        assert first.table["description"] == (
            "Agenda: venue, tickets; merchandise.\nBring the seating plan."
        )
        assert first.notes == (
            "ORGANIZER mailto:minji.kim@example.com not kept",
            "ATTENDEE mailto:jun.lee@example.com not kept",
        )

    def test_long_uid_is_slugged_to_60_characters(self) -> None:
        """A long Exchange UID gives a 60-character id and is kept as uid."""
        first = read_fixture("outlook.ics")[0]
        assert len(first.table["id"]) == 60
        assert first.table["uid"].startswith("040000008200E00074C5B7101A82E008")

    def test_all_day_and_private(self) -> None:
        """An Outlook all-day event reads as a date; CLASS:PRIVATE is noted."""
        third = read_fixture("outlook.ics")[2]
        assert third.table["start"] == date(2024, 3, 1)
        assert "end" not in third.table
        assert "description" not in third.table
        assert third.notes == ("CLASS PRIVATE not kept",)


class TestApple:
    def test_all_day_duration(self) -> None:
        """VALUE=DATE with DURATION:P3D ends on the third day (inclusive)."""
        first = read_fixture("apple.ics")[0]
        assert first.table["start"] == date(2024, 6, 10)
        assert first.table["end"] == date(2024, 6, 12)
        assert "timezone" not in first.table

    def test_categories_from_every_property(self) -> None:
        """Tags come from all CATEGORIES properties, all their values."""
        assert read_fixture("apple.ics")[0].table["tags"] == ["festival", "outdoor", "music"]

    def test_timed_duration(self) -> None:
        """DURATION:PT1H30M gives the end 90 minutes after the start."""
        second = read_fixture("apple.ics")[1]
        assert second.table["timezone"] == "Europe/Berlin"
        assert second.table["start"] == datetime(2024, 6, 12, 19, 30)
        assert second.table["end"] == datetime(2024, 6, 12, 21, 0)
        assert second.table["url"] == "https://example.com/tour/berlin"
        assert second.table["location"] == (
            "Mercedes-Benz Arena\nMercedes-Platz 1, 10243 Berlin, Germany"
        )

    def test_valarm_and_x_properties_are_ignored_quietly(self) -> None:
        """VALARM and X-APPLE-* properties are not kept and need no note."""
        assert read_fixture("apple.ics")[1].notes == ()

    def test_all_day_without_dtend_and_a_non_http_url(self) -> None:
        """An all-day event without DTEND is one day; a facetime: URL is noted."""
        third = read_fixture("apple.ics")[2]
        assert third.table["start"] == date(2024, 6, 15)
        assert "end" not in third.table
        assert "url" not in third.table
        assert third.notes == ("URL 'facetime://fan@example.com' not kept: not an http(s) address",)


class TestOddZones:
    def test_custom_tzid_with_vtimezone_is_an_exact_time(self) -> None:
        """A TZID that is no known zone, but has a VTIMEZONE, gives exact times and a note."""
        first = read_fixture("odd-zones.ics")[0]
        tehran = timezone(timedelta(hours=3, minutes=30))
        assert first.table["start"] == datetime(2024, 5, 1, 9, 0, tzinfo=tehran)
        assert first.table["end"] == datetime(2024, 5, 1, 10, 0, tzinfo=tehran)
        assert "timezone" not in first.table
        assert "Tehran Office Time" in first.notes[0]

    def test_unknown_tzid_without_vtimezone_is_noted(self) -> None:
        """An unknown TZID without VTIMEZONE gives a wall time and says so."""
        second = read_fixture("odd-zones.ics")[1]
        assert second.table["start"] == datetime(2024, 5, 1, 9, 0)
        assert second.notes == (
            "TZID 'Mars/Olympus_Mons' is unknown and has no VTIMEZONE: "
            "times read as wall times in the timeline's zone",
        )

    def test_floating_time_is_noted(self) -> None:
        """A time without zone (floating) is a wall time, with a note."""
        third = read_fixture("odd-zones.ics")[2]
        assert third.table["start"] == datetime(2024, 5, 1, 9, 0)
        assert third.table["end"] == datetime(2024, 5, 1, 9, 30)
        assert third.notes == (
            "floating time (no time zone): read as a wall time in the timeline's zone",
        )

    def test_globally_unique_tzid(self) -> None:
        """A "/vendor/Europe/Berlin" TZID is read as Europe/Berlin, with a note."""
        fourth = read_fixture("odd-zones.ics")[3]
        assert fourth.table["timezone"] == "Europe/Berlin"
        assert fourth.notes == (
            "TZID '/freeassociation.sourceforge.net/Europe/Berlin' read as Europe/Berlin",
        )

    def test_utc_without_x_wr_timezone_stays_exact(self) -> None:
        """Without X-WR-TIMEZONE, Z times stay exact UTC times; RDATE is noted."""
        fifth = read_fixture("odd-zones.ics")[4]
        assert fifth.table["start"] == datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
        assert fifth.table["end"] == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
        assert "timezone" not in fifth.table
        assert fifth.notes == (
            "RDATE 2024-06-01T09:00:00+00:00, 2024-07-01T09:00:00+00:00 not kept",
        )

    def test_no_uid_multi_line_summary_and_mixed_end(self) -> None:
        """No UID leaves the id out; SUMMARY line breaks and a timed end are noted."""
        sixth = read_fixture("odd-zones.ics")[5]
        assert "id" not in sixth.table
        assert "uid" not in sixth.table
        assert sixth.table["title"] == "Line one line two"
        assert "end" not in sixth.table
        assert sixth.notes == (
            "line breaks in SUMMARY replaced by spaces",
            "end 2024-05-03T12:00:00+00:00 not kept: a date and a time do not make a span",
        )
        assert sixth.where == "event 6 at line 47"

    def test_missing_summary_and_negative_duration(self) -> None:
        """No SUMMARY gives "(untitled)" with a note; a negative DURATION is noted."""
        seventh = read_fixture("odd-zones.ics")[6]
        assert seventh.table["title"] == "(untitled)"
        assert seventh.notes == ("no SUMMARY: titled (untitled)", "DURATION -P1D not kept")

    def test_broken_start_is_left_to_the_schema(self) -> None:
        """A DTSTART icalendar cannot read is passed on as written, with a note."""
        eighth = read_fixture("odd-zones.ics")[7]
        assert eighth.table["start"] == "2024-05-04"
        assert eighth.notes == ("DTSTART '2024-05-04' is not an iCalendar date or time",)

    def test_vtodo_is_not_an_event_but_is_reported(self) -> None:
        """Only VEVENTs are read; the VTODO is named in a note about the file."""
        candidates = read_fixture("odd-zones.ics")
        assert len([c for c in candidates if c.table]) == 8
        (file_note,) = [c for c in candidates if not c.table]
        assert file_note.notes == ("1 VTODO component(s) not imported",)


class TestReadTimes:
    def test_all_day_exclusive_dtend(self) -> None:
        """An exclusive DTEND becomes the inclusive end, the day before."""
        (candidate,) = read(export_one(event(start=date(2016, 12, 19), end=date(2017, 2, 21))), "x")
        assert candidate.table["end"] == date(2017, 2, 21)

    def test_x_wr_timezone_keeps_a_repeated_hour_exact(self) -> None:
        """A Z time on the repeated hour of X-WR-TIMEZONE stays exact (both 01:30s exist)."""
        data = _calendar(
            "X-WR-TIMEZONE:America/New_York",
            "BEGIN:VEVENT",
            "UID:a",
            "DTSTART:20241103T063000Z",
            "SUMMARY:second 01:30",
            "END:VEVENT",
        )
        (candidate,) = read(data, "x.ics")
        assert candidate.table["timezone"] == "America/New_York"
        assert candidate.table["start"] == datetime(2024, 11, 3, 6, 30, tzinfo=UTC)

    def test_end_in_another_zone_is_converted(self) -> None:
        """A DTEND in another zone than DTSTART is converted into the event's zone."""
        data = _calendar(
            "BEGIN:VEVENT",
            "UID:flight",
            "DTSTART;TZID=Asia/Seoul:20240124T100000",
            "DTEND;TZID=Europe/Berlin:20240124T160000",
            "SUMMARY:Flight",
            "END:VEVENT",
        )
        (candidate,) = read(data, "x.ics")
        assert candidate.table["end"] == datetime(2024, 1, 25, 0, 0)

    def test_day_duration_is_nominal(self) -> None:
        """DURATION:P1D across a DST change keeps the wall time (RFC 5545 nominal days)."""
        data = _calendar(
            "BEGIN:VEVENT",
            "UID:d",
            "DTSTART;TZID=Europe/Berlin:20240330T120000",
            "DURATION:P1DT1H",
            "SUMMARY:Across the change",
            "END:VEVENT",
        )
        (candidate,) = read(data, "x.ics")
        assert candidate.table["end"] == datetime(2024, 3, 31, 13, 0)

    def test_unsupported_rrule_is_noted(self) -> None:
        """An RRULE the schema refuses is not kept and is noted, with the reason."""
        data = _calendar(
            "BEGIN:VEVENT",
            "UID:r",
            "DTSTART;VALUE=DATE:20240101",
            "RRULE:FREQ=YEARLY;RSCALE=CHINESE",
            "SUMMARY:Lunar",
            "END:VEVENT",
        )
        (candidate,) = read(data, "x.ics")
        assert "repeat" not in candidate.table
        assert candidate.notes == (
            "RRULE RSCALE=CHINESE;FREQ=YEARLY not kept: unknown rule part RSCALE",
        )

    def test_repeated_single_properties_are_noted(self) -> None:
        """A second SUMMARY or LOCATION is noted, the first kept."""
        data = _calendar(
            "BEGIN:VEVENT",
            "UID:s",
            "DTSTART;VALUE=DATE:20240101",
            "SUMMARY:One",
            "SUMMARY:Two",
            "END:VEVENT",
        )
        (candidate,) = read(data, "x.ics")
        assert candidate.table["title"] == "One"
        assert candidate.notes == ("second SUMMARY Two not kept",)


class TestNotes:
    def test_bookkeeping_is_not_noted(self) -> None:
        """DTSTAMP, CREATED, SEQUENCE, TRANSP, STATUS:CONFIRMED, PRIORITY:5, X-* need no note."""
        data = _calendar(
            "BEGIN:VEVENT",
            "UID:b",
            "DTSTAMP:20240101T000000Z",
            "CREATED:20240101T000000Z",
            "LAST-MODIFIED:20240101T000000Z",
            "SEQUENCE:3",
            "TRANSP:TRANSPARENT",
            "STATUS:CONFIRMED",
            "CLASS:PUBLIC",
            "PRIORITY:5",
            "X-MOZ-GENERATION:2",
            "DTSTART;VALUE=DATE:20240101",
            "SUMMARY:Quiet",
            "END:VEVENT",
        )
        assert read(data, "x.ics")[0].notes == ()

    def test_meaningful_properties_are_noted(self) -> None:
        """PRIORITY:1, STATUS:TENTATIVE, GEO and nested components are reported."""
        data = _calendar(
            "BEGIN:VEVENT",
            "UID:n",
            "DTSTART;VALUE=DATE:20240101",
            "SUMMARY:Loud",
            "PRIORITY:1",
            "STATUS:TENTATIVE",
            "GEO:37.5;127.0",
            "BEGIN:X-THING",
            "END:X-THING",
            "END:VEVENT",
        )
        notes = read(data, "x.ics")[0].notes
        assert "PRIORITY 1 not kept" in notes
        assert "STATUS TENTATIVE not kept" in notes
        assert any(note.startswith("GEO ") for note in notes)
        assert "X-THING not kept" in notes


def _calendar(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *lines, "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


# --- UIDs and ids -----------------------------------------------------------------------


class TestUid:
    def test_our_uid_gives_the_id(self) -> None:
        """ "<id>@timeline" gives the id back and no uid."""
        assert id_of_uid("love-wins-all-mv@timeline") == ("love-wins-all-mv", None)

    def test_a_uid_that_is_an_id_keeps_itself(self) -> None:
        """A UID that is already a valid id is the id, and is kept to be restored."""
        assert id_of_uid("abc-123") == ("abc-123", "abc-123")

    @pytest.mark.parametrize(
        "uid",
        ["abc@google.com", "ABC", "Invalid@timeline", "-x-@timeline", "화랑", "a" * 61, ""],
    )
    def test_other_uids_are_slugged_with_a_hash(self, uid: str) -> None:
        """Other UIDs become a slug (lowercase, a-z0-9-, at most 60) plus 8 hex digits."""
        ident, kept = id_of_uid(uid)
        assert kept == uid
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", ident)
        assert len(ident) <= 60
        assert re.search(r"(^|-)[0-9a-f]{8}$", ident)
        assert "--" not in ident

    def test_distinct_uids_never_share_an_id(self) -> None:
        """UIDs that slug alike still get different ids."""
        uids = ["A@b", "a@b", "a-b", "a.b", "a b", "A-B"]
        assert len({id_of_uid(uid)[0] for uid in uids}) == len(uids)

    def test_reexport_restores_a_foreign_uid(self) -> None:
        """A foreign UID read and exported again is the same UID."""
        (candidate,) = read_fixture("google.ics")[:1]
        again = export_one(event_from_table(candidate.table, UTC))
        assert str(vevents(again)[0]["UID"]) == "4c1f0a7e2b9d3e58a6f1c2b7d8e9f0a1@google.com"


# --- malformed input --------------------------------------------------------------------


class TestMalformed:
    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"hello world\nthis is not iCalendar\n", "bad.ics:1: not an iCalendar file"),
            (b"", "bad.ics: not an iCalendar file"),
            (b"\r\n\r\n", "bad.ics: not an iCalendar file"),
            (
                b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n",
                "bad.ics:4: the file ends inside VEVENT (BEGIN at line 3)",
            ),
            (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "bad.ics:2: the file ends inside VCALENDAR"),
            (
                b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
                "bad.ics:3: END:VTODO where END:VEVENT expected",
            ),
            (
                b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nSUMMARY:x\r\n",
                "bad.ics:3: 'SUMMARY:x' outside a VCALENDAR",
            ),
            (
                b"BEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\n",
                "bad.ics:1: not an iCalendar file",
            ),
            (
                b"BEGIN:VCALENDAR\r\nGARBAGE\r\nEND:VCALENDAR\r\n",
                "bad.ics:2: cannot read 'GARBAGE'",
            ),
            (
                b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                "bad.ics:3: cannot read 'SUMMARY x'",
            ),
            (
                "BEGIN:VCALENDAR\r\nSUMMARY:caf\xe9\r\n".encode("latin-1"),
                "bad.ics:2: not UTF-8 text (byte 0xe9)",
            ),
            (bytes(range(256)) * 4, "bad.ics:2: not UTF-8 text (byte 0x80)"),
            (b"\x00\x01\x02\x03" * 100, "bad.ics:1: not an iCalendar file"),
        ],
    )
    def test_invalid_file_error_with_name_and_line(self, data: bytes, message: str) -> None:
        """Malformed input raises InvalidFileError naming the file (and line when known)."""
        with pytest.raises(InvalidFileError) as caught:
            read(data, "bad.ics")
        assert caught.value.message.startswith(message), caught.value.message
        assert caught.value.exit_code == 4

    def test_zero_events_is_an_empty_list(self) -> None:
        """A calendar without VEVENTs reads as no candidates."""
        assert read(_calendar("X-WR-CALNAME:empty"), "x.ics") == []

    def test_byte_order_mark_and_lf_line_ends_are_accepted(self) -> None:
        """A UTF-8 BOM and bare LF line ends (seen in the wild) are read."""
        data = b"\xef\xbb\xbf" + _calendar(
            "BEGIN:VEVENT", "UID:a", "DTSTART;VALUE=DATE:20240101", "SUMMARY:x", "END:VEVENT"
        ).replace(b"\r\n", b"\n")
        (candidate,) = read(data, "x.ics")
        assert candidate.table["title"] == "x"

    @settings(max_examples=300, deadline=None)
    @given(st.data())
    def test_mangled_files_raise_only_invalid_file_error(self, data: st.DataObject) -> None:
        """Cut, spliced or corrupted client files give candidates or InvalidFileError only."""
        name = data.draw(
            st.sampled_from(["google.ics", "outlook.ics", "apple.ics", "odd-zones.ics"])
        )
        raw = bytearray((DATA / name).read_bytes())
        for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
            at = data.draw(st.integers(min_value=0, max_value=len(raw)))
            action = data.draw(st.sampled_from(["cut", "insert", "truncate"]))
            if action == "cut":
                del raw[at : at + data.draw(st.integers(min_value=1, max_value=40))]
            elif action == "insert":
                raw[at:at] = data.draw(
                    st.sampled_from(
                        [b":", b";", b"\r\n", b"\r\n ", b"=", b'"', b"\\", b"\xff", b"Z"]
                    )
                    | st.binary(max_size=8)
                )
            else:
                del raw[at:]
        try:
            candidates = read(bytes(raw), name)
        except InvalidFileError as error:
            assert error.message.startswith(name)
        else:
            assert all(isinstance(c.table, dict) for c in candidates)

    @settings(max_examples=200, deadline=None)
    @given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
    def test_random_bytes_raise_only_invalid_file_error(self, data: bytes) -> None:
        """Arbitrary bytes give candidates or InvalidFileError, never another exception.

        A refusal names the file and is exit 4; an event candidate needs a VEVENT in the
        bytes, and no more events come back than the bytes begin.
        """
        try:
            candidates = read(b"BEGIN:VCALENDAR\r\n" + data, "r.ics")
        except InvalidFileError as refused:
            assert refused.message.startswith("r.ics"), refused.message
            assert refused.exit_code == 4
            return
        events = [c for c in candidates if c.table]
        assert all(isinstance(c.table, dict) for c in candidates)
        assert len(events) <= data.upper().count(b"BEGIN:VEVENT")


def test_ics_module_imports_icalendar() -> None:
    """icalendar is imported by the ICS module itself (and so only when ICS is used)."""
    import timeline_cli.formats.ics as module

    assert module.icalendar is icalendar
