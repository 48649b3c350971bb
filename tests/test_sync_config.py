"""Remotes in the config file, and where a remote's password comes from."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from timeline_cli.errors import AuthError
from timeline_cli.sync.remotes import Remote, credentials, redact

GOOD = """\
timezone = "UTC"

[remotes.team]
url = "https://cal.example.org/ana/team"
username = "ana"
password_command = "pass show cal"
timeout = 5
"""


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline_cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


def test_config_shows_remotes_and_never_a_password(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(GOOD)
    env = {"TIMELINE_CONFIG": str(config), "TIMELINE_PASSWORD": "hunter2-secret"}
    shown = run("config", env=env)
    assert shown.returncode == 0, shown.stderr
    line = next(x for x in shown.stdout.splitlines() if x.startswith("remotes.team"))
    assert "url=https://cal.example.org/ana/team/" in line and "username=ana" in line
    assert f"{config}:3" in line
    document = json.loads(run("config", "--json", env=env).stdout)
    assert document["settings"]["remotes.team"]["value"]["timeout"] == 5
    assert "hunter2" not in shown.stdout + run("config", "--json", env=env).stdout


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('[remotes.team]\nurl = "https://h/c/"\ntimout = 3\n', ":3:1:", "did you mean 'timeout'"),
        ("[remotes.team]\nusername = 'ana'\n", ":1:1:", "remotes.team: no url"),
        ('[remotes.team]\nurl = "ftp://h/c/"\n', ":2:7:", "not an http(s) URL"),
        ('[remotes.team]\nurl = "https://h/c/"\ntimeout = -1\n', ":3:11:", "more than 0"),
        ('[remotes.team]\nurl = "https://h/c/"\nverify = "no.pem"\n', ":3:10:", "no CA bundle"),
        ('[remotes.team]\nurl = "https://h/c/"\npassword_command = "a \'b"\n', ":3:", "valid"),
        ('remotes = "x"\n', ":1:1:", "remotes must be a table"),
    ],
)
def test_bad_remotes_stop_every_command_located(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text)
    done = run("list", env={"TIMELINE_CONFIG": str(config)})
    assert done.returncode == 4
    assert done.stderr.startswith(f"timeline: error: {config}{where}"), done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


def test_a_password_in_the_url_is_refused_without_showing_it(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[remotes.team]\nurl = "https://ana:s3cr3t-pw@h/c/"\n')
    done = run("list", env={"TIMELINE_CONFIG": str(config)})
    assert done.returncode == 4 and "password_command" in done.stderr
    assert "s3cr3t" not in done.stderr
    assert redact("https://ana:s3cr3t@h/c/") == "https://h/c/"


REMOTE = Remote("team", "https://cal.example.org/c/", "ana")


def test_password_command_first_line_without_a_shell(tmp_path: Path) -> None:
    script = tmp_path / "pw"
    script.write_text("#!/bin/sh\necho 'from command'\necho second\n")
    script.chmod(0o755)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine cal.example.org login ana password fromnetrc\n")
    remote = REMOTE._replace(password_command=f"{script} --ignored-arg '$HOME'")
    assert credentials(remote, netrc, "fromenv").password == "from command"


def test_a_failing_password_command_names_it_and_not_its_output(tmp_path: Path) -> None:
    script = tmp_path / "pw"
    script.write_text("#!/bin/sh\necho leaked-secret\necho leaked-err >&2\nexit 3\n")
    script.chmod(0o755)
    with pytest.raises(AuthError) as caught:
        credentials(REMOTE._replace(password_command=str(script)), tmp_path / "none", None)
    assert str(script) in caught.value.message and "exit status 3" in caught.value.message
    assert "leaked" not in caught.value.message
    with pytest.raises(AuthError, match="no such program"):
        credentials(REMOTE._replace(password_command="/no/such/pw"), tmp_path / "none", None)


def test_netrc_then_environment(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine other.org login ana password nope\n")
    netrc.chmod(0o600)
    assert credentials(REMOTE, netrc, "fromenv").password == "fromenv"
    netrc.write_text("machine cal.example.org login ana password fromnetrc\n")
    assert credentials(REMOTE, netrc, "fromenv").password == "fromnetrc"
    # no username in the config: the netrc's login
    found = credentials(REMOTE._replace(username=None), netrc, None)
    assert found == ("ana", "fromnetrc") and "fromnetrc" not in repr(found)
    # another login for that host is not ours
    assert credentials(REMOTE._replace(username="bo"), netrc, "env").password == "env"


def test_no_password_anywhere_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(AuthError) as caught:
        credentials(REMOTE, tmp_path / "netrc", None)
    message = caught.value.message
    assert "password_command" in message and "netrc" in message
    assert "TIMELINE_PASSWORD" in message
    # without a username either: a server without accounts, no login
    assert credentials(REMOTE._replace(username=None), tmp_path / "n", None) == (None, None)
