"""The HTML export, read as text (no browser): self-contained, CSP, the data block."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import SAMPLE, invoke

DATA_OPEN = '<script type="application/json" id="data">'
HOSTILE_TITLE = "</script><script>window.pwned=1</script> \u2028 & <!--"


def export_html(*args: str) -> str:
    result = invoke(["export", "--format", "html", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def data_block(page: str) -> str:
    start = page.index(DATA_OPEN) + len(DATA_OPEN)
    return page[start : page.index("</script>", start)]


class Attributes(HTMLParser):
    """Every (tag, attribute, value) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value or "") for name, value in attrs]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """An events file whose texts are markup, script and a javascript: link."""
    path = tmp_path / "events.toml"
    path.write_text(
        "[[events]]\n"
        'id = "hostile"\n'
        f"title = {json.dumps(HOSTILE_TITLE)}\n"
        "start = 2024-01-02\n"
        'source = "javascript:alert(1)"\n'
        f"description = {json.dumps('<img src=x onerror=alert(1)>')}\n",
        encoding="utf-8",
    )
    return path


def test_the_page_asks_no_server_for_anything() -> None:
    """No src/href to http(s), no <link>, no CSS url() or @import."""
    page = export_html("-f", str(SAMPLE))
    parser = Attributes()
    parser.feed(page)
    assert not [(t, n, v) for t, n, v in parser.found if n in ("src", "href")]
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert all(tag != "iframe" for tag, _, _ in parser.found)


def test_the_csp_allows_exactly_the_inline_blocks() -> None:
    """default-src 'none'; the sha256 of the one style and the one script block."""
    page = export_html("-f", str(SAMPLE))
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert policy is not None
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(styles) == 1 and len(scripts) == 1

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert directives["script-src"] == f"'sha256-{digest(scripts[0])}'"
    assert directives["style-src"] == f"'sha256-{digest(styles[0])}'"
    assert page.index("Content-Security-Policy") < page.index("<style>")


def test_the_data_holds_every_selected_event_and_occurrence() -> None:
    """The same events, in the same order, as TimelineJS (occurrences, not rules)."""
    page = export_html("-f", str(SAMPLE), "--tz", "America/New_York")
    data = json.loads(data_block(page))
    slides = json.loads(invoke(["export", "-f", str(SAMPLE), "--format", "timelinejs"]).stdout)
    assert [e["id"] for e in data["events"]] == [s["unique_id"] for s in slides["events"]]
    assert data["zone"] == "America/New_York"
    assert data["title"] == "V (Kim Taehyung): music, acting, service"


def test_timed_values_carry_the_utc_instant_and_partial_dates_their_form() -> None:
    """The MV: +09:00 ISO and 2024-01-23T15:00Z in ms; a partial date has no instant."""
    data = json.loads(data_block(export_html("-f", str(SAMPLE))))
    mv = next(e for e in data["events"] if e["id"] == "love-wins-all-mv")
    assert mv["start"] == "2024-01-24T00:00:00+09:00" and mv["zone"] == "Asia/Seoul"
    assert mv["start_ms"] == 1706022000000 and mv["all_day"] is False
    assert mv["start_abbr"]["Asia/Seoul"] == "KST"
    partial = [e for e in data["events"] if e["precision"] in ("year", "month")]
    assert partial and all("start_ms" not in e and len(e["start"]) in (4, 7) for e in partial)


def test_no_text_can_close_the_data_block(hostile: Path) -> None:
    """`</script>`, `<`, `>`, `&`, U+2028 are escaped; JSON still gives the text back."""
    page = export_html("-f", str(hostile))
    block = data_block(page)
    assert not set(block) & {"<", ">", "&", "\u2028", "\u2029"}
    assert page.count("</script>") == 2  # the data block's and the script's own
    (event,) = json.loads(block)["events"]
    assert event["title"] == HOSTILE_TITLE
    assert event["source"] == "javascript:alert(1)"


def test_the_title_is_escaped_in_the_head(tmp_path: Path) -> None:
    """A timeline title with markup is text in <title> and <h1>."""
    path = tmp_path / "events.toml"
    path.write_text(
        '[timeline]\ntitle = "<b>A & B</b>"\n\n'
        '[[events]]\nid = "a"\ntitle = "A"\nstart = 2024-01-02\n',
        encoding="utf-8",
    )
    page = export_html("-f", str(path))
    assert "<title>&lt;b&gt;A &amp; B&lt;/b&gt;</title>" in page and "<b>" not in page


def test_o_with_html_suffix_writes_the_page(tmp_path: Path) -> None:
    """-o x.html picks the format from the table."""
    out = tmp_path / "v.html"
    result = invoke(["export", "-f", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "(html)" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
