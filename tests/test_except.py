"""``except``: cancelled occurrences, set by add and edit, refused when they make no sense."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.helpers import assert_error, invoke, list_whens

HEADER = '[timeline]\ntimezone = "Asia/Seoul"\n'
WEEKLY = (
    '\n[[events]]\nid = "show"\ntitle = "Show"\nstart = 2024-01-05T20:00:00\nrepeat = "weekly"\n'
)


def whens(path: Path, *args: str) -> list[str]:
    return list_whens(path, "--tz", "Asia/Seoul", *args)


def stored(path: Path) -> dict[str, object]:
    table: dict[str, object] = tomllib.loads(path.read_text(encoding="utf-8"))["events"][-1]
    return table


JANUARY = ("--from", "2024-01-01", "--to", "2024-01-31")


def test_add_except_stores_the_dates_and_list_skips_them(tmp_path: Path) -> None:
    """add --except (a date and a date-time) writes `except` and those occurrences go."""
    path = tmp_path / "events.toml"
    path.write_text(HEADER, encoding="utf-8")
    result = invoke(
        ["add", "Show", "--start", "2024-01-05 20:00", "--repeat", "weekly", "--id", "show",
         "--except", "2024-01-12", "--except", "2024-01-26 20:00", "-f", str(path)]
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert [str(v) for v in stored(path)["except"]] == [
        "2024-01-12 20:00:00",
        "2024-01-26 20:00:00",
    ]  # type: ignore[attr-defined]
    assert whens(path, *JANUARY) == ["2024-01-05 20:00 KST", "2024-01-19 20:00 KST"]


def test_edit_except_adds_and_clear_removes_them(tmp_path: Path) -> None:
    """edit --except adds one more; --clear except brings every occurrence back."""
    path = tmp_path / "events.toml"
    path.write_text(HEADER + WEEKLY + "except = [2024-01-12]\n", encoding="utf-8")
    result = invoke(["edit", "show", "--except", "2024-01-19", "-f", str(path)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert whens(path, *JANUARY) == ["2024-01-05 20:00 KST", "2024-01-26 20:00 KST"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HEADER + WEEKLY)  # only the except line changed
    result = invoke(["edit", "show", "--clear", "except", "-f", str(path)])
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == HEADER + WEEKLY
    assert len(whens(path, *JANUARY)) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2024-01-05", "--except", "2024-01-12"], "only a repeating event"),
        (["--start", "2024-01-05", "--repeat", "weekly", "--except", "2024-01"],
         "give a whole date or a date-time"),
        (["--start", "2024-01-05", "--repeat", "weekly", "--except", "2024-01-12 20:00"],
         "the event is all-day: give a date"),
        (["--start", "2024-01-05", "--repeat", "weekly", "--except", "soon"], "invalid --except"),
    ],
)  # fmt: skip
def test_add_refuses_an_except_that_makes_no_sense(
    tmp_path: Path, args: list[str], message: str
) -> None:
    """Bad --except values: exit 2, one error line naming the problem, no file written."""
    path = tmp_path / "events.toml"
    result = invoke(["add", "Show", *args, "-f", str(path)])
    assert_error(result, 2, message)
    assert not path.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"2024-01-12"', "must be a list of dates or date-times"),
        ("[]", "must be a list of dates or date-times"),
        ('["2024-13-01"]', "invalid value '2024-13-01'"),
        ('["2024"]', "is not a whole date or a date-time"),
    ],
)
def test_a_bad_except_in_the_file_is_an_error_with_its_line(
    tmp_path: Path, value: str, message: str
) -> None:
    """check names file:line and the reason; list refuses the file (exit 4)."""
    path = tmp_path / "events.toml"
    path.write_text(HEADER + WEEKLY + f"except = {value}\n", encoding="utf-8")
    checked = invoke(["check", "-f", str(path)])
    assert checked.exit_code == 4
    assert f"{path}:9: error: event 'show', field 'except': " in checked.stdout
    assert message in checked.stdout
    assert_error(invoke(["list", "-f", str(path)]), 4, message)


def test_an_except_on_an_event_that_does_not_repeat_is_an_error(tmp_path: Path) -> None:
    """`except` without `repeat` is refused: it would silently mean nothing."""
    path = tmp_path / "events.toml"
    body = '\n[[events]]\nid = "x"\ntitle = "X"\nstart = 2024-01-05\nexcept = [2024-01-12]\n'
    path.write_text(HEADER + body, encoding="utf-8")
    listed = invoke(["list", "-f", str(path)])
    assert_error(listed, 4, str(path), "only a repeating event (with `repeat`) has exceptions")


def test_show_lists_the_cancelled_occurrences_in_the_event_zone(tmp_path: Path) -> None:
    """show has an `except` row with each cancelled occurrence, in the event's own zone."""
    path = tmp_path / "events.toml"
    path.write_text(HEADER + WEEKLY + "except = [2024-01-12, 2024-01-19T20:00:00]\n", "utf-8")
    result = invoke(["show", "show", "-f", str(path), "--tz", "UTC"])
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("except"))
    assert line.split(None, 1)[1] == "2024-01-12 20:00 KST, 2024-01-19 20:00 KST"


def test_a_series_in_year_one_is_listed_from_its_start(tmp_path: Path) -> None:
    """Near year 1 the expansion window cannot overflow into listing nothing."""
    path = tmp_path / "events.toml"
    body = '\n[[events]]\nid = "d"\ntitle = "D"\nstart = 0001-01-01\nrepeat = "daily"\n'
    path.write_text(HEADER + body, encoding="utf-8")
    assert whens(path, "--from", "0001-01-02", "--to", "0001-01-03") == [
        "0001-01-02",
        "0001-01-03",
    ]
    assert whens(path, "--from", "0001-01-02")[:1] == ["0001-01-02"]
