"""One GET of a calendar by URL, within limits (README 'timeline import').

The client is the standard library's ``urllib.request``, driven by an opener that
holds only the http and https handlers: no ``file:``/``ftp:``/``data:`` handler can
be reached, no error processor turns statuses into exceptions, and redirects are
followed here, one by one (at most ``MAX_REDIRECTS``, http(s) only, never twice to
the same URL, credentials only to the same origin). TLS certificates and host names
are verified (``ssl.create_default_context``). Every wait (connecting, each read) is
limited by ``timeout``, the whole download by ``TOTAL_TIMEOUTS`` times that, and the
body by ``MAX_BYTES`` whatever ``Content-Length`` says. Statuses and failures
become ``RemoteError`` (exit 5) or ``AuthError`` (401/403, exit 6), each naming the
URL without its credentials; no text of the server's is shown but a status phrase
(cut short) when the status is not a standard one.

This module is imported by ``timeline import URL`` only: ``ssl`` and ``http.client``
cost start-up time no other command should pay.
"""

from __future__ import annotations

import base64
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from http import HTTPStatus
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from timeline_cli import __version__
from timeline_cli.errors import AuthError, RemoteError, UsageError
from timeline_cli.urls import http_url, origin, redacted, safe_scheme

TIMEOUT = 30.0  # seconds: connecting, and each wait for data
TOTAL_TIMEOUTS = 10  # the whole download: at most this many timeouts (5 minutes)
MAX_BYTES = 20 * 1024 * 1024  # the largest calendar fetched
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
HTML = frozenset({"text/html", "application/xhtml+xml"})
ACCEPT = "text/calendar, application/json;q=0.9, text/csv;q=0.9, */*;q=0.5"
_CHUNK = 64 * 1024
# OpenSSL's reasons when the other end answers a TLS handshake with plain HTTP
_NOT_TLS = frozenset({"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG"})


class Validators(NamedTuple):
    """What a server said about the version last imported, to ask only for a newer one."""

    etag: str | None
    last_modified: str | None


class Fetched(NamedTuple):
    """The server's answer: the body (None: 304, unchanged) and what describes it."""

    body: bytes | None
    url: str  # where it came from, after redirects (no credentials)
    media_type: str  # "text/calendar", lower case, without parameters; "" when not given
    validators: Validators


def fetch(
    url: str,
    known: Validators | None = None,
    *,
    timeout: float = TIMEOUT,
    shown: str | None = None,
) -> Fetched:
    """GET ``url`` (http or https, as ``urls.http_url`` made it); with ``known``, a
    conditional GET whose 304 answer is ``Fetched(body=None)``. ``shown``: the URL as
    messages name it (default: ``url`` without credentials)."""
    shown = shown or redacted(url)
    parts = urlsplit(url)
    auth = _basic_auth(parts.username, parts.password)
    home = origin(parts)
    current = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
    opener = _opener()
    deadline = time.monotonic() + timeout * TOTAL_TIMEOUTS
    start = current
    seen = {current}
    for _ in range(MAX_REDIRECTS + 1):
        headers = {"Accept": ACCEPT}
        if known is not None and known.etag:
            headers["If-None-Match"] = known.etag
        if known is not None and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        sent_auth = auth is not None and origin(urlsplit(current)) == home
        if sent_auth and auth is not None:
            headers["Authorization"] = auth
        response = _open(opener, current, headers, timeout, shown)
        try:
            status = response.status
            if status not in REDIRECTS:
                where = shown if current == start else f"{shown} (redirected to {_short(current)})"
                return _answer(response, current, where, known, sent_auth, deadline, timeout)
            current = _redirect(current, response.headers.get("Location"), shown)
        finally:
            response.close()
        if current in seen:
            raise RemoteError(f"{shown}: redirect loop at {_short(current)}")
        seen.add(current)
    raise RemoteError(f"{shown}: more than {MAX_REDIRECTS} redirects")


def _opener() -> urllib.request.OpenerDirector:
    """An opener with the http and https handlers only (TLS verified), nothing else."""
    opener = urllib.request.OpenerDirector()
    opener.add_handler(urllib.request.HTTPHandler())
    opener.add_handler(urllib.request.HTTPSHandler(context=ssl.create_default_context()))
    opener.addheaders = [("User-Agent", f"timeline/{__version__}")]
    return opener


def _basic_auth(user: str | None, password: str | None) -> str | None:
    """The Authorization header for a URL's ``user:password@``, or None without one."""
    if user is None:
        return None
    pair = f"{unquote(user)}:{unquote(password or '')}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


def _open(
    opener: urllib.request.OpenerDirector,
    url: str,
    headers: dict[str, str],
    timeout: float,
    shown: str,
) -> http.client.HTTPResponse:
    """Send the request and read the status line and headers."""
    request = urllib.request.Request(url, headers=headers, method="GET")
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.URLError as exc:
        reason = exc.reason if isinstance(exc.reason, BaseException) else None
        raise _unreachable(reason or exc, url, shown, timeout) from None
    except (OSError, http.client.HTTPException) as exc:
        raise _unreachable(exc, url, shown, timeout) from None
    if not isinstance(response, http.client.HTTPResponse):  # pragma: no cover - http(s) only
        raise RemoteError(f"cannot fetch {shown}")
    return response


def _unreachable(exc: BaseException, url: str, shown: str, timeout: float) -> RemoteError:
    """The message for a failure to connect or to read an answer."""
    host = urlsplit(url).hostname or ""
    if isinstance(exc, ssl.SSLCertVerificationError):
        why = exc.verify_message or "not trusted"
        return RemoteError(f"{shown}: the TLS certificate of {host} is not valid ({why})")
    if isinstance(exc, ssl.SSLError) and exc.reason in _NOT_TLS:
        return RemoteError(
            f"{shown}: {host} does not speak TLS there (https and webcal URLs are fetched "
            "over TLS; a plain server's URL starts with http://)"
        )
    if isinstance(exc, ssl.SSLError):
        return RemoteError(f"{shown}: TLS failed with {host} ({exc.reason or 'handshake'})")
    if isinstance(exc, TimeoutError):
        return RemoteError(f"{shown}: no answer from {host} within {timeout:g} s")
    if isinstance(exc, socket.gaierror):
        return RemoteError(f"cannot reach {shown}: unknown host {host}")
    if isinstance(exc, ConnectionRefusedError):
        return RemoteError(f"cannot reach {shown}: connection refused by {host}")
    if isinstance(exc, http.client.HTTPException | ConnectionError):
        name = type(exc).__name__
        return RemoteError(f"{shown}: {host} closed the connection or broke the protocol ({name})")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
    return RemoteError(f"cannot reach {shown}: {reason}")


def _redirect(current: str, location: str | None, shown: str) -> str:
    """The next URL of a redirect: http or https only, valid."""
    if not location:
        raise RemoteError(f"{shown}: a redirect without a Location")
    target = urljoin(current, location.strip())
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        raise RemoteError(
            f"{shown}: redirected to a {safe_scheme(scheme)}: URL; "
            "only http and https redirects are followed"
        )
    try:
        return http_url(target)
    except UsageError:
        raise RemoteError(f"{shown}: redirected to an invalid URL") from None


def _answer(
    response: http.client.HTTPResponse,
    url: str,
    shown: str,
    known: Validators | None,
    sent_auth: bool,
    deadline: float,
    timeout: float,
) -> Fetched:
    """The final answer: the calendar, unchanged (304), or the error its status means."""
    status = response.status
    media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    validators = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
    if status == 304 and known is not None:
        return Fetched(None, url, media, validators)
    if status in (401, 403):
        what = _status(response)
        if sent_auth:
            raise AuthError(f"{shown}: the server refused the credentials in the URL ({what})")
        raise AuthError(f"{shown}: the server refused access without credentials ({what})")
    if not 200 <= status < 300:
        raise RemoteError(f"{shown}: the server answered {_status(response)}")
    if media in HTML:
        raise RemoteError(
            f"{shown}: the server sent a web page ({media}), not a calendar "
            "(a login page, or the page about the calendar?)"
        )
    body = _body(response, shown, deadline, timeout)
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise RemoteError(f"{shown}: the server sent a web page, not a calendar")
    if not body:
        raise RemoteError(f"{shown}: the server sent nothing ({_status(response)})")
    return Fetched(body, url, media, validators)


def _status(response: http.client.HTTPResponse) -> str:
    """``HTTP 404 Not Found``: the standard phrase, else the server's (cut short)."""
    try:
        phrase = HTTPStatus(response.status).phrase
    except ValueError:
        phrase = _short(response.reason or "", 40)
    return f"HTTP {response.status} {phrase}".rstrip()


def _body(response: http.client.HTTPResponse, shown: str, deadline: float, timeout: float) -> bytes:
    """The body, read within the limits: ``MAX_BYTES`` and the deadline."""
    too_big = f"{shown}: the calendar is larger than {MAX_BYTES // 2**20} MiB, the most imported"
    declared = _length(response.headers.get("Content-Length"))
    if declared is not None and declared > MAX_BYTES:
        raise RemoteError(too_big)
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            total = timeout * TOTAL_TIMEOUTS
            raise RemoteError(f"{shown}: the download took longer than {total:g} s")
        try:
            chunk = response.read1(_CHUNK)  # one read: the deadline is checked between them
        except TimeoutError:
            raise RemoteError(f"{shown}: the server sent nothing for {timeout:g} s") from None
        except (OSError, http.client.HTTPException) as exc:
            name = type(exc).__name__
            raise RemoteError(f"{shown}: the download broke off ({name})") from None
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_BYTES:
            raise RemoteError(too_big)
        chunks.append(chunk)
    if declared is not None and size < declared and not response.chunked:
        raise RemoteError(f"{shown}: the download broke off after {size} of {declared} bytes")
    return b"".join(chunks)


def _length(value: str | None) -> int | None:
    """A Content-Length header as a number; None when absent or not a number."""
    text = (value or "").strip()
    return int(text) if text.isdigit() else None


def _short(text: str, width: int = 80) -> str:
    """Text of a server's (a URL, a phrase) cut to ``width`` characters for a message."""
    return text if len(text) <= width else text[: width - 1] + "…"
