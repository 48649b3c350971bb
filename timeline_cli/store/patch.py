"""Rewriting the ``[[events]]`` blocks of edited and removed events in place.

Only the lines of fields that changed are rewritten (as tomli-w writes them); every
other line of the file, comments and odd spacing included, stays byte for byte.
"""

from __future__ import annotations

from timeline_cli.errors import InvalidFileError
from timeline_cli.model import Event
from timeline_cli.store.codec import event_table, key_lines
from timeline_cli.store.files import FileData
from timeline_cli.store.spans import event_blocks, key_spans


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


def _cut(lines: list[str], first: int, end: int) -> None:
    """Delete lines first..end-1 (1-based) and the comments right above; keep one blank."""
    start = first - 1
    while start > 0 and lines[start - 1].strip().startswith("#"):
        start -= 1
    del lines[start : end - 1]
    blank_before = start > 0 and not lines[start - 1].strip()
    if blank_before and (start >= len(lines) or not lines[start].strip()):
        del lines[start - 1]
