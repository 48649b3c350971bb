"""Tag marks: one mark per point event, the legend of the marks in use, and the order
in which a crowded row keeps its events."""

from __future__ import annotations

from collections.abc import Sequence

from timeline_cli.display import safe
from timeline_cli.model import Event
from timeline_cli.view.lines import Line, Piece, wrap

MARKS = "●◆■▲★◉"
OTHER = "○"
SPAN_RANK = -1  # a span's label comes before any point: its bar needs a name


def tag_marks(points: Sequence[Event]) -> dict[str, str]:
    """The most used tags that an event shows, each with its mark.

    An event shows the mark of its most used tag that has one, so a tag gets a mark
    only if some event has it and none of the tags ranked before it: every mark of
    the legend is one an event shows. Ranked by use, ties by name.
    """
    by_tag: dict[str, list[int]] = {}
    for n, event in enumerate(points):
        for tag in dict.fromkeys(event.tags):
            by_tag.setdefault(tag, []).append(n)
    ranked = sorted(by_tag, key=lambda tag: (-len(by_tag[tag]), tag))
    marks: dict[str, str] = {}
    shown: set[int] = set()
    for tag in ranked:
        if len(marks) == len(MARKS):
            break
        if not shown.issuperset(by_tag[tag]):
            marks[tag] = MARKS[len(marks)]
            shown.update(by_tag[tag])
    return marks


def rank(event: Event, marks: dict[str, str]) -> int:
    """The place of the event's mark in ``MARKS`` (``len(MARKS)`` for ``○ other``)."""
    return min((MARKS.index(marks[tag]) for tag in event.tags if tag in marks), default=len(MARKS))


def mark(place: int) -> str:
    return MARKS[place] if place < len(MARKS) else OTHER


def legend(marks: dict[str, str], used: set[str], per_row: str, width: int) -> list[Line]:
    """The marks and bar glyphs that appear in the drawing, wrapped to ``width``."""
    entries: list[list[Piece]] = [
        [Piece(sign, "mark"), Piece(f" {safe(tag)}")] for tag, sign in marks.items() if sign in used
    ]
    if OTHER in used:
        entries.append([Piece(OTHER, "mark"), Piece(" other")])
    if used & set("┬│┴"):
        entries.append([Piece("┬│┴", "bar"), Piece(" span")])
    if "▪" in used:
        entries.append([Piece("▪", "bar"), Piece(" span within a row")])
    arrows = "".join(glyph for glyph in "↑↓" if glyph in used or "↕" in used)
    if arrows:
        entries.append([Piece(arrows, "bar"), Piece(" goes on past the range")])
    entries.append([Piece(per_row)])
    return wrap(entries, width)


def used_signs(lines: Sequence[Line]) -> set[str]:
    """The bar glyphs and marks drawn in ``lines`` (never a character of a title)."""
    return {
        char
        for line in lines
        for piece in line.pieces
        if piece.kind != "text"
        for char in piece.text
    }
