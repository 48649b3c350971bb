"""The event table of ``list``: Rich on a terminal, plain text otherwise.

Rich is imported only when a terminal gets a Rich table, so piped output and
``--help`` stay fast. Data never passes through Rich markup: cells are ``Text``.
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
) -> None:
    """Print the event table: Rich on a terminal (up to a few screens), plain text otherwise."""
    table_rows = rows(events, now, zone, dday)
    text = caption(len(events), zone, title)
    if terminal and len(table_rows) <= RICH_ROW_LIMIT:
        _rich_table(table_rows, text, out)
    else:
        _plain_table(table_rows, text, out)


def _columns(table_rows: Sequence[Row]) -> list[int]:
    """Indexes of the columns worth showing (Origin only when some event has one)."""
    shown = [0, 2, 3, 4]
    if any(r.origin for r in table_rows):
        shown.insert(1, 1)
    return shown


def _cells(row: Row) -> tuple[str, str, str, str, str]:
    return (row.when, row.origin, row.title, row.tags, row.relative)


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
    for i in shown:
        table.add_column(
            HEADERS[i] if wide or i != 2 else "Title / tags",
            no_wrap=i in (0, 1, 4),
            style={1: "dim", 3: "cyan", 4: "magenta"}.get(i, ""),
            overflow="fold",
            justify="right" if i == 4 else "left",
            ratio=1 if i == 2 else None,
            max_width=30 if i == 3 else None,
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
