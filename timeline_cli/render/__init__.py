"""The renderer: the one place that writes to stdout and stderr, and imports Rich.

A command hands its answer (a ``timeline_cli.results`` object) to ``Output.show``,
which chooses the form: a Rich table or panel on an interactive terminal, plain
stable text when piped (cheap for thousands of rows), or one JSON document when
the command was asked for ``--json``. Errors, notes and questions go to stderr.
Data never passes through Rich markup, and every text is made safe for a terminal.

- ``table.py``: the event table of ``list``.
- ``detail.py``: one event in full (``show``, and what ``add``/``edit`` stored).
- ``drawing.py``: the drawn timeline of ``view``.
- ``reports.py``: anniversaries, findings, import plans, removals, diffs.
- ``agenda.py``: the agenda of ``next``; the tags and people.
- ``as_json.py``: every answer as JSON.
- ``pager.py``: long answers on a terminal through a pager, as git does.

Every form fits the terminal's width: cells wrap at word boundaries, and only a
word wider than its cell is broken.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from timeline_cli import results

if TYPE_CHECKING:
    from rich.console import Console

    from timeline_cli.render.sync_report import Progress

# The answers worth a pager when long: those of list, view, show, anniversaries, check,
# next, tags and people.
PAGED = (
    results.Listing,
    results.Drawing,
    results.Detail,
    results.Anniversaries,
    results.Findings,
    results.Agenda,
    results.Labels,
)


class Output:
    """Where a run's answers go: ``stdout`` for data, ``stderr`` for people."""

    def __init__(
        self,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        *,
        dumb: bool = False,
        pager: str | None = None,
        pager_env: Mapping[str, str] | None = None,
        color: str = "auto",
    ) -> None:
        self.stdout = sys.stdout if stdout is None else stdout
        self.stderr = sys.stderr if stderr is None else stderr
        self.dumb = dumb  # TERM=dumb: plain text even on a terminal
        self.color = color  # "auto", "always" (the terminal forms even when piped), "never"
        self.pager = pager  # the command long answers go through on a terminal; None: off
        self.pager_env = pager_env or {}  # what the pager's environment gets on top

    @property
    def terminal(self) -> bool:
        """True when stdout takes the terminal forms: an interactive terminal, or any
        output with ``color = "always"`` (not with TERM=dumb)."""
        if self.color == "always" and not self.dumb:
            return True
        return use_terminal(self.stdout, dumb=self.dumb)

    @property
    def width(self) -> int:
        """The terminal's columns (100 when it cannot tell, e.g. piped)."""
        import shutil

        return shutil.get_terminal_size((100, 24)).columns

    def show(self, result: results.Result, *, as_json: bool = False) -> None:
        """Print ``result`` in the form this output takes (a long answer of a reading
        command through the pager, on a terminal)."""
        if as_json:
            from timeline_cli.render.as_json import document

            self.stdout.write(document(result))
            return
        terminal = self.terminal
        if not (terminal and self.pager and isinstance(result, PAGED) and _isatty(self.stdout)):
            _show_text(result, self, self.stdout, terminal)
            return
        import shutil

        from timeline_cli.render.pager import Screen, page

        screen = Screen()
        _show_text(result, self, screen, terminal)
        rows = shutil.get_terminal_size((100, 24)).lines
        page(screen.getvalue(), command=self.pager, env=self.pager_env, rows=rows, out=self.stdout)

    def write_bytes(self, data: bytes) -> None:
        """Bytes as they are (an export to stdout)."""
        self.stdout.flush()
        self.stdout.buffer.write(data)
        self.stdout.buffer.flush()

    def error(self, message: str) -> None:
        """``timeline: error: ...`` on stderr."""
        from timeline_cli.display import safe

        self.stderr.write(f"timeline: error: {safe(message)}\n")

    def note(self, message: str) -> None:
        """A line for the person at the terminal (stderr), made safe."""
        from timeline_cli.display import safe

        self.stderr.write(safe(message) + "\n")

    def progress(self, label: str) -> Progress:
        """A progress bar on stderr when both stdout and stderr are terminals (else one
        that shows nothing: a piped run is a script's); call it with (done, total),
        ``close()`` when finished."""
        from timeline_cli.render.sync_report import Progress

        shown = use_terminal(self.stderr, dumb=self.dumb) and use_terminal(
            self.stdout, dumb=self.dumb
        )
        return Progress(label, self.stderr if shown else None)

    def ask(self, question: str) -> str | None:
        """Ask on the terminal and return the answer; None where nobody can answer."""
        from timeline_cli.display import safe

        if not sys.stdin.isatty():
            return None
        self.stderr.write(safe(question) + " [y/N] ")
        self.stderr.flush()
        return sys.stdin.readline().strip()


def rich_console(out: TextIO, *, soft_wrap: bool = False) -> Console:
    """The Rich console of every terminal form: data is never markup, never highlighted;
    colours as the run's ``color`` setting says (``never``: styles without colours,
    as NO_COLOR asks; ``always``: colours even into a pipe)."""
    from rich.console import Console

    from timeline_cli.settings import current

    color = current().color
    return Console(
        file=out,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=soft_wrap,
        no_color=color == "never",
        force_terminal=True if color == "always" else None,
    )


def _isatty(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (ValueError, OSError):
        return False


def use_terminal(out: TextIO, *, dumb: bool | None = None) -> bool:
    """True when ``out`` is an interactive terminal (and TERM is not ``dumb``)."""
    try:
        if not out.isatty():
            return False
    except (ValueError, OSError):
        return False
    if dumb is None:
        from timeline_cli.settings import current

        dumb = current().dumb_terminal
    return not dumb


def _show_text(result: results.Result, output: Output, out: TextIO, terminal: bool) -> None:
    from timeline_cli.display import plural, safe

    match result:
        case results.Listing():
            from timeline_cli.render.table import print_table

            print_table(
                result.events,
                now=result.now,
                zone=result.zone,
                title=result.title,
                out=out,
                terminal=terminal,
                dday=result.dday,
                width=output.width,
            )
        case results.Drawing():
            from timeline_cli.render.drawing import print_view

            print_view(result.lines, out=out, terminal=terminal)
        case results.Anniversaries():
            from timeline_cli.render.reports import print_anniversaries

            print_anniversaries(
                result.found, today=result.today, zone=result.zone, out=out, terminal=terminal
            )
        case results.Agenda():
            from timeline_cli.render.agenda import print_agenda

            print_agenda(
                result.items,
                now=result.now,
                zone=result.zone,
                days=result.days,
                out=out,
                terminal=terminal,
            )
        case results.Labels():
            from timeline_cli.render.agenda import print_labels

            print_labels(
                result.found, field=result.field, zone=result.zone, out=out, terminal=terminal
            )
        case results.Detail():
            from timeline_cli.render.detail import print_event

            print_event(result.event, zone=result.zone, now=result.now, out=out, terminal=terminal)
        case results.Findings():
            from timeline_cli.render.reports import print_findings

            print_findings(result.findings, paths=result.paths, out=out, terminal=terminal)
        case results.Stored():
            from timeline_cli.render.detail import print_stored

            if result.action == "unchanged":
                out.write(
                    f"No change: {result.event.id} already has those values;"
                    f" {safe(str(result.path))} not written\n"
                )
                return
            verb = "Added to" if result.action == "added" else "Changed in"
            print_stored(
                result.event,
                zone=result.zone,
                out=out,
                path=result.path,
                dry_run=result.dry_run,
                verb=verb,
            )
        case results.Preview():
            from timeline_cli.render.reports import print_diff

            print_diff(result.path, result.old, result.new, out=out)
        case results.Removed():
            from timeline_cli.render.reports import print_removed

            print_removed(result.ids, result.path, out=out)
        case results.ImportReport() if result.unchanged_in is not None:
            from timeline_cli.render.reports import print_unchanged

            print_unchanged(result.source, result.unchanged_in, out=out)
        case results.ImportReport():
            from timeline_cli.render.reports import print_import

            print_import(
                result.plan,
                result.invalid,
                result.notes,
                zone=result.zone,
                out=out,
                err=output.stderr,
                dry_run=result.dry_run,
                terminal=terminal,
            )
        case results.SyncReport():
            from timeline_cli.render.sync_report import print_sync

            print_sync(result, out=out, err=output.stderr, terminal=terminal, width=output.width)
        case results.Exported():
            if result.path is None:
                output.write_bytes(result.data)
            else:
                what = plural(result.events, "event")
                output.note(f"Wrote {what} to {result.path} ({result.name})")
