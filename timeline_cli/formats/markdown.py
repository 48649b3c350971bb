"""Markdown: a chronology grouped by year, with sources as footnotes (export only).

Times are shown in the display zone (``context.zone``), as in ``timeline list``;
all-day and partial dates are never shifted. Events come out in the order given
(the CLI sorts them; ``-r`` gives newest first), under a ``## year`` heading each
time the year changes.

Every text from the timeline renders literally, in CommonMark, GitHub and most
other flavours: the characters that start inline markup anywhere in a line
(``\\ ` * _ { } [ ] # | ~ $``) are backslash-escaped, ``< > &`` become HTML
entities (no raw HTML, no autolinks), and the block markers that only count at
the start of a line (``- + =``, ``1.``, indentation) are escaped or removed there.
Parentheses, dots and dashes inside a line are inert once ``[`` and ``]`` are
escaped, so they are left as they are, which keeps the file readable as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import tzinfo

from timeline_cli.display import origin_text, safe, when_text
from timeline_cli.formats import ExportContext
from timeline_cli.model import Event, in_zone
from timeline_cli.zones import zone_name

_INLINE = re.compile(r"[\\`*_{}\[\]#|~$<>&]")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_NEWLINES = re.compile(r"\r\n|\r|\n")
_ORDERED = re.compile(r"(\d+)([.)])")
_URL_UNSAFE = frozenset(' "()<>\\`')
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def export(events: Sequence[Event], context: ExportContext) -> bytes:
    """The Markdown chronology of ``events`` (UTF-8, ending with a newline)."""
    zone = context.zone
    notes: dict[tuple[str, str | None], int] = {}
    title = (context.title or "").strip() or "Timeline"
    lines = [f"# {escape(title)}", "", caption(len(events), zone), ""]
    year: int | None = None
    for event in events:
        if year_of(event, zone) != year:
            year = year_of(event, zone)
            lines += [f"## {year:04d}", ""]
        lines += item(event, zone, notes)
        lines.append("")
    for (source, url), number in notes.items():
        link = f" — <{link_url(url, autolink=True)}>" if url else ""
        lines.append(f"[^{number}]: {escape(source)}{link}")
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def caption(count: int, zone: tzinfo) -> str:
    """``*24 events · times in America/New_York*``."""
    noun = "event" if count == 1 else "events"
    return f"*{count} {noun} · times in {escape(zone_name(zone))}*"


def year_of(event: Event, zone: tzinfo) -> int:
    """The year an event is listed under: of its start in ``zone`` (floating: its own)."""
    moment = event.start.moment
    return in_zone(moment, zone).year if moment is not None else event.start.day.year


def item(event: Event, zone: tzinfo, notes: dict[tuple[str, str | None], int]) -> list[str]:
    """The lines of one event's bullet; numbers its source in ``notes`` on first use."""
    head = f"- **{escape(when_text(event, zone))}**"
    origin = origin_text(event, zone)
    if origin:
        head += f" ({escape(origin)})"
    title = escape(event.title)
    head += f" — [{title}]({link_url(event.url)})" if event.url else f" — {title}"
    if event.source:
        number = notes.setdefault((event.source, event.url), len(notes) + 1)
        head += f"[^{number}]"
    lines = [head]
    meta = details(event)
    if meta:
        lines += ["", "  " + meta]
    if event.description:
        lines.append("")
        lines += ["  " + line if line else "" for line in paragraph_lines(event.description)]
    return lines


def details(event: Event) -> str:
    """``Tags: `a` `b` · People: V · Location: Seoul · Repeats: yearly`` (what is set)."""
    parts = []
    if event.tags:
        parts.append("Tags: " + " ".join(code(tag) for tag in event.tags))
    if event.people:
        parts.append("People: " + ", ".join(escape(person) for person in event.people))
    if event.location:
        parts.append("Location: " + escape(event.location))
    if event.repeat:
        parts.append("Repeats: " + escape(event.repeat))
    return " · ".join(parts)


def one_line(text: str) -> str:
    """Line breaks and tabs as spaces, control and bidi characters made visible."""
    return safe(_NEWLINES.sub(" ", text).replace("\t", " "))


def escape(text: str) -> str:
    """Text shown literally inside a line of Markdown (never at a line's start)."""
    return _INLINE.sub(lambda m: _ENTITIES.get(m[0]) or "\\" + m[0], one_line(text))


def paragraph_lines(text: str) -> list[str]:
    """Multi-line text as escaped lines: no leading indentation (it would make code),
    no trailing spaces (hard breaks), block markers at the start escaped."""
    lines = []
    for raw in _NEWLINES.split(text):
        line = escape(raw.strip())
        if line[:1] in ("-", "+", "="):
            line = "\\" + line
        line = _ORDERED.sub(r"\1\\\2", line, count=1) if _ORDERED.match(line) else line
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def code(text: str) -> str:
    """A code span showing ``text`` as is (a longer fence when it holds backticks)."""
    text = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padded = text[:1] == "`" or text[-1:] == "`" or (text[:1] == " " and text[-1:] == " ")
    pad = " " if padded else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link_url(url: str, *, autolink: bool = False) -> str:
    """A URL as a link destination (or ``<autolink>``): spaces, parentheses, angle
    brackets, quotes and backslashes percent-encoded; an ``&`` that would read as an
    entity reference written ``&amp;`` (destinations decode entities, autolinks do not)."""
    encoded = "".join(
        f"%{ord(c):02X}" if c in _URL_UNSAFE or ord(c) < 0x20 or ord(c) == 0x7F else c for c in url
    )
    return encoded if autolink else _ENTITY_LIKE.sub("&amp;", encoded)
