"""``sync``: the plan as a table (one row per event), conflicts with both versions,
the notes, a summary line; its JSON form; the progress bar of a long sync.

Titles come from other people's calendars: every text goes through ``safe`` and
Rich never parses markup here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from timeline_cli.display import cell_width, plural, safe

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress

    from timeline_cli.results import SyncReport

# How each action reads in the table.
VERBS = {
    "upload": "upload",
    "download": "download",
    "push": "update there",
    "pull": "update here",
    "delete-remote": "delete there",
    "delete-local": "delete here",
    "conflict": "conflict",
    "record": "record",
    "forget": "forget",
}
SHOWN = ("upload", "download", "push", "pull", "delete-remote", "delete-local", "conflict")


def summary(report: SyncReport) -> str:
    """``Synced events.toml with team: 3 uploaded, 1 downloaded, ...``."""
    count = report.count
    parts = [
        f"{count('upload')} uploaded",
        f"{count('download')} downloaded",
        f"{count('push')} updated there",
        f"{count('pull')} updated here",
        f"{count('delete-remote', 'delete-local')} deleted",
        plural(count("conflict"), "conflict"),
    ]
    text = ", ".join(parts)
    if report.failed:
        text += f", {report.failed} refused by the server"
    verb = "Would sync" if report.dry_run else "Synced"
    return f"{verb} {safe(report.file.name)} with {safe(report.remote)}: {text}."


def print_sync(report: SyncReport, *, out: TextIO, err: TextIO, terminal: bool, width: int) -> None:
    """The table of what happens to each event (a dry run; else only conflicts and
    refusals), the conflicts' two versions, then the summary."""
    rows = [d for d in report.steps if d.step.action in SHOWN]
    listed = rows if report.dry_run else [d for d in rows if d.step.action == "conflict" or d.error]
    if listed:
        out.write(_table(listed, min(width, 80)))
    for done in listed:
        if done.step.action == "conflict":
            out.write(f"\n{safe(done.id)}: {safe(done.step.why)} (local → remote)\n")
            out.writelines(f"  {safe(line)}\n" for line in done.diff)
        if done.error:
            out.write(f"\n{safe(done.id)}: refused: {safe(done.error)}\n")
    for note in report.notes:
        err.write(f"note: {safe(note)}\n")
    if listed:
        out.write("\n")
    out.write(summary(report) + "\n")
    conflicts = report.count("conflict")
    if conflicts and not report.dry_run:
        out.write(
            "Conflicts are left as they are on both sides: sync again with --prefer local or "
            "--prefer remote, or edit the event here and sync again to keep your version.\n"
        )


def _table(rows: list[Any], width: int) -> str:
    """Three aligned columns (action, id, title) within ``width``, cut with "…"."""
    cells = [("action", "id", "title")]
    cells += [(VERBS[d.step.action], safe(d.id), safe(d.title)) for d in rows]
    first = max(cell_width(c[0]) for c in cells)
    second = min(max(cell_width(c[1]) for c in cells), 30)
    room = max(width - first - second - 4, 10)
    lines = []
    for action, ident, title in cells:
        lines.append(f"{action:<{first}}  {_cut(ident, second):<{second}}  {_cut(title, room)}")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _cut(text: str, width: int) -> str:
    if cell_width(text) <= width:
        return text
    while cell_width(text) > width - 1:
        text = text[:-1]
    return text + "…"


def sync_document(report: SyncReport) -> dict[str, Any]:
    """The JSON form: each step (action, id, uid, title, href), notes and counts."""
    return {
        "file": str(report.file),
        "remote": report.remote,
        "dry_run": report.dry_run,
        "steps": [
            {
                "action": d.step.action,
                "id": d.id,
                "uid": d.step.uid,
                "title": d.title,
                "href": d.step.remote.href if d.step.remote else None,
                "why": d.step.why or None,
                "changes": d.diff,
                "error": d.error,
            }
            for d in report.steps
            if d.step.action in SHOWN
        ],
        "notes": list(report.notes),
        "counts": {
            "uploaded": report.count("upload"),
            "downloaded": report.count("download"),
            "updated_there": report.count("push"),
            "updated_here": report.count("pull"),
            "deleted_there": report.count("delete-remote"),
            "deleted_here": report.count("delete-local"),
            "conflicts": report.count("conflict"),
            "refused": report.failed,
        },
    }


class Progress:
    """A Rich progress bar on a terminal's stderr, started once there is work to show."""

    def __init__(self, label: str, err: TextIO | None) -> None:
        self.label = safe(label)
        self.err = err
        self.bar: RichProgress | None = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.err is None or total < 20:
            return
        if self.bar is None:
            from rich.progress import Progress as RichProgress

            from timeline_cli.render import rich_console

            self.bar = RichProgress(console=rich_console(self.err), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
