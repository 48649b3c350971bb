"""Spans as bars in lanes: ``┬`` start, ``│`` running, ``┴`` end, ``▪`` within one row;
a span cut by the range asked for runs to the edge as ``↑`` (it began before) or ``↓``
(it goes on after), ``↕`` both."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

MAX_LANES = 12
STARTS_OR_ENDS = frozenset("┬┴▪↑↓↕^v")
# A lane's cell in a row -> its glyph on the row's (first, middle, last) line; a row of
# one line shows the cell itself (SINGLE for ``^`` and ``v``: bars cut by the range
# that also end, ``^``, or start, ``v``, in the row).
GLYPHS = {
    "┬": ("┬", "│", "│"),
    "│": ("│", "│", "│"),
    "┴": ("┴", " ", " "),
    "▪": ("▪", " ", " "),
    " ": (" ", " ", " "),
    "↑": ("↑", "│", "│"),
    "↓": ("│", "│", "↓"),
    "^": ("↑", " ", " "),
    "v": ("┬", "│", "↓"),
    "↕": ("↑", "│", "↓"),
}
SINGLE = {"^": "↑", "v": "↓"}


class Bar(NamedTuple):
    """A span's rows on the axis, already clipped to it, and whether it was clipped."""

    low: int
    high: int
    cut_before: bool
    cut_after: bool


def _cells(bar: Bar) -> list[str]:
    if bar.low == bar.high:
        edge = {(True, True): "↕", (True, False): "^", (False, True): "v"}
        return [edge.get((bar.cut_before, bar.cut_after), "▪")]
    top = "↑" if bar.cut_before else "┬"
    bottom = "↓" if bar.cut_after else "┴"
    return [top, *"│" * (bar.high - bar.low - 1), bottom]


class Lanes:
    """Bars side by side: the first free lane for each bar in order of start; a bar
    with no lane left (at most ``limit``) is not drawn, only labelled."""

    def __init__(self, bars: Iterable[Bar], rows: int, limit: int) -> None:
        self.grid: list[list[str]] = []  # grid[lane][row]
        ends: list[int] = []
        for bar in bars:
            lane = next((n for n, end in enumerate(ends) if end < bar.low), len(ends))
            if lane == len(ends) == limit:
                continue
            if lane == len(ends):
                self.grid.append([" "] * rows)
                ends.append(bar.high)
            ends[lane] = bar.high
            self.grid[lane][bar.low : bar.high + 1] = _cells(bar)

    def quiet(self, row: int) -> bool:
        """No bar starts or ends in ``row`` (bars may run through it)."""
        return not any(lane[row] in STARTS_OR_ENDS for lane in self.grid)

    def through(self, row: int) -> list[str]:
        """The bars running through a folded stretch: ``│`` or a space per lane."""
        return ["│" if lane[row] == "│" else " " for lane in self.grid]

    def row(self, row: int, line: int, lines: int) -> list[str]:
        """The glyph of each lane on line ``line`` of a row drawn on ``lines`` lines: the
        start or end on the first line, the bar on, a ``↓`` or ``↕`` on the last."""
        return [_glyph(lane[row], line, lines) for lane in self.grid]


def _glyph(cell: str, line: int, lines: int) -> str:
    if lines == 1:
        return SINGLE.get(cell, cell)
    first, middle, last = GLYPHS[cell]
    return first if line == 0 else last if line == lines - 1 else middle
