"""The timelinejs export in TimelineJS 3 itself (from the npm registry), in the system's
Chromium driven by Playwright, with no CDN: every file is local.

TimelineJS is fetched once with ``npm pack`` into tests/.cache (not committed); the
tests skip without npm, the registry or chromium. 3.9.10 is pinned because 3.9.11
was published without its dist/js folder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SAMPLE, invoke

playwright_api = pytest.importorskip("playwright.sync_api")
VERSION = "3.9.10"
CACHE = Path(__file__).parent / ".cache" / f"timelinejs-{VERSION}"
WINGS = "wings-album-release"
WINGS_URL = "https://en.wikipedia.org/wiki/Wings_(BTS_album)"
WINGS_SOURCE = "Kyeongin Ilbo, 2016-10-10; Wikipedia"


@pytest.fixture(scope="session")
def timelinejs() -> Path:
    """TimelineJS's dist folder (dist/js/timeline.js, dist/css/timeline.css)."""
    dist = CACHE / "package" / "dist"
    if (dist / "js" / "timeline.js").is_file():
        return dist
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("install npm (apt-get install -y npm) to fetch TimelineJS")
    CACHE.mkdir(parents=True, exist_ok=True)
    spec = f"@knight-lab/timelinejs@{VERSION}"
    try:
        done = subprocess.run(
            [npm, "pack", spec, "--pack-destination", str(CACHE)],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"npm pack {spec} timed out (is the npm registry reachable?)")
    if done.returncode != 0:
        pytest.skip(f"npm pack {spec} failed (is the npm registry reachable?): {done.stderr}")
    (tarball,) = CACHE.glob("*.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(CACHE, filter="data")
    tarball.unlink()
    return dist


PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{css}">
<script src="{js}"></script>
</head><body>
<div id="timeline" style="width: 1000px; height: 700px"></div>
<script>
window.timeline = new TL.Timeline("timeline", {data}, {{script_path: "{path}", font: false}});
window.timeline.on("loaded", () => {{ window.loaded = true; }});
</script>
</body></html>
"""


def page_for(tmp_path: Path, dist: Path, events: Path = SAMPLE) -> Path:
    """A page loading the export of ``events`` (the sample) into TimelineJS from local
    files only."""
    out = tmp_path / "v.timelinejs.json"
    result = invoke(["export", "-f", str(events), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.stderr
    data = json.dumps(json.loads(out.read_text(encoding="utf-8")))
    page = tmp_path / "timeline.html"
    page.write_text(
        PAGE.format(
            css=(dist / "css" / "timeline.css").as_uri(),
            js=(dist / "js" / "timeline.js").as_uri(),
            path=(dist / "js").as_uri() + "/",
            data=data.replace("</", "<\\/"),
        ),
        encoding="utf-8",
    )
    return page


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_timelinejs_shows_the_source_link_whole(
    page: Any, timelinejs: Path, tmp_path: Path
) -> None:
    """On the Wings slide the link goes to the whole URL (with its parentheses) and says
    our source text, not cut or emptied; no console error; only file:// requests."""
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_for(tmp_path, timelinejs).as_uri())
    page.wait_for_function("window.loaded === true")
    page.evaluate(f"window.timeline.goToId({json.dumps(WINGS)})")
    links = page.locator(f"[id='{WINGS}'] .tl-text-content a")
    links.first.wait_for(state="attached")
    assert links.count() == 1
    assert links.first.get_attribute("href") == WINGS_URL
    assert links.first.text_content() == WINGS_SOURCE
    assert errors == []
    assert requests and all(url.startswith("file://") for url in requests), requests


def test_timelinejs_autolink_leaves_urls_in_the_text_whole(
    page: Any, timelinejs: Path, tmp_path: Path
) -> None:
    """A URL, a www. name and an e-mail address in the description, and a URL in the
    source, stay whole text: TimelineJS adds no link of its own (cut at 30 characters
    and at a parenthesis) and nests none in ours; the one link is the event's url."""
    events = tmp_path / "e.toml"
    events.write_text(
        f"""[[events]]
id = "wings"
title = "Wings"
start = 2016-10-10
description = "See {WINGS_URL} or www.bts.example, ask a@b.example"
source = "Wikipedia, {WINGS_URL}"
url = "{WINGS_URL}"
""",
        encoding="utf-8",
    )
    page.goto(page_for(tmp_path, timelinejs, events).as_uri())
    page.wait_for_function("window.loaded === true")
    page.evaluate("window.timeline.goToId('wings')")
    text = page.locator("[id='wings'] .tl-text-content")
    text.wait_for(state="attached")
    links = text.locator("a")
    assert links.count() == 1
    assert links.first.get_attribute("href") == WINGS_URL
    assert links.first.text_content() == f"Wikipedia, {WINGS_URL}"
    shown = text.text_content()
    assert f"See {WINGS_URL} or www.bts.example, ask a@b.example" in shown
