"""The command line: parse options → call the core → render or write. No logic here.

The root callback builds the run (settings, ``now``, output) once; errors become one
line on stderr and the exit code of README 'Exit codes' (``catch_errors`` for the
core's errors, ``usage.TimelineGroup`` for Click's). The app and its entry point live
in ``app``, the shared options in ``options``, what commands share in ``context``,
and the commands in ``reading``, ``agenda``, ``writing`` and ``convert``.
"""

# the command modules register their commands
from timeline_cli.cli import (  # noqa: F401  (they register the commands)
    agenda,
    config_cmd,
    convert,
    edit_cmd,
    reading,
    sync_cmd,
    writing,
)
from timeline_cli.cli.app import app, command_app, main, root_help
from timeline_cli.cli.usage import TimelineCommand

# The order of `timeline --help`, whatever order the modules registered them in.
_ORDER = (
    "list",
    "next",
    "view",
    "anniversaries",
    "tags",
    "people",
    "export",
    "import",
    "add",
    "show",
    "remove",
    "edit",
    "check",
    "sync",
    "config",
)
app.registered_commands.sort(
    key=lambda c: _ORDER.index(c.name) if c.name in _ORDER else len(_ORDER)
)
for _info in app.registered_commands:  # usage lines as people write them (TITLE, not {TITLE})
    _info.cls = TimelineCommand

__all__ = ["app", "command_app", "main", "root_help"]
