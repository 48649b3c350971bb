"""The HTML page's drawn timeline (the axis) in a real browser: the system's Chromium,
driven by Playwright (the `browser` fixture is in conftest.py).

Positions are read from the page (bounding boxes, and the view the axis writes in
its data-from / data-to attributes, in UTC milliseconds) and compared with what the
exported data says the events are.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.browser_page import Watched, page_data
from tests.helpers import SAMPLE, SEOUL, event_maker, invoke
from timeline_cli.formats import ExportContext, html

DAY = 86_400_000
HOSTILE = "</script><script>window.pwned=1</script>"
IMG = "<img src=x onerror=window.pwned=2>"
MV = "love-wins-all-mv"
ITEMS = "#axis .axis-items > button"
# every axis button: [index or null, class, left, top, right, bottom, "+N" or null]
BOXES = """() => [...document.querySelectorAll('#axis .axis-items > button')].map((b) => {
  const r = b.getBoundingClientRect();
  return [b.dataset.index === undefined ? null : Number(b.dataset.index), b.className,
    r.left, r.top, r.right, r.bottom, b.classList.contains('cluster') ? b.textContent : null];
})"""
AXIS = "document.getElementById('axis')"
LABELS = """() => [...document.querySelectorAll('#axis .tick-label')].map((l) => {
  const r = l.getBoundingClientRect();
  return [l.textContent, r.left, r.right, l.parentNode.getBoundingClientRect().left];
})"""


class Shown(Watched):
    """An exported page open in a fresh context, with its errors and requests."""

    def __init__(self, browser: Any, path: Path, fragment: str = "", **options: Any) -> None:
        super().__init__(browser, **options)
        self.url = path.as_uri()
        self.data = page_data(path)
        self.page.goto(self.url + fragment)
        self.settle()

    def settle(self) -> None:
        """Wait until the axis is drawn and the page's pending timers have run."""
        until(self.page, f"Boolean({AXIS}.dataset.from)")
        self.page.evaluate("new Promise((done) => setTimeout(() => setTimeout(done, 0), 0))")

    def axis_box(self) -> dict[str, float]:
        """The axis's box on the screen, scrolled into view first."""
        self.page.locator("#axis").scroll_into_view_if_needed()
        box: dict[str, float] | None = self.page.locator("#axis").bounding_box()
        assert box is not None
        return box

    def view(self) -> tuple[int, int]:
        found = self.page.evaluate(f"[{AXIS}.dataset.from, {AXIS}.dataset.to].map(Number)")
        return found[0], found[1]

    def boxes(self) -> list[list[Any]]:
        boxes: list[list[Any]] = self.page.evaluate(BOXES)
        return boxes

    def box(self, ident: str) -> list[Any]:
        index = self.index(ident)
        (found,) = [b for b in self.boxes() if b[0] == index]
        return found

    def index(self, ident: str) -> int:
        return next(n for n, e in enumerate(self.data["events"]) if e["id"] == ident)

    def dot_x(self, ident: str) -> float:
        selector = f'#axis [data-index="{self.index(ident)}"] .dot'
        x: float = self.page.evaluate(
            f"(() => {{ const r = document.querySelector('{selector}')"
            ".getBoundingClientRect(); return (r.left + r.right) / 2; })()"
        )
        return x

    def scale(self) -> tuple[float, float]:
        """(px per ms, the page x of the view's start)."""
        left, width = self.page.evaluate(
            f"(() => {{ const a = {AXIS}, r = a.getBoundingClientRect();"
            " return [r.left + a.clientLeft, a.clientWidth]; })()"
        )
        start, end = self.view()
        return width / (end - start), left

    def x_of(self, ms: float) -> float:
        k, left = self.scale()
        return left + (ms - self.view()[0]) * k

    def counted(self) -> int:
        """Marks and bars drawn plus the events the "+N" clusters stand for."""
        boxes = self.boxes()
        drawn = {b[0] for b in boxes if b[0] is not None}
        return len(drawn) + sum(int(b[6][1:]) for b in boxes if b[6])


def until(page: Any, expression: str, seconds: float = 5) -> None:
    """Poll an expression (the page's CSP forbids wait_for_function's eval)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(20)


@pytest.fixture
def opened(browser: Any) -> Iterator[list[Shown]]:
    pages: list[Shown] = []
    yield pages
    for shown in pages:
        shown.context.close()


def open_page(browser: Any, opened: list[Shown], path: Path, *a: Any, **kw: Any) -> Shown:
    shown = Shown(browser, path, *a, **kw)
    opened.append(shown)
    return shown


def exported(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "page.html"
    result = invoke(["export", "-f", str(SAMPLE), "-o", str(out), "--force", *args])
    assert result.exit_code == 0, result.stderr
    return out


def midnight_ms(day: date, zone: str) -> int:
    return round(datetime.combine(day, datetime.min.time(), ZoneInfo(zone)).timestamp() * 1000)


def place(event: dict[str, Any], zone: str) -> tuple[int, int]:
    """[start, end) of an event on the axis in ms: its instants, or its dates' periods."""
    if "start_ms" in event:
        return event["start_ms"], event.get("end_ms", event["start_ms"])

    def period(iso: str, precision: str) -> tuple[date, date]:
        year = int(iso[:4])
        if precision == "year":
            return date(year, 1, 1), date(year + 1, 1, 1)
        if precision == "month":
            first = date(year, int(iso[5:7]), 1)
            return first, (first + timedelta(days=32)).replace(day=1)
        day = date.fromisoformat(iso)
        return day, day + timedelta(days=1)

    first, after = period(event["start"], event["precision"])
    if event["end"]:
        after = period(event["end"], event["end_precision"] or event["precision"])[1]
    return midnight_ms(first, zone), midnight_ms(after, zone)


def fragment_view(start: str, end: str) -> str:
    return f"#view={start}T00:00Z/{end}T00:00Z"


def test_the_whole_sample_is_drawn_with_year_ticks(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """Every event is a mark, a bar, or in a "+N"; years on the axis; no error, no request."""
    shown = open_page(browser, opened, exported(tmp_path, "--tz", "Asia/Seoul"))
    events = shown.data["events"]
    assert shown.counted() == len(events) == 26
    assert shown.page.get_attribute("#axis", "data-unit") in ("1 year", "2 year", "5 year")
    assert shown.page.locator("#axis-range").text_content() == "1995 – 2026"
    bars = {b[0] for b in shown.boxes() if "bar" in b[1].split()}
    spans = {n for n, e in enumerate(events) if e["end"] or e["precision"] == "month"}
    assert bars <= spans
    assert shown.errors == [] and shown.requests == [shown.url]


def test_a_zoomed_view_draws_what_it_covers_and_culls_the_rest(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """Dec 2023 to Feb 2024: each event there is drawn, those far from it are not in the DOM."""
    path = exported(tmp_path, "--tz", "Asia/Seoul")
    shown = open_page(browser, opened, path, fragment_view("2023-12-01", "2024-02-15"))
    start, end = shown.view()
    assert (start, end) == (
        midnight_ms(date(2023, 12, 1), "UTC"),
        midnight_ms(date(2024, 2, 15), "UTC"),
    )
    boxes = shown.boxes()
    assert not [b for b in boxes if b[6]], "no cluster at this zoom"
    drawn = {b[0] for b in boxes}
    places = [place(e, "Asia/Seoul") for e in shown.data["events"]]
    inside = {n for n, (a, b) in enumerate(places) if a <= end and b >= start}
    far = {n for n, (a, b) in enumerate(places) if b < start - 400 * DAY or a > end + 30 * DAY}
    assert inside <= drawn and not far & drawn and len(far) > 5
    assert shown.page.locator("#axis-range").text_content() == "Dec 2023 – Feb 2024"


def test_overlapping_spans_get_their_own_lanes(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """Military service overlaps basic training and the extra training: other lanes."""
    path = exported(tmp_path, "--tz", "Asia/Seoul")
    shown = open_page(browser, opened, path, fragment_view("2023-11-20", "2024-03-01"))
    ids = ("v-military-service", "v-basic-training", "v-admin-school-training")
    boxes = [shown.box(ident) for ident in ids]
    assert boxes[0][3] not in (boxes[1][3], boxes[2][3])
    for n, one in enumerate(boxes):
        for other in boxes[n + 1 :]:
            apart = one[5] <= other[3] or other[5] <= one[3]
            assert apart or one[4] <= other[2] or other[4] <= one[2]
    # each bar starts at its first day's midnight and ends after its last day
    k, _ = shown.scale()
    training = shown.data["events"][shown.index("v-basic-training")]
    a, b = place(training, "Asia/Seoul")
    assert boxes[1][2] == pytest.approx(shown.x_of(a), abs=1.5)
    assert boxes[1][4] - boxes[1][2] == pytest.approx((b - a) * k, abs=1.5)


def test_a_partial_date_is_its_whole_period_drawn_faintly(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """`2017` is a faint bar from 1 January 2017 to 1 January 2018; `2017-06` a month."""
    make = event_maker(SEOUL)
    events = [
        make(id="year", title="Some time in 2017", start="2017"),
        make(id="month", title="June 2017", start="2017-06"),
        make(id="day", title="A day", start=date(2016, 3, 1)),
        make(id="later", title="Later", start=date(2018, 9, 1)),
    ]
    path = tmp_path / "partial.html"
    path.write_bytes(html.export(events, ExportContext("P", SEOUL, datetime.now(UTC))))
    shown = open_page(browser, opened, path)
    k, _ = shown.scale()
    year = shown.box("year")
    assert "faint" in year[1].split() and "bar" in year[1].split()
    first, after = (
        midnight_ms(date(2017, 1, 1), "Asia/Seoul"),
        midnight_ms(date(2018, 1, 1), "Asia/Seoul"),
    )
    assert year[2] == pytest.approx(shown.x_of(first), abs=1.5)
    assert year[4] - year[2] == pytest.approx((after - first) * k, abs=1.5)
    month = shown.box("month")
    assert "faint" in month[1] and month[4] - month[2] == pytest.approx(30 * DAY * k, abs=1.5)
    assert "faint" not in shown.box("day")[1] and "mark" in shown.box("day")[1].split()
    assert shown.errors == []


def test_years_before_100_are_placed_in_their_own_century(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """Vesuvius on 0079-08-24 and the year 0050 are drawn in their years, not in 1979
    and 1950 (the browser's Date.UTC reads years 0-99 as 1900-1999)."""
    make = event_maker(SEOUL)
    events = [
        make(id="vesuvius", title="Vesuvius erupts", start=date(79, 8, 24)),
        make(id="fifty", title="Some time in 50", start="0050"),
        make(id="now", title="Now", start=date(2024, 1, 24)),
    ]
    path = tmp_path / "ancient.html"
    path.write_bytes(html.export(events, ExportContext("A", SEOUL, datetime.now(UTC))))
    shown = open_page(browser, opened, path, fragment_view("0079-08-01", "0079-09-01"))
    assert shown.view()[0] == midnight_ms(date(79, 8, 1), "UTC")
    day = midnight_ms(date(79, 8, 24), "Asia/Seoul")
    box = shown.box("vesuvius")
    assert box[2] <= shown.x_of(day + DAY // 2) <= box[4]
    labels = [label[0] for label in labels_apart(shown)]
    assert "25" in labels, labels
    shown.page.goto(shown.url + fragment_view("0049-10-01", "0051-03-01"))
    shown.settle()
    fifty = shown.box("fifty")
    k, _ = shown.scale()
    first, after = (
        midnight_ms(date(50, 1, 1), "Asia/Seoul"),
        midnight_ms(date(51, 1, 1), "Asia/Seoul"),
    )
    assert fifty[2] == pytest.approx(shown.x_of(first), abs=1.5)
    assert fifty[4] - fifty[2] == pytest.approx((after - first) * k, abs=1.5)
    assert shown.errors == []


def labels_apart(shown: Shown) -> list[list[Any]]:
    """The tick labels, after checking that none overlaps another or leaves the axis."""
    labels: list[list[Any]] = shown.page.evaluate(LABELS)
    left = shown.scale()[1]
    width = shown.page.evaluate(f"{AXIS}.clientWidth")
    spans = sorted((lab[1], lab[2]) for lab in labels)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), labels
    assert all(left - 1 <= a and b <= left + width + 1 for a, b in spans)
    return labels


@pytest.mark.parametrize("width", [375, 1280])
def test_ticks_adapt_to_the_view_and_never_overlap(
    browser: Any, opened: list[Shown], tmp_path: Path, width: int
) -> None:
    """Years for the whole sample, months for a year, days for a week, hours for a day."""
    path = exported(tmp_path, "--tz", "Asia/Seoul")
    options = {"viewport": {"width": width, "height": 800}}
    views = [
        ("", "year"),
        (fragment_view("2023-06-01", "2024-06-01"), "month"),
        (fragment_view("2024-01-20", "2024-01-27"), "day"),
        (fragment_view("2024-01-23", "2024-01-24"), "hour"),
    ]
    texts = {}
    for fragment, unit in views:
        shown = open_page(browser, opened, path, fragment, **options)
        assert (shown.page.get_attribute("#axis", "data-unit") or "").endswith(unit), fragment
        texts[unit] = [lab[0] for lab in labels_apart(shown)]
        assert len(texts[unit]) >= 3, texts
        assert shown.errors == []
    assert all(len(t) == 4 and t.isdigit() for t in texts["year"]) and "2024" in texts["month"]
    if width > 600:
        assert "Wed 24" in texts["day"]
    else:  # every other day
        assert [int(t) for t in texts["day"]] == list(range(21, 27, 2))


def test_zoom_by_keys_and_wheel_stops_at_a_day_and_at_the_whole(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """+ and Ctrl + wheel zoom in down to one day; - and Home back to the whole timeline."""
    shown = open_page(browser, opened, exported(tmp_path))
    page = shown.page
    whole = shown.view()
    page.focus("#axis")
    page.keyboard.press("+")
    narrower = shown.view()
    assert narrower[1] - narrower[0] < (whole[1] - whole[0]) * 0.7
    for _ in range(40):
        page.keyboard.press("+")
    assert shown.view()[1] - shown.view()[0] == pytest.approx(DAY, abs=2)
    assert page.get_attribute("#axis", "data-unit") in ("1 hour", "3 hour")
    for _ in range(40):
        page.keyboard.press("-")
    assert shown.view() == whole
    box = shown.axis_box()
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)  # a plain wheel scrolls the page, not the axis
    assert shown.view() == whole
    page.keyboard.down("Control")
    page.mouse.wheel(0, -400)
    page.keyboard.up("Control")
    zoomed = shown.view()
    assert zoomed[1] - zoomed[0] < (whole[1] - whole[0]) / 2
    assert zoomed[0] > whole[0] + (whole[1] - whole[0]) / 3, "zoomed around the pointer"
    page.click("#zoom-out")
    assert shown.view()[1] - shown.view()[0] > zoomed[1] - zoomed[0]
    page.focus("#axis")
    page.keyboard.press("Home")
    assert shown.view() == whole
    assert shown.errors == []


def test_pan_by_keys_and_drag_within_the_timeline(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """→ moves later, a drag to the right moves earlier, never past either end."""
    path = exported(tmp_path)
    shown = open_page(browser, opened, path, fragment_view("2016-06-01", "2017-06-01"))
    page = shown.page
    start, end = shown.view()
    page.focus("#axis")
    page.keyboard.press("ArrowRight")
    moved = shown.view()
    assert moved[0] > start and moved[1] - moved[0] == end - start
    box = shown.axis_box()
    y = box["y"] + box["height"] - 8
    page.mouse.move(box["x"] + 100, y)
    page.mouse.down()
    page.mouse.move(box["x"] + 300, y, steps=5)
    page.mouse.up()
    k, _ = shown.scale()
    dragged = shown.view()
    assert dragged[0] == pytest.approx(moved[0] - 200 / k, abs=2 / k)
    assert not page.locator("#details").is_visible(), "a drag is no click"
    page.keyboard.press("Home")
    whole = shown.view()
    page.keyboard.press("+")
    for _ in range(30):
        page.keyboard.press("ArrowLeft")
    assert shown.view()[0] == whole[0]
    for _ in range(30):
        page.keyboard.press("Shift+ArrowRight")
    assert shown.view()[1] == whole[1]
    assert shown.errors == []


def test_two_fingers_pinch_to_zoom(browser: Any, opened: list[Shown], tmp_path: Path) -> None:
    """A touch pinch (two pointers moving apart) zooms in around their middle."""
    options = {"viewport": {"width": 375, "height": 740}, "has_touch": True}
    shown = open_page(browser, opened, exported(tmp_path), **options)
    page = shown.page
    whole = shown.view()
    box = shown.axis_box()
    y, middle = box["y"] + box["height"] - 10, box["x"] + box["width"] / 2
    cdp = shown.context.new_cdp_session(page)

    def touch(kind: str, spread: float) -> None:
        points = [{"x": middle - spread, "y": y, "id": 0}, {"x": middle + spread, "y": y, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 20)
    for spread in range(25, 125, 10):
        touch("touchMove", spread)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    zoomed = shown.view()
    assert zoomed[1] - zoomed[0] < (whole[1] - whole[0]) / 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert shown.errors == []


def test_the_zone_moves_the_ticks_not_the_instants(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """The MV (00:00 KST on the 24th) is on Seoul's 24 January tick; in New York it is
    before that day's tick, on the 23rd. An all-day date stays inside its day in both."""
    path = exported(tmp_path, "--tz", "Asia/Seoul")
    fragment = fragment_view("2024-01-20", "2024-01-27")
    options = {"viewport": {"width": 1280, "height": 800}}
    shown = open_page(browser, opened, path, fragment, **options)

    def tick_x(text: str) -> float:
        (found,) = [lab[3] for lab in labels_apart(shown) if lab[0] == text]
        return float(found)

    assert shown.dot_x(MV) == pytest.approx(tick_x("Wed 24"), abs=1.5)
    seoul_tick = tick_x("Wed 24")
    trailer = shown.dot_x("love-wins-all-mv-trailer")
    assert tick_x("Tue 23") < trailer < tick_x("Wed 24")
    mv = shown.dot_x(MV)
    shown.page.evaluate(f"location.hash = 'tz=America/New_York&{fragment[1:]}'")
    shown.settle()
    assert shown.page.input_value("#zone") == "America/New_York"
    assert shown.view()[0] == midnight_ms(date(2024, 1, 20), "UTC")
    k, _ = shown.scale()
    assert tick_x("Wed 24") == pytest.approx(seoul_tick + 14 * 3_600_000 * k, abs=1.5)
    assert shown.dot_x(MV) == pytest.approx(mv, abs=1)
    assert tick_x("Tue 23") < shown.dot_x(MV) < tick_x("Wed 24")
    assert tick_x("Tue 23") < shown.dot_x("love-wins-all-mv-trailer") < tick_x("Wed 24")
    assert shown.errors == []


def test_repeating_events_are_drawn_as_their_occurrences(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """Hwarang's broadcasts from --from to --to: each of the 20 is on the axis."""
    path = exported(tmp_path, "--tz", "Asia/Seoul", "--from", "2016-12-01", "--to", "2017-03-01")
    events = page_data(path)["events"]
    broadcasts = [n for n, e in enumerate(events) if e["id"] == "hwarang-broadcasts"]
    assert len(broadcasts) == 20
    seen: set[int] = set()
    for start, end in (("2016-12-15", "2017-01-12"), ("2017-01-10", "2017-02-07")):
        shown = open_page(browser, opened, path, fragment_view(start, end))
        seen |= {b[0] for b in shown.boxes() if "bar" in b[1].split()}
        assert not [b for b in shown.boxes() if b[6]]
    shown = open_page(browser, opened, path, fragment_view("2017-02-05", "2017-02-28"))
    seen |= {b[0] for b in shown.boxes() if "bar" in b[1].split()}
    assert set(broadcasts) <= seen
    whole = open_page(browser, opened, path)
    assert whole.counted() == len(events)


def test_filters_apply_to_the_axis(browser: Any, opened: list[Shown], tmp_path: Path) -> None:
    """A tag chip and a search leave on the axis only the events they select."""
    shown = open_page(browser, opened, exported(tmp_path))
    events = shown.data["events"]
    shown.page.click("#tags .chip[data-name='military']")
    shown.settle()
    military = {n for n, e in enumerate(events) if "military" in e["tags"]}
    assert {b[0] for b in shown.boxes() if b[0] is not None} <= military
    assert shown.counted() == len(military)
    shown.page.fill("#search", "discharged")
    shown.settle()
    assert [b[0] for b in shown.boxes()] == [shown.index("v-discharge")]
    assert shown.errors == []


def test_tab_enter_and_escape_on_the_axis(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """Tab reaches a mark, Enter opens its details, Escape closes them and focus returns."""
    path = exported(tmp_path)
    shown = open_page(browser, opened, path, fragment_view("2024-01-10", "2024-02-01"))
    page = shown.page
    page.focus("#axis")
    page.keyboard.press("Tab")
    index = page.evaluate("Number(document.activeElement.dataset.index)")
    title = shown.data["events"][index]["title"]
    assert title in (page.evaluate("document.activeElement.getAttribute('aria-label')") or "")
    page.keyboard.press("Enter")
    assert page.locator("#details").is_visible()
    assert page.locator("#details-title").text_content() == title
    page.keyboard.press("Escape")
    assert not page.locator("#details").is_visible()
    assert page.evaluate("Number(document.activeElement.dataset.index)") == index
    page.keyboard.press("-")  # the axis's keys work from a mark too
    assert shown.view()[1] - shown.view()[0] > 22 * DAY
    page.locator(f'#axis [data-index="{shown.index(MV)}"]').click()
    assert (
        page.locator("#details-title").text_content()
        == shown.data["events"][shown.index(MV)]["title"]
    )
    assert shown.errors == []


def test_the_view_is_kept_in_the_address(browser: Any, opened: list[Shown], tmp_path: Path) -> None:
    """After a zoom the fragment has view=...; a reload opens the same view."""
    shown = open_page(browser, opened, exported(tmp_path))
    page = shown.page
    page.focus("#axis")
    page.keyboard.press("+")
    page.keyboard.press("ArrowRight")
    until(page, "location.hash.includes('view=')")
    view = shown.view()
    page.reload()
    shown.settle()
    assert shown.view() == pytest.approx(view, abs=60_000)
    page.focus("#axis")
    page.keyboard.press("Home")
    until(page, "!location.hash.includes('view=')")
    assert shown.errors == []


def test_a_phone_never_scrolls_sideways_and_print_shows_the_list(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """At 375 px the page fits, zoomed and panned too; print hides the axis, not the list."""
    options = {"viewport": {"width": 375, "height": 740}}
    shown = open_page(browser, opened, exported(tmp_path), **options)
    page = shown.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.focus("#axis")
    for key in ("+", "+", "+", "ArrowRight", "ArrowRight"):
        page.keyboard.press(key)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    labels_apart(shown)
    page.emulate_media(media="print")
    assert not page.locator("#axis-box").is_visible()
    assert page.locator("li.event").first.is_visible()
    page.emulate_media(media="screen")
    assert page.locator("#axis").is_visible()


def test_hostile_titles_are_text_on_the_axis(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """Markup in a title is a label and a name on the axis, never an element."""
    make = event_maker(SEOUL, start=datetime(2024, 1, 24, 9, 0))
    events = [
        make(id="hostile", title=HOSTILE),
        make(id="img", title=IMG, end=datetime(2024, 1, 26, 9, 0)),
    ]
    path = tmp_path / "hostile.html"
    path.write_bytes(html.export(events, ExportContext(IMG, SEOUL, datetime.now(UTC))))
    shown = open_page(browser, opened, path)
    page = shown.page
    labels = page.locator("#axis .label").all_text_contents()
    assert sorted(labels) == sorted([HOSTILE, IMG])
    names = page.evaluate(
        "[...document.querySelectorAll('#axis button[data-index]')]"
        ".map((b) => b.getAttribute('aria-label'))"
    )
    assert all(HOSTILE in n or IMG in n for n in names) and len(names) == 2
    assert page.locator("img").count() == 0 and page.locator("script").count() == 2
    page.locator(ITEMS).first.click()
    assert page.evaluate("window.pwned") is None and shown.errors == []


def test_ten_thousand_events_draw_only_what_is_in_view(
    browser: Any, opened: list[Shown], tmp_path: Path
) -> None:
    """10 000 daily events: the whole view has a few hundred buttons standing for all of
    them (the rest in "+N"); a month's view has that month's, and no error."""
    make = event_maker(SEOUL, tags=["bulk"])
    first = datetime(1990, 1, 1, 9, 0)
    events = [
        make(id=f"e{n}", title=f"Event number {n}", start=first + timedelta(days=n))
        for n in range(10_000)
    ]
    path = tmp_path / "big.html"
    path.write_bytes(html.export(events, ExportContext("Big", SEOUL, datetime.now(UTC))))
    shown = open_page(browser, opened, path)
    assert shown.counted() == 10_000
    assert shown.page.locator(ITEMS).count() < 600
    shown = open_page(browser, opened, path, fragment_view("2000-03-01", "2000-04-01"))
    drawn = {b[0] for b in shown.boxes()}
    march = set(range((datetime(2000, 3, 1) - first).days + 1, (datetime(2000, 4, 1) - first).days))
    assert march <= drawn and len(drawn) < 60
    assert shown.errors == []
