"""The command line: parse options → call the core → render or write. No logic here.

``now`` is read once per command and passed down; errors become one line on stderr
and the exit code of README 'Exit codes', in ``catch_errors`` only. The app and its
entry point live in ``app``, the shared options in ``options``, what commands share
in ``context``, and the commands in ``reading``, ``writing`` and ``convert``.
"""

from timeline_cli.cli import convert, reading, writing  # noqa: F401  (they register the commands)
from timeline_cli.cli.app import app, command_app, main, root_help

# The order of `timeline --help`, whatever order the modules registered them in.
_ORDER = ("list", "view", "anniversaries", "export", "import", "add", "show", "remove", "edit")
app.registered_commands.sort(
    key=lambda c: _ORDER.index(c.name) if c.name in _ORDER else len(_ORDER)
)

__all__ = ["app", "command_app", "main", "root_help"]
