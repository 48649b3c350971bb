"""The command that changes one event: edit (options, or the user's editor)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from timeline_cli import results
from timeline_cli.errors import UsageError

if TYPE_CHECKING:
    pass

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
