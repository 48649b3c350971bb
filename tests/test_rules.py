"""Repeat rules that no calendar can expand are errors of the file, in check and list alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date
from pathlib import Path

import pytest

from tests.helpers import assert_error, event_maker, event_toml, invoke, write_file
from timeline_cli.errors import InvalidFileError
from timeline_cli.model import Precision, TimeValue
from timeline_cli.recur import series
from timeline_cli.rules import validate_repeat


def write(tmp_path: Path, rule: str, start: str = "2024-01-01T10:00:00") -> Path:
    text = event_toml(start, ident="x", title="X", source="s", repeat=rule)
    return write_file(tmp_path / "events.toml", text)


BAD = [
    ("FREQ=YEARLY;BYSETPOS=400;BYMONTH=1", "invalid BYSETPOS value '400'"),
    ("FREQ=YEARLY;BYYEARDAY=367", "invalid BYYEARDAY value '367'"),
    ("FREQ=MONTHLY;BYDAY=6MO", "at most 5 of each weekday"),
    ("FREQ=YEARLY;BYMONTH=3;BYDAY=-6FR", "at most 5 of each weekday"),
    ("FREQ=DAILY;UNTIL=20241350", "UNTIL '20241350' is not a real date or time"),
    ("FREQ=DAILY;UNTIL=20240101T250000Z", "is not a real date or time"),
    ("FREQ=YEARLY;BYSECOND=60", "invalid BYSECOND value '60'"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "the rule never happens"),
    ("FREQ=YEARLY;BYMONTH=4,6;BYMONTHDAY=31,-31", "the rule never happens"),
    ("FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY does not go with FREQ=WEEKLY"),
    ("FREQ=MONTHLY;BYWEEKNO=3", "BYWEEKNO only goes with FREQ=YEARLY"),
    ("FREQ=MONTHLY;BYYEARDAY=3", "BYYEARDAY does not go with FREQ=MONTHLY"),
    ("FREQ=WEEKLY;BYDAY=1MO", "a numbered BYDAY"),
    ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS needs another"),
]


@pytest.mark.parametrize(("rule", "reason"), BAD)
def test_check_names_the_rule_and_list_refuses_the_file(
    tmp_path: Path, rule: str, reason: str
) -> None:
    """check: file:line of `repeat`, exit 4; list: one error line, exit 4, nothing printed."""
    path = write(tmp_path, rule)
    checked = invoke(["check", "-f", str(path)])
    assert checked.exit_code == 4
    assert checked.stdout.startswith(f"{path}:6: error: event 'x', field 'repeat': ")
    assert reason in checked.stdout
    assert_error(invoke(["list", "-f", str(path)]), 4, str(path), reason)


GOOD = [
    "FREQ=YEARLY;BYSETPOS=-1;BYMONTH=2;BYMONTHDAY=28,29",
    "FREQ=YEARLY;BYYEARDAY=366",
    "FREQ=MONTHLY;BYDAY=5FR",
    "FREQ=YEARLY;BYDAY=53MO",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=YEARLY;BYMONTH=4,5;BYMONTHDAY=31",
    "FREQ=DAILY;UNTIL=20240229T235959Z",
    "FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=20170221T145959Z",
    "RRULE:FREQ=HOURLY;INTERVAL=12;COUNT=3",
]


@pytest.mark.parametrize("rule", GOOD)
def test_rules_calendars_expand_are_accepted(tmp_path: Path, rule: str) -> None:
    """Valid rules, month ends and leap days included, load and check cleanly."""
    path = write(tmp_path, rule)
    checked = invoke(["check", "-f", str(path)])
    assert (checked.exit_code, checked.stderr) == (0, "")
    assert ": error:" not in checked.stdout
    assert invoke(["list", "-f", str(path), "--on", "2024-01-01", "--tz", "UTC"]).exit_code == 0


def test_an_all_day_event_repeats_by_days_at_least() -> None:
    """FREQ=HOURLY/MINUTELY/SECONDLY and BYHOUR/BYMINUTE/BYSECOND need a start with a time."""
    day = TimeValue(Precision.DAY, date(2024, 1, 1))
    for rule in ("FREQ=HOURLY", "FREQ=MINUTELY", "FREQ=SECONDLY"):
        assert (
            validate_repeat(rule, day) == f"{rule} needs a start with a time; this event is all-day"
        )
    for part in ("BYHOUR=1", "BYMINUTE=1", "BYSECOND=1"):
        key = part.split("=")[0]
        assert validate_repeat(f"FREQ=DAILY;{part}", day) == (
            f"{key} needs a start with a time; this event is all-day"
        )
    assert validate_repeat("FREQ=DAILY", day) is None


# --- fortnightly, and what a repeat may be ---


def test_fortnightly_is_every_other_week_everywhere(tmp_path: Path) -> None:
    """`repeat = "fortnightly"` loads, lists every other week, is marked and exported."""
    path = write(tmp_path, "fortnightly", start="2024-01-01T10:00:00")
    assert invoke(["check", "-f", str(path)]).stdout == f"No problems found in {path}\n"
    listed = invoke(["list", "-f", str(path), "--from", "2024-01-01", "--to", "2024-01-31"])
    assert listed.exit_code == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()[1:4]] == [
        "2024-01-01",
        "2024-01-15",
        "2024-01-29",
    ]
    assert "fortnightly" in listed.stdout
    shown = invoke(["show", "x", "-f", str(path)]).stdout
    assert "fortnightly (FREQ=WEEKLY;INTERVAL=2)" in shown
    exported = invoke(["export", "--format", "ics", "-f", str(path)])
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2" in exported.stdout.splitlines()


def test_add_and_edit_take_fortnightly(tmp_path: Path) -> None:
    """--repeat fortnightly is accepted by add and edit."""
    path = write(tmp_path, "weekly")
    result = invoke(["edit", "x", "--repeat", "fortnightly", "-f", str(path)])
    assert result.exit_code == 0, result.stderr
    assert 'repeat = "fortnightly"' in path.read_text(encoding="utf-8")
    added = invoke(
        ["add", "Y", "--start", "2024-01-02", "--repeat", "Fortnightly", "-f", str(path)]
    )
    assert added.exit_code == 0, added.stderr


@pytest.mark.parametrize(
    ("rule", "hint"), [("every week", ""), ("weekley", " (did you mean 'weekly'?)")]
)
def test_a_repeat_that_is_no_rule_says_what_a_repeat_may_be(
    tmp_path: Path, rule: str, hint: str
) -> None:
    """A word that is neither a shorthand nor KEY=VALUE lists the shorthands and an RRULE."""
    assert validate_repeat(rule) == (
        "a repeat is yearly, monthly, weekly, fortnightly or daily, "
        "or an RRULE like FREQ=WEEKLY;INTERVAL=2" + hint
    )
    path = write(tmp_path, "weekly")
    result = invoke(["edit", "x", "--repeat", rule, "-f", str(path)])
    assert_error(result, 2, f"--repeat: invalid rule {rule!r}: a repeat is yearly,")


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=DAILY;UNTIL=0000", "cannot be expanded: "),
        ("FREQ=DAILY\nRRULE:FREQ=WEEKLY", "is not one rule"),
    ],
)
def test_what_the_expansion_refuses_is_a_located_problem(rule: str, reason: str) -> None:
    """Past the rule checks, the expansion's own refusal is data: field, file, line."""
    event = event_maker(UTC)(id="x", title="t", start="2024-01-01T10:00:00", repeat="daily")
    with pytest.raises(InvalidFileError) as caught:
        series(replace(event, repeat=rule, file=Path("f.toml"), line=3))
    (problem,) = caught.value.problems
    assert (problem.field, problem.path, problem.line, problem.event) == (
        "repeat",
        Path("f.toml"),
        3,
        "'x'",
    )
    assert problem.message.startswith(reason)
    assert caught.value.message.startswith(f"f.toml:3: event 'x', field 'repeat': {reason}")
