"""Settings, once: option > environment > (a config file, later) > built-in default.

The only module that reads the environment. The root callback of the command
line reads the settings once per run and makes them the active ones (``active``)
for the run; ``current()`` answers with them, or outside a run reads the
environment afresh (cheap, and right when tests change it between calls). Each
command applies its options on top (``with_options``). Each setting remembers
where its value came from, for a future ``timeline config``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path

LOCK_TIMEOUT = 30.0  # seconds a writer waits for another one
# What a shell's completion function sets: Typer's _{PROG}_COMPLETE (Click's name),
# e.g. complete_bash, with COMP_WORDS and COMP_CWORD for the words typed so far.
COMPLETE_VAR = "_TIMELINE_COMPLETE"
DEFAULT_PAGER = "less -FRX"  # as git: quit if one screen, colours and links, no clearing
DEFAULT_EDITOR = "vi"  # as git, when neither $VISUAL nor $EDITOR names one


@dataclass(frozen=True, kw_only=True, slots=True)
class Settings:
    """Every setting of one run, and where each came from."""

    files: tuple[Path, ...]  # the events files: -f, $TIMELINE_FILE, ./events.toml, default_file
    default_file: Path  # $XDG_DATA_HOME/timeline/events.toml, created by the first add
    zone: str | None  # the display zone as written (--tz, $TIMELINE_TZ); None: the system's
    system_zone: str | None  # $TZ, as the system names its zone (None: /etc/localtime)
    cache: Path | None  # the parse-cache folder; None when $TIMELINE_NO_CACHE is set
    lock_wait: str | None  # $TIMELINE_LOCK_TIMEOUT as written (see lock_timeout)
    debug: bool  # $TIMELINE_DEBUG: let internal errors show their traceback
    dumb_terminal: bool  # $TERM=dumb: no Rich on a terminal
    completing: bool  # $_TIMELINE_COMPLETE: a shell asks for completions, not a command
    # The pager of long output on a terminal: $TIMELINE_PAGER, else $PAGER, else less;
    # None when off (--no-pager, or the variable is empty or "cat").
    pager: str | None = DEFAULT_PAGER
    pager_env: Mapping[str, str] = field(default_factory=dict)  # LESS=FRX when LESS is unset
    # The editor of `edit --editor`, a shell command line: $VISUAL, else $EDITOR, else vi.
    editor: str = DEFAULT_EDITOR
    sources: Mapping[str, str] = field(default_factory=dict)  # setting → where it came from

    @property
    def lock_timeout(self) -> float:
        """Seconds a writer waits for the lock; a value that is no number is an error."""
        if not self.lock_wait:
            return LOCK_TIMEOUT
        try:
            seconds = float(self.lock_wait)
        except ValueError:
            seconds = -1.0
        if not seconds >= 0:
            from timeline_cli.errors import UsageError

            raise UsageError(f"TIMELINE_LOCK_TIMEOUT {self.lock_wait!r} is not a number of seconds")
        return seconds

    @property
    def files_named(self) -> bool:
        """True when -f or $TIMELINE_FILE named the files (not a default)."""
        return self.sources.get("files") in ("-f", "TIMELINE_FILE")

    def without_pager(self) -> Settings:
        """These settings with the pager turned off (``--no-pager``)."""
        return replace(self, pager=None, sources={**self.sources, "pager": "--no-pager"})

    def with_options(self, *, files: list[Path] | None = None, tz: str | None = None) -> Settings:
        """These settings with the command line's options on top."""
        sources = dict(self.sources)
        changes: dict[str, object] = {}
        if files:
            changes["files"] = tuple(files)
            sources["files"] = "-f"
        if tz is not None:
            changes["zone"] = tz
            sources["zone"] = "--tz"
        return replace(self, sources=sources, **changes)  # type: ignore[arg-type]


_ACTIVE: ContextVar[Settings | None] = ContextVar("timeline_settings", default=None)


@contextmanager
def active(settings: Settings) -> Iterator[Settings]:
    """Make ``settings`` the answer of ``current()`` while the block runs (one run)."""
    token = _ACTIVE.set(settings)
    try:
        yield settings
    finally:
        _ACTIVE.reset(token)


def current(environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> Settings:
    """The settings of this run (no options yet): the active ones, else the
    environment's (always the environment's when ``environ`` or ``cwd`` is given)."""
    if environ is None and cwd is None:
        running = _ACTIVE.get()
        if running is not None:
            return running
    env = os.environ if environ is None else environ
    here = Path.cwd() if cwd is None else cwd
    sources: dict[str, str] = {}
    data_home = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    default_file = Path(data_home) / "timeline" / "events.toml"
    files = _files(env, here, default_file, sources)
    zone = env.get("TIMELINE_TZ") or None
    sources["zone"] = "TIMELINE_TZ" if zone else "system"
    cache_home = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    no_cache = bool(env.get("TIMELINE_NO_CACHE"))
    sources["cache"] = "TIMELINE_NO_CACHE" if no_cache else "XDG_CACHE_HOME"
    editors = [name for name in ("VISUAL", "EDITOR") if env.get(name, "").strip()]
    if editors:
        sources["editor"] = editors[0]
    return Settings(
        files=files,
        default_file=default_file,
        zone=zone,
        system_zone=env.get("TZ"),
        cache=None if no_cache else Path(cache_home) / "timeline",
        lock_wait=env.get("TIMELINE_LOCK_TIMEOUT"),
        debug=bool(env.get("TIMELINE_DEBUG")),
        dumb_terminal=env.get("TERM") == "dumb",
        completing=bool(env.get(COMPLETE_VAR)),
        pager=_pager(env, sources),
        pager_env={} if "LESS" in env else {"LESS": "FRX"},
        editor=env[editors[0]].strip() if editors else DEFAULT_EDITOR,
        sources=sources,
    )


def _pager(env: Mapping[str, str], sources: dict[str, str]) -> str | None:
    """``TIMELINE_PAGER``, else ``PAGER``, else less; None for an empty one or ``cat``."""
    for name in ("TIMELINE_PAGER", "PAGER"):
        if name in env:
            sources["pager"] = name
            command = env[name].strip()
            return None if command in ("", "cat") else command
    return DEFAULT_PAGER


def child_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment with ``extra`` on top, for a program it starts."""
    return {**os.environ, **extra}


def _files(
    env: Mapping[str, str], here: Path, default_file: Path, sources: dict[str, str]
) -> tuple[Path, ...]:
    """``TIMELINE_FILE`` (``:``-separated), else ./events.toml if present, else the default."""
    named = [Path(p) for p in env.get("TIMELINE_FILE", "").split(os.pathsep) if p]
    if named:
        sources["files"] = "TIMELINE_FILE"
        return tuple(named)
    local = here / "events.toml"
    if local.exists():
        sources["files"] = "./events.toml"
        return (Path("events.toml"),) if here == Path.cwd() else (local,)
    sources["files"] = "default"
    return (default_file,)
