"""``timeline sync`` on a terminal: the summary's words, every line within the terminal's
width (a real pty at 80 and 160 columns), the progress bar of a long sync."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.pty_helpers import ROOT, on_pty, plain, screen
from tests.sync_helpers import SAMPLE, Timeline, server_events, summary
from timeline_cli.display import cell_width
from timeline_cli.results import SyncReport
from timeline_cli.sync.apply import Done
from timeline_cli.sync.plan import Step, There

# -- the summary's words ------------------------------------------------------------


def report(*actions: Any, refused: int = 0, dry_run: bool = False) -> SyncReport:
    there = There("/cal/x.ics", '"1"', "h")
    steps = [Done(Step(a, f"u{i}", "h", there), f"e{i}", "T", []) for i, a in enumerate(actions)]
    steps += [
        Done(Step("upload", f"r{i}", "h", None), f"r{i}", "T", [], error="413 Too Large")
        for i in range(refused)
    ]
    return SyncReport(Path("/x/events.toml"), "team", steps, [], refused, dry_run)


@pytest.mark.parametrize(
    ("actions", "refused", "said"),
    [
        ((), 0, "nothing to change"),
        (("record", "forget"), 0, "nothing to change"),  # the state's bookkeeping only
        (("upload",) * 26, 0, "26 uploaded"),
        (
            ("download", "pull", "delete-local", "conflict"),
            0,
            "1 downloaded, 1 updated here, 1 deleted; 1 conflict",
        ),
        (("push", "delete-remote", "delete-local"), 0, "1 updated there, 2 deleted"),
        (("conflict", "conflict"), 0, "2 conflicts"),
        (("upload", "upload"), 1, "2 uploaded; 1 refused by the server"),
        ((), 3, "3 refused by the server"),
    ],
)
def test_the_summary_names_only_what_happened(
    actions: tuple[str, ...], refused: int, said: str
) -> None:
    from timeline_cli.render.sync_report import summary as make

    assert make(report(*actions, refused=refused)) == f"Synced events.toml with team: {said}."
    dry = make(report(*actions, refused=refused, dry_run=True))
    assert dry == f"Would sync events.toml with team: {said}."


def test_json_keeps_every_count_even_zero(caldav_server: Any, tmp_path: Path) -> None:
    tl = Timeline(caldav_server, tmp_path / "ana")
    mine = tmp_path / "events.toml"
    shutil.copy(SAMPLE, mine)
    tl.sync(mine)
    document = json.loads(tl.sync(mine, "--json").stdout)
    assert document["counts"] == {
        "uploaded": 0,
        "downloaded": 0,
        "updated_there": 0,
        "updated_here": 0,
        "deleted_there": 0,
        "deleted_here": 0,
        "conflicts": 0,
        "refused": 0,
    }
    assert document["steps"] == []


# -- every line fits -------------------------------------------------------------------

LONG_NAME = "the-shared-timeline-of-the-whole-team.toml"  # the summary: more than 80 columns
MINE = "Mine: " + "a title much longer than any terminal line could ever hold " * 2
THEIRS = "Theirs: " + "another title, longer still than the one edited here " * 2


def pty_env(tl: Timeline) -> dict[str, str | None]:
    return {**tl.env, "COLUMNS": None, "LINES": None, "PYTHONPATH": str(ROOT)}


@pytest.mark.parametrize("columns", [80, 160])
def test_every_line_of_sync_fits_the_terminal(
    caldav_server: Any, tmp_path: Path, columns: int
) -> None:
    tl = Timeline(caldav_server, tmp_path / "ana")
    mine = tmp_path / LONG_NAME
    shutil.copy(SAMPLE, mine)
    env = pty_env(tl)
    args = ["sync", "-f", str(mine)]
    dry = on_pty([*args, "--dry-run"], columns=columns, env=env, stderr_on_pty=True)
    assert dry.code == 0, dry.text
    assert dry.lines[0].split() == ["action", "id", "title"] and len(dry.lines) > 26
    assert all(cell_width(line) <= columns for line in dry.lines), dry.text
    said = f"Would sync {LONG_NAME} with team: 26 uploaded."
    assert said in " ".join(dry.lines)
    assert (said in dry.lines) == (columns >= len(said))  # wrapped only when it must be
    tl.sync(mine)
    # both sides change: a conflict with long titles, a download, a deletion, a bad resource
    tl("edit", "v-birthday", "--title", MINE, "-f", str(mine))
    on_server = server_events(tl.server)
    on_server["v-birthday@timeline"].icalendar_component["SUMMARY"] = THEIRS
    on_server["v-birthday@timeline"].save()
    on_server["layover-release@timeline"].delete()
    calendar = tl.server.calendar()
    calendar.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:phone-1\r\n"
        "DTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240301\r\nSUMMARY:From a phone\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    calendar.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:backwards\r\n"
        "DTSTAMP:20240101T000000Z\r\nDTSTART:20240302T100000Z\r\nDTEND:20240301T100000Z\r\n"
        "SUMMARY:Ends before it starts\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    run = on_pty(args, columns=columns, env=env, stderr_on_pty=True)
    assert run.code == 7, run.text
    wide = [line for line in run.lines if cell_width(line) > columns]
    assert not wide, wide
    words = " ".join(line.strip() for line in run.lines)
    said = f"Synced {LONG_NAME} with team: 1 downloaded, 1 deleted; 1 conflict."
    assert said in words
    assert (said in run.lines) == (columns >= len(said))
    assert "v-birthday: edited on both sides (local → remote)" in words
    assert "title: 'Mine: a title much longer" in words and "→ 'Theirs: another" in words
    assert "note: " in words and "skipped, not a valid calendar event" in words
    assert "sync again with --prefer local or --prefer remote" in words
    assert "\x1b" not in plain(run.raw)  # no bar (few changes), nothing raw


def test_piped_output_keeps_one_line_each(caldav_server: Any, tmp_path: Path) -> None:
    tl = Timeline(caldav_server, tmp_path / "ana")
    mine = tmp_path / LONG_NAME
    shutil.copy(SAMPLE, mine)
    done = tl.sync(mine)
    assert done.stdout == f"Synced {LONG_NAME} with team: 26 uploaded.\n"
    assert done.stderr == ""


# -- the progress bar ---------------------------------------------------------------------


def bar_lines(raw: str) -> list[str]:
    """Every text the terminal received between control sequences (the bar's frames too)."""
    import re

    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", plain(raw))
    return [piece for piece in re.split(r"[\r\n]", text) if piece.strip()]


@pytest.mark.parametrize("columns", [80, 160])
def test_the_progress_bar_of_a_long_sync(
    radicale_server: Any, tmp_path: Path, columns: int
) -> None:
    tl = Timeline(radicale_server, tmp_path / "ana")
    mine = tmp_path / "events.toml"
    shutil.copy(SAMPLE, mine)  # 26 uploads: a bar
    run = on_pty(["sync", "-f", str(mine)], columns=columns, env=pty_env(tl), stderr_on_pty=True)
    assert run.code == 0, run.text
    frames = bar_lines(run.raw)
    shown = [f for f in frames if f.startswith("Syncing with team")]
    assert shown, run.raw  # it appeared
    assert "100%" in shown[-1]  # its last frame: complete
    assert all(cell_width(f) <= columns for f in frames), frames
    # then it is cleared and the summary follows; nothing else is left on the screen
    assert screen(run.raw, columns) == ["Synced events.toml with team: 26 uploaded."]
    assert len(server_events(radicale_server)) == 26


def stderr_on_a_pty(
    args: list[str], env: dict[str, str | None], columns: int
) -> tuple[int, str, str]:
    """Run ``timeline ARGS`` with stdout piped and stderr on a pty: (code, stdout, pty)."""
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    child_env = {k: v for k, v in env.items() if v is not None}
    child_env["TERM"] = "xterm-256color"
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "timeline_cli", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=slave,
            env=child_env,
        )
        os.close(slave)
        slave = -1
        out, _ = proc.communicate(timeout=60)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    return proc.returncode, out.decode(), b"".join(chunks).decode("utf-8", "replace")


def test_no_progress_bar_when_stdout_or_stderr_is_piped(
    radicale_server: Any, tmp_path: Path
) -> None:
    tl = Timeline(radicale_server, tmp_path / "ana")
    first, second, third = (tmp_path / f"{n}.toml" for n in ("a", "b", "c"))
    for path in (first, second, third):
        shutil.copy(SAMPLE, path)

    def new_calendar() -> None:  # each run: 26 uploads to an empty calendar
        radicale_server.new_calendar()
        tl.config.write_text(radicale_server.remote_toml())

    # stdout piped, stderr a terminal: a script's run, no bar
    code, out, terminal = stderr_on_a_pty(["sync", "-f", str(first)], pty_env(tl), 80)
    assert code == 0 and summary(out) == "Synced a.toml with team: 26 uploaded."
    assert terminal == "" and out.count("\n") == 1
    # stdout a terminal, stderr piped
    new_calendar()
    run = on_pty(["sync", "-f", str(second)], columns=80, env=pty_env(tl))
    assert run.code == 0 and run.err == ""
    assert run.lines == ["Synced b.toml with team: 26 uploaded."] and "\x1b" not in run.raw
    # both piped
    new_calendar()
    done = tl.sync(third)
    assert done.stderr == "" and done.stdout == "Synced c.toml with team: 26 uploaded.\n"
