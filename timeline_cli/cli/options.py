"""The options shared by several commands (one definition each)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass


FileOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--file",
        "-f",
        metavar="PATH",
        help="Events file (repeatable). Default: $TIMELINE_FILE, ./events.toml, "
        "or $XDG_DATA_HOME/timeline/events.toml.",
        show_default=False,
    ),
]
ZoneOption = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="Display zone: IANA name, UTC, local, +09:00 or KST. "
        "Default: $TIMELINE_TZ, then the system zone.",
        show_default=False,
    ),
]


FromOption = Annotated[
    str | None, typer.Option("--from", help="Only events on or after WHEN.", metavar="WHEN")
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Only events on or before WHEN.", metavar="WHEN")
]
OnOption = Annotated[
    str | None,
    typer.Option("--on", help="Only events on that day, month or year.", metavar="WHEN"),
]
TagFilter = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", metavar="TAG", help="Only events with this tag (repeatable)."),
]
PersonFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--person", "-p", metavar="NAME", help="Only events with this person (repeatable)."
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option("--search", "-s", metavar="TEXT", help="Text to find (any field, any case)."),
]
LimitOption = Annotated[
    int | None, typer.Option("--limit", "-n", min=0, metavar="N", help="At most N events.")
]
ReverseOption = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]
