"""Every command fits the terminal it is given: on a real pseudo-terminal of 80 and
160 columns no line is wider than the terminal, and words break only at spaces
(a word wider than its cell is the one exception)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import SAMPLE, invoke
from tests.pty_helpers import assert_fits, on_pty

WIDTHS = [80, 160]


def assert_words_whole(text: str, phrases: list[str], longest: int = 30) -> None:
    """Each word of ``phrases`` (up to ``longest`` columns: a longer one may have to
    be folded) is shown whole somewhere, not cut across two lines."""
    shown = set(text.split())
    words = {w for p in phrases for w in p.split() if len(w) <= longest}
    broken = sorted(words - shown)
    assert not broken, f"words broken across lines: {broken[:5]}"


def sample_titles() -> list[str]:
    result = invoke(["export", "--format", "json", "-f", str(SAMPLE)])
    return [e["title"] for e in json.loads(result.stdout)["events"]]


# --- anniversaries, check, import --dry-run --------------------------------------------


@pytest.mark.parametrize("columns", WIDTHS)
def test_anniversaries_wrap_titles_inside_their_cell(columns: int) -> None:
    """The long titles of a month of anniversaries wrap inside the title column."""
    args = ["anniversaries", "--on", "2026-01-24", "--within", "30", "--tz", "Asia/Seoul"]
    run = on_pty([*args, "-f", str(SAMPLE)], columns=columns)
    assert_fits(run, columns)
    found = json.loads(invoke([*args, "--json", "-f", str(SAMPLE)]).stdout)["anniversaries"]
    assert_words_whole(run.text, [a["event"]["title"] for a in found])
    assert run.lines[-1] == "6 anniversaries from 2026-01-24 (Asia/Seoul)"
    assert run.lines[0].startswith("2026-01-24  D-day  2 years ago · 2nd anniversary  IU")


def test_one_anniversary_is_singular() -> None:
    """A single anniversary is counted as one, not as '1 anniversaries'."""
    args = ["anniversaries", "--on", "2026-01-30", "--tz", "Asia/Seoul", "-f", str(SAMPLE)]
    result = invoke(args)
    assert result.stdout.splitlines()[-1] == "1 anniversary from 2026-01-30 (Asia/Seoul)"


BAD = """\
[[events]]
id = "long"
title = "V enlists with RM at the Korea Army Training Center in Nonsan, South Chungcheong"
start = "2023-12-11"
end = "2023-12-01"
url = "ftp://example.org/a/rather/long/address/of/the/enlistment/ceremony/announcement"

[[events]]
id = "skipped"
title = "x"
start = "2024-03-10T02:30:00"
timezone = "America/New_York"
source = "s"
"""


@pytest.mark.parametrize("columns", WIDTHS)
def test_check_wraps_messages_inside_their_cell(tmp_path: Path, columns: int) -> None:
    """Findings on a terminal: location, level, and a message that wraps at spaces."""
    (tmp_path / "bad.toml").write_text(BAD, encoding="utf-8")
    run = on_pty(["check", "-f", "bad.toml"], columns=columns, cwd=tmp_path)
    assert run.code == 4, run.err
    assert_fits(replace(run, code=0), columns)
    piped = invoke(["check", "-f", str(tmp_path / "bad.toml")]).stdout.splitlines()
    messages = [line.split(": ", 2)[2] for line in piped[:-1]]
    assert_words_whole(run.text, messages)
    assert run.lines[-1] == piped[-1] == "2 errors, 1 warning"


def test_check_counts_read_as_words(tmp_path: Path) -> None:
    """'No problems found in FILE' when clean; '1 error, 1 warning' otherwise."""
    assert invoke(["check", "-f", str(SAMPLE)]).stdout == f"No problems found in {SAMPLE}\n"
    path = tmp_path / "e.toml"
    path.write_text(BAD.replace('end = "2023-12-01"\n', "").replace('source = "s"\n', ""))
    lines = invoke(["check", "-f", str(path)]).stdout.splitlines()
    assert lines[-1] == "1 error, 2 warnings", lines


@pytest.mark.parametrize("columns", WIDTHS)
def test_import_dry_run_wraps_titles_inside_their_cell(tmp_path: Path, columns: int) -> None:
    """The plan of an import: action, when, and the title (with the id under it) wrapping."""
    export = tmp_path / "all.json"
    invoke(["export", "--format", "json", "-o", str(export), "-f", str(SAMPLE)])
    target = tmp_path / "new.toml"
    run = on_pty(["import", str(export), "--dry-run", "-f", str(target)], columns=columns)
    assert_fits(run, columns)
    assert_words_whole(run.text, sample_titles())
    summary = "Events would be: 24 added, 0 updated, 0 skipped (already known) (dry run: "
    assert " ".join(run.text.split()).endswith(summary + "nothing written)")
    assert not target.exists()


# --- plurals -----------------------------------------------------------------------------


def test_removing_one_event_says_event(tmp_path: Path) -> None:
    """remove counts one event as 'Removed 1 event', two as 'Removed 2 events'."""
    path = tmp_path / "e.toml"
    path.write_bytes(SAMPLE.read_bytes())
    one = invoke(["remove", "hwarang-run", "--yes", "-f", str(path)])
    assert one.stdout == f"Removed 1 event from {path}: hwarang-run\n"
    two = invoke(["remove", "v-acting-debut", "v-enlistment", "--yes", "-f", str(path)])
    assert two.stdout.startswith("Removed 2 events from ")


def test_exporting_one_event_to_a_file_says_event(tmp_path: Path) -> None:
    """export -o of one event notes 'Wrote 1 event to ...'."""
    target = tmp_path / "one.ics"
    result = invoke(["export", "-s", "hwarang: the poet", "-o", str(target), "-f", str(SAMPLE)])
    assert result.stderr == f"Wrote 1 event to {target} (ics)\n"
