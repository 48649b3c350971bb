"""`timeline tags` and `timeline people`: counts, case variants, dates covered, order,
then the commands end to end."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

from tests.helpers import NEW_YORK, SAMPLE, SEOUL, event_maker, invoke, write_timeline
from timeline_cli.labels import Label, day_text, labels
from timeline_cli.model import Event

event = event_maker(SEOUL, title="an event")


def summary(
    *events: Event, field: str = "tags"
) -> list[tuple[str, int, str, str, tuple[str, ...]]]:
    """(name, events, first, last, variants) of each label, in order, dates in Seoul."""
    found = labels(events, "tags" if field == "tags" else "people", SEOUL)
    return [
        (
            label.name,
            label.events,
            day_text(label.first, SEOUL),
            day_text(label.last, SEOUL),
            label.variants,
        )
        for label in found
    ]


# Counting and spelling


def test_most_used_first_then_by_name() -> None:
    """Sorted by how many events carry the tag, then by name in any case."""
    events = [
        event(id="a", start=date(2020, 1, 1), tags=["b", "Zed"]),
        event(id="b", start=date(2020, 1, 2), tags=["b", "alpha"]),
    ]
    assert [(n, c) for n, c, *_ in summary(*events)] == [("b", 2), ("alpha", 1), ("Zed", 1)]


def test_case_variants_are_one_tag_named_by_the_most_common_spelling() -> None:
    """BTS on one event and bts on two: one tag, bts, also written BTS."""
    events = [
        event(id="a", start=date(2020, 1, 1), tags=["BTS"]),
        event(id="b", start=date(2020, 1, 2), tags=["bts"]),
        event(id="c", start=date(2020, 1, 3), tags=["bts"]),
    ]
    assert summary(*events) == [("bts", 3, "2020-01-01", "2020-01-03", ("BTS",))]


def test_a_tie_goes_to_the_earliest_spelling() -> None:
    """One BTS, one bts: the spelling met first names the tag."""
    events = [
        event(id="a", start=date(2020, 1, 1), tags=["BTS"]),
        event(id="b", start=date(2020, 1, 2), tags=["bts"]),
    ]
    assert summary(*events)[0][::4] == ("BTS", ("bts",))


def test_an_event_with_two_spellings_counts_once() -> None:
    """An event tagged both V and v is one event of V."""
    both = event(start=date(2020, 1, 1), people=["V", "v"])
    assert summary(both, field="people") == [("V", 1, "2020-01-01", "2020-01-01", ("v",))]


def test_events_without_labels_give_none() -> None:
    """No tags at all: an empty answer."""
    assert labels([event(start=date(2020, 1, 1))], "tags", UTC) == []


# Dates covered


def test_range_is_first_start_to_last_end_with_partial_dates_as_written() -> None:
    """A year alone reads 2017, a month 2018-02; the last end counts, not the last start."""
    events = [
        event(id="a", start="2017", tags=["t"]),
        event(id="b", start=date(2018, 1, 1), end="2018-02", tags=["t"]),
        event(id="c", start=date(2018, 1, 20), tags=["t"]),
    ]
    assert summary(*events) == [("t", 3, "2017", "2018-02", ())]


def test_timed_dates_are_days_of_the_display_zone() -> None:
    """A 00:00 KST event is on the day before in New York."""
    timed = event(start=datetime(2024, 1, 24, 0, 0), tags=["t"])
    [found] = labels([timed], "tags", NEW_YORK)
    assert (day_text(found.first, NEW_YORK), day_text(found.first, SEOUL)) == (
        "2024-01-23",
        "2024-01-24",
    )


# Rendering


def test_plain_columns_and_the_note() -> None:
    """Piped: a header, aligned columns, the variants as a note, then how many."""
    from timeline_cli.render.agenda import print_labels

    found = [
        Label("bts", 12, event(start=date(2016, 9, 8)).start, event(start="2025").start, ("BTS",)),
        Label("ost", 1, event(start="2016-12").start, event(start="2016-12").start),
    ]
    out = io.StringIO()
    print_labels(found, field="tags", zone=SEOUL, out=out)
    assert out.getvalue().splitlines() == [
        "TAG  EVENTS  FIRST       LAST     NOTE",
        "bts  12      2016-09-08  2025     also written: BTS",
        "ost  1       2016-12     2016-12",
        "2 tags · dates in Asia/Seoul",
    ]


def test_terminal_table_fits_the_width() -> None:
    """On an 80-column terminal a long name folds in its cell; every line fits."""
    from timeline_cli.render.agenda import print_labels

    day = event(start=date(2020, 1, 1)).start
    found = [Label("x" * 120, 3, day, day, ("X" * 120,))]
    out = io.StringIO()
    print_labels(found, field="people", zone=SEOUL, out=out, terminal=True)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines) and "Person" in lines[0]
    assert lines[-1] == "1 person · dates in Asia/Seoul"


# The commands


def test_tags_of_the_sample() -> None:
    """The sample's most used tag is release, on 9 events."""
    result = invoke(["tags", "-f", str(SAMPLE), "--tz", "Asia/Seoul"])
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["TAG", "EVENTS", "FIRST", "LAST", "NOTE"]
    assert lines[1].split() == ["release", "9", "2016-09-08", "2024-02-20"]
    assert lines[-1].endswith("tags · dates in Asia/Seoul")


def test_people_json_and_range(tmp_path: Path) -> None:
    """--json lists people with their counts; --from counts only the events from then."""
    body = (
        '[[events]]\ntitle = "a"\nstart = 2020-01-01\npeople = ["V"]\n\n'
        '[[events]]\ntitle = "b"\nstart = 2024-01-01\npeople = ["v", "IU"]\n'
    )
    path = write_timeline(tmp_path, body)
    result = invoke(["people", "-f", str(path), "--json"])
    people = json.loads(result.stdout)["people"]
    assert people == [
        {"name": "V", "events": 2, "first": "2020-01-01", "last": "2024-01-01", "variants": ["v"]},
        {"name": "IU", "events": 1, "first": "2024-01-01", "last": "2024-01-01", "variants": []},
    ]
    later = json.loads(invoke(["people", "-f", str(path), "--from", "2023", "--json"]).stdout)
    assert [(p["name"], p["events"]) for p in later["people"]] == [("IU", 1), ("v", 1)]


def test_a_repeating_event_counts_once_in_a_range(tmp_path: Path) -> None:
    """A weekly series counted over a year is one event, with its own dates."""
    body = '[[events]]\ntitle = "w"\nstart = 2024-01-01\nrepeat = "weekly"\ntags = ["show"]\n'
    path = write_timeline(tmp_path, body)
    result = invoke(["tags", "-f", str(path), "--from", "2024-06", "--to", "2024-12", "--json"])
    assert json.loads(result.stdout)["tags"] == [
        {"name": "show", "events": 1, "first": "2024-01-01", "last": "2024-01-01", "variants": []}
    ]


def test_no_tags_and_no_people(tmp_path: Path) -> None:
    """An empty file: "No tags." and "No people.", exit 0."""
    path = write_timeline(tmp_path, "")
    for command, line in (("tags", "No tags.\n"), ("people", "No people.\n")):
        result = invoke([command, "-f", str(path)])
        assert (result.exit_code, result.stdout, result.stderr) == (0, line, "")


def test_terminal_table_has_no_empty_note_column() -> None:
    """Without other spellings the terminal table has no Note column."""
    from timeline_cli.render.agenda import print_labels

    day = event(start=date(2020, 1, 1)).start
    out = io.StringIO()
    print_labels([Label("bts", 2, day, day)], field="tags", zone=SEOUL, out=out, terminal=True)
    assert out.getvalue().splitlines()[0].split() == ["Tag", "Events", "First", "Last"]
