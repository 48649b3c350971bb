"""The README's picture of the HTML page: the sample exported, shown in Chromium.

    python docs/screenshot.py docs/page.png [--chromium PATH]

Needs Playwright (the `test` extra) and a Chromium (default: `chromium` on PATH) with
fonts-noto-cjk for the Korean titles. The page is 1280x800 CSS pixels, light theme,
times in Seoul (`--tz Asia/Seoul`), the drawn timeline zoomed (by the address's
`#view=...`) to July 2023 - March 2024: "Layover", the enlistment, "Love wins all";
the PNG is the first screen.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VIEW = "#view=2023-07-25T00:00Z/2024-03-05T00:00Z"


def main() -> int:
    parser = argparse.ArgumentParser(description="Screenshot the sample's HTML page.")
    parser.add_argument("out", type=Path, help="the PNG to write")
    parser.add_argument("--chromium", default=shutil.which("chromium"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright  # the test extra

    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "timeline.html"
        command = [sys.executable, "-m", "timeline_cli", "export", "-f", "events.toml"]
        command += ["--format", "html", "--tz", "Asia/Seoul", "-o", str(page_file)]
        env = dict(os.environ, PYTHONPATH=str(REPO))
        subprocess.run(command, check=True, cwd=REPO, env=env, stdin=subprocess.DEVNULL)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium)
            context = browser.new_context(
                viewport={"width": 1280, "height": 800},
                color_scheme="light",
                locale="en-US",
                timezone_id="Asia/Seoul",
            )
            page = context.new_page()
            page.goto(page_file.as_uri() + VIEW)
            page.locator("li.event").first.wait_for()
            page.locator("#axis .axis-items > button").first.wait_for()
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
