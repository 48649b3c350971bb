"""``timeline_cli.store``: finding, reading, decoding, parsing and validating events files.

Real files in ``tmp_path``; every error is checked by its class (and so its exit code,
README 'Exit codes') and its whole message.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SEOUL, event_maker, event_toml, write_file
from timeline_cli.cli.app import worded
from timeline_cli.errors import FileMissingError, InvalidFileError, Problem, WriteError
from timeline_cli.model import Precision
from timeline_cli.settings import current
from timeline_cli.store import (
    DEFAULT_ZONE,
    FileProblems,
    check_duplicates,
    decode,
    header_fields,
    load,
    load_file,
    parse_toml,
    read_bytes,
    unique_ids,
)

# --- the default files (settings) --------------------------------------------------


def test_timeline_file_lists_every_path_in_order(tmp_path: Path) -> None:
    """TIMELINE_FILE is split on ':' (empty parts dropped) and wins over ./events.toml."""
    write_file(tmp_path / "events.toml", "")
    environ = {"TIMELINE_FILE": f"a.toml{os.pathsep}{os.pathsep}/x/b.toml"}
    assert list(current(environ, tmp_path).files) == [Path("a.toml"), Path("/x/b.toml")]


def test_an_empty_timeline_file_is_as_if_unset(tmp_path: Path) -> None:
    environ = {"TIMELINE_FILE": os.pathsep, "XDG_DATA_HOME": str(tmp_path / "data")}
    assert list(current(environ, tmp_path).files) == [
        tmp_path / "data" / "timeline" / "events.toml"
    ]


def test_events_toml_in_the_current_folder_is_named_relatively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_file(tmp_path / "events.toml", "")
    monkeypatch.chdir(tmp_path)
    assert list(current({"XDG_DATA_HOME": "/elsewhere"}, tmp_path).files) == [Path("events.toml")]


def test_events_toml_in_another_folder_is_named_in_full(tmp_path: Path) -> None:
    """``cwd`` other than the process's own: the file is named by its whole path."""
    write_file(tmp_path / "events.toml", "")
    assert Path.cwd() != tmp_path
    assert list(current({}, tmp_path).files) == [tmp_path / "events.toml"]


def test_without_a_local_file_the_xdg_file_is_used(tmp_path: Path) -> None:
    environ = {"XDG_DATA_HOME": str(tmp_path / "data")}
    assert list(current(environ, tmp_path).files) == [
        tmp_path / "data" / "timeline" / "events.toml"
    ]


def test_a_local_folder_named_events_toml_still_counts(tmp_path: Path) -> None:
    """Only existence is checked here; reading the folder is refused later (read_bytes)."""
    (tmp_path / "events.toml").mkdir()
    assert list(current({}, tmp_path).files) == [tmp_path / "events.toml"]


@pytest.mark.parametrize("unset", [{}, {"XDG_DATA_HOME": ""}])
def test_xdg_default_falls_back_to_local_share(unset: dict[str, str]) -> None:
    assert (
        current(unset, Path.cwd()).default_file
        == Path.home() / ".local" / "share" / "timeline" / "events.toml"
    )


# --- read_bytes ------------------------------------------------------------------------


def test_read_bytes_gives_the_bytes_unchanged(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf[timeline]\r\ntitle = 'x'\r\n\xff"
    path = tmp_path / "e.toml"
    path.write_bytes(data)
    assert read_bytes(path) == data


def test_a_missing_file_is_exit_3_with_how_to_create_it(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    with pytest.raises(FileMissingError) as caught:
        read_bytes(path)
    assert caught.value.exit_code == 3
    assert (caught.value.message, caught.value.fix) == (f"no events file at {path}", "create")
    assert worded(caught.value) == (  # the command layer adds how, naming the options
        f"no events file at {path}: create it with "
        f"`timeline add TITLE --start WHEN -f {path}`, or pass -f PATH"
    )


def test_a_folder_is_exit_1_not_an_events_file(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as caught:
        read_bytes(tmp_path)
    assert caught.value.exit_code == 1
    assert caught.value.message == f"{tmp_path} is a directory, not an events file"


def test_other_read_errors_are_exit_1_with_the_reason(tmp_path: Path) -> None:
    """A parent that is a file: the OS reason (not a traceback) in the message."""
    path = write_file(tmp_path / "plain", "") / "events.toml"
    with pytest.raises(WriteError) as caught:
        read_bytes(path)
    assert caught.value.exit_code == 1
    assert caught.value.message == f"cannot read {path}: Not a directory"


# --- decode ----------------------------------------------------------------------------


def test_decode_drops_a_leading_bom_only(tmp_path: Path) -> None:
    path = tmp_path / "e.toml"
    assert decode(path, "\ufeffa = '\ufeff'\n".encode()) == "a = '\ufeff'\n"
    assert decode(path, "제목 = 1\r\n".encode()) == "제목 = 1\r\n"


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"\xff", 1),
        (b"a = 1\nb = 2\n\xc3(\n", 3),
        (b"a = 1\r\n\r\nb = '\xed\xa0\x80'\n", 3),  # an encoded surrogate is not UTF-8
        ("a = '한'\n".encode() + b"\x80", 2),
    ],
)
def test_invalid_utf8_is_exit_4_naming_its_line(tmp_path: Path, data: bytes, line: int) -> None:
    path = tmp_path / "e.toml"
    with pytest.raises(InvalidFileError) as caught:
        decode(path, data)
    assert caught.value.exit_code == 4
    assert caught.value.message == f"{path}:{line}: not valid UTF-8 text"


# --- parse_toml ------------------------------------------------------------------------


def test_parse_toml_gives_the_document(tmp_path: Path) -> None:
    text = '[timeline]\ntitle = "T"\n\n[[events]]\nstart = 2024-01-24\n'
    assert parse_toml(tmp_path / "e.toml", text) == {
        "timeline": {"title": "T"},
        "events": [{"start": date(2024, 1, 24)}],
    }


@pytest.mark.parametrize(
    ("text", "where", "why"),
    [
        ("a = 1\nb = \n", "2:5", "Invalid value"),
        (
            '[[events]]\ntitle = "x"\nstart = 2024-01-01 x\n',
            "3:20",
            "Expected newline or end of document after a statement",
        ),
        ('title = "a"\ntitle = "b"\n', "2:12", "Cannot overwrite a value"),
        ('x = "open\n', "1:10", "Illegal character '\\n'"),
    ],
)
def test_a_syntax_error_is_exit_4_with_line_and_column(
    tmp_path: Path, text: str, where: str, why: str
) -> None:
    path = tmp_path / "e.toml"
    with pytest.raises(InvalidFileError) as caught:
        parse_toml(path, text)
    assert caught.value.exit_code == 4
    assert caught.value.message == f"{path}:{where}: TOML syntax error: {why}"


@pytest.mark.parametrize(
    ("value", "where", "why"),
    [
        (
            "2024-01-32T18:00:00",
            "3:9",
            "TOML syntax error: start = 2024-01-32T18:00:00 is no date (January has 31 days)",
        ),
        (
            "2024-13-01",
            "3:9",
            "TOML syntax error: start = 2024-13-01 is no date (a month is 01 to 12)",
        ),
        (
            "2023-02-29",
            "3:9",
            "TOML syntax error: start = 2023-02-29 is no date (February 2023 has 28 days)",
        ),
        (
            "2024-02-30",
            "3:9",
            "TOML syntax error: start = 2024-02-30 is no date (February 2024 has 29 days)",
        ),
        (
            "2024-04-00",
            "3:9",
            "TOML syntax error: start = 2024-04-00 is no date (days start at 01)",
        ),
        (
            "2024-01-01 24:00:00",
            "3:9",
            "TOML syntax error: start = 2024-01-01 24:00:00 is no date-time (an hour is 00 to 23)",
        ),
        (
            "2024-01-01T10:60:00Z",
            "3:9",
            "TOML syntax error: start = 2024-01-01T10:60:00Z is no date-time "
            "(a minute is 00 to 59)",
        ),
        (
            "2024-01-01T10:00:00+24:00",
            "3:9",
            "TOML syntax error: start = 2024-01-01T10:00:00+24:00 is no date-time "
            "(an offset is -23:59 to +23:59)",
        ),
        (
            "[2024-01-01, 2024-06-31]",
            "3:22",
            "TOML syntax error: in start: 2024-06-31 is no date (June has 30 days)",
        ),
        ("[\n  2024-06-31]", "4:3", "TOML syntax error: 2024-06-31 is no date (June has 30 days)"),
    ],
)
def test_an_impossible_date_is_named_with_line_and_column(
    tmp_path: Path, value: str, where: str, why: str
) -> None:
    """A date or time that does not exist is named, not a bare 'Expected newline' (exit 4)."""
    path = tmp_path / "e.toml"
    with pytest.raises(InvalidFileError) as caught:
        parse_toml(path, f'[[events]]\ntitle = "x"\nstart = {value}\n')
    assert caught.value.exit_code == 4
    assert caught.value.message == f"{path}:{where}: {why}"


def test_too_deep_nesting_is_exit_4(tmp_path: Path) -> None:
    path = tmp_path / "e.toml"
    with pytest.raises(InvalidFileError) as caught:
        parse_toml(path, "a = " + "[" * 2000 + "]" * 2000 + "\n")
    assert caught.value.exit_code == 4
    assert caught.value.message.startswith(f"{path}: TOML too deeply nested: ")


# --- header_fields ---------------------------------------------------------------------


def test_header_gives_title_zone_and_zone_name(tmp_path: Path) -> None:
    problems: list[Problem] = []
    document = {"timeline": {"title": "T", "timezone": "Asia/Seoul"}, "events": []}
    assert header_fields(tmp_path / "e.toml", document, problems) == ("T", SEOUL, "Asia/Seoul")
    assert problems == []


def test_no_header_is_utc_without_a_zone_name(tmp_path: Path) -> None:
    problems: list[Problem] = []
    assert header_fields(tmp_path / "e.toml", {}, problems) == (None, DEFAULT_ZONE, None)
    assert str(DEFAULT_ZONE) == "UTC"
    assert problems == []


def test_every_header_problem_is_listed_at_once(tmp_path: Path) -> None:
    path = tmp_path / "e.toml"
    problems: list[Problem] = []
    document = {"timeline": {"title": 3, "timezone": "Asia/Seol", "titel": 1}, "event": []}
    assert header_fields(path, document, problems) == (None, DEFAULT_ZONE, None)
    assert [problem.field for problem in problems] == ["event", "titel", "title", "timezone"]
    assert [problem.text() for problem in problems] == [
        f"{path}: unknown top-level key 'event' (did you mean 'events'?)",
        f"{path}: [timeline]: unknown field 'titel' (did you mean 'title'?)",
        f"{path}: [timeline]: title must be a string",
        f"{path}: [timeline]: unknown time zone 'Asia/Seol'"
        " (did you mean Asia/Seoul or Asia/Oral?)",
    ]


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("x", "[timeline] must be a table"),
        (
            {"timezone": 9},
            "[timeline]: unknown time zone 9 (use an IANA name such as Asia/Seoul or UTC)",
        ),
    ],
)
def test_a_bad_header_falls_back_to_utc(tmp_path: Path, header: Any, problem: str) -> None:
    path = tmp_path / "e.toml"
    problems: list[Problem] = []
    assert header_fields(path, {"timeline": header}, problems) == (None, DEFAULT_ZONE, None)
    assert [p.text() for p in problems] == [f"{path}: {problem}"]


# --- load_file -------------------------------------------------------------------------

TWO = (
    '[timeline]\ntitle = "Two"\ntimezone = "Asia/Seoul"\n\n'
    + event_toml("2024-01-24T18:00:00", ident="single", title="Single")
    + "\n"
    + event_toml('"2017-02"', title="Album", end='"2017-03"', extra='tags = ["a", "B"]')
)


def test_load_file_reads_header_and_events_with_their_lines(tmp_path: Path) -> None:
    path = write_file(tmp_path / "e.toml", TWO)
    data = load_file(path)
    assert (data.path, data.title, data.zone, data.zone_name) == (
        path,
        "Two",
        SEOUL,
        "Asia/Seoul",
    )
    assert data.rows is None
    assert [(e.id, e.title, e.file, e.line) for e in data.events] == [
        ("single", "Single", path, 5),
        ("2017-02-album", "Album", path, 10),
    ]
    single, album = data.events
    assert single.start.moment is not None
    assert single.start.moment.isoformat() == "2024-01-24T18:00:00+09:00"
    assert single.zone is SEOUL and not single.has_zone
    assert (album.start.precision, album.tags) == (Precision.MONTH, ("a", "B"))


def test_load_file_of_given_bytes_does_not_read_the_path(tmp_path: Path) -> None:
    path = tmp_path / "never-written.toml"
    data = load_file(path, TWO.encode())
    assert [e.id for e in data.events] == ["single", "2017-02-album"]
    assert not path.exists()


def test_an_empty_file_has_no_events(tmp_path: Path) -> None:
    data = load_file(write_file(tmp_path / "e.toml", ""))
    assert (data.title, data.zone, data.zone_name, data.events) == (None, DEFAULT_ZONE, None, [])


def test_every_problem_of_every_event_is_listed_with_file_and_line(tmp_path: Path) -> None:
    path = write_file(
        tmp_path / "e.toml",
        '[timeline]\ntimezone = "Mars"\nfoo = 1\n\n'
        "[[events]]\ntitle = 3\nstart = 2024-01-01\ncolour = 1\n\n"
        '[[events]]\nid = "B"\ntitle = "ok"\n',
    )
    with pytest.raises(FileProblems) as caught:
        load_file(path)
    assert caught.value.exit_code == 4
    assert caught.value.problems[2] == Problem(
        "colour", "unknown field", path, line=8, event="(untitled)", event_line=5
    )
    assert [problem.text() for problem in caught.value.problems] == [
        f"{path}: [timeline]: unknown field 'foo'",
        f"{path}: [timeline]: unknown time zone 'Mars' (use an IANA name such as "
        "Asia/Seoul or UTC)",
        f"{path}:5: event (untitled), field 'colour' (line 8): unknown field",
        f"{path}:5: event (untitled), field 'title' (line 6): must be a string, not 3",
        f"{path}:10: event 'B', field 'start': is required",
        f"{path}:10: event 'B', field 'id' (line 11):"
        " 'B' must be lowercase letters, digits and '-'",
    ]
    assert caught.value.message == f"{path}: [timeline]: unknown field 'foo' (and 5 more)"


def test_one_problem_is_the_whole_message(tmp_path: Path) -> None:
    path = write_file(tmp_path / "e.toml", event_toml("2024-01-01", extra="end = 2023-01-01"))
    with pytest.raises(FileProblems) as caught:
        load_file(path)
    assert [problem.text() for problem in caught.value.problems] == [
        f"{path}:1: event 'T', field 'end' (line 4): 2023-01-01 is before start"
    ]
    assert caught.value.message == caught.value.problems[0].text()


def test_a_long_title_is_cut_in_the_label(tmp_path: Path) -> None:
    title = "x" * 70
    path = write_file(tmp_path / "e.toml", event_toml("2024-01-01", title=title, zone="Nowhere"))
    with pytest.raises(FileProblems) as caught:
        load_file(path)
    (problem,) = caught.value.problems
    assert problem.text().startswith(
        f"{path}:1: event '{'x' * 57}...', field 'timezone' (line 4): "
    )


@pytest.mark.parametrize("text", ["events = [1, 2]\n", 'events = "x"\n', "[events]\na = 1\n"])
def test_events_must_be_an_array_of_tables(tmp_path: Path, text: str) -> None:
    path = write_file(tmp_path / "e.toml", text)
    with pytest.raises(InvalidFileError) as caught:
        load_file(path)
    assert caught.value.exit_code == 4
    assert caught.value.message == f"{path}: `events` must be an array of tables ([[events]])"


def test_load_file_passes_decode_and_syntax_errors_on(tmp_path: Path) -> None:
    path = tmp_path / "e.toml"
    with pytest.raises(InvalidFileError, match=r"^.*e\.toml:2: not valid UTF-8 text$"):
        load_file(path, b'a = 1\nx = "\xff"\n')
    with pytest.raises(InvalidFileError) as caught:
        load_file(path, b"a = \n")
    assert caught.value.message == f"{path}:1:5: TOML syntax error: Invalid value"


# --- unique_ids ------------------------------------------------------------------------

event = event_maker(SEOUL, title="A", start=date(2024, 1, 1))


def test_derived_ids_take_suffixes_that_no_explicit_id_holds() -> None:
    """Explicit ids (anywhere in the file) are never changed and never reused."""
    tables: list[dict[str, Any]] = [
        {"title": "A", "start": date(2024, 1, 1)},
        {"title": "A", "start": date(2024, 1, 1)},
        {"id": "2024-01-01-a-2", "title": "B", "start": date(2024, 2, 2)},
        {"title": "A", "start": date(2024, 1, 1)},
    ]
    events = [event(**table) for table in tables]
    assert [e.id for e in events] == ["2024-01-01-a"] * 2 + ["2024-01-01-a-2", "2024-01-01-a"]
    assert [e.id for e in unique_ids(events, tables)] == [
        "2024-01-01-a",
        "2024-01-01-a-3",
        "2024-01-01-a-2",
        "2024-01-01-a-4",
    ]


def test_an_explicit_id_equal_to_a_derived_one_keeps_it() -> None:
    """The derived id yields: the id-less event becomes ``-2``, the explicit one stays."""
    tables: list[dict[str, Any]] = [{"title": "A"}, {"id": "2024-01-01-a", "title": "Other"}]
    events = [event(**table) for table in tables]
    assert [e.id for e in unique_ids(events, tables)] == ["2024-01-01-a-2", "2024-01-01-a"]


def test_unique_ids_keeps_everything_but_the_id() -> None:
    tables: list[dict[str, Any]] = [{"title": "A"}, {"title": "A", "tags": ["t"]}]
    events = [event(**table) for table in tables]
    second = unique_ids(events, tables)[1]
    assert second.id == "2024-01-01-a-2"
    assert (second.title, second.start, second.tags) == ("A", events[1].start, ("t",))


# --- check_duplicates ------------------------------------------------------------------


def test_the_same_id_in_two_files_names_both_places(tmp_path: Path) -> None:
    one = write_file(tmp_path / "one.toml", event_toml("2024-01-01", ident="x"))
    two = write_file(
        tmp_path / "two.toml",
        event_toml("2024-02-02", ident="y") + event_toml("2024-03-03", ident="x"),
    )
    events = load_file(one).events + load_file(two).events
    with pytest.raises(InvalidFileError) as caught:
        check_duplicates(events)
    assert caught.value.exit_code == 4
    assert caught.value.message == f"{two}:5: duplicate id 'x' (first defined at {one}:1)"
    with pytest.raises(InvalidFileError) as through_load:
        load([one, two])
    assert through_load.value.message == caught.value.message


def test_a_duplicate_without_a_line_is_named_by_its_file(tmp_path: Path) -> None:
    first = replace(event(id="x"), file=tmp_path / "a.toml", line=3)
    second = replace(event(id="x", title="Other"), file=tmp_path / "b.toml", line=None)
    check_duplicates([first])
    with pytest.raises(InvalidFileError) as caught:
        check_duplicates([first, second])
    assert caught.value.message == (
        f"{tmp_path / 'b.toml'}: duplicate id 'x' (first defined at {tmp_path / 'a.toml'}:3)"
    )


def test_distinct_ids_pass(tmp_path: Path) -> None:
    one = write_file(tmp_path / "one.toml", event_toml("2024-01-01", ident="x"))
    two = write_file(tmp_path / "two.toml", event_toml("2024-01-01", ident="y"))
    timeline = load([one, two])
    assert [e.id for e in timeline.events] == ["x", "y"]
    assert [f.path for f in timeline.files] == [one, two]
