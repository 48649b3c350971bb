"""The options of ``add`` → one validated event, ready to append.

The event is built as the TOML table that will be written and validated by the
same code that reads files, so what ``add`` echoes is exactly what a later
``list`` will read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from timeline_cli.errors import InvalidFileError, UsageError, field_ref
from timeline_cli.ids import derived_id
from timeline_cli.model import Event, Precision, TimeValue
from timeline_cli.schema import ProblemList, event_from_table
from timeline_cli.store.codec import event_table, time_to_toml
from timeline_cli.timeparse import check_wall_time, parse_when
from timeline_cli.zones import SEASONAL, format_offset, resolve_zone, word_zone, zone_name


class FieldError(UsageError):
    """A bad value for one field of an event (exit 2): ``field`` names the field, ``value``
    is the value given (None: not shown) and ``reason`` says what is wrong with it."""

    def __init__(self, field: str, reason: str, value: str | None = None) -> None:
        given = f" {value!r}" if value is not None else ""
        super().__init__(f"{field_ref(field)}{given}: {reason}")
        self.field = field
        self.value = value
        self.reason = reason


class NewEvent(NamedTuple):
    """What the user asked ``add`` to store."""

    title: str
    start: str
    end: str | None = None
    zone: str | None = None
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    location: str | None = None
    url: str | None = None
    source: str | None = None
    description: str | None = None
    repeat: str | None = None
    exceptions: tuple[str, ...] = ()
    id: str | None = None


def event_zone(text: str) -> ZoneInfo:
    """An event's zone: a zone name (or abbreviation), never a fixed offset."""
    zone = resolve_zone(text, what=f"{field_ref('timezone')} zone")
    upper = text.strip().upper()
    if upper in SEASONAL:  # EST: a fixed offset all year, with a region it is named for
        region = word_zone(upper)
        offset = format_offset(zone.utcoffset(None) or timedelta(0))
        raise FieldError(
            "timezone",
            f"{upper} is the fixed offset UTC{offset}, "
            f"which an event's zone cannot be; give the zone ({zone_name(region)}) or write "
            f"{upper} after the time in {field_ref('start')} (2024-01-24 18:00 {upper})",
            text,
        )
    if zone is UTC:  # `--tz UTC` (or Z): the zone named UTC, as a file writes it
        return ZoneInfo("UTC")
    if not isinstance(zone, ZoneInfo):
        raise FieldError(
            "timezone",
            "an event's zone must be a zone name (Asia/Seoul, KST), not a fixed offset; "
            f"put the offset in {field_ref('start')} instead (2024-01-24T18:00+09:00)",
            text,
        )
    return zone


def parse_time(
    text: str, zone: tzinfo, now: datetime, field: str
) -> tuple[TimeValue, ZoneInfo | None]:
    """A new start or end (``field``) for writing: refused when its wall time does not
    exist or happens twice; with the zone its text named, if any."""
    when = parse_when(text, now=now, zone=zone, what=field_ref(field))
    value = _in_zone(when.value, zone)
    _check_wall(field, value)
    return value, _named_zone(when.zone)


def _check_wall(field: str, value: TimeValue | None) -> None:
    """Refuse a wall time that a DST change skips or repeats (FieldError names ``field``)."""
    if value is not None and value.moment is not None and not value.exact:
        try:
            check_wall_time(value.moment)
        except UsageError as exc:
            raise FieldError(field, exc.message) from None


def build_event(request: NewEvent, *, now: datetime, default_zone: tzinfo) -> Event:
    """Parse and validate the request; UsageError (exit 2) names the bad option."""
    explicit = event_zone(request.zone) if request.zone else None
    base = explicit or default_zone
    start_when = parse_when(request.start, now=now, zone=base, what=field_ref("start"))
    zone = explicit or _named_zone(start_when.zone) or base
    start = _in_zone(start_when.value, zone)
    end = None
    if request.end is not None:
        when = parse_when(request.end, now=now, zone=zone, what=field_ref("end"))
        end = _in_zone(when.value, zone)
    if not isinstance(zone, ZoneInfo):  # a fixed offset (TIMELINE_TZ=+09:00): no zone to
        start, end = _exact(start), _exact(end) if end else None  # name, so the instant
    _check_wall("start", start)
    _check_wall("end", end)
    name = zone_name(zone)
    table: dict[str, object] = {"title": request.title, "start": time_to_toml(start, name)}
    if end is not None:
        table["end"] = time_to_toml(end, name)
    if (start.moment is not None and not start.exact) or explicit is not None:
        table["timezone"] = name
    optional = {
        "tags": list(request.tags) or None,
        "people": list(request.people) or None,
        "location": request.location,
        "url": request.url,
        "source": request.source,
        "description": request.description,
        "repeat": request.repeat,
        "except": exception_values(request.exceptions, zone, now) or None,
        "id": request.id,
    }
    table.update({k: v for k, v in optional.items() if v is not None})
    event = validated(table, zone)
    if request.id is None:
        event = _with_id(event, derived_id(event.start, event.title))
    if event.repeat is not None:
        check_repeat(event)
    return event


def validated(table: Mapping[str, Any], zone: tzinfo) -> Event:
    """The event of a table built from options; FieldError names its first problem's field."""
    try:
        return event_from_table(table, zone)
    except ProblemList as exc:
        problem = exc.problems[0]
        raise FieldError(problem.field or "", problem.message) from None


def _exact(value: TimeValue) -> TimeValue:
    """A wall time in a fixed offset as the instant it names (stored with its offset)."""
    return replace(value, exact=True) if value.moment is not None else value


def _with_id(event: Event, event_id: str) -> Event:
    table = event_table(event)
    table["id"] = event_id
    return event_from_table(table, event.zone)


def _named_zone(zone: tzinfo | None) -> ZoneInfo | None:
    return zone if isinstance(zone, ZoneInfo) else None


def _in_zone(value: TimeValue, zone: tzinfo) -> TimeValue:
    """Drop sub-second noise (``now``) so the stored value is what is echoed."""
    if value.moment is None or not value.moment.microsecond:
        return value
    moment = value.moment.replace(microsecond=0)
    return TimeValue(value.precision, moment.date(), moment, value.exact)


def exception_values(texts: Sequence[str], zone: tzinfo, now: datetime) -> list[Any]:
    """Occurrences to skip as TOML values: dates, or wall times in the event's zone."""
    found = []
    for text in texts:
        value = parse_when(text, now=now, zone=zone, what=field_ref("except")).value
        if value.precision < Precision.DAY:
            raise FieldError("except", "give a whole date or a date-time", text)
        found.append(time_to_toml(value, zone_name(zone)))
    return found


def check_repeat(event: Event) -> None:
    """Refuse a repeat rule that the expansion cannot use (FieldError names the field)."""
    from timeline_cli.recur import series

    try:
        series(event)
    except InvalidFileError as exc:
        reason = exc.problems[0].message if exc.problems else exc.message
        raise FieldError("repeat", reason, event.repeat) from None
