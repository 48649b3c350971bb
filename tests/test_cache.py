"""The parse cache: used only for the exact same bytes, never trusted when stale or corrupt."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.helpers import assert_error, invoke
from timeline_cli.store import load, load_file


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "timeline").glob("*.json"))


def test_cached_load_equals_a_fresh_parse(big: Path, tmp_path: Path) -> None:
    """The second load comes from the cache and gives exactly the parsed events."""
    fresh = load_file(big).events
    first = load([big]).events
    assert len(cache_files(tmp_path)) == 1
    second = load([big]).events
    assert second == fresh == first
    assert [(e.file, e.line) for e in second] == [(e.file, e.line) for e in fresh]
    assert [e.start.moment.tzinfo for e in second if e.start.moment] == [
        e.start.moment.tzinfo for e in fresh if e.start.moment
    ]


def test_cache_folder_is_private(big: Path, tmp_path: Path) -> None:
    """The cache folder is created readable by its owner only."""
    load([big])
    assert (tmp_path / "cache" / "timeline").stat().st_mode & 0o777 == 0o700


def test_small_files_are_not_cached(tmp_path: Path, sample: Path) -> None:
    """A timeline below the threshold parses fast enough; no cache file is written."""
    load([sample])
    assert cache_files(tmp_path) == []


def test_same_size_and_mtime_but_other_bytes_is_not_served(big: Path, tmp_path: Path) -> None:
    """An edit that keeps size and mtime is still seen: the content hash decides."""
    before = load([big]).events
    stat = big.stat()
    text = big.read_text(encoding="utf-8")
    marker = text.index("title = ", text.index("[[events]]")) + len("title = ") + 1
    edited = text[:marker] + ("Z" if text[marker] != "Z" else "Y") + text[marker + 1 :]
    big.write_text(edited, encoding="utf-8")
    os.utime(big, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert big.stat().st_size == stat.st_size
    after = load([big]).events
    assert after == load_file(big).events
    assert after[0].title != before[0].title


def test_corrupt_cache_is_ignored_and_rebuilt(big: Path, tmp_path: Path) -> None:
    """Garbage, wrong types or another format in the cache file never break a load."""
    expected = load_file(big).events
    load([big])
    (entry,) = cache_files(tmp_path)
    for garbage in (b"\x00not json", b"[]", b'{"format": "other"}'):
        entry.write_bytes(garbage)
        assert load([big]).events == expected
    data = json.loads(entry.read_bytes())
    data["events"][0][2] = ["not", "a", "time"]
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert load([big]).events == expected


def test_tampered_entry_for_other_bytes_is_not_used(big: Path, tmp_path: Path) -> None:
    """An entry whose hash names other bytes is refused even if size and mtime match."""
    load([big])
    (entry,) = cache_files(tmp_path)
    data = json.loads(entry.read_bytes())
    data["events"][0][1] = "Injected title"
    data["hash"] = "0" * 40
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert all(e.title != "Injected title" for e in load([big]).events)


def test_unwritable_cache_location_is_harmless(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder that cannot be created only costs speed."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    result = invoke(["list", "-f", str(big), "-n", "1"])
    assert result.exit_code == 0 and result.stderr == ""


def test_no_cache_env_turns_it_off(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TIMELINE_NO_CACHE=1 writes no cache file."""
    monkeypatch.setenv("TIMELINE_NO_CACHE", "1")
    load([big])
    assert cache_files(tmp_path) == []
    assert not (tmp_path / "cache" / "timeline").exists()


def test_errors_are_reported_even_with_a_cache(big: Path, tmp_path: Path) -> None:
    """A file that became invalid is parsed and refused, not served from the cache."""
    load([big])
    big.write_text(big.read_text(encoding="utf-8") + "\n[[events]]\ntitel = 'x'\n", "utf-8")
    result = invoke(["list", "-f", str(big)])
    assert_error(result, 4, "did you mean 'title'")


def _plant(big: Path, tmp_path: Path) -> Path:
    """Build the entry, then change a title in it (with the right hash): a planted entry."""
    load([big])
    (entry,) = cache_files(tmp_path)
    data = json.loads(entry.read_bytes())
    data["events"][0][1] = "Planted title"
    entry.write_text(json.dumps(data), encoding="utf-8")
    entry.chmod(0o600)
    assert load([big]).events[0].title == "Planted title"  # the cache is trusted when private
    return entry


def test_a_cache_folder_others_can_write_to_is_not_used(big: Path, tmp_path: Path) -> None:
    """XDG_CACHE_HOME in a shared place: entries there could be planted, so none is read."""
    _plant(big, tmp_path)
    folder = tmp_path / "cache" / "timeline"
    folder.chmod(0o777)
    assert load([big]).events == load_file(big).events
    folder.chmod(0o700)
    assert load([big]).events[0].title == "Planted title"


def test_an_entry_others_can_write_is_not_used(big: Path, tmp_path: Path) -> None:
    entry = _plant(big, tmp_path)
    entry.chmod(0o666)
    assert load([big]).events == load_file(big).events


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_an_entry_or_folder_owned_by_someone_else_is_not_used(big: Path, tmp_path: Path) -> None:
    entry = _plant(big, tmp_path)
    os.chown(entry, 65534, 65534)
    assert load([big]).events == load_file(big).events
    os.chown(entry, 0, 0)
    folder = tmp_path / "cache" / "timeline"
    os.chown(folder, 65534, 65534)
    assert load([big]).events == load_file(big).events
    before = entry.read_bytes()
    big.write_text(big.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load([big])
    assert entry.read_bytes() == before, "nothing is written into someone else's folder"


def test_old_temp_entries_of_killed_processes_go_fresh_ones_stay(big: Path, tmp_path: Path) -> None:
    """A cache write deletes `.entry.*.tmp` files over an hour old (their writer is
    dead); a fresh one may belong to a process writing right now, so it stays."""
    where = tmp_path / "cache" / "timeline"
    where.mkdir(mode=0o700, parents=True)
    old, fresh = where / ".entry.0ld0ld00.tmp", where / ".entry.fr35h000.tmp"
    for leftover in (old, fresh):
        leftover.write_text('{"format":', encoding="utf-8")
    hour_ago = time.time() - 3700
    os.utime(old, (hour_ago, hour_ago))
    load([big])
    assert cache_files(tmp_path), "the cache was written"
    assert not old.exists() and fresh.exists()
