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
    summary = "Events would be: 26 added, 0 updated, 0 skipped (already known) (dry run: "
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


# --- list: the long-table fast path, and the width of the tags ---------------------------


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An events file of 600 events (more than a Rich table is drawn for)."""
    from benchmarks.generate import generate

    path = tmp_path_factory.mktemp("many") / "many.toml"
    path.write_text(generate(600, seed=7), encoding="utf-8")
    return path


@pytest.mark.parametrize("columns", WIDTHS)
def test_a_long_list_fits_the_terminal(many: Path, columns: int) -> None:
    """More than 200 rows: laid out by hand within the width, titles wrapped at spaces."""
    run = on_pty(["list", "--tz", "UTC", "-f", str(many)], columns=columns)
    assert_fits(run, columns)
    titles = json.loads(invoke(["list", "--json", "--tz", "UTC", "-f", str(many)]).stdout)
    assert_words_whole(run.text, [e["title"] for e in titles["events"]])
    assert run.lines[-1].endswith("600 events · times in UTC")


def test_a_long_list_on_80_columns_has_the_narrow_layout(many: Path) -> None:
    """When | Title / tags | Relative, the tags on the line under the title."""
    run = on_pty(["list", "--tz", "UTC", "-f", str(many)], columns=80)
    head = run.lines[0].split()
    assert head == ["When", "Title", "/", "tags", "Relative"] and len(run.lines[0]) == 80
    assert set(run.lines[1]) == {"─"}


def test_a_long_list_piped_is_unchanged(many: Path) -> None:
    """Piped, the long list is the plain table scripts parse (one line an event)."""
    out = invoke(["list", "--tz", "UTC", "-f", str(many)]).stdout.splitlines()
    assert out[0].split()[0] == "WHEN" and len(out) == 602
    assert max(len(line) for line in out) > 160  # its natural width, whatever the terminal


def test_tags_stay_whole_when_the_title_has_room() -> None:
    """At 160 columns the title wraps a little so that no row's tags wrap."""
    args = ["list", "--tz", "America/New_York", "-f", str(SAMPLE)]
    run = on_pty(args, columns=160)
    assert_fits(run, 160)
    events = json.loads(invoke([*args, "--json"]).stdout)["events"]
    for event in events:
        assert ", ".join(event["tags"]) in run.text, event["tags"]


# --- show ----------------------------------------------------------------------------------

LONG_URL = "https://example.org/" + "a/" * 90 + "end"
DESCRIBED = f"""\
[[events]]
id = "described"
title = "An event with a long description"
start = "2024-01-24"
url = "{LONG_URL}"
source = "https://example.org/source"
description = \"\"\"First paragraph,
broken by hand.

Second paragraph:
- one item
- another item\"\"\"
"""


@pytest.mark.parametrize("columns", WIDTHS)
def test_show_reflows_the_description(tmp_path: Path, columns: int) -> None:
    """Hand line breaks inside a paragraph become spaces; blank lines and list items stay."""
    (tmp_path / "e.toml").write_text(DESCRIBED, encoding="utf-8")
    run = on_pty(["show", "described", "-f", "e.toml"], columns=columns, cwd=tmp_path)
    assert_fits(run, columns)
    inside = [line.strip("│ ").removeprefix("description").strip() for line in run.lines]
    start = inside.index("First paragraph, broken by hand.")
    assert inside[start + 1 : start + 5] == [
        "",
        "Second paragraph:",
        "- one item",
        "- another item",
    ]


@pytest.mark.parametrize("columns", WIDTHS)
def test_show_links_a_url_and_never_splits_it(tmp_path: Path, columns: int) -> None:
    """url (and a source that is a URL) is a link to the whole URL, on one line, cut with …."""
    from tests.pty_helpers import LINK_TARGET

    (tmp_path / "e.toml").write_text(DESCRIBED, encoding="utf-8")
    run = on_pty(["show", "described", "-f", "e.toml"], columns=columns, cwd=tmp_path)
    assert_fits(run, columns)
    targets = set(LINK_TARGET.findall(run.raw)) - {""}
    assert targets == {LONG_URL, "https://example.org/source"}
    rows = [line for line in run.lines if "https://example.org/a/" in line]
    assert len(rows) == 1 and rows[0].rstrip(" │").endswith("…")
    assert not any(line.strip("│ ").startswith("a/a/") for line in run.lines)


def test_show_piped_keeps_the_description_as_written(tmp_path: Path) -> None:
    """Piped, show prints the description's lines as they are in the file."""
    (tmp_path / "e.toml").write_text(DESCRIBED, encoding="utf-8")
    out = invoke(["show", "described", "-f", str(tmp_path / "e.toml")]).stdout
    assert "description First paragraph,\n            broken by hand.\n            \n" in out
    assert f"url         {LONG_URL}\n" in out
