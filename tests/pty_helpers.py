"""Run the CLI with a real pseudo-terminal as its stdout, a given size, and read what
the terminal received; helpers to check the lines fit.

``on_pty(args, columns=80)`` runs ``python -m timeline_cli ARGS`` in a child process
whose stdout is a pty of ``columns`` x ``rows`` (set with TIOCSWINSZ, COLUMNS and
LINES removed from its environment), stderr a pipe. The pager is off unless the
caller's ``env`` names one (a value None unsets a variable). ``plain`` strips
colours and links from the output.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from timeline_cli.display import cell_width

ROOT = Path(__file__).resolve().parent.parent

_SGR = re.compile(r"\x1b\[[0-9;]*m")
_LINK = re.compile(r"\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)")
LINK_TARGET = re.compile(r"\x1b\]8;[^;\x1b\x07]*;([^\x1b\x07]*)(?:\x1b\\|\x07)")


@dataclass(frozen=True)
class PtyRun:
    """What a run on a pseudo-terminal gave: exit code, the terminal's bytes as text
    (CR LF read as LF), and stderr."""

    code: int
    raw: str
    err: str

    @property
    def text(self) -> str:
        """What a person sees: the output without colours and links."""
        return plain(self.raw)

    @property
    def lines(self) -> list[str]:
        """The terminal's lines (split at LF only, as a terminal does)."""
        return self.text.removesuffix("\n").split("\n")


def plain(text: str) -> str:
    """``text`` without SGR colour sequences and OSC 8 links."""
    return _SGR.sub("", _LINK.sub("", text))


def on_pty(
    args: list[str],
    *,
    columns: int = 80,
    rows: int = 200,
    env: Mapping[str, str | None] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
    stderr_on_pty: bool = False,
) -> PtyRun:
    """Run ``timeline ARGS`` with a ``columns`` x ``rows`` pseudo-terminal as stdout
    (and as stderr too with ``stderr_on_pty``: then ``err`` is empty)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    child_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    child_env.update(TERM="xterm-256color", TIMELINE_PAGER="", PYTHONPATH=str(ROOT))
    child_env.pop("NO_COLOR", None)
    child_env.pop("FORCE_COLOR", None)
    for name, value in (env or {}).items():  # None: unset
        if value is None:
            child_env.pop(name, None)
        else:
            child_env[name] = value
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "timeline_cli", *args],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=slave if stderr_on_pty else subprocess.PIPE,
            env=child_env,
            cwd=cwd,
        )
        os.close(slave)
        slave = -1
        received = _drain(master, proc, timeout)
        err = proc.stderr.read() if proc.stderr else b""
        code = proc.wait(timeout=timeout)
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    text = received.decode("utf-8", "replace").replace("\r\n", "\n")
    return PtyRun(code, text, err.decode("utf-8", "replace"))


def _drain(master: int, proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    """Everything written to the pty until the child has exited and nothing is left."""
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            proc.kill()
            raise TimeoutError(f"no output for {timeout}s")
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer has closed the pty
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def widest(text: str) -> int:
    """The widest line of ``text`` in terminal columns (colours and links stripped)."""
    return max((cell_width(line) for line in plain(text).split("\n")), default=0)


def assert_fits(run: PtyRun, columns: int) -> None:
    """No line of the output is wider than the terminal, and the run succeeded."""
    assert run.code == 0, (run.code, run.err)
    wide = [line for line in run.lines if cell_width(line) > columns]
    assert not wide, f"{len(wide)} lines wider than {columns} columns, e.g. {wide[0]!r}"


# What a terminal does with the sequences a Rich progress bar writes (and colours and
# links, which ``plain`` strips first); anything else is garbage for ``screen``.
_CONTROL = re.compile(r"\x1b\[\?25[lh]|\x1b\[([0-2]?)K|\x1b\[(\d*)([AB])|\r|\n")


def screen(raw: str, columns: int) -> list[str]:
    """The lines a ``columns``-wide terminal shows after receiving ``raw`` (output of
    ``on_pty``: CR LF already read as LF): text, CR, LF, cursor up/down, erase in line,
    cursor shown/hidden. Any other control character or escape sequence raises
    AssertionError: it would be garbage on the screen."""
    rows: list[list[str]] = [[]]
    row = col = 0
    text = plain(raw)
    at = 0
    while at < len(text):
        found = _CONTROL.match(text, at)
        if found is None:
            char = text[at]
            assert char.isprintable(), f"raw {char!r} at {at}: {text[at - 20 : at + 20]!r}"
            if col >= columns:  # auto-wrap
                row, col = row + 1, 0
            while len(rows) <= row:
                rows.append([])
            line = rows[row]
            line.extend(" " * (col - len(line)))
            if col < len(line):
                line[col] = char
            else:
                line.append(char)
            col += cell_width(char)
            at += 1
            continue
        code = found.group(0)
        if code == "\r":
            col = 0
        elif code == "\n":
            row, col = row + 1, 0
        elif code.endswith("K"):
            while len(rows) <= row:
                rows.append([])
            mode = found.group(1) or "0"
            line = rows[row]
            if mode == "2":
                line.clear()
            elif mode == "0":
                del line[col:]
            else:
                line[: col + 1] = " " * min(col + 1, len(line))
        elif found.group(3):
            step = int(found.group(2) or "1")
            row = max(row - step, 0) if found.group(3) == "A" else row + step
        at = found.end()
    lines = ["".join(line).rstrip() for line in rows]
    while lines and not lines[-1]:
        lines.pop()
    return lines
