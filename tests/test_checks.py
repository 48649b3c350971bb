"""``check_files``: every problem of every file, located by file and line."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import SAMPLE, event_toml, write_file
from timeline_cli.checks import Finding, check_files

CLEAN = """\
[timeline]
timezone = "Asia/Seoul"

[[events]]
id = "first"
title = "First"
start = 2024-01-24T18:00:00
source = "A paper"

[[events]]
title = "Second"
start = "2024-02"
end = "2024-03"
source = "Another paper"
"""


def write(folder: Path, name: str, text: str) -> Path:
    return write_file(folder / name, text)


def event(start: str, *, zone: str | None = None, extra: str = "") -> str:
    """``T`` with a source: lines 1 to 4 or 5 ([[events]], title, start, timezone, source)."""
    return event_toml(start, zone=zone, source="S", extra=extra)


# --- clean files ---


def test_clean_file_has_no_findings(tmp_path: Path) -> None:
    """A valid file with sources and plain times gives an empty list."""
    assert check_files([write(tmp_path, "a.toml", CLEAN)]) == []


def test_sample_has_no_findings() -> None:
    """The shipped sample events.toml is entirely clean: no errors, no warnings."""
    assert check_files([SAMPLE]) == []


# --- reading and parsing ---


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    """A file that does not exist is one error naming it; the other files are still checked."""
    missing = tmp_path / "nope.toml"
    other = write(tmp_path, "b.toml", '[[events]]\ntitle = "T"\nstart = 2024-01-01\n')
    assert check_files([missing, other]) == [
        Finding("error", str(missing), "file does not exist"),
        Finding("warning", f"{other}:1", "event 'T': no source"),
    ]


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 give an error at their line."""
    path = tmp_path / "a.toml"
    path.write_bytes(b'[[events]]\ntitle = "ok"\nstart = 2024-01-01\nsource = "\xff"\n')
    assert check_files([path]) == [Finding("error", f"{path}:4", "not valid UTF-8 text")]


def test_toml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    """A TOML syntax error is one error at file:line:column, and the next file is checked."""
    broken = write(tmp_path, "a.toml", CLEAN.replace('title = "Second"', "title = Second"))
    other = write(tmp_path, "b.toml", CLEAN.replace('"first"', '"other"'))
    findings = check_files([broken, other])
    assert len(findings) == 1
    assert findings[0].level == "error"
    assert findings[0].where == f"{broken}:11:9"
    assert "TOML syntax error" in findings[0].message


# --- schema ---


def test_every_schema_error_of_every_event_is_listed(tmp_path: Path) -> None:
    """Three events with three different problems give three errors at their field lines."""
    text = (
        event("2024-01-01", zone="Asia/Seol")  # lines 1-5: unknown zone on line 4
        + "\n"
        + event("2024-03-01", extra="end = 2024-02-01\n")  # lines 7-11: end on line 11
        + "\n"
        + event("2024-04-01", extra='url = "ftp://example.com/x"\n')  # lines 13-17: url on 17
    )
    path = write(tmp_path, "a.toml", text)
    findings = check_files([path])
    assert [(f.level, f.where) for f in findings] == [
        ("error", f"{path}:4"),
        ("error", f"{path}:11"),
        ("error", f"{path}:17"),
    ]
    assert findings[0].message.startswith("event 'T', field 'timezone': unknown time zone")
    assert findings[1].message == "event 'T', field 'end': 2024-02-01 is before start"
    assert findings[2].message == (
        "event 'T', field 'url': 'ftp://example.com/x' is not an http(s) address"
    )


def test_missing_required_field_points_at_the_event(tmp_path: Path) -> None:
    """A field that is absent is reported at the event's [[events]] line."""
    path = write(tmp_path, "a.toml", '# c\n\n[[events]]\ntitle = "T"\nsource = "S"\n')
    assert check_files([path]) == [
        Finding("error", f"{path}:3", "event 'T', field 'start': is required")
    ]


def test_header_problem_has_no_line(tmp_path: Path) -> None:
    """An unknown [timeline] zone is an error on the file; its events are still checked."""
    path = write(tmp_path, "a.toml", '[timeline]\ntimezone = "Mars/Base"\n\n' + event("2024-01-01"))
    findings = check_files([path])
    assert [(f.level, f.where) for f in findings] == [("error", str(path))]
    assert findings[0].message.startswith("[timeline]: unknown time zone 'Mars/Base'")


# --- duplicate ids ---


def test_duplicate_ids_across_files_name_both_places(tmp_path: Path) -> None:
    """The same id in two files is an error at the second, naming the first."""
    one = write(tmp_path, "a.toml", CLEAN)
    two = write(tmp_path, "b.toml", "# other\n" + CLEAN)
    findings = check_files([one, two])
    assert findings == [
        Finding("error", f"{two}:5", f"duplicate id 'first' (first defined at {one}:4)"),
        Finding(
            "error",
            f"{two}:11",
            f"duplicate id '2024-02-second' (first defined at {one}:10)",
        ),
    ]


def test_explicit_id_equal_to_derived_id_in_another_file(tmp_path: Path) -> None:
    """An explicit id that is another file's derived id is a duplicate."""
    one = write(tmp_path, "a.toml", event("2024-01-01"))
    two = write(tmp_path, "b.toml", event("2024-05-05", extra='id = "2024-01-01-t"\n'))
    assert check_files([one, two]) == [
        Finding("error", f"{two}:1", f"duplicate id '2024-01-01-t' (first defined at {one}:1)")
    ]


def test_same_derived_id_within_one_file_is_not_a_duplicate(tmp_path: Path) -> None:
    """Two id-less events with the same start and title get suffixed ids, as when loading."""
    path = write(tmp_path, "a.toml", event("2024-01-01") + "\n" + event("2024-01-01"))
    assert check_files([path]) == []


# --- warnings ---


def test_ambiguous_wall_time_is_a_warning(tmp_path: Path) -> None:
    """A local time repeated by a DST change warns that the first occurrence is used."""
    path = write(tmp_path, "a.toml", event("2024-11-03T01:30:00", zone="America/New_York"))
    assert check_files([path]) == [
        Finding(
            "warning",
            f"{path}:3",
            "event 'T', field 'start': 2024-11-03 01:30 happens twice in America/New_York; "
            "the first (UTC-04:00) is used, write 2024-11-03T01:30-05:00 for the second",
        )
    ]


def test_non_existent_wall_time_is_a_warning(tmp_path: Path) -> None:
    """A local time skipped by a DST change warns and says how it is read."""
    text = event("2024-03-31T01:00:00", zone="Europe/Berlin", extra="end = 2024-03-31T02:30:00\n")
    path = write(tmp_path, "a.toml", text)
    assert check_files([path]) == [
        Finding(
            "warning",
            f"{path}:6",
            "event 'T', field 'end': 2024-03-31 02:30 does not exist in Europe/Berlin "
            "(the clocks jump forward); read as 2024-03-31 03:30+02:00",
        )
    ]


def test_exact_instants_never_warn(tmp_path: Path) -> None:
    """The same instants written with an offset (TOML or string) give no warning."""
    text = (
        event("2024-11-03T01:30:00-05:00", zone="America/New_York")
        + "\n"
        + event('"2024-03-31T02:30:00+01:00"', zone="Europe/Berlin")
    )
    assert check_files([write(tmp_path, "a.toml", text)]) == []


def test_missing_source_is_a_warning(tmp_path: Path) -> None:
    """An event without a source (or with a blank one) warns at its header line."""
    text = CLEAN.replace('source = "Another paper"', 'source = " "').replace(
        'source = "A paper"\n', ""
    )
    path = write(tmp_path, "a.toml", text)
    assert check_files([path]) == [
        Finding("warning", f"{path}:4", "event 'first': no source"),
        Finding("warning", f"{path}:9", "event 'Second': no source"),
    ]


# --- order ---


def test_findings_follow_file_then_line_order(tmp_path: Path) -> None:
    """Errors and warnings interleave by line within a file, files in the given order."""
    first = '[[events]]\nid = "x"\ntitle = "T"\nstart = 2024-01-01\n\n'
    one = write(tmp_path, "b.toml", first + event("2024-01-01", extra="colour = 1\n"))
    two = write(tmp_path, "a.toml", event("2024-02-02", extra='id = "x"\n'))
    findings = check_files([one, two])
    assert [(f.level, f.where) for f in findings] == [
        ("warning", f"{one}:1"),
        ("error", f"{one}:10"),
        ("error", f"{two}:1"),
    ]


# --- impossible dates and times ---

BAD_DATE = """\
[[events]]
title = "A"
start = 2024-01-32T18:00:00
tags = "iu, mv"
except = [2024-02-30, 2024-04-31]
repeat = "daily"

[[events]]
id = "b"
title = "B"
start = 2024-01-02
end = 2024-01-01
source = "S"
"""


def test_an_impossible_date_is_named_and_the_rest_is_still_checked(tmp_path: Path) -> None:
    """A date that does not exist is named at line:column; every other problem follows."""
    path = write(tmp_path, "a.toml", BAD_DATE)
    assert check_files([path]) == [
        Finding(
            "error",
            f"{path}:3:9",
            "TOML syntax error: start = 2024-01-32T18:00:00 is no date (January has 31 days)",
        ),
        Finding(
            "error",
            f"{path}:4",
            "event 'A', field 'tags': must be a list of strings: tags = [\"iu\", \"mv\"]",
        ),
        Finding(
            "error",
            f"{path}:5:11",
            "TOML syntax error: in except: 2024-02-30 is no date (February 2024 has 29 days)",
        ),
        Finding(
            "error",
            f"{path}:5:23",
            "TOML syntax error: in except: 2024-04-31 is no date (April has 30 days)",
        ),
        Finding("error", f"{path}:12", "event 'b', field 'end': 2024-01-01 is before start"),
    ]


def test_a_syntax_error_after_an_impossible_date_is_reported_too(tmp_path: Path) -> None:
    """Reading past an impossible date stops at a real syntax error, reporting both."""
    path = write(tmp_path, "a.toml", "a = 2024-02-30\nb = 2024-01-01 x\n")
    assert check_files([path]) == [
        Finding(
            "error",
            f"{path}:1:5",
            "TOML syntax error: a = 2024-02-30 is no date (February 2024 has 29 days)",
        ),
        Finding(
            "error",
            f"{path}:2:16",
            "TOML syntax error: Expected newline or end of document after a statement",
        ),
    ]


# --- duplicate ids of invalid events ---


def test_a_duplicate_id_is_reported_when_the_first_event_is_invalid(tmp_path: Path) -> None:
    """The first event with an id has another problem: the second is still a duplicate."""
    text = (
        '[[events]]\nid = "x"\ntitle = "A"\nstart = 2024-01-02\nend = 2024-01-01\nsource = "S"\n'
        '\n[[events]]\nid = "x"\ntitle = "B"\nstart = 2024-01-01\nsource = "S"\n'
    )
    path = write(tmp_path, "a.toml", text)
    assert check_files([path]) == [
        Finding("error", f"{path}:5", "event 'x', field 'end': 2024-01-01 is before start"),
        Finding("error", f"{path}:8", f"duplicate id 'x' (first defined at {path}:1)"),
    ]


def test_a_duplicate_id_is_reported_when_the_second_event_is_invalid(tmp_path: Path) -> None:
    """An invalid event whose id is taken is a duplicate too, besides its own problem."""
    one = write(
        tmp_path, "a.toml", '[[events]]\nid = "x"\ntitle = "A"\nstart = "2024"\nsource = "S"\n'
    )
    two = write(tmp_path, "b.toml", '[[events]]\nid = "x"\ntitle = "B"\nsource = "S"\n')
    assert check_files([one, two]) == [
        Finding("error", f"{two}:1", "event 'x', field 'start': is required"),
        Finding("error", f"{two}:1", f"duplicate id 'x' (first defined at {one}:1)"),
    ]
