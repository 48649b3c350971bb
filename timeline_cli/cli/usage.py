"""Mistakes on the command line (an unknown option, a missing one, a bad value), in
the language of every other error: one ``timeline: error: ...`` line with a
suggestion, exit 2, instead of Click's four-line usage block."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer import core
from typer._click import core as click_core
from typer._click import exceptions as click_errors
from typer.exceptions import Abort

from timeline_cli.errors import ExitCode

Context = click_core.Context


class TimelineGroup(core.TyperGroup):
    """The app's command group: Click's usage errors become one worded line."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click_errors.UsageError as exc:
            _fail(worded_usage(exc), ExitCode.USAGE)
        except click_errors.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except Abort:
            _fail("interrupted", 130)
        sys.exit(code if isinstance(code, int) else ExitCode.OK)


class TimelineCommand(core.TyperCommand):
    """A command whose usage line names arguments plainly: ``ID``, not ``{ID}``."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


def _fail(message: str, code: int) -> None:
    from timeline_cli.render import Output

    Output().error(message)
    sys.exit(code)


def worded_usage(exc: click_errors.UsageError) -> str:
    """Click's message, worded as ours: what was wrong and what to type instead."""
    ctx = exc.ctx
    command = _command_name(ctx)
    if isinstance(exc, click_errors.NoSuchOption):
        return _no_such_option(exc.option_name, ctx, command)
    if isinstance(exc, click_errors.MissingParameter) and exc.param is not None:
        name = _param_name(exc.param)
        usage = f"timeline {command} {_usage_pieces(ctx)}".rstrip() if ctx else ""
        return f"missing {name}: {usage}" if usage else f"missing {name}"
    if isinstance(exc, click_errors.BadParameter) and exc.param is not None:
        return f"{_param_name(exc.param)}: {_sentence(exc.message)}"
    message = _sentence(exc.message)
    if message.startswith("No such command"):
        return _no_such_command(message, ctx)
    if message.startswith("Got unexpected extra argument"):
        extra = message.split(" (", 1)[-1].removesuffix(")")
        where = f"timeline {command}".strip()
        return f"unexpected argument {extra!r}; see `{where} --help`"
    return message[:1].lower() + message[1:]


def _command_name(ctx: Context | None) -> str:
    return ctx.info_name or "" if ctx is not None and ctx.parent is not None else ""


def _param_name(param: Any) -> str:
    """``--start`` for an option (its long name), ``TITLE`` for an argument."""
    if param.param_type_name == "argument":
        return f"argument {param.human_readable_name}"
    longs = [o for o in param.opts if o.startswith("--")]
    return f"option {(longs or param.opts)[0]}"


def _usage_pieces(ctx: Context | None) -> str:
    """The required arguments and options of the command: ``TITLE --start WHEN``."""
    if ctx is None:
        return ""
    pieces = []
    for param in ctx.command.params:
        if not param.required:
            continue
        if param.param_type_name == "argument":
            pieces.append(param.human_readable_name)
        else:
            longs = [o for o in param.opts if o.startswith("--")]
            pieces.append(f"{(longs or param.opts)[0]} {param.metavar or 'VALUE'}")
    return " ".join(pieces)


def _no_such_option(option: str, ctx: Context | None, command: str) -> str:
    from timeline_cli.suggest import did_you_mean

    names = sorted(
        {o for p in ctx.command.params for o in p.opts if o.startswith("-")} if ctx else ()
    )
    elsewhere = _commands_with(option, ctx)
    if elsewhere and not command:  # `timeline -f x list`: a command's option, too early
        example = "list" if "list" in elsewhere else elsewhere[0]
        return f"{option} goes after the command, as in `timeline {example} {option} ...`"
    text = f"no such option {option}"
    text += f" for `timeline {command}`" if command else "; see `timeline --help`"
    text += did_you_mean(option, [n for n in names if n.startswith("--")] or names)
    if len(elsewhere) > 3:  # a line that fits: `timeline list --help` says the rest
        text += f"; {len(elsewhere)} other commands have it"
    elif elsewhere:
        text += "; " + " and ".join(f"`timeline {name}`" for name in elsewhere)
        text += " has it" if len(elsewhere) == 1 else " have it"
    return text


def _commands_with(option: str, ctx: Context | None) -> list[str]:
    """The other commands of the app that have ``option`` (built only on this error)."""
    from timeline_cli.cli.app import app

    current = ctx.info_name if ctx is not None else None
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})
    return sorted(
        name
        for name, command in commands.items()
        if name != current and any(option in p.opts for p in command.params)
    )


def _no_such_command(message: str, ctx: Context | None) -> str:
    from timeline_cli.cli.app import app
    from timeline_cli.suggest import did_you_mean

    typed = message.split("'", 2)[1] if message.count("'") >= 2 else ""
    names = [info.name or "" for info in app.registered_commands if not info.hidden]
    hint = did_you_mean(typed, names)
    return f"no such command {typed!r}" + (hint or "; see `timeline --help`")


def _sentence(message: str) -> str:
    """Click's message without its final full stop and its quotes around option names."""
    import re

    return re.sub(r"'(-[\w-]*)'", r"\1", message.strip().rstrip("."))
