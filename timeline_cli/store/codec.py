"""TOML in and out: the only module that imports ``tomli`` and ``tomli_w``.

Parsing text into a document (a syntax error located as ``file:line:column``),
events as the TOML tables and values that read back as the same events, and those
tables and keys as text the way tomli-w writes it. ``tomli_w`` is imported only when
something is written, so reading commands never load it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timezone
from pathlib import Path
from typing import Any

import tomli

from timeline_cli.errors import InvalidFileError, Problem
from timeline_cli.model import Event, Precision, TimeValue
from timeline_cli.store.badtimes import bad_time_at
from timeline_cli.zones import zone_name


def parse_toml(path: Path, text: str) -> dict[str, Any]:
    """Parse TOML; a syntax error becomes ``file:line:column: TOML syntax error: ...``,
    one naming an impossible date (``start = 2024-01-32 is no date (January has 31 days)``).

    ``tomli`` is the parser that became the standard library's ``tomllib``, the same
    code and messages, but its wheels are compiled with mypyc: 3x faster on a
    10k-event file, which is most of what ``list`` costs there.
    """
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise InvalidFileError(_syntax_problem(path, text, exc)) from None
    except RecursionError as exc:  # tomli's limits on nesting depth and key parts
        raise InvalidFileError(_too_deep(path, exc)) from None


def parse_toml_past_bad_times(
    path: Path, text: str
) -> tuple[dict[str, Any], list[tuple[Problem, str]]]:
    """Parse TOML for ``check``: each impossible date or time is a problem (with the
    value as written) and is read as that string, so the rest of the file is read too.

    Any other syntax error raises InvalidFileError holding every problem found.
    """
    problems: list[Problem] = []
    tokens: list[str] = []
    added: dict[int, int] = {}  # line -> characters the quotes added before the error
    while True:
        try:
            return tomli.loads(text), list(zip(problems, tokens, strict=True))
        except tomli.TOMLDecodeError as exc:
            found = _syntax_problem(path, text, exc)
            line = found.line or 0
            if found.column is not None:
                found = replace(found, column=found.column - added.get(line, 0))
            problems.append(found)
            bad = bad_time_at(text, exc.pos)
            if bad is None:
                raise InvalidFileError(problems) from None
            tokens.append(text[bad.start : bad.end])
            text = f'{text[: bad.start]}"{text[bad.start : bad.end]}"{text[bad.end :]}'
            added[line] = added.get(line, 0) + 2
        except RecursionError as exc:
            raise InvalidFileError([*problems, _too_deep(path, exc)]) from None


def _syntax_problem(path: Path, text: str, exc: tomli.TOMLDecodeError) -> Problem:
    """The error tomli reports, or the impossible date or time it stopped at."""
    bad = bad_time_at(text, exc.pos)
    if bad is not None:
        column = bad.start - text.rfind("\n", 0, bad.start)
        return Problem(bad.key, bad.message, path, exc.lineno, column)
    message = f"TOML syntax error: {exc.msg}"
    return Problem(None, message, path, exc.lineno or None, exc.colno or None)


def _too_deep(path: Path, exc: RecursionError) -> Problem:
    return Problem(None, f"TOML too deeply nested: {exc}", path)


def time_to_toml(value: TimeValue, event_zone: str) -> Any:
    """A time value as the TOML value that reads back as the same value."""
    if value.precision is Precision.YEAR:
        return f"{value.day.year:04d}"
    if value.precision is Precision.MONTH:
        return f"{value.day.year:04d}-{value.day.month:02d}"
    if value.moment is None:
        return value.day
    moment = value.moment
    if value.exact or zone_name(moment.tzinfo or UTC) != event_zone:
        offset = moment.utcoffset()
        return datetime.combine(moment.date(), moment.time(), timezone(offset or moment - moment))
    return moment.replace(tzinfo=None, fold=0)


def event_table(event: Event) -> dict[str, Any]:
    """The ``[[events]]`` table of an event, in the documented field order."""
    name = zone_name(event.zone)
    table: dict[str, Any] = {"id": event.id, "title": event.title}
    table["start"] = time_to_toml(event.start, name)
    if event.end is not None:
        table["end"] = time_to_toml(event.end, name)
    if event.has_zone:
        table["timezone"] = name
    for key in ("tags", "people"):
        if getattr(event, key):
            table[key] = list(getattr(event, key))
    for key in ("location", "url", "source", "description", "repeat"):
        if getattr(event, key) is not None:
            table[key] = getattr(event, key)
    if event.exceptions:
        table["except"] = [time_to_toml(value, name) for value in event.exceptions]
    if event.uid is not None:
        table["uid"] = event.uid
    return table


def table_text(event: Event, crlf: bool) -> str:
    """The ``[[events]]`` table of ``event`` as text, ready to append to a file."""
    # The table's keys under our own header: tomli_w would write a short array of
    # tables inline (``events = [{...}]``), which cannot follow [[events]].
    lines = ["[[events]]"]
    for key, value in event_table(event).items():
        lines += [line.removesuffix("\r") for line in key_lines(key, value, crlf)]
    text = "\n".join(lines) + "\n"
    return text.replace("\n", "\r\n") if crlf else text


def key_lines(key: str, value: Any, crlf: bool) -> list[str]:
    """``key = value`` as tomli-w writes it; a short list of strings on one line, the
    way people write tags (each string still escaped by tomli-w)."""
    import tomli_w

    # A CR inside a multi-line string would be read back as a plain newline.
    multiline = not crlf and not (isinstance(value, str) and "\r" in value)
    text = tomli_w.dumps({key: value}, multiline_strings=multiline)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = [value_text(v) for v in value]
        inline = f"{key} = [{', '.join(items)}]"
        if len(inline) <= 88:
            text = inline + "\n"
    lines = text.split("\n")[:-1]
    return [line + "\r" for line in lines] if crlf else lines


_NOT_READ = object()


def value_of(text: str) -> object:
    """The value a TOML literal (``"a"``, ``2024-01-24``) stands for; ``NOT_READ`` if none."""
    try:
        return tomli.loads(f"x = {text}").get("x", _NOT_READ)
    except tomli.TOMLDecodeError:
        return _NOT_READ


NOT_READ = _NOT_READ


def value_text(value: Any) -> str:
    """A value as tomli-w writes it (one line for strings, dates and times)."""
    import tomli_w

    return tomli_w.dumps({"x": value}, multiline_strings=False)[4:-1]
