"""Time whole `timeline` commands and check the budgets of README 'Performance'.

    python benchmarks/run.py [--runs 11] [--sizes 1000,10000,100000] [--out results.md]
                             [--timeline CMD] [--warmup 2] [--check]
                             [--khal PATH | --no-khal] [--khal-sizes 10000] [--khal-full-runs 1]

Every figure is the median wall time of whole subprocesses (stdout piped, never a
terminal), also given as a ratio to `python -c pass` measured in the same session with
the same interpreter, so results from different machines can be compared. When khal is
installed, the same events (exported to ICS, split into a vdir) are listed with khal too.
"""

import argparse
import itertools
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import khal_vdir
from generate import FIRST_DAY, LAST_START, generate

REPO = Path(__file__).resolve().parent.parent
BANNED = ("icalendar", "dateutil", "tomli_w", "tomlkit")
RATIO_BUDGET = 10.0
LIST_10K_BUDGET_S = 1.0
MEMORY_BUDGET_MIB = 500.0
EXPORT_MAX_EVENTS = 10_000
TIMES = "\u00d7"  # multiplication sign, as in "3.2 times python -c pass"
MONTH_FIRST, MONTH_LAST = "2020-03-01", "2020-03-31"
MONTH = ["--from", MONTH_FIRST, "--to", MONTH_LAST]
# `khal list START END` with dates: END is inclusive (khal adds a day to a date END), so the
# same two dates cover the same days as timeline's inclusive --to.
KHAL_MONTH = [MONTH_FIRST, MONTH_LAST]
# Every generated event lies between FIRST_DAY and the end of LAST_START's year in its own
# zone; a time early on FIRST_DAY in Seoul or Lord Howe falls on the day before in UTC.
KHAL_ALL = [(FIRST_DAY - timedelta(days=1)).isoformat(), f"{LAST_START.year}-12-31"]
KHAL_LIST_RATIO = 0.1  # list of everything <= 0.1 x khal's
KHAL_MONTH_RATIO = 1.0  # one month no slower than khal's warm cached query
ADD_LIMIT_RATIO = 1.5  # add <= 1.5 x list --limit 1 on the same file
SLOW_WARMUP_S = 2.0  # after a warm-up run this slow, one warm-up is enough
IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")
RSS_WRAPPER = (
    "import resource, subprocess, sys; "
    "r = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "sys.exit(r.returncode)"
)


@dataclass
class Timing:
    """The timed runs of one command; `failure` is set when it exited non-zero."""

    label: str
    seconds: list[float] = field(default_factory=list)
    failure: str | None = None
    stdout_bytes: int = 0
    stdout_lines: int = 0

    @property
    def median_ms(self) -> float | None:
        if self.failure or not self.seconds:
            return None
        return statistics.median(self.seconds) * 1000


@dataclass
class Imports:
    """What `python -X importtime -m timeline_cli ARGS` loaded."""

    label: str
    banned: list[str] = field(default_factory=list)
    heaviest: list[tuple[str, float]] = field(default_factory=list)
    total_ms: float = 0.0
    failure: str | None = None


@dataclass
class Budget:
    name: str
    status: str  # PASS, FAIL, SKIP or INFO
    detail: str


@dataclass
class AppendCheck:
    """What the consecutive `add` runs on one file did to it (checked after every run)."""

    runs: int = 0
    not_prefix: list[int] = field(default_factory=list)  # runs that changed the old bytes
    replaced: int = 0  # runs after which the path names a new file (write + rename)
    before: bytes = b""
    inode: int = 0


@dataclass
class KhalSetup:
    """How the khal calendar of one size was built and what the first khal run saw."""

    config: Path
    files: int = 0
    vevents: int = 0
    split_s: float = 0.0
    first_run_s: float = 0.0
    month_khal: set[str] = field(default_factory=set)
    month_timeline: set[str] = field(default_factory=set)


@dataclass
class Bench:
    """Settings shared by every measurement, and what has been measured so far."""

    timeline: list[str]
    runs: int
    warmup: int
    env: dict[str, str]
    tmp: Path
    khal: str | None = None
    khal_version: str = ""
    khal_note: str = ""  # why khal was not used
    khal_sizes: list[int] = field(default_factory=list)
    khal_full_runs: int = 1
    khal_setups: dict[int, KhalSetup] = field(default_factory=dict)
    timings: dict[str, Timing] = field(default_factory=dict)
    memory_mib: dict[str, float | None] = field(default_factory=dict)
    imports: list[Imports] = field(default_factory=list)
    appends: dict[int, AppendCheck] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


# --- running commands ------------------------------------------------------------------


def run_once(
    cmd: list[str], env: dict[str, str]
) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    """Run cmd from the repository root with stdout piped; return wall seconds and result."""
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False
    )
    return time.perf_counter() - start, proc


def report_failure(
    bench: Bench, label: str, cmd: list[str], proc: subprocess.CompletedProcess[bytes]
) -> str:
    """Print a failed command loudly on stderr and remember it; return a short reason."""
    reason = f"exit {proc.returncode}"
    lines = proc.stderr.decode("utf-8", "replace").rstrip().splitlines()
    lines = [line for line in lines if not IMPORT_LINE.match(line)]  # -X importtime noise
    tail = "\n".join(lines[-40:]) or "(no stderr)"
    bar = "!" * 78
    print(
        f"\n{bar}\nFAILED ({reason}): {label}\n$ {shlex.join(cmd)}\n{tail}\n{bar}\n",
        file=sys.stderr,
    )
    bench.failures.append(f"{label}: {reason}")
    return reason


def measure(
    bench: Bench,
    key: str,
    label: str,
    cmd: list[str] | Callable[[int], list[str]],
    setup: Callable[[], object] | None = None,
    env: dict[str, str] | None = None,
    after: Callable[[], object] | None = None,
    runs: int | None = None,
    warmup: int | None = None,
) -> Timing:
    """Median of bench.runs timed runs after up to bench.warmup untimed ones.

    cmd may be a function of the run's number (warm-ups included, from 0); setup runs
    before and after runs after each successful run, both outside the timed section.
    """
    timing = Timing(label)
    warm = bench.warmup if warmup is None else warmup
    wanted = bench.runs if runs is None else runs
    attempt = 0
    while len(timing.seconds) < wanted:
        if setup is not None:
            setup()
        args = cmd(attempt) if callable(cmd) else cmd
        attempt += 1
        elapsed, proc = run_once(args, env or bench.env)
        if proc.returncode != 0:
            timing.failure = report_failure(bench, label, args, proc)
            break
        if after is not None:
            after()
        timing.stdout_bytes = len(proc.stdout)
        timing.stdout_lines = proc.stdout.count(b"\n")
        if warm > 0:
            warm = 0 if elapsed > SLOW_WARMUP_S else warm - 1
        else:
            timing.seconds.append(elapsed)
    bench.timings[key] = timing
    shown = f"{timing.median_ms:.1f} ms" if timing.median_ms is not None else timing.failure
    print(f"  {label}: {shown}", file=sys.stderr)
    return timing


# --- peak memory -------------------------------------------------------------------------


def _gnu_time() -> str | None:
    """/usr/bin/time if it is GNU time (supports -f %M and -o), else None."""
    binary = "/usr/bin/time"
    if not os.access(binary, os.X_OK):
        return None
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
        cmd = [binary, "-f", "%M", "-o", out.name, sys.executable, "-c", "pass"]
        proc = subprocess.run(cmd, capture_output=True, check=False)
        text = Path(out.name).read_text().strip()
    return binary if proc.returncode == 0 and text.isdigit() else None


def peak_rss_mib(bench: Bench, label: str, cmd: list[str]) -> float | None:
    """Peak resident memory of one run of cmd in MiB (None if the command failed)."""
    out = bench.tmp / "maxrss.txt"
    gnu_time = _gnu_time()
    if gnu_time:
        wrapped = [gnu_time, "-f", "%M", "-o", str(out), *cmd]
    else:
        wrapped = [sys.executable, "-c", RSS_WRAPPER, *cmd]
    _, proc = run_once(wrapped, bench.env)
    if proc.returncode != 0:
        report_failure(bench, f"peak memory of {label}", cmd, proc)
        return None
    text = out.read_text() if gnu_time else proc.stdout.decode()
    kib = int(text.strip().splitlines()[-1])
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # macOS reports bytes
    mib = kib / scale
    bench.memory_mib[label] = mib
    print(f"  peak memory of {label}: {mib:.1f} MiB", file=sys.stderr)
    return mib


# --- import budget -----------------------------------------------------------------------


def parse_importtime(stderr: str) -> list[tuple[str, int]]:
    """(module, self microseconds) for every line of `python -X importtime` output."""
    modules = []
    for line in stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            modules.append((match.group(4), int(match.group(1))))
    return modules


def check_imports(bench: Bench, args: list[str]) -> Imports:
    """Which modules `python -X importtime -m timeline_cli ARGS` loads (cwd: repo root)."""
    label = shlex.join(["timeline", *args])
    report = Imports(label)
    cmd = [sys.executable, "-X", "importtime", "-m", "timeline_cli", *args]
    _, proc = run_once(cmd, bench.env)
    modules = parse_importtime(proc.stderr.decode("utf-8", "replace"))
    if proc.returncode != 0 or not modules:
        report.failure = report_failure(bench, f"importtime of {label}", cmd, proc)
        bench.imports.append(report)
        return report
    per_package: dict[str, int] = defaultdict(int)
    for name, self_us in modules:
        per_package[name.split(".")[0]] += self_us
    report.banned = sorted(name for name in BANNED if name in per_package)
    ranked = sorted(per_package.items(), key=lambda item: -item[1])
    report.heaviest = [(name, us / 1000) for name, us in ranked[:6]]
    report.total_ms = sum(per_package.values()) / 1000
    bench.imports.append(report)
    print(f"  imports of {label}: banned={report.banned or 'none'}", file=sys.stderr)
    return report


# --- the benchmark plan ------------------------------------------------------------------


def size_name(n: int) -> str:
    """1000 -> 1k, 100000 -> 100k, 1500 -> 1500."""
    thousands, rest = divmod(n, 1000)
    return f"{thousands}k" if thousands and not rest else str(n)


def generate_files(sizes: list[int], tmp: Path) -> dict[int, Path]:
    files = {}
    for n in sizes:
        path = tmp / f"events-{size_name(n)}.toml"
        start = time.perf_counter()
        path.write_bytes(generate(n).encode("utf-8"))
        elapsed = time.perf_counter() - start
        print(f"generated {path.name} ({n} events) in {elapsed:.1f} s", file=sys.stderr)
        files[n] = path
    return files


def measure_size(bench: Bench, n: int, path: Path) -> None:
    """list (cold, warm, one month, --limit 1), export, add and khal on a file of n events."""
    tl, name = bench.timeline, path.name
    everything = [*tl, "list", "-f", str(path)]
    cold = {**bench.env, "TIMELINE_NO_CACHE": "1"}
    cold_label = f"TIMELINE_NO_CACHE=1 timeline list -f {name}"
    measure(bench, f"cold:{n}", cold_label, everything, env=cold)
    measure(bench, f"list:{n}", f"timeline list -f {name}", everything)
    month_label = f"timeline list -f {name} {shlex.join(MONTH)}"
    measure(bench, f"month:{n}", month_label, [*tl, "list", "-f", str(path), *MONTH])
    limit_label = f"timeline list -f {name} --limit 1"
    measure(bench, f"limit:{n}", limit_label, [*tl, "list", "-f", str(path), "--limit", "1"])
    if n <= EXPORT_MAX_EVENTS:  # ICS of 100k events takes minutes per run
        for fmt in ("ics", "json"):
            export = [*tl, "export", "-f", str(path), "--format", fmt]
            measure(bench, f"export-{fmt}:{n}", f"timeline export -f {name} --format {fmt}", export)
    if bench.timings[f"list:{n}"].stdout_bytes == 0 and not bench.timings[f"list:{n}"].failure:
        print(f"WARNING: `timeline list -f {name}` printed nothing", file=sys.stderr)
    measure_add(bench, n, path)
    if bench.khal and n in bench.khal_sizes:
        measure_khal(bench, n, path)


def measure_add(bench: Bench, n: int, path: Path) -> None:
    """Consecutive `add`s to one copy of the file, as a user makes them, then `--limit 1`.

    The copy is listed once, untimed, first (a user who looked at the file; it writes
    the parse cache). Each run appends one event with its own title and id; after each
    run the bytes before it must be an exact prefix of the bytes after it.
    """
    tl, copy = bench.timeline, bench.tmp / f"copy-of-{path.name}"
    shutil.copyfile(path, copy)
    look = [*tl, "list", "-f", str(copy), "--limit", "1"]
    look_label = f"timeline list -f {copy.name} --limit 1"
    _, proc = run_once(look, bench.env)
    if proc.returncode != 0:
        report_failure(bench, f"{look_label} (untimed, before the adds)", look, proc)
        return
    check = bench.appends[n] = AppendCheck()

    def add(run: int) -> list[str]:
        title, start = f"Bench event {run}", "2030-01-01"
        return [*tl, "add", title, "--start", start, "--id", f"bench-{run}", "-f", str(copy)]

    def before() -> None:
        check.before, check.inode = copy.read_bytes(), copy.stat().st_ino

    def after() -> None:
        written, check.runs = copy.read_bytes(), check.runs + 1
        if len(written) <= len(check.before) or not written.startswith(check.before):
            check.not_prefix.append(check.runs)
        check.replaced += copy.stat().st_ino != check.inode

    add_label = f'timeline add "Bench event N" --start 2030-01-01 --id bench-N -f {copy.name}'
    measure(bench, f"add:{n}", add_label, add, setup=before, after=after)
    measure(bench, f"add-limit:{n}", f"{look_label} (after the adds)", look)


# --- khal -------------------------------------------------------------------------------


def khal_list(bench: Bench, config: Path, *args: str) -> list[str]:
    assert bench.khal is not None
    return [bench.khal, "-c", str(config), "list", *args]


def khal_label(n: int, *args: str) -> str:
    return shlex.join(["khal", "-c", f"khal-{size_name(n)}/khal.conf", "list", *args])


def month_uids(lines: bytes) -> set[str]:
    """The UIDs in `khal list --json uid` output: one JSON list per day."""
    found: set[str] = set()
    for line in lines.decode("utf-8", "replace").splitlines():
        if line.strip():
            found.update(str(event["uid"]) for event in json.loads(line))
    return found


def setup_khal(bench: Bench, n: int, path: Path) -> KhalSetup | None:
    """Export path to ICS, split it into a vdir, write a config, run khal once (cache)."""
    folder = bench.tmp / f"khal-{size_name(n)}"
    ics = bench.tmp / f"{path.stem}.ics"
    export = [*bench.timeline, "export", "-f", str(path), "--format", "ics", "-o", str(ics)]
    _, proc = run_once(export, bench.env)
    if proc.returncode != 0:
        report_failure(
            bench, f"timeline export -f {path.name} --format ics (for khal)", export, proc
        )
        return None
    setup = KhalSetup(folder / "khal.conf")
    start = time.perf_counter()
    text = ics.read_text(encoding="utf-8")
    setup.files = khal_vdir.write_vdir(text, folder / "calendar")
    setup.vevents = len(khal_vdir.uids(text))
    config = khal_vdir.config_text(folder / "calendar", folder / "khal.db")
    setup.config.write_text(config, encoding="utf-8")
    setup.split_s = time.perf_counter() - start
    print(f"  khal vdir of {path.name}: {setup.files} files", file=sys.stderr)
    # The first khal run builds its sqlite cache; it also says which events khal sees in
    # the month, to compare with timeline's (in UTC, khal's zone here).
    first = khal_list(bench, setup.config, "--once", "--json", "uid", *KHAL_MONTH)
    setup.first_run_s, proc = run_once(first, bench.env)
    if proc.returncode != 0:
        report_failure(bench, f"first khal run on {size_name(n)} (builds its cache)", first, proc)
        return None
    setup.month_khal = month_uids(proc.stdout)
    ours = [*bench.timeline, "export", "-f", str(path), "--format", "ics", "--tz", "UTC", *MONTH]
    _, proc = run_once(ours, bench.env)
    if proc.returncode != 0:
        report_failure(bench, f"timeline export -f {path.name} --format ics (month)", ours, proc)
        return None
    setup.month_timeline = khal_vdir.uids(proc.stdout.decode("utf-8"))
    bench.khal_setups[n] = setup
    if setup.files != n or setup.vevents != n:
        print(f"WARNING: {n} events but {setup.files} khal files", file=sys.stderr)
    if setup.month_khal != setup.month_timeline:
        print(f"WARNING: khal and timeline disagree on {MONTH_FIRST[:7]}", file=sys.stderr)
    if setup.month_timeline and not setup.month_khal:
        bench.failures.append(f"khal sees no event of {MONTH_FIRST[:7]} in {size_name(n)}")
        print(f"FAILED: khal lists nothing in {MONTH_FIRST[:7]}; see {folder}", file=sys.stderr)
        return None
    return setup


def measure_khal(bench: Bench, n: int, path: Path) -> None:
    """khal's warm one-month query (median of runs) and its list of everything (few runs)."""
    setup = setup_khal(bench, n, path)
    if setup is None:
        return
    month = khal_list(bench, setup.config, *KHAL_MONTH)
    measure(bench, f"khal-month:{n}", khal_label(n, *KHAL_MONTH), month)
    everything = khal_list(bench, setup.config, *KHAL_ALL)
    label = khal_label(n, *KHAL_ALL)
    measure(bench, f"khal-all:{n}", label, everything, runs=bench.khal_full_runs, warmup=0)


def run_plan(bench: Bench, sizes: list[int]) -> None:
    files = generate_files(sizes, bench.tmp)
    baseline = [sys.executable, "-c", "pass"]
    print("timing (median of runs):", file=sys.stderr)
    measure(bench, "baseline", "python -c pass", baseline)
    measure(bench, "help", "timeline --help", [*bench.timeline, "--help"])
    measure(bench, "sample", "timeline list (sample events.toml)", [*bench.timeline, "list"])
    for n in sizes:
        measure_size(bench, n, files[n])
    measure(bench, "baseline-end", "python -c pass (again, at the end)", baseline)
    largest = max(sizes)
    peak_rss_mib(bench, "python -c pass", baseline)
    list_largest = [*bench.timeline, "list", "-f", str(files[largest])]
    peak_rss_mib(bench, f"timeline list -f {files[largest].name}", list_largest)
    check_imports(bench, ["list"])
    check_imports(bench, ["--help"])


# --- budgets and report ------------------------------------------------------------------


def ratio_budget(bench: Bench, key: str, name: str) -> Budget:
    ms, base = bench.timings[key].median_ms, bench.timings["baseline"].median_ms
    if ms is None or base is None:
        return Budget(name, "FAIL", "not measured (command failed)")
    ratio = ms / base
    status = "PASS" if ratio <= RATIO_BUDGET else "FAIL"
    return Budget(name, status, f"{ratio:.1f}{TIMES} ({ms:.0f} ms vs {base:.0f} ms)")


def list_10k_budget(bench: Bench) -> Budget:
    name = f"list 10k piped < {LIST_10K_BUDGET_S:.0f} s"
    timing = bench.timings.get("list:10000")
    if timing is None:
        return Budget(name, "SKIP", "10000 not in --sizes")
    if timing.median_ms is None:
        return Budget(name, "FAIL", "not measured (command failed)")
    ok = timing.median_ms < LIST_10K_BUDGET_S * 1000
    return Budget(name, "PASS" if ok else "FAIL", f"{timing.median_ms:.0f} ms")


def import_budgets(bench: Bench) -> list[Budget]:
    budgets = []
    for report in bench.imports:
        name = f"`{report.label}` imports none of {', '.join(BANNED)}"
        if report.failure:
            budgets.append(Budget(name, "FAIL", f"not checked ({report.failure})"))
        elif report.banned:
            budgets.append(Budget(name, "FAIL", "loaded: " + ", ".join(report.banned)))
        else:
            budgets.append(Budget(name, "PASS", "none loaded"))
    return budgets


def memory_budget(bench: Bench, largest: int) -> Budget:
    name = f"peak memory of list {size_name(largest)} < {MEMORY_BUDGET_MIB:.0f} MiB"
    label = f"timeline list -f events-{size_name(largest)}.toml"
    mib = bench.memory_mib.get(label)
    if mib is None:
        return Budget(name, "FAIL", "not measured (command failed)")
    return Budget(name, "PASS" if mib < MEMORY_BUDGET_MIB else "FAIL", f"{mib:.0f} MiB")


def append_budget(bench: Bench, sizes: list[int]) -> Budget:
    name = "add only appends (old bytes an exact prefix after every run)"
    if len(bench.appends) < len(sizes) or any(not c.runs for c in bench.appends.values()):
        return Budget(name, "FAIL", "not measured (command failed)")
    bad = [
        f"{size_name(n)} (runs {c.not_prefix})" for n, c in bench.appends.items() if c.not_prefix
    ]
    if bad:
        return Budget(name, "FAIL", "changed the old bytes: " + ", ".join(bad))
    parts = []
    for n, check in bench.appends.items():
        how = "a new file renamed over it" if check.replaced else "appended in place"
        if 0 < check.replaced < check.runs:
            how = f"{check.replaced} of {check.runs} by a new file renamed over it"
        parts.append(f"{size_name(n)}: {check.runs} runs, {how}")
    return Budget(name, "PASS", "; ".join(parts))


def ratio_of(bench: Bench, key: str, other: str, limit: float, name: str) -> Budget:
    """PASS when timing key is at most limit times timing other."""
    ms, other_ms = bench.timings[key].median_ms, bench.timings[other].median_ms
    if ms is None or other_ms is None:
        return Budget(name, "FAIL", "not measured (command failed)")
    ratio = ms / other_ms
    status = "PASS" if ratio <= limit else "FAIL"
    return Budget(name, status, f"{ratio:.3g}{TIMES} ({ms:.0f} ms vs {other_ms:.0f} ms)")


def add_budgets(bench: Bench, sizes: list[int]) -> list[Budget]:
    checks = []
    for n in sizes:
        name = f"add {size_name(n)} ≤ {ADD_LIMIT_RATIO:g}{TIMES} list --limit 1 (same file)"
        if f"add:{n}" not in bench.timings or f"add-limit:{n}" not in bench.timings:
            checks.append(Budget(name, "FAIL", "not measured (command failed)"))
        else:
            checks.append(ratio_of(bench, f"add:{n}", f"add-limit:{n}", ADD_LIMIT_RATIO, name))
    return checks


def khal_names(n: int) -> tuple[str, str]:
    size = size_name(n)
    return (
        f"list {size} piped ≤ {KHAL_LIST_RATIO:g}{TIMES} khal list (everything)",
        f"one-month list {size} ≤ {KHAL_MONTH_RATIO:g}{TIMES} khal one-month list (warm)",
    )


def khal_budgets(bench: Bench, sizes: list[int]) -> list[Budget]:
    compared = [n for n in sizes if n in bench.khal_sizes]
    checks = []
    if 10_000 not in compared:
        why = bench.khal_note or "10000 is not in both --sizes and --khal-sizes"
        checks += [Budget(name, "SKIP", why) for name in khal_names(10_000)]
    if not bench.khal:
        return checks
    for n in compared:
        everything, month = khal_names(n)
        if f"khal-all:{n}" not in bench.timings:
            checks += [Budget(everything, "FAIL", "khal not measured (see failures)")]
            checks += [Budget(month, "FAIL", "khal not measured (see failures)")]
            continue
        single = bench.khal_full_runs == 1
        full = ratio_of(bench, f"list:{n}", f"khal-all:{n}", KHAL_LIST_RATIO, everything)
        full.detail += "; khal: a single run" if single else ""
        checks.append(full)
        checks.append(ratio_of(bench, f"month:{n}", f"khal-month:{n}", KHAL_MONTH_RATIO, month))
    return checks


def scaling_info(bench: Bench, sizes: list[int]) -> Budget:
    """Marginal cost of `list` per 1000 events between sizes (constant if growth is linear)."""
    points = [(n, bench.timings[f"list:{n}"].median_ms) for n in sorted(set(sizes))]
    measured = [(n, ms) for n, ms in points if ms is not None]
    parts = []
    for (n0, ms0), (n1, ms1) in itertools.pairwise(measured):
        per_1k = (ms1 - ms0) / (n1 - n0) * 1000
        parts.append(f"{size_name(n0)} to {size_name(n1)}: +{per_1k:.0f} ms per 1k events")
    detail = "; ".join(parts) or "needs two sizes"
    return Budget("list cost per extra event (linear growth)", "INFO", detail)


def budgets(bench: Bench, sizes: list[int]) -> list[Budget]:
    return [
        ratio_budget(bench, "sample", f"list on sample ≤ {RATIO_BUDGET:.0f}{TIMES} python -c pass"),
        ratio_budget(bench, "help", f"--help ≤ {RATIO_BUDGET:.0f}{TIMES} python -c pass"),
        list_10k_budget(bench),
        *import_budgets(bench),
        memory_budget(bench, max(sizes)),
        append_budget(bench, sizes),
        *add_budgets(bench, sizes),
        *khal_budgets(bench, sizes),
        scaling_info(bench, sizes),
    ]


def timing_table(bench: Bench) -> list[str]:
    base = bench.timings["baseline"].median_ms
    lines = [f"| command | runs | median ms | {TIMES} python -c pass |", "|---|---:|---:|---:|"]
    for timing in bench.timings.values():
        ms = timing.median_ms
        if ms is None:
            lines.append(f"| `{timing.label}` | — | **FAILED ({timing.failure})** | — |")
            continue
        ratio = f"{ms / base:.1f}{TIMES}" if base else "—"
        lines.append(f"| `{timing.label}` | {len(timing.seconds)} | {ms:.1f} | {ratio} |")
    return lines


def khal_by_hand() -> list[str]:
    """How to run the khal comparison without this harness (or with it: --khal PATH)."""
    folder = Path("/tmp/khal-10k")
    config = khal_vdir.config_text(folder / "calendar", folder / "khal.db").rstrip("\n")
    conf = f"{folder}/khal.conf"
    return [
        "To compare by hand (or give `--khal PATH`), from the repository root:",
        "",
        "```sh",
        "python benchmarks/generate.py 10000 events-10k.toml",
        "timeline export -f events-10k.toml --format ics -o events-10k.ics",
        f"mkdir -p {folder}/calendar && cat > {conf} <<'EOF'",
        config,
        "EOF",
        f"khal -c {conf} import --batch -a timeline events-10k.ics   # about 75 s",
        f"khal -c {conf} list {shlex.join(KHAL_MONTH)} > /dev/null   # builds khal's cache",
        f"time khal -c {conf} list {shlex.join(KHAL_MONTH)} > /dev/null",
        f"time timeline list -f events-10k.toml {shlex.join(MONTH)} > /dev/null",
        f"time khal -c {conf} list {shlex.join(KHAL_ALL)} > /dev/null   # minutes",
        "time timeline list -f events-10k.toml > /dev/null",
        "```",
    ]


def khal_section(bench: Bench) -> list[str]:
    lines = ["## khal", ""]
    if not bench.khal:
        return [*lines, f"khal was not used: {bench.khal_note}.", "", *khal_by_hand()]
    lines.append(f"`{bench.khal}` ({bench.khal_version}), local and default zone UTC.")
    for n, setup in bench.khal_setups.items():
        agree = "the same UIDs" if setup.month_khal == setup.month_timeline else "**DIFFERENT**"
        lines.append(
            f"- {size_name(n)}: `timeline export --format ics` split into {setup.files} files"
            f" ({setup.vevents} VEVENTs) in {setup.split_s:.1f} s; first khal run (builds its"
            f" sqlite cache, untimed) {setup.first_run_s:.1f} s; {MONTH_FIRST[:7]}:"
            f" khal {len(setup.month_khal)} events, timeline (`--tz UTC`)"
            f" {len(setup.month_timeline)} events, {agree}"
        )
        only = sorted(setup.month_khal ^ setup.month_timeline)
        if only:
            lines.append(f"  - in one only: {', '.join(only[:10])}")
    lines += ["", "| events | query | timeline ms | khal ms | timeline / khal | budget |"]
    lines.append("|---|---|---:|---:|---:|---|")
    rows = (
        ("list:{n}", "khal-all:{n}", "everything", KHAL_LIST_RATIO),
        ("month:{n}", "khal-month:{n}", f"{MONTH_FIRST} to {MONTH_LAST}", KHAL_MONTH_RATIO),
    )
    for n in bench.khal_setups:
        for ours_key, khal_key, query, limit in rows:
            ours = bench.timings.get(ours_key.format(n=n))
            theirs = bench.timings.get(khal_key.format(n=n))
            if ours is None or theirs is None:
                continue
            ms, khal_ms = ours.median_ms, theirs.median_ms
            runs = f" ({len(theirs.seconds)} run{'s' * (len(theirs.seconds) != 1)})"
            if ms is None or khal_ms is None:
                lines.append(f"| {size_name(n)} | {query} | — | — | — | {limit:g}{TIMES} |")
                continue
            ratio = f"{ms / khal_ms:.3g}{TIMES}"
            status = "PASS" if ms <= limit * khal_ms else "FAIL"
            row = f"| {size_name(n)} | {query} | {ms:.0f} | {khal_ms:.0f}{runs} | {ratio} |"
            lines.append(f"{row} ≤ {limit:g}{TIMES}: {status} |")
    for n in bench.khal_setups:
        ours, theirs = bench.timings.get(f"list:{n}"), bench.timings.get(f"khal-all:{n}")
        if ours and theirs and theirs.seconds:
            lines.append(
                f"\nOutput of everything, {size_name(n)}: timeline {ours.stdout_lines} lines,"
                f" khal {theirs.stdout_lines} lines (khal prints a span under every day it"
                " covers, with its description)."
            )
    return lines


def import_table(bench: Bench) -> list[str]:
    lines = ["| command | banned loaded | all imports (ms) | heaviest packages (self ms) |"]
    lines.append("|---|---|---:|---|")
    for report in bench.imports:
        if report.failure:
            lines.append(f"| `{report.label}` | **not checked ({report.failure})** | — | — |")
            continue
        heavy = ", ".join(f"{name} {ms:.0f}" for name, ms in report.heaviest)
        banned = ", ".join(report.banned) or "none"
        lines.append(f"| `{report.label}` | {banned} | {report.total_ms:.0f} | {heavy} |")
    return lines


def render(bench: Bench, checks: list[Budget]) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# timeline benchmarks",
        "",
        f"- when: {now}; machine: {platform.platform()}, {os.cpu_count()} CPUs",
        f"- python: {platform.python_version()} (`{sys.executable}`)",
        f"- timeline: `{shlex.join(bench.timeline)}`",
        f"- median of {bench.runs} runs after up to {bench.warmup} warm-up runs; stdout piped",
        f"- khal: `{bench.khal}` ({bench.khal_version})"
        if bench.khal
        else f"- khal: {bench.khal_note}",
        "",
        *timing_table(bench),
        "",
        "| peak memory of | MiB |",
        "|---|---:|",
        *(f"| `{label}` | {mib:.1f} |" for label, mib in bench.memory_mib.items() if mib),
        "",
        "Imports (`python -X importtime -m timeline_cli ...`, cwd = repository root):",
        "",
        *import_table(bench),
        "",
        *khal_section(bench),
        "",
        "| budget (README Performance) | result | detail |",
        "|---|---|---|",
        *(f"| {check.name} | {check.status} | {check.detail} |" for check in checks),
    ]
    if bench.failures:
        lines += ["", "Failed commands:", "", *(f"- {failure}" for failure in bench.failures)]
    return "\n".join(lines) + "\n"


# --- command line ------------------------------------------------------------------------


def find_timeline(option: str | None) -> list[str]:
    """--timeline, else the `timeline` script beside this interpreter, else `-m timeline_cli`."""
    if option:
        return shlex.split(option)
    beside = shutil.which("timeline", path=str(Path(sys.executable).parent))
    if beside:
        return [beside]
    return [sys.executable, "-m", "timeline_cli"]


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive integers, e.g. 1000,10000")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time timeline commands (README Performance).")
    parser.add_argument("--runs", type=int, default=11, help="timed runs per command")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs before them")
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument("--timeline", help="command that runs timeline (split like a shell)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a budget fails")
    khal = parser.add_mutually_exclusive_group()
    khal.add_argument("--khal", metavar="PATH", help="khal to compare with (default: on PATH)")
    khal.add_argument("--no-khal", action="store_true", help="skip the khal comparison")
    parser.add_argument(
        "--khal-sizes", type=parse_sizes, default=[10_000], help="sizes to list with khal too"
    )
    parser.add_argument(
        "--khal-full-runs", type=int, default=1, help="timed runs of khal's list of everything"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.khal_full_runs < 1:
        parser.error("--runs and --khal-full-runs must be >= 1 and --warmup >= 0")
    if max(args.khal_sizes) > EXPORT_MAX_EVENTS:
        parser.error(f"--khal-sizes above {EXPORT_MAX_EVENTS}: khal would take hours")
    return args


def find_khal(bench: Bench, args: argparse.Namespace) -> None:
    """Set bench.khal (and its version) or bench.khal_note saying why khal is not used."""
    if args.no_khal:
        bench.khal_note = "skipped (--no-khal)"
        return
    found = shutil.which(args.khal) if args.khal else shutil.which("khal")
    if not found:
        where = f"`{args.khal}` is not an executable" if args.khal else "no `khal` on PATH"
        bench.khal_note = f"khal not found ({where})"
        return
    cmd = [found, "--version"]
    _, proc = run_once(cmd, bench.env)
    if proc.returncode != 0:
        report_failure(bench, "khal --version", cmd, proc)
        bench.khal_note = f"`{found} --version` failed"
        return
    bench.khal, bench.khal_version = found, proc.stdout.decode().strip()
    bench.khal_sizes, bench.khal_full_runs = args.khal_sizes, args.khal_full_runs
    print(f"khal command: {found} ({bench.khal_version})", file=sys.stderr)


def bench_env(tmp: Path) -> dict[str, str]:
    """The user's environment, minus anything that would pick other events files."""
    env = dict(os.environ)
    env.pop("TIMELINE_FILE", None)
    env.pop("TIMELINE_NO_CACHE", None)
    env["XDG_DATA_HOME"] = str(tmp / "xdg-data")
    env["XDG_CACHE_HOME"] = str(tmp / "xdg-cache")
    return env


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    timeline = find_timeline(args.timeline)
    print(f"timeline command: {shlex.join(timeline)}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp_name:
        tmp = Path(tmp_name)
        bench = Bench(timeline, args.runs, args.warmup, bench_env(tmp), tmp)
        find_khal(bench, args)
        run_plan(bench, args.sizes)
    checks = budgets(bench, args.sizes)
    report = render(bench, checks)
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    failed_budget = any(check.status == "FAIL" for check in checks)
    if bench.failures:
        print(f"{len(bench.failures)} command(s) failed; see above", file=sys.stderr)
        return 1
    return 1 if args.check and failed_budget else 0


if __name__ == "__main__":
    sys.exit(main())
