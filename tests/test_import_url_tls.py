"""webcal:// means https, and https is verified: a real TLS server on 127.0.0.1 with a
certificate made for the test (by the openssl command; skipped without it), trusted
through SSL_CERT_FILE (read by OpenSSL itself) or not at all.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT, SAMPLE, assert_error, invoke
from tests.http_site import Calendar, Site, serving
from timeline_cli.urls import http_url, import_url, redacted

SAMPLE_ICS = (ROOT / "tests" / "data" / "ics" / "sample.ics").read_bytes()


@pytest.mark.parametrize(
    ("url", "fetched"),
    [
        ("webcal://example.org/club/fixtures.ics", "https://example.org/club/fixtures.ics"),
        ("WEBCAL://Example.org:8443/x.ics?team=1", "https://Example.org:8443/x.ics?team=1"),
        ("webcals://example.org/x.ics", "https://example.org/x.ics"),
        ("http://127.0.0.1:8080/x.ics#frag", "http://127.0.0.1:8080/x.ics"),
        ("https://example.org", "https://example.org/"),
        ("https://bücher.example/kalenderé.ics", None),
    ],
)
def test_webcal_means_https(url: str, fetched: str | None) -> None:
    got = http_url(url)
    if fetched is None:  # an international name: its DNS form, the path %-escaped
        assert got == "https://xn--bcher-kva.example/kalender%C3%A9.ics"
    else:
        assert got == fetched
    assert import_url(url) == got


def test_paths_are_not_urls() -> None:
    for path in ("events.json", "./data:x.csv", "C:\\cal.ics", "/tmp/x.ics", "http"):
        assert import_url(path) is None


def test_redacted_drops_credentials_only() -> None:
    assert redacted("https://me:pw@example.org/a?b=1") == "https://***@example.org/a?b=1"
    assert redacted("https://example.org/a@b") == "https://example.org/a@b"


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls_site(certificate: tuple[Path, Path]) -> Iterator[Site]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    with serving(tls=context) as running:
        running.routes["/v.ics"] = Calendar(SAMPLE_ICS, etag='"tls"')
        yield running


@pytest.fixture(autouse=True)
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def test_webcal_imports_over_verified_tls(
    tls_site: Site, certificate: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # trusted, as a CA would be
    target = tmp_path / "events.toml"
    url = tls_site.url("/v.ics", scheme="webcal")
    done = invoke(["import", url, "-f", str(target)])
    assert done.exit_code == 0, done.stderr
    assert "26 added" in done.stdout
    again = invoke(["import", url, "-f", str(target)])
    assert again.stdout == f"{url}: unchanged since the last import into {target}; nothing to do\n"


def test_an_untrusted_certificate_is_refused(
    tls_site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-bundle.pem"))
    target = tmp_path / "events.toml"
    target.write_bytes(SAMPLE.read_bytes())
    for url in (tls_site.url("/v.ics", scheme="webcal"), tls_site.url("/v.ics")):
        result = invoke(["import", url, "-f", str(target)])
        assert_error(result, 5, f"{url}: the TLS certificate of 127.0.0.1 is not valid")
    assert target.read_bytes() == SAMPLE.read_bytes()
    assert tls_site.hits("/v.ics") == []  # no request was sent over it


def test_a_certificate_for_another_name_is_refused(
    tls_site: Site, certificate: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    url = tls_site.url("/v.ics", host="localhost")  # the certificate names 127.0.0.1
    result = invoke(["import", url, "-f", str(tmp_path / "events.toml")])
    assert_error(result, 5, "the TLS certificate of localhost is not valid")
    assert not (tmp_path / "events.toml").exists()


def test_webcal_to_a_plain_http_server_fails_as_tls(tmp_path: Path) -> None:
    """webcal is never plain http, not even on loopback."""
    with serving() as site:
        site.routes["/v.ics"] = Calendar(SAMPLE_ICS)
        url = site.url("/v.ics", scheme="webcal")
        result = invoke(["import", url, "-f", str(tmp_path / "events.toml")])
    assert_error(result, 5, f"{url}: 127.0.0.1 does not speak TLS there")
