"""Real CalDAV servers for the sync tests: Radicale and Xandikos on loopback.

Each server is a real process started from the test extra's packages, on a free port
with its own temporary storage and HTTP Basic authentication:

- Radicale over plain HTTP on 127.0.0.1, with a plain htpasswd file;
- Xandikos over HTTPS on ``localhost`` (it refuses Basic authentication over plain
  HTTP) with a self-signed certificate it generates; clients verify against it
  (``Server.verify``), so TLS verification is exercised too.

Fixtures:

- ``caldav_server``: parametrized over both servers. The process is shared by the
  session; each test gets a fresh, empty calendar collection (``url``). It may not be
  stopped (other tests use the process).
- ``own_caldav_server``: the same, with a process of the test's own, which the test
  may ``stop()`` (a real kill) and ``start()`` again on the same port and storage.
- ``radicale_server``, ``xandikos_server``: an own Radicale (plain HTTP) or Xandikos
  (HTTPS), for what only one of them shows.

``Server("radicale", root, own=True, config={"server": {"max_content_length": "9000"}})``
is a Radicale with settings of the test's own on top of these (start and kill it in the
test's fixture).

``calendar()`` gives a ``caldav`` library Calendar on the same collection: the
"other person's calendar app" of the scenarios.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

USERNAME = "alice"
PASSWORD = "correct horse 7"  # what the servers accept; tests pass it as TIMELINE_PASSWORD
KINDS = ("radicale", "xandikos")


def free_port() -> int:
    """A TCP port nothing listens on now (the server binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """One CalDAV server process and one calendar collection on it."""

    def __init__(
        self,
        kind: str,
        root: Path,
        *,
        own: bool,
        config: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.kind = kind
        self.config = config or {}  # Radicale only: {section: {key: value}} on top of ours
        self.root = root
        self.own = own  # False: a shared process, which a test may not stop
        self.port = free_port()
        self.username = USERNAME
        self.password = PASSWORD
        self.host = "127.0.0.1" if kind == "radicale" else "localhost"
        scheme = "http" if kind == "radicale" else "https"
        self.base = f"{scheme}://{self.host}:{self.port}/"
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""  # the calendar collection, set by new_calendar()
        self._prepare()

    # -- what a client needs ------------------------------------------------------

    @property
    def verify(self) -> bool | str:
        """``True`` for Radicale (plain HTTP); the self-signed certificate for Xandikos."""
        if self.kind == "radicale":
            return True
        return str(self.root / "state" / "certs" / "selfsigned.crt")

    def remote_toml(self, name: str = "team", *, url: str | None = None) -> str:
        """A config file's ``[remotes.NAME]`` table for this server's calendar."""
        lines = [f"[remotes.{name}]", f'url = "{url or self.url}"', f'username = "{self.username}"']
        if self.verify is not True:
            lines.append(f'verify = "{self.verify}"')
        return "\n".join(lines) + "\n"

    def client(self, password: str | None = None) -> Any:
        """A ``caldav`` library client logged in to this server."""
        import caldav

        return caldav.DAVClient(
            self.base,
            username=self.username,
            password=self.password if password is None else password,
            ssl_verify_cert=self.verify,
            timeout=10,
        )

    def calendar(self) -> Any:
        """The test's calendar collection through the ``caldav`` library."""
        return self.client().calendar(url=self.url)

    def new_calendar(self) -> str:
        """Make a fresh, empty calendar collection and make it this server's ``url``."""
        name = "t" + uuid.uuid4().hex[:10]
        made = self.client().principal().make_calendar(name=name, cal_id=name)
        self.url = str(made.url)
        return self.url

    # -- the process --------------------------------------------------------------

    def _prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.kind == "radicale":
            (self.root / "htpasswd").write_text(f"{USERNAME}:{PASSWORD}\n", encoding="utf-8")
            sections: dict[str, dict[str, str]] = {
                "server": {"hosts": f"127.0.0.1:{self.port}"},
                "auth": {
                    "type": "htpasswd",
                    "htpasswd_filename": str(self.root / "htpasswd"),
                    "htpasswd_encryption": "plain",
                    "delay": "0",  # no second's wait after each refused login
                },
                "storage": {"filesystem_folder": str(self.root / "data")},
                "logging": {"level": "warning"},
            }
            for name, values in self.config.items():
                sections.setdefault(name, {}).update(values)
            text = "".join(
                f"[{name}]\n" + "".join(f"{key} = {value}\n" for key, value in values.items())
                for name, values in sections.items()
            )
            (self.root / "config").write_text(text, encoding="utf-8")
        else:
            if self.config:
                raise ValueError("extra config is for Radicale only")
            digest = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()
            (self.root / "htpasswd").write_text(f"{USERNAME}:{{SHA}}{digest}\n", encoding="utf-8")

    def _command(self) -> list[str]:
        if self.kind == "radicale":
            return [sys.executable, "-m", "radicale", "--config", str(self.root / "config")]
        return [
            *(sys.executable, "-m", "xandikos", "serve"),
            *("-d", str(self.root / "data"), "--defaults"),
            *("-l", "localhost", "-p", str(self.port)),
            *("--autocert", "--htpasswd", str(self.root / "htpasswd")),
            *("--state-dir", str(self.root / "state")),
        ]

    def start(self) -> None:
        """Start the server (again) on the same port and storage; wait until it answers."""
        if self.process is not None and self.process.poll() is None:
            raise RuntimeError(f"{self.kind} is already running")
        log = (self.root / "server.log").open("ab")
        self.process = subprocess.Popen(self._command(), stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + 30
        while not self._answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} did not start: {self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.kind} did not answer in 30 s: {self.log_tail()}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Kill the server (SIGKILL: no goodbye to clients) and wait for it to be gone."""
        if not self.own:
            raise RuntimeError("a shared server may not be stopped: use own_caldav_server")
        self._kill()

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def _answers(self) -> bool:
        """True when the port accepts connections (and for Xandikos, its certificate exists)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                pass
        except OSError:
            return False
        return self.kind == "radicale" or Path(str(self.verify)).exists()

    def log_tail(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""


def _started(kind: str, root: Path, *, own: bool) -> Server:
    server = Server(kind, root, own=own)
    server.start()
    return server


@pytest.fixture(scope="session")
def _shared_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Server]]:
    """One process of each server for the session, started when first asked for."""
    servers: dict[str, Server] = {}
    yield servers
    for server in servers.values():
        server._kill()


@pytest.fixture(params=KINDS)
def caldav_server(
    request: pytest.FixtureRequest,
    _shared_servers: dict[str, Server],
    tmp_path_factory: pytest.TempPathFactory,
) -> Server:
    """A shared server process (Radicale, then Xandikos) with a fresh empty calendar."""
    kind: str = request.param
    if kind not in _shared_servers:
        _shared_servers[kind] = _started(kind, tmp_path_factory.mktemp(kind), own=False)
    server = _shared_servers[kind]
    server.new_calendar()
    return server


def _own(kind: str, folder: Path) -> Iterator[Server]:
    """A server process of the test's own with a fresh empty calendar, killed after."""
    server = _started(kind, folder, own=True)
    try:
        server.new_calendar()
        yield server
    finally:
        server._kill()


@pytest.fixture(params=KINDS)
def own_caldav_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    """A server process of this test's own, which it may stop and start again."""
    yield from _own(request.param, tmp_path / f"{request.param}-server")


@pytest.fixture
def radicale_server(tmp_path: Path) -> Iterator[Server]:
    """An own Radicale with a fresh empty calendar."""
    yield from _own("radicale", tmp_path / "radicale-server")


@pytest.fixture
def xandikos_server(tmp_path: Path) -> Iterator[Server]:
    """An own Xandikos (HTTPS, its self-signed certificate) with a fresh empty calendar."""
    yield from _own("xandikos", tmp_path / "xandikos-server")
