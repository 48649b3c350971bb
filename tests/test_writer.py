"""The writer's in-place replacement: only the replaced event's lines change."""

from __future__ import annotations

import difflib
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.test_cli_add import HAND_WRITTEN
from timeline_cli.errors import InvalidFileError, WriteError
from timeline_cli.store import FileData, load_file
from timeline_cli.store.changes import Change, write_change
from timeline_cli.store.lock import lock_path
from timeline_cli.store.spans import event_blocks

COMMENTED = '''\
# top comment
[timeline]
timezone = "Asia/Seoul"

# --- first section ---
[[events]]
id = "one"   # inline comment
title = "One"
start = 2024-01-01
description = """
[[events]] inside a string
"""

# this comment introduces event two
[[events]]
id = "two"
title = 'Two'
start   =   2024-02-02T10:00:00
tags = ["a",    "b"]

# trailing comment of the file
'''


def changed_lines(before: str, after: str) -> list[str]:
    """The removed and added lines of a diff, without context."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def rewrite(path: Path, event_id: str, **fields: object) -> FileData:
    def change(current: FileData) -> Change:
        old = next(e for e in current.events if e.id == event_id)
        return Change([], {event_id: replace(old, **fields)})  # type: ignore[arg-type]

    return write_change(path, change, header_zone=None)


def test_blocks_skip_strings_and_leave_comments_to_the_next_event() -> None:
    """A block ends before the comments that introduce the next table."""
    assert event_blocks(COMMENTED) == [(6, 13), (15, 20)]


def test_replacing_the_first_event_changes_only_its_lines(tmp_path: Path) -> None:
    """Every comment, blank line and the other event's odd spacing survive."""
    path = tmp_path / "events.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    after = rewrite(path, "one", title="One, renamed")
    text = path.read_text(encoding="utf-8")
    removed = [line for line in changed_lines(COMMENTED, text) if line.startswith("-")]
    assert all(line[1:] in COMMENTED.split("\n")[5:12] for line in removed)
    assert "# this comment introduces event two" in text
    assert "start   =   2024-02-02T10:00:00" in text and 'tags = ["a",    "b"]' in text
    assert "# trailing comment of the file" in text
    assert [e.title for e in after.events] == ["One, renamed", "Two"]
    assert text.index("One, renamed") < text.index("# this comment introduces")


def test_replacing_the_last_event_keeps_the_trailing_comment(tmp_path: Path) -> None:
    """The file's last comment is not part of the last event."""
    path = tmp_path / "events.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    rewrite(path, "two", title="Two, renamed")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED.split('[[events]]\nid = "two"')[0])
    assert text.rstrip().endswith("# trailing comment of the file")
    assert load_file(path).events[1].title == "Two, renamed"


def test_crlf_and_bom_survive_a_replacement(tmp_path: Path) -> None:
    """A CRLF file with a BOM keeps both; the new block has CRLF lines too."""
    path = tmp_path / "events.toml"
    original = ("\ufeff" + HAND_WRITTEN.replace("\n", "\r\n")).encode("utf-8")
    path.write_bytes(original)
    event_id = load_file(path).events[0].id
    rewrite(path, event_id, title="New")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# my timeline")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert load_file(path).events[0].title == "New"


def test_inline_array_events_cannot_be_replaced(tmp_path: Path) -> None:
    """A file whose events are an inline array is refused, unchanged."""
    path = tmp_path / "events.toml"
    text = 'events = [{ id = "x", title = "X", start = 2024-01-01 }]\n'
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFileError):
        rewrite(path, "x", title="Y")
    assert path.read_text(encoding="utf-8") == text


def test_only_the_changed_field_lines_change(tmp_path: Path) -> None:
    """Changing one field rewrites that field's line and nothing else, not even its event's."""
    path = tmp_path / "events.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    rewrite(path, "two", title="Two, renamed")
    text = path.read_text(encoding="utf-8")
    assert changed_lines(COMMENTED, text) == ["-title = 'Two'", '+title = "Two, renamed"']


def test_clearing_and_adding_fields(tmp_path: Path) -> None:
    """A cleared field's lines go (a multi-line one too); a new field goes after the last."""
    path = tmp_path / "events.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    rewrite(path, "one", description=None, location="Seoul")
    text = path.read_text(encoding="utf-8")
    assert changed_lines(COMMENTED, text) == [
        '-description = """',
        "-[[events]] inside a string",
        '-"""',
        '+location = "Seoul"',
    ]
    assert load_file(path).events[0].location == "Seoul"


def test_a_derived_id_is_written_when_the_event_changes(tmp_path: Path) -> None:
    """An event without an id gets its id pinned, so a new title does not change it."""
    path = tmp_path / "events.toml"
    path.write_text('[[events]]\ntitle = "Old"\nstart = 2024-01-01\n', encoding="utf-8")
    (event,) = load_file(path).events
    rewrite(path, event.id, title="New")
    assert load_file(path).events[0].id == event.id == "2024-01-01-old"
    assert 'id = "2024-01-01-old"' in path.read_text(encoding="utf-8")


def test_a_write_clears_temp_files_of_killed_writers_and_nothing_else(tmp_path: Path) -> None:
    """A writer killed before its rename leaves `.events.toml.XXXXXXXX.tmp`; the next
    writer (holding the lock, so no live writer owns one) deletes it."""
    path = tmp_path / "events.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    leftover = tmp_path / ".events.toml.k1ll3d0k.tmp"
    leftover.write_text("half a file", encoding="utf-8")
    mine = [tmp_path / ".events.toml.backup.tmp", tmp_path / ".other.toml.k1ll3d0k.tmp"]
    for keep in mine:
        keep.write_text("user's", encoding="utf-8")
    rewrite(path, "two", title="Two again")
    assert not leftover.exists()
    assert all(keep.read_text(encoding="utf-8") == "user's" for keep in mine)


def test_the_lock_excludes_other_processes_and_dies_with_its_holder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process holding the lock makes a writer wait (and time out); killing the holder
    releases it at once, so a crash never leaves a stale lock."""
    path = tmp_path / "events.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    holder = hold(lock_path(path))
    try:
        monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", "0.3")
        with pytest.raises(WriteError, match="locked by another timeline command"):
            rewrite(path, "two", title="Blocked")
        monkeypatch.delenv("TIMELINE_LOCK_TIMEOUT")
        assert path.read_text(encoding="utf-8") == COMMENTED
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    start = time.monotonic()
    rewrite(path, "two", title="After the crash")
    assert time.monotonic() - start < 5
    assert load_file(path).events[1].title == "After the crash"


def hold(lock: Path) -> subprocess.Popen[bytes]:
    """Another process that takes the flock of ``lock`` and keeps it until killed."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(lock)], stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
    return holder


HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""
