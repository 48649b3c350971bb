"""Formats: a registry of pure functions, one module per format.

Each format is declared once, in ``FORMATS``: its name, the module of its exporter,
the module of its reader (None: export only), the file-name suffixes that mean it and
a line of help, the Content-Types that mean it (for imports by URL), and whether a
repeating event is written as its occurrences (formats that have no rules). Everything
else (the names ``--format`` offers, ``exporter``, ``reader``, ``format_of``,
``format_of_media_type``) derives from that table.

An exporter turns events into the bytes of a file; it never prints or opens files.
A reader turns the bytes of a file into *candidates*: TOML-shaped event tables
(the fields of README 'The events file') that the importer validates with the same code
that reads events files, plus notes about what could not be represented.

Modules are imported by name only when used, so ``export --format json`` never
loads ``icalendar``; this module itself is cheap (the command layer reads the table
when it declares ``--format``, on every start).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline_cli.errors import UsageError

if TYPE_CHECKING:
    from timeline_cli.model import Event


class ExportContext(NamedTuple):
    """What an exporter may use besides the events."""

    title: str | None  # the timeline's title ([timeline].title of the first file)
    zone: tzinfo  # the display zone (for formats that show times to people)
    now: datetime  # aware; e.g. the ICS DTSTAMP


class Candidate(NamedTuple):
    """One event read from an import file, before validation."""

    table: dict[str, Any]  # TOML-shaped: id, title, start, ...; empty: notes about the file
    where: str  # for messages: "line 12" / "row 3" / "event 4 (UID abc)"
    notes: tuple[str, ...] = ()  # what was not kept ("EXDATE 2024-01-01 dropped")


Exporter = Callable[[Sequence["Event"], ExportContext], bytes]
Reader = Callable[[bytes, str], list[Candidate]]  # (data, file name for messages)


class Format(NamedTuple):
    """One file format, declared once."""

    name: str  # what --format takes
    module: str  # the module whose ``export(events, context) -> bytes`` writes it
    reader: str | None  # the module whose ``read(data, name)`` reads it; None: export only
    suffixes: tuple[str, ...]  # lower case; the longest match wins (.timelinejs.json)
    description: str  # one line of help
    occurrences: bool = False  # True: a repeating event is given as its occurrences (no rules)
    media_types: tuple[str, ...] = ()  # the Content-Types that mean it (imports by URL)


FORMATS: tuple[Format, ...] = (
    Format(
        "ics",
        "timeline_cli.formats.ics",
        "timeline_cli.formats.ics_read",
        (".ics", ".ical", ".ifb"),
        "iCalendar, for calendar apps",
        media_types=("text/calendar",),
    ),
    Format(
        "json",
        "timeline_cli.formats.jsonfmt",
        "timeline_cli.formats.jsonfmt",
        (".json",),
        "every field, for scripts and backups",
        media_types=("application/json", "text/json"),
    ),
    Format(
        "csv",
        "timeline_cli.formats.csvfmt",
        "timeline_cli.formats.csvfmt",
        (".csv",),
        "one row an event, for spreadsheets",
        media_types=("text/csv", "application/csv", "text/comma-separated-values"),
    ),
    Format(
        "md",
        "timeline_cli.formats.markdown",
        None,
        (".md", ".markdown"),
        "a Markdown chronology",
    ),
    Format(
        "timelinejs",
        "timeline_cli.formats.timelinejs",
        None,
        (".timelinejs.json", ".tljs.json"),
        "JSON for TimelineJS3",
        occurrences=True,
    ),
    Format(
        "html",
        "timeline_cli.formats.html",
        None,
        (".html", ".htm"),
        "one self-contained page for browsers",
        occurrences=True,
    ),
)
BY_NAME = {f.name: f for f in FORMATS}
EXPORT_FORMATS = tuple(f.name for f in FORMATS)
IMPORT_FORMATS = tuple(f.name for f in FORMATS if f.reader is not None)
# (suffix, name), longest suffix first, so that .timelinejs.json is seen before .json
_SUFFIXES = sorted(((s, f.name) for f in FORMATS for s in f.suffixes), key=lambda p: -len(p[0]))


def names_text(names: Sequence[str]) -> str:
    """``ics, json or csv``: names for a message or a help text."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def described(names: Sequence[str]) -> str:
    """``ics (iCalendar, for calendar apps), ... or csv (...)``: for a help text."""
    return names_text([f"{name} ({BY_NAME[name].description})" for name in names])


def exporter(name: str) -> Exporter:
    """The export function of a format (``export(events, context) -> bytes``)."""
    found = BY_NAME.get(name)
    if found is None:
        raise UsageError(f"unknown export format {name!r}; use one of {', '.join(EXPORT_FORMATS)}")
    module = importlib.import_module(found.module)
    function: Exporter = module.export
    return function


def reader(name: str) -> Reader:
    """The read function of an importable format (``read(data, name) -> candidates``)."""
    found = BY_NAME.get(name)
    if found is None or found.reader is None:
        raise UsageError(f"cannot import format {name!r}; use one of {', '.join(IMPORT_FORMATS)}")
    module = importlib.import_module(found.reader)
    function: Reader = module.read
    return function


def format_of(path: Path, data: bytes | None = None) -> str | None:
    """The format a file name (or, failing that, its first bytes) suggests, or None.

    The name's longest known suffix decides (``x.timelinejs.json``: timelinejs); a
    name that is only a suffix (``.json``) has none, as for ``Path.suffix``."""
    name = path.name.lower()
    for suffix, found in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return found
    if data is None:
        return None
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].upper()
    if head.startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    if head.startswith((b"{", b"[")):
        return "json"
    return None


def format_of_media_type(media_type: str) -> str | None:
    """The format a Content-Type names (``text/calendar``: ics), or None."""
    media = media_type.split(";")[0].strip().lower()
    return next((f.name for f in FORMATS if media in f.media_types), None)
