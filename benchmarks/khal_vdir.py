"""Turn `timeline export --format ics` output into a khal calendar (a vdir), stdlib only.

A vdir holds one `.ics` file per event: a VCALENDAR with VERSION, PRODID, the
VTIMEZONE blocks the event's TZID= parameters name, and the event's VEVENT(s). That
is what vdirsyncer stores and what `khal import --batch` writes (khal's `split_ics`),
but `khal import` of 10k events takes over a minute; splitting the text takes a blink.

Lines are unfolded (RFC 5545 §3.1: CRLF followed by a space or tab continues the
line) before they are looked at; the files keep the original folded lines.
"""

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# khal's vdir names a file after the UID when it only has these characters, else sha1(UID)
SAFE_UID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-+@")
COMPONENT = re.compile(r"^(BEGIN|END):([A-Za-z0-9-]+)$", re.IGNORECASE)


@dataclass
class Line:
    """One content line: its unfolded text and the physical (folded) lines it came from."""

    text: str
    raw: list[str]


@dataclass
class Block:
    """A VTIMEZONE or VEVENT component: raw lines, and what the split needs from them."""

    name: str
    raw: list[str] = field(default_factory=list)
    uid: str | None = None  # VEVENT
    tzid: str | None = None  # VTIMEZONE
    tzid_refs: set[str] = field(default_factory=set)  # VEVENT: its TZID= parameters


def unfold(text: str) -> list[Line]:
    """The content lines of an iCalendar text, unfolded, with their raw lines."""
    lines: list[Line] = []
    for physical in re.split(r"\r\n|\n", text):
        if physical[:1] in (" ", "\t") and lines:
            lines[-1].text += physical[1:]
            lines[-1].raw.append(physical)
        elif physical:
            lines.append(Line(physical, [physical]))
    return lines


def split_name(line: str) -> tuple[str, str, str]:
    """(NAME, ;params, value) of an unfolded content line; quoted params may hold : and ;."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:index], line[index + 1 :]
            name, _, params = head.partition(";")
            return name.upper(), params, value
    return line.upper(), "", ""


def tzid_params(params: str) -> list[str]:
    """The values of TZID= in a parameter list such as `TZID=Asia/Seoul;VALUE=DATE-TIME`."""
    found = []
    for match in re.finditer(r'(?:^|;)TZID=("[^"]*"|[^;]*)', params, re.IGNORECASE):
        found.append(match.group(1).strip('"'))
    return found


def parse(text: str) -> tuple[dict[str, str], list[Block]]:
    """Header lines (VERSION, PRODID; raw) of the VCALENDAR, and its top-level components."""
    header: dict[str, str] = {}
    blocks: list[Block] = []
    depth = 0  # 1 inside VCALENDAR, 2 inside one of its components, 3+ nested (STANDARD...)
    current: Block | None = None
    for line in unfold(text):
        marker = COMPONENT.match(line.text)
        if marker and marker.group(1).upper() == "BEGIN":
            depth += 1
            if depth == 2:
                current = Block(marker.group(2).upper())
        if current is not None:
            current.raw.extend(line.raw)
            name, params, value = split_name(line.text)
            if depth == 2 and name == "UID":
                current.uid = value
            if depth == 2 and name == "TZID" and current.name == "VTIMEZONE":
                current.tzid = value
            if current.name == "VEVENT":
                current.tzid_refs.update(tzid_params(params))
        elif depth == 1 and not marker:
            name, _, _ = split_name(line.text)
            if name in ("VERSION", "PRODID"):
                header[name] = "\r\n".join(line.raw)
        if marker and marker.group(1).upper() == "END":
            if depth == 2 and current is not None:
                blocks.append(current)
                current = None
            depth -= 1
    return header, blocks


def href(uid: str) -> str:
    """The file name khal's vdir gives an event with this UID (without `.ics`)."""
    if uid and not set(uid) - SAFE_UID_CHARS:
        return uid
    return hashlib.sha1(uid.encode("utf-8")).hexdigest()


def split_ics(text: str) -> dict[str, str]:
    """{file name: iCalendar text} with one file per UID, as khal would store them."""
    header, blocks = parse(text)
    zones = {block.tzid: block for block in blocks if block.name == "VTIMEZONE" and block.tzid}
    by_uid: dict[str, list[Block]] = defaultdict(list)  # a series and its overrides share one
    for index, block in enumerate(block for block in blocks if block.name == "VEVENT"):
        by_uid[block.uid or f"no-uid-{index}"].append(block)
    version = header.get("VERSION", "VERSION:2.0")
    prodid = header.get("PRODID", "PRODID:-//timeline benchmarks//khal_vdir//EN")
    files = {}
    for uid, events in by_uid.items():
        refs = sorted(set().union(*(event.tzid_refs for event in events)))
        lines = ["BEGIN:VCALENDAR", version, prodid]
        lines += [raw for ref in refs if ref in zones for raw in zones[ref].raw]
        lines += [raw for event in events for raw in event.raw]
        lines.append("END:VCALENDAR")
        files[href(uid) + ".ics"] = "\r\n".join(lines) + "\r\n"
    return files


def uids(text: str) -> set[str]:
    """The UIDs of the VEVENTs of an iCalendar text."""
    _, blocks = parse(text)
    return {block.uid for block in blocks if block.name == "VEVENT" and block.uid}


def write_vdir(text: str, folder: Path) -> int:
    """Write one .ics file per event of text into folder; return how many were written."""
    folder.mkdir(parents=True, exist_ok=True)
    files = split_ics(text)
    for name, content in files.items():
        (folder / name).write_bytes(content.encode("utf-8"))
    return len(files)


def config_text(calendar: Path, database: Path) -> str:
    """A khal config: one calendar, the cache database beside it, ISO formats, UTC."""
    return f"""\
[calendars]
[[timeline]]
path = {calendar}
type = calendar

[sqlite]
path = {database}

[locale]
timeformat = "%H:%M"
dateformat = "%Y-%m-%d"
longdateformat = "%Y-%m-%d"
datetimeformat = "%Y-%m-%d %H:%M"
longdatetimeformat = "%Y-%m-%d %H:%M"
local_timezone = UTC
default_timezone = UTC
"""
