"""The commands that change the events file: add, edit, remove."""

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
    complete_fields,
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


@app.command("edit")
@catch_errors
def edit_command(
    ctx: typer.Context,
    event_id: Annotated[
        str, typer.Argument(metavar="ID", help="The event to change.", autocompletion=complete_ids)
    ],
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="New title.")] = None,
    start: Annotated[str | None, typer.Option("--start", metavar="WHEN", help="New start.")] = None,
    end: Annotated[str | None, typer.Option("--end", metavar="WHEN", help="New end.")] = None,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="New zone; wall times stay as written.",
            autocompletion=complete_event_zones,
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", metavar="TAG", help="Add a tag.", autocompletion=complete_tags),
    ] = None,
    remove_tag: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-tag", metavar="TAG", help="Remove a tag.", autocompletion=complete_tags
        ),
    ] = None,
    person: Annotated[
        list[str] | None,
        typer.Option(
            "--person", "-p", metavar="NAME", help="Add a person.", autocompletion=complete_people
        ),
    ] = None,
    remove_person: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-person",
            metavar="NAME",
            help="Remove a person.",
            autocompletion=complete_people,
        ),
    ] = None,
    location: Annotated[
        str | None, typer.Option("--location", metavar="TEXT", help="New location.")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="New http(s) reference.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", metavar="TEXT", help="New citation.")
    ] = None,
    description: Annotated[
        str | None,
        typer.Option("--description", "-d", metavar="TEXT", help="New longer text."),
    ] = None,
    repeat: Annotated[
        str | None,
        typer.Option("--repeat", metavar="RULE", help="New repeat rule (as for add)."),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            "--except", metavar="WHEN", help="Skip this occurrence of the repeat (repeatable)."
        ),
    ] = None,
    new_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="New id (needs --rename).")
    ] = None,
    rename: Annotated[bool, typer.Option("--rename", help="Allow --id to change the id.")] = False,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            metavar="FIELD",
            help="Remove a field (end, tags, url, ...).",
            autocompletion=complete_fields,
        ),
    ] = None,
    in_editor: Annotated[
        bool,
        typer.Option(
            "--editor",
            help="Edit the event's lines in $VISUAL, else $EDITOR, else vi (no other change "
            "option with it).",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")
    ] = False,
    file: FileOption = None,
    json: JsonOption = False,
) -> None:
    """Change fields of one event in place.

    Only the lines of the changed fields change in the file; comments and every
    other event stay byte for byte. With --editor, the event's lines (comments
    included) open in your editor and are checked before they replace the old ones.

    \b
    Examples:
      timeline edit love-wins-all-mv --title 'IU "Love wins all" MV' -t iu
      timeline edit v-discharge --start "2025-06-10 10:00" --dry-run
      timeline edit hwarang-run --clear url --remove-tag acting
      timeline edit hwarang-run --editor
    """
    from timeline_cli.actions import edit, edit_in_editor
    from timeline_cli.editing import EventEdit
    from timeline_cli.editor import Editor

    run = this_run(ctx, file)
    where = run.where()
    texts = {"location": location, "url": url, "source": source, "description": description}
    change = EventEdit(
        title=title,
        start=start,
        end=end,
        zone=tz,
        add_tags=tuple(tag or ()),
        remove_tags=tuple(remove_tag or ()),
        add_people=tuple(person or ()),
        remove_people=tuple(remove_person or ()),
        texts=tuple((k, v) for k, v in texts.items() if v is not None),
        repeat=repeat,
        exceptions=tuple(skip or ()),
        new_id=new_id,
        clear=tuple(clear or ()),
    )
    if in_editor and (change != EventEdit() or rename):
        raise UsageError("--editor edits the whole event: give no other change option with it")
    if in_editor:
        from timeline_cli.cli.app import worded
        from timeline_cli.errors import TimelineError

        def again(problem: TimelineError) -> bool | None:
            if not sys.stdin.isatty():
                return None  # nobody to ask: the problem is the error
            run.output.error(worded(problem))
            answer = run.output.ask("Edit again?")
            return None if answer is None else answer.lower() in ("y", "yes")

        editor = Editor(run.settings.editor, run.settings.sources.get("editor", "default"))
        done = edit_in_editor(event_id, where, editor=editor, again=again, dry_run=dry_run)
    else:
        done = edit(event_id, change, where, rename=rename, dry_run=dry_run)
    answer: results.Result
    if not done.changed:
        answer = results.Stored(
            event=done.event, zone=where.zone, path=where.target, action="unchanged"
        )
    elif done.preview is not None:
        old, new = done.preview
        answer = results.Preview(event=done.event, path=where.target, old=old, new=new)
    else:
        answer = results.Stored(
            event=done.event, zone=where.zone, path=where.target, action="changed"
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
