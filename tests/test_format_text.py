"""The text formats: JSON and CSV (export and import), Markdown and TimelineJS (export)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import string
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, reject
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.helpers import (
    NEW_YORK,
    SAMPLE,
    SEOUL,
    event_maker,
    one_line_text,
    titles,
    tricky_texts,
    wall_times,
    zone_names,
)
from timeline_cli.errors import InvalidFileError
from timeline_cli.formats import (
    Candidate,
    ExportContext,
    Exporter,
    csvfmt,
    jsonfmt,
    markdown,
    timelinejs,
)
from timeline_cli.model import FIELDS, Event
from timeline_cli.query import Filters, select
from timeline_cli.schema import ProblemList, event_from_table
from timeline_cli.store import load

GOLDEN = Path(__file__).parent / "data" / "golden"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
INJECTIONS = (
    "<script>alert(1)</script>",
    "**x** [a](javascript:alert(1))",
    "# heading",
    "| pipe |",
)


@cache
def sample_events() -> tuple[Event, ...]:
    """The sample timeline in the order `timeline export` gives (oldest first)."""
    return tuple(select(load([SAMPLE]).events, Filters(), NEW_YORK))


def context(title: str | None = "V (Kim Taehyung): music, acting, service") -> ExportContext:
    return ExportContext(title, NEW_YORK, NOW)


# One event from TOML-shaped fields (title and start have defaults), in Seoul.
make = event_maker(SEOUL, title="Event", start=date(2024, 1, 24))


def by_id(event_id: str) -> Event:
    return next(e for e in sample_events() if e.id == event_id)


def reread(fmt: str, data: bytes, zone: tzinfo = SEOUL) -> list[Event]:
    """``data`` read back and validated as an import does (InvalidFileError aside)."""
    read = jsonfmt.read if fmt == "json" else csvfmt.read
    return [event_from_table(c.table, zone) for c in read(data, f"in.{fmt}")]


def export(fmt: str, events: Sequence[Event], ctx: ExportContext | None = None) -> bytes:
    exporters: dict[str, Exporter] = {
        "json": jsonfmt.export,
        "csv": csvfmt.export,
        "md": markdown.export,
        "timelinejs": timelinejs.export,
    }
    return exporters[fmt](events, ctx or context())


# --- all formats ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("json", "sample.json"),
        ("csv", "sample.csv"),
        ("md", "sample.md"),
        ("timelinejs", "sample.timelinejs.json"),
    ],
)
def test_golden_files(fmt: str, name: str) -> None:
    """Each format's export of the sample is byte for byte its reviewed golden file."""
    data = export(fmt, sample_events())
    if os.environ.get("TIMELINE_UPDATE_GOLDEN"):  # review the diff before committing
        (GOLDEN / name).write_bytes(data)
    assert data == (GOLDEN / name).read_bytes()


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "timelinejs"])
def test_exports_are_utf8_text_ending_with_a_newline(fmt: str) -> None:
    """Every export is UTF-8 without a BOM and ends with a line break, also when empty."""
    for events in (sample_events(), ()):
        data = export(fmt, events)
        assert data.endswith(b"\n")
        assert not data.startswith(b"\xef\xbb\xbf")
        data.decode("utf-8")


def test_text_formats_load_no_heavy_libraries() -> None:
    """Exporting and reading the text formats never imports icalendar, dateutil or tomli_w."""
    code = f"""
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from timeline_cli.formats import ExportContext, exporter, reader
from timeline_cli.store import load
events = load([Path({str(SAMPLE)!r})]).events
ctx = ExportContext("t", ZoneInfo("America/New_York"), datetime(2026, 1, 1, tzinfo=UTC))
for name in ("json", "csv", "md", "timelinejs"):
    data = exporter(name)(events, ctx)
    if name in ("json", "csv"):
        reader(name)(data, "x")
loaded = {{"icalendar", "dateutil", "tomli_w"}} & {{m.split(".")[0] for m in sys.modules}}
assert not loaded, loaded
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- round trips (JSON and CSV) ---------------------------------------------------


LABELS = st.one_of(tricky_texts, one_line_text()).filter(lambda s: bool(s) and s == s.strip())
TEXTS = st.one_of(
    tricky_texts,
    st.text(st.characters(codec="utf-8"), max_size=60),
    st.just('line one, "two"\r\nline 3\n=4\r'),
)
URLS = st.builds(
    lambda path: "https://example.com/" + path,
    st.text(string.ascii_letters + string.digits + "()-_.~%&=?#'\"<>\\`[]*!$;", max_size=20),
)
REPEATS = st.sampled_from(["yearly", "monthly", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"])
OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@st.composite
def times(draw: st.DrawFn) -> tuple[object, object | None]:
    """A start value and maybe an end: partial dates, dates, wall times, exact instants."""
    kind = draw(st.sampled_from(["year", "month", "day", "wall", "exact"]))
    span = draw(st.booleans())
    if kind == "year":
        year = draw(st.integers(1900, 2100))
        return f"{year:04d}", f"{year + draw(st.integers(0, 5)):04d}" if span else None
    if kind == "month":
        first = draw(st.integers(1900 * 12, 2100 * 12))
        last = first + draw(st.integers(0, 30))
        text = f"{first // 12:04d}-{first % 12 + 1:02d}"
        return text, f"{last // 12:04d}-{last % 12 + 1:02d}" if span else None
    if kind == "day":
        day = draw(st.dates(date(1900, 1, 1), date(2100, 12, 31)))
        return day, day + timedelta(days=draw(st.integers(0, 800))) if span else None
    start = draw(wall_times)
    if kind == "exact":
        start = start.replace(tzinfo=draw(OFFSETS))
    end = start + timedelta(seconds=draw(st.integers(0, 10**7))) if span else None
    if end is not None and draw(st.booleans()):
        end = end.astimezone(draw(OFFSETS))  # an end with its own offset
    return start, end


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    """A valid TOML-shaped event table with any mix of optional fields."""
    start, end = draw(times())
    table: dict[str, Any] = {"title": draw(titles), "start": start}
    if end is not None:
        table["end"] = end
    optional: dict[str, st.SearchStrategy[Any]] = {
        "id": st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True),
        "timezone": zone_names,
        "tags": st.lists(LABELS, max_size=3),
        "people": st.lists(LABELS, max_size=3),
        "location": TEXTS,
        "url": URLS,
        "source": TEXTS,
        "description": TEXTS,
        "repeat": REPEATS,
        "uid": titles,
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            table[name] = draw(strategy)
    if "repeat" in table and isinstance(start, date) and draw(st.booleans()):
        weeks = draw(st.lists(st.integers(1, 60), min_size=1, max_size=3, unique=True))
        table["except"] = [start + timedelta(weeks=n) for n in sorted(weeks)]
    return table


@st.composite
def timelines(draw: st.DrawFn) -> tuple[list[Event], tzinfo]:
    """A few valid events and the file zone they were read with."""
    zone = ZoneInfo(draw(zone_names))
    events = []
    for table in draw(st.lists(tables(), min_size=1, max_size=4)):
        # Skipped wall times are included: they export as the instant they name.
        try:
            events.append(event_from_table(table, zone))
        except ProblemList:
            reject()
    return events, zone


def assert_same_events(before: Sequence[Event], after: Sequence[Event]) -> None:
    """Same instants, same texts (an empty text and no text are the same)."""
    assert len(before) == len(after)
    for one, other in zip(before, after, strict=True):
        assert one.id == other.id and one.title == other.title
        assert one.begin(UTC) == other.begin(UTC) and one.finish(UTC) == other.finish(UTC)
        assert (one.start.precision, one.tags, one.people) == (
            other.start.precision,
            other.tags,
            other.people,
        )
        for name in ("location", "url", "source", "description", "repeat", "uid"):
            assert (getattr(one, name) or None) == (getattr(other, name) or None), name
        assert [v.begin(UTC) for v in one.exceptions] == [v.begin(UTC) for v in other.exceptions]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_sample_round_trip_gives_identical_bytes(fmt: str) -> None:
    """Export → read → validate → export of the sample gives the same bytes and events."""
    first = export(fmt, sample_events())
    events = reread(fmt, first)
    assert export(fmt, events) == first
    assert_same_events(sample_events(), events)


@pytest.mark.parametrize("fmt", ["json", "csv"])
@given(timeline=timelines())
def test_random_round_trip_gives_identical_bytes(
    fmt: str, timeline: tuple[list[Event], tzinfo]
) -> None:
    """Any valid events survive export → read → validate → export byte for byte."""
    events, zone = timeline
    first = export(fmt, events)
    again = reread(fmt, first, zone)
    assert export(fmt, again) == first
    assert_same_events(events, again)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_skipped_wall_time_keeps_its_instant(fmt: str) -> None:
    """A wall time skipped by DST (02:30 Berlin, 31 March 2024) reads back as its instant."""
    event = make(start=datetime(2024, 3, 31, 2, 30), timezone="Europe/Berlin")
    (again,) = reread(fmt, export(fmt, [event]))
    assert again.begin(UTC) == event.begin(UTC) == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_repeated_wall_time_keeps_which_one(fmt: str) -> None:
    """The second 02:30 of a DST fall-back night stays the second one (an exact instant)."""
    second = datetime(2024, 10, 27, 2, 30, tzinfo=timezone(timedelta(hours=1)))
    event = make(start=second, timezone="Europe/Berlin")
    (again,) = reread(fmt, export(fmt, [event]))
    assert again.begin(UTC) == datetime(2024, 10, 27, 1, 30, tzinfo=UTC)


# --- JSON -------------------------------------------------------------------------

EVENT_KEYS = [
    "id",
    "title",
    "start",
    "end",
    "timezone",
    "precision",
    "all_day",
    "tags",
    "people",
    "location",
    "url",
    "source",
    "description",
    "repeat",
    "except",
    "uid",
]


def test_json_schema_is_pinned() -> None:
    """The document and every event have exactly the documented keys, order and types."""
    document = json.loads(export("json", sample_events()))
    assert list(document) == ["version", "timeline", "events"]
    assert document["version"] == 1
    assert document["timeline"] == {"title": "V (Kim Taehyung): music, acting, service"}
    texts = ("location", "url", "source", "description", "repeat", "uid", "end", "timezone")
    for event in document["events"]:
        assert list(event) == EVENT_KEYS
        assert isinstance(event["id"], str) and isinstance(event["title"], str)
        assert isinstance(event["start"], str)
        assert event["precision"] in ("year", "month", "day", "time")
        assert event["all_day"] is (event["precision"] != "time")
        assert all(isinstance(v, str) for v in event["tags"] + event["people"])
        assert all(event[name] is None or isinstance(event[name], str) for name in texts)
        assert all(isinstance(v, str) for v in event["except"])


def test_json_values_of_each_kind() -> None:
    """Typed ISO 8601 values: wall times with offset and zone, dates, partial dates."""
    events = {e["id"]: e for e in json.loads(export("json", sample_events()))["events"]}
    mv = events["love-wins-all-mv"]
    assert (mv["start"], mv["timezone"], mv["precision"]) == (
        "2024-01-24T00:00:00+09:00",
        "Asia/Seoul",
        "time",
    )
    hwarang = events["hwarang-run"]
    assert (hwarang["start"], hwarang["end"], hwarang["all_day"]) == (
        "2016-12-19",
        "2017-02-21",
        True,
    )
    assert (events["v-sdt-application"]["start"], events["v-sdt-application"]["precision"]) == (
        "2023-11",
        "month",
    )


def test_json_exact_instant_without_zone_has_null_timezone() -> None:
    """An instant written with only an offset keeps it, and its timezone is null."""
    event = make(start=datetime(2024, 1, 24, 9, 0, tzinfo=timezone(timedelta(hours=5, minutes=45))))
    (item,) = json.loads(export("json", [event]))["events"]
    assert (item["start"], item["timezone"]) == ("2024-01-24T09:00:00+05:45", None)


def test_json_event_without_zone_names_the_file_zone() -> None:
    """An event relying on the file's zone is exported with that zone resolved."""
    event = event_from_table({"title": "x", "start": datetime(2024, 1, 24, 18, 0)}, SEOUL)
    (item,) = json.loads(export("json", [event]))["events"]
    assert (item["start"], item["timezone"]) == ("2024-01-24T18:00:00+09:00", "Asia/Seoul")


def test_json_reads_a_bare_list_and_drops_export_only_keys() -> None:
    """A list of events is accepted; precision and all_day are not fields; nulls are absent."""
    data = b'[{"title": "x", "start": "2024-01-24", "precision": "day", "all_day": true,'
    data += b' "end": null, "tags": ["a"]}]'
    (candidate,) = jsonfmt.read(data, "in.json")
    assert candidate == Candidate(
        {"title": "x", "start": date(2024, 1, 24), "tags": ["a"]}, "event 1"
    )


def test_json_keeps_unknown_keys_for_the_schema() -> None:
    """An unknown key reaches the schema, which refuses it with a suggestion."""
    data = b'{"version": 1, "events": [{"titel": "x", "start": "2024"}]}'
    (candidate,) = jsonfmt.read(data, "in.json")
    assert candidate.table == {"titel": "x", "start": "2024"}
    with pytest.raises(ProblemList) as problems:
        event_from_table(candidate.table, SEOUL)
    assert "did you mean 'title'" in str(problems.value.problems)


def test_json_bad_time_value_is_passed_on_raw() -> None:
    """A start that is no ISO value stays text, so the schema names it, with the event."""
    data = b'[{"title": "a", "start": "2024-01-24"}, {"title": "b", "start": "24/01/2024"}]'
    candidate = jsonfmt.read(data, "in.json")[1]
    assert (candidate.table["start"], candidate.where) == ("24/01/2024", "event 2")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"version": 1,\n  "events": [\n    {"title": "x",}\n  ]\n}', "in.json:3: invalid JSON"),
        (b"", "in.json:1: invalid JSON"),
        (b'"events"', "in.json:1: expected a JSON object"),
        (b"42", "in.json:1: expected a JSON object"),
        (b'{\n  "version": 2,\n  "events": []\n}', "in.json:2: unsupported version 2"),
        (b'{"version": "1", "events": []}', "in.json:1: unsupported version '1'"),
        (b'{"version": true, "events": []}', "in.json:1: unsupported version True"),
        (b'{"events": []}', "in.json:1: not a timeline JSON export: 'version' is missing"),
        (b'{"version": 1}', "in.json:1: 'events' is missing"),
        (b'{"version": 1,\n"events": {}}', "in.json:2: 'events' must be a list, not an object"),
        (b'{"version": 1, "events": [], "evnts": 1}', "did you mean 'events'"),
        (b'[{"title": "a"}, "b"]', "in.json: event 2 is a string, not an object"),
        (b'[{"title": "a", "title": "b"}]', "key 'title' appears twice"),
        (b'[\n"\xff"]', "in.json:2: not UTF-8 text"),
        (b"[" * 100_000, "in.json: invalid JSON"),
    ],
)
def test_json_malformed_input_is_an_invalid_file(data: bytes, message: str) -> None:
    """A malformed JSON file is InvalidFileError naming the file and, where known, the line."""
    with pytest.raises(InvalidFileError) as error:
        jsonfmt.read(data, "in.json")
    assert message in error.value.message


def json_document(data: bytes) -> Any:
    """What Python's json module makes of ``data`` (``InvalidFileError`` if nothing:
    not UTF-8, not JSON, or a key twice in one object)."""

    def once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({key for key, _ in pairs}) != len(pairs):
            raise ValueError("a key twice")
        return dict(pairs)

    try:
        return json.loads(data.decode("utf-8-sig"), object_pairs_hook=once)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InvalidFileError("not JSON") from None


@given(data=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_json_reader_raises_nothing_but_invalid_file(data: bytes) -> None:
    """Whatever the bytes, the JSON reader returns candidates or raises InvalidFileError.

    The json module is the oracle: what it refuses (and any document that is neither a
    list of objects nor an export object) is an InvalidFileError naming the file; a
    list of objects is one candidate each, in order.
    """
    try:
        document = json_document(data)
    except InvalidFileError:
        document = None
    listed = isinstance(document, list) and all(isinstance(item, dict) for item in document)
    if not listed and not isinstance(document, dict):
        with pytest.raises(InvalidFileError) as error:
            jsonfmt.read(data, "in.json")
        assert error.value.message.startswith("in.json"), error.value.message
        return
    try:
        candidates = jsonfmt.read(data, "in.json")
    except InvalidFileError as refused:
        assert not listed, refused.message  # only an export object can be refused
        assert refused.message.startswith("in.json"), refused.message
        return
    if listed:
        assert [c.where for c in candidates] == [f"event {n}" for n in range(1, len(document) + 1)]
    assert all(isinstance(c.table, dict) for c in candidates)


# --- CSV --------------------------------------------------------------------------


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_csv_header_is_fixed() -> None:
    """The header is the documented one, the field order of the events file."""
    assert export("csv", ()) == (
        b"id,title,start,end,timezone,tags,people,location,url,source,description,repeat,except,"
        b"uid\r\n"
    )
    assert csvfmt.HEADER == FIELDS


def test_csv_uses_crlf_and_rfc4180_quoting() -> None:
    """Rows end with CRLF; commas, quotes and line breaks are quoted and survive csv."""
    title = 'Say "hi", then leave'
    description = "line 1\nline 2, with a comma\r\nline 3"
    data = export("csv", [make(title=title, description=description)])
    assert data.count(b"\r\n") == 3  # the header, the row, and the CRLF inside the description
    assert b'"Say ""hi"", then leave"' in data
    row = dict(zip(FIELDS, csv_rows(data)[1], strict=True))
    assert (row["title"], row["description"]) == (title, description)


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_formula_injection_is_neutralised(first: str) -> None:
    """A cell starting with = + - @ tab or CR gets a leading ', and reads back unchanged."""
    payload = first + "cmd|' /C calc'!A0"
    title = payload if first != "\r" else "=HYPERLINK(x)"  # a title is one line
    event = make(title=title, tags=[payload, "ok"], location=payload, description=payload)
    data = export("csv", [event])
    row = dict(zip(FIELDS, csv_rows(data)[1], strict=True))
    assert (row["title"], row["location"], row["description"]) == (
        "'" + title,
        *["'" + payload] * 2,
    )
    assert row["tags"] == "'" + payload + "; ok"
    (again,) = reread("csv", data)
    assert (again.title, again.location, again.description) == (title, payload, payload)
    assert again.tags == (payload.strip(), "ok")  # labels are stripped on import


def test_csv_apostrophe_before_a_formula_character_survives() -> None:
    """A title that itself starts with '= gets a second ', so the reader restores it exactly."""
    data = export("csv", [make(title="'=1+1", location="'plain")])
    row = dict(zip(FIELDS, csv_rows(data)[1], strict=True))
    assert (row["title"], row["location"]) == ("''=1+1", "'plain")
    (again,) = reread("csv", data)
    assert (again.title, again.location) == ("'=1+1", "'plain")


def test_csv_labels_are_joined_and_escaped() -> None:
    """Tags are joined with '; '; a ';' or '\\' inside a tag is escaped and read back."""
    data = export("csv", [make(tags=["a;b", "c\\d", "e"], people=["IU", "V"])])
    row = dict(zip(FIELDS, csv_rows(data)[1], strict=True))
    assert (row["tags"], row["people"]) == ("a\\;b; c\\\\d; e", "IU; V")
    (again,) = reread("csv", data)
    assert again.tags == ("a;b", "c\\d", "e")


def test_csv_reads_hand_written_files() -> None:
    """Any column order, a BOM, spaces around labels, blank lines and short rows are fine."""
    data = "\ufeffStart, title ,tags\r\n2024-01-24,Written by hand, a ;b;;\r\n\r\n2017\r\n"
    first, second = csvfmt.read(data.encode(), "in.csv")
    assert first == Candidate(
        {"title": "Written by hand", "start": date(2024, 1, 24), "tags": ["a", "b"]},
        "row 1 (line 2)",
    )
    assert second == Candidate({"start": "2017"}, "row 2 (line 4)")


def test_csv_row_lines_count_line_breaks_inside_cells() -> None:
    """A row's line is where it starts, after multi-line cells of earlier rows."""
    data = export("csv", [make(description="a\nb\nc"), make(title="second")])
    assert [c.where for c in csvfmt.read(data, "in.csv")] == ["row 1 (line 2)", "row 2 (line 5)"]


def test_csv_reads_back_cells_over_the_csv_module_limit() -> None:
    """A description longer than csv's 128 KiB default cell limit still round-trips."""
    event = make(description="long " * 40_000)
    (again,) = reread("csv", export("csv", [event]))
    assert again.description == event.description
    assert csv.field_size_limit() == 131072  # the module's setting is put back


def test_csv_writes_no_bom() -> None:
    """The export starts with the header itself, not a byte-order mark."""
    assert export("csv", sample_events()).startswith(b"id,title,")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "in.csv:1: empty file"),
        (b"\r\n\r\n", "in.csv:1: empty file"),
        (b"x,2024-01-24\r\n", "in.csv:1: no header row"),
        (b"title,strt\r\nx,2024\r\n", "in.csv:1: unknown column 'strt' (did you mean 'start'?)"),
        (b"title,start,colour\r\n", "in.csv:1: unknown column 'colour'"),
        (b"id,title\r\n", "in.csv:1: missing required column start"),
        (b"title,start,title\r\n", "in.csv:1: column title appears twice"),
        (b"title,start\r\nx,2024\r\ny,2024,extra\r\n", "in.csv:3: row 2 has 3 cells"),
        (b'title,start\r\n"open,2024\r\n', "in.csv:2: invalid CSV"),
        (b"title,start\r\nx,\xff\r\n", "in.csv:2: not UTF-8 text"),
    ],
)
def test_csv_malformed_input_is_an_invalid_file(data: bytes, message: str) -> None:
    """A malformed CSV file is InvalidFileError naming the file and the line."""
    with pytest.raises(InvalidFileError) as error:
        csvfmt.read(data, "in.csv")
    assert message in error.value.message


def strict_csv_rows(data: bytes) -> list[list[str]] | None:
    """The non-blank rows Python's csv module (strict) reads; None if it cannot."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text)))
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]
    except csv.Error:
        return None
    finally:
        csv.field_size_limit(limit)


CSV_HEAD = ["title", "start", "end", "timezone", "tags"]


@given(data=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_csv_reader_raises_nothing_but_invalid_file(data: bytes) -> None:
    """Whatever the bytes, the CSV reader returns candidates or raises InvalidFileError.

    The csv module is the oracle. Under a good header, unreadable text and a row with
    more cells than the header are refused naming the file; otherwise each non-blank
    row is a candidate. Without it, whatever is read had a first row naming columns.
    """
    whole = ",".join(CSV_HEAD).encode() + b"\r\n" + data
    rows = strict_csv_rows(whole)
    if rows is None or any(len(row) > len(CSV_HEAD) for row in rows[1:]):
        with pytest.raises(InvalidFileError) as error:
            csvfmt.read(whole, "in.csv")
        assert error.value.message.startswith("in.csv:"), error.value.message
    else:
        assert rows[0] == CSV_HEAD
        candidates = csvfmt.read(whole, "in.csv")
        assert len(candidates) == len(rows) - 1
        assert all(set(c.table) <= set(CSV_HEAD) for c in candidates)
    try:
        bare = csvfmt.read(data, "in.csv")
    except InvalidFileError as refused:
        assert refused.message.startswith("in.csv:"), refused.message
    else:
        head = strict_csv_rows(data)
        assert head, "candidates from a file csv cannot read, or an empty one"
        columns = [cell.strip().lower() for cell in head[0]]
        assert {"title", "start"} <= set(columns) <= set(FIELDS)
        assert len(bare) == len(head) - 1


# --- Markdown -----------------------------------------------------------------------

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def bullet_inline(text: str) -> list[Token]:
    """The inline children of the first bullet of a Markdown document."""
    tokens = MD.parse(text)
    start = next(i for i, t in enumerate(tokens) if t.type == "list_item_open")
    inline = next(t for t in tokens[start:] if t.type == "inline")
    return inline.children or []


def test_markdown_shape() -> None:
    """Title, caption with the display zone, a heading per year, bullets, footnotes."""
    text = export("md", sample_events()).decode()
    lines = text.splitlines()
    assert lines[:3] == [
        "# V (Kim Taehyung): music, acting, service",
        "",
        "*26 events · times in America/New\\_York*",
    ]
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## 1995", "## 2016", "## 2017", "## 2023", "## 2024", "## 2025"]
    assert "[^20]: Sports Chosun, 2024-01-24; etnews, 2024-01-23 — <https://etnews.com/" in text


@pytest.mark.parametrize("title", [None, "", "  "])
def test_untitled_timeline_is_called_timeline(title: str | None) -> None:
    """Without a title, Markdown and TimelineJS call the document "Timeline"."""
    assert export("md", (), context(title)).startswith(b"# Timeline\n")
    document = json.loads(export("timelinejs", (), context(title)))
    assert document["title"]["text"]["headline"] == "Timeline"


def test_markdown_when_is_in_the_display_zone() -> None:
    """Timed events in the display zone with the origin time, spans with →, partial dates."""
    text = export("md", sample_events()).decode()
    assert "- **2024-01-23 10:00 EST** (Jan 24 00:00 KST) — [IU " in text
    assert "- **2016-12-19 → 2017-02-21** — [Hwarang" in text
    assert "- **Nov 2023** — [V applies" in text


def test_markdown_year_is_the_display_zone_year() -> None:
    """An event at 00:00 KST on 1 January is listed under the previous year in New York."""
    event = make(start=datetime(2024, 1, 1, 0, 0), timezone="Asia/Seoul")
    assert "## 2023" in export("md", [event]).decode()


def test_markdown_sources_are_shared_footnotes() -> None:
    """The same source and url get one footnote; a source without url has no link."""
    one = make(title="a", source="Paper", url="https://x.org/a")
    two = make(title="b", source="Paper", url="https://x.org/a")
    three = make(title="c", source="Radio")
    text = export("md", [one, two, three]).decode()
    assert text.count("[^1]") == 3 and "[^2]" in text
    assert text.endswith("[^1]: Paper — <https://x.org/a>\n[^2]: Radio\n")


def test_markdown_link_url_is_escaped() -> None:
    """Spaces-free but odd URLs stay one link: parentheses and brackets percent-encoded."""
    event = make(title="t", url="https://x.org/a_(b)<c>\\d`e&amp;f")
    text = export("md", [event]).decode()
    assert "[t](https://x.org/a_%28b%29%3Cc%3E%5Cd%60e&amp;amp;f)" in text
    links = [t for t in bullet_inline(text) if t.type == "link_open"]
    assert [t.attrs["href"] for t in links] == ["https://x.org/a_%28b%29%3Cc%3E%5Cd%60e&amp;f"]


@pytest.mark.parametrize(
    ("title", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("**x** [a](javascript:alert(1))", "\\*\\*x\\*\\* \\[a\\](javascript:alert(1))"),
        ("# heading", "\\# heading"),
        ("| pipe |", "\\| pipe \\|"),
    ],
)
def test_markdown_title_injection_renders_literally(title: str, escaped: str) -> None:
    """Markdown and HTML in a title are escaped and render as the literal text."""
    text = export("md", [make(title=title)]).decode()
    assert f"- **2024-01-24** — {escaped}\n" in text
    children = bullet_inline(text)
    assert [t.type for t in children if t.type != "text"] == ["strong_open", "strong_close"]
    assert "".join(t.content for t in children) == f"2024-01-24 — {title}"


def test_markdown_description_block_markers_are_escaped() -> None:
    """Lines that would start a heading, list, quote, code block or table stay text."""
    lines = ["# h", "- item", "+ item", "1. one", "2) two", "    code", "> quote", "==="]
    lines += ["| a | b |", "|---|---|", "[^1]: fake", "<div>", "```", "trailing\\"]
    text = export("md", [make(description="\n".join(lines))]).decode()
    tokens = MD.parse(text)
    kinds = {t.type for t in tokens}
    assert kinds <= {
        "heading_open",
        "heading_close",
        "paragraph_open",
        "paragraph_close",
        "inline",
        "bullet_list_open",
        "bullet_list_close",
        "list_item_open",
        "list_item_close",
    }
    assert sum(t.type == "list_item_open" for t in tokens) == 1
    description = [t for t in tokens if t.type == "inline"][-1]
    assert description.content.replace("\\", "").split("\n")[0] == "# h"
    rendered = "".join(
        "\n" if c.type == "softbreak" else c.content for c in description.children or []
    )
    assert rendered.split("\n") == [line.strip() for line in lines]


def test_markdown_tags_are_code_spans() -> None:
    """Tags show as code spans, with a longer fence around a backtick."""
    text = export("md", [make(tags=["a", "x`y", "<b>"])]).decode()
    assert "Tags: `a` ``x`y`` `<b>`" in text


MARKUP = st.one_of(one_line_text(), st.text("\\`*_{}[]()#+-.!|~$<>&;=:^ \t1a@/\"'", max_size=24))


@given(title=MARKUP, description=st.lists(MARKUP, min_size=1, max_size=3))
def test_markdown_any_text_renders_literally(title: str, description: list[str]) -> None:
    """Whatever the title and description, CommonMark shows exactly their text."""
    title, lines = markdown.one_line(title).strip(), [markdown.one_line(x) for x in description]
    assume(title and all(line.strip() for line in lines))
    event = make(title=title, description="\n".join(lines))
    tokens = MD.parse(export("md", [event]).decode())
    assert not {"html_inline", "html_block", "link_open", "code_block", "fence"} & {
        c.type for t in tokens for c in [t, *(t.children or [])]
    }
    inlines = [t for t in tokens if t.type == "inline"]
    assert "".join(c.content for c in inlines[-2].children or []) == f"2024-01-24 — {title}"
    shown = "".join(
        "\n" if c.type == "softbreak" else c.content for c in inlines[-1].children or []
    )
    assert shown == "\n".join(line.strip() for line in lines)


# --- TimelineJS ----------------------------------------------------------------------


def slides() -> dict[str, dict[str, Any]]:
    document = json.loads(export("timelinejs", sample_events()))
    return {s["unique_id"]: s for s in document["events"]}


class Tags(HTMLParser):
    """The tags and hrefs of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str | None] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [value for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(fragment: str) -> Tags:
    parser = Tags()
    parser.feed(fragment)
    parser.close()
    return parser


def test_timelinejs_document_shape() -> None:
    """A title slide and one slide per event with unique_id, start_date, text and group."""
    document = json.loads(export("timelinejs", sample_events()))
    assert list(document) == ["title", "events"]
    assert document["title"]["text"]["headline"] == "V (Kim Taehyung): music, acting, service"
    assert "America/New_York" in document["title"]["text"]["text"]
    assert len(document["events"]) == 26
    for slide in document["events"]:
        assert {"unique_id", "start_date", "text"} <= set(slide)


def test_timelinejs_span_has_day_parts() -> None:
    """The Hwarang run starts 2016-12-19 and ends 2017-02-21, as number parts."""
    hwarang = slides()["hwarang-run"]
    assert hwarang["start_date"] == {"year": 2016, "month": 12, "day": 19}
    assert hwarang["end_date"] == {"year": 2017, "month": 2, "day": 21}


def test_timelinejs_partial_date_has_display_date() -> None:
    """A month-precision value gives only year and month, and says "November 2023"."""
    start = slides()["v-sdt-application"]["start_date"]
    assert start == {"year": 2023, "month": 11, "display_date": "November 2023"}
    (year_only,) = json.loads(export("timelinejs", [make(start="2017")]))["events"]
    assert year_only["start_date"] == {"year": 2017, "display_date": "2017"}


def test_timelinejs_times_are_in_the_display_zone() -> None:
    """00:00 KST on 24 January is 10:00 EST on the 23rd, and the display date says EST."""
    assert slides()["love-wins-all-mv"]["start_date"] == {
        "year": 2024,
        "month": 1,
        "day": 23,
        "hour": 10,
        "minute": 0,
        "display_date": "2024-01-23 10:00 EST",
    }


def test_timelinejs_group_is_the_first_tag() -> None:
    """group is the first tag; an event without tags has none."""
    assert slides()["hwarang-run"]["group"] == "drama"
    (bare,) = json.loads(export("timelinejs", [make()]))["events"]
    assert "group" not in bare


def test_timelinejs_text_has_description_source_and_link() -> None:
    """The text holds the description (line breaks as <br>), the source and the url."""
    text = slides()["love-wins-all-mv"]["text"]["text"]
    html = parsed(text)
    assert html.tags.count("br") >= 2 and set(html.tags) == {"p", "br", "a"}
    assert html.hrefs == [by_id("love-wins-all-mv").url]
    assert "Source: <a href" in text and ">Sports Chosun, 2024-01-24; etnews" in text
    assert "media" not in slides()["love-wins-all-mv"]


def test_timelinejs_link_text_is_the_source() -> None:
    """The link says the source, never the bare URL (TimelineJS would cut that at 30
    characters and at a parenthesis)."""
    text = slides()["wings-album-release"]["text"]["text"]
    url = "https://en.wikipedia.org/wiki/Wings_(BTS_album)"
    assert text.endswith(f'<p>Source: <a href="{url}">Kyeongin Ilbo, 2016-10-10; Wikipedia</a></p>')
    assert text.count("https://") == 1


@pytest.mark.parametrize(
    ("source", "url", "cite"),
    [
        (None, "https://x.org/a(b)", '<p>Source: <a href="https://x.org/a(b)">x.org</a></p>'),
        (
            "A & B",
            'HTTP://x.org/"<',
            '<p>Source: <a href="HTTP://x.org/&quot;&lt;">A &amp; B</a></p>',
        ),
        ("A <i>", None, "<p>Source: A &lt;i&gt;</p>"),
        (None, None, ""),
    ],
)
def test_timelinejs_source_link(source: str | None, url: str | None, cite: str) -> None:
    """Only http(s) URLs are links, named by the source or else their host; all escaped."""
    (slide,) = json.loads(export("timelinejs", [make(source=source, url=url)]))["events"]
    assert slide["text"]["text"] == cite


def test_timelinejs_autolink_finds_nothing_in_our_text() -> None:
    """TimelineJS links every URL, www. name and e-mail address in a slide's text, cut at
    30 characters and at a parenthesis, and inside our link when its text has one. The
    text keeps them whole as character references; the only link is the url's."""
    wings = "https://en.wikipedia.org/wiki/Wings_(BTS_album)"
    event = make(
        description=f"See {wings} or WWW.x.org, a@b.kr at 10:00",
        source=f"Wikipedia, {wings}",
        people=["ftp://p"],
        location="www.seoul.kr",
        url="https://x.org/",
    )
    (slide,) = json.loads(export("timelinejs", [event]))["events"]
    text = slide["text"]["text"]
    autolink = re.compile(r"\b(?:https?|ftp)://|www\.|[\w.+-]+@[\w-]+\.", re.IGNORECASE)
    outside_href = re.sub(r'href="[^"]*"', "", text)
    assert not autolink.search(outside_href), text
    html = parsed(text)
    assert html.hrefs == ["https://x.org/"]
    shown = "".join(html.text)
    for whole in (f"See {wings} or WWW.x.org, a@b.kr at 10:00", f"Wikipedia, {wings}"):
        assert whole in shown
    assert "ftp://p" in shown and "www.seoul.kr" in shown


def test_timelinejs_other_schemes_are_never_links() -> None:
    """A javascript: URL (refused by the schema, possible in code) gives no link."""
    event = dataclasses.replace(make(source="A"), url="javascript:alert(1)")
    (slide,) = json.loads(export("timelinejs", [event]))["events"]
    assert slide["text"]["text"] == "<p>Source: A</p>"


@pytest.mark.parametrize("title", INJECTIONS)
def test_timelinejs_injection_is_escaped(title: str) -> None:
    """HTML in titles, descriptions, sources and tags is text; only our own tags remain."""
    event = make(title=title, description=title, source=title, tags=[title], url="https://x.org/")
    (slide,) = json.loads(export("timelinejs", [event]))["events"]
    assert slide["text"]["headline"] == title.replace("<", "&lt;").replace(">", "&gt;")
    assert slide["group"] == slide["text"]["headline"]
    html = parsed(slide["text"]["text"])
    assert set(html.tags) <= {"p", "br", "a", "span"} and html.hrefs == ["https://x.org/"]
    assert title in "".join(html.text)
    assert parsed(slide["text"]["headline"]).tags == []
