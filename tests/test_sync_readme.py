"""README's "Running Radicale for a team in two commands" works as written."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def two_commands() -> list[str]:
    part = README.split("**Running Radicale for a team in two commands**", 1)[1]
    block = re.search(r"```sh\n(.*?)\n```", part, flags=re.S)
    assert block is not None
    return block[1].splitlines()


def test_the_two_radicale_commands_serve_a_team(tmp_path: Path) -> None:
    users, serve = two_commands()
    assert serve.startswith("python -m radicale ")
    subprocess.run(["sh", "-c", users], cwd=tmp_path, check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = serve.replace("python ", f"{sys.executable} ", 1)
    serve = serve.replace("0.0.0.0:5232", f"127.0.0.1:{port}")
    server = subprocess.Popen(
        ["sh", "-c", f"exec {serve}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        import caldav

        base = f"http://127.0.0.1:{port}/"
        ana = caldav.DAVClient(base, username="ana", password="ana-secret")
        url = str(ana.principal().make_calendar(name="team", cal_id="team").url)
        assert url == f"{base}ana/team/"
        config = tmp_path / "config.toml"
        config.write_text(
            f'[remotes.team]\nurl = "{url}"\nusername = "ana"\n'
            'password_command = "echo ana-secret"\n'
        )
        events = tmp_path / "events.toml"
        events.write_bytes((ROOT / "events.toml").read_bytes())
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "TIMELINE_CONFIG": str(config),
            "PYTHONPATH": str(ROOT),
        }
        done = subprocess.run(
            [sys.executable, "-m", "timeline_cli", "sync", "-f", str(events)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == "Synced events.toml with team: 26 uploaded.\n"
        wrong = caldav.DAVClient(base, username="bo", password="ana-secret")
        try:
            wrong.principal()
            refused = False
        except caldav.lib.error.AuthorizationError:
            refused = True
        assert refused
    finally:
        server.kill()
        server.wait()
