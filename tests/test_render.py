"""The terminal table: Rich on a terminal, plain text beyond a few screens, always safe."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import NEW_YORK, SAMPLE
from timeline_cli.display import cell_width
from timeline_cli.render.table import RICH_ROW_LIMIT, print_table
from timeline_cli.schema import event_from_table
from timeline_cli.store import load

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
HOSTILE = event_from_table(
    {
        "id": "hostile",
        "title": "[bold]not bold[/bold] \x1b]0;title\x07 \x1b[2J",
        "start": datetime(2024, 1, 24, 18, 0),
        "url": "https://example.org/a",
        "tags": ["[red]x"],
    },
    ZoneInfo("Asia/Seoul"),
)


def render(events: list[object], *, terminal: bool = True) -> str:
    out = io.StringIO()
    print_table(events, now=NOW, zone=NEW_YORK, title="T", out=out, terminal=terminal)  # type: ignore[arg-type]
    return out.getvalue()


def test_terminal_gets_a_rich_table_with_colour_and_hyperlinks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a terminal the table has box drawing, colour, and the url as an OSC 8 link."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "160")
    text = render([HOSTILE])
    assert "───" in text
    assert "\x1b[" in text
    assert "\x1b]8;" in text and "https://example.org/a" in text


def test_data_is_never_markup_nor_escape_sequences(monkeypatch: pytest.MonkeyPatch) -> None:
    """Markup in a title stays literal; its escape sequences are shown, not executed."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    text = render([HOSTILE])
    assert "[bold]not bold[/bold]" in text
    assert "[red]x" in text
    assert "\x1b]0;" not in text and "\x07" not in text and "\x1b[2J" not in text
    assert "␛]0;title␇" in text


def test_no_color_removes_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR turns off colour codes on a terminal."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    text = render(list(load([SAMPLE]).events))
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", text)
    assert not re.search(r"\x1b\[[0-9;]*38;", text)


def test_many_rows_use_the_plain_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond a few screens, even a terminal gets the cheap plain table."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    events = [HOSTILE] * (RICH_ROW_LIMIT + 1)
    text = render(events)
    assert "\x1b" not in text
    assert text.splitlines()[0].split()[0] == "WHEN"
    assert len(text.splitlines()) == RICH_ROW_LIMIT + 3


def test_plain_columns_align_with_korean_titles() -> None:
    """Wide characters count as two columns, so the next column still lines up."""
    korean = event_from_table(
        {"title": "화랑 방송", "start": datetime(2024, 1, 1), "tags": ["drama"]}, UTC
    )
    latin = event_from_table(
        {"title": "Hwarang", "start": datetime(2024, 1, 2), "tags": ["x"]}, UTC
    )
    lines = render([korean, latin], terminal=False).splitlines()
    drama = cell_width(lines[1][: lines[1].index("drama")])
    assert drama == cell_width(lines[2][: lines[2].index("x  ")])
    assert drama > cell_width(lines[1][: lines[1].index("화랑")]) + cell_width("화랑 방송")


def test_empty_result_says_so() -> None:
    """No match prints a clear line and the caption, not an empty table."""
    text = render([], terminal=False)
    assert text.startswith("No events match.")
    assert "0 events" in text


@pytest.mark.parametrize("width", [80, 100, 160])
def test_rich_table_fits_the_terminal_width(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """No line is wider than the terminal; narrow ones put origin and tags under the cells."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(width))
    text = render(list(load([SAMPLE]).events))
    plain = re.sub(r"\x1b\[[0-9;]*m|\x1b]8;[^\x1b]*\x1b\\", "", text)
    assert max(cell_width(line) for line in plain.splitlines()) <= width
    # The MV (00:00 KST on 24 January) at its one instant: in the display zone and its own.
    assert "2024-01-23 10:00 EST" in plain
    assert "Jan 24 00:00 KST" in plain
    assert "Jan 23 10:00 KST" not in plain
    assert "music-video" in plain
    assert ("Origin" in plain) == (width >= 140)
