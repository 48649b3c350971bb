"""The sync plan (pure): every combination of local, remote and state for one UID."""

from __future__ import annotations

import pytest

from timeline_cli.sync.plan import There, plan
from timeline_cli.sync.state import Entry, Seen, load, state_path

SYNCED = Entry("/cal/a.ics", '"e1"', "h1")


def one(local, remote, entry, prefer=None):
    steps = plan(
        {"a": local} if local else {},
        {"a": remote} if remote else {},
        {"a": entry} if entry else {},
        prefer,
    )
    return [(s.action, s.why) for s in steps]


SAME = There("/cal/a.ics", '"e1"', "h1")
EDITED = There("/cal/a.ics", '"e2"', "h2")
TOUCHED = There("/cal/a.ics", '"e2"', "h1")  # a new ETag, the same content


@pytest.mark.parametrize(
    ("local", "remote", "entry", "expected"),
    [
        ("h1", None, None, "upload"),
        (None, SAME, None, "download"),
        ("h1", SAME, None, "record"),  # no state, equal: recorded, not uploaded again
        ("h1", SAME, SYNCED, None),
        ("h1", TOUCHED, SYNCED, "record"),
        ("h9", SAME, SYNCED, "push"),
        ("h1", EDITED, SYNCED, "pull"),
        (None, SAME, SYNCED, "delete-remote"),
        ("h1", None, SYNCED, "delete-local"),
        (None, None, SYNCED, "forget"),
        ("h2", EDITED, SYNCED, "record"),  # the same edit on both sides
        ("h9", None, Entry(None, None, "h1"), "upload"),  # never reached the server
    ],
)
def test_one_side_or_none(local, remote, entry, expected):
    assert [a for a, _ in one(local, remote, entry)] == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("local", "remote", "why"),
    [
        ("h9", EDITED, "edited on both sides"),
        ("h9", None, "edited here, deleted there"),
        (None, EDITED, "deleted here, edited there"),
    ],
)
def test_both_sides_changed_is_a_conflict_unless_preferred(local, remote, why):
    assert one(local, remote, SYNCED) == [("conflict", why)]
    winner_local = one(local, remote, SYNCED, "local")[0][0]
    winner_remote = one(local, remote, SYNCED, "remote")[0][0]
    assert winner_local == ("delete-remote" if local is None else "push" if remote else "upload")
    assert winner_remote == ("delete-local" if remote is None else "pull" if local else "download")


def test_no_state_different_contents_conflict_and_nothing_is_deleted():
    assert one("h9", SAME, None) == [("conflict", "different on both sides")]
    # without state an event on one side only is copied to the other, never deleted
    assert [a for a, _ in one(None, SAME, None)] == ["download"]


def test_a_later_local_edit_resolves_a_conflict():
    seen = Entry("/cal/a.ics", '"e1"', "h1", Seen('"e2"', "h9"))
    assert one("h9", EDITED, seen)[0][0] == "conflict"  # nothing new: still one
    assert one("h10", EDITED, seen)[0][0] == "push"  # edited here since it was shown
    later = There("/cal/a.ics", '"e3"', "h3")
    assert one("h10", later, seen)[0][0] == "conflict"  # but the remote changed again


def test_a_conflict_undone_by_hand_is_recorded():
    seen = Entry("/cal/a.ics", '"e1"', "h1", Seen('"e2"', "h9"))
    assert one("h1", SAME, seen)[0][0] == "record"


def test_state_round_trip_and_a_broken_file_is_no_state(tmp_path):
    path = state_path(tmp_path, tmp_path / "events.toml", "http://h/cal/")
    state = load(path)
    assert state.entries == {}
    state.put("a", Entry("/cal/a.ics", '"e"', "h", Seen(None, "x")))
    state.token = "tok"
    state.save()
    again = load(path)
    assert again.entries == state.entries and again.token == "tok"
    assert again.by_href() == {"/cal/a.ics": "a"}
    path.write_text("{not json")
    assert load(path).entries == {}
    path.write_text('{"version": 1, "events": {"a": {"href": 3}}}')
    assert load(path).entries == {}
    other = state_path(tmp_path, tmp_path / "events.toml", "http://h/other/")
    assert other != path
