"""Mistakes on the command line read like every other error: one ``timeline: error:``
line with what to type instead, exit 2, no Click usage block; and ``--help`` reads
as written for people (no ``[x>=0]``, no ``{TITLE}``, no summary cut short).

Checked in-process and through the installed console script, as a shell runs it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from tests.helpers import SAMPLE, assert_error, invoke

COMMANDS = (
    "list",
    "next",
    "view",
    "anniversaries",
    "tags",
    "people",
    "export",
    "import",
    "add",
    "show",
    "remove",
    "edit",
    "check",
    "sync",
    "config",
)

MISTAKES = [
    (
        ["list", "--format", "json"],
        "no such option --format for `timeline list` (did you mean '--from'?);"
        " `timeline export` and `timeline import` have it",
    ),
    (["add", "x"], "missing option --start: timeline add TITLE --start WHEN"),
    (["show"], "missing argument ID: timeline show ID"),
    (["lst"], "no such command 'lst' (did you mean 'list'?)"),
    (["list", "-n", "x"], "option --limit: 'x' is not a whole number"),
    (["list", "--limit", "-1"], "option --limit: -1 is less than 0"),
    (["anniversaries", "--within", "-3"], "option --within: -3 is less than 0"),
    (["list", "a", "b"], "unexpected argument 'a b'; see `timeline list --help`"),
    (["list", "--tz"], "option --tz requires an argument"),
    (["--bogus"], "no such option --bogus; see `timeline --help`"),
    (["-f", "events.toml", "list"], "-f goes after the command, as in `timeline list -f ...`"),
    (["--tz", "UTC", "next"], "--tz goes after the command, as in `timeline list --tz ...`"),
    (
        ["config", "--tag", "x"],
        "no such option --tag for `timeline config` (did you mean '--tz'?);"
        " 9 other commands have it",
    ),
    (
        ["export", "--format", "xml"],
        "option --format: 'xml' is not one of 'ics', 'json', 'csv', 'md', 'timelinejs', 'html'",
    ),
    (["list", "--zz"], "no such option --zz for `timeline list` (did you mean '--tz'?)"),
]


@pytest.mark.parametrize(("args", "message"), MISTAKES, ids=lambda v: " ".join(v))
def test_click_mistakes_are_one_worded_line(args: list[str], message: str) -> None:
    line = assert_error(invoke(args, env={"TIMELINE_FILE": str(SAMPLE)}), 2)
    assert line == f"timeline: error: {message}"


def _script() -> str:
    found = shutil.which("timeline")
    if found is None:
        pytest.skip("the console script is not installed (pip install -e .)")
    return found


@pytest.mark.parametrize(("args", "message"), MISTAKES[:5], ids=lambda v: " ".join(v))
def test_the_console_script_words_them_the_same(args: list[str], message: str) -> None:
    env = {**os.environ, "TIMELINE_FILE": str(SAMPLE)}
    done = subprocess.run(
        [_script(), *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert_error(done, 2)
    assert done.stderr == f"timeline: error: {message}\n"


def test_help_and_version_still_exit_0() -> None:
    for args in (["--help"], ["list", "--help"], ["--version"]):
        result = invoke(args)
        assert result.exit_code == 0 and result.stderr == "", args
    assert invoke(["list", "--help"]).stdout.startswith("Usage: timeline list [OPTIONS]")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_click_internals(command: str) -> None:
    text = invoke([command, "--help"]).stdout
    assert not re.search(r"\[x[<>]=?\d|\d[<>]=?x\]", text), text
    usage = text.splitlines()[0]
    assert usage.startswith(f"Usage: timeline {command} ") and "{" not in usage, usage


def test_root_help_summaries_are_whole_at_80_columns() -> None:
    """Each command's summary is a sentence that fits, not one cut with '...'."""
    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run(
        [_script(), "--help"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    commands = done.stdout.split("Commands:", 1)[1].splitlines()
    summaries = {line.split()[0]: line for line in commands if line.strip()}
    assert set(summaries) == set(COMMANDS)
    cut = [line for line in summaries.values() if line.rstrip().endswith("...")]
    assert cut == [] and all(len(line) <= 80 for line in commands), cut


def test_every_option_says_what_it_does() -> None:
    """No option in any command's help is a bare name without a line of help."""
    import typer

    from timeline_cli.cli import app

    group = typer.main.get_command(app)
    bare = [
        f"{name} {param.opts[0]}"
        for name, command in getattr(group, "commands", {}).items()
        for param in command.params
        if param.param_type_name == "option" and not getattr(param, "help", None)
    ]
    assert bare == []
