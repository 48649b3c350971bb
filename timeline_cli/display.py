"""Text for people: how times, spans and relative dates read, and safe strings.

Pure functions; the Rich table and the plain table in ``render.py`` both use them.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta, tzinfo
from functools import cache

from timeline_cli.model import Event, Precision, TimeValue, in_zone
from timeline_cli.zones import same_zone, zone_name

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that only hide or split text (zero-width space, word joiner
# and invisible operators, BOM, Mongolian vowel separator). ZWJ and ZWNJ stay: emoji
# sequences, Persian and Indic scripts need them.
_INVISIBLE = frozenset("\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff")


def safe(text: str) -> str:
    """Text that cannot drive a terminal: control and bidi-override characters made visible.

    C0 controls become their Unicode control pictures (ESC → ␛), DEL → ␡, C1 controls,
    bidi overrides and zero-width characters (except ZWJ/ZWNJ) → U+FFFD. Markup is not
    a concern here: the renderers never parse markup in data.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        code = ord(char)
        if code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif 0x80 <= code < 0xA0 or char in _BIDI or char in _INVISIBLE:
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)


def cell_width(text: str) -> int:
    """Terminal columns of ``text``: wide East Asian characters count 2, combining marks 0."""
    if text.isascii():
        return len(text)
    return len(text) + sum(_extra_width(char) for char in _NON_ASCII.findall(text))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@cache
def _extra_width(char: str) -> int:
    """Columns beyond one: +1 for wide characters, -1 for combining and format ones
    (and for the vowel and final jamo of decomposed Hangul, which join the first)."""
    code = ord(char)
    if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
        return -1
    if 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
        return -1
    return 1 if unicodedata.east_asian_width(char) in "WF" else 0


_MONTH_ABBR = ("", *calendar.month_abbr[1:])


def value_text(value: TimeValue, zone: tzinfo, *, with_date: bool = True) -> str:
    """One time value as shown in the display zone (floating values are never shifted)."""
    return _value_parts(value, zone, with_date)[0]


def _value_parts(value: TimeValue, zone: tzinfo, with_date: bool = True) -> tuple[str, str]:
    """(text, `` ABBR`` or empty) of a value in ``zone``, converting it once."""
    day = value.day
    if value.precision is Precision.YEAR:
        return f"{day.year:04d}", ""
    if value.precision is Precision.MONTH:
        return f"{_MONTH_ABBR[day.month]} {day.year:04d}", ""
    if value.moment is None:
        return day.isoformat(), ""
    local = in_zone(value.moment, zone)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    text = f"{local.year:04d}-{local.month:02d}-{local.day:02d} {clock}" if with_date else clock
    return text, f" {local.tzname()}"


def when_text(event: Event, zone: tzinfo) -> str:
    """The ``when`` column: ``2024-01-23 10:00 EST``, ``2016-12-19 → 2017-02-21``, ``Feb 2017``."""
    start, abbrev = _value_parts(event.start, zone)
    end_value = event.end
    if end_value is None or end_value == event.start:
        return start + abbrev
    same_day = (
        event.start.moment is not None
        and end_value.moment is not None
        and start[:10] == value_text(end_value, zone)[:10]
    )
    end, end_abbrev = _value_parts(end_value, zone, not same_day)
    if end_abbrev == abbrev:
        return f"{start} → {end}{end_abbrev}"
    return f"{start}{abbrev} → {end}{end_abbrev}"


def origin_zone(event: Event) -> tzinfo:
    """The event's own zone: its ``timezone``, else the offset it was written with."""
    moment = event.start.moment
    if not event.has_zone and event.start.exact and moment is not None and moment.tzinfo:
        return moment.tzinfo
    return event.zone


def origin_text(event: Event, zone: tzinfo) -> str:
    """``18:00 KST`` when the event's own zone differs from the display zone, else empty."""
    moment = event.start.moment
    if moment is None:
        return ""
    origin = origin_zone(event)
    if same_zone(origin, zone):
        return ""
    local = in_zone(moment, origin)
    shown = in_zone(moment, zone)
    stamp = local.strftime("%H:%M")
    if local.date() != shown.date():
        stamp = f"{local.strftime('%b')} {local.day} {stamp}"
    return f"{stamp} {local.tzname()}"


def relative_text(event: Event, now: datetime, zone: tzinfo, today: date | None = None) -> str:
    """``2y 10m ago``, ``in 5d``, ``today``, ``in 3h``, ``ongoing`` (``today``: now's date)."""
    begin, finish = event.begin(zone), event.finish(zone)
    if begin <= now < finish and (event.end is not None or not event.timed):
        if event.end is not None and event.end != event.start:
            return "ongoing"
        return {Precision.YEAR: "this year", Precision.MONTH: "this month"}.get(
            event.start.precision, "today"
        )
    moment = event.start.moment
    if moment is not None and abs((moment - now).total_seconds()) < 86400:
        return _ago(_hours(moment - now))
    today = today or in_zone(now, zone).date()
    day = in_zone(moment, zone).date() if moment is not None else event.start.day
    if day == today:
        return "today"
    return _ago(calendar_gap(today, day) if day > today else "-" + calendar_gap(day, today))


def _hours(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    if seconds >= 3600:
        return f"{sign}{seconds // 3600}h"
    if seconds < 60:
        return "-now" if sign else "+now"
    return f"{sign}{seconds // 60}min"


def _ago(gap: str) -> str:
    if gap[1:] == "now":
        return "now"
    return f"{gap[1:]} ago" if gap.startswith("-") else f"in {gap}"


def calendar_gap(early: date, late: date) -> str:
    """Whole years, months and days from ``early`` to ``late``: ``2y 10m``, ``3m 4d``, ``5d``."""
    months = (late.year - early.year) * 12 + late.month - early.month
    if late.day < early.day:
        months -= 1
    anchor_year, anchor_month = divmod(early.year * 12 + early.month - 1 + months, 12)
    anchor = _clamped(anchor_year, anchor_month + 1, early.day)
    days = (late - anchor).days
    years, months = divmod(months, 12)
    if years:
        return f"{years}y {months}m" if months else f"{years}y"
    if months:
        return f"{months}m {days}d" if days else f"{months}m"
    return f"{days}d"


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 event``, ``2 events``, ``0 events``; ``nouns`` for an irregular plural
    (``plural(3, "anniversary", "anniversaries")``)."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def caption(count: int, zone: tzinfo, title: str | None) -> str:
    """``V (Kim Taehyung) · 18 events · times in America/New_York``."""
    parts = [safe(title)] if title else []
    parts += [plural(count, "event"), f"times in {zone_name(zone)}"]
    return " · ".join(parts)


def span_text(event: Event) -> str | None:
    """How long a span lasts: ``65 days`` (dates, inclusive), ``2h 30min`` (times)."""
    end = event.end
    if end is None or end == event.start:
        return None
    if event.start.moment is not None and end.moment is not None:
        minutes = int((end.moment - event.start.moment).total_seconds()) // 60
        days, minutes = divmod(minutes, 24 * 60)
        parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
        if minutes // 60:
            parts.append(f"{minutes // 60}h")
        if minutes % 60:
            parts.append(f"{minutes % 60}min")
        return " ".join(parts) or "0min"
    days = (end.last_day() - event.start.day).days + 1
    return f"{days} day{'s' if days != 1 else ''}"


def dday_text(event: Event, zone: tzinfo, today: date) -> str:
    """``D-30`` (30 days to go), ``D-day``, ``D+1036`` (days since), in the display zone."""
    moment = event.start.moment
    day = in_zone(moment, zone).date() if moment is not None else event.start.day
    days = (day - today).days
    return "D-day" if days == 0 else (f"D-{days}" if days > 0 else f"D+{-days}")


def repeat_mark(repeat: str) -> str:
    """The short word after ↻ in a table: the shorthand, or an RRULE's frequency
    (``FREQ=WEEKLY;BYDAY=FR,SA`` → ``weekly``); ``show`` gives the whole rule."""
    text = repeat.strip()
    if "=" not in text:
        return safe(text)
    for part in text.upper().removeprefix("RRULE:").split(";"):
        key, _, value = part.partition("=")
        if key.strip() == "FREQ":
            return safe(value.strip().lower())
    return "repeats"


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces; a word wider
    than ``width`` (an id, a URL) is cut into pieces that fit."""
    if cell_width(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = cell_width(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line:
            lines.append(line)
        line, used = word, size
        if size > width:
            *whole, line = _fold(word, width)
            lines += whole
            used = cell_width(line)
    lines.append(line)
    return lines


def _fold(word: str, width: int) -> list[str]:
    """``word`` cut into pieces of at most ``width`` columns (at least one character)."""
    pieces, piece, used = [], "", 0
    for char in word:
        size = cell_width(char)
        if piece and used + size > width:
            pieces.append(piece)
            piece, used = "", 0
        piece, used = piece + char, used + size
    pieces.append(piece)
    return pieces


_LIST_ITEM = re.compile(r"\s|[-*•·]\s|\d+[.)]\s")


def reflow(text: str) -> str:
    """Paragraphs of ``text`` as one line each, for a terminal to wrap: single line
    breaks inside a paragraph become spaces; blank lines stay, and so does a break
    before a list item (``- x``, ``* x``, ``1. x``) or an indented line."""
    out: list[str] = []
    for line in text.split("\n"):
        joins = out and out[-1].strip() and line.strip() and not _LIST_ITEM.match(line)
        if joins:
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


def is_link(text: str) -> bool:
    """True when ``text`` is one http(s) URL of printable ASCII (a link target)."""
    return re.fullmatch(r"https?://[!-~]+", text) is not None
