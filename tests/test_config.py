"""The config file: where it is, each key's precedence (option > environment > config
file > default), ``timeline config``, and bad files as one located error (exit 4)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SAMPLE, assert_error, invoke
from timeline_cli.settings import DEFAULT_PAGER, LOCK_TIMEOUT, Settings, current


def write_config(folder: Path, text: str) -> Path:
    """``folder/config.toml`` holding ``text``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def settings_with(tmp_path: Path, text: str | None, **environ: str) -> Settings:
    """The settings read with the config file ``text`` (None: no file) and ``environ``."""
    path = tmp_path / "conf" / "config.toml"
    if text is None:
        path.unlink(missing_ok=True)
    else:
        write_config(path.parent, text)
    env = {"TIMELINE_CONFIG": str(path), "HOME": str(tmp_path / "home"), **environ}
    return current(env, tmp_path)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The path of the config file the CLI reads (not written yet), via TIMELINE_CONFIG."""
    path = tmp_path / "conf" / "config.toml"
    path.parent.mkdir()
    monkeypatch.setenv("TIMELINE_CONFIG", str(path))
    for name in ("PAGER", "TIMELINE_PAGER", "VISUAL", "EDITOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return path


def shown(args: list[str]) -> dict[str, Any]:
    """``timeline config --json`` (with ``args``): each setting's value and source."""
    result = invoke(["config", "--json", *args])
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document["settings"]  # type: ignore[no-any-return]


# --- where the file is -------------------------------------------------------------------


def test_the_file_is_found_by_timeline_config_then_xdg_then_home(tmp_path: Path) -> None:
    """TIMELINE_CONFIG > $XDG_CONFIG_HOME/timeline/config.toml > ~/.config/timeline/..."""
    home = tmp_path / "home"
    env = {"HOME": str(home)}
    assert current(env, tmp_path).config == home / ".config" / "timeline" / "config.toml"
    assert current(env, tmp_path).sources["config"] == "default"
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    assert current(env, tmp_path).config == tmp_path / "xdg" / "timeline" / "config.toml"
    assert current(env, tmp_path).sources["config"] == "XDG_CONFIG_HOME"
    env["TIMELINE_CONFIG"] = "~/my.toml"
    assert current(env, tmp_path).config == home / "my.toml"
    assert current(env, tmp_path).sources["config"] == "TIMELINE_CONFIG"


def test_a_missing_file_means_the_defaults(tmp_path: Path) -> None:
    """No config file: nothing changes, and it is no error."""
    found = settings_with(tmp_path, None)
    assert found.config_error is None and found.zone is None and found.color == "auto"
    assert found.files_named is False


def test_config_path_prints_the_path_whether_it_exists_or_not(config: Path) -> None:
    """`config --path` is the path alone; with --json, also whether it exists."""
    result = invoke(["config", "--path"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{config}\n", "")
    answer = json.loads(invoke(["config", "--path", "--json"]).stdout)
    assert answer == {"path": str(config), "exists": False, "source": "TIMELINE_CONFIG"}
    write_config(config.parent, "timezone = 9\n")  # even when the file is broken
    assert invoke(["config", "--path"]).stdout == f"{config}\n"


def test_xdg_config_home_and_home_reach_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without TIMELINE_CONFIG the CLI reads $XDG_CONFIG_HOME's file, else ~/.config's."""
    monkeypatch.delenv("TIMELINE_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    write_config(tmp_path / "xdg" / "timeline", 'timezone = "Asia/Seoul"\n')
    assert shown([])["timezone"]["value"] == "Asia/Seoul"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write_config(tmp_path / "home" / ".config" / "timeline", 'timezone = "Asia/Tokyo"\n')
    assert shown([])["timezone"]["value"] == "Asia/Tokyo"


# --- each setting: option > environment > config file > default -------------------------


def test_files_the_config_names_expanded_and_relative_to_its_folder(tmp_path: Path) -> None:
    """`~` is the home folder, a relative path is in the config file's folder."""
    found = settings_with(tmp_path, 'files = ["~/t/iu.toml", "events.toml", "/abs/x.toml"]\n')
    home, folder = tmp_path / "home", tmp_path / "conf"
    assert found.files == (home / "t" / "iu.toml", folder / "events.toml", Path("/abs/x.toml"))
    assert found.sources["files"] == f"config file ({folder / 'config.toml'}:1)"
    assert found.files_named
    one = settings_with(tmp_path, 'files = "one.toml"\n')
    assert one.files == (folder / "one.toml",)


def test_files_precedence(tmp_path: Path) -> None:
    """-f > TIMELINE_FILE > the config file > ./events.toml > the XDG default."""
    (tmp_path / "events.toml").write_text("", encoding="utf-8")
    found = settings_with(tmp_path, 'files = "c.toml"\n', TIMELINE_FILE="e.toml")
    assert (found.files, found.sources["files"]) == ((Path("e.toml"),), "TIMELINE_FILE")
    chosen = found.with_options(files=[Path("o.toml")])
    assert (chosen.files, chosen.sources["files"]) == ((Path("o.toml"),), "-f")
    found = settings_with(tmp_path, 'files = "c.toml"\n')
    assert found.files == (tmp_path / "conf" / "c.toml",)
    assert settings_with(tmp_path, None).files == (tmp_path / "events.toml",)


def test_the_config_files_are_the_ones_list_reads(config: Path, tmp_path: Path) -> None:
    """list with no -f reads the files the config file names (relative to it)."""
    (config.parent / "mine.toml").write_bytes(SAMPLE.read_bytes())
    write_config(config.parent, 'files = ["mine.toml"]\n')
    result = invoke(["list", "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["events"]
    assert shown([])["files"]["value"] == [str(config.parent / "mine.toml")]


@pytest.mark.parametrize(
    ("setting", "key", "line", "value", "variable", "env_value", "env_result"),
    [
        ("zone", "timezone", 'timezone = "Asia/Seoul"', "Asia/Seoul", "TIMELINE_TZ", "UTC", "UTC"),
        ("lock_timeout", "lock_timeout", "lock_timeout = 5", 5.0,
         "TIMELINE_LOCK_TIMEOUT", "2.5", 2.5),
        ("pager", "pager", 'pager = "most -s"', "most -s", "TIMELINE_PAGER", "more", "more"),
        ("color", "color", 'color = "never"', "never", "FORCE_COLOR", "1", "always"),
        ("debug", "debug", "debug = true", True, "TIMELINE_DEBUG", "1", True),
        ("cache", "cache", "cache = false", None, "TIMELINE_NO_CACHE", "1", None),
    ],
)  # fmt: skip
def test_the_environment_comes_before_the_config_file_and_it_before_the_default(
    tmp_path: Path,
    setting: str,
    key: str,
    line: str,
    value: object,
    variable: str,
    env_value: str,
    env_result: object,
) -> None:
    """Each key: the config file's value over the default, the variable's over both."""
    default = settings_with(tmp_path, None)
    from_file = settings_with(tmp_path, f"# mine\n{line}\n")
    from_env = settings_with(tmp_path, f"# mine\n{line}\n", **{variable: env_value})
    assert getattr(from_file, setting) == value != getattr(default, setting)
    assert from_file.sources[setting] == f"config file ({tmp_path / 'conf' / 'config.toml'}:2)"
    assert getattr(from_env, setting) == env_result
    assert from_env.sources[setting] == variable
    assert default.sources[setting] in ("default", "system")


def test_the_defaults_of_each_key(tmp_path: Path) -> None:
    """Nothing set: the system zone, a cache, 30 s, less, vi, auto colour, no debug."""
    found = settings_with(tmp_path, None)
    assert found.zone is None and found.cache == tmp_path / "home" / ".cache" / "timeline"
    assert (found.lock_timeout, found.pager, found.editor) == (LOCK_TIMEOUT, DEFAULT_PAGER, "vi")
    assert (found.color, found.debug) == ("auto", False)


def test_cache_true_in_the_file_gives_way_to_timeline_no_cache(tmp_path: Path) -> None:
    """`cache = true` is the default made explicit; TIMELINE_NO_CACHE still turns it off."""
    assert settings_with(tmp_path, "cache = true\n").cache is not None
    assert settings_with(tmp_path, "cache = true\n", TIMELINE_NO_CACHE="1").cache is None


def test_an_empty_pager_or_cat_in_the_file_turns_the_pager_off(tmp_path: Path) -> None:
    """`pager = ""` (or "cat") is no pager, as the variables."""
    assert settings_with(tmp_path, 'pager = ""\n').pager is None
    assert settings_with(tmp_path, 'pager = "cat"\n').pager is None


def test_the_config_pager_comes_before_pager_as_git_does(tmp_path: Path) -> None:
    """TIMELINE_PAGER > config file > PAGER > less -FRX."""
    found = settings_with(tmp_path, 'pager = "most"\n', PAGER="more")
    assert (found.pager, found.sources["pager"].startswith("config file")) == ("most", True)
    assert settings_with(tmp_path, None, PAGER="more").pager == "more"
    assert settings_with(tmp_path, 'pager = "most"\n', TIMELINE_PAGER="pg").pager == "pg"
    assert settings_with(tmp_path, 'pager = "most"\n').without_pager().pager is None


def test_the_config_editor_comes_before_visual_and_editor(tmp_path: Path) -> None:
    """config file > VISUAL > EDITOR > vi."""
    found = settings_with(tmp_path, 'editor = "nano"\n', VISUAL="code -w", EDITOR="ed")
    assert found.editor == "nano" and found.sources["editor"].startswith("config file")
    assert settings_with(tmp_path, None, VISUAL="code -w", EDITOR="ed").editor == "code -w"


def test_no_color_comes_before_force_color_and_the_file(tmp_path: Path) -> None:
    """NO_COLOR (not empty) is never; FORCE_COLOR always; an empty one counts as unset."""
    found = settings_with(tmp_path, 'color = "always"\n', NO_COLOR="1", FORCE_COLOR="1")
    assert (found.color, found.sources["color"]) == ("never", "NO_COLOR")
    found = settings_with(tmp_path, 'color = "always"\n', NO_COLOR="")
    assert found.color == "always" and found.sources["color"].startswith("config file")
    assert settings_with(tmp_path, None, FORCE_COLOR="").color == "auto"


def test_options_come_first_on_the_command_line(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--tz over TIMELINE_TZ over timezone; --no-pager over every pager; -f over files."""
    write_config(config.parent, 'timezone = "Asia/Tokyo"\npager = "most"\nfiles = "x.toml"\n')
    assert shown([])["timezone"] == {
        "value": "Asia/Tokyo",
        "source": f"config file ({config}:1)",
    }
    monkeypatch.setenv("TIMELINE_TZ", "Europe/Berlin")
    assert shown([])["timezone"] == {"value": "Europe/Berlin", "source": "TIMELINE_TZ"}
    assert shown(["--tz", "UTC"])["timezone"] == {"value": "UTC", "source": "--tz"}
    assert shown(["-f", "a.toml"])["files"] == {"value": ["a.toml"], "source": "-f"}
    answer = json.loads(invoke(["--no-pager", "config", "--json"]).stdout)
    assert answer["settings"]["pager"] == {"value": None, "source": "--no-pager"}


def test_the_config_zone_is_the_display_zone(config: Path) -> None:
    """list answers in the config file's zone when neither --tz nor TIMELINE_TZ is given."""
    write_config(config.parent, 'timezone = "America/New_York"\n')
    result = invoke(["list", "-f", str(SAMPLE), "--json"])
    assert json.loads(result.stdout)["zone"] == "America/New_York"
    result = invoke(["list", "-f", str(SAMPLE), "--json", "--tz", "UTC"])
    assert json.loads(result.stdout)["zone"] == "UTC"


def test_local_is_a_timezone_the_file_may_name(tmp_path: Path) -> None:
    """`timezone = "local"` is the system's zone, accepted as written."""
    assert settings_with(tmp_path, 'timezone = "local"\n').zone == "local"


def test_a_config_lock_timeout_reaches_the_writers(config: Path, tmp_path: Path) -> None:
    """The lock wait a writer uses is the config file's."""
    write_config(config.parent, "lock_timeout = 0.25\n")
    assert current().lock_timeout == 0.25
    events = tmp_path / "e.toml"
    result = invoke(["add", "A", "--start", "2024-01-01", "-f", str(events)])
    assert result.exit_code == 0, result.stderr


# --- timeline config ---------------------------------------------------------------------


def test_timeline_config_is_an_aligned_table_of_values_and_sources(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One line a setting: key, value, where it came from, in aligned columns."""
    write_config(config.parent, 'timezone = "Asia/Seoul"\ncache = false\n')
    monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", "2.5")
    result = invoke(["config"])
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    rows = {line.split()[0]: line for line in lines}
    assert list(rows) == [
        "setting", "config", "files", "timezone", "cache",
        "lock_timeout", "pager", "editor", "color", "debug",
    ]  # fmt: skip
    column = lines[0].index("value")
    assert all(line[column - 2 : column] == "  " and line[column] != " " for line in lines)
    assert rows["config"].split()[1:] == [str(config), "TIMELINE_CONFIG"]
    assert rows["timezone"].split()[1:] == ["Asia/Seoul", "config", "file", f"({config}:1)"]
    assert rows["cache"].split()[1:] == ["off", "config", "file", f"({config}:2)"]
    assert rows["lock_timeout"].split()[1:] == ["2.5", "TIMELINE_LOCK_TIMEOUT"]
    assert rows["pager"].split()[1:] == ["less", "-FRX", "default"]
    assert rows["debug"].split()[1:] == ["false", "default"]


def test_timeline_config_says_when_there_is_no_file(config: Path) -> None:
    """The config row says the file does not exist; the zone is the system's."""
    lines = invoke(["config"]).stdout.splitlines()
    assert f"{config} (no such file)" in lines[1]
    assert lines[3].split() == ["timezone", "Asia/Kathmandu", "system"]


def test_timeline_config_json(config: Path) -> None:
    """--json: the config file, then each setting's value (as JSON types) and source."""
    write_config(config.parent, "debug = true\nlock_timeout = 3\n")
    answer = json.loads(invoke(["config", "--json"]).stdout)
    assert answer["config"] == {"path": str(config), "exists": True, "source": "TIMELINE_CONFIG"}
    assert answer["settings"]["debug"] == {"value": True, "source": f"config file ({config}:1)"}
    assert answer["settings"]["lock_timeout"]["value"] == 3.0
    assert answer["settings"]["color"] == {"value": "auto", "source": "default"}
    assert isinstance(answer["settings"]["cache"]["value"], str)


def test_long_values_are_not_cut(config: Path) -> None:
    """A long path is shown whole."""
    long = "/" + "/".join(["a-rather-long-folder-name"] * 8) + "/events.toml"
    write_config(config.parent, f'files = "{long}"\n')
    assert long in invoke(["config"], env={"COLUMNS": "40"}).stdout


# --- bad files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "fragments"),
    [
        ('timezone = "Asia/Seoul\n', ":1:23:", ("TOML syntax error",)),
        ("timezone = 9\n", ":1:12:", ("timezone must be a string",)),
        ("# zone\ntimzone = 'Asia/Seoul'\n", ":2:1:",
         ("unknown key 'timzone'", "did you mean 'timezone'?")),
        ("colour = 'never'\n", ":1:1:", ("unknown key 'colour'", "did you mean 'color'?")),
        ("zzz = 1\n", ":1:1:", ("unknown key 'zzz'", "the keys are files, timezone")),
        ('timezone = "Asia/Seol"\n', ":1:12:", ("unknown timezone 'Asia/Seol'", "Asia/Seoul")),
        ('timezone = "KST"\nfiles = []\n', ":2:9:", ("files must name at least one file",)),
        ("files = [1]\n", ":1:9:", ("files must be a string or a list of strings, not a list",)),
        ("cache = 'no'\n", ":1:9:", ("cache must be true or false, not a string",)),
        ("debug = 1\n", ":1:9:", ("debug must be true or false, not a number",)),
        ("lock_timeout = -1\n", ":1:16:",
         ("lock_timeout must be a number of seconds (0 or more), not -1",)),
        ("lock_timeout = true\n", ":1:16:", ("lock_timeout must be", "not true or false")),
        ("pager = ['less']\n", ":1:9:", ("pager must be a string, not a list",)),
        ("color = 'alway'\n", ":1:9:",
         ("color must be 'auto', 'always' or 'never'", "did you mean 'always'?")),
        ("[display]\ncolor = 'never'\n", ":1:2:", ("unknown key 'display'",)),
        ("color = 2024-01-01\n", ":1:9:", ("color must be", "not a date or time")),
    ],
)  # fmt: skip
def test_a_bad_config_file_is_one_located_error(
    config: Path, text: str, where: str, fragments: tuple[str, ...]
) -> None:
    """Every command stops with `timeline: error: FILE:LINE:COLUMN: ...`, exit 4."""
    write_config(config.parent, text)
    message = assert_error(invoke(["list", "-f", str(SAMPLE)]), 4, f"{config}{where}", *fragments)
    assert message.startswith(f"timeline: error: {config}:")
    assert_error(invoke(["config"]), 4, f"{config}{where}")


def test_every_problem_is_counted(config: Path) -> None:
    """Two bad keys: the first one, and how many more."""
    write_config(config.parent, "timezone = 9\ncolor = 1\n")
    assert_error(invoke(["config"]), 4, f"{config}:1:12:", "(and 1 more)")


def test_a_broken_config_file_still_lets_help_answer(config: Path) -> None:
    """--help needs no settings: it works while the file is broken."""
    write_config(config.parent, "timezone = 9\n")
    result = invoke(["list", "--help"])
    assert result.exit_code == 0 and "Usage: timeline list" in result.stdout


def test_a_folder_where_the_file_should_be_is_an_error(config: Path) -> None:
    """A config path that is a folder: exit 4, saying so."""
    config.mkdir()
    assert_error(invoke(["config"]), 4, f"{config}: the config file is a folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_an_error(config: Path) -> None:
    """A file timeline may not read: exit 4 with the reason."""
    write_config(config.parent, "debug = true\n")
    config.chmod(0)
    assert_error(invoke(["config"]), 4, f"{config}: cannot read the config file")


def test_a_file_that_is_not_utf8_is_an_error(config: Path) -> None:
    """Bytes that are no UTF-8 text: exit 4."""
    config.write_bytes(b'pager = "\xff"\n')
    assert_error(invoke(["config"]), 4, f"{config}: the config file is not UTF-8 text")


def test_an_empty_file_or_comments_only_is_fine(config: Path) -> None:
    """A file with nothing set (a UTF-8 BOM too) changes nothing."""
    config.write_bytes(b"\xef\xbb\xbf# nothing yet\n")
    assert invoke(["config"]).exit_code == 0


def test_a_file_timeline_may_not_read_is_an_error_anyone_can_see(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal as the system words it (here faked: root reads any file)."""
    write_config(config.parent, "debug = true\n")

    def refuse(path: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    message = assert_error(invoke(["config"]), 4, f"{config}: cannot read the config file")
    assert message.endswith("Permission denied")


def test_the_entry_points_first_look_reads_no_config_file(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """completion_requested answers from the variable alone, as current().completing."""
    from timeline_cli.settings import COMPLETE_VAR, completion_requested

    write_config(config.parent, "timezone = 9\n")
    monkeypatch.setattr(Path, "read_bytes", lambda path: pytest.fail(f"read {path}"))
    monkeypatch.delenv(COMPLETE_VAR, raising=False)
    assert not completion_requested()
    monkeypatch.setenv(COMPLETE_VAR, "complete_bash")
    assert completion_requested()
