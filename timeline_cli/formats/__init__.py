"""Formats: a registry of pure functions, one module per format.

An exporter turns events into the bytes of a file; it never prints or opens files.
A reader turns the bytes of a file into *candidates*: TOML-shaped event tables
(the fields of README 'The events file') that the importer validates with the same code
that reads events files, plus notes about what could not be represented.

Modules are imported by name only when used, so ``export --format json`` never
loads ``icalendar``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

from timeline_cli.errors import UsageError
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


Exporter = Callable[[Sequence[Event], ExportContext], bytes]
Reader = Callable[[bytes, str], list[Candidate]]  # (data, file name for messages)

EXPORT_FORMATS = ("ics", "json", "csv", "md", "timelinejs")
IMPORT_FORMATS = ("ics", "json", "csv")
_MODULES = {
    "ics": "timeline_cli.formats.ics",
    "json": "timeline_cli.formats.jsonfmt",
    "csv": "timeline_cli.formats.csvfmt",
    "md": "timeline_cli.formats.markdown",
    "timelinejs": "timeline_cli.formats.timelinejs",
}
_READERS = {"ics": "timeline_cli.formats.ics_read"}
_SUFFIXES = {
    ".ics": "ics",
    ".ical": "ics",
    ".ifb": "ics",
    ".json": "json",
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
}


def exporter(name: str) -> Exporter:
    """The export function of a format (``export(events, context) -> bytes``)."""
    if name not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {name!r}; use one of {', '.join(EXPORT_FORMATS)}")
    module = importlib.import_module(_MODULES[name])
    function: Exporter = module.export
    return function


def reader(name: str) -> Reader:
    """The read function of an importable format (``read(data, name) -> candidates``)."""
    if name not in IMPORT_FORMATS:
        raise UsageError(f"cannot import format {name!r}; use one of {', '.join(IMPORT_FORMATS)}")
    module = importlib.import_module(_READERS.get(name, _MODULES[name]))
    function: Reader = module.read
    return function


def format_of(path: Path, data: bytes | None = None) -> str | None:
    """The format a file name (or, failing that, its first bytes) suggests, or None."""
    name = path.name.lower()
    if name.endswith(".timelinejs.json") or name.endswith(".tljs.json"):
        return "timelinejs"
    found = _SUFFIXES.get(path.suffix.lower())
    if found is not None or data is None:
        return found
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].upper()
    if head.startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    if head.startswith((b"{", b"[")):
        return "json"
    return None
