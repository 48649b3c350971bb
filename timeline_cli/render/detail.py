"""One event in full: what ``add``/``edit`` stored and what ``show`` shows."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, TextIO

from timeline_cli.display import (
    is_link,
    origin_zone,
    reflow,
    relative_text,
    safe,
    value_text,
    when_text,
)
from timeline_cli.model import Event, TimeValue, in_zone

if TYPE_CHECKING:
    from rich.text import Text


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
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from timeline_cli.render import rich_console

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in pairs:
        grid.add_row(Text(label), _value(label, value, event))
    console = rich_console(out)
    console.print(Panel(grid, title=Text(safe(event.title)), title_align="left", expand=False))


def _value(label: str, value: str, event: Event) -> Text:
    """A value of the panel: the description's paragraphs reflowed, a URL (``url``, or a
    ``source`` that is one) as a link never split: cut with … when wider than the panel."""
    from rich.style import Style
    from rich.text import Text

    target = {"url": event.url, "source": event.source}.get(label)
    if target and is_link(target):
        return Text(value, style=Style(link=target), no_wrap=True, overflow="ellipsis")
    if label == "description":
        return Text(reflow(value))
    return Text(value)
