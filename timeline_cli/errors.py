"""The error hierarchy and the exit codes of README 'Exit codes'.

Core code raises these; ``cli/app.py`` turns them into one message on stderr and the
exit code, in one place.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The process exit codes: every ``typer.Exit`` and error class uses these."""

    OK = 0
    FAILURE = 1  # a file could not be read, written or locked; an internal error
    USAGE = 2  # a bad command-line value
    MISSING = 3  # the events file does not exist
    INVALID = 4  # the events file is not valid (or `check` found a problem)


class TimelineError(Exception):
    """Base of every error a user can cause; ``exit_code`` is the process exit code."""

    exit_code = ExitCode.FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(TimelineError):
    """A bad command-line value (a zone, a WHEN, an option)."""

    exit_code = ExitCode.USAGE


class FileMissingError(TimelineError):
    """The events file does not exist."""

    exit_code = ExitCode.MISSING


class InvalidFileError(TimelineError):
    """The events file is not valid TOML or does not follow the schema."""

    exit_code = ExitCode.INVALID


class WriteError(TimelineError):
    """A file could not be written or locked (I/O error, lock timeout)."""

    exit_code = ExitCode.FAILURE
