"""``edit ID --editor``: the event's lines in the user's editor, checked and written safely.

The editor is a scripted one (``edit.py`` in a folder with a space in its name, run
with an argument as ``code --wait`` is): each call applies the next step of
$EDIT_STEPS (a JSON list; the last step repeats) to the temporary file and logs
what it saw in $EDIT_LOG.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, assert_error, invoke
from tests.test_writer import hold
from timeline_cli.settings import current
from timeline_cli.store import load_file
from timeline_cli.store.lock import lock_path

HEADER = """\
# My timeline
[timeline]
timezone = "Asia/Seoul"

# --- 2024 ---

"""
FIRST = """\
[[events]]
id = "first"
title = "First"
start = 2024-01-01
"""
SECOND = """\
[[events]]
id = "second"   # chosen by hand
title = "Second"
# the hour is a guess
start = 2024-02-01T10:00:00
tags = [
    "a",  # the first
    "b",
]
"""
THIRD = """\
# introduces the third
[[events]]
id = "third"
title = "Third"
start = 2024-03-01
"""
TEXT = HEADER + FIRST + "\n" + SECOND + "\n" + THIRD
OLD_NS = 1_000_000_000  # the file's mtime: a write would move it

EDITOR_SCRIPT = """\
import json, os, pathlib, sys

path = pathlib.Path(sys.argv[-1])
log = pathlib.Path(os.environ["EDIT_LOG"])
seen = json.loads(log.read_text()) if log.exists() else []
steps = json.loads(os.environ["EDIT_STEPS"])
step = steps[min(len(seen), len(steps) - 1)]
text = path.read_bytes().decode("utf-8")
seen.append({"args": sys.argv[1:], "name": path.name, "text": text})
log.write_text(json.dumps(seen))
for old, new in step.get("replace", []):
    text = text.replace(old, new)
text = step.get("write", text)
path.write_bytes(text.encode("utf-8"))
if "other" in step:  # another writer changes the events file meanwhile
    target, old, new = step["other"]
    target = pathlib.Path(target)
    target.write_bytes(target.read_bytes().replace(old.encode(), new.encode()))
sys.exit(step.get("exit", 0))
"""


@pytest.fixture
def events(tmp_path: Path) -> Path:
    """The events file, its mtime in the past."""
    path = tmp_path / "events.toml"
    path.write_text(TEXT, encoding="utf-8")
    os.utime(path, ns=(OLD_NS, OLD_NS))
    return path


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder of temporary files (in-process runs and child processes alike)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drafts: Path) -> Path:
    """$EDITOR is the scripted editor (a quoted path with a space, and an argument)."""
    folder = tmp_path / "my editor"
    folder.mkdir()
    script = folder / "edit.py"
    script.write_text(f"#!{sys.executable}\n{EDITOR_SCRIPT}", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"'{script}' --wait")
    monkeypatch.setenv("EDIT_LOG", str(tmp_path / "log.json"))
    return tmp_path / "log.json"


def steps(monkeypatch: pytest.MonkeyPatch, *todo: dict[str, Any]) -> None:
    monkeypatch.setenv("EDIT_STEPS", json.dumps(list(todo)))


def seen(log: Path) -> list[dict[str, Any]]:
    """What the editor saw, call by call."""
    return json.loads(log.read_text()) if log.exists() else []


def edit(events: Path, *more: str) -> Any:
    return invoke(["edit", "second", "--editor", "-f", str(events), *more])


def untouched(events: Path) -> bool:
    return events.read_text(encoding="utf-8") == TEXT and events.stat().st_mtime_ns == OLD_NS


# --- a good edit -------------------------------------------------------------------


def test_the_editor_gets_the_block_as_written_in_a_toml_temp_file(
    events: Path, editor: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The editor sees the event's lines with their comments, nothing around them, in
    timeline-ID-XXXX.toml, after the command's own arguments; the file is removed."""
    steps(monkeypatch, {"replace": [["Second", "Second!"]]})
    result = edit(events)
    assert (result.exit_code, result.stderr) == (0, "")
    (call,) = seen(editor)
    assert call["text"] == SECOND
    assert call["args"][0] == "--wait"
    assert re.fullmatch(r"timeline-second-\w+\.toml", call["name"])
    assert call["args"][1] == str(drafts / call["name"])
    assert list(drafts.iterdir()) == []


def test_only_the_event_lines_change_and_comments_survive(
    events: Path, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new lines, as the user wrote them (a new comment, a changed tag), replace the
    block; every other byte of the file stays."""
    changes = [
        ['title = "Second"', 'title = "Second, edited"  # a new comment'],
        ['    "b",', '    "c",  # was b'],
    ]
    steps(monkeypatch, {"replace": changes})
    result = edit(events)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Changed in {events}:")
    new_second = SECOND
    for old, new in changes:
        new_second = new_second.replace(old, new)
    assert events.read_text(encoding="utf-8") == HEADER + FIRST + "\n" + new_second + "\n" + THIRD
    (_, second, _) = load_file(events).events
    assert (second.title, second.tags) == ("Second, edited", ("a", "c"))


def test_visual_comes_before_editor(
    events: Path, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$VISUAL is run when set (here the scripted editor; $EDITOR cannot run)."""
    monkeypatch.setenv("VISUAL", os.environ["EDITOR"])
    monkeypatch.setenv("EDITOR", "false")
    steps(monkeypatch, {"replace": [["Second", "Seen"]]})
    assert edit(events).exit_code == 0
    assert load_file(events).events[1].title == "Seen"


def test_the_editor_setting_is_visual_else_editor_else_vi(tmp_path: Path) -> None:
    """As git: $VISUAL, else $EDITOR, else vi; an empty variable counts as unset."""
    assert current({"VISUAL": "code --wait", "EDITOR": "nano"}, tmp_path).editor == "code --wait"
    found = current({"VISUAL": " ", "EDITOR": "nano"}, tmp_path)
    assert (found.editor, found.sources["editor"]) == ("nano", "EDITOR")
    found = current({}, tmp_path)
    assert (found.editor, found.sources.get("editor", "default")) == ("vi", "default")


def test_a_new_id_renames_the_event(
    events: Path, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing the id line renames the event (the id is the user's to change here)."""
    steps(monkeypatch, {"replace": [['"second"', '"second-renamed"']]})
    assert edit(events).exit_code == 0
    assert [e.id for e in load_file(events).events] == ["first", "second-renamed", "third"]


def test_a_crlf_file_with_a_bom_keeps_both(
    tmp_path: Path, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The editor sees LF lines; what it gives back is written with the file's CRLF, and
    the BOM stays."""
    path = tmp_path / "crlf.toml"
    text = (HEADER + FIRST + "\n" + SECOND + "\n" + THIRD).replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    steps(monkeypatch, {"replace": [["Second", "Two"]]})
    assert edit(path).exit_code == 0
    assert seen(editor)[0]["text"] == SECOND
    assert path.read_bytes() == b"\xef\xbb\xbf" + text.replace("Second", "Two").encode("utf-8")


def test_the_last_event_of_a_file_without_a_final_newline(
    tmp_path: Path, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last block, up to the end of a file with no final newline, is replaced whole;
    the file still ends as it did."""
    path = tmp_path / "e.toml"
    path.write_text(FIRST + "\n" + SECOND.rstrip("\n"), encoding="utf-8")
    steps(monkeypatch, {"replace": [["Second", "Two"]]})
    assert edit(path).exit_code == 0
    assert path.read_text(encoding="utf-8") == FIRST + "\n" + SECOND.rstrip("\n").replace(
        "Second", "Two"
    )


def test_dry_run_shows_the_diff_and_writes_nothing(
    events: Path, editor: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--dry-run --editor prints the unified diff of the file; the file is untouched."""
    steps(monkeypatch, {"replace": [["Second", "Two"]]})
    result = edit(events, "--dry-run")
    assert (result.exit_code, result.stderr) == (0, "")
    assert '-title = "Second"\n+title = "Two"\n' in result.stdout
    assert untouched(events)
    assert list(drafts.iterdir()) == []


# --- nothing to write --------------------------------------------------------------


def test_an_unchanged_text_writes_nothing(
    events: Path, editor: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same bytes back (a missing final newline aside): "No change", exit 0, the
    file's bytes and mtime as they were."""
    steps(monkeypatch, {}, {"replace": [['b",\n]\n', 'b",\n]']]})
    for _ in range(2):
        result = edit(events)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout.startswith("No change: second")
        assert untouched(events)
    assert list(drafts.iterdir()) == []


def test_an_emptied_text_aborts(
    events: Path, editor: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleting everything (a comment may stay) aborts: exit 1, nothing changed."""
    for text in ("", "\n# all gone\n"):
        steps(monkeypatch, {"write": text})
        assert_error(edit(events), 1, "left empty: edit aborted, nothing changed")
        assert untouched(events)
    assert list(drafts.iterdir()) == []


def test_an_editor_that_fails_aborts(
    events: Path, editor: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor exiting non-zero (vim's :cq) aborts, whatever it wrote: exit 1."""
    steps(monkeypatch, {"replace": [["Second", "Two"]], "exit": 3})
    assert_error(edit(events), 1, "the editor exited with status 3; nothing changed")
    assert untouched(events)
    assert list(drafts.iterdir()) == []


def test_an_editor_that_cannot_run_names_the_variables(
    events: Path, editor: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$EDITOR naming no program, or no variable and no vi: exit 2, naming VISUAL/EDITOR."""
    monkeypatch.setenv("EDITOR", "no-such-editor --wait")
    assert_error(
        edit(events), 2, "cannot run the editor 'no-such-editor --wait' (from $EDITOR): not found"
    )
    monkeypatch.delenv("EDITOR")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert_error(edit(events), 2, "no editor: 'vi' not found; set VISUAL or EDITOR")
    assert untouched(events)


def test_other_change_options_are_refused_with_editor(events: Path, editor: Path) -> None:
    """--editor with --title (or --rename, --clear...) is a usage error: exit 2."""
    for more in (["--title", "X"], ["--rename"], ["--clear", "tags"]):
        assert_error(edit(events, *more), 2, "--editor edits the whole event")
    assert seen(editor) == []
    assert untouched(events)


def test_ctrl_c_while_the_editor_runs_is_the_editors(
    events: Path, editor: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C (SIGINT to the whole process group) while the editor runs is left to the
    editor, as git does: an editor that ignores it finishes and its edit is written.
    (A command line without quotes or shell syntax runs without a shell, which would die
    of it.)"""
    script = tmp_path / "interrupted.py"
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, pathlib, signal, sys, time\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "os.killpg(os.getpgrp(), signal.SIGINT)\n"
        "time.sleep(0.2)\n"
        "path = pathlib.Path(sys.argv[-1])\n"
        "path.write_text(path.read_text().replace('Second', 'Two'))\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    env = {**os.environ, "EDITOR": f"{script} --wait", "PYTHONPATH": str(ROOT)}
    args = ["edit", "second", "--editor", "-f", str(events)]
    done = subprocess.run(
        [sys.executable, "-m", "timeline_cli", *args],
        env=env,
        capture_output=True,
        text=True,
        start_new_session=True,  # its own process group: the signal reaches nothing else
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert events.read_text(encoding="utf-8") == TEXT.replace('"Second"', '"Two"')


# --- invalid results, without a terminal -------------------------------------------


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (
            {"replace": [["2024-02-01T10", "2024-02-31T10"]]},
            [":5:9: TOML syntax error: start = 2024-02-31T10:00:00 is no date"],
        ),
        (
            {"replace": [["10:00:00", '10:00:00\nurl = "nope"']]},
            [":1: event 'second', field 'url' (line 6): 'nope' is not an http(s) address"],
        ),
        ({"replace": [['"second"', '"third"']]}, ["field 'id'", "'third' is used by another"]),
        ({"replace": [["[[events]]", "[[events]]\n[[events]]"]]}, ["one [[events]] table"]),
        ({"write": 'events = [{title = "x", start = 2024-01-01}]'}, ["one [[events]] table"]),
        ({"replace": [["[[events]]", "[timeline]\n[[events]]"]]}, ["`timeline` is no field"]),
    ],
)
def test_an_invalid_text_is_an_error_at_its_line_in_the_temp_file(
    events: Path,
    editor: Path,
    drafts: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: dict[str, Any],
    fragments: list[str],
) -> None:
    """Without a terminal an invalid text is an error at once: exit 4, the problem
    located in the temporary file, which is kept with the user's text; nothing changed."""
    steps(monkeypatch, change)
    message = assert_error(edit(events), 4, *fragments, "(nothing changed; your version stays")
    (draft,) = drafts.iterdir()
    assert str(draft) in message
    assert draft.read_text(encoding="utf-8") != SECOND
    assert untouched(events)
    assert len(seen(editor)) == 1


def test_an_id_line_is_needed_when_the_derived_id_is_taken(
    tmp_path: Path, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event without an id whose new start and title derive an id in use is refused,
    saying to give it an id."""
    path = tmp_path / "e.toml"
    text = FIRST.replace('id = "first"\n', "") + '\n[[events]]\nid = "2024-01-01-x"\n'
    path.write_text(text + 'title = "X"\nstart = 2024-01-01\n', encoding="utf-8")
    steps(monkeypatch, {"replace": [['"First"', '"X"']]})
    result = invoke(["edit", "2024-01-01-first", "--editor", "-f", str(path)])
    assert_error(result, 4, "'2024-01-01-x' is used by another event (derived from start")


# --- writing safely ----------------------------------------------------------------


def test_a_block_changed_on_disk_meanwhile_is_not_overwritten(
    events: Path, editor: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer changed the event while the editor was open: nothing written, the
    user's version kept in the temp file, and the message says so (exit 1)."""
    other = [str(events), 'title = "Second"', 'title = "By another"']
    steps(monkeypatch, {"replace": [["Second", "Mine"]], "other": other})
    message = assert_error(edit(events), 1, f"{events} changed while you edited; your version")
    assert message.endswith(" — edit again")
    assert events.read_text(encoding="utf-8") == TEXT.replace('"Second"', '"By another"')
    (draft,) = drafts.iterdir()
    assert str(draft) in message
    assert draft.read_text(encoding="utf-8") == SECOND.replace("Second", "Mine")


def test_a_change_to_another_event_meanwhile_is_kept(
    events: Path, editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the event's own block must be as it was: another writer's change to another
    event survives, and so does the edit."""
    other = [str(events), 'title = "Third"', 'title = "Third, by another"']
    steps(monkeypatch, {"replace": [["Second", "Mine"]], "other": other})
    assert edit(events).exit_code == 0
    expected = TEXT.replace('"Third"', '"Third, by another"').replace('"Second"', '"Mine"')
    assert events.read_text(encoding="utf-8") == expected


def test_the_write_takes_the_writers_lock(
    events: Path, editor: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holding the lock makes the write wait and time out (exit 1) as
    every write does; nothing changed, the user's version kept."""
    steps(monkeypatch, {"replace": [["Second", "Blocked"]]})
    holder = hold(lock_path(events))
    try:
        monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", "0.3")
        message = assert_error(edit(events), 1, "is locked by another timeline command")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert untouched(events)
    (draft,) = drafts.iterdir()
    assert message.endswith(f"; your version is in {draft}")


# --- invalid results, on a terminal ------------------------------------------------


def on_terminal(
    args: list[str], answers: bytes, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run ``timeline ARGS`` with a pty as stdin, the ``answers`` typed in advance."""
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "timeline_cli", *args],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**env, "PYTHONPATH": str(ROOT)},
            text=True,
        )
        os.close(slave)
        slave = -1
        os.write(master, answers)
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


BAD_START = {"replace": [["2024-02-01T10", "2024-02-31T10"]]}


def test_edit_again_reopens_the_users_text_until_it_is_valid(
    events: Path, editor: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal the problem is shown and "Edit again?" asked; yes reopens the
    editor on the user's text (not the original); the valid result is written."""
    steps(monkeypatch, BAD_START, {"replace": [["2024-02-31T10", "2024-02-29T10"]]})
    args = ["edit", "second", "--editor", "-f", str(events)]
    result = on_terminal(args, b"y\n", dict(os.environ))
    assert result.returncode == 0, result.stderr
    error, question = result.stderr.splitlines()
    assert error.startswith("timeline: error: ") and ":5:9: TOML syntax error" in error
    assert question.startswith("Edit again?")
    first, second = seen(editor)
    assert second["name"] == first["name"]
    assert second["text"] == SECOND.replace("2024-02-01T10", "2024-02-31T10")
    assert events.read_text(encoding="utf-8") == TEXT.replace("2024-02-01T10", "2024-02-29T10")
    assert list(drafts.iterdir()) == []


def test_no_to_edit_again_changes_nothing(
    events: Path, editor: Path, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answering no ends the edit: exit 1, nothing changed, the user's text kept."""
    steps(monkeypatch, BAD_START)
    args = ["edit", "second", "--editor", "-f", str(events)]
    result = on_terminal(args, b"n\n", dict(os.environ))
    assert result.returncode == 1, result.stderr
    last = result.stderr.splitlines()[-1]
    (draft,) = drafts.iterdir()
    assert last.endswith(f"timeline: error: nothing changed; your version is in {draft}")
    assert untouched(events)
    assert len(seen(editor)) == 1
