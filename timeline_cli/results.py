"""What the commands answer, as data: the renderer (``timeline_cli.render``) shows
each as a Rich table on a terminal, plain text when piped, or JSON with ``--json``.

A command builds one of these and hands it to ``Output.show``; nothing here prints,
and nothing here knows about options or terminals. Named tuples, not dataclasses:
they cost a tenth as much to define, which every start-up pays.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from timeline_cli.agenda import Item
    from timeline_cli.anniversaries import Anniversary
    from timeline_cli.checks import Finding
    from timeline_cli.importing import Plan
    from timeline_cli.labels import Field, Label
    from timeline_cli.model import Event
    from timeline_cli.sync.apply import Done


class Listing(NamedTuple):
    """``list``: the selected events, in the display zone at ``now``."""

    events: Sequence[Event]
    zone: tzinfo
    now: datetime
    title: str | None
    dday: bool = False


class Drawing(NamedTuple):
    """``view``: the drawn lines, already laid out for the width asked for."""

    lines: Sequence[str]


class Anniversaries(NamedTuple):
    """``anniversaries``: what comes round from ``today`` on, in ``zone``."""

    found: Sequence[Anniversary]
    today: date
    zone: tzinfo


class Agenda(NamedTuple):
    """``next``: what is coming from ``now`` to ``days`` days later, in ``zone``."""

    items: Sequence[Item]
    now: datetime
    zone: tzinfo
    days: int


class Labels(NamedTuple):
    """``tags`` or ``people`` (``field``): each with its events and the time they cover."""

    found: Sequence[Label]
    field: Field
    zone: tzinfo


class Detail(NamedTuple):
    """``show``: one event, every field."""

    event: Event
    zone: tzinfo
    now: datetime


class Findings(NamedTuple):
    """``check``: every problem of the files, in file then line order."""

    findings: Sequence[Finding]
    paths: Sequence[Path]

    @property
    def errors(self) -> int:
        return sum(f.level == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


class Stored(NamedTuple):
    """``add`` or ``edit``: the event as written to ``path`` (or as it would be)."""

    event: Event
    zone: tzinfo
    path: Path
    action: str  # "added", "changed", or "unchanged" (every value given was its already)
    dry_run: bool = False


class Preview(NamedTuple):
    """``edit --dry-run``: the file before and after."""

    event: Event
    path: Path
    old: bytes
    new: bytes


class Removed(NamedTuple):
    """``remove``: the ids of the events taken out of ``path``."""

    ids: Sequence[str]
    path: Path


class ImportReport(NamedTuple):
    """``import``: the plan (added, updated, skipped), invalid events and notes."""

    plan: Plan
    invalid: Sequence[str]
    notes: Sequence[str]
    zone: tzinfo
    source: str
    dry_run: bool = False
    # Set when a URL answered "not modified": the file it was last imported into
    # (the plan is empty; nothing was read or written).
    unchanged_in: Path | None = None


class Exported(NamedTuple):
    """``export``: the bytes of one format, for stdout or a file."""

    data: bytes
    name: str
    events: int  # how many
    path: Path | None = None  # set when written to a file


class SyncReport(NamedTuple):
    """``sync``: each event's step (planned, or done), notes about what was skipped."""

    file: Path
    remote: str  # the remote's name
    steps: Sequence[Done]
    notes: Sequence[str]
    failed: int  # events the server refused
    dry_run: bool = False

    def count(self, *actions: str) -> int:
        return sum(1 for d in self.steps if d.step.action in actions and d.error is None)


Result = (
    (Listing | Drawing | Anniversaries | Detail | Findings | Stored | Preview | Removed)
    | ImportReport
    | Exported
    | Agenda
    | Labels
    | SyncReport
)
