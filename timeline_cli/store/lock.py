"""The writers' lock: one writer at a time per events file (README 'Writing safety').

An exclusive ``flock`` on a sidecar file beside the events file, waited for up to the
settings' ``lock_timeout``; ``filelock`` where ``fcntl`` does not exist.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from timeline_cli.errors import WriteError


def lock_path(path: Path) -> Path:
    """The sidecar lock file of an events file: ``.events.toml.lock`` beside it."""
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the exclusive lock of ``path``; WriteError on timeout or an unwritable folder.

    The lock is ``flock`` on the sidecar file: the kernel releases it when the holder
    exits or is killed, so a crash never leaves a stale lock. (The ``filelock``
    package does the same on POSIX, but importing it costs 30-60 ms: a tenth of an
    ``add``; it remains the fallback where ``fcntl`` does not exist.)
    """
    from timeline_cli.settings import current

    timeout = current().lock_timeout
    try:
        release = _acquire(lock_path(path), timeout)
    except TimeoutError:
        raise WriteError(
            f"{path} is locked by another timeline command (waited {timeout:g} s); try again"
        ) from None
    except OSError as exc:
        raise WriteError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        release()


def _acquire(lock: Path, timeout: float) -> Callable[[], None]:
    """Take the lock on the file ``lock`` (created if needed); return its release."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        from filelock import FileLock, Timeout

        other = FileLock(str(lock), timeout=timeout)
        try:
            other.acquire()
        except Timeout:
            raise TimeoutError from None
        return other.release
    deadline = time.monotonic() + timeout
    pause = 0.002
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise TimeoutError from None
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
            continue
        except BaseException:
            os.close(fd)
            raise
        # Someone may have deleted the lock file while we waited: a lock on the
        # unlinked file would exclude nobody, so take the lock again on the new one.
        try:
            same = lock.stat().st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return lambda: os.close(fd)
        os.close(fd)
