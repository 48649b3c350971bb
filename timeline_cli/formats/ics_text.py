"""iCalendar DESCRIPTION: the description with ``Source:`` and ``People:`` lines after it."""

from __future__ import annotations

from collections.abc import Sequence


def compose_description(description: str | None, source: str | None, people: Sequence[str]) -> str:
    """DESCRIPTION: the description, a blank line, then ``Source: ...`` and ``People: ...``.

    Line breaks at the end of the description are left out (a TOML multi-line
    string often ends with one); ``split_description`` leaves them out too.
    """
    description = description.rstrip("\r\n") if description else None
    trailer = []
    if source:
        trailer.append(f"Source: {source}")
    if people:
        trailer.append(f"People: {', '.join(people)}")
    parts = [description] if description else []
    if trailer:
        parts.append("\n".join(trailer))
    return "\n\n".join(parts)


def split_description(text: str) -> tuple[str | None, str | None, list[str]]:
    """(description, source, people) back from ``compose_description``'s text.

    Only a trailer that composes back to exactly ``text`` is taken apart, so the
    text of a description that merely ends like one is never changed.
    """
    rest, people = text, []
    head, newline, last = text.rpartition("\n")
    if last.startswith("People: "):
        rest, people = head.removesuffix("\n") if newline else "", last[8:].split(", ")
        if head.endswith("\n") or not newline:  # a blank line before People: no Source
            return _checked(text, rest or None, None, people)
    if rest.startswith("Source: "):
        return _checked(text, None, rest[8:], people)
    description, found, source = rest.rpartition("\n\nSource: ")
    if found:
        return _checked(text, description, source, people)
    return _checked(text, rest, None, people)


def _checked(
    text: str, description: str | None, source: str | None, people: list[str]
) -> tuple[str | None, str | None, list[str]]:
    if all(people) and compose_description(description, source, people) == text:
        return description or None, source or None, people
    return text or None, None, []
