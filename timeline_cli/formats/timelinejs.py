"""TimelineJS3: the JSON document its ``TL.Timeline`` loads (export only).

Follows Knight Lab's documented JSON format: ``{"title": slide, "events": [slide]}``;
each slide has ``start_date`` (and ``end_date`` for spans) as date objects of numbers
(only the parts the value's precision has: a year, a month, a day, a time),
``text`` {headline, text}, ``group`` (the first tag) and ``unique_id`` (the id).

TimelineJS has no time zones, so timed values are given in the display zone
(``context.zone``) with a ``display_date`` that names it (``2024-01-23 10:00 EST``);
partial dates get a ``display_date`` too (``2017``, ``February 2017``). All text is
HTML-escaped, because TimelineJS renders headline and text as HTML. The event's
``url`` is a link in the text, named by the ``source``, rather than ``media``:
TimelineJS media expects embeddable images, videos or posts, and most article pages
refuse to be framed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import tzinfo
from html import escape
from typing import Any
from urllib.parse import urlsplit

from timeline_cli.display import safe, value_text
from timeline_cli.formats import ExportContext
from timeline_cli.model import Event, Precision, TimeValue, in_zone
from timeline_cli.zones import zone_name

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_NEWLINES = re.compile(r"\r\n|\r|\n")


def export(events: Sequence[Event], context: ExportContext) -> bytes:
    """The TimelineJS3 JSON of ``events`` (UTF-8, indented, ending with a newline)."""
    zone = context.zone
    noun = "event" if len(events) == 1 else "events"
    document = {
        "title": {
            "text": {
                "headline": html((context.title or "").strip() or "Timeline"),
                "text": f"<p>{len(events)} {noun} · times in {html(zone_name(zone))}</p>",
            }
        },
        "events": [slide(event, zone) for event in events],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def slide(event: Event, zone: tzinfo) -> dict[str, Any]:
    """One event as a TimelineJS slide."""
    result: dict[str, Any] = {"unique_id": event.id, "start_date": date_object(event.start, zone)}
    if event.end is not None and event.end != event.start:
        result["end_date"] = date_object(event.end, zone)
    result["text"] = {"headline": html(event.title), "text": body(event)}
    if event.tags:
        result["group"] = html(event.tags[0])
    return result


def date_object(value: TimeValue, zone: tzinfo) -> dict[str, Any]:
    """``{"year": 2016, "month": 12, "day": 19}``; timed values in ``zone``, with a
    ``display_date`` naming it; partial dates with their own ``display_date``."""
    day = value.day
    if value.precision is Precision.YEAR:
        return {"year": day.year, "display_date": f"{day.year:04d}"}
    if value.precision is Precision.MONTH:
        shown = f"{MONTHS[day.month - 1]} {day.year:04d}"
        return {"year": day.year, "month": day.month, "display_date": shown}
    if value.moment is None:
        return {"year": day.year, "month": day.month, "day": day.day}
    local = in_zone(value.moment, zone)
    parts: dict[str, Any] = {
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "hour": local.hour,
        "minute": local.minute,
    }
    if local.second:
        parts["second"] = local.second
    parts["display_date"] = html(f"{value_text(value, zone)} {local.tzname()}")
    return parts


def body(event: Event) -> str:
    """The slide text: description, then people and location, then source and link."""
    paragraphs = []
    if event.description:
        lines = [unlinked(line) for line in _NEWLINES.split(event.description.strip())]
        paragraphs.append("<br>".join(lines))
    meta = []
    if event.people:
        meta.append("People: " + unlinked(", ".join(event.people)))
    if event.location:
        meta.append("Location: " + unlinked(event.location))
    if meta:
        paragraphs.append(" · ".join(meta))
    cite = citation(event)
    if cite:
        paragraphs.append(cite)
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def citation(event: Event) -> str:
    """``Source: <a href="URL">source</a>``: the source names the link, because
    TimelineJS replaces a bare URL link text with its own, cut at 30 characters and
    at parentheses. Without a source the link says its host. Only an http(s) URL is
    a link (the schema refuses others; an Event built in code may still have one)."""
    source = unlinked(event.source) if event.source else ""
    url = event.url or ""
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        return f"Source: {source}" if source else ""
    text = source or html(urlsplit(url).hostname or "link")
    return f'Source: <a href="{escape(url, quote=True)}">{text}</a>'


def html(text: str) -> str:
    """Text as literal HTML content: ``& < >`` escaped, one line, controls made visible."""
    return escape(safe(_NEWLINES.sub(" ", text).replace("\t", " ")), quote=False)


# What TimelineJS's autolink turns into links in a slide's text: a URL, a www. name,
# an e-mail address. It cuts the link at 30 characters and at a parenthesis, and nests
# it inside ours when our link's text has one. It reads the text after parsing it as
# HTML, so character references do not hide them; a bare <span> around the ":", "."
# or "@" does, and shows the same text.
_AUTOLINKED = re.compile(r"(?<=[a-z])(:)(?=//)|(?<=www)(\.)|(@)", re.IGNORECASE)


def unlinked(text: str) -> str:
    """``html(text)`` that TimelineJS's autolink leaves alone (``_AUTOLINKED``). A URL
    in a description stays whole, readable text; the event's ``url`` is the slide's
    one link."""
    return _AUTOLINKED.sub(lambda m: f"<span>{m.group(0)}</span>", html(text))
