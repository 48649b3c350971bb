"""Output: the event table (Rich on a terminal, plain text otherwise) and echoes.

Rich is imported only when a terminal gets a Rich table, so piped output and
``--help`` stay fast. Data never passes through Rich markup: cells are ``Text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple, TextIO

from timeline_cli.display import (
    caption,
    cell_width,
    dday_text,
    origin_text,
    origin_zone,
    relative_text,
    repeat_mark,
    safe,
    value_text,
    when_text,
)
from timeline_cli.model import Event, TimeValue, in_zone

if TYPE_CHECKING:
    from timeline_cli.anniversaries import Anniversary
    from timeline_cli.importing import Plan

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
    from rich.console import Console
    from rich.style import Style
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, highlight=False, emoji=False, markup=False)
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


def use_terminal(out: TextIO) -> bool:
    """True when ``out`` is an interactive terminal (and TERM is not ``dumb``)."""
    try:
        from timeline_cli.settings import current

        return out.isatty() and not current().dumb_terminal
    except (ValueError, OSError):
        return False


def _skipped(value: TimeValue, zone: tzinfo) -> str:
    """A cancelled occurrence in the event's own zone: ``2024-03-11 20:00 KST``."""
    text = value_text(value, zone)
    return text if value.moment is None else f"{text} {in_zone(value.moment, zone).tzname()}"


def stored_lines(event: Event, zone: tzinfo) -> list[tuple[str, str]]:
    """``(label, value)`` pairs describing a stored event, times in both zones."""
    from timeline_cli.zones import zone_name

    origin = origin_zone(event)
    pairs = [("id", event.id), ("title", event.title)]
    for label, value in (("start", event.start), ("end", event.end)):
        if value is None:
            continue
        text = value_text(value, origin)
        if value.moment is not None:
            local = in_zone(value.moment, origin)
            text += f" {local.tzname()} ({zone_name(origin)})"
            if zone_name(origin) != zone_name(zone):
                shown = in_zone(value.moment, zone)
                text += f" = {value_text(value, zone)} {shown.tzname()} ({zone_name(zone)})"
        elif value.precision.name in ("YEAR", "MONTH"):
            text += f" ({value.precision.name.lower()} precision)"
        else:
            text += " (all day)"
        pairs.append((label, text))
    for label in ("tags", "people"):
        items = getattr(event, label)
        if items:
            pairs.append((label, ", ".join(items)))
    for label in ("location", "url", "source", "repeat", "description"):
        item = getattr(event, label)
        if item:
            pairs.append((label, item))
    if event.exceptions:
        pairs.append(("except", ", ".join(_skipped(value, origin) for value in event.exceptions)))
    return [(label, "\n".join(safe(part) for part in value.split("\n"))) for label, value in pairs]


def print_stored(
    event: Event,
    *,
    zone: tzinfo,
    out: TextIO,
    path: object,
    dry_run: bool,
    verb: str = "Added to",
) -> None:
    """Echo what ``add`` (or ``edit``) stored, or would store, with its parsed times."""
    head = f"Would add to {path} (dry run, nothing written):" if dry_run else f"{verb} {path}:"
    lines = [safe(head)]
    for label, value in stored_lines(event, zone):
        lines.append(f"  {label:<11} " + value.replace("\n", "\n" + " " * 14))
    out.write("\n".join(lines) + "\n")


def print_import(
    plan: Plan,
    invalid: Sequence[str],
    notes: Sequence[str],
    *,
    zone: tzinfo,
    out: TextIO,
    dry_run: bool,
) -> None:
    """The table of what an import adds, updates and skips, then the counts.

    Notes (what a format could not keep) and skipped invalid events go to stderr.
    """
    import sys

    from timeline_cli.importing import changes

    rows = [("add", e) for e in plan.add] + [("update", e) for e in plan.update]
    rows += [("skip", e) for e in plan.unchanged] + [
        ("skip (other file)", e) for e in plan.elsewhere
    ]
    cells = [(action, when_text(e, zone), safe(e.title), e.id) for action, e in rows]
    updated = {e.id: e for e in plan.update}  # with their changes under them in a dry run
    if cells:
        header = ("ACTION", "WHEN", "TITLE", "ID")
        widths = [max(cell_width(r[n]) for r in [header, *cells]) for n in range(3)]
        for row in [header, *cells]:
            padded = [c + " " * (widths[n] - cell_width(c)) for n, c in enumerate(row[:3])]
            out.write("  ".join([*padded, row[3]]) + "\n")
            if dry_run and row[0] == "update" and row[3] in plan.previous:
                for line in changes(plan.previous[row[3]], updated[row[3]]):
                    out.write(f"        {safe(line)}\n")
    verb = "would be" if dry_run else "were"
    counts = [
        f"{len(plan.add)} added",
        f"{len(plan.update)} updated",
        f"{len(plan.unchanged) + len(plan.elsewhere)} skipped (already known)",
    ]
    if invalid:
        counts.append(f"{len(invalid)} skipped (invalid)")
    tail = " (dry run: nothing written)" if dry_run else ""
    out.write(f"Events {verb}: {', '.join(counts)}{tail}\n")
    for message in invalid:
        sys.stderr.write(f"timeline: skipped invalid event: {safe(message)}\n")
    for note in notes:
        sys.stderr.write(f"timeline: note: {safe(note)}\n")


def show_lines(event: Event, zone: tzinfo, now: datetime) -> list[tuple[str, str]]:
    """Every field of an event as (label, text), for ``show``."""
    from timeline_cli.display import span_text
    from timeline_cli.recur import describe_repeat

    pairs = stored_lines(event, zone)
    extra = [("when", when_text(event, zone))]
    length = span_text(event)
    if length:
        extra.append(("lasts", length))
    extra.append(("relative", relative_text(event, now, zone)))
    if event.repeat:
        extra.append(("repeats", describe_repeat(event, now, zone)))
    if event.uid:
        extra.append(("uid", safe(event.uid)))
    where = f"{event.file}:{event.line}" if event.line else str(event.file or "")
    if where:
        extra.append(("file", safe(where)))
    ordered = [p for p in pairs if p[0] in ("id", "title")] + extra
    ordered += [p for p in pairs if p[0] not in ("id", "title", "repeat")]
    return ordered


def print_event(event: Event, *, zone: tzinfo, now: datetime, out: TextIO, terminal: bool) -> None:
    """``show``: a Rich panel on a terminal, ``label  value`` lines otherwise."""
    pairs = show_lines(event, zone, now)
    if not terminal:
        for label, value in pairs:
            out.write(f"{label:<11} " + value.replace("\n", "\n" + " " * 12) + "\n")
        return
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in pairs:
        grid.add_row(Text(label), Text(value))
    console = Console(file=out, highlight=False, emoji=False, markup=False)
    console.print(Panel(grid, title=Text(safe(event.title)), title_align="left", expand=False))


MARK_COLOURS = ("red", "green", "yellow", "blue", "magenta", "cyan")


def print_view(lines: Sequence[str], *, out: TextIO, terminal: bool) -> None:
    """The drawn timeline: on a terminal each tag's mark in its own colour (the legend
    shows the same colours), bars dimmed; plain text otherwise."""
    if not terminal:
        out.write("\n".join(safe(line) for line in lines) + "\n")
        return
    import re

    from rich.console import Console
    from rich.text import Text

    from timeline_cli.view import MARKS

    console = Console(file=out, highlight=False, emoji=False, markup=False, soft_wrap=True)
    for line in lines:
        text = Text(safe(line))
        text.highlight_regex(r"[│┬┴▪┊⋮]", style="dim")
        for mark, colour in zip(MARKS, MARK_COLOURS, strict=False):
            text.highlight_regex(re.escape(mark), style=f"bold {colour}")
        console.print(text)


def print_anniversaries(
    found: Sequence[Anniversary], *, today: date, zone: tzinfo, out: TextIO
) -> None:
    """The anniversaries as aligned columns: date, D-day, how long ago, title."""
    from timeline_cli.zones import zone_name

    if not found:
        out.write(f"No anniversaries on {today.isoformat()} ({zone_name(zone)}).\n")
        return
    cells = [(a.date.isoformat(), a.dday(), a.label(), safe(a.event.title)) for a in found]
    widths = [max(cell_width(row[n]) for row in cells) for n in range(3)]
    for row in cells:
        padded = [c + " " * (widths[n] - cell_width(c)) for n, c in enumerate(row[:3])]
        out.write("  ".join([*padded, row[3]]) + "\n")
    out.write(f"{len(found)} anniversaries from {today.isoformat()} ({zone_name(zone)})\n")
