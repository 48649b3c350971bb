"""The agenda (``next``) and the tags and people (``tags``, ``people``) as text.

Piped, each is plain aligned columns that scripts may rely on; on a terminal a Rich
table whose cells wrap at word boundaries inside the terminal's width.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, TextIO

from timeline_cli.display import plural, safe, value_text
from timeline_cli.render.reports import aligned, print_dated, print_rich

if TYPE_CHECKING:
    from timeline_cli.agenda import Item
    from timeline_cli.labels import Field, Label


def print_agenda(
    items: Sequence[Item],
    *,
    now: datetime,
    zone: tzinfo,
    days: int,
    out: TextIO,
    terminal: bool = False,
) -> None:
    """When, countdown, what kind and title, soonest first, then how many (on a
    terminal a table whose last two cells wrap)."""
    from timeline_cli.zones import zone_name

    period = "today" if days == 0 else f"in the next {plural(days, 'day')}"
    if not items:
        out.write(f"Nothing {period} ({zone_name(zone)}).\n")
        return
    cells = [(_when(i, zone), i.countdown(now), i.label(), safe(i.event.title)) for i in items]
    summary = f"{plural(len(items), 'item')} {period} ({zone_name(zone)})"
    print_dated(cells, [i.event.url for i in items], summary, out=out, terminal=terminal)


def _when(item: Item, zone: tzinfo) -> str:
    """The start of an event or occurrence as shown in ``zone``; the day of the others."""
    if item.kind in ("event", "occurrence"):
        return value_text(item.event.start, zone)
    return item.date.isoformat()


def print_labels(
    found: Sequence[Label], *, field: Field, zone: tzinfo, out: TextIO, terminal: bool = False
) -> None:
    """Each tag or person with its events, first and last date and other spellings,
    then how many (on a terminal a table whose names and notes wrap)."""
    from timeline_cli.labels import day_text
    from timeline_cli.zones import zone_name

    noun, nouns = ("tag", "tags") if field == "tags" else ("person", "people")
    if not found:
        out.write(f"No {nouns}.\n")
        return
    cells = [
        (
            safe(label.name),
            str(label.events),
            day_text(label.first, zone),
            day_text(label.last, zone),
            f"also written: {', '.join(safe(v) for v in label.variants)}" if label.variants else "",
        )
        for label in found
    ]
    summary = f"{plural(len(found), noun, nouns)} · dates in {zone_name(zone)}"
    header = (noun.upper(), "EVENTS", "FIRST", "LAST", "NOTE")
    if not terminal:
        out.write(aligned([header, *cells]) + summary + "\n")
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(noun.capitalize(), overflow="fold")
    table.add_column("Events", justify="right", no_wrap=True)
    table.add_column("First", no_wrap=True)
    table.add_column("Last", no_wrap=True)
    noted = any(label.variants for label in found)  # no empty Note column on a terminal
    if noted:
        table.add_column("Note", style="dim", overflow="fold")
    for row in cells:
        table.add_row(*(Text(c) for c in row[: 5 if noted else 4]))
    print_rich(out, table, Text(summary, style="dim"))
