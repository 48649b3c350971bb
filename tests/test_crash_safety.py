"""Crash safety of the writing commands (README "Writing safety" and "Exit codes").

Every test here runs the installed CLI as real processes (``python -m timeline_cli``)
on real files; nothing is mocked. What it proves:

- SIGKILL at random moments: ``add``, ``edit``, ``remove`` and ``import`` (from a JSON
  and from an ICS file made by ``timeline export``) are killed after a random delay
  drawn around their measured run time, hundreds of rounds, on a file below and on
  one above the 64 KiB parse-cache threshold. After every round the events file
  loads and is byte for byte either the old file or exactly the file the uncrashed
  command writes; when the command acknowledged (exit 0, or its report on stdout)
  it is the new one. The dead process's lock is free (a non-blocking ``flock``
  on the sidecar succeeds, and the next round's write does not time out), and
  ``timeline list`` reads the file. Both outcomes occur for every command, and some
  kills land after the rename but before the process exits, so the kills really
  hit the write window. Rounds: 200 (1000 with ``HYPOTHESIS_PROFILE=long``); the
  seed is printed on failure and can be fixed with ``TIMELINE_CRASH_SEED``.
- A full disk (a nearly full tmpfs, and ``RLIMIT_FSIZE``), a read-only folder (as an
  unprivileged process; and a read-only remount), and an events path that is a
  directory: every write command exits 1 with one ``timeline: error:`` line that
  names the problem, no traceback, the file byte for byte unchanged and no
  temporary file left behind. Symlinks: a write goes through to the target and the
  link stays a link; a dangling link is created through (``add``/``import``) or
  reported missing (``edit``/``remove``).
- Concurrent writers of every kind at once (adds, edits, removes, imports) all
  succeed and the file holds exactly every change: the same bytes as running the
  same commands one after another in the order the file shows, and every untouched
  event's lines byte-identical.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import random
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate import generate
from tests.helpers import SAMPLE, invoke
from timeline_cli.store import CACHE_MIN_BYTES, CACHE_MIN_EVENTS, load_file

fcntl = pytest.importorskip("fcntl", reason="POSIX file locks and signals")
resource = pytest.importorskip("resource", reason="POSIX resource limits")

CLI = [sys.executable, "-m", "timeline_cli"]
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
CRASH_ROUNDS = 1000 if LONG else 200  # over both file sizes
MIXED_ROUNDS = 10 if LONG else 3
WORKERS = 3  # crash rounds running at once, each on its own file
SEED = int(
    os.environ.get("TIMELINE_CRASH_SEED")
    or (20241124 if os.environ.get("CI") else random.randrange(2**32))
)
ERROR_LINE = "timeline: error: "


# --- running the CLI ----------------------------------------------------------------


BYTECODE: list[Path] = []  # the session's bytecode folder, set by the fixture below


@pytest.fixture(scope="module", autouse=True)
def bytecode_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    if not BYTECODE:
        BYTECODE.append(tmp_path_factory.getbasetemp() / "pyc")


def cli_env(base: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI process: no user settings, TZ not UTC, XDG in ``base``.

    Bytecode is cached outside the source tree (PYTHONPYCACHEPREFIX), also where the
    environment turns writing it off: hundreds of processes here, each compiling
    the package from source, would only measure the compiler.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
    for name in ("NO_COLOR", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    env.update(
        TZ="Asia/Kathmandu",
        XDG_CACHE_HOME=str(base / "cache"),
        XDG_DATA_HOME=str(base / "xdg"),
        PYTHONPYCACHEPREFIX=str(BYTECODE[0]),
        **extra,
    )
    return env


def run(
    args: list[str], env: dict[str, str], cwd: Path, timeout: float = 120, **popen: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, **popen
    )


def run_each(
    commands: dict[str, list[str]], env: dict[str, str], cwd: Path, **popen: Any
) -> dict[str, subprocess.CompletedProcess[str]]:
    """Run the commands at once (one after another with a ``preexec_fn``, which is not
    safe to use from several threads)."""
    if "preexec_fn" in popen:
        return {name: run(args, env, cwd, **popen) for name, args in commands.items()}
    with ThreadPoolExecutor(len(commands)) as pool:
        running = {name: pool.submit(run, a, env, cwd, **popen) for name, a in commands.items()}
        return {name: future.result() for name, future in running.items()}


def write_commands(path: Path, json_source: Path) -> dict[str, list[str]]:
    """One of each writing command on ``path`` (a sample-based file)."""
    target = ["-f", str(path)]
    return {
        "add": ["add", "Refused probe", "--start", "2024-05-01", "--id", "refused", *target],
        "edit": ["edit", "v-discharge", "--title", "Refused title", *target],
        "remove": ["remove", "hwarang-run", "--yes", *target],
        "import": ["import", str(json_source), *target],
    }


def assert_refused(done: subprocess.CompletedProcess[str], problem: str, where: Path) -> None:
    """Exit 1 with exactly one ``timeline: error:`` line naming ``problem`` and ``where``."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(ERROR_LINE), done.stderr
    assert problem in lines[0] and str(where) in lines[0], lines[0]
    assert "internal error" not in lines[0]
    assert done.stdout == ""


def entries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


# --- the files ----------------------------------------------------------------------


def timeline_bytes(generated: int) -> bytes:
    """The sample timeline followed by ``generated`` synthetic events (one file)."""
    text = generate(generated, seed=11)
    events = text[text.index("[[events]]") :]
    head = SAMPLE.read_bytes().rstrip(b"\n")
    return head + b"\n\n# --- generated events ---\n\n" + events.encode("utf-8")


def export_source(events: str, fmt: str, out: Path) -> Path:
    """An import file written by the tool's own ``export`` from a small events file."""
    small = out.with_suffix(".toml")
    small.write_text(
        f'[timeline]\ntitle = "Import source"\ntimezone = "Asia/Seoul"\n\n{events}',
        encoding="utf-8",
    )
    done = run(
        ["export", "--format", fmt, "-o", str(out), "-f", str(small)],
        cli_env(out.parent),
        out.parent,
    )
    assert done.returncode == 0, done.stderr
    return out


def event_toml(event_id: str, title: str, start: str, extra: str = "") -> str:
    return f'[[events]]\nid = "{event_id}"\ntitle = "{title}"\nstart = {start}\n{extra}\n'


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Import files (JSON and ICS, exported by the CLI) with ids no test file uses."""
    where = tmp_path_factory.mktemp("sources")
    seoul = 'timezone = "Asia/Seoul"\ntags = ["crash"]\n'
    return {
        "crash-json": export_source(
            event_toml("crash-json-1", "Imported from JSON", "2024-07-01T20:00:00", seoul)
            + event_toml("crash-json-2", "Second from JSON", "2024-07-02"),
            "json",
            where / "crash.json",
        ),
        "crash-ics": export_source(
            event_toml("crash-ics-1", "Imported from ICS", "2024-08-01T09:30:00", seoul)
            + event_toml("crash-ics-2", "A span from ICS", "2024-08-03", "end = 2024-08-05\n"),
            "ics",
            where / "crash.ics",
        ),
        "mixed-json": export_source(
            event_toml("mixed-json-1", "Mixed import (JSON) one", "2024-09-01T18:00:00", seoul)
            + event_toml("mixed-json-2", "Mixed import (JSON) two", "2024-09-02"),
            "json",
            where / "mixed.json",
        ),
        "mixed-ics": export_source(
            event_toml("mixed-ics-1", "Mixed import (ICS)", "2024-10-01T12:00:00", seoul),
            "ics",
            where / "mixed.ics",
        ),
    }


@pytest.fixture
def world_dir() -> Iterator[Path]:
    """A scratch folder every user can enter (pytest's own tmp folder is private)."""
    path = Path(tempfile.mkdtemp(prefix="timeline-crash-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for folder, _dirs, _files in os.walk(path):
            Path(folder).chmod(0o755)
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where`` (skips when mounting is not permitted)."""
    if sys.platform != "linux" or shutil.which("mount") is None:
        pytest.skip("needs Linux and mount(8)")
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


# --- 1. SIGKILL at random moments ----------------------------------------------------


@dataclass(frozen=True)
class Calibration:
    """One command on one file: its bytes before and after, and how long it takes."""

    old: bytes
    new: bytes
    durations: tuple[float, ...]  # seconds, uncrashed runs under the rounds' load
    write_fraction: float  # when the events file changed, as a fraction of the run


class Timing:
    """Where each case's write (the rename) falls under the current load, learnt as the
    rounds go, and the kill delays drawn from it.

    Starts from the calibration; an outcome that contradicts the estimate (the old
    file after a kill at or after it, the new one from a kill at or before it) moves
    it by 8 %, so it follows the real moment when other work on the machine slows
    the processes down or lets them run faster.
    """

    def __init__(self, calibrations: dict[tuple[str, str], Calibration]) -> None:
        self.fraction = {case: c.write_fraction for case, c in calibrations.items()}
        self.write = {
            case: c.write_fraction * statistics.median(c.durations)
            for case, c in calibrations.items()
        }
        self.lock = threading.Lock()

    def delay(self, case: tuple[str, str], rng: random.Random) -> float:
        with self.lock:
            write = self.write[case]
        if rng.random() < 0.5:  # anywhere from start-up to a little after the exit
            return rng.uniform(0.3, 1.1) * write / self.fraction[case]
        return rng.uniform(0.9, 1.2) * write  # from just before the rename to the exit

    def learn(self, case: tuple[str, str], delay: float, wrote: bool) -> None:
        with self.lock:
            if wrote and delay <= self.write[case]:
                self.write[case] /= 1.08
            elif not wrote and delay >= self.write[case]:
                self.write[case] *= 1.08

    def run_time(self, case: tuple[str, str]) -> float:
        with self.lock:
            return self.write[case] / self.fraction[case]


@dataclass(frozen=True)
class Outcome:
    case: tuple[str, str]  # (file size, command)
    result: str  # "old", "new-killed" (killed after the rename) or "new-exited"
    temp_left: int  # temporary files the round left in the folder
    temp_partial: bool  # each of them a prefix of the new bytes (a cut-off write)


def crash_commands(sources: dict[str, Path]) -> dict[str, list[str]]:
    """The commands killed in the rounds (each writes to the file given after -f)."""
    return {
        "add": [
            "add",
            "Crash-safety probe: 크래시 테스트",
            "--start",
            "2024-05-01 20:00",
            "-t",
            "crash",
            "-d",
            "Added while a SIGKILL may come at any moment.",
            "--id",
            "crash-probe",
        ],
        "edit": ["edit", "v-discharge", "--title", "V and RM discharged (edited)", "-t", "crash"],
        "remove": ["remove", "hwarang-run", "love-wins-all-mv", "--yes"],
        "import-json": ["import", str(sources["crash-json"])],
        "import-ics": ["import", str(sources["crash-ics"])],
    }


def signature(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def timed_run(
    args: list[str], path: Path, old: bytes, env: dict[str, str]
) -> tuple[bytes, float, float]:
    """Run to completion: the new bytes, the run time, and when the file changed (polled)."""
    path.write_bytes(old)
    before = signature(path)
    start = time.monotonic()
    proc = subprocess.Popen(
        [*CLI, *args, "-f", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=path.parent,
    )
    write_at = None
    while proc.poll() is None:
        if write_at is None and signature(path) != before:
            write_at = time.monotonic() - start
        time.sleep(0.002)
    duration = time.monotonic() - start
    _out, err = proc.communicate()
    assert proc.returncode == 0, err.decode()
    return path.read_bytes(), duration, write_at or duration


def calibrate(
    cases: list[tuple[str, str]],
    commands: dict[str, list[str]],
    olds: dict[str, bytes],
    folders: list[Path],
    env: dict[str, str],
) -> dict[tuple[str, str], Calibration]:
    """Uncrashed runs of every (size, command), as many at once as the rounds run: the
    new bytes and the timing. Each case runs once in each of as many batches as there
    are folders, so a burst of other work on the machine skews no case alone."""
    runs: dict[tuple[str, str], list[tuple[bytes, float, float]]] = {c: [] for c in cases}
    with ThreadPoolExecutor(len(folders)) as pool:
        for first in range(len(cases)):
            batch = [cases[(first + n) % len(cases)] for n in range(len(folders))]
            done = pool.map(
                lambda case, folder: timed_run(
                    commands[case[1]], folder / case[0] / "events.toml", olds[case[0]], env
                ),
                batch,
                folders,
            )
            for case, result in zip(batch, done, strict=True):
                runs[case].append(result)
    calibrations = {}
    for (size, kind), results in runs.items():
        new = results[0][0]
        assert {data for data, _, _ in results} == {new}, f"{kind} is not deterministic"
        assert new != olds[size]
        calibrations[size, kind] = Calibration(
            olds[size],
            new,
            tuple(duration for _, duration, _ in results),
            statistics.median(write_at / duration for _, duration, write_at in results),
        )
    return calibrations


def lock_is_free(path: Path) -> bool:
    """Whether the sidecar lock of ``path`` can be taken at once (the dead writer's is gone)."""
    lock = path.with_name(f".{path.name}.lock")
    if not lock.exists():
        return True
    with lock.open("rb") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return True


def exited_within(proc: subprocess.Popen[bytes], seconds: float) -> bool:
    """Wait up to ``seconds`` for the process to end; precise to the millisecond on Linux
    (a pidfd), where ``Popen.wait`` notices an exit up to 50 ms late."""
    try:
        pidfd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        try:
            proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return False
        return True
    try:
        ready, _, _ = select.select([pidfd], [], [], seconds)
    finally:
        os.close(pidfd)
    return bool(ready)


def crash_round(
    case: tuple[str, str],
    args: list[str],
    cal: Calibration,
    timing: Timing,
    path: Path,
    env: dict[str, str],
    rng: random.Random,
) -> Outcome:
    """Start the command on the old file, SIGKILL it after a random delay, check the file."""
    delay = timing.delay(case, rng)
    path.write_bytes(cal.old)
    temps_before = set(temp_files(path.parent))
    proc = subprocess.Popen(
        [*CLI, *args, "-f", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=path.parent,
    )
    if not exited_within(proc, delay):
        proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    code = proc.returncode
    where = f"{case[1]} on the {case[0]} file, killed after {delay:.3f} s, exit {code}"
    assert code in (0, -signal.SIGKILL), f"{where}: {err.decode()}"
    data = path.read_bytes()
    assert data in (cal.old, cal.new), (
        f"{where}: the file is neither the old nor the new one ({len(data)} bytes, old "
        f"{len(cal.old)}, new {len(cal.new)}; starts with the old: {data.startswith(cal.old)})"
    )
    acknowledged = code == 0 or out != b""
    assert data == cal.new or not acknowledged, f"{where}: acknowledged, but the old file is left"
    load_file(path)
    assert lock_is_free(path), f"{where}: the dead writer's lock is still held"
    if code != 0:  # the next command reads the file and does not wait for a lock
        listed = run(["list", "-f", str(path)], env, path.parent, 30, stdin=subprocess.DEVNULL)
        assert listed.returncode == 0 and not listed.stderr, f"{where}: {listed.stderr}"
    left = [p for p in temp_files(path.parent) if p not in temps_before]
    partial = all(cal.new.startswith(p.read_bytes()) for p in left)
    result = "old" if data == cal.old else "new-exited" if code == 0 else "new-killed"
    timing.learn(case, delay, data == cal.new)
    return Outcome(case, result, len(left), partial)


FILE_SIZES = {"below-64k": 60, "above-64k": 240}  # generated events after the sample's 24


def test_sigkill_at_random_moments_leaves_old_or_new_file(
    tmp_path: Path, sources: dict[str, Path]
) -> None:
    """Killed writers leave exactly the old file or the acknowledged new one, never a mix."""
    olds = {size: timeline_bytes(n) for size, n in FILE_SIZES.items()}
    for size, old in olds.items():  # the parse cache is used for one size, not the other
        big = len(old) >= CACHE_MIN_BYTES and old.count(b"[[events]]") >= CACHE_MIN_EVENTS
        assert big == (size == "above-64k")
    env = cli_env(tmp_path, TIMELINE_LOCK_TIMEOUT="10")
    folders = [tmp_path / f"worker-{n}" for n in range(WORKERS)]
    for folder in folders:
        for size in FILE_SIZES:
            (folder / size).mkdir(parents=True)
    commands = crash_commands(sources)
    kinds = list(commands)
    cases = [(size, kind) for size in FILE_SIZES for kind in kinds]
    calibrations = calibrate(cases, commands, olds, folders, env)
    timing = Timing(calibrations)

    def worker(number: int) -> tuple[list[Outcome], list[str]]:
        outcomes: list[Outcome] = []
        failures: list[str] = []
        for index in range(number, CRASH_ROUNDS, WORKERS):
            case = cases[index % len(cases)]
            path = folders[number] / case[0] / "events.toml"
            rng = random.Random(f"{SEED}:{index}")
            try:
                outcomes.append(
                    crash_round(case, commands[case[1]], calibrations[case], timing, path, env, rng)
                )
            except (AssertionError, subprocess.SubprocessError) as exc:
                failures.append(f"seed {SEED}, round {index}: {exc}")
        return outcomes, failures

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(worker, range(WORKERS)))
    outcomes = [o for done, _ in results for o in done]
    failures = [f for _, failed in results for f in failed]
    counts = Counter((*o.case, o.result) for o in outcomes)
    lines = [f"seed {SEED}, {len(outcomes)} rounds, {WORKERS} at once"]
    for size in FILE_SIZES:
        lines.append(f"{size} file ({len(olds[size])} bytes):")
        lines += [
            f"  {kind:12} old {counts[size, kind, 'old']:3}  new-killed "
            f"{counts[size, kind, 'new-killed']:3}  new-exited {counts[size, kind, 'new-exited']:3}"
            f"  (runs {timing.run_time((size, kind)):.2f} s, writes at "
            f"{timing.fraction[size, kind]:.0%})"
            for kind in kinds
        ]
    remaining = [p for folder in folders for size in FILE_SIZES for p in temp_files(folder / size)]
    lines.append(
        f"temporary files left by {sum(o.temp_left > 0 for o in outcomes)} rounds "
        f"({sum(o.temp_left for o in outcomes)} files; each a cut-off copy of the new bytes: "
        f"{all(o.temp_partial for o in outcomes)}); still there at the end: {len(remaining)}; "
        f"in the parse cache folder: {len(temp_files(tmp_path / 'cache' / 'timeline'))}"
    )
    summary = "\n".join(lines)
    print(summary)
    assert failures == [], "\n".join(failures[:10]) + "\n" + summary
    assert len(outcomes) == CRASH_ROUNDS
    for kind in kinds:
        old = sum(counts[size, kind, "old"] for size in FILE_SIZES)
        new = sum(
            counts[size, kind, r] for size in FILE_SIZES for r in ("new-killed", "new-exited")
        )
        assert old > 0, f"{kind} was never killed before its write\n{summary}"
        assert new > 0, f"{kind} never got its write in\n{summary}"
    killed_after_rename = sum(n for (_, _, result), n in counts.items() if result == "new-killed")
    assert killed_after_rename > 0, f"no kill landed in the write window\n{summary}"
    # the parse cache was in use for the large file (edit, remove and list read through it)
    assert list((tmp_path / "cache" / "timeline").glob("*.json"))


def test_parse_cache_temp_files_of_killed_processes_do_not_pile_up(tmp_path: Path) -> None:
    """The SIGKILL rounds leave ``.entry.XXXXXXXX.tmp`` files (some a whole entry) in
    the parse-cache folder when a kill lands in a cache write: nothing removes them.
    A day-old one (no live process is still writing it) should be gone after the
    next cache write, as a killed writer's temporary file beside the events file is
    gone after the next write."""
    path = tmp_path / "big.toml"
    path.write_bytes(timeline_bytes(240))
    where = tmp_path / "cache" / "timeline"
    where.mkdir(mode=0o700, parents=True)
    leftover = where / ".entry.k1ll3d0k.tmp"
    leftover.write_text('{"format":', encoding="utf-8")
    day_ago = time.time() - 86400
    os.utime(leftover, (day_ago, day_ago))
    env = cli_env(tmp_path)
    assert run(["list", "-f", str(path)], env, tmp_path).returncode == 0
    assert list(where.glob("*.json")), "the cache was not written"
    assert not leftover.exists()


# --- 2. a full disk -----------------------------------------------------------------


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until only ``leave`` bytes are free."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 4096)
    with filler.open("r+b") as handle:
        handle.truncate(max(0, filler.stat().st_size - leave))


def test_full_tmpfs_refuses_every_write_and_loses_nothing(
    tmp_path: Path, sources: dict[str, Path]
) -> None:
    """On a nearly full file system every write exits 1 naming ENOSPC; the file is kept."""
    with tmpfs(tmp_path / "small-disk", "256k") as disk:
        path = disk / "events.toml"
        path.write_bytes(SAMPLE.read_bytes())
        before = path.read_bytes()
        env = cli_env(tmp_path)
        commands = write_commands(path, sources["crash-json"])
        for lock_exists in (False, True):
            if lock_exists:  # also with the sidecar lock already there (no inode needed)
                path.with_name(".events.toml.lock").touch()
            fill(disk, leave=8192)  # less than any new version of the file
            assert os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize < len(before)
            listing = entries(disk) | {".events.toml.lock"}
            for name, done in run_each(commands, env, tmp_path).items():
                assert_refused(done, "No space left on device", path.parent)
                assert path.read_bytes() == before, name
                assert entries(disk) | {".events.toml.lock"} == listing, name
                assert temp_files(disk) == [], name
            (disk / "filler").unlink()
        # with the space back, the same command goes through: the space was the problem
        assert run(commands["add"], env, tmp_path).returncode == 0
        assert load_file(path).events[-1].id == "refused"


def limit_file_size(limit: int) -> Callable[[], None]:
    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return preexec


def test_file_size_limit_refuses_every_write_and_loses_nothing(
    tmp_path: Path, sources: dict[str, Path]
) -> None:
    """RLIMIT_FSIZE below the new file's size: EFBIG, exit 1, the file unchanged."""
    path = tmp_path / "data" / "events.toml"
    path.parent.mkdir()
    path.write_bytes(SAMPLE.read_bytes())
    before = path.read_bytes()
    # No bytecode written under the limit: Python writes a .pyc with one unchecked
    # write(), which the limit cuts short, and the cut .pyc would break later imports.
    env = cli_env(tmp_path, PYTHONDONTWRITEBYTECODE="1")
    limited = limit_file_size(len(before) // 2)
    commands = write_commands(path, sources["crash-json"])
    for name, done in run_each(commands, env, tmp_path, preexec_fn=limited).items():
        assert_refused(done, "File too large", path.parent)
        assert path.read_bytes() == before, name
        assert entries(path.parent) <= {"events.toml", ".events.toml.lock"}, name


# --- 3. a read-only folder ------------------------------------------------------------

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
NOBODY = 65534


def without_file_rights() -> Callable[[], None]:
    """A ``preexec_fn`` that drops root's right to ignore file modes from the child's
    bounding set, so the program it runs has none (it stays uid 0, so it can still run
    an interpreter that lives in root's private home)."""
    libc = ctypes.CDLL(None, use_errno=True)  # loaded here, not in the forked child

    def preexec() -> None:
        for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return preexec


def unprivileged(scratch: Path) -> tuple[dict[str, Any], int | None]:
    """Popen arguments that make file modes bite, and the uid to give files to (or None).

    Not root: nothing to do. Root: run as nobody if that uid can run this interpreter,
    else stay root without CAP_DAC_OVERRIDE; skip when neither works.
    """
    if os.geteuid() != 0:
        return {}, None
    as_nobody: dict[str, Any] = {"user": NOBODY, "group": NOBODY, "extra_groups": []}
    probe = [*CLI[:1], "-c", "import timeline_cli"]
    with contextlib.suppress(OSError):
        if subprocess.run(probe, cwd=scratch, capture_output=True, **as_nobody).returncode == 0:
            return as_nobody, NOBODY
    folder = scratch / "probe"
    folder.mkdir(mode=0o555)
    preexec = without_file_rights()
    try:
        touch = [*CLI[:1], "-c", f"import timeline_cli; open({str(folder / 'x')!r}, 'w')"]
        done = subprocess.run(touch, capture_output=True, text=True, preexec_fn=preexec)
    except OSError as exc:
        pytest.skip(f"cannot run the CLI without root's file rights: {exc}")
    finally:
        folder.chmod(0o755)
    if "PermissionError" not in done.stderr:
        pytest.skip(f"cannot run the CLI without root's file rights: {done.stderr[-300:]}")
    return {"preexec_fn": preexec}, None


def test_read_only_folder_refuses_every_write(world_dir: Path, sources: dict[str, Path]) -> None:
    """A folder without write permission: exit 1 'Permission denied', the file unchanged."""
    popen, owner = unprivileged(world_dir)
    source = world_dir / "import.json"
    shutil.copyfile(sources["crash-json"], source)
    source.chmod(0o644)
    folder = world_dir / "read-only"
    folder.mkdir()
    path = folder / "events.toml"
    path.write_bytes(SAMPLE.read_bytes())
    before = path.read_bytes()
    if owner is not None:  # the file is the process's own: only the folder's mode bites
        for item in (folder, path):
            os.chown(item, owner, owner)
    env = cli_env(world_dir)
    commands = write_commands(path, source)
    for lock_exists in (False, True):
        folder.chmod(0o755)
        if lock_exists:  # the lock can be taken, the temporary file cannot be made
            lock = path.with_name(".events.toml.lock")
            lock.touch()
            if owner is not None:
                os.chown(lock, owner, owner)
        folder.chmod(0o555)
        listing = entries(folder)
        for name, done in run_each(commands, env, world_dir, **popen).items():
            assert_refused(done, "Permission denied", folder)
            assert path.read_bytes() == before, name
            assert entries(folder) == listing, name
    folder.chmod(0o755)


def test_read_only_remount_refuses_every_write(tmp_path: Path, sources: dict[str, Path]) -> None:
    """A file system remounted read-only: exit 1 'Read-only file system', nothing lost."""
    with tmpfs(tmp_path / "disk", "1m") as disk:
        path = disk / "events.toml"
        path.write_bytes(SAMPLE.read_bytes())
        before = path.read_bytes()
        env = cli_env(tmp_path)
        commands = write_commands(path, sources["crash-json"])
        before_add = ["add", "Before", "--start", "2020-01-01", "-f", str(path)]
        assert run(before_add, env, tmp_path).returncode == 0
        path.write_bytes(before)  # a lock file from an earlier write is there too
        listing = entries(disk)
        done = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"remounting read-only is not permitted: {done.stderr.decode()}")
        for name, done in run_each(commands, env, tmp_path).items():
            assert_refused(done, "Read-only file system", disk)
            assert path.read_bytes() == before, name
            assert entries(disk) == listing, name


# --- 4. a directory or a symlink where the events file should be ------------------------


def test_events_path_that_is_a_directory_is_refused(
    tmp_path: Path, sources: dict[str, Path]
) -> None:
    """Each write exits 1 saying it is a directory; nothing is created anywhere."""
    path = tmp_path / "data" / "events.toml"
    path.mkdir(parents=True)
    (path / "inside.txt").write_text("untouched\n", encoding="utf-8")
    env = cli_env(tmp_path)
    commands = write_commands(path, sources["crash-json"])
    for name, done in run_each(commands, env, tmp_path).items():
        assert_refused(done, "is a directory", path)
        assert entries(path.parent) == {"events.toml"}, name
        assert entries(path) == {"inside.txt"}, name


def test_dangling_symlink(tmp_path: Path, sources: dict[str, Path]) -> None:
    """edit/remove report the missing file; add and import create it through the link."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "events.toml"
    path.symlink_to("real.toml")
    env = cli_env(tmp_path)
    commands = write_commands(path, sources["crash-json"])
    missing = {name: commands[name] for name in ("edit", "remove")}
    for name, done in run_each(missing, env, tmp_path).items():
        assert done.returncode == 3 and done.stderr.startswith(ERROR_LINE + "no events file")
        assert entries(folder) == {"events.toml"} and path.is_symlink(), name
    for name, ids in (("add", ["refused"]), ("import", ["crash-json-1", "crash-json-2"])):
        done = run(commands[name], env, tmp_path)
        assert done.returncode == 0, done.stderr
        assert path.is_symlink() and path.readlink() == Path("real.toml")
        assert [e.id for e in load_file(folder / "real.toml").events] == ids
        assert not temp_files(folder)
        (folder / "real.toml").unlink()
    # a link into a folder that does not exist: refused, nothing created
    path.unlink()
    path.symlink_to("../missing/real.toml")
    listing = entries(folder)
    for name, done in run_each(commands, env, tmp_path).items():
        assert done.returncode in (1, 3) and done.stderr.startswith(ERROR_LINE), done.stderr
        assert "Traceback" not in done.stderr
        assert not (tmp_path / "missing").exists(), name
        assert entries(folder) == listing, name


def test_symlink_to_a_file_writes_the_target_and_keeps_the_link(
    tmp_path: Path, sources: dict[str, Path]
) -> None:
    """Every write goes to the link's target, byte for byte as on a plain file."""
    env = cli_env(tmp_path)
    real = tmp_path / "store" / "real.toml"
    real.parent.mkdir()
    link = tmp_path / "events.toml"
    link.symlink_to(real)
    plain = tmp_path / "plain" / "events.toml"
    plain.parent.mkdir()
    for name in ("add", "edit", "remove", "import"):
        real.write_bytes(SAMPLE.read_bytes())
        plain.write_bytes(SAMPLE.read_bytes())
        both = {str(f): write_commands(f, sources["crash-json"])[name] for f in (plain, link)}
        for done in run_each(both, env, tmp_path).values():
            assert done.returncode == 0, done.stderr
        assert link.is_symlink() and link.readlink() == real, name
        assert real.read_bytes() == plain.read_bytes() != SAMPLE.read_bytes(), name
        assert not temp_files(tmp_path) and not temp_files(real.parent), name


# --- 5. concurrent writers of every kind ----------------------------------------------


def event_block_texts(text: str) -> dict[str, str]:
    """Each event's ``[[events]]`` block as written (without trailing blank or comment
    lines), by id: read independently of the product's layout code."""
    lines = text.split("\n")
    starts = [n for n, line in enumerate(lines) if line.strip() == "[[events]]"]
    blocks: dict[str, str] = {}
    for first, nxt in zip(starts, [*starts[1:], len(lines)], strict=True):
        block = lines[first:nxt]
        while block and (not block[-1].strip() or block[-1].lstrip().startswith("#")):
            block.pop()
        id_line = next(line for line in block if line.startswith("id = "))
        blocks[id_line.split('"')[1]] = "\n".join(block) + "\n"
    return blocks


def whole_lines_at(text: str, block: str) -> int:
    """Where ``block`` (whole lines) stands in ``text``, followed by nothing, a blank line,
    a comment or a table; -1 if it is not there like that."""
    start = 0
    while (found := text.find(block, start)) != -1:
        after = text[found + len(block) : found + len(block) + 1]
        if (found == 0 or text[found - 1] == "\n") and after in ("", "\n", "#", "["):
            return found
        start = found + 1
    return -1


def test_concurrent_adds_edits_removes_and_imports_keep_every_change(
    tmp_path: Path, sources: dict[str, Path]
) -> None:
    """18 writers of four kinds at once: all succeed, and every change is in the file."""
    base = timeline_bytes(30)
    env = cli_env(tmp_path)  # the default lock timeout (30 s)
    imported = {"mixed-json": ["mixed-json-1", "mixed-json-2"], "mixed-ics": ["mixed-ics-1"]}
    for round_number in range(MIXED_ROUNDS):
        rng = random.Random(f"{SEED}:mixed:{round_number}")
        where = f"seed {SEED}, round {round_number}"
        folder = tmp_path / f"round-{round_number}"
        folder.mkdir()
        path = folder / "events.toml"
        path.write_bytes(base)
        original = load_file(path).events
        chosen = rng.sample([e.id for e in original[1:-1]], 8)
        edited, removed = chosen[:4], chosen[4:]
        adds = {
            f"mixed-add-{n}": [
                "add",
                f"Concurrent add {n}",
                "--start",
                f"2024-06-{n + 1:02d} 12:00",
                "-t",
                "concurrent",
                "--id",
                f"mixed-add-{n}",
            ]
            for n in range(8)
        }
        edits = [["edit", i, "--title", f"Edited concurrently: {i}"] for i in edited]
        removes = [["remove", i, "--yes"] for i in removed]
        imports = {name: ["import", str(sources[name])] for name in imported}
        commands = [*adds.values(), *edits, *removes, *imports.values()]
        rng.shuffle(commands)
        procs = [
            subprocess.Popen(
                [*CLI, *args, "-f", str(path)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                cwd=folder,
            )
            for args in commands
        ]
        failures = []
        for args, proc in zip(commands, procs, strict=True):
            _out, err = proc.communicate(timeout=120)
            if proc.returncode != 0:
                failures.append(f"{args[:2]}: exit {proc.returncode}: {err.decode()}")
        assert failures == [], f"{where}: {failures}"
        assert temp_files(folder) == []

        final_text = path.read_text(encoding="utf-8")
        final = load_file(path).events
        new_ids = set(adds) | {i for ids in imported.values() for i in ids}
        expected_ids = {e.id for e in original} - set(removed) | new_ids
        assert sorted(e.id for e in final) == sorted(expected_ids), where
        by_id = {e.id: e for e in final}
        for event in original:
            if event.id in edited:
                title = f"Edited concurrently: {event.id}"
                assert by_id[event.id] == replace(event, title=title), where
            elif event.id not in removed:
                assert by_id[event.id] == event, where
        # untouched events: their lines byte-identical and in their order
        blocks = event_block_texts(base.decode("utf-8"))
        untouched = [e.id for e in original if e.id not in chosen]
        places = [whole_lines_at(final_text, blocks[i]) for i in untouched]
        assert -1 not in places and places == sorted(places), where
        head = base.decode("utf-8")[: base.decode("utf-8").index("[[events]]")]
        assert final_text.startswith(head), where

        # exactly the file the same commands write one after another, in the order
        # the file shows the appended events
        order: list[list[str]] = []
        for event in final:
            if event.id in adds:
                order.append(adds[event.id])
            for name, ids in imported.items():
                if event.id == ids[0]:
                    order.append(imports[name])
        replay = folder / "replay.toml"
        replay.write_bytes(base)
        for args in [*edits, *removes, *order]:
            result = invoke([*args, "-f", str(replay)])
            assert result.exit_code == 0, result.stderr
        assert final_text == replay.read_text(encoding="utf-8"), where
