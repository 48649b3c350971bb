"""Event ids: derived from the start and title for an event written without one, and
made unique with ``-2``, ``-3``... when taken."""

from __future__ import annotations

import re
import unicodedata

from timeline_cli.model import Precision, TimeValue


def derived_id(start: TimeValue, title: str) -> str:
    """A deterministic id from an event's start and title (for events written without one)."""
    if start.precision is Precision.YEAR:
        stamp = f"{start.day.year:04d}"
    elif start.precision is Precision.MONTH:
        stamp = f"{start.day.year:04d}-{start.day.month:02d}"
    else:
        stamp = start.day.isoformat()
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:48].strip("-")
    if not slug:
        import hashlib

        slug = hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]
    return f"{stamp}-{slug}"


def unique_id(event_id: str, taken: set[str]) -> str:
    """``event_id``, or ``event_id-2``, ``-3``... when taken."""
    candidate, n = event_id, 2
    while candidate in taken:
        candidate, n = f"{event_id}-{n}", n + 1
    return candidate
