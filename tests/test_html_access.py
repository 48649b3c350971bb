"""The HTML page read by a screen reader, printed, and looked at as a fan would, in the
system's Chromium (Playwright): the accessibility tree, print media and the printed PDF's
text, marks at their instants and whole list dots on a phone.

The page helpers (``pages``, ``exported``) are test_html_reading's; ``pdf_text`` is a small
reader of the text in the PDFs Chromium writes (no PDF library is a dependency).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SAMPLE, SEOUL, event_maker
from tests.test_html_reading import EVENT, MV, exported, pages, sample_titles
from timeline_cli.formats import ExportContext, html

__all__ = ["pages"]  # the fixture, shared with test_html_reading

playwright_api = pytest.importorskip("playwright.sync_api")


# --- screen readers --------------------------------------------------------------------


def test_a_screen_reader_gets_landmarks_lists_names_and_a_dialog(
    pages: Any, tmp_path: Path
) -> None:
    """Read through the accessibility tree: one ordered list a year under its heading in
    `main`, a labelled axis group of named buttons, toggles, labelled fields, a dialog."""
    shown = pages(exported(tmp_path / "t.html", "--tz", "Asia/Seoul").as_uri())
    page = shown.page
    titles = sample_titles()
    for role, name in (("banner", None), ("navigation", "Zone and filters"), ("main", None)):
        assert page.get_by_role(role, name=name).count() == 1, role  # type: ignore[arg-type]
    main = page.get_by_role("main")
    snapshot = main.aria_snapshot().splitlines()
    outline = [line.strip() for line in snapshot[1:] if re.match(r"  - ", line)]
    years = [line for line in outline if line.startswith("- heading ")]
    assert snapshot[0] == "- main:" and outline == [p for y in years for p in (y, "- list:")]
    assert [y.split('"')[1] for y in years] == ["1995", "2016", "2017", "2023", "2024", "2025"]
    items = main.get_by_role("listitem")
    assert items.count() == len(titles) and page.locator("main ol > li").count() == len(titles)
    for n, title in enumerate(sorted(titles, key=lambda t: page_index(page, t))):
        assert items.nth(n).get_by_role("button", name=title).count() == 1, title
    axis = page.get_by_role("group", name=re.compile(r"^Drawn timeline: 1995 – 2026$"))
    assert axis.get_by_role("button", name="1995-12-30: V (Kim Taehyung) is born in Daegu").count()
    dated = re.compile(r"^(\d{4}-\d\d-\d\d|[A-Z][a-z]+ \d{4})\b.*: \S")  # "date: title"
    named = axis.get_by_role("button", name=dated)
    clusters = axis.get_by_role("button", name=re.compile(r"^\d+ more events here: zoom in$"))
    assert named.count() + clusters.count() == page.locator("#axis .axis-items > button").count()
    legend = page.get_by_role("list", name="How to read the drawing")
    assert legend.get_by_role("listitem").count() == 4
    assert page.get_by_role("searchbox", name="Search").count() == 1
    assert page.get_by_role("combobox", name="Times in").count() == 1
    toggles = page.get_by_role("group", name="People")
    toggles.get_by_role("button", name="IU (8)", pressed=False).click()
    assert toggles.get_by_role("button", name="IU (8)", pressed=True).count() == 1
    opener = main.get_by_role("button", name=MV)
    opener.click()
    dialog = page.get_by_role("dialog", name=MV)
    assert dialog.is_visible() and dialog.get_by_role("heading", name=MV).count() == 1
    assert page.evaluate("document.getElementById('details').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert opener.evaluate("(button) => button === document.activeElement")
    assert shown.errors == []


def page_index(page: Any, title: str) -> int:
    """Where the page's data has an event (the page's data is in time order)."""
    found: int = page.evaluate(
        "(title) => JSON.parse(document.getElementById('data').textContent)"
        ".events.findIndex((e) => e.title === title)",
        title,
    )
    assert found >= 0, title
    return found


# --- print -----------------------------------------------------------------------------

SHOWN = """() => [...document.querySelectorAll('li.event')].filter((li) => !li.checkVisibility(
  { contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true })).length"""


def pdf_text(data: bytes) -> str:
    """The text a PDF from Chromium (Skia) draws: its Tj/TJ strings read through each font's
    ToUnicode map (Type0 fonts have two-byte codes, Type3 one). Enough for these tests."""
    objects: dict[int, tuple[bytes, bytes]] = {}
    for found in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S):
        head, _, rest = found[2].partition(b"stream")
        body = rest.split(b"endstream")[0].strip(b"\r\n")
        objects[int(found[1])] = (head, zlib.decompress(body) if b"/FlateDecode" in head else body)
    fonts: dict[bytes, tuple[int, dict[int, str]]] = {}
    for head, _ in list(objects.values()):
        for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", head):
            font = objects[int(number)][0]
            cmap = re.search(rb"/ToUnicode (\d+) 0 R", font)
            assert cmap is not None
            fonts[name] = (2 if b"/Type0" in font else 1, to_unicode(objects[int(cmap[1])][1]))
    ops = rb"/(F\d+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[^\]<])*)\]\s*TJ|(<[0-9a-fA-F]*>)\s*Tj"
    ops += rb"|(BT|Td|Tm|T\*)"
    text = []
    for head, body in objects.values():
        if b"/Font" in head or b"BT" not in body:
            continue
        size, mapping = 1, {}
        for op in re.finditer(ops, body):
            if op[1]:
                size, mapping = fonts[op[1]]
            elif op[4]:
                text.append("\n")
            for chunk in re.findall(rb"<([0-9a-fA-F]*)>", op[2] or op[3] or b""):
                raw = bytes.fromhex(chunk.decode())
                for at in range(0, len(raw), size):
                    text.append(mapping.get(int.from_bytes(raw[at : at + size]), "\ufffd"))
    return "".join(text)


def to_unicode(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: code -> text."""
    found: dict[int, str] = {}

    def utf16(hex_text: bytes) -> str:
        return bytes.fromhex(hex_text.decode()).decode("utf-16-be")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, target in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            found[int(code, 16)] = utf16(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        ranges = re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block)
        for first, last, target in ranges:
            start = utf16(target)
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                found[code] = start[:-1] + chr(ord(start[-1]) + offset)
    return found


def squeezed(text: str) -> str:
    """Without white space, ligatures (\ufb01) as their letters: a title as a PDF has it."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_print_shows_every_event_and_no_controls(pages: Any, tmp_path: Path) -> None:
    """Print media: every event of the selection shown (none skipped by content-visibility),
    no controls, no axis, no dialog; the PDF Chromium prints has every title."""
    shown = pages(exported(tmp_path / "t.html").as_uri(), viewport={"width": 800, "height": 600})
    page = shown.page
    titles = sample_titles()
    assert page.evaluate(SHOWN) > 0, "on screen, the later years are not laid out"
    page.emulate_media(media="print")
    assert page.locator(EVENT).count() == len(titles) and page.evaluate(SHOWN) == 0
    for hidden in ("#controls", "#axis-box", "#axis-legend", "#summary", "#details"):
        assert not page.locator(hidden).is_visible(), hidden
    text = squeezed(pdf_text(page.pdf()))
    assert "1995-12-30" in text and "2025-06-10" in text
    for title in titles:
        assert squeezed(title) in text, title
    assert squeezed("Drag or") not in text and squeezed("Whole timeline") not in text
    assert shown.errors == []


def test_printing_at_once_prints_all_ten_thousand_events(pages: Any, tmp_path: Path) -> None:
    """The list fills in by slices after the first 100; printing first finishes it."""
    make = event_maker(SEOUL)
    first = datetime(1990, 1, 1, 9, 0)
    events = [
        make(id=f"e{n}", title=f"Event number {n}", start=first + timedelta(days=n))
        for n in range(10_000)
    ]
    path = tmp_path / "big.html"
    path.write_bytes(html.export(events, ExportContext("Big", SEOUL, datetime.now(UTC))))
    shown = pages(path.as_uri())
    counts = shown.page.evaluate(
        "() => [document.querySelectorAll('li.event').length,"
        " (dispatchEvent(new Event('beforeprint')), document.querySelectorAll('li.event').length)]"
    )
    assert counts[0] < 10_000 and counts[1] == 10_000
    assert shown.errors == []


# --- the sample as a fan sees it ---------------------------------------------------------

# every timed mark on the axis: [its dot's centre, where its instant is], in page pixels
DOTS = """() => {
  const axis = document.getElementById("axis");
  const box = axis.getBoundingClientRect();
  const [from, to] = [Number(axis.dataset.from), Number(axis.dataset.to)];
  const events = JSON.parse(document.getElementById("data").textContent).events;
  return [...axis.querySelectorAll(".mark")].flatMap((mark) => {
    const event = events[Number(mark.dataset.index)];
    if (event.start_ms === undefined) return [];
    const dot = mark.querySelector(".dot").getBoundingClientRect();
    const x = box.left + axis.clientLeft + (event.start_ms - from) * axis.clientWidth / (to - from);
    return [[(dot.left + dot.right) / 2, x]];
  });
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_every_mark_is_drawn_at_its_instant(pages: Any, tmp_path: Path, width: int) -> None:
    """On a phone too: a mark whose label went to the left of its dot near the end of the
    timeline, then lost that label to a later mark, stays at its instant."""
    options = {"viewport": {"width": width, "height": 800}}
    shown = pages(exported(tmp_path / "t.html").as_uri(), **options)
    dots = shown.page.evaluate(DOTS)
    assert len(dots) >= 5
    for dot, instant in dots:
        assert dot == pytest.approx(instant, abs=1.5)
    assert shown.errors == []


# the list's dots and span bars (::before) from the left edge of their year's section,
# which clips what is outside it (content-visibility: auto)
DOT_LEFT = """() => [...document.querySelectorAll("li.event")].map((li) =>
  li.getBoundingClientRect().left + parseFloat(getComputedStyle(li, "::before").left)
  - li.closest("section").getBoundingClientRect().left)"""


def test_on_a_phone_dots_are_whole_and_descriptions_flow(pages: Any, tmp_path: Path) -> None:
    """The list's dots are inside their section (not cut in half); a description's
    paragraphs are paragraphs, its other line breaks (the file's wrapping) spaces."""
    options = {"viewport": {"width": 375, "height": 800}}
    shown = pages(exported(tmp_path / "t.html").as_uri(), **options)
    page = shown.page
    assert min(page.evaluate(DOT_LEFT)) >= 0
    shown.item(MV).locator("button").click()
    text = next(e for e in tomllib.loads(SAMPLE.read_text())["events"] if e["title"] == MV)
    paragraphs = page.locator("#details .description p").all_text_contents()
    assert paragraphs == [" ".join(text["description"].split())]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert shown.errors == []


VISIBLE_CHIPS = """(id) => [...document.getElementById(id).querySelectorAll(".chip")]
  .filter((c) => c.getClientRects().length > 0).map((c) => c.dataset.name)"""


def test_a_phone_shows_a_few_toggles_and_the_rest_on_request(pages: Any, tmp_path: Path) -> None:
    """At 375 px the six most used tags show, then "+13 more", so the drawn timeline
    starts on the first screen; the button shows the rest and says so; a tag pressed
    in the address shows while the rest are folded; at 1280 px every toggle shows."""
    path = exported(tmp_path / "t.html")
    phone = pages(path.as_uri() + "#tag=ost", viewport={"width": 375, "height": 800})
    page = phone.page
    shown = page.evaluate(VISIBLE_CHIPS, "tags")
    assert shown == ["release", "iu", "military", "music-video", "teaser", "bts", "ost"]
    more = page.locator("#tags .more")
    assert more.text_content() == "+13 more" and more.get_attribute("aria-expanded") == "false"
    assert page.locator("#axis").bounding_box()["y"] < 800
    more.click()
    assert len(page.evaluate(VISIBLE_CHIPS, "tags")) == 19
    assert more.text_content() == "fewer" and more.get_attribute("aria-expanded") == "true"
    assert page.evaluate(VISIBLE_CHIPS, "people") == ["V", "IU", "RM", "Jin"]
    assert page.locator("#people .more").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    wide = pages(path.as_uri(), viewport={"width": 1280, "height": 800})
    assert len(wide.page.evaluate(VISIBLE_CHIPS, "tags")) == 19
    assert not wide.page.locator("#tags .more").is_visible()
    assert phone.errors == [] and wide.errors == []
