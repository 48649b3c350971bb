"""The other answers as text: anniversaries, check findings, an import
plan, removals and an edit's diff."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from timeline_cli.display import cell_width, safe, when_text

if TYPE_CHECKING:
    from timeline_cli.anniversaries import Anniversary
    from timeline_cli.checks import Finding
    from timeline_cli.importing import Plan


def print_anniversaries(
    found: Sequence[Anniversary], *, today: date, zone: tzinfo, out: TextIO
) -> None:
    """The anniversaries as aligned columns: date, D-day, how long ago, title."""
    from timeline_cli.zones import zone_name

    if not found:
        out.write(f"No anniversaries on {today.isoformat()} ({zone_name(zone)}).\n")
        return
    cells = [(a.date.isoformat(), a.dday(), a.label(), safe(a.event.title)) for a in found]
    widths = [max(cell_width(row[n]) for row in cells) for n in range(3)]
    for row in cells:
        padded = [c + " " * (widths[n] - cell_width(c)) for n, c in enumerate(row[:3])]
        out.write("  ".join([*padded, row[3]]) + "\n")
    out.write(f"{len(found)} anniversaries from {today.isoformat()} ({zone_name(zone)})\n")


def print_findings(findings: Sequence[Finding], *, out: TextIO) -> None:
    """``file:line: level: message`` lines, then the counts."""
    for finding in findings:
        out.write(f"{safe(finding.where)}: {finding.level}: {safe(finding.message)}\n")
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    out.write(f"{errors} error(s), {warnings} warning(s)\n")


def print_import(
    plan: Plan,
    invalid: Sequence[str],
    notes: Sequence[str],
    *,
    zone: tzinfo,
    out: TextIO,
    err: TextIO,
    dry_run: bool,
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
    if cells:
        header = ("ACTION", "WHEN", "TITLE", "ID")
        widths = [max(cell_width(r[n]) for r in [header, *cells]) for n in range(3)]
        for row in [header, *cells]:
            padded = [c + " " * (widths[n] - cell_width(c)) for n, c in enumerate(row[:3])]
            out.write("  ".join([*padded, row[3]]) + "\n")
            if dry_run and row[0] == "update" and row[3] in plan.previous:
                for line in changes(plan.previous[row[3]], updated[row[3]]):
                    out.write(f"        {safe(line)}\n")
    verb = "would be" if dry_run else "were"
    counts = [
        f"{len(plan.add)} added",
        f"{len(plan.update)} updated",
        f"{len(plan.unchanged) + len(plan.elsewhere)} skipped (already known)",
    ]
    if invalid:
        counts.append(f"{len(invalid)} skipped (invalid)")
    tail = " (dry run: nothing written)" if dry_run else ""
    out.write(f"Events {verb}: {', '.join(counts)}{tail}\n")
    for message in invalid:
        err.write(f"timeline: skipped invalid event: {safe(message)}\n")
    for note in notes:
        err.write(f"timeline: note: {safe(note)}\n")


def print_removed(ids: Sequence[str], path: Path, *, out: TextIO) -> None:
    """``Removed 2 event(s) from events.toml: a, b``."""
    out.write(f"Removed {len(ids)} event(s) from {safe(str(path))}: {', '.join(ids)}\n")


def print_diff(path: Path, old: bytes, new: bytes, *, out: TextIO) -> None:
    """A unified diff of a file's text before and after (for ``edit --dry-run``)."""
    import difflib

    before = old.decode("utf-8", "replace").splitlines()
    after = new.decode("utf-8", "replace").splitlines()
    lines = difflib.unified_diff(before, after, f"{path}", f"{path} (edited)", lineterm="")
    text = "\n".join(safe(line) for line in lines)
    out.write((text or "no change") + "\n")
