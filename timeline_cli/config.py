"""The config file: timeline's own settings, in TOML, read once a run by ``settings``.

``$TIMELINE_CONFIG``, else ``$XDG_CONFIG_HOME/timeline/config.toml`` (``~/.config``
when that is unset). A missing file is no config. A file that cannot be read, is no
TOML, holds an unknown key or a value of the wrong kind is an InvalidFileError at its
``file:line:column``. Values come back checked and ready: paths expanded (``~``, and
relative to the config file's folder), the zone known. Precedence is the settings'.
Also the ``timeline config`` report: every effective setting and where it came from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline_cli.errors import InvalidFileError, Problem, UsageError

if TYPE_CHECKING:
    from timeline_cli.results_config import ConfigReport
    from timeline_cli.settings import Settings

COLORS = ("auto", "always", "never")
# Each key and what its value must be (the wording of a value of the wrong kind).
KEYS = {
    "files": "a string or a list of strings",
    "timezone": "a string",
    "cache": "true or false",
    "lock_timeout": "a number of seconds (0 or more)",
    "pager": "a string",
    "editor": "a string",
    "color": "'auto', 'always' or 'never'",
    "debug": "true or false",
    "remotes": "a table of remotes ([remotes.NAME] with url, username, ...)",
}


class Config(NamedTuple):
    """The checked values of a config file, and the line each key is on."""

    path: Path
    values: Mapping[str, Any]
    lines: Mapping[str, int]

    def source(self, key: str) -> str:
        """Where ``key`` was set: ``config file (/path/config.toml:3)``."""
        line = self.lines.get(key)
        return f"config file ({self.path}:{line})" if line else f"config file ({self.path})"

    def layer(self, key: str) -> tuple[str, Any]:
        """``(source, value)`` of ``key``; the value None when the file does not set it."""
        return self.source(key), self.values.get(key)


def locate(env: Mapping[str, str], home: Path) -> tuple[Path, str]:
    """The config file's path and what chose it (``TIMELINE_CONFIG``, ``XDG_CONFIG_HOME``)."""
    named = env.get("TIMELINE_CONFIG")
    if named:
        return expand(named, home), "TIMELINE_CONFIG"
    folder = env.get("XDG_CONFIG_HOME")
    if folder:
        return Path(folder) / "timeline" / "config.toml", "XDG_CONFIG_HOME"
    return home / ".config" / "timeline" / "config.toml", "default"


def expand(text: str, home: Path) -> Path:
    """``text`` as a path, a leading ``~`` (or ``~user``) expanded."""
    if text == "~" or text.startswith("~/"):
        return home / text[2:]
    return Path(text).expanduser() if text.startswith("~") else Path(text)


def read_config(path: Path, home: Path) -> Config:
    """The config file at ``path``, checked; no values when there is no such file.

    A missing file costs one failed open. Raises InvalidFileError for a file that is
    unreadable, not UTF-8, not TOML, or that sets an unknown key or a wrong value.
    """
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return Config(path, {}, {})
    except IsADirectoryError:
        raise InvalidFileError(Problem(None, "the config file is a folder", path)) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InvalidFileError(
            Problem(None, f"cannot read the config file: {reason}", path)
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidFileError(Problem(None, "the config file is not UTF-8 text", path)) from None
    from timeline_cli.store.codec import parse_toml

    document = parse_toml(path, text)
    places = key_places(text)
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, raw in document.items():
        line, key_column, value_column = places.get(key, (None, None, None))
        if key == "remotes":
            from timeline_cli.sync.remotes import check_remotes

            values[key], found = check_remotes(raw, path, text, home)
            problems.extend(found)
            continue
        if key not in KEYS:
            from timeline_cli.suggest import did_you_mean

            hint = did_you_mean(key, KEYS) or f" (the keys are {', '.join(KEYS)})"
            problems.append(Problem(None, f"unknown key {key!r}{hint}", path, line, key_column))
            continue
        try:
            values[key] = _CHECKS[key](raw, path.parent, home)
        except ValueError as exc:
            problems.append(Problem(None, str(exc), path, line, value_column))
    if problems:
        raise InvalidFileError(problems)
    return Config(path, values, {key: places[key][0] for key in values if key in places})


# A top-level key (bare or quoted) and its ``=``; a table header and its first name.
_KEY = re.compile(r"""[ \t]*([A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*(=|\.)[ \t]*""")
_HEADER = re.compile(r"""[ \t]*\[\[?[ \t]*([A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')""")


def key_places(text: str) -> dict[str, tuple[int, int, int]]:
    """For each top-level key (and table name): its line, its column and its value's.

    A light scan (tomli has read the file already): keys before the first table
    header, the headers' first names, skipping multi-line strings.
    """
    places: dict[str, tuple[int, int, int]] = {}
    in_string = False
    in_table = False
    for number, line in enumerate(text.splitlines(), 1):
        quotes = line.count('"""') + line.count("'''")
        if not in_string:
            header = _HEADER.match(line)
            key = None if header or in_table else _KEY.match(line)
            if header:
                in_table = True
                name = header.group(1).strip("\"'")
                places.setdefault(name, (number, header.start(1) + 1, header.start(1) + 1))
            elif key:
                name = key.group(1).strip("\"'")
                places.setdefault(name, (number, key.start(1) + 1, key.end() + 1))
        if quotes % 2:
            in_string = not in_string
    return places


def _kind(value: object) -> str:
    """How a TOML value is called in a message: ``a number``, ``a list``."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _wrong(key: str, value: object) -> ValueError:
    return ValueError(f"{key} must be {KEYS[key]}, not {_kind(value)}")


def _files(value: object, folder: Path, home: Path) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise _wrong("files", value)
    if not items or not all(items):
        raise ValueError("files must name at least one file, and no empty path")
    return tuple(folder / expand(item, home) for item in items)  # an absolute one stays


def _timezone(value: object, folder: Path, home: Path) -> str:
    if not isinstance(value, str):
        raise _wrong("timezone", value)
    if value.strip().lower() != "local":  # the system's zone, which is no mistake
        from timeline_cli.zones import resolve_zone

        try:
            resolve_zone(value, what="timezone")
        except UsageError as exc:
            raise ValueError(exc.message) from None
    return value


def _flag(key: str) -> Callable[[object, Path, Path], bool]:
    def check(value: object, folder: Path, home: Path) -> bool:
        if not isinstance(value, bool):
            raise _wrong(key, value)
        return value

    return check


def _lock_timeout(value: object, folder: Path, home: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong("lock_timeout", value)
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"lock_timeout must be {KEYS['lock_timeout']}, not {value}")
    return float(value)


def _string(key: str) -> Callable[[object, Path, Path], str]:
    def check(value: object, folder: Path, home: Path) -> str:
        if not isinstance(value, str):
            raise _wrong(key, value)
        return value

    return check


def _color(value: object, folder: Path, home: Path) -> str:
    if not isinstance(value, str):
        raise _wrong("color", value)
    if value not in COLORS:
        from timeline_cli.suggest import did_you_mean

        hint = did_you_mean(value, COLORS)
        raise ValueError(f"color must be {KEYS['color']}, not {value!r}{hint}")
    return value


_CHECKS: dict[str, Callable[[Any, Path, Path], Any]] = {
    "files": _files,
    "timezone": _timezone,
    "cache": _flag("cache"),
    "lock_timeout": _lock_timeout,
    "pager": _string("pager"),
    "editor": _string("editor"),
    "color": _color,
    "debug": _flag("debug"),
}


def report(settings: Settings, *, path_only: bool = False) -> ConfigReport:
    """The answer of ``timeline config``: each setting by its config key, its effective
    value (as JSON takes it) and where it came from."""
    from timeline_cli.results_config import ConfigReport

    if settings.zone is None:
        from timeline_cli.zones import system_zone, zone_name

        zone = zone_name(system_zone())
    else:
        zone = settings.zone
    source = settings.sources.get
    rows: list[tuple[str, object, str]] = [
        ("files", [str(path) for path in settings.files], source("files", "default")),
        ("timezone", zone, source("zone", "system")),
        ("cache", None if settings.cache is None else str(settings.cache), source("cache", "")),
        ("lock_timeout", settings.lock_timeout, source("lock_timeout", "default")),
        ("pager", settings.pager, source("pager", "default")),
        ("editor", settings.editor, source("editor", "default")),
        ("color", settings.color, source("color", "default")),
        ("debug", settings.debug, source("debug", "default")),
    ]
    if settings.remotes:
        from timeline_cli.sync.remotes import listed

        for remote in listed(settings.remotes):
            name, where = remote.pop("name"), remote.pop("source")
            rows.append((f"remotes.{name}", remote, str(where)))
    return ConfigReport(
        path=settings.config,
        path_source=source("config", "default"),
        found=settings.config.is_file(),
        settings=rows,
        path_only=path_only,
    )
