"""Where things are in the text of an events file: event headers, keys, blocks.

A light scanner that follows strings and comments well enough to point at lines
and to cut an event's block out for ``edit``/``import --update``; the real parsing
is always tomli's, and every write is parsed again before it lands.
"""

from __future__ import annotations

import re

_EVENT_HEADER = re.compile(r"\s*\[\[\s*events\s*\]\]\s*(?:#.*)?")
_KEY = re.compile(r"\s*([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')\s*=")


HEADER_LINE = re.compile(r"^[ \t]*\[\[[ \t]*events[ \t]*\]\]", re.MULTILINE)


def header_lines(text: str) -> list[int]:
    """Line numbers of the ``[[events]]`` headers, found fast (no string awareness)."""
    numbers, line, last = [], 1, 0
    for match in HEADER_LINE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        numbers.append(line)
    return numbers


def event_lines(text: str) -> list[tuple[int, dict[str, int]]]:
    """For each ``[[events]]`` header: its line number and the line of each of its keys.

    A light scan that follows strings and comments well enough to point at a line;
    the real parsing is tomli's.
    """
    found: list[tuple[int, dict[str, int]]] = []
    current: dict[str, int] | None = None
    open_quote: str | None = None
    for number, line in enumerate(text.split("\n"), 1):
        if open_quote is None:
            head = line.lstrip()[:1]
            if head == "[":
                is_event = _EVENT_HEADER.fullmatch(line) is not None
                current = {} if is_event else None
                if current is not None:
                    found.append((number, current))
            elif current is not None and head not in ("", "#"):
                key = _KEY.match(line)
                if key:
                    current.setdefault(key.group(1).strip("\"'"), number)
        if '"""' in line or "'''" in line:
            open_quote = _quote_state(line, open_quote)
    return found


def _quote_state(line: str, open_quote: str | None) -> str | None:
    """The multi-line string still open at the end of ``line`` (skipping comments)."""
    i = 0
    while i < len(line):
        if open_quote is not None:
            if open_quote == '"""' and line[i] == "\\":
                i += 2
                continue
            if line.startswith(open_quote, i):
                i, open_quote = i + 3, None
                continue
            i += 1
            continue
        char = line[i]
        if char == "#":
            break
        if line.startswith(('"""', "'''"), i):
            open_quote, i = line[i : i + 3], i + 3
        elif char in "\"'":
            i = _end_of_string(line, i)
        else:
            i += 1
    return open_quote


def _end_of_string(line: str, i: int) -> int:
    """Index after the one-line string starting at ``line[i]``."""
    quote, i = line[i], i + 1
    while i < len(line) and line[i] != quote:
        i += 2 if quote == '"' and line[i] == "\\" else 1
    return i + 1


def comment_starts(lines: list[str]) -> list[int | None]:
    """For each line (of one value, its first line first): where its comment starts, or
    None; strings are skipped, multi-line ones across lines."""
    found: list[int | None] = []
    open_quote: str | None = None
    for line in lines:
        i, start = 0, None
        while i < len(line):
            if open_quote is not None:
                if open_quote == '"""' and line[i] == "\\":
                    i += 2
                elif line.startswith(open_quote, i):
                    i, open_quote = i + 3, None
                else:
                    i += 1
            elif line[i] == "#":
                start = i
                break
            elif line.startswith(('"""', "'''"), i):
                open_quote, i = line[i : i + 3], i + 3
            elif line[i] in "\"'":
                i = _end_of_string(line, i)
            else:
                i += 1
        found.append(start)
    return found


_TABLE_LINE = re.compile(r"\s*\[")


def event_blocks(text: str) -> list[tuple[int, int]]:
    """For each ``[[events]]`` table: (first line, line after its last line), 1-based.

    A block runs from its header to the next table header, less the blank and
    comment lines just before that header (they introduce the next table).
    """
    lines = text.split("\n")
    headers: list[tuple[int, bool]] = []
    open_quote: str | None = None
    for number, line in enumerate(lines, 1):
        if open_quote is None and _TABLE_LINE.match(line):
            headers.append((number, _EVENT_HEADER.fullmatch(line) is not None))
        if '"""' in line or "'''" in line:
            open_quote = _quote_state(line, open_quote)
    blocks = []
    for index, (number, is_event) in enumerate(headers):
        if not is_event:
            continue
        end = headers[index + 1][0] if index + 1 < len(headers) else len(lines) + 1
        while end - 1 > number and _is_filler(lines[end - 2]):
            end -= 1
        blocks.append((number, end))
    return blocks


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def key_spans(block: list[str]) -> dict[str, tuple[int, int]]:
    """The lines of each key of one event block (its header first): key → [start, end).

    A value runs to the next key, less the blank and comment lines before it.
    """
    starts: list[tuple[str, int]] = []
    open_quote: str | None = None
    for index, line in enumerate(block):
        if index and open_quote is None and line.lstrip()[:1] not in ("", "#", "]"):
            found = _KEY.match(line)
            if found:
                starts.append((found.group(1).strip("\"'"), index))
        if '"""' in line or "'''" in line:
            open_quote = _quote_state(line, open_quote)
    spans: dict[str, tuple[int, int]] = {}
    for number, (key, start) in enumerate(starts):
        end = starts[number + 1][1] if number + 1 < len(starts) else len(block)
        while end - 1 > start and _is_filler(block[end - 1]):
            end -= 1
        spans.setdefault(key, (start, end))
    return spans
