"""What the last sync of one events file with one calendar saw, kept between runs.

One JSON file per (events file, collection URL) under the state folder
(``$XDG_STATE_HOME/timeline/sync/``), written atomically: for each UID the
resource's href, the ETag last seen, and the hash of the event as last synced
(``resources.content_hash``, the same function on both sides), plus a conflict
seen and not yet resolved. Losing it is safe: a sync without state records equal
contents, calls different ones conflicts and deletes nothing. A file that cannot be
read is treated as lost (and replaced by the next write), never as an error.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

VERSION = 1


@dataclass(frozen=True)
class Seen:
    """A conflict left unresolved: the remote ETag and the local hash it was seen with
    (None: that side had deleted the event)."""

    etag: str | None
    hash: str | None


@dataclass(frozen=True)
class Entry:
    """One event (one calendar resource) as the last sync left it."""

    href: str | None  # the resource's URL path; None when it was never on the server
    etag: str | None  # the ETag last seen (None: the server did not say)
    hash: str | None  # the content as last synced on both sides; None: never agreed
    conflict: Seen | None = None


@dataclass
class State:
    """Every entry of one (events file, calendar) pair, by UID."""

    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    token: str | None = None  # the collection's sync-token after the last full sync

    def by_href(self) -> dict[str, str]:
        """href → UID of every entry on the server."""
        return {entry.href: uid for uid, entry in self.entries.items() if entry.href}

    def put(self, uid: str, entry: Entry | None) -> None:
        if entry is None:
            self.entries.pop(uid, None)
        else:
            self.entries[uid] = entry

    def conflict(self, uid: str, etag: str | None, local: str | None, href: str | None) -> None:
        """Remember a conflict seen on ``uid`` (the rest of its entry stays)."""
        old = self.entries.get(uid) or Entry(href, None, None)
        self.entries[uid] = replace(old, href=old.href or href, conflict=Seen(etag, local))

    def save(self) -> None:
        """Write the state atomically (the folder is made, private to the user)."""
        from timeline_cli.store.atomic import atomic_write

        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        items = {uid: _entry_json(entry) for uid, entry in sorted(self.entries.items())}
        document = {"version": VERSION, "token": self.token, "events": items}
        atomic_write(self.path, (json.dumps(document, indent=1) + "\n").encode("utf-8"))


def state_path(folder: Path, events_file: Path, url: str) -> Path:
    """The state file of ``events_file`` (made absolute) synced with ``url``."""
    key = f"{events_file.absolute()}\n{url}".encode()
    return folder / "sync" / f"{hashlib.sha256(key).hexdigest()[:24]}.json"


def load(path: Path) -> State:
    """The state at ``path``; an empty one when it is missing or unreadable."""
    try:
        document = json.loads(path.read_bytes())
        if document.get("version") != VERSION:
            return State(path)
        entries = {uid: _entry(item) for uid, item in document["events"].items()}
        token = document.get("token")
        return State(path, entries, token if isinstance(token, str) else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return State(path)


def _entry_json(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {"href": entry.href, "etag": entry.etag, "hash": entry.hash}
    if entry.conflict is not None:
        data["conflict"] = {"etag": entry.conflict.etag, "hash": entry.conflict.hash}
    return data


def _entry(item: dict[str, Any]) -> Entry:
    def text(value: Any) -> str | None:
        if value is not None and not isinstance(value, str):
            raise TypeError("not a string")
        return value

    seen = item.get("conflict")
    conflict = Seen(text(seen["etag"]), text(seen["hash"])) if seen else None
    return Entry(text(item["href"]), text(item["etag"]), text(item["hash"]), conflict)
