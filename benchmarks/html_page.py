"""Time the HTML page of a large timeline in Chromium (README 'HTML', its budget).

    python benchmarks/html_page.py [--events 10000] [--runs 7] [--chromium PATH]

Needs Playwright (the `test` extra) and a Chromium (default: `chromium` on PATH).
The events come from `generate.py`; `python -m timeline_cli export --format html`
writes the page. Each run opens it in a fresh browser context (nothing cached) and
reports, in milliseconds since the navigation started (`performance.now()`):

- listed: the first event is in the list (a `requestAnimationFrame` after it is there,
  so it has been laid out);
- drawn: the axis above the list has its marks (the same, for the drawn timeline);
- interactive: a click on the first event has opened its details;
- searched: typing the title of the last event has narrowed the list to it.

Printed: the median and the spread of each over `--runs` loads, the file size, and
the bytes per event beyond an empty page (the data and the markup around it).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from generate import generate

REPO = Path(__file__).resolve().parent.parent
FIRST = """(selector) => new Promise((done) => {
  const check = () => document.querySelector(selector)
    ? requestAnimationFrame(() => done(performance.now())) : setTimeout(check, 5);
  check();
})"""


def export(source: Path, out: Path) -> None:
    """The page of `source`, written by this checkout's `timeline`."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "timeline_cli", "export", "-f", str(source)]
    command += ["--format", "html", "--tz", "Asia/Seoul", "-o", str(out), "--force"]
    subprocess.run(command, check=True, env=env, cwd=REPO, stdin=subprocess.DEVNULL)


def one_load(browser: Any, url: str, last_title: str) -> dict[str, float]:
    """listed, drawn, interactive (ms since navigation start) and search of one fresh load."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="commit")
    listed = float(page.evaluate(FIRST, "li.event"))
    drawn = float(page.evaluate(FIRST, "#axis .axis-items > button"))
    page.locator("li.event button.open").first.click()
    page.locator("#details").wait_for(state="visible")
    interactive = float(page.evaluate("performance.now()"))
    page.keyboard.press("Escape")
    started = time.perf_counter()
    page.fill("#search", last_title)
    page.locator("li.event .what", has_text=last_title).first.wait_for()
    searched = (time.perf_counter() - started) * 1000
    context.close()
    if errors:
        raise SystemExit(f"page errors: {errors}")
    return {"listed": listed, "drawn": drawn, "interactive": interactive, "search": searched}


def main() -> int:
    parser = argparse.ArgumentParser(description="Time the HTML page in Chromium.")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--chromium", default=shutil.which("chromium"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright  # the test extra

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "big.toml").write_text(generate(args.events), encoding="utf-8")
        (folder / "empty.toml").write_text(generate(0), encoding="utf-8")
        export(folder / "big.toml", folder / "big.html")
        export(folder / "empty.toml", folder / "empty.html")
        size = (folder / "big.html").stat().st_size
        empty = (folder / "empty.html").stat().st_size
        last_title = last_event_title(folder / "big.html")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium)
            one_load(browser, (folder / "big.html").as_uri(), last_title)  # warm-up
            runs = [
                one_load(browser, (folder / "big.html").as_uri(), last_title)
                for _ in range(args.runs)
            ]
            browser.close()
    print(f"{args.events} events, {args.runs} loads, {os.cpu_count()} cores")
    for key in ("listed", "drawn", "interactive", "search"):
        values = sorted(run[key] for run in runs)
        median = statistics.median(values)
        print(f"{key:12} median {median:7.0f} ms  (min {values[0]:.0f}, max {values[-1]:.0f})")
    per_event = (size - empty) / max(args.events, 1)
    print(f"file {size / 1e6:.2f} MB, empty page {empty} B, {per_event:.0f} B/event")
    return 0


def last_event_title(page: Path) -> str:
    """The title of the last event in the page's data block."""
    import json

    text = page.read_text(encoding="utf-8")
    start = text.index('id="data">') + len('id="data">')
    events = json.loads(text[start : text.index("</script>", start)])["events"]
    title: str = events[-1]["title"]
    return title


if __name__ == "__main__":
    sys.exit(main())
