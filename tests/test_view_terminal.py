"""`timeline view` on a real pseudo-terminal of 80 and 160 columns: what the terminal
receives fits it, hides nothing important and colours only the marks it drew."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.helpers import SAMPLE
from timeline_cli.display import cell_width

SGR = re.compile(r"\x1b\[[0-9;]*m")
COLOURED = re.compile(r"\x1b\[[0-9;]*3[1-6](?:;[0-9;]*)?m(.)")


def on_pty(args: list[str], columns: int) -> str:
    """What a ``columns``-wide terminal receives from ``python -m timeline_cli ARGS``."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env.update(TERM="xterm-256color", TIMELINE_PAGER="", PAGER="cat")
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "timeline_cli", *args],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
        )
        os.close(slave)
        chunks = []
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        _, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
    assert proc.returncode == 0 and err == b"", err
    return b"".join(chunks).decode().replace("\r\n", "\n")


def shown(raw: str) -> list[str]:
    return SGR.sub("", raw).splitlines()


@pytest.mark.parametrize("columns", [80, 160])
def test_the_sample_fits_the_terminal_and_shows_the_single(columns: int) -> None:
    """At the terminal's width every line fits, the "Love wins all" single (a release)
    is drawn, not hidden behind "+N more", and the legend is whole."""
    raw = on_pty(["view", "-f", str(SAMPLE), "--tz", "Asia/Seoul"], columns)
    lines = shown(raw)
    assert max(cell_width(line) for line in lines) <= columns
    assert any('IU "Love wins all" digital single' in line for line in lines)
    assert any("18:00 KST" in line for line in lines)
    assert not any("more" in line and "+" in line for line in lines)
    legend = "\n".join(line for line in lines if "one row per" in line or "span" in line)
    assert "…" not in legend and "one row per month" in legend


@pytest.mark.parametrize("columns", [80, 160])
def test_only_drawn_marks_are_coloured(tmp_path: Path, columns: int) -> None:
    """A title full of mark and bar characters is printed without any style; the real
    mark beside it is coloured."""
    path = tmp_path / "e.toml"
    path.write_text(
        '[[events]]\ntitle = "x ★ ● ┬│┴ ⋮ not marks"\nstart = 2024-01-01\ntags = ["a"]\n'
        '[[events]]\ntitle = "y"\nstart = 2024-01-09\ntags = ["a"]\n',
        encoding="utf-8",
    )
    raw = on_pty(["view", "-f", str(path), "--tz", "UTC"], columns)
    assert "x ★ ● ┬│┴ ⋮ not marks" in raw  # no escape sequence inside the title
    assert set(COLOURED.findall(raw)) == {"●"}  # the marks of both events and the legend
    assert len(COLOURED.findall(raw)) == 3


@pytest.mark.parametrize("columns", [80, 160])
def test_a_month_asked_for_is_drawn_one_day_a_row(columns: int) -> None:
    """--on 2024-01 draws 1 to 31 January and nothing after it, spans cut with arrows."""
    raw = on_pty(["view", "-f", str(SAMPLE), "--tz", "Asia/Seoul", "--on", "2024-01"], columns)
    lines = shown(raw)
    labelled = [line.split()[0] for line in lines if line[:1].isdigit()]
    assert labelled[0] == "2024-01-01" and labelled[-1] == "2024-01-31"
    assert not any("2025 " in line or line.startswith("     Feb") for line in lines)
    assert "↑" in lines[0]
    assert "↓" in next(line for line in lines if line.startswith("2024-01-31"))
