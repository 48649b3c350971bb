"""The drawn timeline of ``view`` on a terminal (marks in colour) or as plain text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from timeline_cli.display import safe

MARK_COLOURS = ("red", "green", "yellow", "blue", "magenta", "cyan")


def print_view(lines: Sequence[str], *, out: TextIO, terminal: bool) -> None:
    """The drawn timeline: on a terminal each tag's mark in its own colour (the legend
    shows the same colours), bars dimmed; plain text otherwise.

    Only the pieces the drawing made marks or bars are styled (``view.Line``); text
    from the file is printed as it is, whatever characters it holds."""
    if not terminal:
        out.write("\n".join(safe(line) for line in lines) + "\n")
        return
    from rich.text import Text

    from timeline_cli.render import rich_console
    from timeline_cli.view import MARKS, pieces_of

    colours = {mark: f"bold {colour}" for mark, colour in zip(MARKS, MARK_COLOURS, strict=False)}
    console = rich_console(out, soft_wrap=True)
    for line in lines:
        text = Text()
        for piece in pieces_of(line):
            style = "dim" if piece.kind == "bar" else ""
            if piece.kind == "mark":
                style = colours.get(piece.text, "")
            text.append(safe(piece.text), style=style)
        console.print(text)
