"""Shell completion: the values a shell is offered, its answers, and its script.

Loaded only when a shell asks for completions (``main`` with ``_TIMELINE_COMPLETE``
set, and the completers of ``options.py``) or for its script (``--show-completion``,
``--install-completion``), never by a normal run.

Values come from the events files the command would read (``-f`` typed earlier on
the line, else the settings'), through the store's load and its parse cache. A shell
waits for the answer and shows whatever is printed, so nothing here may fail: a
missing or broken file offers no values, and any other mistake offers none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete, FishComplete, ZshComplete

if TYPE_CHECKING:
    from timeline_cli.model import Event

PROG = "timeline"
SHELLS = ("bash", "zsh", "fish")
Values = list[tuple[str, str]]


# --- the values ------------------------------------------------------------------------


def event_ids(ctx: typer.Context, incomplete: str) -> Values:
    """The ids of the events, each with its title."""
    titles = {e.id: e.title for e in _events(ctx) if e.id.startswith(incomplete)}
    return sorted(titles.items())


def tags(ctx: typer.Context, incomplete: str) -> Values:
    """The tags of the events, each with how many events have it."""
    return _counted((e.tags for e in _events(ctx)), incomplete)


def people(ctx: typer.Context, incomplete: str) -> Values:
    """The people of the events, each with how many events name them."""
    return _counted((e.people for e in _events(ctx)), incomplete)


def zones(ctx: typer.Context, incomplete: str) -> Values:
    """Every zone the display zone (--tz) takes by name: UTC, local, the abbreviations
    (a seasonal one is its fixed offset all year) and the IANA names."""
    from timeline_cli.zones import ABBREVIATIONS, OFFSETS, format_offset

    named = {"UTC": "Coordinated Universal Time", **_LOCAL, **ABBREVIATIONS}
    for abbrev, (hours, minutes) in OFFSETS.items():
        named[abbrev] = f"UTC{format_offset(timedelta(hours=hours, minutes=minutes))} all year"
    return _zones(named, incomplete, refused=frozenset())


def event_zones(ctx: typer.Context, incomplete: str) -> Values:
    """Every zone an event's zone (add and edit --tz) takes by name: UTC, local, the
    abbreviations that name one zone, and the IANA names (no fixed offsets: no EST)."""
    from timeline_cli.zones import ABBREVIATIONS, SEASONAL

    named = {"UTC": "Coordinated Universal Time", **_LOCAL}
    named |= {a: zone for a, zone in ABBREVIATIONS.items() if a not in SEASONAL}
    return _zones(named, incomplete, refused=SEASONAL)


_LOCAL = {"local": "the system's zone"}


def _zones(named: dict[str, str], incomplete: str, refused: frozenset[str]) -> Values:
    """The ``named`` zones (with what each stands for), then the IANA names, without
    those ``refused`` and those that name several zones (CST)."""
    from zoneinfo import available_timezones

    from timeline_cli.zones import AMBIGUOUS

    found = sorted((name, about) for name, about in named.items() if name.startswith(incomplete))
    skip = named.keys() | refused | AMBIGUOUS.keys()
    iana = sorted(n for n in available_timezones() if n.startswith(incomplete) and n not in skip)
    return found + [(name, "") for name in iana]


def clear_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """The fields ``edit --clear`` removes."""
    from timeline_cli.editing import CLEARABLE

    return [field for field in CLEARABLE if field.startswith(incomplete)]


def _counted(labels: Iterable[tuple[str, ...]], incomplete: str) -> Values:
    counts = Counter(label for group in labels for label in group)
    return [
        (label, f"{count} event{'s' if count != 1 else ''}")
        for label, count in sorted(counts.items())
        if label.startswith(incomplete) and label.isprintable()
    ]


def _events(ctx: typer.Context) -> list[Event]:
    """The events of the files the command would read; a file that cannot be loaded
    (missing, broken, unreadable) adds none; a broken config file: none at all, as
    the command would not run."""
    from timeline_cli.settings import current
    from timeline_cli.store import load

    events: list[Event] = []
    try:
        files = current().with_options(files=ctx.params.get("file")).files  # as a run's
    except Exception:  # a broken config file; a shell shows whatever is printed
        return events
    for path in files:
        try:
            events += load([Path(path)]).events
        except Exception:  # as above
            continue
    return events


# --- the shells' answers ---------------------------------------------------------------


def _one_line(text: str | None) -> str:
    """A description as one terminal-safe line (Typer's own classes would run it
    through Rich markup and wrap it at the terminal's width)."""
    from timeline_cli.display import safe

    return safe(" ".join((text or "").split()))


def _zsh_escaped(text: str) -> str:
    """As Typer's zsh class escapes a value for ``_arguments`` in its ``eval``."""
    for old, new in (('"', '""'), ("'", "''"), ("$", "\\$"), ("`", "\\`"), (":", r"\\:")):
        text = text.replace(old, new)
    return text


class Zsh(ZshComplete):
    """Typer's zsh answers, with descriptions as plain single lines."""

    def format_completion(self, item: CompletionItem) -> str:
        value, about = _zsh_escaped(item.value), _zsh_escaped(_one_line(item.help))
        return f'"{value}":"{about}"' if about else f'"{value}"'


class Fish(FishComplete):
    """Typer's fish answers, with descriptions as plain single lines."""

    def format_completion(self, item: CompletionItem) -> str:
        about = _one_line(item.help)
        return f"{item.value}\t{about}" if about else f"{item.value}"


def answer(app: typer.Typer, complete_var: str) -> None:
    """Answer the shell's completion request (the words typed are in the environment).

    Exits with the code the shell expects; any failure is a silent exit 1 (no values)
    unless ``TIMELINE_DEBUG`` asks for the traceback.
    """
    from typer.main import get_command

    try:
        command = get_command(app)  # registers Typer's classes, replaced here
        for shell, cls in (("bash", BashComplete), ("zsh", Zsh), ("fish", Fish)):
            add_completion_class(cls, shell)
        command.main(args=[], prog_name=PROG, complete_var=complete_var)
    except Exception:
        if _debugging():
            raise
        raise SystemExit(1) from None


def _debugging() -> bool:
    """``TIMELINE_DEBUG`` (from the settings, which a broken config file breaks)."""
    from timeline_cli.settings import current

    try:
        return current().debug
    except Exception:
        return False


# --- --show-completion and --install-completion ----------------------------------------


def setup(args: list[str], complete_var: str) -> int:
    """``--show-completion [SHELL]`` prints the shell's script; ``--install-completion
    [SHELL]`` installs it where the shell loads it. Without SHELL: the shell running
    timeline. Returns the exit code."""
    from typer._completion_shared import _get_shell_name, get_completion_script, install

    from timeline_cli.errors import ExitCode
    from timeline_cli.render import Output

    output = Output()
    option, shell = args[0], (args[1] if len(args) > 1 else _get_shell_name())
    if shell not in SHELLS:
        said = f"completion for {shell!r} is not supported" if shell else "cannot tell the shell"
        output.error(f"{said}; give one of {', '.join(SHELLS)}: timeline {option} bash")
        return ExitCode.USAGE
    if option == "--show-completion":
        script = get_completion_script(prog_name=PROG, complete_var=complete_var, shell=shell)
        output.write_bytes(f"{script}\n".encode())
        return ExitCode.OK
    try:
        shell, path = install(shell=shell, prog_name=PROG, complete_var=complete_var)
    except OSError as exc:
        output.error(f"cannot install {shell} completion: {exc.strerror or exc}")
        return ExitCode.FAILURE
    output.note(f"{shell} completion installed in {path}{_LOADED_BY[shell]}")
    output.note("It takes effect in a new shell.")
    return ExitCode.OK


_LOADED_BY = {
    "bash": " (sourced by ~/.bashrc)",
    "zsh": " (~/.zshrc adds ~/.zfunc to fpath)",
    "fish": "",
}
