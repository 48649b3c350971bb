"""Remotes: the CalDAV calendars ``timeline sync`` talks to, and their passwords.

A remote is a ``[remotes.NAME]`` table of the config file (checked here when the
config file is read, so a mistake stops every command with its line, exit 4), or
one given with ``sync --url``. The password comes from the remote's
``password_command`` (run without a shell; the first line of its output), else
``~/.netrc`` (or ``$NETRC``) for the URL's host, else ``$TIMELINE_PASSWORD``. It is
never stored, printed or put in a message; URLs are shown without userinfo.
Cheap to import: the config file's check runs on every start.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from timeline_cli.errors import AuthError, Problem, UsageError

TIMEOUT = 30.0  # seconds, for each request
KEYS = {
    "url": "an http(s) URL of a calendar collection",
    "username": "a string",
    "password_command": "a command line (a string)",
    "verify": "true, false or the path of a CA bundle",
    "timeout": "a number of seconds (more than 0)",
}


class Remote(NamedTuple):
    """One CalDAV calendar collection and how to log in to it."""

    name: str  # the table's name, or the host of a --url
    url: str  # the collection, ending in "/"
    username: str | None = None
    password_command: str | None = None
    verify: bool | str = True  # False: no TLS verification; a string: a CA bundle file
    timeout: float = TIMEOUT
    source: str = "--url"  # where it was defined: "config file (path:line)"

    @property
    def host(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.url).hostname or ""

    @property
    def shown_url(self) -> str:
        return redact(self.url)


def redact(url: str) -> str:
    """``url`` without the userinfo (``https://ana:secret@host/`` → ``https://host/``)."""
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@", r"\1", url)


def check_url(url: str) -> str:
    """``url`` as a collection URL (ending in ``/``); ValueError saying what is wrong.

    No message repeats a URL's userinfo: it may hold a password.
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a bad port raises here)
    except ValueError:
        raise ValueError(f"{redact(url)!r} is not a URL") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{redact(url)!r} is not an http(s) URL of a calendar")
    if parts.password is not None:
        raise ValueError(
            "the URL holds a password: put it in password_command, ~/.netrc or "
            "TIMELINE_PASSWORD instead"
        )
    return url if url.endswith("/") else url + "/"


def url_remote(url: str, username: str | None) -> Remote:
    """The remote of ``sync --url``; UsageError for a URL that is no http(s) URL."""
    try:
        checked = check_url(url)
    except ValueError as exc:
        raise UsageError(f"--url: {exc}") from None
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(checked)
    if username is None and parts.username:
        username = unquote(parts.username)
    remote = Remote(parts.hostname or "", redact(checked), username)
    return remote


# --- the config file's [remotes] -----------------------------------------------


def check_remotes(
    value: object, path: Path, text: str, home: Path
) -> tuple[dict[str, Remote], list[Problem]]:
    """The config file's ``remotes`` table, checked: each remote, and the problems
    found, located at their lines."""
    places = _places(text)
    problems: list[Problem] = []
    remotes: dict[str, Remote] = {}
    top = places.get(("", ""), (None, None))
    if not isinstance(value, dict):
        problems.append(Problem(None, "remotes must be a table ([remotes.NAME])", path, *top))
        return remotes, problems
    for name, table in value.items():
        where = places.get((name, ""), top)
        if not isinstance(table, dict):
            message = f"remotes.{name} must be a table with url, username, ..."
            problems.append(Problem(None, message, path, *where))
            continue
        fields: dict[str, Any] = {}
        for key, raw in table.items():
            line, column = places.get((name, key), where)
            if key not in KEYS:
                column = places.get((name, "=" + key), (line, column))[1]
            try:
                fields[key] = _check(key, raw, path.parent, home)
            except ValueError as exc:
                problems.append(Problem(None, f"remotes.{name}: {exc}", path, line, column))
        if "url" not in table:
            problems.append(Problem(None, f"remotes.{name}: no url", path, *where))
        elif "url" in fields:
            source = f"config file ({path}:{where[0]})" if where[0] else f"config file ({path})"
            remotes[name] = Remote(name, **fields, source=source)
    return remotes, problems


def _check(key: str, raw: object, folder: Path, home: Path) -> Any:
    if key not in KEYS:
        from timeline_cli.suggest import did_you_mean

        hint = did_you_mean(key, KEYS) or f" (the keys are {', '.join(KEYS)})"
        raise ValueError(f"unknown key {key!r}{hint}")
    wrong = ValueError(f"{key} must be {KEYS[key]}")
    if key == "timeout":
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not raw > 0:
            raise wrong
        return float(raw)
    if key == "verify":
        if isinstance(raw, bool):
            return raw
        if not isinstance(raw, str) or not raw:
            raise wrong
        from timeline_cli.config import expand

        bundle = folder / expand(raw, home)
        if not bundle.is_file():
            raise ValueError(f"verify: no CA bundle file at {bundle}")
        return str(bundle)
    if not isinstance(raw, str) or not raw.strip():
        raise wrong
    if key == "url":
        return check_url(raw)
    if key == "password_command":
        import shlex

        try:
            if not shlex.split(raw):
                raise wrong
        except ValueError:
            raise ValueError("password_command is not a valid command line") from None
    return raw


_HEADER = re.compile(
    r"""^[ \t]*\[[ \t]*remotes[ \t]*(?:\.[ \t]*([A-Za-z0-9_-]+|"[^"]*"|'[^']*'))?[ \t]*\]"""
)
_OTHER = re.compile(r"^[ \t]*\[")
_KEY = re.compile(r"""^[ \t]*([A-Za-z0-9_-]+|"[^"]*"|'[^']*')[ \t]*=[ \t]*""")


def _places(text: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(remote, key) → (line, column of the value); (remote, "") is the remote's
    header (or its line in a ``[remotes]`` table), ("", "") the first ``remotes`` line."""
    places: dict[tuple[str, str], tuple[int, int]] = {}
    current: str | None = None  # the remote whose keys follow; "" under [remotes]
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            current = (header.group(1) or "").strip("\"'")
            places.setdefault(("", ""), (number, 1))
            places.setdefault((current, ""), (number, 1))
            continue
        if _OTHER.match(line):
            current = None
            continue
        key = _KEY.match(line)
        if current is None and re.match(r"^[ \t]*remotes[ \t]*[=.]", line):
            places.setdefault(("", ""), (number, 1))
        if key is None:
            continue
        name = key.group(1).strip("\"'")
        if current == "":
            places.setdefault((name, ""), (number, key.start(1) + 1))
        elif current is not None:
            places.setdefault((current, name), (number, key.end() + 1))
            places.setdefault((current, "=" + name), (number, key.start(1) + 1))
    return places


# --- passwords -------------------------------------------------------------------


class Credentials(NamedTuple):
    """Who to log in as; no password (None) means no login at all."""

    username: str | None
    password: str | None

    def __repr__(self) -> str:  # never the password, even in a traceback
        return f"Credentials(username={self.username!r}, password=<hidden>)"


def credentials(remote: Remote, netrc_path: Path, env_password: str | None) -> Credentials:
    """The username and password for ``remote``: ``password_command``, else the netrc
    entry of its host, else ``$TIMELINE_PASSWORD``. A remote without a username and
    without a password anywhere logs in as nobody (a server without accounts); one
    with a username and no password is an AuthError saying where it looked."""
    if remote.password_command:
        return Credentials(remote.username, _run_password_command(remote))
    entry = _netrc_entry(netrc_path, remote.host)
    if entry is not None and (remote.username is None or entry[0] in (remote.username, "")):
        return Credentials(remote.username or entry[0] or None, entry[1])
    if env_password:
        return Credentials(remote.username, env_password)
    if remote.username is None:
        return Credentials(None, None)
    raise AuthError(
        f"no password for {remote.username} on remote {remote.name!r}: it has no "
        f"password_command, {netrc_path} has no entry for {remote.host}, and "
        "TIMELINE_PASSWORD is not set"
    )


def _run_password_command(remote: Remote) -> str:
    import shlex
    import subprocess

    command = remote.password_command or ""
    what = f"the password_command of remote {remote.name!r} ({command})"
    try:
        done = subprocess.run(
            shlex.split(command),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except FileNotFoundError:
        raise AuthError(f"{what}: no such program") from None
    except subprocess.TimeoutExpired:
        raise AuthError(f"{what} did not finish within 60 seconds") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise AuthError(f"{what} could not run: {reason}") from None
    if done.returncode != 0:
        raise AuthError(f"{what} failed with exit status {done.returncode}")
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if not lines or not lines[0]:
        raise AuthError(f"{what} printed no password")
    return lines[0]


def _netrc_entry(path: Path, host: str) -> tuple[str, str] | None:
    """(login, password) of ``host`` in the netrc file, or None."""
    import netrc

    if not path.is_file():
        return None
    try:
        found = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as exc:
        raise AuthError(f"{path}:{exc.lineno}: cannot read this netrc file") from None
    except OSError as exc:
        raise AuthError(f"cannot read {path}: {exc.strerror or exc}") from None
    if found is None or not found[2]:
        return None
    return found[0] or "", found[2]


def listed(remotes: Mapping[str, Remote]) -> list[dict[str, object]]:
    """The remotes as ``timeline config`` shows them: never a password."""
    return [
        {
            "name": remote.name,
            "url": remote.shown_url,
            "username": remote.username,
            "password_command": remote.password_command,
            "verify": remote.verify,
            "timeout": remote.timeout,
            "source": remote.source,
        }
        for remote in remotes.values()
    ]
