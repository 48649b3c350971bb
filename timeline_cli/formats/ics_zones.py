"""iCalendar import: the zone a TZID names.

In order: an IANA name or a Windows zone id (``Korea Standard Time``, through
icalendar's ``WINDOWS_TO_OLSON``, generated from CLDR's windowsZones.xml); a
globally unique ``/vendor/Area/City`` id; a Windows display name as Outlook on the
web writes it without a VTIMEZONE (``(UTC-05:00) Eastern Time (US & Canada)``,
older ``(GMT+10:00) Canberra, Melbourne, Sydney``), through Microsoft's published
list of display names (``windows_names``), else through the Windows id or the IANA
city it names when that zone has the offset the name states; the file's own
VTIMEZONE; and, when nothing names a zone, the offset the display name states, as
a fixed offset with a note. A TZID is never read as UTC.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from timeline_cli.formats.windows_names import DISPLAY_TO_WINDOWS
from timeline_cli.zones import iana_zone

Resolved = tuple[tzinfo | None, str | None]  # (zone or None, note or None)

_DISPLAY = re.compile(
    r"\(\s*(?:UTC|GMT)\s*(?:(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?\s*\)"
    r"\s*(?P<rest>.*)",
    re.IGNORECASE,
)
_AREAS = frozenset(
    {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe"}
    | {"Indian", "Pacific"}
)  # the areas of canonical zone names (not the "US/Alaska" links)
_DAY = timedelta(days=1)
# Days to compare a zone's offsets on (its standard and summer offsets).
_PROBES = (date(2025, 1, 15), date(2025, 7, 15))


_UTC_OFFSET = re.compile(r"UTC(?P<sign>[+-])(?P<hours>[01]\d|2[0-3]):(?P<minutes>[0-5]\d)")


def named_zone(name: str) -> ZoneInfo | None:
    """The IANA zone of an IANA or Windows ("Korea Standard Time") zone name."""
    name = name.strip()
    found = iana_zone(name.strip("/"))
    if found is None and name in WINDOWS_TO_OLSON:
        found = iana_zone(WINDOWS_TO_OLSON[name])
    return found


class ZoneResolver:
    """The zones of one VCALENDAR's TZIDs, each resolved once."""

    def __init__(self, vtimezones: dict[str, icalendar.Component], default: ZoneInfo | None):
        self.vtimezones = vtimezones
        self.default = default
        self.found: dict[str, Resolved] = {}

    def zone(self, tzid: str) -> Resolved:
        """The zone a TZID names, and a note when it is a guess or not a named zone."""
        if tzid not in self.found:
            self.found[tzid] = self._resolve(tzid)
        return self.found[tzid]

    def _resolve(self, tzid: str) -> Resolved:
        named = named_zone(tzid)
        if named is not None:
            return named, None
        if tzid.startswith("/"):  # "/vendor/Europe/Berlin" (RFC 5545 3.2.19)
            parts = tzid.strip("/").split("/")
            for first in range(1, len(parts)):
                guess = iana_zone("/".join(parts[first:]))
                if guess is not None:
                    return guess, f"TZID {tzid!r} read as {guess.key}"
        offset = _UTC_OFFSET.fullmatch(tzid.strip().strip('"'))
        if offset is not None:  # "UTC+09:00": the offset clock of our own export
            return timezone(_offset(offset)), None
        display = display_zone(tzid)
        if display is not None and display[0] is not None:
            return display
        custom = self._custom(tzid)
        if custom is not None:
            return custom
        if display is not None:  # only an offset: better than any guess
            return _fixed(tzid)
        where = self.default.key if self.default else "the timeline's zone"
        return None, (
            f"TZID {tzid!r} is unknown and has no VTIMEZONE: times read as wall times in {where}"
        )

    def _custom(self, tzid: str) -> Resolved | None:
        """The file's VTIMEZONE: as the IANA zone its name points to when that zone has
        the same offsets ("Pacific Time (US & Canada), Tijuana"), else as it is."""
        component = self.vtimezones.get(tzid)
        if not isinstance(component, icalendar.Timezone):
            return None
        try:
            custom = component.to_tz(lookup_tzid=False)
            offsets = _offsets_of(custom)
        except Exception:  # a broken VTIMEZONE is an unknown zone
            return None
        for guess in _guesses(tzid.strip().strip('"')):
            if _offsets(guess.key) == offsets:
                return guess, f"TZID {tzid!r} read as {guess.key} (the same offsets)"
        return custom, (
            f"TZID {tzid!r} is not an IANA or Windows zone name: "
            "times kept as exact times (offsets from its VTIMEZONE)"
        )


def display_zone(tzid: str) -> Resolved | None:
    """The zone of a Windows display name ``(UTC±hh:mm) Description``; None for other TZIDs.

    (None, note) when the name only gives its offset (see ``_fixed``).
    """
    match = _DISPLAY.fullmatch(tzid.strip().strip('"'))
    if match is None or abs(_offset(match)) >= _DAY:  # "(UTC+99:00)" names no offset
        return None
    offset = _offset(match)
    rest = match["rest"].strip()
    windows = _folded_names().get(_fold(rest))
    if windows is not None and (found := named_zone(windows)) is not None:
        return found, None
    for guess in _guesses(rest):
        if offset in _offsets(guess.key):
            return guess, f"TZID {tzid!r} read as {guess.key}"
    return None, None


def _fold(text: str) -> str:
    """Text compared without case, accents or spacing ("Brasília" finds "Brasilia")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.lower().split())


@cache
def _folded_names() -> dict[str, str]:
    return {_fold(name): windows for name, windows in DISPLAY_TO_WINDOWS.items()}


def _fixed(tzid: str) -> Resolved:
    """The offset a display name states, as a fixed offset, with a note."""
    match = _DISPLAY.fullmatch(tzid.strip().strip('"'))
    assert match is not None
    offset = _offset(match)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(offset) // timedelta(minutes=1)
    shown = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return timezone(offset), (
        f"TZID {tzid!r} names no known zone: times read at its stated offset {shown} "
        "(no daylight saving time)"
    )


def _offset(match: re.Match[str]) -> timedelta:
    if match["sign"] is None:
        return timedelta(0)
    size = timedelta(hours=int(match["hours"]), minutes=int(match["minutes"] or 0))
    return -size if match["sign"] == "-" else size


def _guesses(rest: str) -> list[ZoneInfo]:
    """Zones a description may name: a Windows id ("Central Time (US & Canada)" →
    "Central Standard Time"), the description as a zone name, or a city in it."""
    guesses = []
    base = re.sub(r"\s*\(.*?\)\s*", " ", rest).strip()
    for name in (rest, base, re.sub(r"\bTime$", "Standard Time", base)):
        found = named_zone(name) if name else None
        if found is not None:
            guesses.append(found)
    for city in re.split(r",|;|\band\b", base):
        guesses += [ZoneInfo(key) for key in _cities().get(_city_key(city), ())]
    return guesses


def _city_key(text: str) -> str:
    return re.sub(r"[^a-z]+", "_", _fold(text)).strip("_")


@cache
def _cities() -> dict[str, tuple[str, ...]]:
    """IANA zones by their last part, lowercase ("sydney": ("Australia/Sydney",))."""
    cities: dict[str, list[str]] = {}
    for key in sorted(available_timezones(), key=lambda k: (k.split("/")[0] not in _AREAS, k)):
        if "/" in key and not key.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            cities.setdefault(_city_key(key.rsplit("/", 1)[1]), []).append(key)
    return {city: tuple(keys) for city, keys in cities.items()}


@cache
def _offsets(key: str) -> frozenset[timedelta]:
    """The offsets a zone has in winter and summer (of a recent year)."""
    return _offsets_of(ZoneInfo(key))


def _offsets_of(zone: tzinfo) -> frozenset[timedelta]:
    found = set()
    for day in _PROBES:
        offset = datetime(day.year, day.month, day.day, 12, tzinfo=zone).utcoffset()
        if offset is not None:
            found.add(offset)
    return frozenset(found)
