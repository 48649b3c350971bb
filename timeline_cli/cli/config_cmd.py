"""``timeline config``: every setting, its value and where it came from."""

from __future__ import annotations

from typing import Annotated

import typer

from timeline_cli.cli.app import app, catch_errors
from timeline_cli.cli.context import Run, this_run
from timeline_cli.cli.options import FileOption, JsonOption, ZoneOption


@app.command("config")
@catch_errors
def config_command(
    ctx: typer.Context,
    path: Annotated[
        bool,
        typer.Option(
            "--path", help="Print only the config file's path (whether it exists or not)."
        ),
    ] = False,
    file: FileOption = None,
    tz: ZoneOption = None,
    json: JsonOption = False,
) -> None:
    """Show each setting, its value and where it came from.

    Each setting comes from an option, else the environment, else the config file
    ($TIMELINE_CONFIG, else $XDG_CONFIG_HOME/timeline/config.toml), else its default.

    \b
    Examples:
      timeline config
      timeline config --path
      timeline config --json --tz Asia/Seoul
    """
    from timeline_cli.config import report
    from timeline_cli.render.config_report import print_config

    # --path answers even when the config file is broken (this_run would stop there).
    run = ctx.obj if path and isinstance(ctx.obj, Run) else this_run(ctx, file, tz)
    print_config(report(run.settings, path_only=path), run.output.stdout, as_json=json)
