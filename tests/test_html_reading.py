"""The HTML page read in other places and other ways, in the system's Chromium (Playwright):
inside an iframe and from a static http host, the axis's legend, Korean, Japanese and emoji
with system fonts, light and dark with WCAG AA contrast, a screen reader's view, and print.

The `browser` fixture (one Chromium a module) is in conftest.py; ``pdf_text`` is a small
reader of the text in the PDFs Chromium writes (no PDF library is a dependency).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SAMPLE, invoke

playwright_api = pytest.importorskip("playwright.sync_api")
MV = 'IU "Love wins all" music video (starring V)'
DRAWN = "Boolean(document.getElementById('axis').dataset.from)"
EVENT = "li.event"


class Shown:
    """A page open in a fresh context, with what it logged as errors and what it requested."""

    def __init__(self, browser: Any, url: str, **options: Any) -> None:
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)

    def item(self, title: str) -> Any:
        return self.page.locator(EVENT, has=self.page.locator(".what", has_text=title))


@pytest.fixture
def pages(browser: Any) -> Iterator[Any]:
    shown: list[Shown] = []

    def open_url(url: str, *, framed: bool = False, **options: Any) -> Shown:
        page = Shown(browser, url, **options)
        shown.append(page)
        if not framed:
            page.page.wait_for_function(DRAWN)
        return page

    yield open_url
    for page in shown:
        page.context.close()


def exported(out: Path, *args: str, events: Path = SAMPLE) -> Path:
    result = invoke(["export", "-f", str(events), "-o", str(out), "--force", *args])
    assert result.exit_code == 0, result.stderr
    return out


def sample_titles() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8")
    return [t[1] or t[2] for t in re.finditer(r"^title = (?:'(.*)'|\"(.*)\")$", text, re.M)][1:]


# --- embedded and hosted ---------------------------------------------------------------


def works_in(frame: Any, count: int) -> None:
    """Every event listed, the axis drawn, details open (focus in) and close (focus back)."""
    frame.wait_for_function(DRAWN)
    assert frame.locator(EVENT).count() == count
    assert frame.locator("#axis .axis-items > button").count() > 5
    button = frame.locator(EVENT, has=frame.locator(".what", has_text=MV)).locator("button")
    button.click()
    assert frame.locator("#details").is_visible()
    assert frame.locator("#details-title").text_content() == MV
    assert frame.evaluate("document.getElementById('details').contains(document.activeElement)")
    frame.locator("#close").click()
    assert not frame.locator("#details").is_visible()
    assert frame.evaluate("document.activeElement.closest('li') !== null")
    frame.locator("#people .chip[data-name='IU']").click()
    assert frame.locator(EVENT).count() == 8


@pytest.mark.parametrize("sandbox", ["", ' sandbox="allow-scripts"'])
def test_the_page_works_inside_an_iframe(pages: Any, tmp_path: Path, sandbox: str) -> None:
    """A fan's page embeds the file in a plain and a sandboxed iframe: it all works."""
    path = exported(tmp_path / "timeline.html")
    csp = re.search(r'Content-Security-Policy" content="([^"]*)"', path.read_text())
    assert csp is not None and "frame-ancestors" not in csp[1]
    parent = tmp_path / "fan.html"
    parent.write_text(
        '<!DOCTYPE html><meta charset="utf-8"><title>Fan page</title><h1>Our V timeline</h1>'
        f'<iframe src="timeline.html" title="Timeline" width="1100" height="900"{sandbox}>'
        "</iframe>\n",
        encoding="utf-8",
    )
    shown = pages(parent.as_uri(), framed=True)
    works_in(shown.page.frames[1], len(sample_titles()))
    assert shown.errors == []
    assert shown.requests == [parent.as_uri(), path.as_uri()]


@pytest.fixture
def static_host(tmp_path: Path) -> Iterator[tuple[str, Path, list[str]]]:
    """An http.server on 127.0.0.1 serving a folder: (its base URL, the folder, paths asked)."""
    folder = tmp_path / "site"
    folder.mkdir()
    asked: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            super().do_GET()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder, asked
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_page_works_from_a_static_http_host(
    pages: Any, static_host: tuple[str, Path, list[str]]
) -> None:
    """Served over http: the same page works, keeps its state in the address, asks for nothing."""
    base, folder, asked = static_host
    exported(folder / "v.html")
    shown = pages(f"{base}/v.html")
    works_in(shown.page.main_frame, len(sample_titles()))
    assert shown.page.url == f"{base}/v.html#person=IU"
    shown.page.reload()
    assert shown.page.locator(EVENT).count() == 8
    assert shown.errors == [] and asked == ["/v.html", "/v.html"]
    assert set(shown.requests) == {f"{base}/v.html"}


# --- the legend ------------------------------------------------------------------------

SWATCHES = {  # a legend swatch and the drawn thing it stands for
    ".mark .dot": ".mark .dot",
    ".bar:not(.faint)": ".bar:not(.faint)",
    ".bar.faint": ".bar.faint",
    ".cluster": ".cluster",
}
LOOK = ("backgroundColor", "borderLeftColor", "borderLeftStyle", "borderTopColor",
        "borderTopStyle", "boxShadow", "color", "borderRadius")  # fmt: skip
STYLE_OF = """([selector, props]) => {
  const style = getComputedStyle(document.querySelector(selector));
  return props.map((p) => style[p]);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_legend_explains_the_drawing_in_the_marks_own_look(
    pages: Any, tmp_path: Path, scheme: str
) -> None:
    """Under the axis, in words, with swatches styled exactly as the marks they explain."""
    shown = pages(exported(tmp_path / "t.html").as_uri(), color_scheme=scheme)
    page = shown.page
    legend = page.locator("#axis-legend")
    words = " ".join(legend.inner_text().split())
    for phrase in ("a moment", "a span", "known only to the month or year", "+N", "zoom"):
        assert phrase in words, words
    axis = page.locator("#axis").bounding_box()
    box = legend.bounding_box()
    assert axis is not None and box is not None and box["y"] >= axis["y"] + axis["height"]
    for swatch, drawn in SWATCHES.items():
        ours = page.evaluate(STYLE_OF, [f"#axis-legend {swatch}", LOOK])
        theirs = page.evaluate(STYLE_OF, [f"#axis .axis-items {drawn}", LOOK])
        assert ours == theirs, swatch
    assert legend.locator("[aria-hidden='true']").count() == len(SWATCHES)
    assert "list" in legend.aria_snapshot() and shown.errors == []
