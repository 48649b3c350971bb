"""The drawn timeline of ``timeline view``: years down the page, spans as bars in lanes.

Pure: events in, plain text lines out; ``render.py`` may colour the tag marks.
A row is a day (events within 3 months), a month (within 30 years) or a year
(a group of years beyond 300). Runs of 3 or more empty rows fold into one line.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from timeline_cli.display import cell_width, safe, value_text, when_text
from timeline_cli.model import UTC_MIN, Event, TimeValue, in_zone

MARKS = "●◆■▲★◉"
OTHER = "○"
EMPTY = "No events to draw."
TARGET_LINES = 60  # rows with several events get extra lines while the drawing stays this short
_CONTINUES = {"┬": "│", "│": "│"}


@dataclass(frozen=True, slots=True)
class Axis:
    """How days map to rows: ``unit`` is day, month or year; ``step`` years per year row."""

    unit: str
    step: int = 1

    def bucket(self, day: date) -> int:
        if self.unit == "day":
            return day.toordinal()
        if self.unit == "month":
            return day.year * 12 + day.month - 1
        return day.year // self.step

    def label(self, bucket: int, with_year: bool) -> str:
        if self.unit == "day":
            return date.fromordinal(bucket).isoformat()
        if self.unit == "month":
            year, month = divmod(bucket, 12)
            name = date(year, month + 1, 1).strftime("%b")
            return f"{year:04d} {name}" if with_year else f"     {name}"
        return f"{bucket * self.step:04d}" + ("+" if self.step > 1 else "")


def choose_axis(first: date, last: date) -> Axis:
    """Day rows under ~3 months, month rows up to 30 years, else year rows (at most 300)."""
    if (last - first).days < 92:
        return Axis("day")
    if (last.year - first.year) * 12 + last.month - first.month < 360:
        return Axis("month")
    return Axis("year", max(1, math.ceil((last.year - first.year + 1) / 300)))


def tag_marks(events: Sequence[Event]) -> dict[str, str]:
    """The most frequent tags, each with its mark (ties broken by name)."""
    counts = Counter(tag for event in events for tag in event.tags)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return {tag: mark for (tag, _), mark in zip(ranked, MARKS, strict=False)}


def truncate(text: str, width: int) -> str:
    """``text`` cut with ``…`` to at most ``width`` terminal columns."""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        extra = cell_width(char)
        if used + extra > width - 1:
            break
        out.append(char)
        used += extra
    return "".join(out) + "…" if width > 0 else ""


def _first_day(value: TimeValue, zone: tzinfo) -> date:
    return in_zone(value.moment, zone).date() if value.moment is not None else value.day


def _last_day(value: TimeValue, zone: tzinfo) -> date:
    return in_zone(value.moment, zone).date() if value.moment is not None else value.last_day()


def draw(events: Sequence[Event], *, zone: tzinfo, width: int) -> list[str]:
    """The timeline as lines no wider than ``width`` columns, dates in ``zone``."""
    if not events:
        return [EMPTY]
    marks = tag_marks(events)
    spans = [e for e in events if e.end is not None and e.end != e.start]
    days = {id(e): (_first_day(e.start, zone), _first_day(e.start, zone)) for e in events}
    for e in spans:
        assert e.end is not None
        days[id(e)] = (days[id(e)][0], max(days[id(e)][0], _last_day(e.end, zone)))
    axis = choose_axis(min(d[0] for d in days.values()), max(d[1] for d in days.values()))
    first = min(axis.bucket(d[0]) for d in days.values())
    count = max(axis.bucket(d[1]) for d in days.values()) - first + 1

    grid: list[list[str]] = []  # grid[lane][row]: the bar characters
    items: dict[int, list[tuple[datetime, str, str]]] = {}
    max_lanes = max(1, min(12, (width - 48) // 4))
    span_ids = {id(e) for e in spans}
    lane_ends: list[int] = []
    for e in sorted(spans, key=lambda e: (days[id(e)], e.begin(zone))):
        low, high = (axis.bucket(d) - first for d in days[id(e)])
        lane = next((n for n, end in enumerate(lane_ends) if end < low), len(lane_ends))
        if lane == len(lane_ends) == max_lanes:
            continue  # no lane left: listed at its start, not drawn
        if lane == len(lane_ends):
            grid.append([" "] * count)
            lane_ends.append(high)
        lane_ends[lane] = high
        grid[lane][low : high + 1] = ["▪"] if low == high else ["┬", *"│" * (high - low - 1), "┴"]
    for e in events:
        text = safe(e.title)
        if id(e) in span_ids:
            mark, text = "┬", f"{text} · {when_text(e, zone)}"
        else:
            rank = [MARKS.index(marks[t]) for t in e.tags if t in marks]
            mark, text = (
                (MARKS[min(rank)] if rank else OTHER),
                f"{value_text(e.start, zone)} {text}",
            )
        row_items = items.setdefault(axis.bucket(days[id(e)][0]) - first, [])
        row_items.append((e.begin(zone), mark, text))

    busy = [r in items or any(lane[r] != " " for lane in grid) for r in range(count)]
    plan: list[tuple[int, int]] = []  # (row, 0) drawn; (row, n) n empty rows folded
    row = 0
    while row < count:
        run = next((r for r in range(row, count) if busy[r]), count) - row
        plan.append((row, run) if run >= 3 else (row, 0))
        row += run if run >= 3 else 1
    crowded = sum(1 for r, n in plan if not n and len(items.get(r, ())) > 1)
    extra = min(9, max(0, TARGET_LINES - len(plan) - 1) // crowded) if crowded else 0

    lines: list[str] = []
    year_shown = None
    label_width = len(axis.label(first, True))
    for r, folded in plan:
        if folded:
            lines.append(f"{'⋮':<{label_width}} ┊ {folded} {axis.unit}s without events")
            year_shown = None
            continue
        year = (first + r) // 12
        label = axis.label(first + r, year != year_shown)
        year_shown = year
        chars = [lane[r] for lane in grid]
        entries = sorted(items.get(r, []), key=lambda item: item[0])
        shown = entries[: 1 + extra] or [(UTC_MIN, " ", "")]
        for n, (_, mark, text) in enumerate(shown):
            lanes = "".join(c + " " for c in chars)
            prefix = f"{label:<{label_width}} │ {lanes}{mark} "
            more = max(0, len(entries) - len(shown))
            suffix = f" +{more} more" if more and n == len(shown) - 1 else ""
            room = width - cell_width(prefix) - cell_width(suffix)
            lines.append(truncate(prefix + truncate(text, room) + suffix, width).rstrip())
            label, chars = "", [_CONTINUES.get(c, " ") for c in chars]
    legend = "  ".join(f"{mark} {safe(tag)}" for tag, mark in marks.items())
    unit = f"{axis.step} years" if axis.step > 1 else axis.unit
    lines.append(truncate(f"{legend}  {OTHER} other  ┬│┴ span · one row per {unit}", width))
    return lines
