"""Time values as ISO 8601 text, shared by the text formats (JSON, CSV).

``2017`` / ``2017-02`` for partial dates, ``2016-12-19`` for days, and for timed
values the wall time in the event's own zone *with* its offset
(``2024-01-24T00:00:00+09:00``): an exact instant that still reads as the time
people know. Reading one back gives the TOML value that stores the same event.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from timeline_cli.display import origin_zone
from timeline_cli.model import Event, Precision, TimeValue, in_zone, to_utc
from timeline_cli.zones import iana_zone


def value_iso(value: TimeValue, event: Event) -> str:
    """A time value as ISO text; timed values in the event's own zone, with offset."""
    if value.precision is Precision.YEAR:
        return f"{value.day.year:04d}"
    if value.precision is Precision.MONTH:
        return f"{value.day.year:04d}-{value.day.month:02d}"
    if value.moment is None:
        return value.day.isoformat()
    # Through UTC: a wall time a DST change skipped becomes the real time it names.
    local = in_zone(to_utc(value.moment), origin_zone(event))
    offset = local.utcoffset() or timedelta(0)
    return local.replace(tzinfo=timezone(offset)).isoformat()


def iso_to_toml(text: str, zone_name: str | None) -> Any:
    """ISO text from ``value_iso`` → the TOML value (str, date or datetime) to store.

    A date-time whose offset is the one its zone has at that wall time is stored
    as a local date-time in that zone (as people write it); any other offset, or a
    wall time that happens twice, stays an exact offset date-time. Raises ValueError.
    """
    text = text.strip()
    if len(text) in (4, 7):
        return text  # "2017", "2017-02": validated by the schema
    if len(text) == 10:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text)
    zone = iana_zone(zone_name) if zone_name else None
    if moment.tzinfo is None or zone is None:
        return moment
    return local_if_unambiguous(moment, zone)


def local_if_unambiguous(moment: datetime, zone: ZoneInfo | tzinfo) -> datetime:
    """``moment`` as naive wall time in ``zone`` when that names it exactly, else as is."""
    wall = moment.astimezone(zone).replace(tzinfo=None)
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        return moment
    return wall if first == moment else moment


def zone_field(event: Event) -> str | None:
    """The zone an exported event names: its own or the file's resolved default zone;
    None for an exact instant written without one (its offset is then its origin)."""
    from timeline_cli.zones import zone_name

    if not event.has_zone and event.start.exact:
        return None
    return zone_name(event.zone)
