"""One event's text in the user's editor (``edit --editor``), as core functions.

The event's ``[[events]]`` block as written, comments too, goes to a temporary file
``timeline-ID-XXXX.toml`` (so editors highlight TOML); the editor, a shell command
line as git runs ``$EDITOR``, is run with the file's path appended; what comes back
is read as exactly one event table and validated in the events file's zone, each
problem located in the temporary file. Nothing here prints or asks: the caller's
``again`` decides whether an invalid text goes back to the editor.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import tzinfo
from pathlib import Path
from typing import NamedTuple

from timeline_cli.errors import InvalidFileError, Problem, TimelineError, UsageError, WriteError
from timeline_cli.model import Event
from timeline_cli.schema import ProblemList, event_from_table
from timeline_cli.store import decode, located, parse_toml
from timeline_cli.store.spans import event_lines

# A program name the shell would look up as it is (no quotes, variables or syntax),
# and a command line of such words: it needs no shell (which would die of a Ctrl-C
# meant for the editor).
_PLAIN_WORD = re.compile(r"[\w./+,:@%-]+")
_PLAIN_COMMAND = re.compile(r"[\w./+,:@%-]+(?:[ \t]+[\w./+,:@%-]+)*")


class Editor(NamedTuple):
    """The editor to run: a shell command line, and the variable that named it."""

    command: str
    source: str  # where it was set: "VISUAL", "EDITOR", the config file, or "default"


class Draft(NamedTuple):
    """The user's valid version of an event's block: the temporary file and its lines."""

    path: Path
    lines: list[str]  # no line ends; blank lines around the table dropped


def edit_block(
    event_id: str,
    shown: list[str],
    editor: Editor,
    *,
    check: Callable[[Path, list[str]], Event],
    again: Callable[[TimelineError], bool | None],
) -> Draft | None:
    """Let the user edit ``shown`` until ``check`` accepts it; None: left unchanged.

    An invalid text goes back to the editor as the user left it while ``again`` says
    yes; a no (False) or nobody to ask (None) ends the edit with the temporary file
    kept. A text left empty, or an editor that fails, ends it with nothing changed.
    """
    path = _draft_file(event_id, shown)
    while True:
        try:
            run_editor(editor, path)
            lines = block_lines(_read(path))
            if lines == shown or emptied(lines):
                path.unlink(missing_ok=True)
                if lines == shown:
                    return None
                raise WriteError("the event's text was left empty: edit aborted, nothing changed")
            check(path, lines)
        except InvalidFileError as exc:
            answer = again(exc)
            if answer:
                continue
            if answer is None:
                raise noting(exc, " (nothing changed; your version stays in that file)") from None
            raise WriteError(f"nothing changed; your version is in {path}") from None
        except (UsageError, WriteError):
            path.unlink(missing_ok=True)
            raise
        return Draft(path, lines)


def read_event(path: Path, lines: list[str], zone: tzinfo, taken: Collection[str]) -> Event:
    """The one event ``lines`` hold, validated in ``zone``, its id none of ``taken``.

    InvalidFileError locates each problem in ``path`` (the temporary file).
    """
    text = "\n".join(lines) + "\n"
    document = parse_toml(path, text)
    others = sorted(set(document) - {"events"})
    if others:
        message = f"`{others[0]}` is no field of an event here: keep only its [[events]] table"
        raise InvalidFileError(Problem(others[0], message, path))
    tables = document.get("events")
    headers = event_lines(text)
    if not isinstance(tables, list) or len(tables) != 1 or len(headers) != 1:
        raise InvalidFileError(Problem(None, "the text must be one [[events]] table", path))
    (table,), (line, keys) = tables, headers[0]
    try:
        event = event_from_table(table, zone, line=line)
    except ProblemList as exc:
        raise InvalidFileError(located(exc.problems, path, table, line, keys)) from None
    if event.id in taken:
        how = "" if "id" in table else " (derived from start and title: give it an id)"
        problem = Problem("id", f"{event.id!r} is used by another event{how}")
        raise InvalidFileError(located([problem], path, table, line, keys))
    return event


def run_editor(editor: Editor, path: Path) -> None:
    """Run the editor on ``path`` and wait for it: through the shell when its command
    line needs one (quotes, variables...), else as it is.

    UsageError (exit 2) when it cannot be run; WriteError (exit 1) when it fails.
    """
    import shlex
    import shutil
    import subprocess

    try:
        program = shlex.split(editor.command)[0]
    except (ValueError, IndexError):
        program = ""
    if _PLAIN_WORD.fullmatch(program) and shutil.which(program) is None:
        raise UsageError(_not_runnable(editor, "not found"))
    if _PLAIN_COMMAND.fullmatch(editor.command):  # run as it is, as git does: no shell
        args: str | list[str] = [*editor.command.split(), str(path)]
    else:
        args = f"{editor.command} {shlex.quote(str(path))}"
    try:
        child = subprocess.Popen(args, shell=isinstance(args, str))
    except OSError as exc:
        raise UsageError(_not_runnable(editor, exc.strerror or str(exc))) from None
    with _interrupts_to_the_editor():
        status = child.wait()
    if isinstance(args, str) and status in (126, 127):  # the shell's "cannot execute"
        raise UsageError(_not_runnable(editor, f"the shell said {status}"))  # and "not found"
    if status != 0:
        how = f"was stopped by signal {-status}" if status < 0 else f"exited with status {status}"
        raise WriteError(f"the editor {how}; nothing changed")


@contextmanager
def _interrupts_to_the_editor() -> Iterator[None]:
    """Ignore Ctrl-C while the editor runs, as git does: it is the editor's key then
    (vim cancels a command with it), and the editor was started without this."""
    import signal

    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to set
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def block_lines(text: str) -> list[str]:
    """The lines of an edited text without line ends, blank lines around them dropped."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def emptied(lines: list[str]) -> bool:
    """True when nothing but blank and comment lines is left (TOML with no key)."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in lines)


def noting(exc: TimelineError, note: str) -> TimelineError:
    """The same error with ``note`` added to its message."""
    noted = copy.copy(exc)
    noted.template, noted.message = exc.template + note, exc.message + note
    noted.args = (noted.message,)
    return noted


def _not_runnable(editor: Editor, why: str) -> str:
    if editor.source == "default":
        return f"no editor: {editor.command!r} {why}; set VISUAL or EDITOR to your editor"
    variable = editor.source in ("VISUAL", "EDITOR")
    source = f"${editor.source}" if variable else editor.source
    fix = "set VISUAL or EDITOR to your editor" if variable else "fix that editor setting"
    return f"cannot run the editor {editor.command!r} (from {source}): {why}; {fix}"


def _draft_file(event_id: str, lines: list[str]) -> Path:
    """A new temporary ``timeline-ID-XXXXXXXX.toml`` holding ``lines``."""
    import os
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f"timeline-{event_id}-", suffix=".toml")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n")
    return Path(name)


def _read(path: Path) -> str:
    """The edited text; InvalidFileError when it is not UTF-8 (the user can fix that)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WriteError(f"cannot read {path}: {exc.strerror or exc}; nothing changed") from None
    return decode(path, data)
