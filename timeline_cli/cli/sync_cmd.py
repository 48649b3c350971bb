"""``timeline sync``: two-way sync of the events file with a CalDAV calendar."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from timeline_cli.cli.app import app, catch_errors
from timeline_cli.cli.context import this_run
from timeline_cli.cli.options import FileOption, JsonOption, ZoneOption
from timeline_cli.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from timeline_cli.sync.remotes import Remote


@app.command("sync")
@catch_errors
def sync_command(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="The remote ([remotes.NAME] in the config file); default: the only one.",
            show_default=False,
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", metavar="URL", help="A calendar collection not in the config."),
    ] = None,
    username: Annotated[
        str | None, typer.Option("--username", metavar="USER", help="Log in as USER (--url).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the plan; change nothing on either side.")
    ] = False,
    prefer: Annotated[
        Literal["local", "remote"] | None,
        typer.Option(
            "--prefer",
            metavar="SIDE",
            help="Resolve conflicts with this side's version: local or remote.",
        ),
    ] = None,
    file: FileOption = None,
    tz: ZoneOption = None,
    json: JsonOption = False,
) -> None:
    """Sync the events file with a CalDAV calendar, both ways.

    Uploads events added here, downloads those added there, carries edits and
    removals each way, and leaves events changed on both sides alone (exit 7)
    unless --prefer says which side wins. The events file is the first -f; it is
    created if missing.

    \b
    Examples:
      timeline sync team --dry-run
      timeline sync --prefer local
      timeline sync --url https://cal.example.org/ana/team/ --username ana
    """
    from timeline_cli import results
    from timeline_cli.sync.remotes import credentials

    run = this_run(ctx, file, tz)
    remote = _remote(run.settings.remotes, name, url, username)
    settings = run.settings
    login = credentials(remote, settings.netrc, settings.password)
    from timeline_cli.sync.apply import sync
    from timeline_cli.sync.client import Client
    from timeline_cli.sync.state import load, state_path

    where = run.where()
    target = where.target
    state = load(state_path(settings.state, target, remote.url))
    client = Client(remote, login)
    progress = run.output.progress(f"Syncing with {remote.name}")
    try:
        outcome = sync(
            client,
            target,
            state,
            zone=where.zone,
            now=run.now,
            prefer=prefer,
            dry_run=dry_run,
            header_zone=where.header_zone(),
            progress=progress,
        )
    finally:
        progress.close()
        client.close()
    report = results.SyncReport(
        target, remote.name, outcome.steps, outcome.notes, outcome.failed, dry_run
    )
    run.output.show(report, as_json=json)
    if outcome.failed:
        raise typer.Exit(ExitCode.REMOTE)
    if report.count("conflict") and not dry_run:
        raise typer.Exit(ExitCode.CONFLICT)


def _remote(
    remotes: Mapping[str, Remote], name: str | None, url: str | None, username: str | None
) -> Remote:
    """The remote to sync with: --url's, the one named, or the only one."""
    from timeline_cli.sync.remotes import url_remote

    if url is not None:
        if name is not None:
            raise UsageError("give a remote's NAME or --url, not both")
        return url_remote(url, username)
    if username is not None:
        raise UsageError("--username goes with --url (a remote's username is in its table)")
    if name is None:
        if len(remotes) == 1:
            return next(iter(remotes.values()))
        if not remotes:
            raise UsageError(
                "no remote: add a [remotes.NAME] table with its url to the config file, "
                "or give --url"
            )
        raise UsageError(f"which remote? give one of: {', '.join(remotes)}")
    if name not in remotes:
        from timeline_cli.suggest import did_you_mean

        known = ", ".join(remotes) or "none in the config file"
        raise UsageError(f"no remote named {name!r}{did_you_mean(name, remotes)} (known: {known})")
    return remotes[name]
