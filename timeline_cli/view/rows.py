"""The rows of the drawing laid out as lines: a row's label, the bars, its events;
quiet stretches folded; a crowded row keeping its most important events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from timeline_cli.display import cell_width
from timeline_cli.view.axis import Axis
from timeline_cli.view.bars import Lanes
from timeline_cli.view.lines import Line, Piece, label, truncate

FOLD = 3  # this many quiet rows in a row fold into one line
MAX_LINES_PER_ROW = 10


class Item(NamedTuple):
    """An event as its row shows it: ``sign`` is its mark (or the start of its bar),
    ``rank`` its importance (lower first), ``when`` and ``title`` its label."""

    begin: datetime
    rank: int
    sign: Piece
    when: str
    title: str
    span: bool


def fold_plan(rows: int, items: Mapping[int, object], lanes: Lanes) -> list[tuple[int, int]]:
    """``(row, 0)`` for a row drawn, ``(row, n)`` for ``n`` quiet rows folded into one
    line. A row is quiet when no event is in it and no bar starts or ends in it (bars
    may run through); the first and the last row are always drawn."""
    quiet = [0 < r < rows - 1 and r not in items and lanes.quiet(r) for r in range(rows)]
    plan: list[tuple[int, int]] = []
    row = 0
    while row < rows:
        end = row
        while end < rows and quiet[end]:
            end += 1
        if end - row >= FOLD:
            plan.append((row, end - row))
            row = end
        else:
            plan.append((row, 0))
            row += 1
    return plan


def keep(items: Sequence[Item], room: int) -> tuple[list[Item], int]:
    """The items a row of ``room`` lines shows, in time order, and how many it leaves
    out: all if they fit, else the most important ones and a line saying how many more."""
    if len(items) <= room:
        return sorted(items, key=lambda item: item.begin), 0
    kept = sorted(items, key=lambda item: (item.rank, item.begin))[: max(1, room - 1)]
    return sorted(kept, key=lambda item: item.begin), len(items) - len(kept)


class Layout:
    """Draws the planned rows of ``axis`` (from ``base``) into ``width`` columns, letting
    crowded rows grow while the drawing stays about ``height`` lines long."""

    def __init__(self, axis: Axis, base: int, lanes: Lanes, width: int) -> None:
        self.axis, self.base, self.lanes, self.width = axis, base, lanes, width
        self.label_width = len(axis.label(base, True))

    def lines(
        self, plan: Sequence[tuple[int, int]], items: Mapping[int, Sequence[Item]], height: int
    ) -> list[Line]:
        crowded = sum(1 for row, folded in plan if not folded and len(items.get(row, ())) > 1)
        spare = max(0, height - len(plan) - 2)
        room = min(MAX_LINES_PER_ROW, 1 + spare // crowded) if crowded else 1
        lines: list[Line] = []
        year = None
        squeezed = False
        for row, folded in plan:
            if folded:
                lines.append(self._fold(row, folded))
                year = None
                continue
            bucket = self.base + row
            title = self.axis.label(bucket, self.axis.year(bucket) != year)
            year = self.axis.year(bucket)
            kept, more = keep(items.get(row, ()), room)
            lines += self._row(row, title, kept, more, more_line=room > 1)
            squeezed |= bool(more) and room == 1
        if squeezed:
            note = "+N more: timeline list --on ROW lists every event of a row"
            lines.append(Line([Piece(truncate(note, self.width))]))
        return lines

    def _prefix(self, title: str, glyphs: Sequence[str], axis: str = "│") -> list[Piece]:
        pieces = [Piece(f"{title:<{self.label_width}} "), Piece(axis, "bar"), Piece(" ")]
        for glyph in glyphs:
            pieces += [Piece(glyph, "bar"), Piece(" ")]
        return pieces

    def _row(
        self, row: int, title: str, kept: Sequence[Item], more: int, *, more_line: bool
    ) -> list[Line]:
        count = max(1, len(kept) + (1 if more and more_line else 0))
        lines = []
        for n in range(count):
            prefix = self._prefix(title if n == 0 else "", self.lanes.row(row, n, count))
            room = self.width - sum(cell_width(piece.text) for piece in prefix)
            if n < len(kept):
                item = kept[n]
                suffix = f" +{more} more" if more and not more_line else ""
                text = label(item.title, item.when, span=item.span, room=room - 2 - len(suffix))
                lines.append(Line([*prefix, item.sign, Piece(" "), Piece(text + suffix)]))
            elif more:
                hint = f"+{more} more: timeline list {self.axis.options(self.base + row)}"
                lines.append(Line([*prefix, Piece(truncate(hint, room))]))
            else:
                lines.append(Line(prefix))
        return lines

    def _fold(self, row: int, rows: int) -> Line:
        through = self.lanes.through(row)
        words = "without events" if set(through) <= {" "} else "in which nothing starts or ends"
        prefix = self._prefix("", through, axis="┊")
        prefix[0] = Piece(f"{'⋮':<{self.label_width}} ", "bar")
        room = self.width - sum(cell_width(piece.text) for piece in prefix)
        return Line([*prefix, Piece(truncate(f"{self.axis.stretch(rows)} {words}", room))])
