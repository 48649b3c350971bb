"""Generate a deterministic synthetic events file for the performance harness.

    python benchmarks/generate.py N OUT.toml [--seed S] [--check]

The same N and seed always give a byte-identical file.  The TOML is formatted by hand
with the standard library only, so the harness never depends on the project or on a
TOML writer.  As a module: ``generate(n, seed=0) -> str``.
"""

import argparse
import random
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HEADER_ZONE = "Asia/Seoul"
ZONES = (
    "Asia/Seoul",
    "America/New_York",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Apia",
    "UTC",
)
# start kinds and their weights (percent)
KINDS = {"datetime": 60, "date": 25, "month": 5, "year": 5, "offset": 5}
# shares of events with each optional feature
P_ZONE, P_END, P_LITERAL_TITLE, P_LOCATION, P_DESCRIPTION = 0.70, 0.15, 0.5, 0.2, 0.30
P_ENGLISH_TITLE, P_PASTED_TEXT = 0.6, 0.02
FIRST_DAY = date(1990, 1, 1)
LAST_START = date(2030, 10, 31)  # leaves room for ends inside 2030

TAGS = (
    "release", "album", "single", "music-video", "drama", "film", "variety", "concert",
    "tour", "award", "military", "interview", "fan-meeting", "photoshoot", "broadcast",
)  # fmt: skip
PEOPLE = (
    "V", "IU", "RM", "Jin", "Suga", "j-hope", "Jimin", "Jungkook", "Park Seo-joon",
    "Choi Woo-shik", "Kim Go-eun", "Bong Joon-ho", "김태형", "아이유", "박보검", "엄태화",
)  # fmt: skip
WORKS = (
    "Love wins all", "Layover", "Slow Dancing", "Rainy Days", "Wings", "Stigma",
    "Blue & Grey", "Christmas Tree", "Hwarang", "화랑", "겨울 바다", "봄날", "사랑은 늘 도망가",
    "It's Definitely You", "FRI(END)S", "The Winning", "Shopper", "Sweet Night",
)  # fmt: skip
CHANNELS = ("KBS2", "SBS", "MBC", "tvN", "JTBC", "Netflix", "HYBE LABELS", "Weverse")
CITIES = ("Seoul", "Busan", "Tokyo", "New York", "Berlin", "Sydney", "Kathmandu", "Apia")
AWARDS = ("Daesang", "Best Music Video", "Golden Disc", "Baeksang", "MAMA", "Rookie of the Year")
OUTLETS = (
    "Sports Chosun", "Yonhap", "Soompi", "Billboard", "The Korea Herald", "연합뉴스",
    "TenAsia", "Segye Ilbo", "Korea JoongAng Daily", "NME",
)  # fmt: skip
LOCATIONS = (
    "KBS Hall, Yeouido", "Seoul Olympic Stadium", "Korea Army Training Center, Nonsan",
    "Madison Square Garden, New York", "Mercedes-Benz Arena, Berlin", "Lord Howe Island",
    "Kathmandu Durbar Square", "Apia, Upolu", "IU's official YouTube channel",
)  # fmt: skip
EN_TITLES = (
    '{person} releases "{work}"',
    "{work} premieres on {channel}",
    "{person} enlists for military service",
    "Press conference for {work}",
    '{person} wins {award} for "{work}"',
    "Fan meeting in {city}",
    "{person}'s {work} world tour: {city}",
    "\\(^o^)/ {person} birthday party in {city}",
    "{work} music video (starring {person})",
)
KO_TITLES = (
    "{person} 정규 앨범 「{work}」 발매",
    "드라마 《{work}》 첫 방송 ({channel})",
    "{person} 입대",
    '{city} 팬미팅 "{work}"',
    "'{work}' 뮤직비디오 공개",
    "{person}, {award} 수상",
    "{person} 전역 — {city}",
)
SENTENCES = (
    "Reported by several outlets on the same day.",
    "The KST date is canonical; US outlets give the previous day.",
    'Korean "자정" (midnight) may mean 24:00 of the day before.',
    "Hour not confirmed by a primary source.",
    "공식 SNS를 통해 공개되었다.",
    "Confidence: medium-high (one strong primary-language source).",
    "Path in the press kit: C:\\press\\kit.pdf",
    'Quoted:\t"We did it!"',
)
_NAMED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n"}
_NAMED_ESCAPES |= {"\f": "\\f", "\r": "\\r"}
_CONTROL = [*range(0x20), 0x7F]
BASIC = {code: f"\\u{code:04X}" for code in _CONTROL} | {
    ord(char): escape for char, escape in _NAMED_ESCAPES.items()
}
# a literal string cannot hold a quote or a control character other than tab
_NOT_LITERAL = re.compile("['\x00-\x08\x0a-\x1f\x7f]")
MULTILINE = {code: escape for code, escape in BASIC.items() if chr(code) not in "\n\t"}


def _escape(text: str, *, multiline: bool) -> str:
    """Escape text for a TOML basic (or multi-line basic) string."""
    return text.translate(MULTILINE if multiline else BASIC)


def toml_string(text: str, *, literal: bool = False) -> str:
    """A one-line TOML string; a literal '...' string when asked and possible."""
    if literal and not _NOT_LITERAL.search(text):
        return f"'{text}'"
    return f'"{_escape(text, multiline=False)}"'


def toml_multiline(text: str) -> str:
    """A multi-line basic string; the newline after the opening quotes is trimmed by TOML."""
    return f'"""\n{_escape(text, multiline=True)}"""'


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(toml_string(item) for item in items) + "]"


def _wall_ok(moment: datetime) -> bool:
    """True when an aware wall-clock time exists once in its zone (no DST gap or overlap)."""
    back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    if back.timetuple()[:6] != moment.timetuple()[:6]:
        return False
    return moment.utcoffset() == moment.replace(fold=1).utcoffset()


def _valid_wall(moment: datetime) -> datetime:
    """Move a wall-clock time forward until it is neither skipped nor repeated."""
    while not _wall_ok(moment):
        moment += timedelta(hours=3)
    return moment


def _random_day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange((LAST_START - FIRST_DAY).days + 1))


def _random_wall(rng: random.Random, zone: ZoneInfo) -> datetime:
    day = _random_day(rng)
    hour = rng.choice((0, 0, 9, 10, 13, 18, 18, 19, 20, 22, rng.randrange(24)))
    minute = rng.choice((0, 0, 0, 30, 15, 45))
    return _valid_wall(datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone))


def _fmt_wall(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _fmt_offset(moment: datetime) -> str:
    if moment.utcoffset() == timedelta(0):
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat(timespec="seconds")


def _times_datetime(rng: random.Random, zone: ZoneInfo, with_end: bool) -> tuple[str, str | None]:
    start = _random_wall(rng, zone)
    if not with_end:
        return _fmt_wall(start), None
    end = _valid_wall(start + timedelta(hours=rng.randint(1, 72)))
    while end.astimezone(UTC) < start.astimezone(UTC):
        end = _valid_wall(end + timedelta(hours=1))
    return _fmt_wall(start), _fmt_wall(end)


def _times_offset(rng: random.Random, zone: ZoneInfo, with_end: bool) -> tuple[str, str | None]:
    start = _random_wall(rng, zone)
    end = start + timedelta(hours=rng.randint(1, 48)) if with_end else None
    # Offset date-times keep the zone's real offset at that instant (Z for UTC).
    start_text = _fmt_offset(start)
    end_text = _fmt_offset(end.astimezone(start.tzinfo)) if end else None
    return start_text, end_text


def _times_date(rng: random.Random, with_end: bool) -> tuple[str, str | None]:
    start = _random_day(rng)
    end = start + timedelta(days=rng.randint(0, 60)) if with_end else None
    return start.isoformat(), end.isoformat() if end else None


def _times_month(rng: random.Random, with_end: bool) -> tuple[str, str | None]:
    start = _random_day(rng)
    text = f'"{start.year:04d}-{start.month:02d}"'
    if not with_end:
        return text, None
    month = min(12, start.month + rng.randint(0, 2))
    return text, f'"{start.year:04d}-{month:02d}"'


def _times_year(rng: random.Random, with_end: bool) -> tuple[str, str | None]:
    year = rng.randint(FIRST_DAY.year, 2029)
    end = f'"{year + rng.randint(0, 1)}"' if with_end else None
    return f'"{year}"', end


def _weighted_kind(rng: random.Random) -> str:
    return rng.choices(list(KINDS), weights=list(KINDS.values()))[0]


def _title(rng: random.Random) -> str:
    templates = EN_TITLES if rng.random() < P_ENGLISH_TITLE else KO_TITLES
    return rng.choice(templates).format(
        person=rng.choice(PEOPLE),
        work=rng.choice(WORKS),
        channel=rng.choice(CHANNELS),
        city=rng.choice(CITIES),
        award=rng.choice(AWARDS),
    )


def _description(rng: random.Random) -> tuple[str, bool]:
    lines = rng.sample(SENTENCES, rng.randint(1, 4))
    if rng.random() < P_PASTED_TEXT:
        lines.append("Pasted from a Windows mail:\r\nsecond line\u0007")
    multiline = len(lines) > 1
    return ("\n" if multiline else " ").join(lines), multiline


def _event_lines(rng: random.Random, index: int, width: int) -> list[str]:
    kind = _weighted_kind(rng)
    has_zone = rng.random() < P_ZONE
    zone_name = rng.choice(ZONES) if has_zone else HEADER_ZONE
    zone = ZoneInfo(zone_name)
    with_end = rng.random() < P_END
    start, end = _start_end(rng, kind, zone, with_end)
    tags = rng.sample(TAGS, rng.randint(1, 3))
    title = _title(rng)
    lines = [
        "[[events]]",
        f'id = "ev-{index:0{width}d}-{tags[0]}"',
        f"title = {toml_string(title, literal=rng.random() < P_LITERAL_TITLE)}",
        f"start = {start}",
    ]
    if end is not None:
        lines.append(f"end = {end}")
    if has_zone:
        lines.append(f"timezone = {toml_string(zone_name)}")
    lines.append(f"tags = {toml_list(tags)}")
    people = rng.sample(PEOPLE, rng.randint(0, 2))
    if people:
        lines.append(f"people = {toml_list(people)}")
    if rng.random() < P_LOCATION:
        lines.append(f"location = {toml_string(rng.choice(LOCATIONS))}")
    lines.append(f'url = "https://example.org/timeline/{index:0{width}d}"')
    lines.append(f"source = {toml_string(_source(rng, start))}")
    if rng.random() < P_DESCRIPTION:
        text, multiline = _description(rng)
        lines.append(f"description = {toml_multiline(text) if multiline else toml_string(text)}")
    return lines


def _source(rng: random.Random, start: str) -> str:
    day = start.strip('"')[:10]
    return f"{rng.choice(OUTLETS)}, {day}"


def _start_end(
    rng: random.Random, kind: str, zone: ZoneInfo, with_end: bool
) -> tuple[str, str | None]:
    makers: dict[str, Callable[[], tuple[str, str | None]]] = {
        "datetime": lambda: _times_datetime(rng, zone, with_end),
        "offset": lambda: _times_offset(rng, zone, with_end),
        "date": lambda: _times_date(rng, with_end),
        "month": lambda: _times_month(rng, with_end),
        "year": lambda: _times_year(rng, with_end),
    }
    return makers[kind]()


def generate(n: int, seed: int = 0) -> str:
    """The TOML text of a synthetic timeline of n events (deterministic for n and seed)."""
    rng = random.Random(seed)
    width = max(6, len(str(n)))
    parts = [
        f"# Synthetic timeline for benchmarks: {n} events, seed {seed}.",
        "# Generated by benchmarks/generate.py; do not edit by hand.",
        "[timeline]",
        f"title = {toml_string(f'Synthetic benchmark timeline ({n} events)')}",
        f"timezone = {toml_string(HEADER_ZONE)}",
        "",
    ]
    for index in range(n):
        if index and index % 1000 == 0:
            parts.append(f"# --- events {index} to {min(n, index + 1000) - 1} ---")
        parts.extend(_event_lines(rng, index, width))
        parts.append("")
    return "\n".join(parts)


def _kind_of(value: Any) -> str:
    if isinstance(value, datetime):
        return "offset" if value.tzinfo is not None else "datetime"
    if isinstance(value, date):
        return "date"
    return "year" if value.isdigit() else "month"


def check(text: str, n: int) -> Counter[str]:
    """Parse text with tomllib and check its shape; return counts of what it holds."""
    data = tomllib.loads(text)
    events = data["events"] if n else data.get("events", [])
    if len(events) != n:
        raise ValueError(f"expected {n} events, parsed {len(events)}")
    ids = [event["id"] for event in events]
    if len(set(ids)) != n:
        raise ValueError("duplicate ids")
    counts: Counter[str] = Counter()
    for event in events:
        counts[f"start:{_kind_of(event['start'])}"] += 1
        counts["end"] += "end" in event
        counts["timezone"] += "timezone" in event
        counts["description"] += "description" in event
        counts["multi-line description"] += "\n" in event.get("description", "")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic events TOML file.")
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("out", type=Path, help="output file ('-' for stdout)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--check", action="store_true", help="parse the output with tomllib")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    text = generate(args.n, args.seed)
    data = text.encode("utf-8")
    if str(args.out) == "-":
        sys.stdout.buffer.write(data)
    else:
        args.out.write_bytes(data)
    if args.check:
        counts = check(text, args.n)
        summary = ", ".join(f"{key}={value}" for key, value in sorted(counts.items()))
        print(f"ok: {args.n} events parse with tomllib; {summary}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
