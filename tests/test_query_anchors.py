"""``--since A --until B``: anchors in the wrong order are an error, not an empty list."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import pytest

from tests.helpers import SAMPLE, assert_error, event_maker, event_toml, invoke, write_timeline
from timeline_cli.errors import UsageError
from timeline_cli.query import AnchorLabels, Query, run

make = event_maker(UTC)
EARLY = make(id="early", title="Early", start="2024-01-24")
LATE = make(id="late", title="Late", start="2024-03-01", end="2024-03-05")


def test_until_before_since_names_both_events_and_dates() -> None:
    """The core's message names the fields, the events and their dates."""
    with pytest.raises(UsageError) as caught:
        run(Query(since="late", until="early"), [EARLY, LATE], UTC)
    assert (
        caught.value.message
        == "since late (2024-03-01) is after until early (which ends 2024-01-24)"
    )


def test_the_command_layer_passes_its_option_names() -> None:
    """With ``AnchorLabels("--since", "--until")`` the message names the options."""
    query = Query(since="late", until="early", labels=AnchorLabels("--since", "--until"))
    with pytest.raises(UsageError, match=r"^--since late \(2024-03-01\) is after --until early"):
        run(query, [EARLY, LATE], UTC)


@pytest.mark.parametrize(("since", "until"), [("early", "late"), ("late", "late")])
def test_anchors_in_order_are_fine(since: str, until: str) -> None:
    """An anchor pair in order (or one event twice) selects what lies between."""
    assert run(Query(since=since, until=until), [EARLY, LATE], UTC)


def test_the_cli_refuses_until_before_since() -> None:
    """``list --since v-discharge --until v-enlistment`` exits 2 naming both events."""
    result = invoke(
        ["list", "-f", str(SAMPLE), "--since", "v-discharge", "--until", "v-enlistment"]
    )
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert "v-discharge (2025-06-10) is after" in result.stderr
    assert "v-enlistment (which ends 2023-12-11)" in result.stderr


def test_list_names_the_anchor_options(tmp_path: Path) -> None:
    """``list --since late --until early`` is a usage error in terms of its options."""
    body = event_toml("2024-01-24", ident="early") + event_toml("2024-03-01", ident="late")
    path = write_timeline(tmp_path, body)
    result = invoke(["list", "-f", str(path), "--since", "late", "--until", "early"])
    assert_error(result, 2, "--since late (2024-03-01) is after --until early")


@pytest.mark.parametrize("fmt", ["json", "html", "ics"])
def test_export_takes_the_anchors_of_list(fmt: str) -> None:
    """``export --since A --until B`` exports what ``list`` lists between them, in
    every format; the wrong order and an unknown id are the same errors as for list."""
    anchors = ["--since", "v-enlistment", "--until", "v-discharge"]
    listed = invoke(["list", "-f", str(SAMPLE), "--json", *anchors])
    assert listed.exit_code == 0, listed.stderr
    ids = {e["id"] for e in json.loads(listed.stdout)["events"]}
    assert "v-enlistment" in ids and "v-discharge" in ids and "wings-album-release" not in ids
    result = invoke(["export", "-f", str(SAMPLE), "--format", fmt, *anchors])
    assert result.exit_code == 0, result.stderr
    every = invoke(["export", "-f", str(SAMPLE), "--format", fmt])
    for ident in ids:
        assert ident in result.stdout
    for ident in {"hwarang-broadcasts", "wings-album-release"}:
        assert ident in every.stdout and ident not in result.stdout
    backwards = ["--since", "v-discharge", "--until", "v-enlistment"]
    wrong = invoke(["export", "-f", str(SAMPLE), "--format", fmt, *backwards])
    assert_error(wrong, 2, "--since v-discharge (2025-06-10) is after --until v-enlistment")
    unknown = invoke(["export", "-f", str(SAMPLE), "--format", fmt, "--since", "nope"])
    assert unknown.exit_code == 2 and unknown.stdout == ""
