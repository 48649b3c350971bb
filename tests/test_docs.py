"""README and --help cannot rot: every command and option is documented; CI runs README."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, invoke
from timeline_cli.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name or "" for c in app.registered_commands)
VENV = "python3 -m venv .venv && . .venv/bin/activate && "
TEST_COMMAND = VENV + "pip install -e '.[test]' && pytest"


def test_readme_opens_with_install_and_test_commands() -> None:
    """The first code blocks install in a venv (PEP 668) and list, then run the tests."""
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert blocks[0] == VENV + "pip install . && timeline list"
    assert blocks[1] == TEST_COMMAND


def test_ci_runs_exactly_the_readme_test_command() -> None:
    """.ci/run runs README's test command (its own venv) as written, then lint and types."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"\n{TEST_COMMAND}\n" in script
    assert "mypy --strict timeline_cli" in script and "ruff format --check" in script


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_readme_section_and_help_example(command: str) -> None:
    """Each command has `### timeline CMD` in README and an example in --help."""
    assert f"### `timeline {command}`" in README
    result = invoke([command, "--help"])
    assert result.exit_code == 0
    assert f"timeline {command} " in result.stdout.split("Example", 1)[1]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_in_the_readme(command: str) -> None:
    """Every long option of every command appears in README."""
    result = invoke([command, "--help"])
    options = set(re.findall(r"(--[a-z][a-z-]+)", result.stdout)) - {"--help"}
    missing = sorted(o for o in options if f"`{o}" not in README and f" {o}" not in README)
    assert missing == []


def test_fast_root_help_matches_typers() -> None:
    """`timeline --help` (built without Typer) lists the same commands as Typer's help."""
    from timeline_cli.cli import root_help

    typer_help = invoke(["--help"]).stdout
    ours = root_help()
    listed = lambda text: [  # noqa: E731
        line.split()[0] for line in text.split("Commands:")[1].splitlines() if line.strip()
    ]
    assert listed(ours) == listed(typer_help) == COMMANDS_IN_ORDER
    assert ours.split("Options:")[0] == typer_help.split("Options:")[0]
    done = subprocess.run(
        [sys.executable, "-m", "timeline_cli", "--help"], capture_output=True, check=True
    )
    assert done.stdout.decode() == ours


COMMANDS_IN_ORDER = [c.name for c in app.registered_commands]
