"""Atomic replacement of a file (README 'Writing safety').

A temporary file in the same folder, fsync, ``os.replace``, then fsync of the folder:
a crash leaves the old file or the new one, never a mix. The temporary files of
writers killed before their rename are cleared by the next writer.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from pathlib import Path

from timeline_cli.errors import WriteError


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temp file in the same folder, fsync, rename)."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).chmod(mode)
        Path(temp).replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    _fsync_folder(path.parent)


def clear_leftovers(target: Path) -> None:
    """Delete temporary files that writers killed mid-write left beside ``target``.

    Only a writer holding the lock makes them, and we hold it: any still there
    belong to a process that died before its ``os.replace``.
    """
    pattern = f"{glob.escape(f'.{target.name}.')}{'?' * 8}.tmp"
    for leftover in target.parent.glob(pattern):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
