"""The drawn timeline of ``timeline view``: years down the page, spans as bars in lanes.

Pure: events in, lines out. Each line is a ``Line``: its plain text, which also keeps
its pieces (text, bar, mark), so a renderer styles the marks it drew and never a
character of a title. A row is a day (a range within 3 months), a month (within 30
years) or a year (a group of years beyond 300); the range is the one asked for
(``--from``/``--to``/``--on``), else the events'. Runs of 3 or more rows in which
nothing starts or ends fold into one line, the bars running through it.

- ``axis.py``: the rows; ``bars.py``: spans in lanes, clipped to the range;
- ``marks.py``: one mark per point event, the legend of the marks in use;
- ``rows.py``: rows as lines, folds, crowded rows; ``lines.py``: ``Line``, labels cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from timeline_cli.display import safe, when_text
from timeline_cli.model import Event, TimeValue, in_zone
from timeline_cli.view.axis import choose_axis
from timeline_cli.view.bars import MAX_LANES, Bar, Lanes
from timeline_cli.view.lines import Line, Piece, pieces_of, truncate
from timeline_cli.view.marks import (
    MARKS,
    OTHER,
    SPAN_RANK,
    legend,
    mark,
    rank,
    tag_marks,
    used_signs,
)
from timeline_cli.view.rows import Item, Layout, fold_plan

__all__ = ["EMPTY", "MARKS", "OTHER", "Line", "Piece", "draw", "pieces_of", "truncate"]

EMPTY = "No events to draw."
TARGET_LINES = 60  # crowded rows get extra lines while the drawing stays about this short


def draw(
    events: Sequence[Event],
    *,
    zone: tzinfo,
    width: int,
    first: date | None = None,
    last: date | None = None,
    height: int = TARGET_LINES,
) -> list[Line]:
    """The timeline as lines no wider than ``width`` columns, dates in ``zone``, from
    the day ``first`` to the day ``last`` (each, when not given, the events' own)."""
    if not events:
        return [Line([Piece(EMPTY)])]
    days = {id(event): _days(event, zone) for event in events}
    low = first or min(start for start, _ in days.values())
    high = max(low, last or max(end for _, end in days.values()))
    axis = choose_axis(low, high)
    base, rows = axis.bucket(low), axis.bucket(high) - axis.bucket(low) + 1

    def row_of(day: date) -> int:
        return min(max(axis.bucket(day) - base, 0), rows - 1)

    spans = {id(e): e for e in events if e.end is not None and e.end != e.start}
    ordered = sorted(spans.values(), key=lambda e: (days[id(e)], e.begin(zone)))
    bars = (Bar(row_of(days[id(e)][0]), row_of(days[id(e)][1]),
                days[id(e)][0] < low, days[id(e)][1] > high) for e in ordered)  # fmt: skip
    lanes = Lanes(bars, rows, max(1, min(MAX_LANES, (width - 48) // 4)))
    marks = tag_marks([e for e in events if id(e) not in spans])
    items: dict[int, list[Item]] = {}
    for event in events:
        start = days[id(event)][0]
        row = row_of(start)
        when = safe(when_text(event, zone))
        if axis.unit == "day" and start >= low:  # the row's label has the date
            when = _without_date(when, start)
        if id(event) in spans:
            sign, place = Piece("↑" if start < low else "┬", "bar"), SPAN_RANK
        else:
            place = rank(event, marks)
            sign = Piece(mark(place), "mark")
        item = Item(event.begin(zone), place, sign, when, safe(event.title), id(event) in spans)
        items.setdefault(row, []).append(item)
    layout = Layout(axis, base, lanes, width)
    body = layout.lines(fold_plan(rows, items, lanes), items, height)
    return [*body, *legend(marks, used_signs(body), axis.per_row(), width)]


def _days(event: Event, zone: tzinfo) -> tuple[date, date]:
    """The first and last day of an event in ``zone`` (a point's last is its first)."""
    first = _first_day(event.start, zone)
    if event.end is None or event.end == event.start:
        return first, first
    end = event.end
    last = in_zone(end.moment, zone).date() if end.moment is not None else end.last_day()
    return first, max(first, last)


def _first_day(value: TimeValue, zone: tzinfo) -> date:
    return in_zone(value.moment, zone).date() if value.moment is not None else value.day


def _without_date(when: str, day: date) -> str:
    """``when`` without the date a day row already shows: ``18:00 KST``, ``→ 2024-02-07``."""
    shown = day.isoformat()
    return when[len(shown) :].lstrip() if when.startswith(shown) else when
