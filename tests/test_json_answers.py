"""``--json``: every command's answer as one JSON document, parsed back here.

The text forms are tested by each command's own module; these check that the same
result, asked for as JSON, holds the same facts (ids, times, counts, exit codes),
that errors stay one line on stderr, and that only the renderer writes output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, SAMPLE, assert_error, event_toml, invoke, write_timeline
from timeline_cli.formats.jsonfmt import EVENT_KEYS


def answer(args: list[str], code: int = 0) -> Any:
    """Run the CLI with --json; exit ``code``, nothing on stderr, one JSON document."""
    result = invoke([*args, "--json"])
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr == "", result.stderr
    assert result.stdout.endswith("}\n")
    return json.loads(result.stdout)


@pytest.fixture
def timeline(tmp_path: Path) -> Path:
    body = event_toml("2024-01-24T00:00:00", ident="mv", title="MV", zone="Asia/Seoul")
    body += event_toml("2024-03-01", ident="weekly", title="Show", repeat="weekly")
    body += event_toml("2016-12-19", ident="run", title="Run", end="2017-02-21")
    return write_timeline(tmp_path, body, zone="Asia/Seoul")


def test_list_json_has_the_selected_events_as_the_export_objects(timeline: Path) -> None:
    found = answer(["list", "-f", str(timeline), "--tz", "America/New_York", "--on", "2024-01"])
    assert found["zone"] == "America/New_York"
    assert [e["id"] for e in found["events"]] == ["mv"]
    (mv,) = found["events"]
    assert tuple(mv) == EVENT_KEYS
    assert mv["start"] == "2024-01-24T00:00:00+09:00" and mv["timezone"] == "Asia/Seoul"


def test_list_json_lists_each_occurrence_in_a_bounded_range(timeline: Path) -> None:
    found = answer(["list", "-f", str(timeline), "--from", "2024-03-01", "--to", "2024-03-20"])
    starts = [e["start"] for e in found["events"] if e["id"] == "weekly"]
    assert starts == ["2024-03-01", "2024-03-08", "2024-03-15"]


def test_show_json_names_the_file_and_line(timeline: Path) -> None:
    found = answer(["show", "run", "-f", str(timeline), "--tz", "UTC"])
    assert found["event"]["end"] == "2017-02-21"
    assert found["file"] == str(timeline)
    line = timeline.read_text(encoding="utf-8").splitlines()[found["line"] - 1]
    assert line == "[[events]]"


def test_anniversaries_json_counts_years_and_days(timeline: Path) -> None:
    found = answer(
        ["anniversaries", "-f", str(timeline), "--on", "2026-01-20", "--within", "5", "--tz", "UTC"]
    )
    assert found["date"] == "2026-01-20" and found["zone"] == "UTC"
    (mv,) = [a for a in found["anniversaries"] if a["event"]["id"] == "mv"]
    # 00:00 KST on 24 January is 23 January in UTC: the anniversary falls then.
    assert (mv["date"], mv["days_left"], mv["years"], mv["repeat"]) == ("2026-01-23", 3, 2, None)
    weekly = [a for a in found["anniversaries"] if a["event"]["id"] == "weekly"]
    assert [a["repeat"] for a in weekly] == ["weekly"]


def test_check_json_reports_findings_and_keeps_the_exit_code(tmp_path: Path) -> None:
    path = write_timeline(tmp_path, event_toml("2024-01-01", ident="a", end="2023-01-01"))
    found = answer(["check", "-f", str(path)], code=4)
    assert found["files"] == [str(path)] and found["errors"] == 1
    (finding,) = [f for f in found["findings"] if f["level"] == "error"]
    assert finding["where"].startswith(f"{path}:") and "end" in finding["message"]
    clean = answer(["check", "-f", str(SAMPLE)])
    assert (clean["errors"], clean["warnings"], clean["findings"]) == (0, 0, [])


def test_add_edit_remove_json_describe_the_write(timeline: Path) -> None:
    before = timeline.read_bytes()
    dry = answer(["add", "New", "--start", "2024-05-01 18:00", "-f", str(timeline), "--dry-run"])
    assert (dry["action"], dry["dry_run"]) == ("added", True)
    assert dry["event"]["start"] == "2024-05-01T18:00:00+09:00"
    assert timeline.read_bytes() == before
    added = answer(["add", "New", "--start", "2024-05-01", "--id", "new", "-f", str(timeline)])
    assert (added["action"], added["dry_run"], added["file"]) == ("added", False, str(timeline))
    changed = answer(["edit", "new", "--title", "Newer", "-f", str(timeline)])
    assert (changed["action"], changed["event"]["title"]) == ("changed", "Newer")
    preview = answer(["edit", "new", "--title", "X", "-f", str(timeline), "--dry-run"])
    assert (preview["dry_run"], preview["event"]["title"]) == (True, "X")
    removed = answer(["remove", "new", "--yes", "-f", str(timeline)])
    assert removed == {"action": "removed", "file": str(timeline), "ids": ["new"]}
    assert timeline.read_bytes() == before


def test_import_json_lists_ids_by_what_happens_to_them(timeline: Path, tmp_path: Path) -> None:
    exported = tmp_path / "out.json"
    assert invoke(["export", "-f", str(timeline), "-o", str(exported)]).exit_code == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    ids = [e["id"] for e in document["events"]]
    document["events"][0]["title"] = "Changed"
    document["events"].append({**document["events"][0], "id": "fresh", "title": "Fresh"})
    exported.write_text(json.dumps(document), encoding="utf-8")
    args = ["import", str(exported), "-f", str(timeline), "--update", "--dry-run"]
    found = answer(args)
    assert found["source"] == str(exported) and found["dry_run"] is True
    assert (found["added"], found["updated"]) == (["fresh"], [ids[0]])
    assert sorted(found["skipped"]) == sorted(ids[1:])
    assert (found["invalid"], found["notes"], found["skipped_other_file"]) == ([], [], [])


def test_importing_our_own_export_again_changes_nothing(timeline: Path, tmp_path: Path) -> None:
    """An all-day event of a file with a [timeline] zone is exported naming that zone;
    importing it back is no update (it was one before, and --update rewrote it)."""
    exported = tmp_path / "out.json"
    assert invoke(["export", "-f", str(timeline), "-o", str(exported)]).exit_code == 0
    before = timeline.read_bytes()
    found = answer(["import", str(exported), "-f", str(timeline), "--update"])
    assert (found["added"], found["updated"]) == ([], [])
    assert sorted(found["skipped"]) == ["mv", "run", "weekly"]
    assert timeline.read_bytes() == before


def test_errors_stay_one_line_on_stderr_with_json(timeline: Path) -> None:
    assert_error(invoke(["show", "nope", "-f", str(timeline), "--json"]), 2, "nope")
    assert_error(invoke(["list", "-f", str(timeline), "--on", "blah", "--json"]), 2, "blah")


def test_json_text_is_valid_for_hostile_titles(tmp_path: Path) -> None:
    title = 'say "hi"\\ </script> \u202e \u00e9 \u0007'
    body = f'[[events]]\nid = "x"\ntitle = {json.dumps(title)}\nstart = 2024-01-01\n'
    path = write_timeline(tmp_path, body)
    (event,) = answer(["list", "-f", str(path)])["events"]
    assert event["title"] == title


def test_only_the_renderer_writes_to_stdout_and_stderr() -> None:
    """Commands hand results to the renderer; only it (and the app's help and version
    answers before any command runs) writes to the streams."""
    package = ROOT / "timeline_cli"
    writers = set()
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"sys\.(stdout|stderr)\.(write|buffer)|\bprint\(|typer\.echo", text):
            writers.add(path.relative_to(package).as_posix())
    assert writers and all(w.startswith("render/") or w == "cli/app.py" for w in writers), writers
