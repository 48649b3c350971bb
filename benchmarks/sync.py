"""Measure ``timeline sync`` against local Radicale and Xandikos (README 'Performance').

    python benchmarks/sync.py [--events 1000] [--runs 3]

For each server and each run: a fresh calendar on a server started for this harness
(the tests' fixtures: Radicale over HTTP, Xandikos over HTTPS, both with a login),
a generated events file of N events (``generate.py``, seed 0), then two whole
``timeline sync`` commands as subprocesses: the first (everything uploaded) and a
second with nothing to do. Prints the medians, and ``python -c pass`` for scale.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

from tests.caldav_servers import Server  # noqa: E402


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
    return elapsed, (done.stdout.strip().splitlines() or [""])[-1]


def measure(kind: str, events: int, runs: int, root: Path) -> dict[str, list[float]]:
    server = Server(kind, root / kind, own=True)
    server.start()
    times: dict[str, list[float]] = {"first": [], "again": []}
    try:
        for run in range(runs):
            server.new_calendar()
            home = root / f"{kind}-{run}"
            home.mkdir()
            (home / "config.toml").write_text(server.remote_toml())
            target = home / "events.toml"
            target.write_text(generate(events, seed=0))
            env = {
                **os.environ,
                "TIMELINE_CONFIG": str(home / "config.toml"),
                "XDG_STATE_HOME": str(home / "state"),
                "XDG_CACHE_HOME": str(home / "cache"),
                "TIMELINE_PASSWORD": server.password,
            }
            command = [sys.executable, "-m", "timeline_cli", "sync", "-f", str(target)]
            first, said = timed(command, env)
            again, said_again = timed(command, env)
            print(f"{kind} run {run + 1}: {first:.2f} s ({said}); {again:.2f} s ({said_again})")
            times["first"].append(first)
            times["again"].append(again)
    finally:
        server._kill()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    base = min(timed([sys.executable, "-c", "pass"], dict(os.environ))[0] for _ in range(5))
    print(f"python -c pass: {base * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        rows = []
        for kind in ("radicale", "xandikos"):
            times = measure(kind, args.events, args.runs, Path(folder))
            rows.append(
                (kind, statistics.median(times["first"]), statistics.median(times["again"]))
            )
    print(
        f"\n| server | first sync ({args.events} events uploaded) | second sync (nothing to do) |"
    )
    print("|---|---:|---:|")
    for kind, first, again in rows:
        print(f"| {kind} | {first:.1f} s | {again:.2f} s |")


if __name__ == "__main__":
    main()
