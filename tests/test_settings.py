"""Settings, once: option > environment > default, each with where it came from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import ROOT, assert_error, invoke
from timeline_cli.settings import LOCK_TIMEOUT, current


def test_defaults_when_the_environment_says_nothing(tmp_path: Path) -> None:
    """No variables: the XDG default file, the system zone, a cache, 30 s of lock wait."""
    found = current({"TZ": "Asia/Seoul"}, tmp_path)
    home = Path.home()
    assert found.files == (home / ".local" / "share" / "timeline" / "events.toml",)
    assert found.default_file == found.files[0]
    assert (found.zone, found.system_zone) == (None, "Asia/Seoul")
    assert found.cache == home / ".cache" / "timeline"
    assert (found.lock_timeout, found.debug, found.dumb_terminal) == (LOCK_TIMEOUT, False, False)
    assert found.sources["config"] == "default"  # ~/.config/timeline/config.toml
    assert dict(found.sources) == {
        **dict.fromkeys(("config", "files", "cache", "lock_timeout", "debug"), "default"),
        **dict.fromkeys(("pager", "editor", "color"), "default"),
        "zone": "system",
    }
    assert not found.files_named


def test_the_environment_sets_each_setting(tmp_path: Path) -> None:
    """Every variable lands in its setting, and the sources say so."""
    environ = {
        "TIMELINE_FILE": "a.toml:/x/b.toml",
        "TIMELINE_TZ": "KST",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "c"),
        "XDG_STATE_HOME": str(tmp_path / "s"),
        "TIMELINE_LOCK_TIMEOUT": "2.5",
        "TIMELINE_DEBUG": "1",
        "TERM": "dumb",
    }
    found = current(environ, tmp_path)
    assert found.files == (Path("a.toml"), Path("/x/b.toml"))
    assert found.default_file == tmp_path / "data" / "timeline" / "events.toml"
    assert (found.zone, found.cache) == ("KST", tmp_path / "c" / "timeline")
    assert (found.lock_timeout, found.debug, found.dumb_terminal) == (2.5, True, True)
    assert found.sources["files"] == "TIMELINE_FILE" and found.files_named
    assert found.sources["zone"] == "TIMELINE_TZ"
    assert found.state == tmp_path / "s" / "timeline"
    assert current({"TIMELINE_NO_CACHE": "1"}, tmp_path).cache is None
    assert current({"HOME": str(tmp_path)}, tmp_path).state == tmp_path / ".local/state/timeline"


def test_a_local_events_file_comes_before_the_default(tmp_path: Path) -> None:
    """./events.toml is used when it exists and nothing names another file."""
    (tmp_path / "events.toml").write_text("", encoding="utf-8")
    found = current({}, tmp_path)
    assert found.files == (tmp_path / "events.toml",)
    assert found.sources["files"] == "./events.toml"


def test_options_come_before_the_environment(tmp_path: Path) -> None:
    """-f and --tz override TIMELINE_FILE and TIMELINE_TZ, and say so."""
    base = current({"TIMELINE_FILE": "a.toml", "TIMELINE_TZ": "KST"}, tmp_path)
    chosen = base.with_options(files=[Path("c.toml")], tz="UTC")
    assert (chosen.files, chosen.zone) == ((Path("c.toml"),), "UTC")
    assert (chosen.sources["files"], chosen.sources["zone"]) == ("-f", "--tz")
    assert base.with_options() == base  # nothing given: unchanged


def test_a_lock_timeout_that_is_no_number_is_an_error_of_the_writers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TIMELINE_LOCK_TIMEOUT=soon: add refuses with one line, exit 2; list does not care."""
    path = tmp_path / "events.toml"
    path.write_text('[[events]]\ntitle = "A"\nstart = 2024-01-01\n', encoding="utf-8")
    monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", "soon")
    before = path.read_bytes()
    result = invoke(["add", "B", "--start", "2024-01-02", "-f", str(path)])
    assert_error(result, 2, "TIMELINE_LOCK_TIMEOUT 'soon' is not a number of seconds")
    assert path.read_bytes() == before
    assert invoke(["list", "-f", str(path)]).exit_code == 0
    monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", "-1")
    assert_error(invoke(["add", "B", "--start", "2024-01-02", "-f", str(path)]), 2, "'-1'")


def test_a_bad_display_zone_names_where_it_came_from(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad TIMELINE_TZ is named as such; a bad --tz as --tz."""
    monkeypatch.setenv("TIMELINE_TZ", "Asia/Seol")
    assert_error(invoke(["list", "-f", str(ROOT / "events.toml")]), 2, "TIMELINE_TZ zone")
    result = invoke(["list", "-f", str(ROOT / "events.toml"), "--tz", "Mars/Base"])
    assert_error(result, 2, "--tz zone 'Mars/Base'")


def _users(pattern: str) -> set[str]:
    found = set()
    for path in (ROOT / "timeline_cli").rglob("*.py"):
        if re.search(pattern, path.read_text(encoding="utf-8"), flags=re.M):
            found.add(path.relative_to(ROOT / "timeline_cli").as_posix())
    return found


def test_only_the_settings_read_the_environment() -> None:
    """os.environ and os.getenv appear in settings.py alone."""
    assert _users(r"os\.environ|getenv\(") == {"settings.py"}


def test_only_the_command_layer_imports_typer_and_only_render_imports_rich() -> None:
    """Typer stays in the cli package, Rich in the render package."""
    assert all(p.startswith("cli/") for p in _users(r"^\s*(import|from) typer\b"))
    rich_users = _users(r"^\s*(import|from) rich\b")
    assert rich_users and all(p.startswith("render/") for p in rich_users), rich_users


def test_only_the_codec_imports_the_toml_libraries() -> None:
    """tomli and tomli_w are imported in store/codec.py alone (both of them there)."""
    assert _users(r"^\s*(import|from) tomli\b") == {"store/codec.py"}
    assert _users(r"^\s*(import|from) tomli_w\b") == {"store/codec.py"}
