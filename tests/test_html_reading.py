"""The HTML page read in other places and other ways, in the system's Chromium (Playwright):
inside an iframe and from a static http host, the axis's legend, Korean, Japanese and emoji
with system fonts, light and dark with WCAG AA contrast. Screen readers, print and the
phone: test_html_access.py, which uses this module's ``pages`` fixture and helpers.

The `browser` fixture (one Chromium a module) is in conftest.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import tomllib
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.browser_page import Watched
from tests.helpers import SAMPLE, invoke, write_timeline

playwright_api = pytest.importorskip("playwright.sync_api")
MV = 'IU "Love wins all" music video (starring V)'
DRAWN = "Boolean(document.getElementById('axis').dataset.from)"
EVENT = "li.event"


class Shown(Watched):
    """A page open in a fresh context, with what it logged as errors and what it requested."""

    def __init__(self, browser: Any, url: str, **options: Any) -> None:
        super().__init__(browser, **options)
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
    return [event["title"] for event in tomllib.loads(SAMPLE.read_text())["events"]]


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


# --- Korean, Japanese and emoji with the system's fonts ------------------------------

WORLD = ("뷔 생일 💜", '아이유 "Love wins all" 🐻', "防弾少年団 デビュー")
CJK = "뷔생일아이유防弾少年団デビュ"
EMOJI = "💜🐻"
# each character drawn with an element's font, beside U+10FFFD, which no font has:
# [character, inked pixels, coloured pixels, drawn exactly as that tofu]
GLYPHS = """([selector, chars]) => {
  const s = getComputedStyle(document.querySelector(selector));
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 80;
  const g = canvas.getContext("2d", { willReadFrequently: true });
  g.font = `${s.fontStyle} ${s.fontWeight} 48px ${s.fontFamily}`;
  g.textBaseline = "top";
  const draw = (text) => {
    g.clearRect(0, 0, 80, 80);
    g.fillStyle = "#000";
    g.fillText(text, 8, 8);
    return g.getImageData(0, 0, 80, 80).data;
  };
  const tofu = draw("\\u{10FFFD}");
  return ["\\u{10FFFD}", ...chars].map((c) => {
    const px = draw(c);
    let ink = 0, colour = 0, same = true;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3]) ink += 1;
      const rgb = [px[i], px[i + 1], px[i + 2]];
      if (px[i + 3] && Math.max(...rgb) - Math.min(...rgb) > 60) colour += 1;
      if (px[i + 3] !== tofu[i + 3]) same = false;
    }
    return [c, ink, colour, same];
  });
}"""
# the width, in em, of each character of an element's text as laid out on the page
WIDTHS = """(node) => {
  const size = parseFloat(getComputedStyle(node).fontSize);
  const text = [...node.childNodes].find((n) => n.nodeType === 3);
  const range = document.createRange();
  const found = {};
  let at = 0;
  for (const c of text.data) {
    range.setStart(text, at);
    range.setEnd(text, at + c.length);
    found[c] = range.getBoundingClientRect().width / size;
    at += c.length;
  }
  return found;
}"""


def emoji_font() -> bool:
    """Whether fontconfig knows a font with emoji (Debian: fonts-noto-color-emoji)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":charset=1f49c", "family"], capture_output=True, text=True)
    return bool(found.stdout.strip())


def platform_fonts(shown: Shown, selector: str) -> set[str]:
    """The fonts Chromium used for an element's text (DevTools' "Rendered Fonts")."""
    cdp = shown.context.new_cdp_session(shown.page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert not any(font["isCustomFont"] for font in fonts)
    return {font["familyName"] for font in fonts}


def test_korean_japanese_and_emoji_are_drawn_with_real_glyphs(pages: Any, tmp_path: Path) -> None:
    """No tofu in the list or on the axis: each character differs from a codepoint no font
    has, CJK glyphs are 0.9-1 em wide (a tofu box is 0.6), emoji are in colour, all from
    installed fonts. Without an emoji font the emoji checks skip, saying what to install."""
    emoji = EMOJI if emoji_font() else ""
    body = "".join(
        f'[[events]]\ntitle = "{title.replace(chr(34), chr(92) + chr(34))}"\n'
        f"start = 2024-01-{22 + n}T00:00:00\n\n"
        for n, title in enumerate(WORLD)
    )
    events = write_timeline(tmp_path, body, zone="Asia/Seoul")
    shown = pages(exported(tmp_path / "w.html", events=events).as_uri())
    page = shown.page
    assert page.locator(".what").all_text_contents() == list(WORLD)
    assert sorted(page.locator("#axis .label").all_text_contents()) == sorted(WORLD)
    for where in ("li.event .what", "#axis .label"):
        tofu, *drawn = page.evaluate(GLYPHS, [where, CJK + emoji])
        assert tofu[1] > 0, "the tofu box is drawn"
        for char, ink, colour, same in drawn:
            assert ink > 0 and not same, (where, char)
            assert (colour > 0) == (char in EMOJI), (where, char, colour)
        for n in range(len(WORLD)):
            widths = page.locator(where).nth(n).evaluate(WIDTHS)
            for char, width in widths.items():
                if char in CJK:
                    assert 0.9 <= width <= 1.02, (where, char, width)
                elif char in emoji:
                    assert width >= 1.0, (where, char)
    for n in range(len(WORLD)):
        fonts = platform_fonts(shown, f"li.event:nth-child({n + 1}) .what")
        assert any("CJK" in name for name in fonts), fonts
        assert any("Emoji" in name for name in fonts) == (bool(emoji) and n < 2), fonts
    assert shown.errors == []
    if not emoji:
        pytest.skip("no emoji font: apt-get install -y fonts-noto-color-emoji")


# --- light and dark --------------------------------------------------------------------

TEXTS = (
    "#title", "#summary", ".control label", "#zone", "#search",
    ".chip[aria-pressed='false']", ".chip[aria-pressed='true']", "#axis-range", ".zoom button",
    ".tick:not(.major) .tick-label", ".tick.major .tick-label", "#axis .mark:not(.bare) .label",
    "#axis .bar:not(.faint):not(.bare) .label", "#axis .bar.faint:not(.bare) .label",
    "#axis .cluster", "#axis-legend li", "#axis-hint", ".year h2", "li.event .when",
    "li.event .what", "li.partial .when", "li.partial .what", "#details-title", "#details dt",
    "#details dd", "#details a", "#details .description p", "#close",
)  # fmt: skip
# the lowest WCAG contrast ratio of each selector's shown elements (null: none shown), the
# background being the element's own and its ancestors' composed down to an opaque one
CONTRAST = """(selectors) => {
  const parse = (text) => {
    const found = text.match(/^rgba?\\(([^)]*)\\)$/);
    if (!found) throw new Error(`a colour this test cannot read: ${text}`);
    const v = found[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const over = (top, under) =>
    [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
  const background = (node) => {
    const layers = [];
    for (let n = node; n; n = n.parentElement) {
      const colour = parse(getComputedStyle(n).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (node) => {
    const under = background(node);
    const [a, b] = [luminance(over(parse(getComputedStyle(node).color), under)), luminance(under)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };
  return selectors.map((selector) => {
    const shown = [...document.querySelectorAll(selector)].filter((n) => n.getClientRects().length);
    return shown.length ? Math.min(...shown.map(ratio)) : null;
  });
}"""
COLOURS = "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"


def test_light_and_dark_schemes_both_have_aa_contrast(pages: Any, tmp_path: Path) -> None:
    """Each scheme has its own colours, and every kind of text is at least 4.5:1 in both:
    at the whole view (clusters) and a zoomed one (month ticks, a faint bar), a dialog open."""
    path = exported(tmp_path / "t.html")
    colours = {}
    for scheme in ("light", "dark"):
        lowest: dict[str, float] = {}
        for view in ("", "&view=2023-10-01T00:00Z/2024-03-01T00:00Z"):
            shown = pages(f"{path.as_uri()}#person=V{view}", color_scheme=scheme)
            shown.item(MV).locator("button").click()
            found = shown.page.evaluate(CONTRAST, list(TEXTS))
            for selector, ratio in zip(TEXTS, found, strict=True):
                if ratio is not None:
                    lowest[selector] = min(ratio, lowest.get(selector, ratio))
            colours[scheme] = shown.page.evaluate(COLOURS)
            assert shown.errors == []
        assert set(lowest) == set(TEXTS), set(TEXTS) - set(lowest)
        poor = {selector: round(ratio, 2) for selector, ratio in lowest.items() if ratio < 4.5}
        assert poor == {}, scheme
    assert colours["light"][0] != colours["dark"][0] and colours["light"][1] != colours["dark"][1]
