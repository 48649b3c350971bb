"""The drawn timeline of ``view`` on a terminal (marks in colour) or as plain text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from timeline_cli.display import safe

MARK_COLOURS = ("red", "green", "yellow", "blue", "magenta", "cyan")


def print_view(lines: Sequence[str], *, out: TextIO, terminal: bool) -> None:
    """The drawn timeline: on a terminal each tag's mark in its own colour (the legend
    shows the same colours), bars dimmed; plain text otherwise."""
    if not terminal:
        out.write("\n".join(safe(line) for line in lines) + "\n")
        return
    import re

    from rich.console import Console
    from rich.text import Text

    from timeline_cli.view import MARKS

    console = Console(file=out, highlight=False, emoji=False, markup=False, soft_wrap=True)
    for line in lines:
        text = Text(safe(line))
        text.highlight_regex(r"[│┬┴▪┊⋮]", style="dim")
        for mark, colour in zip(MARKS, MARK_COLOURS, strict=False):
            text.highlight_regex(re.escape(mark), style=f"bold {colour}")
        console.print(text)
