"""The CalDAV side of a sync: the only module that imports ``caldav`` (and its HTTP
library, niquests), and the only one that knows their exceptions.

Requests go through caldav's ``DAVClient`` (authentication, its XML builders and
parsers); what they mean for a sync is decided here: a listing of hrefs and ETags
(``sync-collection`` REPORT, RFC 6578, from the last sync-token when the server
gave one; else a depth-1 PROPFIND), ``calendar-multiget`` for the data of changed
resources, and conditional ``PUT``/``DELETE``. Connection failures, timeouts and
TLS errors become RemoteError, a refused login AuthError, each in one line that
names the remote and never a password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple
from urllib.parse import quote, unquote, urlsplit

from timeline_cli.errors import AuthError, RemoteError
from timeline_cli.sync.remotes import Credentials, Remote

BATCH = 200  # hrefs a calendar-multiget asks for at once


class Precondition(Exception):
    """412: the resource is not as the request assumed (someone changed it meanwhile)."""


class Rejected(RemoteError):
    """The server refused one resource (a status other than 401/403/412); the rest go on."""


class Listing(NamedTuple):
    """The collection's resources: href → ETag; with a sync-token, only the changes."""

    etags: dict[str, str | None]
    deleted: set[str]
    token: str | None
    complete: bool  # True: every resource (no token was used); False: changes since it


class Fetched(NamedTuple):
    href: str
    etag: str | None
    data: bytes | None  # None: gone meanwhile


def href_key(href: str) -> str:
    """An href as a path, unquoted: the one spelling every map here uses."""
    return unquote(urlsplit(href).path)


class Client:
    """One remote calendar collection."""

    def __init__(self, remote: Remote, login: Credentials) -> None:
        from caldav.davclient import DAVClient

        self.remote = remote
        self.username = login.username
        parts = urlsplit(remote.url)
        self.base = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
        self.path = href_key(remote.url)
        with self.mapped():
            self.dav = DAVClient(
                url=remote.url,
                username=login.username,
                password=login.password,
                timeout=remote.timeout,  # type: ignore[arg-type]  # seconds, a float
                ssl_verify_cert=remote.verify,
                enable_rfc6764=False,
            )
        self.requests = 0  # how many were sent (tests and the progress bar count them)

    def close(self) -> None:
        self.dav.close()

    def href_for(self, uid: str) -> str:
        """Where a new resource for ``uid`` goes: its UID, if that is a safe name."""
        if re.fullmatch(r"[A-Za-z0-9@._+-]{1,200}", uid) and uid not in (".", ".."):
            name = uid
        else:
            import hashlib

            name = hashlib.sha1(uid.encode("utf-8")).hexdigest()
        return self.path + name + ".ics"

    def _url(self, href: str) -> str:
        return self.base + quote(href, safe="/@:+")

    # -- requests

    def listing(self, token: str | None) -> Listing:
        """Every resource's ETag (or, from ``token``, what changed since)."""
        from caldav.elements import dav

        if token is not None:
            found = self._sync_collection(token)
            if found is not None:
                return found
        found = self._sync_collection(None)
        if found is not None:
            return found
        body = dav.Propfind() + (dav.Prop() + [dav.GetEtag(), dav.ResourceType()])  # noqa: RUF005
        response = self._send("PROPFIND", self.path, self._xml(body), {"Depth": "1"})
        self._check(response, "list the calendar")
        etags: dict[str, str | None] = {}
        for item in response.parse_propfind():
            key = href_key(item.href)
            if key.rstrip("/") != self.path.rstrip("/") and not key.endswith("/"):
                etags[key] = item.properties.get(dav.GetEtag.tag)
        return Listing(etags, set(), None, True)

    def _sync_collection(self, token: str | None) -> Listing | None:
        """The sync-collection REPORT; None when the server does not take it (or not
        this token)."""
        from caldav.elements import dav

        body = dav.SyncCollection() + [  # noqa: RUF005  (caldav's + adds children)
            dav.SyncToken(value=token or ""),
            dav.SyncLevel(value="1"),
            dav.Prop() + [dav.GetEtag()],  # noqa: RUF005
        ]
        response = self._send("REPORT", self.path, self._xml(body), {"Depth": "1"})
        if response.status != 207:
            return None
        try:
            result = response.parse_sync_collection()
        except Exception:  # caldav's parser on the server's answer: a full listing instead
            return None
        if result.truncated:
            return None
        etags = {
            href_key(item.href): item.etag
            for item in result.changed
            if not href_key(item.href).endswith("/")
        }
        deleted = {href_key(href) for href in result.deleted}
        return Listing(etags, deleted, result.sync_token, token is None)

    def fetch(self, hrefs: list[str]) -> Iterator[Fetched]:
        """The data and ETag of each href, a calendar-multiget REPORT per batch."""
        from caldav.elements import cdav, dav

        for start in range(0, len(hrefs), BATCH):
            batch = hrefs[start : start + BATCH]
            prop = dav.Prop() + [dav.GetEtag(), cdav.CalendarData()]  # noqa: RUF005
            body = cdav.CalendarMultiGet() + prop + [dav.Href(value=quote(h)) for h in batch]
            response = self._send("REPORT", self.path, self._xml(body), {"Depth": "1"})
            self._check(response, "read events")
            seen = set()
            for item in response.parse_calendar_query():
                key = href_key(item.href)
                seen.add(key)
                data = item.calendar_data
                yield Fetched(key, item.etag, data.encode("utf-8") if data else None)
            for missing in set(batch) - seen:
                yield Fetched(missing, None, None)

    def put(self, href: str, data: bytes, etag: str | None) -> str | None:
        """PUT ``data`` (``etag`` None: only if there is none yet); the new ETag."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        headers.update({"If-Match": etag} if etag else {"If-None-Match": "*"})
        response = self._send("PUT", href, data, headers)
        if response.status == 412:
            raise Precondition(href)
        self._check(response, "store an event", rejected=True)
        found = response.headers.get("ETag")
        return str(found) if found else None

    def delete(self, href: str, etag: str | None) -> None:
        """DELETE (if still ``etag``); already gone is fine."""
        response = self._send("DELETE", href, b"", {"If-Match": etag} if etag else {})
        if response.status == 412:
            raise Precondition(href)
        if response.status != 404:
            self._check(response, "delete an event", rejected=True)

    # -- plumbing

    @staticmethod
    def _xml(element: Any) -> bytes:
        from lxml import etree  # type: ignore[import-untyped]

        data: bytes = etree.tostring(element.xmlelement(), encoding="utf-8", xml_declaration=True)
        return data

    def _send(self, method: str, href: str, body: bytes, headers: dict[str, str]) -> Any:
        self.requests += 1
        with self.mapped():
            return self.dav.request(self._url(href), method, body, headers)  # type: ignore[arg-type]

    def _check(self, response: Any, what: str, *, rejected: bool = False) -> None:
        status = int(response.status)
        if 200 <= status < 300 or status == 207:
            return
        reason = f"cannot {what}: the server answered {status} {response.reason or ''}".strip()
        said = _said(response)
        if said:
            reason += f" ({said})"
        if rejected and status < 500:
            raise Rejected(reason)
        raise RemoteError(f"{self.remote.name} ({self.remote.shown_url}): {reason}")

    @contextmanager
    def mapped(self) -> Iterator[None]:
        """caldav's and niquests' exceptions as the errors of README 'Exit codes'."""
        import niquests
        from caldav.lib import error

        name, url = self.remote.name, self.remote.shown_url
        try:
            yield
        except error.AuthorizationError as exc:
            if getattr(exc, "status", None) == 403 or "forbidden" in str(exc.reason).lower():
                who = f" to {self.username}" if self.username else ""
                raise AuthError(
                    f"{name} ({url}) refused access{who} (403 Forbidden): check the calendar's "
                    "URL and that this login may use it"
                ) from None
            raise AuthError(
                f"{name} ({url}) refused the login: check its username and password"
            ) from None
        except niquests.exceptions.SSLError:
            raise RemoteError(
                f"{name} ({url}): TLS certificate verification failed; give the server's CA "
                f'bundle with verify = "/path/to/ca.pem" in [remotes.{name}] '
                "(or verify = false, which trusts anyone on the way)"
            ) from None
        except niquests.exceptions.Timeout:
            seconds = f"{self.remote.timeout:g} second{'' if self.remote.timeout == 1 else 's'}"
            raise RemoteError(
                f"{name} ({url}) did not answer within {seconds} (timeout in [remotes.{name}])"
            ) from None
        except niquests.exceptions.ChunkedEncodingError:
            raise RemoteError(
                f"{name} ({url}) closed the connection in the middle of its answer"
            ) from None
        except niquests.exceptions.ConnectionError:
            raise RemoteError(f"cannot connect to {name} ({url})") from None
        except (niquests.exceptions.RequestException, error.DAVError) as exc:
            kind = type(exc).__name__
            raise RemoteError(f"{name} ({url}): the request failed ({kind})") from None


def _said(response: Any) -> str:
    """The short plain-text reason a server gave in its answer's body ("" if none)."""
    if not str(response.headers.get("Content-Type", "")).startswith("text/plain"):
        return ""
    try:
        text = " ".join(str(response.raw).split())
    except Exception:  # an answer that cannot be read: its status says enough
        return ""
    return text if len(text) <= 200 else text[:199] + "…"
