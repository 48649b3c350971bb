"""Other spellings of a WHEN → the ISO text ``timeparse`` reads (README 'WHEN').

``2024/01/24``, ``2024.01.24``, ``2024년 1월 24일 오후 6시``, ``Jan 2024``, ``in 3 days``,
``3 days ago``, ``next friday`` and the ISO week ``2024-W03``. Day and month in
either order (``01/02/2024``) are refused, naming the readings, never guessed.
Pure: ``today`` is passed in.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import NamedTuple

from timeline_cli.errors import UsageError

FORMS = (
    "2024-01-24, 2024-01-24 18:00 KST, 2024/01/24, 2024년 1월 24일 오후 6시, 2024-01, "
    "Jan 2024, 2024, 2024-W03, today, now, +3d/-2w/-6m/+1y, in 3 days, 3 days ago, next friday"
)

_WEEK = re.compile(r"(\d{4})-?[Ww](\d{2})(?:-?([1-7]))?")
_YMD = re.compile(r"(\d{4})(-|/|\.\s*)(\d{1,2})(?:(?:-|/|\.\s*)(\d{1,2}))?\.?(?=$|[\sT])")
_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})\.?(?=$|[\sT])")
_KOREAN_DATE = re.compile(r"(\d{1,4})\s*년(?:\s*(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?)?")
_KOREAN_TIME = re.compile(r"(?:(오전|오후)\s*)?(\d{1,2})\s*시(?:\s*(\d{1,2})\s*분)?")
_IN = re.compile(r"in (\d{1,5}|an?) (day|week|month|year)s?")
_AGO = re.compile(r"(\d{1,5}|an?) (day|week|month|year)s? ago")
_NEXT = re.compile(r"(next|last) ([a-z]+)")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?,? (\d{4})|(\d{4}) ([a-z]+)\.?")

MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name} | {
    name.lower(): n for n, name in enumerate(calendar.month_abbr) if name
}
WEEKDAYS = {name.lower(): n for n, name in enumerate(calendar.day_name)} | {
    name.lower(): n for n, name in enumerate(calendar.day_abbr)
}


class Week(NamedTuple):
    """An ISO week: Monday to Sunday."""

    monday: date
    sunday: date


def iso_week(text: str) -> Week | date | None:
    """``2024-W03`` → its Monday and Sunday; ``2024-W03-2`` → that day; else None."""
    match = _WEEK.fullmatch(text)
    if match is None:
        return None
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{year} has no week {week}") from None
    days = [monday + timedelta(days=n) for n in range(7) if monday <= date.max - timedelta(n)]
    if match.group(3) is None:  # 9999-W52 ends in year 10000: up to the last day there is
        return Week(monday, days[-1])
    if int(match.group(3)) > len(days):
        raise ValueError("out of range")
    return days[int(match.group(3)) - 1]


def relative_word(text: str) -> str | None:
    """``in 3 days`` → ``+3d``; ``2 weeks ago`` → ``-2w``; None for anything else."""
    lowered = text.lower()
    for pattern, sign in ((_IN, "+"), (_AGO, "-")):
        match = pattern.fullmatch(lowered)
        if match:
            amount = "1" if match.group(1) in ("a", "an") else match.group(1)
            return f"{sign}{amount}{match.group(2)[0]}"
    return None


def next_weekday(text: str, today: date) -> date | None:
    """``next friday``: the first Friday after today; ``last friday``: the last before."""
    match = _NEXT.fullmatch(text.lower())
    if match is None or match.group(2) not in WEEKDAYS:
        return None
    target = WEEKDAYS[match.group(2)]
    if match.group(1) == "next":
        return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
    return today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)


def is_relative(text: str) -> bool:
    """True for the forms that depend on today (``in 3 days``, ``next friday``)."""
    return relative_word(text) is not None or _NEXT.fullmatch(text.lower()) is not None


def rewrite(text: str) -> str:
    """``2024/01/24 18:00 KST`` → ``2024-01-24 18:00 KST``, ``Jan 2024`` → ``2024-01``,
    ``2024년 1월 24일 오후 6시`` → ``2024-01-24 18:00``; other text unchanged.

    Raises UsageError for a day and month in either order, ValueError for a Korean
    hour that does not exist (``오후 13시``).
    """
    month = _month_year(text.lower())
    if month is not None:
        return month
    korean = _KOREAN_DATE.match(text)
    if korean:
        year, mon, day = korean.groups()
        head = "-".join(f"{int(part):02d}" for part in (mon, day) if part)
        text = f"{int(year):04d}" + (f"-{head}" if head else "") + text[korean.end() :]
    else:
        check_order(text)
        ymd = _YMD.match(text)
        if ymd:
            year, _, mon, day = ymd.groups()
            head = "-".join(f"{int(part):02d}" for part in (mon, day) if part)
            text = f"{year}-{head}" + text[ymd.end() :]
    return _korean_time(text)


def _month_year(lowered: str) -> str | None:
    """``jan 2024``, ``january, 2024``, ``2024 jan`` → ``2024-01``."""
    match = _MONTH_YEAR.fullmatch(lowered)
    if match is None:
        return None
    name, year = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
    return f"{year}-{MONTHS[name]:02d}" if name in MONTHS else None


def _korean_time(text: str) -> str:
    """`` 오후 6시 30분`` after a date → `` 18:30``."""
    match = _KOREAN_TIME.search(text)
    if match is None:
        return text
    half, hour, minute = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if half and not 0 <= hour <= 12:
        raise ValueError(f"{half} {hour}시 is no hour (오전/오후 take 1 to 12)")
    if half:
        hour = hour % 12 + (12 if half == "오후" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"{match.group(0)} is no time of day")
    head = text[: match.start()].rstrip()
    return f"{head} {hour:02d}:{minute:02d}{text[match.end() :]}"


def check_order(text: str) -> None:
    """Refuse ``01/02/2024``, ``13/02/2024`` and ``1/2/24``: year-month-day only.

    UsageError naming the readings; ValueError when neither order is a date."""
    match = _DMY.match(text)
    if match is None:
        return
    first, second, year_text = int(match.group(1)), int(match.group(3)), match.group(4)
    year = int(year_text) if len(year_text) == 4 else _century(int(year_text))
    readings = []
    for mon, day in ((first, second), (second, first)):
        try:
            readings.append(date(year, mon, day))
        except ValueError:
            continue
    readings = list(dict.fromkeys(readings))
    if not readings:
        raise ValueError("no date with the day and month either way round")
    spelled = " or ".join(f"{d.day} {calendar.month_name[d.month]}" for d in readings)
    isos = " or ".join(d.isoformat() for d in readings)
    if len(readings) == 2:
        raise UsageError(f"ambiguous: {spelled} {year}? write {isos}")
    raise UsageError(f"dates are written year-month-day: for {spelled} {year} write {isos}")


def _century(year: int) -> int:
    """A two-digit year as POSIX ``%y`` reads it: 69-99 → 1900s, 00-68 → 2000s."""
    return year + (1900 if year >= 69 else 2000)
