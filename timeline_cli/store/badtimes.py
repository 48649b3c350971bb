"""Dates and times written as TOML values that name no real day or time.

TOML parsers give ``2024-01-32T18:00:00`` a bare syntax error ("Expected newline")
or "Invalid date or datetime"; this finds the value an error points at and says
what is wrong with it (January has 31 days), so the error names the value.
"""

from __future__ import annotations

import re
from calendar import isleap
from typing import NamedTuple

_TIME = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
_TIME_LIKE = re.compile(
    rf"(?<![\w.:+-])(?:\d{{4}}-\d{{2}}-\d{{2}}(?:[Tt ]{_TIME})?(?:[Zz]|[+-]\d{{2}}:\d{{2}})?"
    rf"|{_TIME})(?![\w.:+-])"
)
# A key at the start of the line; its value (or the array holding this one) follows.
_KEY_FIRST = re.compile(r"[ \t]*([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')[ \t]*=(.*)")
_MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July"),
    *("August", "September", "October", "November", "December"),
)


class BadTime(NamedTuple):
    """A date or time value that names no real one: where it is in the text, and why."""

    start: int  # index in the text
    end: int
    key: str | None  # the key it is the value of, when written on the key's line
    message: str  # ``TOML syntax error: start = 2024-01-32 is no date (January has 31 days)``


def bad_time_at(text: str, pos: int) -> BadTime | None:
    """The impossible date or time at (or right before) ``pos``, where a parser stopped."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    for match in _TIME_LIKE.finditer(text, line_start, line_end):
        if not match.start() <= pos <= match.end():
            continue
        reason = why_no_time(match.group())
        if reason is None:
            return None
        key = _KEY_FIRST.fullmatch(text, line_start, match.start())
        name = key.group(1).strip("\"'") if key else None
        if key is None:
            message = reason
        elif key.group(2).strip():  # in an array: except = [2024-01-01, 2024-02-30]
            message = f"in {name}: {reason}"
        else:
            message = f"{name} = {reason}"
        return BadTime(match.start(), match.end(), name, f"TOML syntax error: {message}")
    return None


def why_no_time(token: str) -> str | None:
    """``2024-01-32 is no date (January has 31 days)``; None when ``token`` is a real one."""
    rest = token
    if len(token) >= 10 and token[4] == "-":
        year, month, day = int(token[:4]), int(token[5:7]), int(token[8:10])
        why = _date_problem(year, month, day)
        if why:
            return f"{token} is no date ({why})"
        rest = token[11:]
    if len(rest) >= 5:
        why = _time_problem(rest)
        if why:
            return f"{token} is no {'time' if rest == token else 'date-time'} ({why})"
    return None


def _date_problem(year: int, month: int, day: int) -> str | None:
    if year < 1:
        return "a year is 0001 to 9999"
    if not 1 <= month <= 12:
        return "a month is 01 to 12"
    if month == 2:
        days = 29 if isleap(year) else 28
        name = f"February {year}"
    else:
        days = 30 if month in (4, 6, 9, 11) else 31
        name = _MONTHS[month - 1]
    if day < 1:
        return "days start at 01"
    return f"{name} has {days} days" if day > days else None


def _time_problem(text: str) -> str | None:
    """``18:00:00.5+09:00`` and its parts (a ``Z`` or offset may follow)."""
    if int(text[:2]) > 23:
        return "an hour is 00 to 23"
    if int(text[3:5]) > 59:
        return "a minute is 00 to 59"
    if len(text) >= 8 and text[5] == ":" and int(text[6:8]) > 59:
        return "a second is 00 to 59"
    offset = re.search(r"[+-](\d{2}):(\d{2})$", text)
    if offset and (int(offset.group(1)) > 23 or int(offset.group(2)) > 59):
        return "an offset is -23:59 to +23:59"
    return None
