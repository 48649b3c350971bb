"""The answer of ``timeline config``, as data (apart from ``results`` for now; the
renderer shows it with ``render.config_report``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple


class ConfigReport(NamedTuple):
    """``config``: the config file, and each setting's value and where it came from.

    ``settings`` holds ``(key, value, source)`` by the config file's key names; a value
    is as JSON takes it (a list of paths, a string, a number, true or false, or None
    for a setting that is off).
    """

    path: Path  # the config file, whether it exists or not
    path_source: str  # TIMELINE_CONFIG, XDG_CONFIG_HOME or default
    found: bool  # whether the config file exists
    settings: Sequence[tuple[str, object, str]]
    path_only: bool = False  # `config --path`: the path alone
