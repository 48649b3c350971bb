"""The drawn timeline of ``timeline view`` (timeline_cli.view.draw)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import generate
from tests.helpers import NEW_YORK, SAMPLE, SEOUL
from timeline_cli.display import cell_width
from timeline_cli.model import Event
from timeline_cli.schema import event_from_table
from timeline_cli.store import load_file
from timeline_cli.view import EMPTY, MARKS, OTHER, draw


def sample_events() -> list[Event]:
    return load_file(SAMPLE).events


def body(lines: list[str]) -> list[str]:
    """The lines above the legend (the legend's lines have no axis)."""
    return [line for line in lines if "│" in line[:14] or "┊" in line[:14]]


def row_lines(lines: list[str]) -> dict[str, list[str]]:
    """Lines by month row (``2016-Dec``), each row's first line followed by its continuations."""
    rows: dict[str, list[str]] = {}
    year = current = ""
    for line in body(lines):
        if "┊" in line[:14]:
            current = ""
            continue
        label = line.split("│")[0].split()
        if len(label) == 2:
            year = label[0]
        if label:
            current = f"{year}-{label[-1]}"
        rows.setdefault(current, []).append(line)
    return rows


@pytest.mark.parametrize("width", [80, 160])
def test_no_line_is_wider_than_the_terminal(width: int) -> None:
    """Every line of the sample fits the width, Korean counted as two columns."""
    lines = draw(sample_events(), zone=SEOUL, width=width)
    assert max(cell_width(line) for line in lines) <= width
    assert 10 < len(lines) <= 60


def lanes_of(line: str) -> str:
    """The lane part of a line: after the axis (``│``, or ``┊`` on a fold)."""
    return line[10:] if line[9] in "│┊" else line.split("│", 1)[1]


def lane_width(lines: list[str]) -> int:
    """Columns of the lane part: up to the first tag mark of a point event."""
    return min(
        next(n for n, c in enumerate(lanes_of(line)[1:]) if c in MARKS + OTHER)
        for line in body(lines)
        if any(c in MARKS + OTHER for c in line)
    )


def bar_columns(line: str, char: str, lanes: int) -> list[int]:
    """Columns of ``char`` in the lane part of a line (between the axis and the mark)."""
    return [n for n, c in enumerate(lanes_of(line)[1:][:lanes]) if c == char]


@pytest.mark.parametrize("width", [80, 160])
def test_hwarang_bar_covers_december_to_february(width: int) -> None:
    """The Hwarang span starts in the Dec 2016 row, continues in Jan and ends in Feb 2017."""
    lines = draw(sample_events(), zone=SEOUL, width=width)
    rows, lanes = row_lines(lines), lane_width(lines)
    (column,) = bar_columns(rows["2016-Dec"][0], "┬", lanes)
    assert "┬ Hwarang: The Poet" in rows["2016-Dec"][0]
    assert column in bar_columns(rows["2017-Jan"][0], "│", lanes)
    assert column in bar_columns(rows["2017-Feb"][0], "┴", lanes)
    assert column not in bar_columns(rows["2016-Nov"][0], "│", lanes)


@pytest.mark.parametrize("width", [80, 160])
def test_service_bar_covers_its_months_in_its_own_lane(width: int) -> None:
    """Service runs Dec 2023 to Jun 2025 unbroken; basic training inside it has another lane."""
    lines = draw(sample_events(), zone=SEOUL, width=width)
    rows, lanes = row_lines(lines), lane_width(lines)
    starts = bar_columns(rows["2023-Dec"][0], "┬", lanes)
    ends = bar_columns(rows["2025-Jun"][0], "┴", lanes)
    (service,) = set(starts) & set(ends)
    first = lines.index(rows["2023-Dec"][0])
    last = lines.index(rows["2025-Jun"][0])
    assert all(service in bar_columns(line, "│", lanes) for line in lines[first + 1 : last])
    (training,) = bar_columns(rows["2024-Jan"][0], "┴", lanes)
    assert training in starts and training != service


def test_point_events_sit_beside_their_month() -> None:
    """Points are listed in the row of their month, with their date and title."""
    rows = row_lines(draw(sample_events(), zone=SEOUL, width=160))
    assert "2023-09-08 13:00 KST V releases his debut solo album" in "\n".join(rows["2023-Sep"])
    assert "Nov 2023 V applies for the Military Police" in rows["2023-Nov"][0]
    assert "2025-06-10 V and RM discharged" in rows["2025-Jun"][0]
    assert "2016-12-19 22:00 KST V's acting debut" in "\n".join(rows["2016-Dec"])


@pytest.mark.parametrize("width", [80, 160])
def test_the_music_video_label_appears(width: int) -> None:
    """The Love wins all MV, in a crowded month, still gets its own label."""
    rows = row_lines(draw(sample_events(), zone=SEOUL, width=width))
    assert any('IU "Love wins all" music video (sta' in line for line in rows["2024-Jan"])


def test_timed_events_move_to_the_display_zone_and_dates_do_not() -> None:
    """00:30 KST on 1 Feb is 31 Jan in New York; an all-day 1 Feb stays in February."""
    table = {"title": "Timed", "start": "2024-02-01T00:30:00", "timezone": "Asia/Seoul"}
    timed = event_from_table(table, SEOUL)
    floating = event_from_table({"title": "Dated", "start": "2024-02-01"}, SEOUL)
    spread = event_from_table({"title": "Later", "start": "2024-09-01"}, SEOUL)
    rows = row_lines(draw([timed, floating, spread], zone=NEW_YORK, width=80))
    assert "2024-01-31 10:30 EST Timed" in rows["2024-Jan"][0]
    assert "2024-02-01 Dated" in rows["2024-Feb"][0]


def test_ten_thousand_events_aggregate(tmp_path: Path) -> None:
    """10 000 events over decades draw in at most a few hundred lines, with "+N more"."""
    path = tmp_path / "big.toml"
    path.write_text(generate(10_000, seed=1), encoding="utf-8")
    events = load_file(path).events
    for width in (80, 160):
        lines = draw(events, zone=NEW_YORK, width=width)
        assert len(lines) <= 400
        assert max(cell_width(line) for line in lines) <= width
        assert any(line.endswith(" more") for line in lines)


def test_a_short_stretch_has_one_row_per_day() -> None:
    """Events within a few weeks are drawn one row per day."""
    events = [event_from_table({"title": t, "start": d}, SEOUL) for t, d in
              (("A", "2024-01-01"), ("B", "2024-01-20"))]  # fmt: skip
    lines = draw(events, zone=SEOUL, width=80)
    assert lines[0].startswith("2024-01-01 │") and "A" in lines[0]
    assert lines[-1].endswith("one row per day")


def test_empty_input_gives_one_clear_line() -> None:
    """No events: a single message instead of a drawing."""
    assert draw([], zone=SEOUL, width=80) == [EMPTY]
