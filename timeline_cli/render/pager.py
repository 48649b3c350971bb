"""Long output on a terminal through a pager, as git does it.

The answer is rendered first (into a ``Screen``, which Rich takes for a terminal so
colours and links survive), then printed directly when it fits on the screen, else
piped to the pager: ``$TIMELINE_PAGER``, else ``$PAGER``, else ``less -FRX`` (with
``LESS=FRX`` when ``LESS`` is unset), run by the shell. A pager that is not
installed, or does not start, means printing directly; a pager that quits before
reading everything (``q`` in less) is no error.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import subprocess


class Screen(io.StringIO):
    """Text on its way to the terminal through a pager: Rich may colour it."""

    def isatty(self) -> bool:
        return True


def page(text: str, *, command: str, env: Mapping[str, str], rows: int, out: TextIO) -> None:
    """Show ``text`` through the pager ``command``, or print it to ``out`` when it
    fits in ``rows`` lines or the pager cannot be run."""
    if text.count("\n") < rows or not _installed(command):
        out.write(text)
        return
    import subprocess

    from timeline_cli.settings import child_environment

    out.flush()
    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        pager = subprocess.Popen(  # the user's pager command, run by the shell as git does
            command, shell=True, stdin=subprocess.PIPE, env=child_environment(env)
        )
    except OSError:
        out.write(text)
        return
    _feed(pager, text.encode(encoding, "backslashreplace"))
    while True:  # Ctrl-C is the pager's to handle meanwhile
        try:
            pager.wait()
            return
        except KeyboardInterrupt:
            continue


def _feed(pager: subprocess.Popen[bytes], data: bytes) -> None:
    """Write ``data`` to the pager; a pager that quit early has read enough."""
    from contextlib import suppress

    stdin = pager.stdin
    assert stdin is not None
    with suppress(BrokenPipeError):
        stdin.write(data)
    with suppress(BrokenPipeError):
        stdin.close()


def _installed(command: str) -> bool:
    """True when the command's program (its first word) is found on the PATH."""
    import shlex
    import shutil

    try:
        words = shlex.split(command)
    except ValueError:
        return False
    return bool(words) and ("=" in words[0] or shutil.which(words[0]) is not None)
