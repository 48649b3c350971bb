"""The commands that add and remove events (edit is in ``edit_cmd``)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from timeline_cli import results
from timeline_cli.errors import UsageError, WriteError

if TYPE_CHECKING:
    from timeline_cli.actions import Where
    from timeline_cli.model import Event
    from timeline_cli.render import Output

from timeline_cli.cli.app import app, catch_errors
from timeline_cli.cli.context import this_run
from timeline_cli.cli.options import (
    FileOption,
    JsonOption,
    complete_event_zones,
    complete_ids,
    complete_people,
    complete_tags,
)


@app.command("add")
@catch_errors
def add_command(
    ctx: typer.Context,
    title: Annotated[
        str,
        typer.Argument(metavar="TITLE", help="The event's title (one line).", show_default=False),
    ],
    start: Annotated[
        str, typer.Option("--start", metavar="WHEN", help="When it starts (see `list --help`).")
    ],
    end: Annotated[
        str | None, typer.Option("--end", metavar="WHEN", help="Inclusive end of a span.")
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            autocompletion=complete_event_zones,
            help="The event's zone (IANA name or KST-style abbreviation). Default: the zone "
            "named in --start, else the file's [timeline] timezone, else the display zone.",
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", "-t", metavar="TAG", help="A tag (repeatable).", autocompletion=complete_tags
        ),
    ] = None,
    person: Annotated[
        list[str] | None,
        typer.Option(
            "--person",
            "-p",
            metavar="NAME",
            help="A person (repeatable).",
            autocompletion=complete_people,
        ),
    ] = None,
    location: Annotated[
        str | None, typer.Option("--location", metavar="TEXT", help="Where.")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="An http(s) reference.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", metavar="TEXT", help="The citation.")
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", "-d", metavar="TEXT", help="Longer text.")
    ] = None,
    repeat: Annotated[
        str | None,
        typer.Option(
            "--repeat",
            metavar="RULE",
            help="yearly, monthly, weekly, fortnightly, daily, or an RRULE "
            "(FREQ=WEEKLY;INTERVAL=2).",
        ),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            "--except",
            metavar="WHEN",
            help="An occurrence the repeat skips: its date or date-time (repeatable).",
        ),
    ] = None,
    event_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="The id (default: from the date and title)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be stored; write nothing.")
    ] = False,
    file: FileOption = None,
    json: JsonOption = False,
) -> None:
    """Add one event to the events file and show what was stored.

    The existing text of the file is kept byte for byte; the new event is appended
    as an [[events]] table under a lock, and the file is replaced atomically.
    A missing file is created with a [timeline] header.

    \b
    Examples:
      timeline add 'IU "Love wins all" MV' --start "2024-01-24 00:00 KST" -t release
      timeline add "Hwarang airs" --start 2016-12-19 --end 2017-02-21 -t drama
      timeline add "Some time that month" --start 2024-01 --dry-run
    """
    from timeline_cli.actions import add
    from timeline_cli.compose import NewEvent

    run = this_run(ctx, file)
    where = run.where()
    request = NewEvent(
        title=title,
        start=start,
        end=end,
        zone=tz,
        tags=tuple(tag or ()),
        people=tuple(person or ()),
        location=location,
        url=url,
        source=source,
        description=description,
        repeat=repeat,
        exceptions=tuple(skip or ()),
        id=event_id,
    )
    stored = add(request, where, dry_run=dry_run)
    answer = results.Stored(
        event=stored, zone=where.zone, path=where.target, action="added", dry_run=dry_run
    )
    run.output.show(answer, as_json=json)


@app.command("remove")
@catch_errors
def remove_command(
    ctx: typer.Context,
    event_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...", help="The ids of the events to remove.", autocompletion=complete_ids
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    file: FileOption = None,
    json: JsonOption = False,
) -> None:
    """Remove events from the events file.

    Their lines and the comments right above them go from the first -f file; every
    other byte stays.

    Asks for confirmation on a terminal; elsewhere refuses unless --yes is given.

    \b
    Examples:
      timeline remove love-wins-all-mv-trailer
      timeline remove a-b c-d --yes
    """
    from timeline_cli.actions import remove

    run = this_run(ctx, file)
    where = run.where()

    def confirm(chosen: list[Event]) -> None:
        if not yes:
            _confirm(run.output, chosen, where)

    ids = remove(event_ids, where, confirm=confirm)
    run.output.show(results.Removed(ids=ids, path=where.target), as_json=json)


def _confirm(output: Output, chosen: list[Event], where: Where) -> None:
    """Show what would go (date and title of each) and ask on a terminal; refuse
    (exit 2) where nobody can answer."""
    from timeline_cli.display import when_text

    many = len(chosen) > 1
    if sys.stdin.isatty():
        output.note(f"Remove {len(chosen)} event{'s' if many else ''} from {where.target}:")
        for event in chosen:
            output.note(f"  {when_text(event, where.zone)}  {event.title}  ({event.id})")
    answer = output.ask("Remove them?" if many else "Remove it?")
    if answer is None:
        raise UsageError("not on a terminal: give --yes to remove without confirmation")
    if answer.lower() not in ("y", "yes"):
        raise WriteError("nothing removed")
