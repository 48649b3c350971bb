"""Time-zone names: IANA names, ``local``, fixed offsets and abbreviations.

Everything here is pure lookup on the ``zoneinfo`` database (the ``tzdata`` package
only: see ``timeline_cli/__init__.py``); nothing uses a fixed offset where a zone name
is known.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from timeline_cli.errors import UsageError

# Abbreviations that name one zone only: the zone of a time written with one
# (``18:00 EST`` is New York's 18:00, refused in July by ``check_abbreviation``).
ABBREVIATIONS: dict[str, str] = {
    "KST": "Asia/Seoul",
    "JST": "Asia/Tokyo",
    "HKT": "Asia/Hong_Kong",
    "SGT": "Asia/Singapore",
    "PHT": "Asia/Manila",
    "WIB": "Asia/Jakarta",
    "ICT": "Asia/Bangkok",
    "NPT": "Asia/Kathmandu",
    "PKT": "Asia/Karachi",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "ACST": "Australia/Adelaide",
    "ACDT": "Australia/Adelaide",
    "AWST": "Australia/Perth",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "AKST": "America/Anchorage",
    "AKDT": "America/Anchorage",
    "HST": "Pacific/Honolulu",
    "ADT": "America/Halifax",
    "NST": "America/St_Johns",
    "NDT": "America/St_Johns",
    "CET": "Europe/Berlin",
    "CEST": "Europe/Berlin",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "MSK": "Europe/Moscow",
    "SAST": "Africa/Johannesburg",
    "WAT": "Africa/Lagos",
    "EAT": "Africa/Nairobi",
    "BRT": "America/Sao_Paulo",
    "ART": "America/Argentina/Buenos_Aires",
}

# Standard/daylight pairs: these name one side of a DST change, and a time written
# with one of them must fall on that side. The other abbreviations name a zone only
# (tzdata itself may abbreviate it otherwise: Asia/Manila shows "PST").
# As a zone on its own (``--tz EST``) one of them is its fixed offset all year, as
# the abbreviation says (tzdata's own ``EST`` is -05:00 too), never its region's DST.
OFFSETS: dict[str, tuple[int, int]] = {
    "EST": (-5, 0),
    "EDT": (-4, 0),
    "MST": (-7, 0),
    "MDT": (-6, 0),
    "PST": (-8, 0),
    "PDT": (-7, 0),
    "AKST": (-9, 0),
    "AKDT": (-8, 0),
    "NST": (-3, -30),
    "NDT": (-2, -30),
    "AEST": (10, 0),
    "AEDT": (11, 0),
    "ACST": (9, 30),
    "ACDT": (10, 30),
    "NZST": (12, 0),
    "NZDT": (13, 0),
    "CET": (1, 0),
    "CEST": (2, 0),
    "EET": (2, 0),
    "EEST": (3, 0),
    "WET": (0, 0),
    "WEST": (1, 0),
}
SEASONAL = frozenset(OFFSETS)

AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "CST": ("America/Chicago", "Asia/Shanghai", "America/Havana"),
    "CDT": ("America/Chicago", "America/Havana"),
    "IST": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "BST": ("Europe/London", "Asia/Dhaka"),
    "AST": ("America/Halifax", "Asia/Riyadh"),
    "GST": ("Asia/Dubai", "Atlantic/South_Georgia"),
    "ECT": ("America/Guayaquil", "Europe/Paris"),
}

_OFFSET = re.compile(r"(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?")


def zone_name(zone: tzinfo) -> str:
    """The name to show for a zone: its IANA key, or ``+09:00`` for a fixed offset."""
    key = getattr(zone, "key", None)
    if isinstance(key, str):
        return key
    offset = zone.utcoffset(None)
    if offset is None or offset == timedelta(0):
        return "UTC"
    return format_offset(offset)


_UTC_NAMES = frozenset(
    {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"}
)


def same_zone(one: tzinfo, other: tzinfo) -> bool:
    """True when two zones are the same by name (UTC and its aliases are one zone)."""
    a, b = zone_name(one), zone_name(other)
    return a == b or (a in _UTC_NAMES and b in _UTC_NAMES)


def format_offset(offset: timedelta) -> str:
    """``timedelta(hours=5, minutes=45)`` → ``+05:45``."""
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def iana_zone(name: str) -> ZoneInfo | None:
    """The IANA zone called exactly ``name``, or None."""
    if not name or name.startswith(("/", ".")) or ".." in name or "\\" in name or "\0" in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def resolve_zone(text: str, *, what: str = "zone") -> tzinfo:
    """Turn what a user typed into a zone, or raise UsageError with suggestions.

    A seasonal abbreviation is its fixed offset (``EST`` is -05:00 in July too).
    """
    upper = text.strip().upper()
    if upper in OFFSETS:
        hours, minutes = OFFSETS[upper]
        return timezone(timedelta(hours=hours, minutes=minutes), upper)
    return word_zone(text, what=what)


def word_zone(text: str, *, what: str = "zone") -> tzinfo:
    """The zone a word after a time names: a seasonal abbreviation names its region
    (``18:00 EST`` is in America/New_York; ``check_abbreviation`` checks the season)."""
    name = text.strip()
    upper = name.upper()
    if upper in AMBIGUOUS:
        choices = ", ".join(AMBIGUOUS[upper])
        raise UsageError(
            f"{what} {text!r} is ambiguous: it could mean {choices}; give the IANA name"
        )
    if upper in ABBREVIATIONS:
        return ZoneInfo(ABBREVIATIONS[upper])
    if name.lower() == "local":
        return system_zone()
    if upper in ("UTC", "Z", "GMT"):
        return UTC if upper != "GMT" else ZoneInfo("GMT")
    match = _OFFSET.fullmatch(upper)
    if match:
        return fixed_offset(match, text, what)
    zone = iana_zone(name)
    if zone is not None:
        return zone
    folded = _case_insensitive_names().get(name.lower())
    if folded is not None:
        return ZoneInfo(folded)
    raise UsageError(f"unknown {what} {text!r}{suggestion(name)}")


def fixed_offset(match: re.Match[str], text: str, what: str) -> tzinfo:
    """A fixed-offset zone from a matched ``+09:00``."""
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if hours > 23 or minutes > 59:
        raise UsageError(f"{what} {text!r} is not a valid UTC offset")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if sign == "-" else delta)


def suggestion(name: str, *, offsets: bool = True) -> str:
    """`` (did you mean Asia/Seoul?)`` for a misspelt zone, or an empty string."""
    from timeline_cli.suggest import close_matches

    upper = name.strip().upper()
    if upper in ABBREVIATIONS:  # KST in a file: the name it stands for
        return f" (did you mean {ABBREVIATIONS[upper]!r}? a file names zones by IANA name)"
    if upper in AMBIGUOUS:
        return f" ({upper} could mean {', '.join(AMBIGUOUS[upper])}: give the IANA name)"
    names = sorted(available_timezones())
    lowered = {n.lower(): n for n in names}
    close = close_matches(name.lower(), lowered, n=3, cutoff=0.75)
    tail = name.rsplit("/", 1)[-1].lower()
    by_city = [n for n in names if n.rsplit("/", 1)[-1].lower() == tail]
    found = list(dict.fromkeys([*by_city, *(lowered[c] for c in close)]))[:3]
    if not found:
        offset = ", an offset such as +09:00," if offsets else ""
        return f" (use an IANA name such as Asia/Seoul{offset} or UTC)"
    return " (did you mean " + " or ".join(found) + "?)"


@cache
def _case_insensitive_names() -> dict[str, str]:
    return {n.lower(): n for n in available_timezones()}


def system_zone() -> tzinfo:
    """The system's zone as an IANA zone (``TZ``, /etc/timezone, /etc/localtime), else UTC.

    Never the current fixed offset: that is wrong for half the year's past events. A
    ``TZ`` that is a POSIX rule (``KST-9``, ``EST5EDT,M3.2.0,M11.1.0``) is that rule.
    """
    name = system_zone_name()
    zone = iana_zone(name) if name else None
    if zone is not None:
        return zone
    from timeline_cli.settings import current

    tz = current().system_zone
    if tz and not tz.removeprefix(":").startswith("/"):
        from timeline_cli.posix_tz import posix_zone

        return posix_zone(tz.removeprefix(":")) or _unreadable(tz)
    return UTC


def _unreadable(tz: str) -> tzinfo:
    """UTC, with a warning that ``TZ`` names no zone (shown once a run)."""
    from timeline_cli.errors import warn

    warn(f"TZ={tz!r} is not a zone name; using UTC — set TIMELINE_TZ=Asia/Seoul (or your zone)")
    return UTC


def system_zone_name() -> str | None:
    """The IANA name of the system zone, if it can be known."""
    from timeline_cli.settings import current

    tz = current().system_zone
    if tz is not None:
        tz = tz.removeprefix(":")
        if tz.startswith("/"):
            return _name_from_path(Path(tz))
        return tz if iana_zone(tz) is not None else None
    try:
        text = Path("/etc/timezone").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        text = ""
    if text and iana_zone(text) is not None:
        return text
    return _name_from_path(Path("/etc/localtime"))


def _name_from_path(path: Path) -> str | None:
    try:
        real = str(path.resolve())
    except OSError:
        return None
    marker = "zoneinfo/"
    if marker not in real:
        return None
    name = real.rsplit(marker, 1)[1]
    return name if iana_zone(name) is not None else None


def check_abbreviation(abbrev: str, moment: datetime) -> datetime:
    """``moment`` on the side of a DST change where ``abbrev`` is in force.

    Refuses ``18:00 EST`` on a July date, when New York is on EDT; picks the second
    01:30 for ``01:30 EST`` on the night clocks go back.
    """
    if abbrev.upper() not in SEASONAL:
        return moment
    for candidate in (moment.replace(fold=0), moment.replace(fold=1)):
        if candidate.tzname() == abbrev.upper():
            return candidate
    shown = moment.tzname() or ""
    if not shown.isalpha():
        return moment
    raise UsageError(
        f"{abbrev.upper()} is not in effect in {zone_name(moment.tzinfo or UTC)} "
        f"on {moment.date().isoformat()} (it is {shown}); give an offset or the zone name"
    )
