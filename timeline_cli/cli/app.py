"""The Typer app: its settings, the root callback and the console-script entry point.

``main`` builds only the command asked for, so start-up stays fast; the commands
register themselves from the modules of this package.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer

from timeline_cli import __version__
from timeline_cli.cli.usage import TimelineGroup
from timeline_cli.errors import ExitCode, TimelineError

if TYPE_CHECKING:
    pass

SETTINGS: dict[str, Any] = {
    "name": "timeline",
    "cls": TimelineGroup,
    "add_completion": False,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(
    help=(
        "Keep a timeline of dated events in a TOML file: list and filter them with "
        "correct time zones, and add events without ever damaging the file.\n\n"
        "\b\nExamples:\n"
        "  timeline list --tz America/New_York --on 2024-01-23\n"
        '  timeline add "Album release" --start "2024-02-20 18:00 KST" -t release\n\n'
        "Run `timeline COMMAND --help` for each command's options."
    ),
    no_args_is_help=False,  # bare `timeline`: the agenda, or this help (root)
    # Only the full app offers --install-completion/--show-completion (a one-command
    # app would build their parameters on every run); main() answers them itself.
    **{**SETTINGS, "add_completion": True},
)

_NO_PAGER_HELP = "Print long output directly, without a pager."

P = ParamSpec("P")
R = TypeVar("R")


def catch_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn TimelineError into one message on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except TimelineError as exc:
            fail(worded(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)  # 128 + SIGINT, the shell's convention
        except BrokenPipeError:
            _quiet_stdout()
            raise typer.Exit(ExitCode.OK) from None
        except typer.Exit:
            raise
        except Exception as exc:  # the promise: no traceback for any input
            from timeline_cli.settings import current

            if current().debug:
                raise
            name = type(exc).__name__
            fail(
                f"internal error: {name}: {exc} (set TIMELINE_DEBUG=1 to see where)",
                ExitCode.FAILURE,
            )

    return wrapper


# How to put a core error right from the command line, by its ``fix`` key: the core
# names fields and values, these name the options ({message}: the core's message).
FIXES = {
    "create": "{message}: create it with `timeline add TITLE --start WHEN -f {path}`, "
    "or pass -f PATH",
    "id": "{message}; choose another --id",
    "range": "{message}: give a shorter --from/--to",
    "edit-nothing": "nothing to change: give an option that changes the event (--title, "
    "--start, --end, --tz, -t/--tag, --remove-tag, -p/--person, --remove-person, --location, "
    "--url, --source, -d/--description, --repeat, --except, --id with --rename) or --clear FIELD",
    "rename": "--id changes the event's id: add --rename if that is what you mean",
    "edit-first": "{message}: edit writes only to the first -f file",
    "remove-first": "{message}: remove writes only to the first -f file",
    "skip-invalid": "{message} (use --skip-invalid to import the rest)",
}


# The option that sets each field the core's messages name, where it is not --FIELD.
OPTION_OF = {"title": "the title", "tags": "--tag", "people": "--person", "timezone": "--tz"}


def option_of(field: str) -> str:
    """The command-line option that sets ``field`` (``timezone`` → ``--tz``)."""
    return OPTION_OF.get(field, f"--{field}")


def worded(exc: TimelineError) -> str:
    """The error's message in terms of the options: the fields it names as the options
    that set them, and how to fix it."""
    from timeline_cli.errors import named_fields

    message = named_fields(exc.template, option_of)
    fix = FIXES.get(exc.fix or "")
    if fix is None:
        return message
    return fix.format(message=message, path=getattr(exc, "path", ""))


def fail(message: str, code: int) -> NoReturn:
    """Print ``timeline: error: ...`` on stderr and exit with ``code``."""
    from timeline_cli.render import Output

    Output().error(message)
    raise typer.Exit(code)


def _quiet_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"timeline {__version__} (time zones: {_zone_release()})\n")
        raise typer.Exit(ExitCode.OK)


def _zone_release() -> str:
    """``tzdata 2026a``: the IANA release of the tzdata package, which every zone comes from."""
    from importlib.resources import files

    try:
        data = files("tzdata").joinpath("zoneinfo").joinpath("tzdata.zi")
        with data.open("r", encoding="utf-8") as stream:
            first = stream.readline()
    except (ModuleNotFoundError, OSError):
        return "tzdata package not installed"
    release = first.removeprefix("# version").strip()
    return f"tzdata {release}" if release else "tzdata, release unknown"


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=_NO_PAGER_HELP)] = False,
) -> None:
    """Keep a timeline of dated events in a TOML file."""
    from timeline_cli.cli.context import start_run

    run = start_run(ctx, no_pager=no_pager)
    if ctx.invoked_subcommand is not None:
        return
    if not any(path.exists() for path in run.settings.files):  # nothing to show: the help
        sys.stdout.write(ctx.get_help() + "\n")
        return
    from timeline_cli.cli.agenda import agenda_command

    catch_errors(agenda_command)(ctx)  # bare `timeline` is `timeline next`


def main() -> None:
    """Console-script entry point.

    Two shortcuts keep start-up fast: ``timeline --help`` (and ``timeline`` without an
    events file; with one it is ``timeline next``) is answered by ``root_help``, and
    ``timeline CMD ...`` runs an app holding only CMD (``command_app``). A shell's
    completion request and a first argument that is no plain command (a command group,
    ``--version``, a typo) go to the full app, so that
    Typer sees everything it may be asked about. A completion request carries the
    words typed in the environment, never ``--help``, so a help request is answered
    without reading the settings (importing them would cost it a few percent).
    ``--show-completion [SHELL]`` and ``--install-completion [SHELL]`` are answered by
    ``complete.setup`` (Typer's own options take no shell name); ``complete`` is
    imported only for these and for completion requests.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    args = sys.argv[1:]
    plain_help = not app.registered_groups  # root_help lists commands, not groups
    if args in (["--help"], ["-h"]) and plain_help:
        sys.stdout.write(root_help())
        return
    if args[:1] in (["--show-completion"], ["--install-completion"]) and len(args) <= 2:
        from timeline_cli.cli.complete import setup
        from timeline_cli.settings import COMPLETE_VAR

        sys.exit(setup(args, COMPLETE_VAR))
    if args[-1:] not in (["--help"], ["-h"]) and _completing():
        from timeline_cli.cli.complete import answer
        from timeline_cli.settings import COMPLETE_VAR

        answer(app, COMPLETE_VAR)  # the variable settings read, whatever argv[0]
        return
    if not args:  # `timeline next` when there is an events file, else the help
        if not _events_file_found() and plain_help:
            sys.stdout.write(root_help())
            return
        args = ["next"]
    command_app(args)()


def _events_file_found() -> bool:
    """True when the settings name an events file that exists (for bare ``timeline``)."""
    from timeline_cli.settings import current

    return any(path.exists() for path in current().files)


def _completing() -> bool:
    """True when a shell asks for completions (settings.completing, without reading
    the config file on every run's first look)."""
    from timeline_cli.settings import completion_requested

    return completion_requested()


def root_help() -> str:
    """``timeline --help`` without building every command's parameters (Typer spends a
    few milliseconds a command on that): the same text, from the registered commands,
    laid out by the Click formatter Typer uses (the terminal's width, the same short
    help of each command)."""
    import inspect

    from typer._click.formatting import HelpFormatter
    from typer._click.utils import make_default_short_help

    formatter = HelpFormatter()
    formatter.write_usage("timeline", "[OPTIONS] COMMAND [ARGS]...")
    text = app.info.help if isinstance(app.info.help, str) else ""
    formatter.write_paragraph()
    with formatter.indentation():
        formatter.write_text(inspect.cleandoc(text))
    with formatter.section("Options"):
        formatter.write_dl(
            [
                ("--version", "Show the version."),
                ("--no-pager", _NO_PAGER_HELP),
                ("--install-completion", "Install completion for the current shell."),
                ("--show-completion", _SHOW_HELP),
                ("-h, --help", _HELP_HELP),
            ]
        )
    commands = [
        (info.name or "", (inspect.getdoc(info.callback) or "") if info.callback else "")
        for info in app.registered_commands
        if not info.hidden
    ]
    limit = formatter.width - 6 - max(len(name) for name, _ in commands)
    with formatter.section("Commands"):
        formatter.write_dl([(name, make_default_short_help(doc, limit)) for name, doc in commands])
    return formatter.getvalue()


_HELP_HELP = "Show this message and exit."
# Typer's words for its completion options (the full app's; main() answers them).
_SHOW_HELP = "Show completion for the current shell, to copy it or customize the installation."


def command_app(args: list[str]) -> typer.Typer:
    """The app to run: for ``timeline CMD ...`` one holding only CMD.

    Typer builds the parameters of every registered command on each start (a few
    milliseconds each); building just the one asked for keeps start-up fast. The
    full app serves ``--help``, ``--version``, command groups and unknown commands.
    """
    found = [c for c in app.registered_commands if args and c.name == args[0]]
    if not found:
        return app
    single = typer.Typer(**SETTINGS)
    single.registered_commands = found
    single.registered_callback = app.registered_callback
    return single
