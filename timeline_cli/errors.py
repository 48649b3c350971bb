"""The error hierarchy, the exit codes of README 'Exit codes', and problems as data.

Core code raises these; ``cli/app.py`` turns them into one message on stderr and the
exit code, in one place. A :class:`Problem` is one thing wrong with a file, located;
loading and ``check`` both collect them, and their text is made here only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """The process exit codes: every ``typer.Exit`` and error class uses these."""

    OK = 0
    FAILURE = 1  # a file could not be read, written or locked; an internal error
    USAGE = 2  # a bad command-line value
    MISSING = 3  # the events file does not exist
    INVALID = 4  # the events file is not valid (or `check` found a problem)
    REMOTE = 5  # a server could not be reached or refused a request (sync, import by URL)
    AUTH = 6  # a server refused the credentials, or none could be found
    CONFLICT = 7  # sync left events changed on both sides untouched


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an events file or one of its events; None where unknown.

    ``line`` and ``column`` are where the problem is (a field's own line when known,
    else its event's); ``event`` is the event's label (``'id'``, ``(untitled)``) and
    ``event_line`` the line of its ``[[events]]`` header, for problems of one event.
    """

    field: str | None
    message: str
    path: Path | None = None
    line: int | None = None
    column: int | None = None
    event: str | None = None
    event_line: int | None = None

    def where(self) -> str:
        """``path:line:column``, as far as known (empty: no path)."""
        return _place(self.path, self.line, self.column)

    def reason(self) -> str:
        """What is wrong, without the place: ``event 'x', field 'end': ...``."""
        if self.event is None:
            return self.message
        spot = f", field '{self.field}'" if self.field else ""
        return f"event {self.event}{spot}: {self.message}"

    def text(self) -> str:
        """The problem as one line: an event's problem at its event, naming the field's line."""
        if self.event is None:
            return _joined(self.where(), self.message)
        spot = f", field '{self.field}'" if self.field else ""
        if self.field and self.line and self.line != self.event_line:
            spot += f" (line {self.line})"
        where = _place(self.path, self.event_line, None)
        return _joined(where, f"event {self.event}{spot}: {self.message}")


def _place(path: Path | None, line: int | None, column: int | None) -> str:
    if path is None:
        return ""
    where = f"{path}:{line}" if line else str(path)
    return f"{where}:{column}" if line and column else where


def _joined(where: str, message: str) -> str:
    return f"{where}: {message}" if where else message


_FIELD_REF = re.compile("\x00([a-z_]+)\x00")


def field_ref(name: str) -> str:
    """A field of an event as a message names it for the one who set it: ``start`` in
    the core's text, the option that sets it (``--start``) in the command line's."""
    return f"\x00{name}\x00"


def named_fields(template: str, name_of: Callable[[str], str] = str) -> str:
    """``template`` with each ``field_ref`` written as ``name_of(field)``."""
    return _FIELD_REF.sub(lambda match: name_of(match[1]), template)


class TimelineWarning(UserWarning):
    """Something the user should know that does not stop the command (``warn``)."""


def warn(message: str) -> None:
    """Tell the user ``message`` without stopping: the command line shows it once a run
    as ``timeline: warning: ...`` on stderr (the core never writes to a stream)."""
    import warnings

    warnings.warn(message, TimelineWarning, stacklevel=2)


class TimelineError(Exception):
    """Base of every error a user can cause; ``exit_code`` is the process exit code.

    ``message`` names fields as fields; ``template`` keeps their ``field_ref`` marks
    so the command layer can name the options instead (``cli/app.py`` ``worded``).
    """

    exit_code = ExitCode.FAILURE

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        super().__init__(named_fields(message))
        self.template = message
        self.message = named_fields(message)
        # How to put it right from the command line, as a key the command layer words
        # with its option names (``cli/app.py`` FIXES): the core names no options.
        self.fix = fix


class UsageError(TimelineError):
    """A bad command-line value (a zone, a WHEN, an option)."""

    exit_code = ExitCode.USAGE


class FileMissingError(TimelineError):
    """The events file does not exist; ``path`` is the file."""

    exit_code = ExitCode.MISSING

    def __init__(self, path: Path) -> None:
        super().__init__(f"no events file at {path}", fix="create")
        self.path = path


class InvalidFileError(TimelineError):
    """The events file is not valid TOML or does not follow the schema.

    Made from a message, or from located problems (``problems``: every one found),
    whose one-line text is the first problem's and how many more there are.
    """

    exit_code = ExitCode.INVALID

    def __init__(
        self, message: str | Problem | Sequence[Problem], *, fix: str | None = None
    ) -> None:
        if isinstance(message, str):
            super().__init__(message, fix=fix)
            self.problems: list[Problem] = []
            return
        problems = [message] if isinstance(message, Problem) else list(message)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems[0].text() + more)
        self.problems = problems


class WriteError(TimelineError):
    """A file could not be written or locked (I/O error, lock timeout)."""

    exit_code = ExitCode.FAILURE


class RemoteError(TimelineError):
    """A server could not be reached, timed out, failed TLS verification, answered
    with an error, or sent something that is not a calendar. Never carries a password."""

    exit_code = ExitCode.REMOTE


class AuthError(RemoteError):
    """A server refused the credentials (401/403), or no password could be found."""

    exit_code = ExitCode.AUTH
