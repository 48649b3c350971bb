"""A POSIX ``TZ`` rule (``KST-9``, ``EST5EDT,M3.2.0,M11.1.0``) as a zone, for systems
whose ``TZ`` is such a rule rather than a zone name."""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo

# POSIX TZ (IEEE 1003.1 section 8.3): std offset [dst [offset] [,start[/time],end[/time]]].
# The offset is hours *west* of Greenwich: KST-9 is UTC+09:00.
_POSIX_NAME = r"(?:<[+-]?[A-Za-z0-9]{1,10}>|[A-Za-z]{3,10})"
_POSIX_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_POSIX_FIXED = re.compile(rf"({_POSIX_NAME})({_POSIX_OFFSET})")
_POSIX_RULE = re.compile(rf"{_POSIX_NAME}{_POSIX_OFFSET}{_POSIX_NAME}(?:{_POSIX_OFFSET})?(?:,.+)?")


def posix_zone(text: str) -> tzinfo | None:
    """A POSIX TZ rule as a zone: a fixed offset (``<+0545>-5:45``) or, with DST, the
    rule itself (through ``dateutil``, imported only then); None if it is not one."""
    fixed = _POSIX_FIXED.fullmatch(text)
    if fixed:
        hours, minutes, seconds = ([*map(int, fixed.group(2).lstrip("+-").split(":")), 0, 0])[:3]
        west = timedelta(hours=hours, minutes=minutes, seconds=seconds)
        if west >= timedelta(hours=24):
            return None
        return timezone(
            west if fixed.group(2).startswith("-") else -west, fixed.group(1).strip("<>")
        )
    if not _POSIX_RULE.fullmatch(text):
        return None
    from dateutil.tz import tzstr

    try:
        zone = tzstr(text, posix_offset=True)
    except ValueError:  # e.g. <+03>-3<+04>,...: dateutil does not read quoted names
        return None
    zone.key = text  # type: ignore[attr-defined]  # its name in captions
    return zone
