"""HTML: one self-contained page to read the timeline in a browser (export only).

The page (``page/page.html``, its style and scripts: package data) is filled in
here: the title, the inline style and script, a Content-Security-Policy that allows
exactly those two blocks (by their sha256) and nothing from any server, and the
events as JSON in ``<script type="application/json" id="data">``. The page's script
builds everything from that data with DOM calls and ``textContent``; times are shown
in the browser with ``Intl.DateTimeFormat`` from each timed value's UTC instant.

In the data block ``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\\u003c``
and so on, so no text can close the block (``</script>``) or start markup; the
JSON is unchanged for ``JSON.parse``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from datetime import tzinfo
from html import escape
from importlib import resources
from typing import Any

from timeline_cli.display import origin_zone, span_text
from timeline_cli.formats import ExportContext
from timeline_cli.formats.common import value_iso
from timeline_cli.model import Event, TimeValue, in_zone, to_utc
from timeline_cli.zones import zone_name

# The page's files, inlined in this order as one <style> and one <script> block:
# the times, the axis's ticks, drawing and input, then the page that uses them.
STYLES = ("page.css", "axis.css")
SCRIPTS = ("time.js", "ticks.js", "axis.js", "axis-input.js", "chips.js", "page.js")
_SLOT = re.compile(r"\{\{(csp|title|style|data|script)\}\}")
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def export(events: Sequence[Event], context: ExportContext) -> bytes:
    """The page of ``events`` (UTF-8 HTML, ending with a newline)."""
    page = resources.files("timeline_cli.formats") / "page"
    template = (page / "page.html").read_text(encoding="utf-8")
    style = "\n".join((page / name).read_text(encoding="utf-8") for name in STYLES)
    script = "\n".join((page / name).read_text(encoding="utf-8") for name in SCRIPTS)
    title = (context.title or "").strip() or "Timeline"
    policy = (
        "default-src 'none'; "
        f"script-src '{csp_hash(script)}'; style-src '{csp_hash(style)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    filled = {
        "csp": policy,  # constants and base64: nothing to escape
        "title": escape(title, quote=False),
        "style": style,
        "data": data_json(events, context),
        "script": script,
    }
    # One pass: what is filled in (the data) is never searched for more slots.
    text = _SLOT.sub(lambda found: filled[found.group(1)], template)
    return text.encode("utf-8")


def csp_hash(block: str) -> str:
    """``sha256-...``: the CSP source that allows an inline block with exactly this text."""
    digest = hashlib.sha256(block.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def data_json(events: Sequence[Event], context: ExportContext) -> str:
    """The page's data as JSON that is safe inside a ``<script>`` block."""
    document = {
        "title": (context.title or "").strip() or "Timeline",
        "zone": zone_name(context.zone),
        "events": [event_object(event, context.zone) for event in events],
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return "".join(_JSON_ESCAPES.get(char, char) for char in text)


def event_object(event: Event, zone: tzinfo) -> dict[str, Any]:
    """One event for the page: ISO times with offsets, and UTC instants for timed ones."""
    own = origin_zone(event)
    end = event.end if event.end is not None and event.end != event.start else None
    result: dict[str, Any] = {
        "id": event.id,
        "title": event.title,
        "start": value_iso(event.start, event),
        "end": value_iso(end, event) if end is not None else None,
        "all_day": not event.start.timed,
        "precision": event.start.precision.name.lower(),
        "end_precision": end.precision.name.lower() if end is not None else None,
        "zone": zone_name(own),
    }
    if event.start.moment is not None:
        result["start_ms"] = instant_ms(event.start)
        result["start_abbr"] = abbreviations(event.start, (own, zone))
    if end is not None and end.moment is not None:
        result["end_ms"] = instant_ms(end)
        result["end_abbr"] = abbreviations(end, (own, zone))
    result |= {
        "span": span_text(event),
        "tags": list(event.tags),
        "people": list(event.people),
        "location": event.location,
        "url": event.url,
        "source": event.source,
        "description": event.description,
    }
    return result


def instant_ms(value: TimeValue) -> int:
    """A timed value's UTC instant in milliseconds since 1970 (JavaScript's Date)."""
    assert value.moment is not None
    return round(to_utc(value.moment).timestamp() * 1000)


def abbreviations(value: TimeValue, zones: Sequence[tzinfo]) -> dict[str, str]:
    """``{"Asia/Seoul": "KST"}``: the zones' abbreviations at that instant, where the
    database has a word for it (browsers often only know ``GMT+9``)."""
    assert value.moment is not None
    found = {}
    for zone in zones:
        abbrev = in_zone(to_utc(value.moment), zone).tzname() or ""
        if abbrev.isalpha():
            found[zone_name(zone)] = abbrev
    return found
