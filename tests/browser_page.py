"""A page in a fresh browser context that keeps what it logged as errors and every
URL it requested: the base of the HTML page tests' page objects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def page_data(path: Path) -> dict[str, Any]:
    """The data block of an exported page: its events, zone and title, as JSON."""
    text = path.read_text(encoding="utf-8")
    start = text.index('id="data">') + len('id="data">')
    data: dict[str, Any] = json.loads(text[start : text.index("</script>", start)])
    return data


class Watched:
    """``page`` in a new context of ``browser`` (``options``: Playwright's context
    options), its console errors and page errors in ``errors``, its requests in
    ``requests``."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
