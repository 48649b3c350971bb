"""The error hierarchy: one class per exit code of README 'Exit codes'.

Core code raises these; ``cli.py`` turns them into one message on stderr and the
exit code, in one place.
"""

from __future__ import annotations


class TimelineError(Exception):
    """Base of every error a user can cause; ``exit_code`` is the process exit code."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(TimelineError):
    """A bad command-line value (a zone, a WHEN, an option)."""

    exit_code = 2


class FileMissingError(TimelineError):
    """The events file does not exist."""

    exit_code = 3


class InvalidFileError(TimelineError):
    """The events file is not valid TOML or does not follow the schema."""

    exit_code = 4


class WriteError(TimelineError):
    """A file could not be written or locked (I/O error, lock timeout)."""

    exit_code = 1
