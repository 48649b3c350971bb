"""``timeline check``: every problem of every events file, each with file and line.

Loading stops at the first broken file; checking goes on. Each file is read, decoded
and parsed with the store's own functions, then every ``[[events]]`` table is
validated on its own with :func:`schema.event_from_table`, so the problems arrive as
structured data (field and reason) and the valid events of a broken file are still
checked for duplicate ids, DST-shifted wall times and missing sources.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from timeline_cli.errors import FileMissingError, InvalidFileError, Problem, TimelineError
from timeline_cli.model import ID_PATTERN, Event, in_zone, to_utc
from timeline_cli.schema import ProblemList, event_from_table

# The header check, locating an event's problems, the duplicate id and the per-file
# id suffixing are the store's helpers, reused so that `check` and `load` can never
# disagree.
from timeline_cli.store import (
    decode,
    duplicate,
    header_fields,
    located,
    not_tables,
    read_bytes,
    unique_ids,
)
from timeline_cli.store.codec import parse_toml_past_bad_times
from timeline_cli.store.spans import event_lines
from timeline_cli.zones import format_offset, zone_name

ERROR = "error"
WARNING = "warning"


class Finding(NamedTuple):
    """One problem: ``level`` is "error" or "warning"; ``where`` is ``file:line``."""

    level: str
    where: str
    message: str


class _Spot(NamedTuple):
    """A finding with its sort key: the file's position in the list, then the line."""

    file: int
    line: int
    finding: Finding


class _Owner(NamedTuple):
    """An id and where it is: a valid event's, or the explicit id of an invalid one."""

    id: str
    file: Path | None
    line: int | None


def check_files(paths: Sequence[Path]) -> list[Finding]:
    """Every problem of every file, not just the first, in file then line order."""
    spots: list[_Spot] = []
    loaded: list[tuple[int, _Owner]] = []
    for index, path in enumerate(paths):
        found: list[_Raw] = []
        owners = _check_file(path, found)
        spots.extend(_Spot(index, line, finding) for line, finding in found)
        loaded.extend((index, owner) for owner in owners)
    spots.extend(_duplicates(loaded))
    spots.sort(key=lambda spot: (spot.file, spot.line))  # stable: found order within a line
    return [spot.finding for spot in spots]


_Raw = tuple[int, Finding]  # the line for sorting (0: none), the finding


def _check_file(path: Path, found: list[_Raw]) -> list[_Owner]:
    """Append the findings of one file to ``found``; return the ids of its events.

    An impossible date or time is reported where it is written and read as a string,
    so that the rest of the file (its other events too) is still checked.
    """
    try:
        text = decode(path, read_bytes(path))
        document, bad_times = parse_toml_past_bad_times(path, text)
    except FileMissingError:
        found.append(_raw(ERROR, Problem(None, "file does not exist", path)))
        return []
    except InvalidFileError as exc:
        problems = exc.problems or [Problem(None, exc.message, path)]
        found.extend(_raw(ERROR, problem) for problem in problems)
        return []
    except TimelineError as exc:  # a directory, no permission: the message names the path
        found.append(_raw(ERROR, Problem(None, exc.message, path)))
        return []
    found.extend(_raw(ERROR, problem) for problem, _ in bad_times)
    header_problems: list[Problem] = []
    _, zone, _ = header_fields(path, document, header_problems)
    found.extend(_raw(ERROR, problem) for problem in header_problems)
    tables = document.get("events", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        found.append(_raw(ERROR, not_tables(path)))
        return []
    lines = event_lines(text)
    if len(lines) != len(tables):  # e.g. `events = [{...}]`: no header lines to point at
        lines = [(0, {})] * len(tables)
    valid: list[tuple[Event, dict[str, Any], dict[str, int]]] = []
    owners: list[_Owner] = []
    for number, (table, (line, keys)) in enumerate(zip(tables, lines, strict=True)):
        try:
            event = event_from_table(table, zone, file=path, line=line or None)
        except ProblemList as exc:
            reported = _bad_times_in(bad_times, line, lines[number + 1 :])
            problems = located(exc.problems, path, table, line, keys)
            found.extend(_raw(ERROR, p) for p in problems if not _already(p, reported))
            event_id = table.get("id")
            if isinstance(event_id, str) and ID_PATTERN.fullmatch(event_id):
                owners.append(_Owner(event_id, path, line or None))
            continue
        valid.append((event, table, keys))
    events = unique_ids([v[0] for v in valid], [v[1] for v in valid])
    for event, (_, table, keys) in zip(events, valid, strict=True):
        found.extend(_warnings(path, event, table, keys))
        if event.repeat is not None:
            found.extend(_unexpandable(path, event, table, keys))
    owners.extend(_Owner(e.id, e.file, e.line) for e in events)
    owners.sort(key=lambda owner: owner.line or 0)
    return owners


def _bad_times_in(
    bad_times: list[tuple[Problem, str]], line: int, after: list[tuple[int, dict[str, int]]]
) -> list[str]:
    """The impossible dates and times written in the event whose header is at ``line``."""
    end = after[0][0] if after and after[0][0] else None
    return [
        token
        for problem, token in bad_times
        if line and (problem.line or 0) >= line and (end is None or (problem.line or 0) < end)
    ]


def _already(problem: Problem, bad_times: list[str]) -> bool:
    """True for a schema problem about an impossible date already reported as such."""
    return any(repr(token) in problem.message for token in bad_times)


def _warnings(
    path: Path, event: Event, table: dict[str, Any], keys: dict[str, int]
) -> Iterator[_Raw]:
    """Wall times a DST change skips or repeats; a missing source."""
    line = event.line or 0
    problems: list[Problem] = []
    for name in ("start", "end"):
        wall = _written_wall(table.get(name))
        reason = _wall_time_problem(wall.replace(tzinfo=event.zone)) if wall else None
        if reason:
            problems.append(Problem(name, reason))
    if not (event.source or "").strip():
        problems.append(Problem(None, "no source"))
    for problem in located(problems, path, table, line, keys):
        yield _raw(WARNING, problem)


def _unexpandable(
    path: Path, event: Event, table: dict[str, Any], keys: dict[str, int]
) -> Iterator[_Raw]:
    """The rule as the expansion reads it: an error where it cannot (as ``list`` fails)."""
    from timeline_cli.recur import series

    try:
        series(event)
    except InvalidFileError as exc:
        reason = exc.problems[0].message if exc.problems else exc.message
        (problem,) = located([Problem("repeat", reason)], path, table, event.line or 0, keys)
        yield _raw(ERROR, problem)


def _written_wall(raw: object) -> datetime | None:
    """The local date-time a start or end was written as (None: a date or an instant)."""
    if isinstance(raw, str):
        try:
            raw = datetime.fromisoformat(raw.strip())
        except ValueError:
            return None
    if isinstance(raw, datetime) and raw.tzinfo is None:
        return raw
    return None


def _wall_time_problem(moment: datetime) -> str | None:
    """Why a local date-time is not one instant in its zone, or None when it is."""
    first, second = moment.replace(fold=0), moment.replace(fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    zone = moment.tzinfo
    if zone is None:
        return None
    wall = moment.replace(tzinfo=None, fold=0)
    shown = wall.isoformat(sep=" ", timespec="minutes")
    used = in_zone(to_utc(moment), zone)
    if used.replace(tzinfo=None) != wall:
        return (
            f"{shown} does not exist in {zone_name(zone)} (the clocks jump forward); "
            f"read as {used.isoformat(sep=' ', timespec='minutes')}"
        )
    offsets = [format_offset(d.utcoffset() or timedelta(0)) for d in (first, second)]
    return (
        f"{shown} happens twice in {zone_name(zone)}; the first (UTC{offsets[0]}) is used, "
        f"write {wall.isoformat(timespec='minutes')}{offsets[1]} for the second"
    )


def _duplicates(loaded: list[tuple[int, _Owner]]) -> Iterator[_Spot]:
    """An id seen before (in any file, on any event, valid or not) is an error at the
    later place, naming the first."""
    first: dict[str, _Owner] = {}
    for index, owner in loaded:
        other = first.setdefault(owner.id, owner)
        if other is not owner:
            line, finding = _raw(ERROR, duplicate(owner, other))
            yield _Spot(index, line, finding)


def _raw(level: str, problem: Problem) -> _Raw:
    """A problem as a finding, with its line for sorting."""
    return problem.line or 0, Finding(level, problem.where(), problem.reason())
