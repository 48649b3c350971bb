"""Actions: the changes a command makes to the events file, as core functions.

(Some refusals still name the command's options, as the commands print them.)

Each one validates what it was given before touching anything (so a bad option
is refused with the file untouched), then plans its change again from the file
as it is under the writers' lock (``store.changes``), so another writer's work
is never lost, and writes it atomically. Commands call these in a line or two;
``$EDITOR`` editing and sync reuse them. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from timeline_cli.errors import UsageError
from timeline_cli.model import Event

if TYPE_CHECKING:
    from timeline_cli.compose import NewEvent
    from timeline_cli.editing import EventEdit
    from timeline_cli.editor import Editor
    from timeline_cli.errors import TimelineError
    from timeline_cli.formats import Candidate
    from timeline_cli.importing import Plan
    from timeline_cli.store import FileData


class Where(NamedTuple):
    """The file a change goes to, and what the run knows around it."""

    paths: list[Path]  # every loaded file; the change goes to the first
    zone: tzinfo  # the display zone: naive times of a file without [timeline] zone
    now: datetime
    create_folder: bool = False  # the default file's folder may be created

    @property
    def target(self) -> Path:
        return self.paths[0]

    def header_zone(self) -> str | None:
        """The [timeline] zone a new file gets: the display zone, when it has a name."""
        from timeline_cli.zones import iana_zone, zone_name

        return zone_name(self.zone) if iana_zone(zone_name(self.zone)) else None


def add(request: NewEvent, where: Where, *, dry_run: bool = False) -> Event:
    """Append one event (or, with ``dry_run``, only build it); the event as stored."""
    from timeline_cli.compose import build_event
    from timeline_cli.store import load, load_file, read_header
    from timeline_cli.store.changes import append_event

    others = {e.id for e in load(where.paths[1:]).events} if len(where.paths) > 1 else set()

    def make(current: FileData) -> Event:
        default_zone = current.zone if current.zone_name else where.zone
        return build_event(request, now=where.now, default_zone=default_zone)

    make(read_header(where.target))  # refuse bad options before touching anything
    if dry_run:
        target = where.target
        current = load_file(target) if target.exists() else load_file(target, b"")
        event = make(current)
        if request.id is not None and request.id in others | {e.id for e in current.events}:
            raise UsageError(f"id {request.id!r} is already used", fix="id")
        return event
    return append_event(
        where.target,
        make,
        id_given=request.id is not None,
        other_ids=others,
        header_zone=where.header_zone(),
        create_folder=where.create_folder,
    )


class Edited(NamedTuple):
    """An edit: the event as stored; for a dry run, the file's bytes before and after.

    ``changed`` is False when every value given was the event's already: nothing written.
    """

    event: Event
    preview: tuple[bytes, bytes] | None = None
    changed: bool = True


def edit(
    event_id: str, change: EventEdit, where: Where, *, rename: bool = False, dry_run: bool = False
) -> Edited:
    """Change fields of one event of the first file; only their lines change.

    An edit that asks for nothing is refused; one that changes nothing writes nothing.
    """
    from timeline_cli.editing import edit_event, require_change, unchanged
    from timeline_cli.query import find
    from timeline_cli.store import load, read_header
    from timeline_cli.store.changes import Change, preview_change, write_change

    require_change(change)
    target = where.target
    everything = load(where.paths).events
    old = find(everything, event_id)
    if old.file != target:
        raise UsageError(f"{event_id} is not in {target}", fix="edit-first")
    new_id = change.new_id
    if new_id is not None and new_id != event_id:
        if not rename:
            raise UsageError(
                "a new id changes the event's id: rename it if that is meant", fix="rename"
            )
        if any(e.id == new_id for e in everything):
            raise UsageError(f"id {new_id!r} is already used", fix="id")
    file_zone = read_header(target).zone
    new = edit_event(old, change, now=where.now, file_zone=file_zone)  # refuse bad ones first
    if unchanged(old, new):
        return Edited(old, changed=False)
    stored: list[Event] = []

    def planned(current: FileData) -> Change:
        fresh = next((e for e in current.events if e.id == event_id), None)
        if fresh is None:
            raise UsageError(f"no event with id {event_id!r} any more in {target}")
        stored.append(edit_event(fresh, change, now=where.now, file_zone=current.zone))
        if unchanged(fresh, stored[-1]):  # another writer made the same change meanwhile
            return Change([], {})
        return Change([], {event_id: stored[-1]})

    if dry_run:
        preview = preview_change(target, planned)
        return Edited(stored[-1], preview)
    write_change(target, planned, header_zone=None)
    return Edited(stored[-1])


def edit_in_editor(
    event_id: str,
    where: Where,
    *,
    editor: Editor,
    again: Callable[[TimelineError], bool | None],
    dry_run: bool = False,
) -> Edited:
    """Edit one event of the first file as text in the user's editor; only its lines change.

    The result is checked like every write (one valid event, its id free) and replaces
    the event's block under the lock, unless the block changed on disk meanwhile. An
    invalid text goes back to the editor while ``again`` says yes (see
    ``editor.edit_block``). The temporary file goes once the edit is written or dropped;
    when a write fails it stays, and the error says where.
    """
    from timeline_cli.editor import edit_block, noting, read_event
    from timeline_cli.errors import TimelineError, WriteError
    from timeline_cli.query import find
    from timeline_cli.store import load
    from timeline_cli.store.blocks import BlockChanged, preview_block, read_block, write_block

    target = where.target
    timeline = load(where.paths)
    old = find(timeline.events, event_id)
    if old.file != target:
        raise UsageError(f"{event_id} is not in {target}", fix="edit-first")
    elsewhere = {e.id for e in timeline.events if e.file != target}
    shown = read_block(target, event_id)

    def checked(path: Path, lines: list[str], current: FileData) -> Event:
        taken = elsewhere | {e.id for e in current.events if e.id != event_id}
        return read_event(path, lines, current.zone, taken)

    first = timeline.files[0]
    draft = edit_block(
        event_id, shown, editor, check=lambda p, lines: checked(p, lines, first), again=again
    )
    if draft is None:
        return Edited(old, changed=False)

    def make(current: FileData) -> Event:
        return checked(draft.path, draft.lines, current)

    try:
        if dry_run:
            before, after, event = preview_block(target, event_id, shown, draft.lines, make)
        else:
            event = write_block(target, event_id, shown, draft.lines, make)
    except BlockChanged as exc:
        raise WriteError(f"{exc.message}; your version is in {draft.path} — edit again") from None
    except TimelineError as exc:
        raise noting(exc, f"; your version is in {draft.path}") from None
    draft.path.unlink(missing_ok=True)
    return Edited(event, (before, after) if dry_run else None)


def remove(
    event_ids: Sequence[str], where: Where, *, confirm: Callable[[list[Event]], None]
) -> list[str]:
    """Remove events of the first file (and the comments right above them); their ids.

    ``confirm`` sees the events first and raises to refuse.
    """
    from timeline_cli.query import find
    from timeline_cli.store import load
    from timeline_cli.store.changes import Change, write_change

    target = where.target
    everything = load(where.paths).events
    chosen = [find(everything, event_id) for event_id in dict.fromkeys(event_ids)]
    elsewhere = [e.id for e in chosen if e.file != target]
    if elsewhere:
        raise UsageError(f"{', '.join(elsewhere)} not in {target}", fix="remove-first")
    confirm(chosen)
    ids = frozenset(e.id for e in chosen)

    def planned(current: FileData) -> Change:
        missing = ids - {e.id for e in current.events}
        if missing:
            raise UsageError(f"no event with id {sorted(missing)[0]!r} any more in {target}")
        return Change([], {}, ids)

    write_change(target, planned, header_zone=None)
    return sorted(ids)


class Imported(NamedTuple):
    """An import: its plan (added, updated, skipped), the invalid events and the notes."""

    plan: Plan
    invalid: list[str]
    notes: list[str]


def import_events(
    candidates: list[Candidate],
    where: Where,
    *,
    name: str,
    update: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> Imported:
    """Merge the candidates of an import file into the first file; nothing duplicated."""
    from timeline_cli.importing import Checked, check, plan
    from timeline_cli.store import load, read_header
    from timeline_cli.store.changes import Change, write_change

    target = where.target
    others = load(where.paths[1:]).events if len(where.paths) > 1 else []

    def checked(current: FileData) -> Checked:
        default = current.zone if current.zone_name else where.zone
        return check(candidates, default, skip_invalid=skip_invalid, name=name)

    events, invalid, notes = checked(read_header(target))
    if dry_run:
        current = load([target]).events if target.exists() else []
        return Imported(plan(events, current, others, update=update), invalid, notes)
    outcome: list[Plan] = []

    def planned(current: FileData) -> Change:
        result = plan(checked(current).events, current.events, others, update=update)
        outcome.append(result)
        return Change(result.add, {e.id: e for e in result.update})

    write_change(
        target, planned, header_zone=where.header_zone(), create_folder=where.create_folder
    )
    return Imported(outcome[-1], invalid, notes)
