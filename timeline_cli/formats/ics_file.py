"""iCalendar import: the file as text, checked before icalendar parses it.

icalendar quietly drops what it cannot read (a component never closed, a line it
cannot split); these checks turn such files into one error with its line number.
"""

from __future__ import annotations

import icalendar

from timeline_cli.errors import InvalidFileError


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidFileError(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "iCalendar files are UTF-8"
        ) from None


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(physical line number, unfolded content line) of every non-empty line, for messages."""
    lines: list[tuple[int, list[str]]] = []
    for number, physical in enumerate(text.split("\n"), start=1):
        physical = physical.removesuffix("\r")
        if physical[:1] in (" ", "\t") and lines:
            lines[-1][1].append(physical[1:])
        elif physical:
            lines.append((number, [physical]))
    return [(number, "".join(parts)) for number, parts in lines]


def check_structure(lines: list[tuple[int, str]], name: str) -> list[int]:
    """The line of each VEVENT in a VCALENDAR; InvalidFileError where BEGIN and END do not pair.

    icalendar quietly drops a component that is never closed (a truncated file
    would import as nothing), so the nesting is checked here, with line numbers.
    """
    if not lines or lines[0][1].upper() != "BEGIN:VCALENDAR":
        found = f"found {short(lines[0][1])}" if lines else "the file is empty"
        where = f"{name}:{lines[0][0]}" if lines else name
        raise InvalidFileError(f"{where}: not an iCalendar file (no BEGIN:VCALENDAR; {found})")
    open_: list[tuple[str, int]] = []
    events: list[int] = []
    for number, line in lines:
        key, _, value = line.partition(":")
        key, value = key.upper(), value.upper()
        if key == "BEGIN":
            if not open_ and value != "VCALENDAR":
                raise InvalidFileError(f"{name}:{number}: BEGIN:{value} outside a VCALENDAR")
            if value == "VEVENT" and len(open_) == 1:
                events.append(number)
            open_.append((value, number))
        elif key == "END":
            if not open_ or open_[-1][0] != value:
                expected = f"END:{open_[-1][0]} expected" if open_ else "nothing is open"
                raise InvalidFileError(f"{name}:{number}: END:{value} where {expected}")
            open_.pop()
        elif not open_ and key != "X-COMMENT":
            raise InvalidFileError(f"{name}:{number}: {short(line)} outside a VCALENDAR")
    if open_:
        component, begun = open_[-1]
        raise InvalidFileError(
            f"{name}:{lines[-1][0]}: the file ends inside {component} (BEGIN at line "
            f"{begun}): END:{component} is missing; is the file truncated?"
        )
    return events


def parse_error(name: str, lines: list[tuple[int, str]], exc: Exception | None) -> str:
    """The parser's complaint, at the first line it cannot read when there is one."""
    for number, line in lines:
        try:
            icalendar.parser.Contentline(line).parts()  # type: ignore[no-untyped-call]
        except Exception as error:  # the same parser, line by line
            return f"{name}:{number}: cannot read {short(line)}: {_reason(error)}"
    return f"{name}: not a valid iCalendar file: {_reason(exc)}"


def _reason(exc: Exception | None) -> str:
    text = str(exc).split("\n")[0] if exc is not None else "unreadable content"
    return text if len(text) <= 200 else text[:197] + "..."


def short(text: str, size: int = 60) -> str:
    return repr(text if len(text) <= size else text[: size - 3] + "...")
