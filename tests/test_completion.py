"""Shell completion, the way a shell asks for it: the INSTALLED ``timeline`` script run
with the completion variables of bash, zsh and fish (Typer's protocol), and the scripts
``--show-completion`` prints and ``--install-completion`` writes.

bash: ``COMP_WORDS`` (the line) and ``COMP_CWORD`` (the index of the word completed),
one value a line. zsh: ``_TYPER_COMPLETE_ARGS`` (the line), an ``_arguments`` spec of
``"value":"description"`` lines. fish: ``_TYPER_COMPLETE_ARGS`` and
``_TYPER_COMPLETE_FISH_ACTION`` (``get-args``: ``value<TAB>description`` lines;
``is-args``: exit 0 when there are values).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from timeline_cli.editing import CLEARABLE
from timeline_cli.formats import EXPORT_FORMATS
from timeline_cli.settings import COMPLETE_VAR

SCRIPT = shutil.which("timeline", path=str(Path(sys.executable).parent))
SHELLS = ("bash", "zsh", "fish")

EVENTS = """\
[timeline]
timezone = "Asia/Seoul"

[[events]]
id = "love-wins-all-mv"
title = 'IU "Love wins all" music video: 00:00 KST'
start = 2024-01-24T00:00:00
tags = ["music-video", "release"]
people = ["IU", "V"]

[[events]]
id = "layover-release"
title = "Layover released"
start = 2023-09-08
tags = ["album", "release"]
people = ["V"]

[[events]]
id = "military-service"
title = "Military service"
start = 2023-12-11
end = 2025-06-10
tags = ["military"]
people = ["V", "RM"]
"""

OTHER = """\
[[events]]
id = "other-event"
title = "Only in the other file"
start = 2020-01-01
tags = ["elsewhere"]
"""

IDS = ["layover-release", "love-wins-all-mv", "military-service"]


@pytest.fixture(autouse=True)
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs in an empty folder with an empty data home and no config file
    (no ./events.toml, default file or config of the machine's)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "events.toml"
    path.write_text(EVENTS, encoding="utf-8")
    return path


def script(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the console script beside this Python, as a shell would (no -f: the file
    comes from the environment given)."""
    assert SCRIPT, "no `timeline` script beside sys.executable: pip install -e '.[test]'"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TIMELINE_", "_TIMELINE"))}
    return subprocess.run(
        [SCRIPT, *args],
        capture_output=True,
        text=True,
        env={**clean, **env},
        check=False,
        timeout=60,
    )


def ask(shell: str, line: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The script's answer to ``shell`` completing the end of ``line``."""
    if shell == "bash":
        cword = len(line.split()) - (0 if line.endswith(" ") else 1)
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(cword)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    return script(**{COMPLETE_VAR: f"complete_{shell}", **env})


def offered(shell: str, line: str, **env: str) -> dict[str, str]:
    """What ``shell`` is offered for the end of ``line``: value → description ("" for
    none; bash shows none). Completion never fails: exit 0, nothing on stderr."""
    done = ask(shell, line, **env)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return parse(shell, done.stdout)


def parse(shell: str, out: str) -> dict[str, str]:
    lines = [line for line in out.splitlines() if line]  # no values: an empty line
    if shell == "bash":
        return dict.fromkeys(lines, "")
    if shell == "fish":
        return {value: about for value, _, about in (line.partition("\t") for line in lines)}
    if out.strip() == "_files":  # zsh: no values, so files
        return {}
    spec = re.fullmatch(r"_arguments '\*: :\(\((.*)\)\)'\n", out, re.DOTALL)
    assert spec, out
    found = {}
    for line in spec.group(1).splitlines():
        item = re.fullmatch(r'"((?:[^"]|"")*)"(?::"((?:[^"]|"")*)")?', line)
        assert item, line
        found[unzsh(item.group(1))] = unzsh(item.group(2) or "")
    return found


def unzsh(text: str) -> str:
    """Undo the escaping of Typer's zsh answer (for comparison)."""
    for old, new in (("\\\\:", ":"), ("\\`", "`"), ("\\$", "$"), ("''", "'"), ('""', '"')):
        text = text.replace(old, new)
    return text


# --- values from the events file -------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    "line",
    [
        "timeline show ",
        "timeline edit ",
        "timeline remove ",
        "timeline remove layover-release ",
        "timeline list --since ",
        "timeline list --until ",
    ],
)
def test_event_ids_complete_with_their_titles(shell: str, line: str, events: Path) -> None:
    """show, edit, remove (each ID) and --since/--until offer the ids; zsh and fish
    show each title beside its id."""
    found = offered(shell, line, TIMELINE_FILE=str(events))
    assert sorted(found) == IDS
    if shell != "bash":
        assert found["love-wins-all-mv"] == 'IU "Love wins all" music video: 00:00 KST'
        assert found["layover-release"] == "Layover released"


@pytest.mark.parametrize("shell", SHELLS)
def test_ids_complete_from_what_is_typed(shell: str, events: Path) -> None:
    assert list(offered(shell, "timeline show l", TIMELINE_FILE=str(events))) == IDS[:2]
    assert list(offered(shell, "timeline edit mil", TIMELINE_FILE=str(events))) == IDS[2:]


@pytest.mark.parametrize("shell", SHELLS)
def test_a_file_given_earlier_on_the_line_is_the_one_read(
    shell: str, events: Path, tmp_path: Path
) -> None:
    """-f before the word being completed wins over TIMELINE_FILE, as it would in the run."""
    other = tmp_path / "other.toml"
    other.write_text(OTHER, encoding="utf-8")
    line = f"timeline show -f {other} "
    assert list(offered(shell, line, TIMELINE_FILE=str(events))) == ["other-event"]
    line = f"timeline list -f {events} -f {other} -t "
    assert "elsewhere" in offered(shell, line) and "military" in offered(shell, line)


@pytest.mark.parametrize("shell", SHELLS)
def test_tags_complete_with_their_counts(shell: str, events: Path) -> None:
    """-t/--tag of the filters and of add/edit, and edit's --remove-tag, offer the tags."""
    env = {"TIMELINE_FILE": str(events)}
    tags = ["album", "military", "music-video", "release"]
    for line in (
        "timeline list -t ",
        "timeline list --tag ",
        "timeline export -t ",
        "timeline add x --start 2024 -t ",
        "timeline edit layover-release --remove-tag ",
    ):
        assert sorted(offered(shell, line, **env)) == tags, line
    found = offered(shell, "timeline view --tag re", **env)
    assert list(found) == ["release"]
    if shell != "bash":
        assert found["release"] == "2 events"


@pytest.mark.parametrize("shell", SHELLS)
def test_people_complete(shell: str, events: Path) -> None:
    """-p/--person of the filters and of add/edit, and edit's --remove-person."""
    env = {"TIMELINE_FILE": str(events)}
    for line in (
        "timeline list -p ",
        "timeline anniversaries --person ",
        "timeline edit military-service --remove-person ",
        "timeline add x --start 2024 -p ",
    ):
        assert sorted(offered(shell, line, **env)) == ["IU", "RM", "V"], line
    if shell != "bash":
        assert offered(shell, "timeline list -p V", **env) == {"V": "3 events"}


# --- values of their own ---------------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
def test_zones_complete(shell: str, tmp_path: Path) -> None:
    """--tz offers IANA names, the abbreviations (with the zone or offset each stands
    for), UTC and local; an event's --tz (add, edit) leaves out fixed offsets (EST)."""
    env = {"TIMELINE_FILE": str(tmp_path / "none.toml")}
    assert list(offered(shell, "timeline list --tz Asia/Se", **env)) == ["Asia/Seoul"]
    assert "America/New_York" in offered(shell, "timeline view --tz America/", **env)
    display = offered(shell, "timeline list --tz ", **env)
    assert {"UTC", "local", "KST", "EST", "Europe/Berlin"} <= display.keys()
    assert "CST" not in display  # ambiguous: refused as a zone
    event = offered(shell, "timeline add x --start 2024 --tz ", **env)
    assert {"UTC", "local", "KST", "Asia/Seoul"} <= event.keys()
    assert not {"EST", "CET"} & event.keys()
    assert "KST" in offered(shell, "timeline edit x --tz K", **env)
    if shell != "bash":
        assert display["KST"] == "Asia/Seoul"
        assert display["EST"] == "UTC-05:00 all year"


@pytest.mark.parametrize("shell", SHELLS)
def test_formats_and_clear_fields_complete(shell: str, tmp_path: Path) -> None:
    env = {"TIMELINE_FILE": str(tmp_path / "none.toml")}
    assert list(offered(shell, "timeline export --format ", **env)) == list(EXPORT_FORMATS)
    assert list(offered(shell, "timeline import x.ics --format j", **env)) == ["json"]
    assert list(offered(shell, "timeline edit x --clear ", **env)) == list(CLEARABLE)
    assert list(offered(shell, "timeline edit x --clear t", **env)) == ["timezone", "tags"]


# --- never an error --------------------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    "content",
    [None, "[[events]\nbroken", "[[events]]\ntitle = 'x'\nstart = 'whenever'\n", b"\xff\xfe"],
)
def test_a_missing_or_broken_file_offers_nothing(
    shell: str, content: str | bytes | None, tmp_path: Path
) -> None:
    """No values, no traceback, no error, exit 0 (zsh then offers files, as Typer does)."""
    path = tmp_path / "events.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    for line in ("timeline show ", "timeline list -t ", "timeline edit x --remove-person "):
        assert offered(shell, line, TIMELINE_FILE=str(path)) == {}


def test_a_broken_file_does_not_hide_the_others(events: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[events]\n", encoding="utf-8")
    files = os.pathsep.join([str(broken), str(events)])
    assert sorted(offered("bash", "timeline show ", TIMELINE_FILE=files)) == IDS


@pytest.mark.parametrize("shell", SHELLS)
def test_the_config_files_files_are_read_and_a_broken_config_offers_nothing(
    shell: str, events: Path, tmp_path: Path
) -> None:
    """The files the config file names are the ones read (no -f, no TIMELINE_FILE); a
    config file that is no TOML offers nothing (the command would not run) and prints
    nothing."""
    config = tmp_path / "config.toml"
    config.write_text(f"files = [{str(events)!r}]\n", encoding="utf-8")
    assert sorted(offered(shell, "timeline show ", TIMELINE_CONFIG=str(config))) == IDS
    config.write_text("files = [\n", encoding="utf-8")
    assert offered(shell, "timeline show ", TIMELINE_CONFIG=str(config)) == {}
    assert "export" in offered(shell, "timeline ex", TIMELINE_CONFIG=str(config))


def test_fish_asks_first_whether_there_are_values(events: Path) -> None:
    """fish's condition (is-args): exit 0 when there are values (no files then), else 1."""
    env = {
        COMPLETE_VAR: "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "is-args",
        "TIMELINE_FILE": str(events),
    }
    assert script(**env, _TYPER_COMPLETE_ARGS="timeline show l").returncode == 0
    assert script(**env, _TYPER_COMPLETE_ARGS="timeline show zzz").returncode == 1


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_descriptions_are_one_plain_line(shell: str, tmp_path: Path) -> None:
    """A title with a newline, a terminal escape, Rich-looking brackets or 200 characters
    is one line, shown as written (not as markup, not wrapped), and cannot drive the
    terminal."""
    path = tmp_path / "events.toml"
    long = "word " * 40
    path.write_text(
        "[[events]]\nid = 'odd'\ntitle = \"[bold]two[/] lines\\u001b[31m [/oops]\"\n"
        "start = 2024-01-01\n\n"
        f"[[events]]\nid = 'long'\ntitle = '{long}'\nstart = 2024-01-02\n",
        encoding="utf-8",
    )
    done = ask(shell, "timeline show ", TIMELINE_FILE=str(path))
    assert (done.returncode, done.stderr) == (0, "")
    assert "\x1b" not in done.stdout
    found = parse(shell, done.stdout)
    assert found == {"long": long.strip(), "odd": "[bold]two[/] lines\u241b[31m [/oops]"}


# --- the scripts -----------------------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
def test_show_completion_prints_the_shells_script(shell: str) -> None:
    done = script("--show-completion", shell)
    assert (done.returncode, done.stderr) == (0, "")
    assert COMPLETE_VAR in done.stdout and f"complete_{shell}" in done.stdout
    assert done.stdout.endswith("\n")


def test_show_completion_refuses_a_shell_it_does_not_complete() -> None:
    done = script("--show-completion", "tcsh")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "timeline: error: completion for 'tcsh' is not supported; "
        "give one of bash, zsh, fish: timeline --show-completion bash\n"
    )


def test_the_script_names_timeline_however_it_was_started() -> None:
    """`python -m timeline_cli --show-completion bash` completes `timeline`."""
    done = subprocess.run(
        [sys.executable, "-m", "timeline_cli", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == script("--show-completion", "bash").stdout
    assert "complete -o default -F _timeline_completion timeline" in done.stdout


INSTALLED = {
    "bash": (".bash_completions/timeline.sh", ".bashrc", "source '{path}'"),
    "zsh": (".zfunc/_timeline", ".zshrc", "fpath+=~/.zfunc; autoload -Uz compinit; compinit"),
    "fish": (".config/fish/completions/timeline.fish", None, None),
}


@pytest.mark.parametrize("shell", SHELLS)
def test_install_completion_writes_the_script_where_the_shell_loads_it(
    shell: str, tmp_path: Path
) -> None:
    """The script goes to the shell's place for completions under HOME, and the rc
    file (bash, zsh) loads it; twice is the same as once."""
    where, rc, line = INSTALLED[shell]
    for _ in range(2):
        done = script("--install-completion", shell, HOME=str(tmp_path))
        assert (done.returncode, done.stdout) == (0, ""), done.stderr
    path = tmp_path / where
    assert f"{shell} completion installed in {path}" in done.stderr
    shown = script("--show-completion", shell).stdout
    assert path.read_text().rstrip("\n") == shown.rstrip("\n")
    if rc is not None and line is not None:
        rc_text = (tmp_path / rc).read_text()
        assert rc_text.count(line.format(path=path)) == 1


def test_install_completion_into_a_home_it_cannot_write(tmp_path: Path) -> None:
    home = tmp_path / "file"
    home.write_text("not a folder")
    done = script("--install-completion", "fish", HOME=str(home))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("timeline: error: cannot install fish completion: ")
    assert "Traceback" not in done.stderr


def test_the_root_help_offers_the_options() -> None:
    out = script("--help", COLUMNS="80").stdout
    assert "--install-completion" in out and "--show-completion" in out


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_bash_completes_through_the_script_it_sources(events: Path) -> None:
    """A real bash sources `--show-completion bash`, finds the function bound to
    timeline and, called as bash calls it, fills COMPREPLY with the ids."""
    program = f"""
        source <("{SCRIPT}" --show-completion bash)
        complete -p timeline
        COMP_WORDS=(timeline show l); COMP_CWORD=2
        _timeline_completion timeline l show
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    done = subprocess.run(
        ["bash", "--norc", "-c", program],
        capture_output=True,
        text=True,
        env=shell_env(events),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "complete -o default -F _timeline_completion timeline"
    assert lines[1:] == ["layover-release", "love-wins-all-mv"]


HOSTILE = """\
[[events]]
id = "evil-one"
title = "Evil $(touch {pwned}) `touch {pwned}` ; ) )) 'q' \\"d\\" a:b end"
start = 2024-01-01

[[events]]
id = "evil-two"
title = "Plain"
start = 2024-01-02
"""


def shell_env(events: Path) -> dict[str, str]:
    """The environment of a real shell: this venv's script first on PATH."""
    folder = str(Path(str(SCRIPT)).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIMELINE_", "_TIMELINE"))}
    return env | {"TIMELINE_FILE": str(events), "PATH": folder + os.pathsep + env["PATH"]}


@pytest.mark.skipif(shutil.which("fish") is None, reason="no fish here")
def test_fish_completes_through_the_script_it_sources(tmp_path: Path) -> None:
    """A real fish loads `--show-completion fish` and completes ids with their titles,
    hostile ones shown as written and never run."""
    pwned = tmp_path / "pwned"
    events = tmp_path / "events.toml"
    events.write_text(HOSTILE.format(pwned=pwned), encoding="utf-8")
    program = 'timeline --show-completion fish | source; complete -C "timeline show evil"'
    done = subprocess.run(
        ["fish", "--no-config", "-c", program],
        capture_output=True,
        text=True,
        env=shell_env(events),
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        f"evil-one\tEvil $(touch {pwned}) `touch {pwned}` ; ) )) 'q' \"d\" a:b end",
        "evil-two\tPlain",
    ]
    assert not pwned.exists()


@pytest.mark.skipif(shutil.which("zsh") is None, reason="no zsh here")
def test_zsh_hands_the_values_to_arguments_without_running_them(tmp_path: Path) -> None:
    """A real zsh evaluates the answer of `--show-completion zsh`'s function: what
    reaches _arguments (stubbed here: it needs an interactive line) is one spec of
    value:description pairs, and nothing in a title runs."""
    pwned = tmp_path / "pwned"
    events = tmp_path / "events.toml"
    events.write_text(HOSTILE.format(pwned=pwned), encoding="utf-8")
    program = (
        'compdef() { : }; _arguments() { print -rl -- "$@" }; '
        'eval "$(timeline --show-completion zsh)"; '
        "words=(timeline show evil); CURRENT=3; _timeline_completion"
    )
    done = subprocess.run(
        ["zsh", "-f", "-c", program],
        capture_output=True,
        text=True,
        env=shell_env(events),
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    [spec] = done.stdout.splitlines()
    assert spec.startswith('*: :(("evil-one":"Evil \\$(touch ') and spec.endswith(
        '"evil-two":"Plain"))'
    )
    assert not pwned.exists()


# --- a normal run does not pay for it --------------------------------------------------


def test_a_normal_run_does_not_load_completion(events: Path) -> None:
    """`timeline list` and `timeline --help` never import the completion module."""
    check = (
        "import sys\n"
        "from timeline_cli.cli import main\n"
        "for args in (['list', '-f', sys.argv[1]], ['--help'], ['show', 'x', '-f', sys.argv[1]]):\n"
        "    sys.argv = ['timeline', *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('timeline_cli.cli.complete' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check, str(events)], capture_output=True, text=True, check=False
    )
    assert done.stdout.splitlines()[-1] == "False", done.stderr
