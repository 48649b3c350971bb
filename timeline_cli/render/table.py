"""The event table of ``list``: Rich on a terminal, plain text otherwise.

Rich is imported only when a terminal gets a Rich table, so piped output and
``--help`` stay fast. Data never passes through Rich markup: cells are ``Text``.
More than ``RICH_ROW_LIMIT`` rows on a terminal are laid out by hand (a Rich table
of thousands of rows takes seconds), in the same layout as the narrow Rich table
and as wide as the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import NamedTuple, TextIO

from timeline_cli.display import (
    caption,
    cell_width,
    dday_text,
    origin_text,
    relative_text,
    repeat_mark,
    safe,
    when_text,
    wrap,
)
from timeline_cli.model import Event

RICH_ROW_LIMIT = 200
HEADERS = ("When", "Origin", "Title", "Tags", "Relative")


class Row(NamedTuple):
    """The cells of one event, already safe for a terminal."""

    when: str
    origin: str
    title: str
    tags: str
    relative: str
    url: str | None


def rows(events: Sequence[Event], now: datetime, zone: tzinfo, dday: bool = False) -> list[Row]:
    """The table rows of ``events`` in the display zone."""
    today = now.astimezone(zone).date()
    return [
        Row(
            when=when_text(e, zone),
            origin=origin_text(e, zone),
            title=safe(e.title) + (f" ↻ {repeat_mark(e.repeat)}" if e.repeat else ""),
            tags=safe(", ".join(e.tags)),
            relative=dday_text(e, zone, today) if dday else relative_text(e, now, zone, today),
            url=e.url,
        )
        for e in events
    ]


def print_table(
    events: Sequence[Event],
    *,
    now: datetime,
    zone: tzinfo,
    title: str | None,
    out: TextIO,
    terminal: bool,
    dday: bool = False,
    width: int = 100,
) -> None:
    """Print the event table: Rich on a terminal (up to a few screens), plain text
    otherwise; a long table on a terminal is laid out by hand within ``width``."""
    table_rows = rows(events, now, zone, dday)
    text = caption(len(events), zone, title)
    if not terminal:
        _plain_table(table_rows, text, out)
    elif len(table_rows) <= RICH_ROW_LIMIT:
        _rich_table(table_rows, text, out)
    elif table_rows and _plain_width(table_rows) <= width:
        _plain_table(table_rows, text, out)
    else:
        _compact_table(table_rows, text, out, width)


def _columns(table_rows: Sequence[Row]) -> list[int]:
    """Indexes of the columns worth showing (Origin only when some event has one)."""
    shown = [0, 2, 3, 4]
    if any(r.origin for r in table_rows):
        shown.insert(1, 1)
    return shown


def _cells(row: Row) -> tuple[str, str, str, str, str]:
    return (row.when, row.origin, row.title, row.tags, row.relative)


def _plain_width(table_rows: Sequence[Row]) -> int:
    """The columns the plain table takes (its widest line)."""
    shown = _columns(table_rows)
    cells = [[_cells(r)[i] for i in shown] for r in table_rows]
    widths = [max(cell_width(line[n]) for line in cells) for n in range(len(shown))]
    headers = [len(HEADERS[i]) for i in shown]
    return sum(max(w, h) for w, h in zip(widths, headers, strict=True)) + 2 * (len(shown) - 1)


def _compact_table(table_rows: Sequence[Row], text: str, out: TextIO, width: int) -> None:
    """When | Title / tags | Relative, origin under when and tags under the title, the
    title and tags wrapped at spaces to fit ``width`` (the narrow Rich table's layout)."""
    when_width = max(max(cell_width(r.when), cell_width(r.origin)) for r in table_rows)
    when_width = max(min(when_width, WHEN_WIDTH), len("When"))  # a longer span: two lines
    relative_width = max(len("Relative"), *(cell_width(r.relative) for r in table_rows))
    title_width = max(width - when_width - relative_width - 2 * len(GAP), 10)

    def line(left: str, middle: str, right: str) -> str:
        left += " " * (when_width - cell_width(left))
        middle += " " * (title_width - cell_width(middle))
        right = " " * (relative_width - cell_width(right)) + right
        return f"{left}{GAP}{middle}{GAP}{right}".rstrip()

    lines = [line("When", "Title / tags", "Relative")]
    lines.append("─" * (when_width + title_width + relative_width + 2 * len(GAP)))
    for row in table_rows:
        left = wrap(row.when, when_width) + ([row.origin] if row.origin else [])
        middle = wrap(row.title, title_width) + (wrap(row.tags, title_width) if row.tags else [])
        right = [row.relative]
        for n in range(max(len(left), len(middle))):
            cells = (left[n : n + 1], middle[n : n + 1], right[n : n + 1])
            lines.append(line(*(c[0] if c else "" for c in cells)))
    lines.append(text)
    out.write("\n".join(lines) + "\n")


GAP = "  "
WHEN_WIDTH = 23  # a span of two dates; a span of two times is wrapped after its →


def _plain_table(table_rows: Sequence[Row], text: str, out: TextIO) -> None:
    """Aligned columns without colour or escapes, cheap for thousands of rows."""
    shown = _columns(table_rows)
    header = [HEADERS[i].upper() for i in shown]
    cells = [header, *([_cells(r)[i] for i in shown] for r in table_rows)]
    sized = [[(c, cell_width(c)) for c in line] for line in cells]
    widths = [max(line[n][1] for line in sized) for n in range(len(shown))]
    lines = []
    for line in sized:
        padded = [c + " " * (widths[n] - w) for n, (c, w) in enumerate(line[:-1])]
        lines.append("  ".join([*padded, line[-1][0]]).rstrip())
    if not table_rows:
        lines = ["No events match."]
    lines.append(text)
    out.write("\n".join(lines) + "\n")


WIDE = 140  # below this many columns, origin and tags go under when and title


def _title_and_tags(table_rows: Sequence[Row], shown: Sequence[int], width: int) -> dict[int, int]:
    """Widths of the title (2) and tags (3) columns of the wide table: the tags as
    wide as their widest cell unless the title would get less than half the room
    left for the two; the title takes the rest."""
    natural = {
        i: max(len(HEADERS[i]), *(cell_width(_cells(r)[i]) for r in table_rows)) for i in shown
    }
    # SIMPLE_HEAD: an edge of one column on each side, one between columns, and one
    # column of padding on each side of every cell except at the edges.
    room = width - 3 * len(shown) + 1 - sum(natural[i] for i in shown if i not in (2, 3))
    tags = min(natural[3], room - min(natural[2], room // 2))
    return {2: max(room - tags, 10), 3: tags}


def _rich_table(table_rows: Sequence[Row], text: str, out: TextIO) -> None:
    from rich import box
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    from timeline_cli.render import rich_console

    console = rich_console(out)
    if not table_rows:
        console.print(Text("No events match."))
        console.print(Text(text, style="dim"))
        return
    wide = console.width >= WIDE
    table = Table(
        caption=Text(text),
        caption_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    shown = _columns(table_rows) if wide else [0, 2, 4]
    fixed = _title_and_tags(table_rows, shown, console.width) if wide else {}
    for i in shown:
        table.add_column(
            HEADERS[i] if wide or i != 2 else "Title / tags",
            no_wrap=i in (0, 1, 4),
            style={1: "dim", 3: "cyan", 4: "magenta"}.get(i, ""),
            overflow="fold",
            justify="right" if i == 4 else "left",
            width=fixed.get(i),
        )
    for row in table_rows:
        cells = [Text(c) for c in _cells(row)]
        if row.url:
            cells[2].stylize(Style(link=row.url))
        if not wide:
            if row.origin:
                cells[0].append(f"\n{row.origin}", style="dim")
            if row.tags:
                cells[2].append(f"\n{row.tags}", style="cyan")
        table.add_row(*(cells[i] for i in shown))
    console.print(table)
