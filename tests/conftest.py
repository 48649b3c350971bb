"""Shared fixtures: a clean environment, a private copy of the sample, a big file, and
one Chromium (the system's, driven by Playwright) for the browser tests.

Helpers (invoke, zones, builders, assertions) live in tests/helpers.py.

Every test runs with TZ set to a zone that is not UTC (Asia/Kathmandu, +05:45), so
nothing can pass by accident of the machine being on UTC.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# The real CalDAV servers' fixtures, for every test module (tests/caldav_servers.py).
from tests.caldav_servers import (
    _shared_servers,
    caldav_server,
    own_caldav_server,
    radicale_server,
    xandikos_server,
)

# ROOT and invoke are re-exported for the modules that still import them from here.
from tests.helpers import ROOT, SAMPLE, invoke

__all__ = ["ROOT", "SAMPLE", "invoke"]
__all__ += ["_shared_servers", "caldav_server", "own_caldav_server", "radicale_server"]
__all__ += ["xandikos_server"]

# HYPOTHESIS_PROFILE=long runs every property test with many more examples.
# CI=true (as in .ci/run's environment) fixes the examples, so a landing never
# depends on luck; local runs keep exploring new ones.
settings.register_profile(
    "default", max_examples=200, deadline=None, derandomize=bool(os.environ.get("CI"))
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No user settings leak in; the system zone is Asia/Kathmandu; XDG folders are in tmp."""
    names = ("TIMELINE_TZ", "TIMELINE_FILE", "NO_COLOR", "FORCE_COLOR", "TIMELINE_DEBUG")
    names += ("TIMELINE_NO_CACHE", "TIMELINE_CONFIG", "TIMELINE_PAGER", "PAGER", "VISUAL", "EDITOR")
    names += ("TIMELINE_PASSWORD", "NETRC")  # no credentials of the machine's
    for name in names:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "Asia/Kathmandu")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no user config file
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # no sync state of the user's
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no ~/.netrc of the user's
    time.tzset()
    yield
    time.tzset()


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the sample events.toml."""
    copy = tmp_path / "events.toml"
    copy.write_bytes(SAMPLE.read_bytes())
    return copy


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """An events file large enough to go through the parse cache."""
    from benchmarks.generate import generate
    from timeline_cli.store import CACHE_MIN_EVENTS

    path = tmp_path / "big.toml"
    path.write_text(generate(CACHE_MIN_EVENTS + 44, seed=3), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module: the system's /usr/bin/chromium, never a download.

    Skips, saying what to install, without Playwright (the `test` extra) or chromium.
    """
    playwright_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("install chromium: apt-get install -y chromium fonts-noto-cjk")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium)
        yield launched
        launched.close()
