"""Rewriting the ``[[events]]`` blocks of edited and removed events in place.

Only the lines of fields that changed are rewritten (as tomli-w writes them); every
other line of the file, comments and odd spacing included, stays byte for byte. The
comments of a rewritten value are kept: the one at the end of its line stays at the
end of the new line, and an array written one item a line keeps that layout, the
lines (and comments) of its remaining items unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from timeline_cli.errors import InvalidFileError
from timeline_cli.model import Event
from timeline_cli.store.codec import NOT_READ, event_table, key_lines, value_of, value_text
from timeline_cli.store.files import FileData
from timeline_cli.store.spans import comment_starts, event_blocks, key_spans


def replaced(old: bytes, before: FileData, edits: dict[str, Event | None]) -> bytes:
    """``old`` with the blocks of edited events rewritten (None: removed), nothing else
    touched. A removed event takes along the comment lines right above its header."""
    bom = b"\xef\xbb\xbf" if old.startswith(b"\xef\xbb\xbf") else b""
    text = old[len(bom) :].decode("utf-8")
    crlf = "\r\n" in text
    lines = text.split("\n")
    blocks = event_blocks(text)
    if len(blocks) != len(before.events):
        raise InvalidFileError(
            f"cannot edit {before.path}: its events are not all [[events]] tables"
        )
    for event, (first, end) in reversed(list(zip(before.events, blocks, strict=True))):
        if event.id not in edits:
            continue
        new = edits[event.id]
        if new is None:
            _cut(lines, first, end)
            continue
        lines[first - 1 : end - 1] = _patched(lines[first - 1 : end - 1], event, new, crlf)
    return bom + "\n".join(lines).encode("utf-8")


def _patched(block: list[str], old: Event, new: Event, crlf: bool) -> list[str]:
    """The block of ``old`` with only the lines of changed fields rewritten.

    Unchanged fields keep their lines byte for byte (comments and odd spacing too);
    a changed field's lines are replaced by tomli-w's, a cleared one's removed, and a
    new one (or an id that was only derived) is added after the last field.
    """
    before, after = event_table(old), event_table(new)
    spans = key_spans(block)
    replace_at: dict[int, list[str]] = {}
    dropped: set[int] = set()
    added: list[str] = []
    for key in dict.fromkeys([*after, *before]):
        if before.get(key) == after.get(key) and (key in spans or key not in after):
            continue
        lines = key_lines(key, after[key], crlf) if key in after else []
        if key in spans:
            start, end = spans[key]
            if key in after:
                lines = _with_comments(block[start:end], lines, after[key], crlf)
            dropped.update(range(start, end))
            replace_at[start] = lines
        else:
            added += lines
    tail = max((end for _, end in spans.values()), default=1)
    result: list[str] = []
    for index, line in enumerate(block):
        if index == tail:
            result += added
            added = []
        if index in replace_at:
            result += replace_at[index]
        elif index not in dropped:
            result.append(line)
    return result + added


def _with_comments(old: list[str], new: list[str], value: Any, crlf: bool) -> list[str]:
    """The new lines of a value, with what can be kept of the old lines' comments."""
    if len(old) > 1 and isinstance(value, list):
        items = _array_items(old, value, crlf)
        if items is not None:
            return items
    starts = comment_starts(old)
    comments = [
        line[start:].rstrip("\r")
        for line, start in zip(old, starts, strict=True)
        if start is not None
    ]
    if starts[-1] is None:
        above = comments
    else:
        last = old[-1].rstrip("\r")
        start = starts[-1]
        gap = last[:start][len(last[:start].rstrip()) :] or "  "
        above = comments[:-1]
        tail = "\r" if crlf else ""
        new = [*new[:-1], new[-1].rstrip("\r") + gap + comments[-1] + tail]
    indent = old[0][: len(old[0]) - len(old[0].lstrip())]
    return [indent + comment + ("\r" if crlf else "") for comment in above] + new


_OPEN = re.compile(r"[^=]+=[ \t]*\[[ \t]*(#.*)?\r?")
_CLOSE = re.compile(r"[ \t]*\][ \t]*(#.*)?\r?")
_ITEM = re.compile(
    r"([ \t]*)(\"(?:[^\"\\\r\n]|\\.)*\"|'[^'\r\n]*'|[^\s,#\"'\[{]+(?: \d[^\s,#]*)?)"
    r"([ \t]*,?)(.*?)(\r?)"
)


def _array_items(old: list[str], value: list[Any], crlf: bool) -> list[str] | None:
    """An array written one item (a string, a date...) a line, with ``value``'s items: the
    lines of the items kept stay (comments too), removed ones go, new ones follow the last.
    None: the old layout is not that, or the new items are not the old ones in order plus
    new ones."""
    if not _OPEN.fullmatch(old[0]) or not _CLOSE.fullmatch(old[-1]):
        return None
    middle: list[str | list[str]] = []  # comment and blank lines, and items as their parts
    for line in old[1:-1]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            middle.append(line)
            continue
        found = _ITEM.fullmatch(line)
        if found is None or value_of(found.group(2)) is NOT_READ:
            return None
        if found.group(4).strip() and not found.group(4).strip().startswith("#"):
            return None
        middle.append(list(found.groups()))
    parts = [m for m in middle if isinstance(m, list)]
    trailing = bool(parts) and parts[-1][2].strip() == ","
    kept = [m for m in middle if not isinstance(m, list) or value_of(m[1]) in value]
    kept_items = [value_of(m[1]) for m in kept if isinstance(m, list)]
    if kept_items != value[: len(kept_items)]:
        return None
    indent = parts[-1][0] if parts else "    "
    tail = "\r" if crlf else ""
    kept += [[indent, value_text(v), "", "", tail] for v in value[len(kept_items) :]]
    items = [m for m in kept if isinstance(m, list)]
    for item in items:
        comma = item is not items[-1] or trailing
        if (item[2].strip() == ",") != comma:
            rest = item[2].replace(",", "") + item[3]  # the comment and the space before
            item[2], item[3] = ("," if comma else ""), rest if rest.strip() else ""
    body = [m if isinstance(m, str) else "".join(m) for m in kept]
    return [old[0], *body, old[-1]]


def _cut(lines: list[str], first: int, end: int) -> None:
    """Delete lines first..end-1 (1-based) and the comments right above; keep one blank."""
    start = first - 1
    while start > 0 and lines[start - 1].strip().startswith("#"):
        start -= 1
    del lines[start : end - 1]
    blank_before = start > 0 and not lines[start - 1].strip()
    if blank_before and (start >= len(lines) or not lines[start].strip()):
        del lines[start - 1]
