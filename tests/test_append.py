"""Appending (`add`, and `import` of new events) without parsing the old text again.

The writer checks an append by parsing only the new text (with the old last line)
and the part of the file above its first table header; these tests show that the
result is always what a full parse of the written file gives, that files where the
shortcut cannot tell fall back to the full check, and that the parse cache is left
warm for the next command.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import invoke
from timeline_cli.errors import InvalidFileError, WriteError
from timeline_cli.model import Event, Precision, TimeValue
from timeline_cli.store import FileData, cache, load, load_file
from timeline_cli.store.changes import Change, _appended_text, _check_append, write_change
from timeline_cli.zones import iana_zone

SEOUL = iana_zone("Asia/Seoul")
assert SEOUL is not None
NEW = Event(
    id="new-one",
    title='New "one" [bold]',
    start=TimeValue(Precision.DAY, date(2030, 1, 2)),
    zone=SEOUL,
    description="line one\n[[events]]\nline three",
)

# Old texts the shortcut must handle (or decline) correctly.
ENDINGS = {
    "plain": '[timeline]\ntimezone = "Asia/Seoul"\n\n[[events]]\nid = "a"\ntitle = "A"\n'
    "start = 2024-01-01\n",
    "no final newline": '[[events]]\nid = "a"\ntitle = "A"\nstart = 2024-01-01',
    "comment, no newline": '[[events]]\nid = "a"\ntitle = "A"\nstart = 2024-01-01\n# end',
    "crlf": '[[events]]\r\nid = "a"\r\ntitle = "A"\r\nstart = 2024-01-01\r\n',
    "bom": '\ufeff[[events]]\nid = "a"\ntitle = "A"\nstart = 2024-01-01\n',
    "ends inside a multi-line string": '[[events]]\nid = "a"\ntitle = "A"\nstart = 2024-01-01\n'
    'description = """\nx\n[[events]]\n"""',
    "header inside a string at the root": 'timeline.title = """\n[[events]]\n"""\n'
    '[[events]]\nid = "a"\ntitle = "A"\nstart = 2024-01-01\n',
    "empty": "",
    "only comments": "# nothing yet\n",
}


@pytest.mark.parametrize("name", ENDINGS)
def test_append_reads_back_as_a_full_parse(tmp_path: Path, name: str) -> None:
    path = tmp_path / "events.toml"
    old = ENDINGS[name].encode("utf-8")
    path.write_bytes(old)
    after = write_change(path, lambda _: Change([NEW], {}), header_zone=None)
    written = path.read_bytes()
    assert written.startswith(old)
    full = load_file(path)
    assert after.events == full.events
    assert [e.line for e in after.events] == [e.line for e in full.events]
    assert after.events[-1].title == NEW.title
    assert after.events[-1].description == NEW.description


def _appended(old: str, events: list[Event]) -> tuple[bytes, bytes]:
    """(old bytes, the bytes after appending ``events`` the way the writer does)."""
    data = new = old.encode("utf-8")
    for event in events:
        new += _appended_text(new, event).encode("utf-8")
    return data, new


def test_shortcut_declines_a_root_events_array(tmp_path: Path) -> None:
    old = 'events = [{id = "a", title = "A", start = 2024-01-01}]\n'
    before = load_file(tmp_path / "x.toml", old.encode())
    data, new = _appended(old, [NEW])
    assert _check_append(tmp_path / "x.toml", before, [NEW], data, new) is None
    path = tmp_path / "events.toml"
    path.write_text(old)
    with pytest.raises(InvalidFileError, match=r"\[\[events\]\]"):
        write_change(path, lambda _: Change([NEW], {}), header_zone=None)
    assert path.read_text() == old


@pytest.mark.parametrize(
    "old",
    [
        '"events" = []\n[timeline]\ntitle = "x"\n',
        "events.x = 1\n[[other]]\n",  # (a table: the file itself is invalid)
    ],
)
def test_shortcut_declines_any_root_events_key(tmp_path: Path, old: str) -> None:
    path = tmp_path / "x.toml"
    before = FileData(path, None, SEOUL, None, [])
    data, new = _appended(old, [NEW])
    assert _check_append(path, before, [NEW], data, new) is None


def test_shortcut_is_taken_for_an_ordinary_file(tmp_path: Path) -> None:
    old = ENDINGS["plain"]
    path = tmp_path / "x.toml"
    before = load_file(path, old.encode())
    two = replace(NEW, id="two", has_zone=True)
    data, new = _appended(old, [NEW, two])
    checked = _check_append(path, before, [NEW, two], data, new)
    assert checked is not None
    assert checked.events == load_file(path, new).events


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(
    title=texts.filter(lambda t: t.strip() and "\n" not in t and "\r" not in t),
    description=st.none() | texts,
    ending=st.sampled_from(sorted(ENDINGS)),
    count=st.integers(1, 3),
)
def test_appending_any_text_equals_a_full_parse(
    tmp_path_factory: pytest.TempPathFactory,
    title: str,
    description: str | None,
    ending: str,
    count: int,
) -> None:
    path = tmp_path_factory.mktemp("append") / "events.toml"
    path.write_text(ENDINGS[ending], encoding="utf-8", newline="")
    events = [
        Event(
            id=f"e-{n}",
            title=title,
            start=NEW.start,
            zone=SEOUL,
            has_zone=True,
            description=description,
        )
        for n in range(count)
    ]
    after = write_change(path, lambda _: Change(events, {}), header_zone=None)
    full = load_file(path)
    assert after.events == full.events
    assert [e.line for e in after.events] == [e.line for e in full.events]
    assert [(e.title, e.description) for e in full.events[-count:]] == [
        (title, description)
    ] * count


def test_add_to_a_large_file_leaves_the_cache_warm_and_right(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke(["list", "-f", str(big), "--limit", "1"]).exit_code == 0  # builds the cache
    old = big.read_bytes()
    result = invoke(["add", "Appended", "--start", "2031-05-05 10:00", "-f", str(big)])
    assert result.exit_code == 0, result.stderr
    new = big.read_bytes()
    assert new.startswith(old) and len(new) > len(old)
    entries = sorted((tmp_path / "cache" / "timeline").glob("*.json"))
    assert len(entries) == 1
    entry = cache.read(entries[0].parent, big, new, big.stat())
    assert entry is not None, "the cache entry should describe the new bytes"
    cached = load([big]).events
    fresh = load([big], None).events  # parsed, no cache
    assert cached == fresh
    assert [e.line for e in cached] == [e.line for e in fresh]
    assert cached[-1].title == "Appended"
    plain = invoke(["list", "-f", str(big)]).stdout
    assert plain == invoke(["list", "-f", str(big)], env={"TIMELINE_NO_CACHE": "1"}).stdout


def test_edit_and_remove_refresh_the_cache_too(big: Path) -> None:
    first = load_file(big).events[0]
    assert invoke(["edit", first.id, "--title", "Renamed", "-f", str(big)]).exit_code == 0
    assert load([big]).events[0].title == "Renamed"
    second = load_file(big).events[1]
    assert invoke(["remove", second.id, "--yes", "-f", str(big)]).exit_code == 0
    cached = load([big]).events
    assert second.id not in {e.id for e in cached}
    assert cached == load_file(big).events


def test_a_corrupt_cache_does_not_disturb_an_add(big: Path, tmp_path: Path) -> None:
    assert invoke(["list", "-f", str(big), "--limit", "1"]).exit_code == 0
    (entry,) = (tmp_path / "cache" / "timeline").glob("*.json")
    entry.write_text('{"format": "nonsense"')
    old = big.read_bytes()
    assert invoke(["add", "After", "--start", "2031-01-01", "-f", str(big)]).exit_code == 0
    assert big.read_bytes().startswith(old)
    assert load_file(big).events[-1].title == "After"
    assert load([big]).events == load_file(big).events


def test_an_event_that_would_read_back_otherwise_is_refused_and_nothing_written(
    tmp_path: Path,
) -> None:
    """The writers' last safety net: an event whose written form reads back as something
    else (here a time whose day disagrees with its moment) is not written."""
    path = tmp_path / "events.toml"
    path.write_text(ENDINGS["plain"], encoding="utf-8")
    moment = datetime(2030, 1, 2, 9, 0, tzinfo=SEOUL)
    odd = replace(NEW, start=TimeValue(Precision.TIME, date(2030, 1, 1), moment))
    with pytest.raises(WriteError, match="would not read back as given"):
        write_change(path, lambda _: Change([odd], {}), header_zone=None)
    assert path.read_text(encoding="utf-8") == ENDINGS["plain"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".events.toml.lock", "events.toml"]


def test_an_event_the_reader_would_refuse_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "events.toml"
    path.write_text(ENDINGS["plain"], encoding="utf-8")
    two_lines = replace(NEW, title="one\ntwo")
    with pytest.raises(InvalidFileError, match=r"would not read back.*must be one line"):
        write_change(path, lambda _: Change([two_lines], {}), header_zone=None)
    assert path.read_text(encoding="utf-8") == ENDINGS["plain"]
