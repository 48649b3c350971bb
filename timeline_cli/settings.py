"""Settings, once: option > environment > config file > built-in default.

The only module that reads the environment. The root callback of the command
line reads the settings once per run and makes them the active ones (``active``)
for the run; ``current()`` answers with them, or outside a run reads the
environment (and the config file, ``config.py``) afresh: cheap, one failed open
when there is no config file, and right when tests change them between calls. Each
command applies its options on top (``with_options``), which is also where a bad
config file stops the command. Each setting remembers where its value came from,
for ``timeline config``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline_cli.config import Config, locate, read_config

if TYPE_CHECKING:
    from timeline_cli.errors import InvalidFileError
    from timeline_cli.sync.remotes import Remote

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
    # What sync and URL imports remember between runs (ETags, hashes as last synced):
    # $XDG_STATE_HOME/timeline, else ~/.local/state/timeline.
    state: Path = Path(".local/state/timeline")
    lock_wait: str | None  # $TIMELINE_LOCK_TIMEOUT as written (see lock_timeout)
    debug: bool  # $TIMELINE_DEBUG: let internal errors show their traceback
    dumb_terminal: bool  # $TERM=dumb: no Rich on a terminal
    completing: bool  # $_TIMELINE_COMPLETE: a shell asks for completions, not a command
    # The pager of long output on a terminal: $TIMELINE_PAGER, else the config file's,
    # else $PAGER, else less; None when off (--no-pager, or an empty one or "cat").
    pager: str | None = DEFAULT_PAGER
    pager_env: Mapping[str, str] = field(default_factory=dict)  # LESS=FRX when LESS is unset
    # The editor of `edit --editor`, a shell command line: the config file's, else
    # $VISUAL, else $EDITOR, else vi.
    editor: str = DEFAULT_EDITOR
    # Colour in the terminal forms: "auto", "always" or "never" ($NO_COLOR: never,
    # $FORCE_COLOR: always, else the config file's color).
    color: str = "auto"
    config: Path = Path("config.toml")  # the config file, whether it exists or not
    config_error: InvalidFileError | None = None  # why the config file could not be used
    sources: Mapping[str, str] = field(default_factory=dict)  # setting → where it came from
    # The config file's [remotes.NAME] tables, for sync; the netrc file ($NETRC, else
    # ~/.netrc) and $TIMELINE_PASSWORD, the last places a remote's password is looked for.
    remotes: Mapping[str, Remote] = field(default_factory=dict)
    netrc: Path = Path(".netrc")
    password: str | None = field(default=None, repr=False)

    @property
    def lock_timeout(self) -> float:
        """Seconds a writer waits for the lock; a value that is no number is an error."""
        if not self.lock_wait:
            return LOCK_TIMEOUT
        try:
            seconds = float(self.lock_wait)
        except ValueError:
            seconds = -1.0
        if not seconds >= 0:  # only the environment's can be wrong: the config file's is checked
            from timeline_cli.errors import UsageError

            raise UsageError(f"TIMELINE_LOCK_TIMEOUT {self.lock_wait!r} is not a number of seconds")
        return seconds

    @property
    def files_named(self) -> bool:
        """True when -f, $TIMELINE_FILE or the config file named the files (not a default)."""
        source = self.sources.get("files", "")
        return source in ("-f", "TIMELINE_FILE") or source.startswith("config file")

    def without_pager(self) -> Settings:
        """These settings with the pager turned off (``--no-pager``)."""
        return replace(self, pager=None, sources={**self.sources, "pager": "--no-pager"})

    def with_options(self, *, files: list[Path] | None = None, tz: str | None = None) -> Settings:
        """These settings with the command line's options on top; raises the config
        file's error (InvalidFileError) if it could not be used, so that every command
        stops there with one message, while ``--help`` still works."""
        if self.config_error is not None:
            raise self.config_error
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
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    sources: dict[str, str] = {}
    config, error = _config(env, home, sources)
    data_home = env.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    default_file = Path(data_home) / "timeline" / "events.toml"
    cache_home = env.get("XDG_CACHE_HOME") or ""
    no_cache = ("TIMELINE_NO_CACHE", False if env.get("TIMELINE_NO_CACHE") else None)
    cache_on = _first(
        sources, "cache", cache_home and "XDG_CACHE_HOME", no_cache, config.layer("cache")
    )
    seconds = config.values.get("lock_timeout")
    lock_wait = (
        ("TIMELINE_LOCK_TIMEOUT", env.get("TIMELINE_LOCK_TIMEOUT") or None),
        (config.source("lock_timeout"), None if seconds is None else str(seconds)),
    )
    debug = ("TIMELINE_DEBUG", True if env.get("TIMELINE_DEBUG") else None)
    return Settings(
        files=_files(env, config, here, default_file, sources),
        default_file=default_file,
        zone=_first(
            sources,
            "zone",
            "system",
            ("TIMELINE_TZ", env.get("TIMELINE_TZ") or None),
            config.layer("timezone"),
        ),
        system_zone=env.get("TZ"),
        cache=None if cache_on is False else Path(cache_home or home / ".cache") / "timeline",
        state=Path(env.get("XDG_STATE_HOME") or home / ".local" / "state") / "timeline",
        lock_wait=_first(sources, "lock_timeout", "default", *lock_wait),
        debug=bool(_first(sources, "debug", "default", debug, config.layer("debug"))),
        dumb_terminal=env.get("TERM") == "dumb",
        completing=bool(env.get(COMPLETE_VAR)),
        pager=_pager(env, config, sources),
        pager_env={} if "LESS" in env else {"LESS": "FRX"},
        editor=_editor(env, config, sources),
        color=_color(env, config, sources),
        config=config.path,
        config_error=error,
        sources=sources,
        remotes=config.values.get("remotes", {}),
        netrc=Path(env.get("NETRC") or home / ".netrc"),
        password=env.get("TIMELINE_PASSWORD") or None,
    )


def _first(sources: dict[str, str], name: str, default: str, *layers: tuple[str, Any]) -> Any:
    """The value of the first layer that sets one (not None), or None; where it came
    from (the layer's source, else ``default``) goes in ``sources``."""
    for source, value in layers:
        if value is not None:
            sources[name] = source
            return value
    sources[name] = default or "default"
    return None


def _config(
    env: Mapping[str, str], home: Path, sources: dict[str, str]
) -> tuple[Config, InvalidFileError | None]:
    """The config file's values; none, with the error, when it cannot be used."""
    from timeline_cli.errors import InvalidFileError

    path, sources["config"] = locate(env, home)
    try:
        return read_config(path, home), None
    except InvalidFileError as exc:
        return Config(path, {}, {}), exc


def _pager(env: Mapping[str, str], config: Config, sources: dict[str, str]) -> str | None:
    """``TIMELINE_PAGER``, else the config file's ``pager``, else ``PAGER``, else less
    (as git: its own variable, its config, then everyone's); None for "" or ``cat``."""
    layers = (("TIMELINE_PAGER", env.get("TIMELINE_PAGER")), config.layer("pager"))
    command = _first(sources, "pager", "default", *layers, ("PAGER", env.get("PAGER")))
    command = DEFAULT_PAGER if command is None else command.strip()
    return None if command in ("", "cat") else command


def _editor(env: Mapping[str, str], config: Config, sources: dict[str, str]) -> str:
    """The config file's ``editor``, else ``VISUAL``, else ``EDITOR`` (as git: its own
    setting before everyone's variables), else vi; an empty one counts as unset."""
    layers = [config.layer("editor")] + [(name, env.get(name)) for name in ("VISUAL", "EDITOR")]
    named = [(source, value.strip()) for source, value in layers if value and value.strip()]
    return str(_first(sources, "editor", "default", *named) or DEFAULT_EDITOR)


def _color(env: Mapping[str, str], config: Config, sources: dict[str, str]) -> str:
    """``NO_COLOR`` (never) > ``FORCE_COLOR`` (always) > the config file's > auto; a
    variable counts when set and not empty (no-color.org, force-color.org)."""
    never = ("NO_COLOR", "never" if env.get("NO_COLOR") else None)
    always = ("FORCE_COLOR", "always" if env.get("FORCE_COLOR") else None)
    return str(_first(sources, "color", "default", never, always, config.layer("color")) or "auto")


def completion_requested() -> bool:
    """True when a shell asks for completions: ``current().completing`` without reading
    the rest of the settings (the config file), for the entry point's first look."""
    return bool(os.environ.get(COMPLETE_VAR))


def child_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment with ``extra`` on top, for a program it starts."""
    return {**os.environ, **extra}


def _files(
    env: Mapping[str, str], config: Config, here: Path, default_file: Path, sources: dict[str, str]
) -> tuple[Path, ...]:
    """``TIMELINE_FILE`` (``:``-separated), else the config file's ``files``, else
    ./events.toml if present, else the default."""
    named = [Path(p) for p in env.get("TIMELINE_FILE", "").split(os.pathsep) if p]
    chosen = _first(
        sources, "files", "", ("TIMELINE_FILE", tuple(named) or None), config.layer("files")
    )
    if chosen is not None:
        return tuple(chosen)
    local = here / "events.toml"
    if local.exists():
        sources["files"] = "./events.toml"
        return (Path("events.toml"),) if here == Path.cwd() else (local,)
    sources["files"] = "default"
    return (default_file,)
