"""iCalendar import: property values as the timeline stores them (times, rules, ids)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from timeline_cli.formats.common import local_if_unambiguous
from timeline_cli.formats.ics import UID_DOMAIN, _all, _first
from timeline_cli.model import ID_PATTERN
from timeline_cli.schema import SHORTHANDS


def one(component: icalendar.Component, name: str) -> str | None:
    """A TEXT property's value (the first, when it is given more than once)."""
    prop = component.get(name)
    return None if prop is None else str(_first(prop))


def inner(prop: Any, attr: str) -> Any:
    """``prop.attr``, or None for a value icalendar could not parse (a vBroken)."""
    return None if isinstance(prop, icalendar.vBroken) else getattr(prop, attr, None)


def shown(prop: Any) -> str:
    """A property value for a note: dates in ISO form, lists joined, long text cut."""
    parts = []
    for item in _all(prop):
        for value in inner(item, "dts") or [item]:
            moment = inner(value, "dt")
            if isinstance(moment, date):
                parts.append(moment.isoformat())
            else:
                raw = value.to_ical() if hasattr(value, "to_ical") else value
                parts.append(raw.decode() if isinstance(raw, bytes) else str(raw))
    text = ", ".join(parts)
    return text if len(text) <= 80 else text[:77] + "..."


def in_zone(wall: datetime, zone: tzinfo | None) -> datetime:
    """A wall time in a zone: with a named zone as such, in another one as an exact time."""
    if zone is None:
        return wall
    moment = wall.replace(tzinfo=zone)
    if isinstance(zone, ZoneInfo):
        return moment
    offset = moment.utcoffset()
    return moment.replace(tzinfo=timezone(offset)) if offset is not None else wall


def expressed(value: date | datetime, zone: ZoneInfo | None) -> date | datetime:
    """The TOML value: a wall time in the event's zone when that names it, else as is.

    A time written in the event's own zone stays the wall time it was written as;
    one in another zone (or in UTC) becomes that zone's wall time where this names
    the instant exactly, and stays an exact time where it does not.
    """
    if not isinstance(value, datetime) or value.tzinfo is None:
        return value
    if zone is not None and getattr(value.tzinfo, "key", None) == zone.key:
        return value.replace(tzinfo=None)
    if zone is not None:
        value = local_if_unambiguous(value, zone)
    offset = value.utcoffset()
    if offset is None:
        return value
    return value.replace(tzinfo=timezone(offset))  # as tomllib gives an offset date-time


def rule_text(rule: Any) -> str:
    raw = rule.to_ical() if hasattr(rule, "to_ical") else rule
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def repeat_of(rule: Any, start: date) -> str:
    """A shorthand where the rule is one (including our 29 February and 31st forms)."""
    text = rule_text(rule)
    parts = {str(k).upper(): _all(v) for k, v in dict(rule).items()}
    freq = str(_first(parts.get("FREQ", [""]))).upper()
    if freq.lower() not in SHORTHANDS:
        return text
    if set(parts) == {"FREQ"}:
        # Plain FREQ=MONTHLY on the 31st skips short months, FREQ=YEARLY on 29 February
        # the common years: our shorthands would not, so the rule is kept as written.
        month_end = (freq == "MONTHLY" and start.day == 31) or (
            freq == "YEARLY" and (start.month, start.day) == (2, 29)
        )
        return text if month_end else freq.lower()
    month_end = parts.get("BYMONTHDAY") == [-1]
    if month_end and freq == "YEARLY" and set(parts) == {"FREQ", "BYMONTH", "BYMONTHDAY"}:
        return "yearly" if parts["BYMONTH"] == [2] and (start.month, start.day) == (2, 29) else text
    if month_end and freq == "MONTHLY" and set(parts) == {"FREQ", "BYMONTHDAY"}:
        return "monthly" if start.day == 31 else text
    return text


def id_of_uid(uid: str) -> tuple[str, str | None]:
    """(id, uid to keep): ``<id>@timeline`` gives its id back; any other UID a slug of it.

    The slug is lowercase ``[a-z0-9-]``, at most 60 characters; when it is not the
    UID itself it ends in 8 hex digits of the UID's SHA-1, so different UIDs never
    share an id. The UID is kept whenever re-exporting the id would not restore it.
    """
    if uid.endswith(UID_DOMAIN) and ID_PATTERN.fullmatch(uid[: -len(UID_DOMAIN)]):
        return uid[: -len(UID_DOMAIN)], None
    ascii_uid = unicodedata.normalize("NFKD", uid).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_uid.lower()).strip("-")
    if slug == uid and ID_PATTERN.fullmatch(slug) and len(slug) <= 60:
        return slug, uid
    digest = hashlib.sha1(uid.encode("utf-8")).hexdigest()[:8]
    base = slug[:51].strip("-")
    return (f"{base}-{digest}" if base else digest), uid
