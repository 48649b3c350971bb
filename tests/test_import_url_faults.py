"""`timeline import URL` when things go wrong, against a real http.server on 127.0.0.1.

Every fault: one `timeline: error:` line, its documented exit code (2 for a URL that
cannot be used, 5 for a server that cannot be reached or refuses, 6 for a refused
login), the events file unchanged and nothing remembered.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from tests.helpers import ROOT, SAMPLE, assert_error, invoke
from tests.http_site import (
    Calendar,
    Site,
    hang,
    raw,
    redirect,
    serving,
    status,
    stream,
    trickle,
)
from timeline_cli.fetch import MAX_BYTES

SAMPLE_ICS = (ROOT / "tests" / "data" / "ics" / "sample.ics").read_bytes()
LOGIN_PAGE = b"<!DOCTYPE html>\n<html><body><form>Password: <input type=password></form>"


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


@pytest.fixture
def target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An events file with events in it; after the test: unchanged, nothing remembered."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "events.toml"
    path.write_bytes(SAMPLE.read_bytes())
    yield path
    assert path.read_bytes() == SAMPLE.read_bytes()
    assert not (tmp_path / "state").exists()


def import_(target: Path, source: str, *args: str) -> Result:
    return invoke(["import", source, "-f", str(target), *args])


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        (404, "Not Found"),
        (410, "Gone"),
        (500, "Internal Server Error"),
        (503, "Service Unavailable"),
    ],
)
def test_an_http_error_names_the_status_and_the_url(
    site: Site, target: Path, code: int, phrase: str
) -> None:
    site.routes["/v.ics"] = status(code, b"<h1>oops</h1>", "text/html")
    url = site.url("/v.ics")
    message = assert_error(import_(target, url), 5)
    assert message == f"timeline: error: {url}: the server answered HTTP {code} {phrase}"


@pytest.mark.parametrize(("code", "phrase"), [(401, "Unauthorized"), (403, "Forbidden")])
def test_a_refused_login_is_exit_6(site: Site, target: Path, code: int, phrase: str) -> None:
    site.routes["/v.ics"] = status(code)
    url = site.url("/v.ics")
    assert_error(import_(target, url), 6, f"{url}: the server refused access without credentials")
    wrong = url.replace("://", "://me:wrong-password@")
    message = assert_error(import_(target, wrong), 6, f"HTTP {code} {phrase}")
    assert "refused the credentials in the URL" in message
    assert "wrong-password" not in message and "://***@127.0.0.1" in message
    assert site.hits("/v.ics")[1]["authorization"].startswith("Basic ")


def test_credentials_are_not_sent_to_another_origin(site: Site, target: Path) -> None:
    site.routes["/a.ics"] = redirect(site.url("/b.ics", host="localhost"))
    site.routes["/b.ics"] = status(401)
    url = site.url("/a.ics").replace("://", "://me:pw@")
    assert_error(import_(target, url), 6, "refused access without credentials")
    assert "authorization" in site.hits("/a.ics")[0]
    assert "authorization" not in site.hits("/b.ics")[0]


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/plain"])
def test_a_login_page_is_not_a_calendar(site: Site, target: Path, content_type: str) -> None:
    """Refused by its Content-Type, or by its first bytes when that says nothing."""
    site.routes["/v.ics"] = Calendar(LOGIN_PAGE, content_type=content_type)
    assert_error(import_(target, site.url("/v.ics")), 5, "sent a web page", "not a calendar")


def test_a_calendar_that_is_not_one_is_an_invalid_file(site: Site, target: Path) -> None:
    """text/calendar but broken: the reader's error (exit 4), as for a file."""
    site.routes["/v.ics"] = Calendar(b"BEGIN:VCALENDAR\r\nthis is no calendar\r\n")
    assert_error(import_(target, site.url("/v.ics")), 4, site.url("/v.ics"))


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://127.0.0.1/v.ics", "data:text/calendar,x"]
)
def test_a_redirect_leaves_http_only_refused(site: Site, target: Path, location: str) -> None:
    site.routes["/v.ics"] = redirect(location)
    scheme = location.split(":")[0]
    assert_error(
        import_(target, site.url("/v.ics")),
        5,
        f"redirected to a {scheme}: URL; only http and https redirects are followed",
    )


def test_redirect_loops_and_chains_stop(site: Site, target: Path) -> None:
    site.routes["/a"] = redirect("/b")
    site.routes["/b"] = redirect("/a")
    assert_error(import_(target, site.url("/a")), 5, "redirect loop at")
    assert len(site.requests) == 2
    for n in range(7):
        site.routes[f"/r{n}"] = redirect(f"/r{n + 1}")
    site.routes["/r7"] = Calendar(SAMPLE_ICS)
    assert_error(import_(target, site.url("/r1")), 5, "more than 5 redirects")
    assert len(site.hits("/r6")) == 1 and site.hits("/r7") == []
    # five are followed (into a dry run: this fixture's file stays as it was)
    done = import_(target, site.url("/r2"), "--dry-run")
    assert done.exit_code == 0 and "26 skipped" in done.stdout


def test_a_declared_size_over_the_limit_is_refused_before_reading(site: Site, target: Path) -> None:
    site.routes["/big.ics"] = stream(1000, declared=MAX_BYTES + 1)
    assert_error(import_(target, site.url("/big.ics")), 5, "larger than 20 MiB")


def test_a_body_over_the_limit_without_content_length_is_cut(site: Site, target: Path) -> None:
    site.routes["/big.ics"] = stream(MAX_BYTES + 1)
    assert_error(import_(target, site.url("/big.ics")), 5, "larger than 20 MiB")


def test_a_body_shorter_than_declared_is_an_error(site: Site, target: Path) -> None:
    site.routes["/v.ics"] = stream(1000, declared=5000)
    assert_error(import_(target, site.url("/v.ics")), 5, "broke off after 1000 of 5000 bytes")


def test_a_server_that_never_answers_times_out(site: Site, target: Path) -> None:
    site.routes["/v.ics"] = hang
    began = time.monotonic()
    result = import_(target, site.url("/v.ics"), "--timeout", "0.5")
    assert time.monotonic() - began < 5
    assert_error(result, 5, "no answer from 127.0.0.1 within 0.5 s")


def test_a_trickling_server_is_stopped_by_the_whole_download_limit(
    site: Site, target: Path
) -> None:
    """A byte every 50 ms never lets a 0.2 s wait expire; ten times 0.2 s ends it."""
    site.routes["/v.ics"] = trickle
    began = time.monotonic()
    result = import_(target, site.url("/v.ics"), "--timeout", "0.2")
    assert 1.9 < time.monotonic() - began < 8
    assert_error(result, 5, "the download took longer than 2 s")


def test_nothing_listening_is_connection_refused(target: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago, now closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v.ics"
    assert_error(import_(target, url), 5, f"cannot reach {url}: connection refused")


def test_a_server_that_speaks_no_http(site: Site, target: Path) -> None:
    site.routes["/v.ics"] = raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
    assert_error(import_(target, site.url("/v.ics")), 5, "broke the protocol")


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("file:///etc/passwd", "cannot import from a file: URL"),
        ("ftp://127.0.0.1/v.ics", "cannot import from a ftp: URL"),
        ("data:text/calendar,BEGIN:VCALENDAR", "cannot import from a data: URL"),
        ("javascript:alert(1)", "cannot import from a javascript: URL"),
        ("http://", "not a valid URL: no host"),
        ("https://127.0.0.1:99999/v.ics", "not a valid URL: bad port"),
        ("https://example.org/a b.ics", "spaces or control characters"),
        ("webcal://example.org/\x1b[2J.ics", "spaces or control characters"),
    ],
)
def test_urls_that_cannot_be_used_are_usage_errors(target: Path, url: str, fragment: str) -> None:
    result = import_(target, url)
    assert_error(result, 2, fragment)
    assert "\x1b" not in result.stderr


@pytest.mark.parametrize("seconds", ["0", "-1", "nan", "inf"])
def test_a_bad_timeout_is_a_usage_error(target: Path, seconds: str) -> None:
    assert_error(import_(target, "https://example.org/v.ics", "--timeout", seconds), 2, "--timeout")


def test_a_file_named_like_a_url_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("data:v.ics").write_bytes(SAMPLE_ICS)
    result = import_(tmp_path / "events.toml", "data:v.ics")
    assert result.exit_code == 0 and "26 added" in result.stdout


def test_server_text_never_reaches_the_terminal_raw(site: Site, target: Path) -> None:
    """A status phrase, a Location and a Content-Type with escape sequences and markup
    are shown (cut short) with their control characters made visible."""
    hostile = "\x1b[2J\x1b]8;;http://evil\x07[bold red]boom[/bold red]"
    site.routes["/status"] = raw(f"HTTP/1.0 599 {hostile}\r\n\r\n".encode())
    site.routes["/loc"] = redirect(f"ftp{hostile}://x")
    site.routes["/type"] = Calendar(b"id,title\n", content_type=f"text/x{hostile}")
    for path, code in (("/status", 5), ("/loc", 5), ("/type", 2)):
        result = import_(target, site.url(path))
        assert_error(result, code)
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "␛[2J" in import_(target, site.url("/status")).stderr


def test_an_unwritable_state_folder_only_warns(site: Site, tmp_path: Path) -> None:
    """The import is done; not remembering it means the next one downloads again."""
    site.routes["/v.ics"] = Calendar(SAMPLE_ICS, etag='"x"')
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    target = tmp_path / "events.toml"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_STATE_HOME", str(blocker))
        result = import_(target, site.url("/v.ics"))
    assert result.exit_code == 0 and "26 added" in result.stdout
    assert result.stderr.startswith("timeline: warning: imported, but could not remember it")
