"""Time whole `timeline` commands and check the budgets of DESIGN.md section 7.

    python benchmarks/run.py [--runs 11] [--sizes 1000,10000,100000] [--out results.md]
                             [--timeline CMD] [--warmup 2] [--check]

Every figure is the median wall time of whole subprocesses (stdout piped, never a
terminal), also given as a ratio to `python -c pass` measured in the same session with
the same interpreter, so results from different machines can be compared.
"""

import argparse
import itertools
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
from datetime import UTC, datetime
from pathlib import Path

from generate import generate

REPO = Path(__file__).resolve().parent.parent
BANNED = ("icalendar", "dateutil", "tomli_w", "tomlkit")
RATIO_BUDGET = 10.0
LIST_10K_BUDGET_S = 1.0
MEMORY_BUDGET_MIB = 500.0
EXPORT_MAX_EVENTS = 10_000
TIMES = "\u00d7"  # multiplication sign, as in "3.2 times python -c pass"
MONTH = ["--from", "2020-03-01", "--to", "2020-03-31"]
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
class Bench:
    """Settings shared by every measurement, and what has been measured so far."""

    timeline: list[str]
    runs: int
    warmup: int
    env: dict[str, str]
    tmp: Path
    timings: dict[str, Timing] = field(default_factory=dict)
    memory_mib: dict[str, float | None] = field(default_factory=dict)
    imports: list[Imports] = field(default_factory=list)
    appends: dict[int, bool] = field(default_factory=dict)
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
    cmd: list[str],
    setup: Callable[[], object] | None = None,
    env: dict[str, str] | None = None,
) -> Timing:
    """Median of bench.runs timed runs after up to bench.warmup untimed ones."""
    timing = Timing(label)
    warm = bench.warmup
    while len(timing.seconds) < bench.runs:
        if setup is not None:
            setup()  # outside the timed section
        elapsed, proc = run_once(cmd, env or bench.env)
        if proc.returncode != 0:
            timing.failure = report_failure(bench, label, cmd, proc)
            break
        timing.stdout_bytes = len(proc.stdout)
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
    """The list, one-month list, --limit 1 and add commands on a file of n events."""
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
    copy = bench.tmp / f"copy-of-{name}"
    add = [*tl, "add", "Bench event", "--start", "2030-01-01", "-f", str(copy)]
    timing = measure(
        bench, f"add:{n}", f'timeline add "Bench event" --start 2030-01-01 -f copy-of-{name}',
        add, setup=lambda: shutil.copyfile(path, copy),
    )  # fmt: skip
    if not timing.failure:
        original, written = path.read_bytes(), copy.read_bytes()
        bench.appends[n] = len(written) > len(original) and written.startswith(original)


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
    name = "add appends (existing bytes unchanged)"
    if len(bench.appends) < len(sizes):
        return Budget(name, "FAIL", "not measured (command failed)")
    bad = [size_name(n) for n, ok in bench.appends.items() if not ok]
    return Budget(name, "FAIL" if bad else "PASS", f"rewrote: {', '.join(bad)}" if bad else "")


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
        scaling_info(bench, sizes),
    ]


def timing_table(bench: Bench) -> list[str]:
    base = bench.timings["baseline"].median_ms
    lines = [f"| command | median ms | {TIMES} python -c pass |", "|---|---:|---:|"]
    for timing in bench.timings.values():
        ms = timing.median_ms
        if ms is None:
            lines.append(f"| `{timing.label}` | **FAILED ({timing.failure})** | — |")
            continue
        ratio = f"{ms / base:.1f}{TIMES}" if base else "—"
        lines.append(f"| `{timing.label}` | {ms:.1f} | {ratio} |")
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
        "| budget (DESIGN.md §7) | result | detail |",
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
    parser = argparse.ArgumentParser(description="Time timeline commands (DESIGN.md §7).")
    parser.add_argument("--runs", type=int, default=11, help="timed runs per command")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs before them")
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument("--timeline", help="command that runs timeline (split like a shell)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a budget fails")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be >= 1 and --warmup >= 0")
    return args


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
