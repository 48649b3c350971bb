"""Import by URL: fetch (conditionally), read and merge as a file is, then remember.

What an import by URL remembers is one small JSON file per URL under the state
folder (``$XDG_STATE_HOME/timeline/urls/<sha256 of the URL>.json``), replaced
atomically::

    {"url": "https://example.org/club.ics",          # without credentials
     "etag": "\\"abc\\"", "last_modified": "Tue, 01 Apr 2025 10:00:00 GMT",
     "sha256": "…",                                   # of the body they describe
     "imports": {"/home/me/events.toml": {"sha256": "…", "update": false}}}

The next import of that URL sends ``If-None-Match``/``If-Modified-Since`` only when
that very body was imported into this events file (with ``--update`` if asked for
now), so a 304 is answered "unchanged" only when the file already has what the
server would send. A record is written after a successful write, never by
``--dry-run``; one that is missing, unreadable or from another body just means a
full download. Losing the folder is safe.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote, urlsplit

from timeline_cli.errors import UsageError, WriteError, warn
from timeline_cli.fetch import TIMEOUT, Fetched, Validators, fetch

if TYPE_CHECKING:
    from timeline_cli.actions import Imported, Where
    from timeline_cli.formats import Candidate


class Options(NamedTuple):
    """How to import: the options of ``timeline import`` that apply to a URL."""

    fmt: str = "auto"
    update: bool = False
    skip_invalid: bool = False
    dry_run: bool = False
    timeout: float = TIMEOUT


def import_from_url(
    url: str, shown: str, where: Where, state: Path, options: Options
) -> Imported | None:
    """Import the calendar at ``url`` into the first file; None when the server says
    it is unchanged since the last import into that file (nothing written)."""
    from timeline_cli.actions import import_events

    target = _key(where.target)
    record = recall(state, url)
    known = _known(record, target, options.update) if where.target.exists() else None
    fetched = fetch(url, known, timeout=options.timeout, shown=shown)
    if fetched.body is None:
        return None
    candidates = read(fetched, options.fmt, shown)
    done = import_events(
        candidates,
        where,
        name=shown,
        update=options.update,
        skip_invalid=options.skip_invalid,
        dry_run=options.dry_run,
    )
    if not options.dry_run:
        remember(state, url, shown, fetched, record, target, options.update)
    return done


def read(fetched: Fetched, fmt: str, shown: str) -> list[Candidate]:
    """The candidates of a fetched body: ``--format``, else the Content-Type, else the
    URL's suffix, else the first bytes."""
    from timeline_cli.formats import (
        IMPORT_FORMATS,
        format_of,
        format_of_media_type,
        names_text,
        reader,
    )

    assert fetched.body is not None
    name = fmt.lower()
    if name == "auto":
        found = format_of_media_type(fetched.media_type)
        if found not in IMPORT_FORMATS:
            path = Path(unquote(urlsplit(fetched.url).path))
            found = format_of(path, fetched.body)
        if found is None or found not in IMPORT_FORMATS:
            media = fetched.media_type[:60] or "no Content-Type"
            choices = names_text(IMPORT_FORMATS)
            why = f"cannot tell the format of {shown} ({media})"
            raise UsageError(f"{why}; give --format {choices}")
        name = found
    return reader(name)(fetched.body, shown)


def _key(path: Path) -> str:
    """The events file as the record names it: its real path (one file, one key)."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop: the write will say what is wrong
        return str(path.absolute())


def record_path(state: Path, url: str) -> Path:
    """The state file of ``url``: named by its hash, so any URL makes a safe name."""
    return state / "urls" / f"{hashlib.sha256(url.encode()).hexdigest()[:32]}.json"


def recall(state: Path, url: str) -> dict[str, Any]:
    """What the last imports of ``url`` left; empty when nothing usable is there."""
    try:
        data = json.loads(record_path(state, url).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("imports"), dict) else {}


def _known(record: dict[str, Any], target: str, update: bool) -> Validators | None:
    """The validators to send: only when the body they describe went into ``target``
    (with --update, when that import was one with --update too)."""
    done = record.get("imports", {}).get(target)
    if not isinstance(done, dict) or done.get("sha256") != record.get("sha256"):
        return None
    if update and not done.get("update"):
        return None
    etag, modified = record.get("etag"), record.get("last_modified")
    known = Validators(
        etag if isinstance(etag, str) else None, modified if isinstance(modified, str) else None
    )
    return known if known.etag or known.last_modified else None


def remember(
    state: Path,
    url: str,
    shown: str,
    fetched: Fetched,
    record: dict[str, Any],
    target: str,
    update: bool,
) -> None:
    """Record that ``fetched`` was imported into ``target``; a failure only warns."""
    from timeline_cli.store.atomic import atomic_write

    assert fetched.body is not None
    digest = hashlib.sha256(fetched.body).hexdigest()
    imports = dict(record.get("imports", {}))
    imports[target] = {"sha256": digest, "update": update}
    data = {
        "url": shown,
        "etag": fetched.validators.etag,
        "last_modified": fetched.validators.last_modified,
        "sha256": digest,
        "imports": imports,
    }
    path = record_path(state, url)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(path, json.dumps(data, indent=1, sort_keys=True).encode() + b"\n")
    except (OSError, WriteError) as exc:
        reason = exc.message if isinstance(exc, WriteError) else exc.strerror or str(exc)
        warn(f"imported, but could not remember it for the next import ({reason})")
