"""`timeline view` draws the range asked for and hides nothing important: folds, crowded
rows, span dates, zones, the legend (plain output through CliRunner, and draw itself)."""

from __future__ import annotations

import pytest

from tests.helpers import SAMPLE, SEOUL, invoke
from timeline_cli.display import cell_width
from timeline_cli.schema import event_from_table
from timeline_cli.view import MARKS, OTHER, draw


def view(*args: str, width: int = 80) -> list[str]:
    """The plain (piped) lines of ``timeline view`` on the sample, in Seoul."""
    argv = ["view", "-f", str(SAMPLE), "--tz", "Asia/Seoul", "--width", str(width), *args]
    result = invoke(argv)
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_width(line) for line in lines) <= width
    return lines


def legend_of(lines: list[str]) -> list[str]:
    return lines[next(n for n, line in enumerate(lines) if line[:1] in MARKS + OTHER + "┬") :]


@pytest.mark.parametrize("width", [80, 160])
def test_on_a_month_draws_that_month_only(width: int) -> None:
    """--on 2024-01: rows 1 to 31 January; the service, begun before, starts with ↑ and
    goes on with ↓; nothing of 2025 is drawn."""
    lines = view("--on", "2024-01", width=width)
    days = [line.split()[0] for line in lines if line[:1].isdigit()]
    assert days[0] == "2024-01-01" and days[-1] == "2024-01-31"
    assert "↑" in lines[0] and "2023-12-11 → 2025-06-10" in "\n".join(lines)
    assert "↓" in next(line for line in lines if line.startswith("2024-01-31"))
    assert not any("2025" in line.split("·")[0] for line in lines)


def test_from_and_to_are_the_ends_of_the_axis() -> None:
    """--from 2024-01 --to 2025-03: the first row is 2024 Jan, the last 2025 Mar."""
    lines = [line for line in view("--from", "2024-01", "--to", "2025-03") if "│" in line[:10]]
    assert lines[0].startswith("2024 Jan") and lines[-1].startswith("     Mar")
    years = [line[:4] for line in lines if line[:4].isdigit()]
    assert years[0] == "2024" and years[-1] == "2025"
    assert "↓" in lines[-1]


@pytest.mark.parametrize("width", [80, 160])
def test_a_stretch_of_bars_alone_folds(width: int) -> None:
    """Mar 2024 to May 2025, where only the service runs, is one ⋮ line with its bar."""
    lines = view(width=width)
    assert not any(line.startswith(("     Mar", "2025 Jan")) for line in lines)
    (fold,) = [line for line in lines if "15 months" in line]
    assert fold.startswith("⋮") and "│" in fold and "nothing starts or ends" in fold


@pytest.mark.parametrize("width", [80, 160])
def test_the_single_is_not_hidden(width: int) -> None:
    """The "Love wins all" single (a release) is drawn at 80 and 160 columns."""
    lines = view(width=width)
    assert any('IU "Love wins all" digital single' in line for line in lines)


def test_a_crowded_row_keeps_the_releases_and_says_how_to_list_the_rest() -> None:
    """Forty crowded months: each keeps its release (the legend's first mark) over the
    teasers before it, and says how many more there are and how to list them."""
    events = []
    for month in range(1, 41):
        year, month_ = 2000 + (month - 1) // 12, (month - 1) % 12 + 1
        for day, tag in ((1, "teaser"), (2, "teaser"), (10, "release"), (20, "release"),
                         (25, "release")):  # fmt: skip
            table = {"title": f"{tag} {day}", "start": f"{year}-{month_:02d}-{day:02d}",
                     "tags": [tag]}  # fmt: skip
            events.append(event_from_table(table, SEOUL))
    lines = draw(events, zone=SEOUL, width=80)
    assert lines[0].startswith("2000 Jan │ ● 2000-01-10 release 10 +4 more")
    assert "timeline list --on ROW" in "\n".join(lines[-3:])


def test_a_row_with_room_lists_the_rest_on_its_own_line() -> None:
    """A short drawing lets a crowded row grow; what still does not fit is one line
    naming the list command for that row."""
    tables = [{"title": f"T{n}", "start": f"2024-01-{n + 1:02d}"} for n in range(12)]
    tables.append({"title": "Z", "start": "2024-09-01"})
    events = [event_from_table(table, SEOUL) for table in tables]
    lines = draw(events, zone=SEOUL, width=80, height=6)
    assert any("+" in line and "more: timeline list --on 2024-01" in line for line in lines)


@pytest.mark.parametrize("width", [80, 160])
def test_the_legend_wraps_and_shows_marks_in_use_only(width: int) -> None:
    """Six long tags: the legend wraps to the width with each whole; every mark it
    lists is drawn above it, and each drawn mark is in it."""
    tags = [f"a-rather-long-tag-number-{n}" for n in range(6)]
    tables = [{"title": f"E{n}", "start": f"2024-0{n + 1}-01", "tags": [tag]}
              for n, tag in enumerate(tags)]  # fmt: skip
    events = [event_from_table(table, SEOUL) for table in tables]
    lines = draw(events, zone=SEOUL, width=width)
    legend = "\n".join(legend_of(lines))
    assert all(tag in legend for tag in tags) and "…" not in legend
    assert max(cell_width(line) for line in lines) <= width
    sample = view(width=width)
    marks_in = lambda text: {c for c in text if c in MARKS + OTHER}  # noqa: E731
    body = "\n".join(line[:20] for line in sample if "│" in line[:10])
    assert marks_in("\n".join(legend_of(sample))) == marks_in(body)


def test_span_labels_keep_their_dates_at_80_columns() -> None:
    """At 80 columns the Hwarang and service labels are cut in the title, not the dates."""
    text = "\n".join(view())
    assert "· 2016-12-19 → 2017-02-21" in text and "· 2023-12-11 → 2025-06-10" in text


def test_times_carry_the_zone() -> None:
    """A timed event shows its zone: 18:00 KST in Seoul."""
    assert any("2024-01-24 18:00 KST IU" in line for line in view(width=160))


def test_a_day_row_does_not_repeat_its_date() -> None:
    """One row per day: the row shows the date, the event only its time."""
    (line,) = [line for line in view("--on", "2024-01") if "digital single" in line]
    assert line.count("2024-01-24") <= 1 and "18:00 KST IU" in line


def test_korean_and_emoji_titles_fit() -> None:
    """Wide titles are cut by terminal columns; the span's dates stay."""
    title = "화랑 🎉 " * 20
    span = event_from_table({"title": title, "start": "2024-01-01", "end": "2024-03-01"}, SEOUL)
    point = event_from_table({"title": title, "start": "2024-05-01"}, SEOUL)
    for width in (80, 160):
        lines = draw([span, point], zone=SEOUL, width=width)
        assert max(cell_width(line) for line in lines) <= width
        assert any("· 2024-01-01 → 2024-03-01" in line for line in lines)
