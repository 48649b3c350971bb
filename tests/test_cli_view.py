"""`timeline view` end to end: widths, filters, colour only on a terminal."""

from __future__ import annotations

import io
import re

import pytest

from tests.helpers import SAMPLE, invoke
from timeline_cli.display import cell_width
from timeline_cli.render.drawing import print_view
from timeline_cli.view import Line, Piece


@pytest.mark.parametrize("width", [80, 160])
def test_view_fits_the_width_and_draws_the_spans(width: int) -> None:
    """No line is wider than --width; the Hwarang run and the service are bars."""
    result = invoke(["view", "-f", str(SAMPLE), "--width", str(width), "--tz", "Asia/Seoul"])
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert max(cell_width(line) for line in lines) <= width
    assert any(line.startswith("     Dec │ ┬") for line in lines)
    legend = "  ".join(lines[-3:])
    assert "┬│┴ span" in legend and "one row per month" in legend
    assert "\x1b" not in result.stdout


def test_view_takes_the_filters_of_list() -> None:
    """-t military draws only military events."""
    out = invoke(["view", "-f", str(SAMPLE), "-t", "military", "--width", "120"]).stdout
    assert "discharged" in out and "Love wins" not in out


def test_view_of_nothing_says_so() -> None:
    """An empty selection prints one clear line."""
    result = invoke(["view", "-f", str(SAMPLE), "--on", "1994"])
    assert result.exit_code == 0 and result.stdout.strip() == "No events to draw."


def test_terminal_view_colours_marks_and_keeps_text_literal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a terminal the drawing's tag marks get colours; text from the file is never
    markup, and a mark character in it is not coloured."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = io.StringIO()
    row = Line([Piece("2024 Jan "), Piece("│", "bar"), Piece(" "), Piece("●", "mark"),
                Piece(" [bold]x[/bold] ★ \x1b[2J")])  # fmt: skip
    print_view([row, "● iu  ○ other"], out=out, terminal=True)
    text = out.getvalue()
    assert re.search(r"\x1b\[[0-9;]*3[1-6]m●", text)
    assert "[bold]x[/bold] ★ ␛[2J" in text and "\x1b[2J" not in text
    assert text.count("\x1b[1;31m") == 1  # plain strings (the second line) stay plain
