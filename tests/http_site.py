"""A real HTTP(S) server on 127.0.0.1 for the import-by-URL tests.

``serving()`` starts a ``ThreadingHTTPServer`` on a random port in a thread and stops
it (and releases every handler still waiting) when the block ends. Each path is a
*route*, a function answering one request; every request is logged with its headers,
so a test can count them and see what the client sent. ``Calendar`` answers
conditional requests as a real server does (304 for a matching ETag or date).
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Site:
    """The running server: its routes, the requests it received, its stop signal."""

    port: int
    scheme: str = "http"
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str, scheme: str | None = None, host: str = "127.0.0.1") -> str:
        return f"{scheme or self.scheme}://{host}:{self.port}{path}"

    def hits(self, path: str) -> list[dict[str, str]]:
        """The headers of each request for ``path`` (without its query), in order."""
        return [headers for p, headers in self.requests if p.split("?")[0] == path]


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def do_GET(self) -> None:  # the name http.server calls
        site: Site = self.server.site
        site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = site.routes.get(self.path.split("?")[0])
        try:
            if route is None:
                self.send_error(404)
            else:
                route(self)
        except OSError:  # the client gave up (a limit, a timeout): expected here
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(tls: ssl.SSLContext | None = None) -> Iterator[Site]:
    """A server on 127.0.0.1, a random port; https with ``tls``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    site = Site(server.server_address[1], "https" if tls else "http")
    server.site = site  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield site
    finally:
        site.stop.set()  # hanging and trickling routes return
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def send(
    handler: BaseHTTPRequestHandler,
    code: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    length: bool = True,
) -> None:
    """One whole answer: status, headers (Content-Length unless ``length`` is False), body."""
    handler.send_response(code)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@dataclass
class Calendar:
    """A document with optional validators, answering conditional GETs with 304."""

    body: bytes
    content_type: str = "text/calendar; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        match = self.etag is not None and handler.headers.get("If-None-Match") == self.etag
        since = handler.headers.get("If-Modified-Since")
        if match or (self.last_modified is not None and since == self.last_modified):
            send(handler, 304, headers=self._validators(), length=False)
            return
        send(handler, 200, self.body, {"Content-Type": self.content_type, **self._validators()})

    def _validators(self) -> dict[str, str]:
        found = {"ETag": self.etag, "Last-Modified": self.last_modified}
        return {name: value for name, value in found.items() if value is not None}


def redirect(location: str, code: int = 302) -> Route:
    return lambda handler: send(handler, code, headers={"Location": location})


def status(code: int, body: bytes = b"", content_type: str = "text/plain") -> Route:
    return lambda handler: send(handler, code, body, {"Content-Type": content_type})


def raw(data: bytes) -> Route:
    """Bytes written as they are (a status line of one's own, a broken header)."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(data)
        handler.close_connection = True

    return route


def hang(handler: BaseHTTPRequestHandler) -> None:
    """Accept the request and never answer (until the server stops)."""
    handler.server.site.stop.wait(30)  # type: ignore[attr-defined]


def trickle(handler: BaseHTTPRequestHandler) -> None:
    """Headers, then one byte every 50 ms, forever: every wait is short, the whole is not."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/calendar")
    handler.end_headers()
    handler.wfile.write(b"BEGIN:VCALENDAR\r\n")
    stop: threading.Event = handler.server.site.stop  # type: ignore[attr-defined]
    while not stop.is_set():
        handler.wfile.write(b"X")
        handler.wfile.flush()
        time.sleep(0.05)


def stream(size: int, *, declared: int | None = None) -> Route:
    """``size`` bytes of a calendar-looking body, Content-Length ``declared`` (None: no
    Content-Length; the end of the body is the end of the connection)."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/calendar")
        if declared is not None:
            handler.send_header("Content-Length", str(declared))
        handler.end_headers()
        head = b"BEGIN:VCALENDAR\r\n"
        handler.wfile.write(head)
        left = size - len(head)
        block = b"X" * 65536
        while left > 0:
            handler.wfile.write(block[: min(left, len(block))])
            left -= len(block)
        handler.close_connection = True

    return route
