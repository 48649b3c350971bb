"""The colour setting reaches the renderer: NO_COLOR and ``color = "never"`` print the
terminal forms without colours, FORCE_COLOR and ``color = "always"`` print them even
into a pipe, and the default colours a terminal only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import SAMPLE, invoke
from tests.pty_helpers import on_pty

COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?3[0-7](?:;[0-9;]*)?m")  # a foreground colour
SGR = re.compile(r"\x1b\[[0-9;]*m")
ARGS = ["list", "-f", str(SAMPLE), "--tz", "Asia/Seoul", "-n", "3"]


def config(tmp_path: Path, color: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(f'color = "{color}"\n', encoding="utf-8")
    return str(path)


def test_a_terminal_is_coloured_by_default() -> None:
    run = on_pty(ARGS)
    assert run.code == 0 and COLOUR.search(run.raw), run.raw[:300]


@pytest.mark.parametrize("how", ["NO_COLOR", "config"])
def test_never_keeps_the_layout_and_drops_the_colours(tmp_path: Path, how: str) -> None:
    env = {"NO_COLOR": "1"} if how == "NO_COLOR" else {"TIMELINE_CONFIG": config(tmp_path, "never")}
    run = on_pty(ARGS, env=env)
    assert run.code == 0 and "Title / tags" in run.raw  # still the terminal's table
    assert not COLOUR.search(run.raw), run.raw[:300]


@pytest.mark.parametrize("how", ["FORCE_COLOR", "config"])
def test_always_colours_even_a_pipe(tmp_path: Path, how: str) -> None:
    env = (
        {"FORCE_COLOR": "1"}
        if how == "FORCE_COLOR"
        else {"TIMELINE_CONFIG": config(tmp_path, "always")}
    )
    result = invoke(ARGS, env=env)
    assert result.exit_code == 0 and COLOUR.search(result.stdout), result.stdout[:300]
    plain = invoke(ARGS)
    assert not SGR.search(plain.stdout) and plain.stdout.startswith("WHEN")


def test_no_color_wins_over_the_config_file(tmp_path: Path) -> None:
    env = {"NO_COLOR": "1", "TIMELINE_CONFIG": config(tmp_path, "always")}
    run = on_pty(ARGS, env=env)
    assert run.code == 0 and not COLOUR.search(run.raw)


def test_always_never_colours_json_or_exports(tmp_path: Path) -> None:
    env = {"TIMELINE_CONFIG": config(tmp_path, "always")}
    for args in ([*ARGS, "--json"], ["export", "-f", str(SAMPLE), "--format", "md"]):
        result = invoke(args, env=env)
        assert result.exit_code == 0 and not SGR.search(result.stdout), args
