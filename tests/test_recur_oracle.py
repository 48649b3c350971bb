"""Recurrence against an independent implementation: recurring-ical-events.

Hypothesis writes timelines (TOML text), and every property compares what
``timeline_cli.recur.expand`` makes of the file with what recurring-ical-events
makes of OUR OWN ICS export of the same file:

- start instants (all-day: dates) compared as sets, zero differences, and our
  list holds each instant once;
- ends: recurring-ical-events keeps a span's wall-clock length across a DST
  change, the contract keeps its EXACT duration (RFC 5545 3.8.5.3), so expected
  ends are the oracle's start instant + the written span's exact duration;
  all-day spans keep their number of days.

Both sides are asked for a padded window and compared on the occurrences that
START inside the window, so the comparison does not depend on how an edge
occurrence overlaps; ``test_window_*`` pins the windowing itself.

An event written with only an offset (``2024-03-01T20:00:00+09:00``) repeats on
that offset's clock. Our export writes such a start in UTC (a fixed offset has no
TZID), so its oracle is the export of a twin event in the equivalent fixed zone
``Etc/GMT-9``: whole-hour offsets only, for that reason.

Cases left out of the comparison, and why (library reasons, not ours):

- an UNTIL before the start (``ending``): the contract still lists the start,
  recurring-ical-events lists nothing; test_recur_exact pins ours.

A start written inside a DST gap IS compared (``test_gap_and_fold_starts``): the
export writes it as the wall time of its real instant (02:30 → 03:30 EDT), so the
oracle repeats it at that wall time, and so must we.

The system zone is Pacific/Chatham (+12:45/+13:45) in this file, to prove nothing
depends on the machine's zone.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from timeline_cli.formats import ExportContext
from timeline_cli.formats.ics import export
from timeline_cli.model import to_utc
from timeline_cli.recur import expand
from timeline_cli.store import load

ZONES = (
    "America/New_York",
    "Europe/Berlin",
    "Australia/Lord_Howe",  # 30-minute DST
    "America/Santiago",  # DST at midnight
    "America/Havana",  # DST at midnight
    "Asia/Beirut",  # DST at midnight
    "Pacific/Apia",  # skipped 2011-12-30
    "America/St_Johns",  # repeated midnight before 2011
    "Europe/Dublin",  # negative DST
    "Pacific/Kiritimati",  # +14
    "Pacific/Pago_Pago",  # -11
    "Asia/Seoul",
    "UTC",
)
FIRST_YEAR, LAST_YEAR = 1995, 2035
NOW = datetime(2026, 1, 1, tzinfo=UTC)
_DAY = timedelta(days=1)

# A quarter of the profile's examples per property (default 50, long 500): seven
# properties keep the default run of this file under a minute.
_N = max(10, (settings.default.max_examples or 100) // 4)
PROPERTY = settings(
    max_examples=_N,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def chatham(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The machine's zone is Pacific/Chatham here (conftest's fixture runs first)."""
    monkeypatch.setenv("TZ", "Pacific/Chatham")
    time.tzset()
    yield
    monkeypatch.setenv("TZ", "Asia/Kathmandu")
    time.tzset()


# --- the zones' DST transitions, for start times in gaps and folds ---------------


@cache
def transitions(key: str) -> tuple[tuple[datetime, timedelta, timedelta], ...]:
    """(instant, offset before, offset after) of every change of ``key``'s UTC offset
    from FIRST_YEAR to LAST_YEAR (found day by day, then bisected to the second)."""
    zone = ZoneInfo(key)
    found = []
    moment = datetime(FIRST_YEAR - 1, 12, 1, tzinfo=UTC)
    end = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        after_moment = moment + _DAY
        after = after_moment.astimezone(zone).utcoffset()
        if after != before:
            low, high = moment, after_moment
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            assert before is not None and after is not None
            found.append((high.replace(microsecond=0), before, after))
        moment, before = after_moment, after
    return tuple(found)


def odd_walls(key: str) -> list[datetime]:
    """Naive wall times that a DST change skips or repeats in ``key``, and the
    wall times at which the changes happen (a gap's first minute, its middle, a fold's
    middle, the change itself)."""
    walls = []
    for instant, before, after in transitions(key):
        change = instant.replace(tzinfo=None) + before
        walls.append(change)
        if after > before:  # a gap: [change, change + (after - before)) does not exist
            walls.append(change + (after - before) / 2)
        else:  # a fold: [change - (before - after), change) happens twice
            walls.append(change - (before - after) / 2)
            walls.append(change - (before - after))
    return [w.replace(second=0, microsecond=0) for w in walls]


# --- timelines ------------------------------------------------------------------


@dataclass
class Spec:
    """One generated event and what the oracle needs to know about it."""

    id: str
    kind: str  # "day" | "zoned" | "offset"
    wall: datetime  # naive: the written start (all-day: midnight of its day)
    zone: str | None  # the event's zone (zoned), None for day/offset
    offset_hours: int = 0  # offset events
    inherit: bool = False  # zoned: the zone comes from the file header
    end_days: int | None = None  # all-day: end = start + end_days
    length: timedelta | None = None  # timed: end wall = start wall + length
    repeat: str = "daily"
    fields: dict[str, str] = field(default_factory=dict)

    def toml(self, *, twin: bool = False) -> str:
        """The [[events]] table (``twin``: an offset event as a local time in Etc/GMT-N)."""
        lines = ["[[events]]", f'id = "{self.id}"', f'title = "{self.id}"']
        end_wall = self.wall + self.length if self.length is not None else None
        if self.kind == "day":
            lines.append(f"start = {self.wall.date().isoformat()}")
            if self.end_days is not None:
                lines.append(f"end = {(self.wall.date() + timedelta(days=self.end_days))}")
        elif self.kind == "offset" and not twin:
            tz = timezone(timedelta(hours=self.offset_hours))
            lines.append(f"start = {self.wall.replace(tzinfo=tz).isoformat()}")
            if end_wall is not None:
                lines.append(f"end = {end_wall.replace(tzinfo=tz).isoformat()}")
        else:
            lines.append(f"start = {self.wall.isoformat()}")
            if end_wall is not None:
                lines.append(f"end = {end_wall.isoformat()}")
            if self.kind == "offset":
                lines.append(f'timezone = "{etc_zone(self.offset_hours)}"')
            elif not self.inherit:
                lines.append(f'timezone = "{self.zone}"')
        lines.append(f'repeat = "{self.repeat}"')
        return "\n".join(lines) + "\n"

    def tzinfo(self) -> Any:
        if self.kind == "offset":
            return timezone(timedelta(hours=self.offset_hours))
        return ZoneInfo(self.zone or "UTC")

    def begin(self) -> datetime:
        """The start instant (all-day: midnight UTC of the day, for windows only)."""
        if self.kind == "day":
            return self.wall.replace(tzinfo=UTC)
        return to_utc(self.wall.replace(tzinfo=self.tzinfo()))

    def exact_length(self) -> timedelta | None:
        """The span's exact duration, from the written walls (RFC 5545: fold=0)."""
        if self.length is None:
            return None
        zone = self.tzinfo()
        end = to_utc((self.wall + self.length).replace(tzinfo=zone))
        return end - to_utc(self.wall.replace(tzinfo=zone))

    def pad(self) -> timedelta:
        return timedelta(days=(self.end_days or 0) + 3) + (self.length or timedelta(0))


def etc_zone(hours: int) -> str:
    """The IANA fixed zone of UTC+hours (POSIX signs: Etc/GMT-9 is +09:00)."""
    if hours == 0:
        return "Etc/UTC"
    return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"


@dataclass
class Case:
    header_zone: str
    specs: list[Spec]
    low: datetime
    high: datetime

    def toml(self, *, twin: bool = False) -> str:
        head = f'[timeline]\ntimezone = "{self.header_zone}"\n\n'
        return head + "\n".join(spec.toml(twin=twin) for spec in self.specs)


def start_days(draw: Any) -> date:
    """Start days biased to the 29th-31st and 29 February."""
    kind = draw(st.sampled_from(["any", "any", "29", "30", "31", "leap"]))
    if kind == "leap":
        year = draw(st.sampled_from([y for y in range(FIRST_YEAR, LAST_YEAR) if y % 4 == 0]))
        return date(year, 2, 29)
    year = draw(st.integers(FIRST_YEAR, LAST_YEAR))
    if kind == "any":
        return draw(st.dates(date(year, 1, 1), date(year, 12, 31)))
    day = int(kind)
    months = [m for m in range(1, 13) if (date(year, m, 28) + timedelta(days=day - 28)).month == m]
    return date(year, draw(st.sampled_from(months)), day)


def weekday_code(day: date) -> str:
    return ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.weekday()]


RULE_FAMILIES = (
    "shorthand",
    "daily-n",
    "weekly-byday",
    "monthly-bymonthday",
    "monthly-byday",
    "leap",
)


def rule_for(draw: Any, family: str, start: date) -> str:
    if family == "shorthand":
        return draw(st.sampled_from(["yearly", "monthly", "weekly", "daily"]))
    if family == "daily-n":
        return f"FREQ=DAILY;INTERVAL={draw(st.integers(1, 10))}"
    if family == "weekly-byday":
        days = draw(
            st.lists(
                st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
        if draw(st.booleans()):
            days = [weekday_code(start), *[d for d in days if d != weekday_code(start)]]
        interval = draw(st.sampled_from(["", "", ";INTERVAL=2"]))
        return f"FREQ=WEEKLY;BYDAY={','.join(days)}{interval}"
    if family == "monthly-bymonthday":
        return f"FREQ=MONTHLY;BYMONTHDAY={draw(st.sampled_from(['29', '30', '31', '-1']))}"
    if family == "monthly-byday":
        return f"FREQ=MONTHLY;BYDAY={draw(st.sampled_from(['1SU', '-1FR', '2MO', '-1SA']))}"
    assert family == "leap"
    return "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"


def ending(draw: Any, spec: Spec, rule: str, forms: tuple[str, ...]) -> str:
    """The rule with a COUNT, an UNTIL (UTC, date or local form) or nothing."""
    form = draw(st.sampled_from(forms))
    if form == "none":
        return rule
    if rule.lower() in ("yearly", "monthly", "weekly", "daily"):
        rule = "FREQ=" + rule.upper()
        if spec.wall.day == 31 and rule == "FREQ=MONTHLY":
            # a shorthand's month-end meaning is kept only without FREQ= text
            rule += ";BYMONTHDAY=-1"
        if (spec.wall.month, spec.wall.day) == (2, 29) and rule == "FREQ=YEARLY":
            rule += ";BYMONTH=2;BYMONTHDAY=-1"
    if form == "count":
        return f"{rule};COUNT={draw(st.integers(1, 40))}"
    days = draw(st.integers(0, 3 * 366))
    later = spec.wall + timedelta(days=days)
    if spec.kind == "day" or form == "date":
        return f"{rule};UNTIL={later:%Y%m%d}"
    wall = later.replace(hour=spec.wall.hour, minute=spec.wall.minute)
    # EXCLUDED: an UNTIL before the start. The contract lists the start anyway (it is
    # always the first occurrence); recurring-ical-events then drops DTSTART too
    # (test_recur_exact pins ours). So the minute before is drawn only on later days.
    wall += timedelta(minutes=draw(st.sampled_from([0, 0, -1, 1, 60] if days else [0, 1, 60])))
    if form == "local":
        return f"{rule};UNTIL={wall:%Y%m%dT%H%M%S}"
    instant = to_utc(wall.replace(tzinfo=spec.tzinfo()))
    return f"{rule};UNTIL={instant:%Y%m%dT%H%M%SZ}"


@st.composite
def specs(
    draw: Any,
    *,
    index: int,
    kinds: tuple[str, ...] = ("day", "zoned", "zoned", "offset"),
    families: tuple[str, ...] = RULE_FAMILIES,
    forms: tuple[str, ...] = ("none",),
    odd: bool = False,
    spans: bool = True,
    header: str = "UTC",
) -> Spec:
    kind = draw(st.sampled_from(kinds))
    day = start_days(draw)
    zone = draw(st.sampled_from(ZONES)) if kind == "zoned" else None
    wall = datetime.combine(day, datetime.min.time())
    if kind != "day":
        walls = odd_walls(zone) if (odd and zone is not None) else []
        if walls and draw(st.booleans()):
            chosen = draw(st.sampled_from(walls))
            # the odd wall time itself, or its time of day on the generated day
            wall = chosen if draw(st.booleans()) else datetime.combine(day, chosen.time())
        else:
            wall = wall.replace(
                hour=draw(st.integers(0, 23)), minute=draw(st.sampled_from([0, 15, 30, 45]))
            )
    spec = Spec(f"e{index}", kind, wall, zone)
    if kind == "offset":
        spec.offset_hours = draw(st.integers(-12, 14))
    if kind == "zoned":
        spec.inherit = zone == header
    if spans and draw(st.booleans()):
        if kind == "day":
            spec.end_days = draw(st.integers(0, 40))
        else:
            spec.length = draw(
                st.sampled_from([timedelta(hours=8), timedelta(hours=1), timedelta(days=1)])
                | st.integers(0, 3 * 24 * 4).map(lambda q: timedelta(minutes=15 * q))
            )
    family = draw(st.sampled_from(families))
    spec.repeat = ending(draw, spec, rule_for(draw, family, day), forms)
    return spec


@st.composite
def cases(draw: Any, **options: Any) -> Case:
    header = draw(st.sampled_from(ZONES))
    count = draw(st.integers(1, 3))
    made = [draw(specs(index=i, header=header, **options)) for i in range(count)]
    anchor = draw(st.sampled_from(made)).begin()
    daily = any("DAILY" in s.repeat.upper() for s in made)
    longest = 400 if daily else 3 * 366
    low = anchor + timedelta(days=draw(st.integers(-40, 2 * 366)), hours=draw(st.integers(0, 23)))
    high = low + timedelta(days=draw(st.integers(20, longest)))
    return Case(header, made, low, high)


# --- the two sides --------------------------------------------------------------

Key = tuple[Any, Any]  # (start instant or day, end instant or last day or None)


def write(tmp: Path, text: str, name: str = "events.toml") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def ours(path: Path, low: datetime, high: datetime) -> dict[str, list[Key]]:
    """Our occurrences by event id, in expand's order."""
    events = load([path]).events
    found: dict[str, list[Key]] = {}
    for occurrence in expand(events, low, high):
        if occurrence.start.moment is None:
            key: Key = (
                occurrence.start.day,
                occurrence.end.last_day() if occurrence.end is not None else None,
            )
        else:
            end = occurrence.end
            key = (
                to_utc(occurrence.start.moment),
                to_utc(end.moment) if end is not None and end.moment is not None else None,
            )
        found.setdefault(occurrence.id, []).append(key)
    return found


def theirs(
    path: Path, low: datetime, high: datetime, specs_by_id: dict[str, Spec]
) -> dict[str, set[Key]]:
    """recurring-ical-events' occurrences of our export of ``path``; ends by the
    exact-duration rule."""
    events = load([path]).events
    data = export(events, ExportContext(None, UTC, NOW))
    calendar = icalendar.Calendar.from_ical(data)
    found: dict[str, set[Key]] = {}
    for component in recurring_ical_events.of(calendar).between(low, high):
        ident = str(component["UID"]).removesuffix("@timeline")
        spec = specs_by_id[ident]
        start = component["DTSTART"].dt
        if isinstance(start, datetime):
            instant = to_utc(start)
            length = spec.exact_length()
            key: Key = (instant, instant + length if length is not None else None)
        else:
            last = start + timedelta(days=spec.end_days) if spec.end_days is not None else None
            key = (start, last)
        found.setdefault(ident, set()).add(key)
    return found


def inside(key: Key, low: datetime, high: datetime) -> bool:
    start = key[0]
    if isinstance(start, datetime):
        return low <= start < high
    return low.date() <= start < high.date()


def compare(tmp: Path, case: Case) -> None:
    """Our occurrences starting in [low, high) are exactly the oracle's."""
    note(case.toml())
    note(f"window {case.low.isoformat()} .. {case.high.isoformat()}")
    by_id = {spec.id: spec for spec in case.specs}
    pad = max(spec.pad() for spec in case.specs)
    wide_low, wide_high = case.low - pad, case.high + pad
    path = write(tmp, case.toml())
    mine = ours(path, wide_low, wide_high)
    if any(spec.kind == "offset" for spec in case.specs):
        oracle_path = write(tmp, case.toml(twin=True), "twin.toml")
    else:
        oracle_path = path
    other = theirs(oracle_path, wide_low, wide_high, by_id)
    for spec in case.specs:
        got = mine.get(spec.id, [])
        repeated = [key for key, n in Counter(k[0] for k in got).items() if n > 1]
        assert not repeated, f"{spec.id}: occurrences listed twice: {repeated}"
        got_set = {k for k in got if inside(k, case.low, case.high)}
        want = {k for k in other.get(spec.id, set()) if inside(k, case.low, case.high)}
        missing = sorted(want - got_set, key=str)
        extra = sorted(got_set - want, key=str)
        assert not missing and not extra, (
            f"{spec.id} ({spec.repeat}): missing {missing[:5]} extra {extra[:5]}"
        )


# --- the properties ---------------------------------------------------------------


@PROPERTY
@given(case=cases(families=("shorthand",)))
def test_shorthands_match_the_oracle(tmp_path: Path, case: Case) -> None:
    """daily/weekly/monthly/yearly, all-day, zoned and offset-only, with and without end."""
    compare(tmp_path, case)


@PROPERTY
@given(case=cases(families=RULE_FAMILIES[1:]))
def test_rrules_match_the_oracle(tmp_path: Path, case: Case) -> None:
    """INTERVAL, BYDAY lists, BYMONTHDAY 29/30/31/-1, 1SU/-1FR, yearly leap-day RRULEs."""
    compare(tmp_path, case)


@PROPERTY
@given(case=cases(forms=("count",)))
def test_count_matches_the_oracle(tmp_path: Path, case: Case) -> None:
    """COUNT counts the rule's matches; a start off the rule comes first, on top."""
    compare(tmp_path, case)


@PROPERTY
@given(case=cases(kinds=("day", "zoned", "zoned"), forms=("utc", "date", "local")))
def test_until_in_every_form_matches_the_oracle(tmp_path: Path, case: Case) -> None:
    """UNTIL as a UTC time, a date (the whole day) or a local wall time: inclusive."""
    compare(tmp_path, case)


@PROPERTY
@given(case=cases(kinds=("offset",), forms=("none", "count", "utc", "date", "local")))
def test_offset_only_events_repeat_on_their_offsets_clock(tmp_path: Path, case: Case) -> None:
    """An instant written with an offset repeats on that fixed offset's clock, as a twin
    in Etc/GMT-N does, whatever the file's zone."""
    compare(tmp_path, case)


@PROPERTY
@given(case=cases(kinds=("zoned",), odd=True, forms=("none", "none", "count", "utc", "local")))
def test_gap_and_fold_starts_match_the_oracle(tmp_path: Path, case: Case) -> None:
    """Start times in DST gaps and folds, or on the wall times of such changes."""
    compare(tmp_path, case)


@PROPERTY
@given(case=cases(kinds=("zoned", "offset"), forms=("none", "count", "date")))
def test_window_lists_exactly_the_occurrences_that_meet_it(tmp_path: Path, case: Case) -> None:
    """expand(low, high) is the occurrences of a wider expansion that meet [low, high):
    timed ones whose [start, end] meets it, each once. (All-day events are left to
    test_recur_exact: their filtering is by dates, which an instant range cannot say.)"""
    note(case.toml())
    note(f"window {case.low.isoformat()} .. {case.high.isoformat()}")
    path = write(tmp_path, case.toml())
    events = {event.id: event for event in load([path]).events}
    pad = max(spec.pad() for spec in case.specs) + timedelta(days=40)
    wide = expand(list(events.values()), case.low - pad, case.high + pad)
    want = [o for o in wide if o.overlaps(case.low, case.high, o.zone)]
    got = expand(list(events.values()), case.low, case.high)

    def keys(found: list[Any]) -> list[tuple[str, datetime]]:
        return sorted((o.id, o.begin(o.zone)) for o in found)

    assert keys(got) == keys(want)
    assert len(set(keys(got))) == len(got)
