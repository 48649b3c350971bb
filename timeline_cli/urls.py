"""Calendars by URL: which import arguments are URLs, and what they are shown as.

``http`` and ``https`` are fetched as they are; ``webcal`` and ``webcals`` (the
scheme calendar apps use for a subscription) mean https, as in Apple's and Google's
calendars. Every other scheme (``file:``, ``ftp:``, ``data:``, ``javascript:``, ...)
is refused, so an import reaches a web server or a local file named as a path, and
nothing else. A URL shown to people (messages, the state file) never carries its
``user:password@`` part.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from timeline_cli.errors import UsageError

SCHEMES = {"http": "http", "https": "https", "webcal": "https", "webcals": "https"}
# A scheme of two letters or more: ``C:\x`` (one letter) stays a Windows path.
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):")
# What a URL's path and query may keep as they are; anything else is %-escaped.
_SAFE = "/%:@!$&'()*+,;=-._~?"


def import_url(source: str) -> str | None:
    """The http(s) URL an import argument names, or None when it is a file path.

    A URL of another scheme is a usage error, unless a file of that very name exists
    (``./data:2024.csv`` is always a path)."""
    found = _SCHEME.match(source)
    if found is None:
        return None
    scheme = found[1].lower()
    if scheme in SCHEMES:
        return http_url(source)
    if Path(source).exists():
        return None
    raise UsageError(
        f"cannot import from a {safe_scheme(scheme)}: URL; give a file path, "
        "or an http, https or webcal URL"
    )


def safe_scheme(scheme: str) -> str:
    """A scheme for a message: at most 20 characters (the rest of the URL is not shown)."""
    return scheme if len(scheme) <= 20 else scheme[:19] + "…"


def http_url(url: str) -> str:
    """``url`` as the http(s) URL to fetch: webcal(s) → https, the host checked, the
    path and query %-escaped where they hold spaces or non-ASCII text."""
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in url):
        why = "it holds spaces or control characters"
        raise UsageError(f"{redacted(url)!r} is not a valid URL: {why}")
    parts = urlsplit(url.strip())
    scheme = SCHEMES.get(parts.scheme.lower())
    if scheme is None:
        raise UsageError(f"cannot import from {redacted(url)!r}: not an http or https URL")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise UsageError(f"{redacted(url)!r} is not a valid URL: bad port") from None
    if not host:
        raise UsageError(f"{redacted(url)!r} is not a valid URL: no host")
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if not hostport.isascii():  # an international name, as DNS knows it
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise UsageError(f"{redacted(url)!r} is not a valid URL: bad host name") from None
        hostport = ascii_host if port is None else f"{ascii_host}:{port}"
    path = quote(parts.path, safe=_SAFE) or "/"
    query = quote(parts.query, safe=_SAFE)
    return urlunsplit((scheme, f"{userinfo}{at}{hostport}", path, query, ""))


def redacted(url: str) -> str:
    """``url`` without its credentials: ``https://user:pw@host/x`` → ``https://***@host/x``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("@", 1)[-1] if "@" in url else url
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"***@{host}"))


def origin(parts: SplitResult) -> tuple[str, str, int | None]:
    """Scheme, host and port: where credentials may be sent again after a redirect."""
    return parts.scheme, (parts.hostname or "").lower(), parts.port
