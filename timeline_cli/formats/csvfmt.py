"""CSV: one row per event under a fixed header, for spreadsheets (README "CSV format").

- RFC 4180: fields quoted where needed by the ``csv`` module, CRLF line ends, UTF-8
  without a BOM (a BOM is accepted on import).
- ``tags`` and ``people`` are one cell each, joined with ``"; "``. Inside a label a
  ``;`` is written ``\\;`` and a backslash ``\\\\``; on import the cell is split on the
  other ``;`` and each label is stripped of surrounding spaces.
- Formula injection: a cell that a spreadsheet would run (starting with ``=``, ``+``,
  ``-``, ``@``, tab or CR, after any ``'``) gets one leading ``'``; the reader removes
  exactly that ``'`` again, so every text survives a round trip.
- Import needs the header row; its columns may come in any order.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

from timeline_cli.errors import InvalidFileError
from timeline_cli.formats import Candidate, ExportContext
from timeline_cli.formats.common import iso_to_toml, local_if_unambiguous, value_iso, zone_field
from timeline_cli.model import FIELDS, Event, Precision
from timeline_cli.suggest import did_you_mean
from timeline_cli.zones import iana_zone

HEADER = FIELDS  # id,title,start,end,timezone,tags,people,location,url,source,description,...
REQUIRED = ("title", "start")
LABELS = ("tags", "people")
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def export(events: Sequence[Event], context: ExportContext) -> bytes:
    """The CSV text of ``events`` (the header, then one row each), UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for event in events:
        writer.writerow([neutralise(cell) for cell in row_of(event)])
    return out.getvalue().encode("utf-8")


def row_of(event: Event) -> list[str]:
    """One event's cells in ``HEADER`` order (empty strings for absent values)."""
    return [
        event.id,
        event.title,
        value_iso(event.start, event),
        value_iso(event.end, event) if event.end is not None else "",
        zone_field(event) or "",
        join_labels(event.tags),
        join_labels(event.people),
        event.location or "",
        event.url or "",
        event.source or "",
        event.description or "",
        event.repeat or "",
        "; ".join(value_iso(value, event) for value in event.exceptions),
        event.uid or "",
    ]


def neutralise(cell: str) -> str:
    """``'`` before a cell a spreadsheet would read as a formula (and before one that
    already starts with ``'`` and such a character, so that reading is exact)."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    """The reverse of ``neutralise``."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell) else cell


def join_labels(labels: Sequence[str]) -> str:
    return "; ".join(label.replace("\\", "\\\\").replace(";", "\\;") for label in labels)


def split_labels(cell: str) -> list[str]:
    """``a; b\\;c`` → ``["a", "b;c"]``: split on unescaped ``;``, strip, drop empties."""
    labels, current, chars = [], [], iter(cell)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == ";":
            labels.append("".join(current))
            current = []
        else:
            current.append(char)
    labels.append("".join(current))
    return [label.strip() for label in labels if label.strip()]


def read(data: bytes, name: str) -> list[Candidate]:
    """The rows of a CSV file with our header as candidates ("row 4 (line 5)")."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidFileError(f"{name}:{line}: not UTF-8 text (byte {exc.start + 1})") from None
    rows = _rows(text, name)
    if not rows:
        raise InvalidFileError(f"{name}:1: empty file: expected the header {','.join(HEADER)}")
    header_line, header = rows[0]
    columns = _columns(header, name, header_line)
    candidates = []
    for number, (line, cells) in enumerate(rows[1:], start=1):
        if len(cells) > len(columns):
            raise InvalidFileError(
                f"{name}:{line}: row {number} has {len(cells)} cells, "
                f"but the header has {len(columns)} columns"
            )
        values = {col: restore(cell) for col, cell in zip(columns, cells, strict=False) if cell}
        table, notes = table_of(values)
        candidates.append(Candidate(table, f"row {number} (line {line})", notes))
    return candidates


def table_of(values: dict[str, str]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The non-empty cells of one row → the TOML-shaped table the schema checks, and
    why a time cell could not be read (the schema then refuses the row)."""
    zone = values.get("timezone")
    table: dict[str, Any] = {}
    notes: list[str] = []
    named: list[str] = []
    for column in HEADER:
        if column not in values:
            continue
        value: Any = values[column]
        if column in LABELS:
            value = split_labels(value)
        elif column in ("start", "end"):
            value = _time(value, zone, column, notes, named)
        elif column == "except":
            parts = [part for part in value.split(";") if part.strip()]
            value = [_time(part, zone, column, notes, named) for part in parts]
        table[column] = value
    if zone is None and named:
        table["timezone"] = named[0]
    return table, tuple(notes)


def _time(text: str, zone: str | None, column: str, notes: list[str], named: list[str]) -> Any:
    """A WHEN as ``add`` reads it → TOML value; the text itself when it is not one
    (the schema refuses it, and ``notes`` says why).

    A time naming a zone (``2024-01-24 18:00 KST``) is that zone's wall time: the row's
    zone when it has none (``named``), else the exact instant.
    """
    try:
        return iso_to_toml(text, zone)
    except (ValueError, OverflowError):
        pass
    from timeline_cli.errors import UsageError
    from timeline_cli.timeparse import parse_fixed

    here = (iana_zone(zone) if zone else None) or UTC
    try:
        when = parse_fixed(text, here, what=column)
    except UsageError as exc:
        notes.append(exc.message)
        return text
    value = when.value
    if value.precision is Precision.YEAR:
        return f"{value.day.year:04d}"
    if value.precision is Precision.MONTH:
        return f"{value.day.year:04d}-{value.day.month:02d}"
    if value.moment is None:
        return value.day
    if when.zone is None:
        return value.moment.replace(tzinfo=None)
    if zone is None and isinstance(when.zone, ZoneInfo) and not value.exact:
        named.append(when.zone.key)
        if named[0] == when.zone.key:
            return value.moment.replace(tzinfo=None)
    return local_if_unambiguous(value.moment, here) if zone else value.moment


def _rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) of every non-blank row; csv errors as InvalidFileError.

    The csv module refuses cells over 128 KiB by default; no cell is longer than the
    text, so the limit is raised to that while reading (and put back after)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text)))
    try:
        while True:
            line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                return rows
            if cells:
                rows.append((line, cells))
    except csv.Error as exc:
        raise InvalidFileError(f"{name}:{reader.line_num}: invalid CSV: {exc}") from None
    finally:
        csv.field_size_limit(limit)


def _columns(header: list[str], name: str, line: int) -> list[str]:
    """The header's column names, checked: known, not repeated, title and start present."""
    columns = [cell.strip().lower() for cell in header]
    unknown = [c for c in columns if c not in HEADER]
    where = f"{name}:{line}"
    if len(unknown) == len(columns):
        raise InvalidFileError(
            f"{where}: no header row: the first row must name the columns, e.g. {','.join(HEADER)}"
        )
    if unknown:
        named = ", ".join(repr(c) + did_you_mean(c, list(HEADER)) for c in unknown)
        noun = "column" if len(unknown) == 1 else "columns"
        raise InvalidFileError(f"{where}: unknown {noun} {named}; known: {','.join(HEADER)}")
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise InvalidFileError(f"{where}: column {', '.join(repeated)} appears twice")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InvalidFileError(f"{where}: missing required column {', '.join(missing)}")
    return columns
