"""Repeat rules: which ``repeat`` values are valid, and for which starts (pure).

A ``repeat`` is a shorthand (``yearly``, ``monthly``, ``weekly``, ``fortnightly``,
``daily``) or an RFC 5545 RRULE value. The grammar and the combinations RFC 5545 rules out are
checked here, without dateutil, so that ``list`` refuses a rule it could not
expand as it refuses any invalid file, and never pays for dateutil to do so.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from functools import cache

from timeline_cli.model import Precision, TimeValue
from timeline_cli.suggest import did_you_mean

# Each shorthand and the rule it stands for (``recur`` exports the month-end forms).
SHORTHAND_RULES = {
    "yearly": "FREQ=YEARLY",
    "monthly": "FREQ=MONTHLY",
    "weekly": "FREQ=WEEKLY",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "daily": "FREQ=DAILY",
}
SHORTHANDS = tuple(SHORTHAND_RULES)
WHAT_A_REPEAT_IS = (
    f"a repeat is {', '.join(SHORTHANDS[:-1])} or {SHORTHANDS[-1]}, "
    "or an RRULE like FREQ=WEEKLY;INTERVAL=2"
)


def clock_zone(start: TimeValue, zone: tzinfo, has_zone: bool) -> tzinfo:
    """The clock a series repeats on: the event's zone, or the offset of a start written
    with only an offset (``2024-03-01T20:00:00+09:00`` repeats at 20:00 +09:00)."""
    if start.exact and not has_zone and start.moment is not None:
        return start.moment.tzinfo or zone
    return zone


def validate_repeat(text: str, start: TimeValue | None = None) -> str | None:
    """None when ``text`` is a shorthand or a valid RRULE value (for ``start``), else why."""
    if start is not None and start.precision < Precision.DAY:
        return "a repeating event needs a whole date (2020-05-01) or a date-time as its start"
    if text.strip().lower() in SHORTHANDS:
        return None
    if "=" not in text:
        return WHAT_A_REPEAT_IS + did_you_mean(text.strip().lower(), SHORTHANDS)
    body = text.removeprefix("RRULE:")
    parts: dict[str, str] = {}
    for part in body.split(";"):
        key, sep, value = part.partition("=")
        key = key.strip().upper()
        if not sep or not value:
            return f"{part!r} is not KEY=VALUE"
        if key in parts:
            return f"{key} is given twice"
        if key not in _RRULE_PARTS:
            return f"unknown rule part {key}" + did_you_mean(key, _RRULE_PARTS)
        if not _part_pattern(key).fullmatch(value.strip().upper()):
            return f"invalid {key} value {value!r}"
        if key == "UNTIL" and not _real_until(value.strip()):
            return f"UNTIL {value.strip()!r} is not a real date or time"
        parts[key] = value
    if "FREQ" not in parts:
        return f"FREQ is required (or use {', '.join(SHORTHANDS[:-1])} or {SHORTHANDS[-1]})"
    if "COUNT" in parts and "UNTIL" in parts:
        return "COUNT and UNTIL cannot both be given"
    return _rule_conflict({k: v.strip().upper() for k, v in parts.items()}, start)


_DAYS_IN = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}


def _real_until(value: str) -> bool:
    """True when an UNTIL's digits name a real date (and time)."""
    from datetime import datetime

    try:
        datetime.strptime(value[:15], "%Y%m%dT%H%M%S" if len(value) > 8 else "%Y%m%d")  # noqa: DTZ007
    except ValueError:
        return False
    return True


def _rule_conflict(parts: dict[str, str], start: TimeValue | None) -> str | None:
    """Combinations RFC 5545 (3.3.10) rules out, or that no calendar can expand."""
    freq = parts["FREQ"]
    if start is not None and not start.timed:
        if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
            return f"FREQ={freq} needs a start with a time; this event is all-day"
        for key in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            if key in parts:
                return f"{key} needs a start with a time; this event is all-day"
    if "BYWEEKNO" in parts and freq != "YEARLY":
        return "BYWEEKNO only goes with FREQ=YEARLY"
    if "BYYEARDAY" in parts and freq in ("DAILY", "WEEKLY", "MONTHLY"):
        return f"BYYEARDAY does not go with FREQ={freq}"
    if "BYMONTHDAY" in parts and freq == "WEEKLY":
        return "BYMONTHDAY does not go with FREQ=WEEKLY"
    numbered = any(day[:-2] for day in parts.get("BYDAY", "").split(",") if day)
    if numbered and (freq not in ("MONTHLY", "YEARLY") or "BYWEEKNO" in parts):
        return "a numbered BYDAY (1SU, -1FR) only goes with FREQ=MONTHLY or YEARLY"
    in_month = freq == "MONTHLY" or (freq == "YEARLY" and "BYMONTH" in parts)
    if numbered and in_month and all(abs(int(d[:-2])) > 5 for d in parts["BYDAY"].split(",")):
        return "a month has at most 5 of each weekday: the rule never happens"
    if "BYSETPOS" in parts and not any(k.startswith("BY") and k != "BYSETPOS" for k in parts):
        return "BYSETPOS needs another BY... part to choose from"
    if "BYMONTH" in parts and "BYMONTHDAY" in parts:
        months = [int(m) for m in parts["BYMONTH"].split(",")]
        days = [int(d) for d in parts["BYMONTHDAY"].split(",")]
        if all(abs(d) > _DAYS_IN.get(m, 31) for m in months for d in days):
            return "no month of BYMONTH has a day of BYMONTHDAY: the rule never happens"
    return None


_NUM = r"[+-]?(?:[1-9]\d?|[12]\d\d|3[0-5]\d|36[0-6])"  # 1 to 366
_DAY = r"(?:MO|TU|WE|TH|FR|SA|SU)"
_RRULE_PARTS: dict[str, str] = {
    "FREQ": r"SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY",
    "INTERVAL": r"[1-9]\d{0,4}",
    "COUNT": r"[1-9]\d{0,5}",
    "UNTIL": r"\d{8}(?:T\d{6}Z?)?",
    "BYDAY": rf"(?:[+-]?(?:[1-9]|[1-4]\d|5[0-3]))?{_DAY}",
    "BYMONTH": r"(?:[1-9]|1[0-2])",
    "BYMONTHDAY": r"[+-]?(?:[1-9]|[12]\d|3[01])",
    "BYYEARDAY": _NUM,
    "BYWEEKNO": r"[+-]?(?:[1-9]|[1-4]\d|5[0-3])",
    "BYHOUR": r"(?:1?\d|2[0-3])",
    "BYMINUTE": r"[1-5]?\d",
    "BYSECOND": r"[1-5]?\d",  # RFC 5545 allows 60 (a leap second); no expansion can
    "BYSETPOS": _NUM,
    "WKST": _DAY,
}
_SINGLE = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST")


@cache
def _part_pattern(key: str) -> re.Pattern[str]:
    """The value pattern of one RRULE part (lists for the BY* parts), compiled on first use."""
    item = _RRULE_PARTS[key]
    return re.compile(item if key in _SINGLE else rf"{item}(?:,{item})*")
