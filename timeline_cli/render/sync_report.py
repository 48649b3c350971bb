"""``sync``: the plan as a table (one row per event), conflicts with both versions,
the notes, a summary line; its JSON form; the progress bar of a long sync.

Titles come from other people's calendars: every text goes through ``safe`` and
Rich never parses markup here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from timeline_cli.display import cell_width, plural, safe, wrap

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
    """``Synced events.toml with team: 3 uploaded, 1 deleted; 1 conflict.``: only the
    counts that are not zero (``--json`` has them all), or ``nothing to change``."""
    count = report.count
    done = [
        (count("upload"), "uploaded"),
        (count("download"), "downloaded"),
        (count("push"), "updated there"),
        (count("pull"), "updated here"),
        (count("delete-remote", "delete-local"), "deleted"),
    ]
    parts = [", ".join(f"{n} {what}" for n, what in done if n)]
    parts.append(plural(count("conflict"), "conflict") if count("conflict") else "")
    parts.append(f"{report.failed} refused by the server" if report.failed else "")
    text = "; ".join(part for part in parts if part) or "nothing to change"
    verb = "Would sync" if report.dry_run else "Synced"
    return f"{verb} {safe(report.file.name)} with {safe(report.remote)}: {text}."


HINT = (
    "Conflicts are left as they are on both sides: sync again with --prefer local or "
    "--prefer remote, or edit the event here and sync again to keep your version."
)


def print_sync(
    report: SyncReport,
    *,
    out: TextIO,
    err: TextIO,
    terminal: bool,
    width: int,
) -> None:
    """The table of what happens to each event (a dry run; else only conflicts and
    refusals), the conflicts' two versions, then the summary. On a terminal every line
    is wrapped to ``width`` (the notes on stderr to ``err_width``, when it is one)."""
    fit = width if terminal else None
    err_width = _columns(err)

    def put(text: str, stream: TextIO = out, room: int | None = fit, indent: str = "") -> None:
        lines = [text] if room is None else wrap(text, max(room - len(indent), 10))
        stream.writelines(f"{indent}{line}\n" for line in lines)

    rows = [d for d in report.steps if d.step.action in SHOWN]
    listed = rows if report.dry_run else [d for d in rows if d.step.action == "conflict" or d.error]
    if listed:
        out.write(_table(listed, min(width, 80)))
    for done in listed:
        if done.step.action == "conflict":
            out.write("\n")
            put(f"{safe(done.id)}: {safe(done.step.why)} (local → remote)")
            for line in done.diff:
                put(safe(line), indent="  ")
        if done.error:
            out.write("\n")
            put(f"{safe(done.id)}: refused: {safe(done.error)}")
    for note in report.notes:
        put(f"note: {safe(note)}", err, err_width)
    if listed:
        out.write("\n")
    put(summary(report))
    if report.count("conflict") and not report.dry_run:
        put(HINT, room=min(width, 80))  # prose: never a line longer than 80


def _columns(stream: TextIO) -> int | None:
    """The columns of ``stream`` when it is an interactive terminal, else None."""
    import os

    from timeline_cli.render import use_terminal

    if not use_terminal(stream):
        return None
    try:
        return os.get_terminal_size(stream.fileno()).columns or None
    except (OSError, ValueError):
        return None


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
