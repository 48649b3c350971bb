"""The drawn lines: plain text that knows its pieces, and labels cut to a width."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from timeline_cli.display import cell_width

Kind = Literal["text", "bar", "mark"]


class Piece(NamedTuple):
    """Part of a line: ``text`` from the file or the drawing's words, a ``bar`` (the axis,
    span bars, folds) or a tag ``mark``. Only the drawing makes bars and marks."""

    text: str
    kind: Kind = "text"


class Line(str):
    """One drawn line: its plain text (a ``str``, trailing spaces removed), which also
    keeps its pieces, so a renderer styles the bars and marks it drew and never a
    character of a title that looks like one."""

    pieces: tuple[Piece, ...]

    def __new__(cls, pieces: Sequence[Piece]) -> Line:
        kept = [piece for piece in pieces if piece.text]
        while kept and not kept[-1].text.rstrip():
            kept.pop()
        if kept:
            kept[-1] = Piece(kept[-1].text.rstrip(), kept[-1].kind)
        line = super().__new__(cls, "".join(piece.text for piece in kept))
        line.pieces = tuple(kept)
        return line


def pieces_of(line: str) -> tuple[Piece, ...]:
    """The pieces of a drawn line; any other string is one piece of text."""
    return line.pieces if isinstance(line, Line) else (Piece(line),)


def truncate(text: str, width: int) -> str:
    """``text`` cut with ``…`` to at most ``width`` terminal columns."""
    if cell_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = [], 0
    for char in text:
        extra = cell_width(char)
        if used + extra > width - 1:
            break
        out.append(char)
        used += extra
    return "".join(out) + "…"


def label(title: str, when: str, *, span: bool, room: int) -> str:
    """An event's label in ``room`` columns: ``WHEN TITLE`` for a point, ``TITLE · WHEN``
    for a span. The title is cut first, so the dates stay whole while they fit."""
    if not when:
        return truncate(title, room)
    fixed = f" · {when}" if span else f"{when} "
    left = room - cell_width(fixed)
    if left < min(8, cell_width(title)):  # too narrow to keep the dates: cut it all
        whole = f"{title}{fixed}" if span else f"{fixed}{title}"
        return truncate(whole, room)
    cut = truncate(title, left)
    return f"{cut}{fixed}" if span else f"{fixed}{cut}"


def wrap(entries: Sequence[Sequence[Piece]], width: int) -> list[Line]:
    """Entries (each a few pieces) two spaces apart, on as many lines as ``width`` needs;
    an entry wider than a line is cut."""
    lines: list[list[Piece]] = [[]]
    used = 0
    for entry in entries:
        size = sum(cell_width(piece.text) for piece in entry)
        if lines[-1] and used + 2 + size > width:
            lines.append([])
            used = 0
        if lines[-1]:
            lines[-1].append(Piece("  "))
            used += 2
        if size > width:
            entry = [
                *entry[:-1],
                Piece(
                    truncate(entry[-1].text, width - size + cell_width(entry[-1].text)),
                    entry[-1].kind,
                ),
            ]
            size = width
        lines[-1].extend(entry)
        used += size
    return [Line(pieces) for pieces in lines if pieces]
