"""What the sync tests share: running ``timeline`` against a server, reading the
server with the caldav library (as another person's calendar app would)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events.toml"


class Timeline:
    """``timeline`` with a config naming the server as remote ``team``."""

    def __init__(self, server: Any, home: Path, password: str | None = None) -> None:
        self.server = server
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        self.config = home / "config.toml"
        self.config.write_text(server.remote_toml())
        self.env = {
            **os.environ,
            "TIMELINE_CONFIG": str(self.config),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "HOME": str(home),
            "TZ": "America/Santiago",
            "TIMELINE_PASSWORD": server.password if password is None else password,
        }
        self.env.pop("NETRC", None)

    def __call__(self, *args: str, check: int | None = 0) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "timeline_cli", *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.home,
            check=False,
        )
        if check is not None:
            assert done.returncode == check, (done.returncode, done.stdout, done.stderr)
        return done

    def sync(
        self, path: Path, *args: str, check: int | None = 0
    ) -> subprocess.CompletedProcess[str]:
        return self("sync", "-f", str(path), *args, check=check)

    def events(self, path: Path) -> list[dict[str, Any]]:
        """The events of ``path`` as the JSON export gives them, by id."""
        data = json.loads(self("export", "--format", "json", "-f", str(path)).stdout)
        return sorted(data["events"], key=lambda e: e["id"])


def server_events(server: Any) -> dict[str, Any]:
    """UID → the icalendar VEVENT (the first: a series before its overrides) of each
    resource on the server, and how many resources there are, read with caldav."""
    found: dict[str, Any] = {}
    for item in server.calendar().events():
        component = item.icalendar_component
        uid = str(component["UID"])
        assert uid not in found, f"two resources for {uid}"
        found[uid] = item
    return found


def summary(stdout: str) -> str:
    """The summary line of a sync's output (``Synced ...`` or ``Would sync ...``)."""
    (line,) = [x for x in stdout.splitlines() if x.startswith(("Synced ", "Would sync "))]
    return line


def said(done: subprocess.CompletedProcess[str]) -> str:
    """What the summary says after ``Synced events.toml with team: ``."""
    return summary(done.stdout).split(" with team: ", 1)[1]
