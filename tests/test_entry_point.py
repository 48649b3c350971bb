"""The console script: its start-up shortcuts answer as the full Typer app would.

``main`` answers ``timeline``/``--help`` itself and runs ``timeline CMD`` in an app
holding only CMD; a shell's completion request and anything that is no plain command
(a command group) must still reach the full app. These tests run the INSTALLED
``timeline`` script, the one a shell runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from timeline_cli.cli import app, main
from timeline_cli.formats import EXPORT_FORMATS
from timeline_cli.settings import COMPLETE_VAR, current

SCRIPT = shutil.which("timeline", path=str(Path(sys.executable).parent))
COMMANDS = [c.name or "" for c in app.registered_commands]


def script(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the console script beside this Python, in an 80-column world."""
    assert SCRIPT, "no `timeline` script beside sys.executable: pip install -e '.[test]'"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TIMELINE_", "_TIMELINE"))}
    return subprocess.run(
        [SCRIPT, *args],
        capture_output=True,
        text=True,
        env={**clean, "COLUMNS": "80", **env},
        check=False,
        timeout=60,
    )


def complete_bash(words: str) -> list[str]:
    """What the console script offers bash for ``words`` (the last one being completed).

    Typer's bash protocol: COMP_WORDS (the command line so far) and COMP_CWORD (the
    index of the word being completed); one candidate a line on stdout."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    done = script(**{COMPLETE_VAR: "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)})
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.split()


def in_process_help(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What the full Typer app prints for ``args`` in this process (at 80 columns)."""
    with pytest.raises(SystemExit) as exited:
        app([*args], prog_name="timeline")
    assert exited.value.code in (0, None)
    return capsys.readouterr().out


# --- completion ---------------------------------------------------------------------


def test_settings_see_a_completion_request() -> None:
    """``completing`` is true when the shell's variable is set, whatever its value."""
    assert current({COMPLETE_VAR: "complete_bash"}).completing
    assert not current({}).completing
    assert not current({COMPLETE_VAR: ""}).completing


def test_a_completion_request_reaches_the_full_app() -> None:
    """`timeline ex<TAB>` offers export (the fast help would have printed the root help),
    also when arguments come along (not a plain command's run: the full app answers)."""
    assert complete_bash("timeline ex") == ["export"]
    env = {COMPLETE_VAR: "complete_bash", "COMP_WORDS": "timeline ex", "COMP_CWORD": "1"}
    done = script("list", "-f", "missing.toml", **env)
    assert (done.returncode, done.stdout, done.stderr) == (0, "export\n", "")


def test_every_command_is_offered() -> None:
    assert sorted(complete_bash("timeline ")) == sorted(COMMANDS)


def test_format_values_are_completed_from_the_table() -> None:
    """--format offers the format table's names (export) and auto plus the readers'."""
    assert complete_bash("timeline export --format ") == list(EXPORT_FORMATS)
    assert complete_bash("timeline import x.ics --format j") == ["json"]


def test_completion_in_process_goes_to_the_full_app(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() with the variable set and no arguments completes instead of helping."""
    monkeypatch.setenv(COMPLETE_VAR, "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "timeline li")
    monkeypatch.setenv("COMP_CWORD", "1")
    monkeypatch.setattr(sys, "argv", ["timeline"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 0
    assert capsys.readouterr().out.split() == ["list"]


# --- the shortcuts print what the full app prints ------------------------------------


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["list", "--help"], ["export", "-h"]])
def test_help_through_the_script_is_the_apps(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`timeline --help` (root_help) and `timeline list --help` (a one-command app),
    through the console script, print what the full app prints in-process."""
    monkeypatch.setenv("COLUMNS", "80")
    expected = in_process_help(args or ["--help"], capsys)
    done = script(*args)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected


def test_root_help_follows_the_terminal_width_as_typer_does(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Narrow and wide terminals: the same wrapping and shortened summaries as Typer."""
    for columns in ("60", "120"):
        monkeypatch.setenv("COLUMNS", columns)
        expected = in_process_help(["--help"], capsys)
        assert script("--help", COLUMNS=columns).stdout == expected


# --- what is no plain command goes to the full app -----------------------------------


def test_a_command_group_reaches_the_full_app(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A future group (`timeline plugin get`) runs, and is listed by `timeline --help`."""
    group = typer.Typer(name="plugin", help="Read and change plugins.")

    @group.command("get")
    def get() -> None:
        """Print one plugin."""
        print("got it")

    monkeypatch.setattr(app, "registered_groups", [*app.registered_groups])
    app.add_typer(group)
    monkeypatch.setenv("COLUMNS", "80")

    monkeypatch.setattr(sys, "argv", ["timeline", "plugin", "get"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 0
    assert capsys.readouterr().out == "got it\n"

    monkeypatch.setattr(sys, "argv", ["timeline", "--help"])
    with pytest.raises(SystemExit):
        main()
    listed = capsys.readouterr().out.split("Commands:")[1]
    assert "plugin" in listed and "Read and change plugins." in listed


def test_version_and_typos_reach_the_full_app() -> None:
    assert script("--version").stdout.startswith("timeline ")
    typo = script("lst")
    assert typo.returncode == 2 and "(did you mean 'list'?)" in typo.stderr


def test_the_root_help_lists_the_commands_in_their_usual_order() -> None:
    """`timeline --help` lists list, view, ... check in that order, whatever the modules do."""
    from timeline_cli.cli import root_help

    lines = root_help().split("Commands:\n", 1)[1].splitlines()
    names = [line.split()[0] for line in lines if line.strip()]
    assert names == [
        "list", "next", "view", "anniversaries", "tags", "people", "export", "import",
        "add", "show", "remove", "edit", "check", "sync", "config",
    ]  # fmt: skip


def test_bare_timeline_without_an_events_file_prints_the_root_help(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no events file to show, `timeline` alone is `timeline --help`."""
    monkeypatch.setenv("COLUMNS", "80")
    expected = in_process_help(["--help"], capsys)
    monkeypatch.chdir(tmp_path)
    done = script()
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected
