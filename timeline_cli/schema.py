"""Validation: a parsed ``[[events]]`` table → an :class:`Event`, or the problems with it.

Every problem (an ``errors.Problem``) names the field and the value; the store adds
the file, the lines and the event's label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from timeline_cli.errors import Problem
from timeline_cli.ids import derived_id
from timeline_cli.model import (
    FIELDS,
    ID_PATTERN,
    Event,
    Precision,
    TimeValue,
    in_zone,
    to_utc,
    wall_time,
)
from timeline_cli.rules import SHORTHANDS, clock_zone, validate_repeat
from timeline_cli.suggest import did_you_mean
from timeline_cli.zones import iana_zone, suggestion

__all__ = ["SHORTHANDS", "Problem", "validate_repeat"]  # read by the formats from here


class ProblemList(Exception):
    """Raised with every problem found in one event table."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
# No white space, controls (C0, DEL, C1), bidi formatting or zero-width characters:
# RFC 3987 forbids them in addresses, and in a terminal link they could escape it.
_HIDDEN = r"\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
_URL = re.compile(rf"https?://[^\s{_HIDDEN}/?#]+[^\s{_HIDDEN}]*", re.IGNORECASE)
_URL_HIDDEN = re.compile(f"[{_HIDDEN}]")


def parse_time_value(raw: object, zone: tzinfo) -> TimeValue:
    """A TOML value (date, datetime or string) → TimeValue; ValueError says why not."""
    if isinstance(raw, datetime):
        if raw.tzinfo is not None:
            return TimeValue(Precision.TIME, in_zone(raw, zone).date(), raw, exact=True)
        moment = wall_time(raw, zone)
        return TimeValue(Precision.TIME, moment.date(), moment)
    if isinstance(raw, date):
        return TimeValue(Precision.DAY, raw)
    if isinstance(raw, str):
        return parse_time_text(raw.strip(), zone)
    if isinstance(raw, bool):
        raise ValueError("expected a date or a date-time, not a boolean")
    if isinstance(raw, int) and 1 <= raw <= 9999:
        raise ValueError(f'a year must be written as a string: "{raw}"')
    raise ValueError(f"expected a date, a date-time or a string, not {type(raw).__name__}")


def parse_time_text(text: str, zone: tzinfo) -> TimeValue:
    """``"2017"``, ``"2017-02"``, or an ISO 8601 date / date-time string."""
    if _YEAR.fullmatch(text):
        year = int(text)
        if year < 1:
            raise ValueError("year must be between 0001 and 9999")
        return TimeValue(Precision.YEAR, date(year, 1, 1))
    match = _MONTH.fullmatch(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if year < 1 or not 1 <= month <= 12:
            raise ValueError("month must be between 01 and 12 (and year 0001 to 9999)")
        return TimeValue(Precision.MONTH, date(year, month, 1))
    if len(text) == 10 and _DATE_SHAPE.fullmatch(text):
        try:
            return TimeValue(Precision.DAY, date.fromisoformat(text))
        except ValueError:
            raise ValueError(_why(text)) from None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            'expected a date (2024-01-24), a date-time (2024-01-24T18:00:00), "2024" or "2024-01"'
            + (f" ({_why(text)})" if _SHAPED.match(text) else "")
        ) from None
    return parse_time_value(parsed, zone)


_SHAPED = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?")


def _why(text: str) -> str:
    """Why a date-shaped text is no date, in our words (``February 2024 has 29 days``),
    never Python's (``day is out of range for month``)."""
    from timeline_cli.store.badtimes import why_no_time

    try:
        found = why_no_time(text.replace(" ", "T", 1))
    except ValueError:  # digits where the shape has none: not date-shaped after all
        found = None
    if found is None:
        return "not a date this tool can read"
    return found.split(" (", 1)[1].rstrip(")") if " (" in found else found


class _Checker:
    """Collects the problems of one table while reading its fields."""

    def __init__(self, table: Mapping[str, Any]) -> None:
        self.table = table
        self.problems: list[Problem] = []

    def fail(self, name: str | None, message: str) -> None:
        self.problems.append(Problem(name, message))

    def text(self, name: str, *, one_line: bool = False) -> str | None:
        value = self.table.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, f"must be a string, not {_show(value)}")
            return None
        if one_line and ("\n" in value or "\r" in value):
            self.fail(name, f"must be one line: {value!r}")
            return None
        return value

    def labels(self, name: str) -> tuple[str, ...]:
        value = self.table.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            self.fail(name, f"must be a list of strings: {name} = {_as_list(value)}")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(name, f"must be a list of non-empty strings, not {_show(value)}")
            return ()
        return tuple(value)


def _as_list(text: str) -> str:
    """A string meant as a list, as one: ``"iu, mv"`` → ``["iu", "mv"]`` (split on commas)."""
    items = [item.strip() for item in text.split(",")]
    quoted = [_toml_string(item) for item in items if item] or [_toml_string(text)]
    return f"[{', '.join(quoted)}]"


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _show(value: object) -> str:
    """A value as the user wrote it: dates in ISO form, strings quoted, long ones cut."""
    text = value.isoformat() if isinstance(value, date) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def event_from_table(
    table: Mapping[str, Any],
    default_zone: tzinfo,
    *,
    file: Path | None = None,
    line: int | None = None,
) -> Event:
    """Validate one ``[[events]]`` table; raise ProblemList with every problem found.

    The id of an event without one is derived from its start and title.
    """
    check = _Checker(table)
    for name in table:
        if name not in FIELDS:
            check.fail(name, "unknown field" + did_you_mean(name, list(FIELDS)))
    zone = default_zone
    zone_text = check.text("timezone")
    if zone_text is not None:
        found = iana_zone(zone_text)
        if found is None:
            hint = suggestion(zone_text, offsets=False)
            check.fail("timezone", f"unknown time zone {zone_text!r}{hint}")
        else:
            zone = found
    title = check.text("title", one_line=True)
    if "title" not in table:
        check.fail("title", "is required")
    elif title is not None and not title.strip():
        check.fail("title", "must not be empty")
    start = _time(check, "start", zone)
    end = _time(check, "end", zone)
    if "start" not in table:
        check.fail("start", "is required")
    if start is not None and end is not None:
        _check_order(check, start, end)
    event_id = check.text("id")
    if event_id is not None and not ID_PATTERN.fullmatch(event_id):
        check.fail("id", f"{event_id!r} must be lowercase letters, digits and '-'")
    url = check.text("url", one_line=True)
    if url is not None and not _URL.fullmatch(url):
        hidden = _URL_HIDDEN.search(url)
        why = "has a control or invisible character" if hidden else "is not an http(s) address"
        check.fail("url", f"{url!r} {why}")
    repeat = check.text("repeat")
    if repeat is not None:
        reason = validate_repeat(repeat, start)
        if reason:
            check.fail("repeat", f"invalid rule {repeat!r}: {reason}")
    exceptions = _exceptions(check, zone, start, repeat)
    uid = check.text("uid", one_line=True)
    if uid is not None and not uid.strip():
        check.fail("uid", "must not be empty")
    tags, people = check.labels("tags"), check.labels("people")
    location, source = check.text("location"), check.text("source")
    description = check.text("description")
    if check.problems or title is None or start is None:
        raise ProblemList(check.problems)
    return Event(
        id=event_id or derived_id(start, title),
        title=title,
        start=start,
        end=end,
        zone=zone,
        has_zone=zone_text is not None,
        tags=tags,
        people=people,
        location=location,
        url=url,
        source=source,
        description=description,
        repeat=repeat,
        exceptions=exceptions,
        uid=uid,
        file=file,
        line=line,
    )


def _time(check: _Checker, name: str, zone: tzinfo) -> TimeValue | None:
    if name not in check.table:
        return None
    raw = check.table[name]
    try:
        return parse_time_value(raw, zone)
    except ValueError as exc:
        check.fail(name, f"invalid value {_show(raw)}: {exc}")
    except OverflowError:
        check.fail(name, f"invalid value {_show(raw)}: out of range")
    return None


def _exceptions(
    check: _Checker, zone: tzinfo, start: TimeValue | None, repeat: str | None
) -> tuple[TimeValue, ...]:
    """``except``: the occurrences a repeating event skips, each a date or a date-time.

    On a timed series a date means the occurrence at the series' wall time that day.
    """
    raw = check.table.get("except")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        check.fail("except", f"must be a list of dates or date-times, not {_show(raw)}")
        return ()
    if repeat is None:
        check.fail("except", "only a repeating event (with `repeat`) has exceptions")
        return ()
    found: list[TimeValue] = []
    for item in raw:
        try:
            value = parse_time_value(item, zone)
        except (ValueError, OverflowError) as exc:
            check.fail("except", f"invalid value {_show(item)}: {exc}")
            continue
        if value.precision < Precision.DAY:
            check.fail("except", f"{_show(item)} is not a whole date or a date-time")
            continue
        if start is not None and value.timed and not start.timed:
            check.fail("except", f"{_show(item)} is a time, but the event is all-day: give a date")
            continue
        if start is not None and start.moment is not None and value.moment is None:
            clock = clock_zone(start, zone, "timezone" in check.table)
            wall = in_zone(start.moment, clock).time()
            local = datetime.combine(value.day, wall)
            # On an offset clock the instant, as if written with its offset; else the
            # wall time in the event's zone, as if written so.
            exact = wall_time(local, clock) if clock is not zone else local
            value = parse_time_value(exact, zone)
        found.append(value)
    return tuple(found)


def _check_order(check: _Checker, start: TimeValue, end: TimeValue) -> None:
    if start.timed != end.timed:
        shown = _show(check.table["end"])
        check.fail(
            "end",
            f"{shown} must be of the same kind as start {_show(check.table['start'])} "
            "(both dates or both date-times)",
        )
        return
    if start.moment is not None and end.moment is not None:
        if to_utc(end.moment) < to_utc(start.moment):
            check.fail("end", f"{end.moment.isoformat()} is before start")
        return
    if end.last_day() < start.day:
        check.fail("end", f"{end.last_day().isoformat()} is before start")
