"""The other answers as text: anniversaries, check findings, an import
plan, removals and an edit's diff.

Piped, each is plain aligned text that scripts may rely on; on a terminal the
anniversaries, findings and import plans are Rich tables whose cells wrap at word
boundaries inside the terminal's width.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from timeline_cli.display import cell_width, plural, safe, when_text

if TYPE_CHECKING:
    from rich.table import Table

    from timeline_cli.anniversaries import Anniversary
    from timeline_cli.checks import Finding
    from timeline_cli.importing import Plan


def print_anniversaries(
    found: Sequence[Anniversary], *, today: date, zone: tzinfo, out: TextIO, terminal: bool = False
) -> None:
    """The anniversaries as aligned columns: date, D-day, how long ago, title (on a
    terminal a table whose cells wrap), then how many."""
    from timeline_cli.zones import zone_name

    if not found:
        out.write(f"No anniversaries on {today.isoformat()} ({zone_name(zone)}).\n")
        return
    cells = [(a.date.isoformat(), a.dday(), a.label(), safe(a.event.title)) for a in found]
    summary = f"{plural(len(found), 'anniversary', 'anniversaries')} from {today.isoformat()}"
    summary += f" ({zone_name(zone)})"
    urls = [a.event.url for a in found]
    print_dated(cells, urls, summary, out=out, terminal=terminal)


def print_findings(
    findings: Sequence[Finding], *, paths: Sequence[Path], out: TextIO, terminal: bool = False
) -> None:
    """``file:line: level: message`` lines, then the counts (``1 error, 2 warnings``),
    or ``No problems found in FILE``; on a terminal a table whose messages wrap."""
    errors = sum(f.level == "error" for f in findings)
    if findings:
        summary = f"{plural(errors, 'error')}, {plural(len(findings) - errors, 'warning')}"
    else:
        summary = f"No problems found in {', '.join(safe(str(p)) for p in paths)}"
    if not terminal:
        for finding in findings:
            out.write(f"{safe(finding.where)}: {finding.level}: {safe(finding.message)}\n")
        out.write(summary + "\n")
        return
    from rich.text import Text

    grid = grid_of(("", "", ""), no_wrap=0)
    for finding in findings:
        level = Text(finding.level, style="bold red" if finding.level == "error" else "yellow")
        grid.add_row(Text(safe(finding.where)), level, Text(safe(finding.message)))
    tone = "bold red" if errors else "yellow" if findings else "green"
    print_rich(out, *([grid] if findings else []), Text(summary, style=tone))


def aligned(cells: Sequence[Sequence[str]]) -> str:
    """Rows of cells padded to line up, two spaces apart, one per line (the last cell
    as it is; no trailing spaces when the last cells are empty)."""
    last = len(cells[0]) - 1
    widths = [max(cell_width(row[n]) for row in cells) for n in range(last)]
    lines = []
    for row in cells:
        padded = [c + " " * (widths[n] - cell_width(c)) for n, c in enumerate(row[:last])]
        lines.append("  ".join([*padded, row[last]]).rstrip() + "\n")
    return "".join(lines)


def print_dated(
    cells: Sequence[tuple[str, str, str, str]],
    urls: Sequence[str | None],
    summary: str,
    *,
    out: TextIO,
    terminal: bool,
) -> None:
    """Rows of date, countdown, what and title, then the summary: aligned lines when
    piped; on a terminal a grid whose titles wrap in their cell and link to ``urls``."""
    if not terminal:
        out.write(aligned(cells) + summary + "\n")
        return
    from rich.style import Style
    from rich.text import Text

    grid = grid_of(("", "magenta", "dim", ""), no_wrap=2)
    for row, url in zip(cells, urls, strict=True):
        title = Text(row[3], style=Style(link=url) if url else "")
        grid.add_row(*(Text(c) for c in row[:3]), title)
    print_rich(out, grid, Text(summary, style="dim"))


def grid_of(styles: Sequence[str], *, no_wrap: int) -> Table:
    """A borderless table of ``len(styles)`` columns; the first ``no_wrap`` never wrap,
    the others wrap at word boundaries (a word wider than its cell is folded)."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    for n, style in enumerate(styles):
        grid.add_column(style=style, no_wrap=n < no_wrap, overflow="fold")
    return grid


def print_rich(out: TextIO, *renderables: object) -> None:
    """Print Rich renderables (tables, text) with the run's console."""
    from timeline_cli.render import rich_console

    console = rich_console(out)
    for renderable in renderables:
        console.print(renderable)


def print_import(
    plan: Plan,
    invalid: Sequence[str],
    notes: Sequence[str],
    *,
    zone: tzinfo,
    out: TextIO,
    err: TextIO,
    dry_run: bool,
    terminal: bool = False,
) -> None:
    """The table of what an import adds, updates and skips, then the counts.

    Notes (what a format could not keep) and skipped invalid events go to ``err``.
    """
    from timeline_cli.importing import changes

    rows = [("add", e) for e in plan.add] + [("update", e) for e in plan.update]
    rows += [("skip", e) for e in plan.unchanged] + [
        ("skip (other file)", e) for e in plan.elsewhere
    ]
    cells = [(action, when_text(e, zone), safe(e.title), e.id) for action, e in rows]
    updated = {e.id: e for e in plan.update}  # with their changes under them in a dry run

    def changed(row: Sequence[str]) -> list[str]:
        if dry_run and row[0] == "update" and row[3] in plan.previous:
            return [safe(line) for line in changes(plan.previous[row[3]], updated[row[3]])]
        return []

    verb = "would be" if dry_run else "were"
    counts = [
        f"{len(plan.add)} added",
        f"{len(plan.update)} updated",
        f"{len(plan.unchanged) + len(plan.elsewhere)} skipped (already known)",
    ]
    if invalid:
        counts.append(f"{len(invalid)} skipped (invalid)")
    tail = " (dry run: nothing written)" if dry_run else ""
    summary = f"Events {verb}: {', '.join(counts)}{tail}"
    if terminal:
        _import_table(cells, changed, summary, out)
    else:
        header = ("ACTION", "WHEN", "TITLE", "ID")
        table = [header, *cells] if cells else []
        for row, line in zip(table, aligned(table).splitlines() if cells else [], strict=True):
            out.write(line + "\n")
            out.writelines(f"        {change}\n" for change in changed(row))
        out.write(summary + "\n")
    for message in invalid:
        err.write(f"timeline: skipped invalid event: {safe(message)}\n")
    for note in notes:
        err.write(f"timeline: note: {safe(note)}\n")


def print_unchanged(source: str, target: Path, *, out: TextIO) -> None:
    """A URL the server says is unchanged since the last import into ``target``."""
    text = f"{source}: unchanged since the last import into {target}; nothing to do"
    out.write(safe(text) + "\n")


def _import_table(
    cells: Sequence[tuple[str, str, str, str]],
    changed: Callable[[Sequence[str]], list[str]],
    summary: str,
    out: TextIO,
) -> None:
    """The import plan as a Rich table: the id under the title, and under them the
    changes of an update."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold")
    table.add_column("Action", style="bold", no_wrap=True)
    table.add_column("When", no_wrap=True)
    table.add_column("Title / id", overflow="fold")
    for row in cells:
        title = Text(row[2])
        title.append("\n" + row[3], style="dim")
        for change in changed(row):
            title.append("\n" + change, style="dim")
        table.add_row(Text(row[0]), Text(row[1]), title)
    print_rich(out, *([table] if cells else []), Text(summary))


def print_removed(ids: Sequence[str], path: Path, *, out: TextIO) -> None:
    """``Removed 2 events from events.toml: a, b``."""
    what = plural(len(ids), "event")
    out.write(f"Removed {what} from {safe(str(path))}: {', '.join(ids)}\n")


def print_diff(path: Path, old: bytes, new: bytes, *, out: TextIO) -> None:
    """A unified diff of a file's text before and after (for ``edit --dry-run``)."""
    import difflib

    before = old.decode("utf-8", "replace").splitlines()
    after = new.decode("utf-8", "replace").splitlines()
    lines = difflib.unified_diff(before, after, f"{path}", f"{path} (edited)", lineterm="")
    text = "\n".join(safe(line) for line in lines)
    out.write((text or "no change") + "\n")
