"""The HTML export's page in a real browser (the system's Chromium, driven by Playwright).

Each test exports a page into tmp_path and opens it by its file:// URL; the `browser`
fixture (one Chromium a module) is in conftest.py.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser_page import Watched, page_data
from tests.helpers import SAMPLE, SEOUL, event_maker, invoke
from timeline_cli.formats import ExportContext, html

playwright_api = pytest.importorskip("playwright.sync_api")
MV = 'IU "Love wins all" music video (starring V)'
HOSTILE = "</script><script>window.pwned=1</script>"
IMG = "<img src=x onerror=window.pwned=2>"
BIDI = "abc\u202edef"


class Opened(Watched):
    """A page, with what it logged as errors and the URLs it requested."""

    def __init__(self, browser: Any, path: Path, fragment: str = "", **options: Any) -> None:
        super().__init__(browser, **options)
        self.url = path.as_uri()
        self.page.goto(self.url + fragment)

    def items(self) -> Any:
        return self.page.locator("li.event")

    def item(self, title: str) -> Any:
        return self.page.locator("li.event", has=self.page.locator(".what", has_text=title))


@pytest.fixture
def opened(browser: Any) -> Iterator[list[Opened]]:
    pages: list[Opened] = []
    yield pages
    for page in pages:
        page.context.close()


def exported(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "page.html"
    result = invoke(["export", "-f", str(SAMPLE), "-o", str(out), "--force", *args])
    assert result.exit_code == 0, result.stderr
    return out


def open_page(browser: Any, opened: list[Opened], path: Path, *a: Any, **kw: Any) -> Opened:
    page = Opened(browser, path, *a, **kw)
    opened.append(page)
    return page


def test_every_event_is_listed_with_no_error_and_no_request(
    browser: Any, opened: list[Opened], tmp_path: Path
) -> None:
    """One list item per exported event or occurrence; nothing but the file is fetched."""
    path = exported(tmp_path, "--tz", "America/New_York")
    shown = open_page(browser, opened, path)
    assert shown.items().count() == len(page_data(path)["events"]) > 20
    assert shown.page.locator("ol.events > li").count() == shown.items().count()
    assert shown.errors == [] and shown.requests == [shown.url]


def test_the_zone_switch(browser: Any, opened: list[Opened], tmp_path: Path) -> None:
    """--tz's zone by default; each event's own; the viewer's; all-day dates stay put."""
    path = exported(tmp_path, "--tz", "America/New_York")
    shown = open_page(browser, opened, path, timezone_id="Pacific/Kiritimati")
    mv = shown.item(MV).locator(".when")
    trailer = shown.item("music video trailer").locator(".when")
    assert mv.text_content() == "2024-01-23 10:00 EST"
    shown.page.select_option("#zone", "own")
    assert mv.text_content() == "2024-01-24 00:00 KST"
    assert shown.page.url.endswith("#tz=own")
    shown.page.select_option("#zone", "viewer")
    assert (mv.text_content() or "").startswith("2024-01-24 05:00")
    assert trailer.text_content() == "2024-01-23"
    assert "Pacific/Kiritimati" in (shown.page.locator("#summary").text_content() or "")
    shown.page.select_option("#zone", "America/New_York")
    assert trailer.text_content() == "2024-01-23"
    shown.item(MV).locator("button").click()
    when = shown.page.locator("#details dd").first.text_content()
    assert when == "2024-01-23 10:00 EST · 2024-01-24 00:00 KST"
    assert shown.errors == []


def test_filters_and_search_narrow_the_list_and_live_in_the_fragment(
    browser: Any, opened: list[Opened], tmp_path: Path
) -> None:
    """A tag chip, then a search: fewer items, the fragment says so, a reload keeps it."""
    path = exported(tmp_path)
    events = page_data(path)["events"]
    shown = open_page(browser, opened, path)
    page = shown.page
    chip = page.locator("#tags .chip[data-name='military']")
    military = [e for e in events if "military" in e["tags"]]
    assert chip.text_content() == f"military ({len(military)})"
    chip.click()
    assert chip.get_attribute("aria-pressed") == "true"
    assert shown.items().count() == len(military) < len(events)
    assert page.url.endswith("#tag=military")
    page.fill("#search", "army")
    wanted = [e for e in military if "army" in json.dumps(e).lower()]
    assert 0 < shown.items().count() <= len(wanted) < len(military)
    assert page.url.endswith("#tag=military&q=army")
    narrowed = shown.items().count()
    page.reload()
    assert shown.items().count() == narrowed
    assert page.input_value("#search") == "army" and chip.get_attribute("aria-pressed") == "true"
    again = open_page(browser, opened, path, "#person=IU")
    assert again.items().count() == len([e for e in events if "IU" in e["people"]])
    assert shown.errors == [] and again.errors == []


def test_the_keyboard_opens_and_closes_details(
    browser: Any, opened: list[Opened], tmp_path: Path
) -> None:
    """Tab reaches an event button; Enter opens its details; Escape closes, focus returns."""
    shown = open_page(browser, opened, exported(tmp_path))
    page = shown.page
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('open')"):
            break
    else:
        pytest.fail("Tab never reached an event")
    title = page.evaluate("document.activeElement.querySelector('.what').textContent")
    page.keyboard.press("Enter")
    assert page.locator("#details").is_visible()
    assert page.locator("#details-title").text_content() == title
    page.keyboard.press("Escape")
    assert not page.locator("#details").is_visible()
    assert page.evaluate("document.activeElement.querySelector('.what').textContent") == title
    page.keyboard.press(" ")
    assert page.locator("#details").is_visible()


def hostile_page(tmp_path: Path) -> Path:
    """Hostile texts, and a javascript: url the file's schema would refuse."""
    make = event_maker(SEOUL, start=datetime(2024, 1, 24, 9, 0))
    first = make(
        id="hostile",
        title=HOSTILE,
        description=f"{IMG}\n\n{BIDI}",
        location=IMG,
        source="javascript:window.pwned=3",
        tags=[HOSTILE],
    )
    events = [
        dataclasses.replace(first, url="javascript:alert(1)"),
        make(id="bidi", title=BIDI, url="https://example.org/?a=<b>"),
    ]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    path = tmp_path / "hostile.html"
    path.write_bytes(html.export(events, ExportContext(IMG, SEOUL, now)))
    return path


def test_hostile_text_stays_text(browser: Any, opened: list[Opened], tmp_path: Path) -> None:
    """No script runs, no element is made from data, javascript: is no link."""
    shown = open_page(browser, opened, hostile_page(tmp_path), "#tag=x")
    page = shown.page
    page.goto(shown.url)
    assert page.evaluate("window.pwned") is None
    assert page.locator("img").count() == 0 and page.locator("script").count() == 2
    assert page.locator("h1").text_content() == IMG
    assert shown.item(HOSTILE).count() == 1
    assert shown.item(BIDI).locator(".what").text_content() == BIDI
    shown.item(HOSTILE).locator("button").click()
    details = page.locator("#details")
    assert page.locator("#details-title").text_content() == HOSTILE
    assert details.locator("a").count() == 0
    assert "javascript:alert(1)" in (details.text_content() or "")
    assert details.locator(".description p").all_text_contents() == [IMG, BIDI]
    page.keyboard.press("Escape")
    shown.item(BIDI).locator("button").click()
    assert details.locator("a").get_attribute("href") == "https://example.org/?a=%3Cb%3E"
    assert page.evaluate("window.pwned") is None and page.locator("img").count() == 0
    assert shown.errors == [] and len(set(shown.requests)) == 1


def test_a_phone_screen_never_scrolls_sideways(
    browser: Any, opened: list[Opened], tmp_path: Path
) -> None:
    """At 375 px the page, and an open event, fit the width."""
    options = {"viewport": {"width": 375, "height": 740}}
    shown = open_page(browser, opened, exported(tmp_path), **options)
    page = shown.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shown.item(MV).locator("button").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate("document.querySelector('#details').scrollWidth") <= 375


def test_ten_thousand_events_open_and_the_last_one_is_found(
    browser: Any, opened: list[Opened], tmp_path: Path
) -> None:
    """At 10 000 events: no error, the first ones listed, all fill in, search finds the last."""
    make = event_maker(SEOUL, tags=["bulk"])
    first = datetime(1990, 1, 1, 9, 0)
    events = [
        make(id=f"e{n}", title=f"Event number {n}", start=first + timedelta(days=n))
        for n in range(10_000)
    ]
    path = tmp_path / "big.html"
    now = datetime(2026, 1, 1, tzinfo=UTC)
    path.write_bytes(html.export(events, ExportContext("Big", SEOUL, now)))
    shown = open_page(browser, opened, path)
    page = shown.page
    assert page.locator("li.event .what").first.text_content() == "Event number 0"
    assert page.locator("#summary").text_content() == "10000 events · times in Asia/Seoul"
    playwright_api.expect(shown.items()).to_have_count(10_000, timeout=30_000)
    page.fill("#search", "Event number 9999")
    assert shown.items().count() == 1
    shown.item("Event number 9999").locator("button").click()
    assert page.locator("#details-title").text_content() == "Event number 9999"
    assert shown.errors == []
