"""``actions.edit`` and ``editing``: what an edit refuses, and an edit that changes nothing."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import SEOUL
from timeline_cli.actions import Where, edit
from timeline_cli.editing import EventEdit
from timeline_cli.errors import UsageError

TEXT = """\
[[events]]
id = "mv"
title = "Love wins all"
start = 2024-01-24
tags = ["iu", "mv"]
people = ["IU"]
source = "s"
"""
NOW = datetime(2024, 6, 1, tzinfo=UTC)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """The events file, its modification time set in the past (a write would move it)."""
    path = tmp_path / "e.toml"
    path.write_text(TEXT, encoding="utf-8")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    return path


def run(path: Path, change: EventEdit, *, dry_run: bool = False) -> tuple[bool, str]:
    done = edit("mv", change, Where([path], SEOUL, NOW), dry_run=dry_run)
    return done.changed, done.event.title


def untouched(path: Path) -> bool:
    return path.read_text(encoding="utf-8") == TEXT and path.stat().st_mtime_ns == 1_000_000_000


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (EventEdit(remove_tags=("acting",)), "event mv has no tag 'acting' (its tags: iu, mv)"),
        (EventEdit(remove_people=("V",)), "event mv has no person 'V' (its people: IU)"),
        (EventEdit(remove_tags=("iu", "x")), "event mv has no tag 'x' (its tags: iu, mv)"),
    ],
)
def test_removing_a_label_the_event_lacks_is_refused(
    path: Path, change: EventEdit, message: str
) -> None:
    """--remove-tag/--remove-person of one the event does not have: exit 2, nothing written."""
    with pytest.raises(UsageError) as caught:
        run(path, change)
    assert caught.value.message == message
    assert caught.value.exit_code == 2
    assert untouched(path)


def test_a_label_is_removed_in_any_case(path: Path) -> None:
    """--remove-tag MV removes the tag mv (labels match in any case)."""
    assert run(path, EventEdit(remove_tags=("MV",)))[0]
    assert 'tags = ["iu"]' in path.read_text(encoding="utf-8")


def test_an_event_without_tags_says_so(path: Path) -> None:
    """The refusal says when the event has no tags at all."""
    run(path, EventEdit(clear=("tags",)))
    with pytest.raises(UsageError, match=r"^event mv has no tag 'iu' \(it has no tags\)$"):
        run(path, EventEdit(remove_tags=("iu",)))


@pytest.mark.parametrize(
    "change",
    [
        EventEdit(title="Love wins all"),
        EventEdit(start="2024-01-24", add_tags=("iu",), add_people=("IU",)),
        EventEdit(texts=(("source", "s"),), new_id="mv"),
        EventEdit(clear=("url", "end")),
    ],
)
@pytest.mark.parametrize("dry_run", [False, True])
def test_values_equal_to_the_current_ones_change_nothing(
    path: Path, change: EventEdit, dry_run: bool
) -> None:
    """Every value given is the event's already: changed is False, the file is not rewritten."""
    assert run(path, change, dry_run=dry_run) == (False, "Love wins all")
    assert untouched(path)


def test_a_real_change_says_so(path: Path) -> None:
    """An edit that changes a value reports changed and rewrites the file."""
    assert run(path, EventEdit(title="New")) == (True, "New")
    assert 'title = "New"' in path.read_text(encoding="utf-8")


def test_an_edit_asking_for_nothing_is_refused(path: Path) -> None:
    """No change option at all: exit 2 naming the fields, key 'edit-nothing' for the CLI."""
    with pytest.raises(UsageError) as caught:
        run(path, EventEdit())
    assert caught.value.message.startswith("nothing to change: give a field a new value (title,")
    assert caught.value.fix == "edit-nothing"
    assert untouched(path)


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("titel", " (did you mean 'title'? it can be changed, not cleared)"),
        ("tag", " (did you mean 'tags'?)"),
        ("start", " (it can be changed, not cleared)"),
        ("colour", ""),
    ],
)
def test_clearing_an_unknown_field_lists_the_ones_that_can_be(
    path: Path, name: str, hint: str
) -> None:
    """--clear titel: did you mean, and the fields that can be cleared."""
    with pytest.raises(UsageError) as caught:
        run(path, EventEdit(clear=(name,)))
    assert caught.value.message == (
        f"cannot clear {name!r}{hint}; the fields that can be cleared: end, timezone, tags, "
        "people, location, url, source, description, repeat, except, uid"
    )
    assert untouched(path)


def test_an_event_without_an_id_line_gets_none_when_nothing_changes(tmp_path: Path) -> None:
    """A no-op edit of a hand-written event without `id` does not add the id line."""
    path = tmp_path / "e.toml"
    text = '[[events]]\ntitle = "T"\nstart = 2024-01-24\n'
    path.write_text(text, encoding="utf-8")
    done = edit("2024-01-24-t", EventEdit(title="T"), Where([path], SEOUL, NOW))
    assert not done.changed
    assert path.read_text(encoding="utf-8") == text
