"""What users type → time values and ranges (the grammar of README 'WHEN').

Pure: ``now`` is always passed in. ``dateutil`` is imported only for the human forms
that nothing else understands, so listing never pays for it.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from timeline_cli.errors import UsageError
from timeline_cli.model import Precision, Range, TimeValue, in_zone, to_utc
from timeline_cli.schema import parse_time_text
from timeline_cli.when_forms import (
    FORMS,
    Week,
    is_relative,
    iso_week,
    next_weekday,
    relative_word,
    rewrite,
)
from timeline_cli.zones import check_abbreviation, format_offset, word_zone, zone_name

_RELATIVE = re.compile(r"([+-])(\d{1,5})([dwmy])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARTIAL = re.compile(r"\d{4}(?:-\d{2})?")


class When(NamedTuple):
    """A parsed WHEN: the value, the zone the text named (if it named one), and for an
    ISO week (``2024-W03``, read only where a range is asked for) its last day."""

    value: TimeValue
    zone: tzinfo | None = None
    through: date | None = None


def parse_when(
    text: str, *, now: datetime, zone: tzinfo, what: str = "date", weeks: bool = False
) -> When:
    """Parse a WHEN; naive times are wall-clock times in ``zone``. UsageError if unparsable.

    ``weeks``: read ``2024-W03`` as that week (its Monday, ``through`` its Sunday);
    otherwise a week is refused, as it is not one time value.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise UsageError(f"empty {what}; accepted forms: {FORMS}")
    try:
        week = iso_week(cleaned)
        if isinstance(week, Week):
            if not weeks:
                raise UsageError(
                    f"a whole week ({week.monday} to {week.sunday}), not one date; "
                    f"give a day of it ({cleaned}-1 or {week.monday})"
                )
            return When(TimeValue(Precision.DAY, week.monday), None, week.sunday)
        if week is not None:
            return When(TimeValue(Precision.DAY, week))
        return _parse(cleaned, now, zone)
    except UsageError as exc:
        raise UsageError(f"invalid {what} {text!r}: {exc.message}") from None
    except (ValueError, OverflowError) as exc:
        reason = str(exc) if str(exc) != "date value out of range" else "out of range"
        if "must be in" in reason or "out of range for month" in reason:  # Python's words
            from timeline_cli.store.badtimes import why_no_time

            found = why_no_time(cleaned.replace(" ", "T", 1)[:25])
            reason = found.split(" (", 1)[-1].rstrip(")") if found and " (" in found else reason
        raise UsageError(f"invalid {what} {text!r}: {reason}; accepted forms: {FORMS}") from None


def parse_fixed(text: str, zone: tzinfo, *, what: str = "date") -> When:
    """A WHEN that means the same on every day (for files): relative forms are refused."""
    cleaned = " ".join(text.split())
    lowered = cleaned.lower()
    if lowered in _NAMED or _RELATIVE.fullmatch(lowered) or is_relative(cleaned):
        raise UsageError(
            f"{what} {text!r} is relative to the day it is read; a file needs a fixed date "
            "(2024-01-24, 2024-01-24 18:00 KST)"
        )
    return parse_when(cleaned, now=_ANY_DAY, zone=zone, what=what)


_NAMED = {"now": 0, "today": 0, "yesterday": -1, "tomorrow": 1}
_ANY_DAY = datetime(2000, 1, 1, tzinfo=UTC)  # for parse_fixed: relative forms are refused


def _parse(text: str, now: datetime, zone: tzinfo) -> When:
    lowered = text.lower()
    today = now.astimezone(zone).date()
    if lowered == "now":
        return When(TimeValue(Precision.TIME, today, now.astimezone(zone)))
    if lowered in _NAMED:
        return When(TimeValue(Precision.DAY, today + timedelta(days=_NAMED[lowered])))
    weekday = next_weekday(text, today)
    if weekday is not None:
        return When(TimeValue(Precision.DAY, weekday))
    relative = _RELATIVE.fullmatch(relative_word(text) or lowered)
    if relative:
        return When(TimeValue(Precision.DAY, shift(today, relative)))
    text = rewrite(text)
    if _PARTIAL.fullmatch(text):
        return When(parse_time_text(text, zone))
    body, named = _split_zone(text)
    try:
        parsed = datetime.fromisoformat(body.replace(" ", "T", 1))
    except ValueError:
        if _ISO_DATE.match(body):
            date.fromisoformat(body[:10])  # raises with the precise reason (day out of range)
        if not re.search(r"[A-Za-z]", text):
            raise ValueError("not a date or time this tool understands") from None
        return _human(text, zone)
    given = word_zone(named) if named else None
    local = given or zone
    if len(body) <= 10 and parsed.hour == parsed.minute == 0 and ":" not in body:
        return When(TimeValue(Precision.DAY, parsed.date()), given)
    return When(_timed(parsed, local, named), given)


def _timed(parsed: datetime, zone: tzinfo, named: str | None) -> TimeValue:
    if parsed.tzinfo is not None:
        moment = in_zone(parsed, zone) if named else parsed
        return TimeValue(Precision.TIME, moment.date(), moment, exact=True)
    moment = parsed.replace(tzinfo=zone)
    # A wall time in a named fixed offset (``18:00 +09:00``) is an exact instant, and
    # so is one whose abbreviation says which side of a DST change it is on.
    exact = named is not None and not isinstance(zone, ZoneInfo)
    if named:
        chosen = check_abbreviation(named, moment)
        exact = exact or chosen.utcoffset() != chosen.replace(fold=1 - chosen.fold).utcoffset()
        moment = chosen
    return TimeValue(Precision.TIME, parsed.date(), moment, exact=exact)


def _split_zone(text: str) -> tuple[str, str | None]:
    """``2024-01-24 18:00 KST`` → (``2024-01-24 18:00``, ``KST``); a zone starts with a letter
    or a sign, so ``6pm`` and ``2024`` stay part of the date."""
    head, _, last = text.rpartition(" ")
    if not head or not (last[0].isascii() and (last[0].isalpha() or last[0] in "+-")):
        return text, None
    return head, last


def shift(day: date, relative: re.Match[str]) -> date:
    """``today`` moved by ``+3d``, ``-2w``, ``-6m`` or ``+1y`` (month ends are clamped)."""
    sign = -1 if relative.group(1) == "-" else 1
    amount, unit = sign * int(relative.group(2)), relative.group(3)
    if unit == "d":
        return day + timedelta(days=amount)
    if unit == "w":
        return day + timedelta(weeks=amount)
    months = amount * (12 if unit == "y" else 1)
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise ValueError("out of range")
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _human(text: str, zone: tzinfo) -> When:
    """Other forms (``Jan 24 2024 6pm KST``) through dateutil; the date must be complete.

    A zone word anywhere in the text goes through ``word_zone``: an unknown or
    ambiguous one is an error, never silently dropped.
    """
    from dateutil import parser

    named: list[str] = []
    head, last = _split_zone(text)
    if last is not None:
        try:
            trailing = word_zone(last)
        except UsageError:
            if "/" in last or last[0] in "+-":
                raise
        else:
            text, named = head, [last]
            zone = trailing

    def zone_word(name: str, offset: int) -> tzinfo | None:
        """dateutil found a zone: resolve it our way, never drop it silently."""
        if not name and offset is None:
            return None
        if not name or (name.upper() in ("Z", "UTC", "GMT") and offset):
            raise UsageError("put an offset at the end as +09:00")
        named.append(name)
        return word_zone(name)

    def read(default: datetime) -> datetime:
        return parser.parse(text, default=default, yearfirst=True, tzinfos=zone_word)

    try:
        # Naive defaults on purpose: two different ones reveal what the text left out.
        one = read(datetime(2000, 1, 1))  # noqa: DTZ001
        two = read(datetime(2001, 2, 2, 1))  # noqa: DTZ001
    except (ValueError, OverflowError, parser.ParserError):
        raise ValueError("not a date or time this tool understands") from None
    if (one.year, one.month, one.day) != (two.year, two.month, two.day):
        raise ValueError("give a complete date with year, month and day")
    given = one.tzinfo or (zone if named else None)
    if one.hour != two.hour:
        return When(TimeValue(Precision.DAY, one.date()), given)
    wall = one.replace(tzinfo=None)
    return When(_timed(wall, given or zone, named[0] if named else None), given)


class RangeLabels(NamedTuple):
    """What messages call the three ends of a range (the command layer passes its options)."""

    start: str = "start"
    end: str = "end"
    on: str = "on"


PLAIN = RangeLabels()  # the core's own words; ``list`` and the rest pass their options


def when_range(
    *,
    start: str | None,
    end: str | None,
    on: str | None,
    now: datetime,
    zone: tzinfo,
    labels: RangeLabels = PLAIN,
) -> Range:
    """A start, an end or one day → the instants and the days they cover in ``zone``.

    The days are what all-day events are matched by: the day 2011-12-30 is that date
    even in Samoa, which skipped it. ``labels`` name the three in messages (the
    command layer passes its options: ``--from``, ``--to``, ``--on``).
    """
    if on is not None and (start is not None or end is not None):
        raise UsageError(f"{labels.on} cannot be combined with {labels.start} or {labels.end}")
    if on is not None:
        when = parse_when(on, now=now, zone=zone, what=f"{labels.on} date", weeks=True)
        value, here = when.value, when.zone or zone
        if value.moment is not None:
            value = TimeValue(Precision.DAY, in_zone(value.moment, here).date())
        last = TimeValue(Precision.DAY, when.through) if when.through else value
        return Range(value.begin(here), last.finish(here), value.day, last.last_day())
    low = high = first = last_day = None
    if start is not None:
        when = parse_when(start, now=now, zone=zone, what=f"{labels.start} date", weeks=True)
        low = when.value.begin(when.zone or zone)
        first = _first_day(when.value, zone)
    if end is not None:
        when = parse_when(end, now=now, zone=zone, what=f"{labels.end} date", weeks=True)
        value = _last(when)
        high = value.finish(when.zone or zone)
        last_day = value.last_day() if value.moment is None else None
        last_day = last_day or in_zone(value.moment or high, zone).date()
    if low is not None and high is not None and low >= high:
        raise UsageError(f"{labels.start} ({start}) is after {labels.end} ({end})")
    return Range(low, high, first, last_day)


def _last(when: When) -> TimeValue:
    """The value a range ends with: the Sunday of a week, else the value itself."""
    return TimeValue(Precision.DAY, when.through) if when.through else when.value


def _first_day(value: TimeValue, zone: tzinfo) -> date:
    """The display day a range starts on: a date's own, or the day of an instant."""
    return value.day if value.moment is None else in_zone(value.moment, zone).date()


def _duration(delta: timedelta) -> str:
    """``1 hour``, ``30 minutes``, ``24 hours``."""
    minutes = int(delta.total_seconds()) // 60
    if minutes % 60:
        return f"{minutes} minutes"
    hours = minutes // 60
    return "1 hour" if hours == 1 else f"{hours} hours"


def check_wall_time(moment: datetime) -> None:
    """Refuse a wall-clock time that a DST change skips or repeats in its zone (for writes)."""
    zone = moment.tzinfo
    if zone is None:
        return
    first, second = moment.replace(fold=0), moment.replace(fold=1)
    if first.utcoffset() == second.utcoffset():
        return
    wall = moment.replace(tzinfo=None, fold=0)
    name = zone_name(zone)
    back = in_zone(to_utc(first), zone).replace(tzinfo=None)
    offsets = [format_offset(d.utcoffset() or timedelta(0)) for d in (first, second)]
    if back != wall:
        jump = abs((second.utcoffset() or timedelta(0)) - (first.utcoffset() or timedelta(0)))
        raise UsageError(
            f"{wall.isoformat(sep=' ', timespec='minutes')} does not exist in {name}: "
            f"the clocks jump {_duration(jump)} forward there (UTC{offsets[0]} to "
            f"UTC{offsets[1]})"
        )
    raise UsageError(
        f"{wall.isoformat(sep=' ', timespec='minutes')} happens twice in {name} "
        f"(at {offsets[0]} and at {offsets[1]}); add the offset you mean, e.g. "
        f"{wall.isoformat(timespec='minutes')}{offsets[1]}"
    )
