"""Long output on a terminal goes through a pager, as git does: $TIMELINE_PAGER, else
$PAGER, else less -FRX; never when piped, with --json, or for commands that write."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import SAMPLE
from tests.pty_helpers import on_pty

# A pager that records what it was given (and LESS) in the file named by its argument.
RECORDER = """\
import json, os, sys
data = sys.stdin.buffer.read()
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"text": data.decode("utf-8"), "less": os.environ.get("LESS")}, out)
"""
# A pager that reads one line and quits, as `q` in less does.
QUITTER = "import sys; sys.stdin.readline()"


@pytest.fixture
def recorder(tmp_path: Path) -> tuple[str, Path]:
    """A pager command, and the file it records into."""
    script = tmp_path / "pager.py"
    script.write_text(RECORDER, encoding="utf-8")
    record = tmp_path / "paged.json"
    return f"{sys.executable} {script} {record}", record


def paged(record: Path) -> dict[str, str | None] | None:
    """What the recording pager got, or None when it did not run."""
    if not record.exists():
        return None
    found: dict[str, str | None] = json.loads(record.read_text(encoding="utf-8"))
    return found


LIST = ["list", "--tz", "Asia/Seoul", "-f", str(SAMPLE)]


def test_long_output_goes_through_the_pager(recorder: tuple[str, Path]) -> None:
    """list longer than the screen is piped to $TIMELINE_PAGER, colours and all; LESS=FRX."""
    command, record = recorder
    run = on_pty(LIST, rows=20, env={"TIMELINE_PAGER": command, "LESS": None})
    assert run.code == 0 and run.err == ""
    got = paged(record)
    assert got is not None, "the pager did not run"
    assert "\x1b[" in str(got["text"]) and "26 events · times in Asia/Seoul" in str(got["text"])
    assert got["less"] == "FRX"
    assert "26 events" not in run.text  # the pager had it, not the terminal directly


def test_less_keeps_the_users_less_options(recorder: tuple[str, Path]) -> None:
    """A LESS the user set is passed on as it is."""
    command, record = recorder
    on_pty(LIST, rows=20, env={"TIMELINE_PAGER": command, "LESS": "-S"})
    got = paged(record)
    assert got is not None and got["less"] == "-S"


def test_pager_comes_from_pager_when_timeline_pager_is_unset(recorder: tuple[str, Path]) -> None:
    """$PAGER is the pager when $TIMELINE_PAGER is not set."""
    command, record = recorder
    run = on_pty(LIST, rows=20, env={"TIMELINE_PAGER": None, "PAGER": command})
    assert run.code == 0 and paged(record) is not None


@pytest.mark.parametrize(
    ("env", "args"),
    [
        ({}, ["--no-pager"]),
        ({"TIMELINE_PAGER": "cat"}, []),
        ({"TIMELINE_PAGER": ""}, []),
        ({"TIMELINE_PAGER": None, "PAGER": "cat"}, []),
        ({"TIMELINE_PAGER": None, "PAGER": ""}, []),
    ],
    ids=["--no-pager", "TIMELINE_PAGER=cat", "TIMELINE_PAGER=", "PAGER=cat", "PAGER="],
)
def test_the_pager_can_be_turned_off(
    recorder: tuple[str, Path], env: dict[str, str | None], args: list[str]
) -> None:
    """--no-pager, or a pager variable that is empty or cat, prints directly."""
    command, record = recorder
    pagers = {"TIMELINE_PAGER": command, "PAGER": command, **env}
    run = on_pty([*args, *LIST], rows=20, env=pagers)
    assert run.code == 0 and paged(record) is None
    assert run.lines[-1].rstrip().endswith("· 26 events · times in Asia/Seoul")


def test_timeline_pager_empty_wins_over_pager(recorder: tuple[str, Path]) -> None:
    """An empty $TIMELINE_PAGER turns paging off even when $PAGER names a pager."""
    command, record = recorder
    on_pty(LIST, rows=20, env={"TIMELINE_PAGER": "", "PAGER": command})
    assert paged(record) is None


def test_output_that_fits_is_printed_directly(recorder: tuple[str, Path]) -> None:
    """An answer shorter than the screen never starts the pager."""
    command, record = recorder
    run = on_pty(
        ["show", "hwarang-run", "-f", str(SAMPLE)], rows=60, env={"TIMELINE_PAGER": command}
    )
    assert run.code == 0 and paged(record) is None and "hwarang-run" in run.text


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json"],
        ["export", "--format", "md"],
        ["add", "x", "--start", "2024-01-01", "--dry-run"],
    ],
    ids=["list --json", "export", "add"],
)
def test_json_and_other_commands_are_not_paged(recorder: tuple[str, Path], args: list[str]) -> None:
    """--json and the commands that convert or write print directly."""
    command, record = recorder
    run = on_pty([*args, "-f", str(SAMPLE)], rows=5, env={"TIMELINE_PAGER": command})
    assert run.code == 0, run.err
    assert paged(record) is None


@pytest.mark.parametrize(
    "args",
    [
        ["view"],
        ["show", "love-wins-all-mv"],
        ["anniversaries", "--on", "2026-01-24", "--within", "30"],
        ["check"],
    ],
    ids=["view", "show", "anniversaries", "check"],
)
def test_each_reading_command_pages(recorder: tuple[str, Path], args: list[str]) -> None:
    """view, show, anniversaries and check go through the pager when long."""
    command, record = recorder
    run = on_pty([*args, "-f", str(SAMPLE)], rows=1, env={"TIMELINE_PAGER": command})
    assert run.code == 0, run.err
    assert paged(record) is not None


def test_piped_output_is_never_paged(recorder: tuple[str, Path]) -> None:
    """Not a terminal: no pager, whatever the variables say."""
    command, record = recorder
    env = {"TIMELINE_PAGER": command, "PAGER": command, "PYTHONPATH": str(Path.cwd())}
    done = subprocess.run(
        [sys.executable, "-m", "timeline_cli", *LIST], capture_output=True, env=env, check=True
    )
    assert paged(record) is None and b"26 events" in done.stdout


def test_a_missing_pager_prints_directly() -> None:
    """A pager that is not installed means printing directly, not an error."""
    run = on_pty(LIST, rows=20, env={"TIMELINE_PAGER": "no-such-pager-here -R"})
    assert run.code == 0 and run.err == ""
    assert "26 events" in run.lines[-1]


def test_quitting_the_pager_early_is_no_error(tmp_path: Path) -> None:
    """A pager that stops reading (q) leaves an exit code 0 and no traceback."""
    from benchmarks.generate import generate

    big = tmp_path / "big.toml"
    big.write_text(generate(2000, seed=5), encoding="utf-8")
    command = f'{sys.executable} -c "{QUITTER}"'
    run = on_pty(["list", "-f", str(big)], rows=20, env={"TIMELINE_PAGER": command})
    assert run.code == 0
    assert run.err == ""


def test_pager_settings(tmp_path: Path) -> None:
    """TIMELINE_PAGER > PAGER > less -FRX; empty or cat is off; LESS=FRX only when unset."""
    from timeline_cli.settings import current

    assert current({}, tmp_path).pager == "less -FRX"
    assert current({}, tmp_path).pager_env == {"LESS": "FRX"}
    assert current({"LESS": "-S"}, tmp_path).pager_env == {}
    assert current({"PAGER": "more"}, tmp_path).pager == "more"
    assert current({"PAGER": "more", "TIMELINE_PAGER": "most"}, tmp_path).pager == "most"
    assert current({"PAGER": "more", "TIMELINE_PAGER": ""}, tmp_path).pager is None
    assert current({"PAGER": " cat "}, tmp_path).pager is None
    assert current({}, tmp_path).without_pager().pager is None
