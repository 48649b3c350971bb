"""`timeline import URL` against a real http.server on 127.0.0.1: the same import as a
file's, conditional requests (304 when unchanged, only for the file that has the
body), --update following a changed calendar, redirects, formats by Content-Type.

The faults (statuses, limits, timeouts, TLS, hostile text) are in
tests/test_import_url_faults.py; the server is tests/http_site.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from tests.helpers import ROOT, SAMPLE, invoke
from tests.http_site import Calendar, Site, redirect, serving
from timeline_cli.store import load_file

SAMPLE_ICS = (ROOT / "tests" / "data" / "ics" / "sample.ics").read_bytes()
GOLDEN = ROOT / "tests" / "data" / "golden"
ETAG = '"v1"'
DATE = "Sat, 01 Mar 2025 12:00:00 GMT"
UNCHANGED = "unchanged since the last import into"


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


@pytest.fixture(autouse=True)
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The state folder, private to the test."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state" / "timeline"


def import_(target: Path, source: str, *args: str) -> Result:
    return invoke(["import", source, "-f", str(target), *args])


def records(state: Path) -> list[dict[str, object]]:
    return [json.loads(p.read_text()) for p in sorted((state / "urls").glob("*.json"))]


def test_a_url_imports_exactly_as_the_file_does(site: Site, tmp_path: Path) -> None:
    """Same events file bytes, same plan on stdout."""
    site.routes["/v.ics"] = Calendar(SAMPLE_ICS, etag=ETAG)
    local = tmp_path / "sample.ics"
    local.write_bytes(SAMPLE_ICS)
    by_url, by_file = tmp_path / "url.toml", tmp_path / "file.toml"
    got = import_(by_url, site.url("/v.ics"))
    want = import_(by_file, str(local))
    assert (got.exit_code, got.stdout, got.stderr) == (want.exit_code, want.stdout, want.stderr)
    assert "26 added" in got.stdout
    assert by_url.read_bytes() == by_file.read_bytes()


@pytest.mark.parametrize(
    ("validators", "header"),
    [({"etag": ETAG}, "if-none-match"), ({"last_modified": DATE}, "if-modified-since")],
    ids=["etag", "last-modified"],
)
def test_an_unchanged_calendar_is_not_downloaded_again(
    site: Site, tmp_path: Path, validators: dict[str, str], header: str
) -> None:
    site.routes["/v.ics"] = Calendar(SAMPLE_ICS, **validators)
    target = tmp_path / "events.toml"
    assert import_(target, site.url("/v.ics")).exit_code == 0
    before, stamp = target.read_bytes(), target.stat().st_mtime_ns
    again = import_(target, site.url("/v.ics"))
    assert again.exit_code == 0, again.stderr
    assert again.stdout == f"{site.url('/v.ics')}: {UNCHANGED} {target}; nothing to do\n"
    assert again.stderr == ""
    first, second = site.hits("/v.ics")
    assert header not in first
    assert second[header] == next(iter(validators.values()))
    other = "if-modified-since" if header == "if-none-match" else "if-none-match"
    assert other not in second  # only what the server gave
    assert target.read_bytes() == before and target.stat().st_mtime_ns == stamp


def test_without_validators_every_import_downloads_and_duplicates_nothing(
    site: Site, tmp_path: Path
) -> None:
    site.routes["/v.ics"] = Calendar(SAMPLE_ICS)
    target = tmp_path / "events.toml"
    assert import_(target, site.url("/v.ics")).exit_code == 0
    before = target.read_bytes()
    again = import_(target, site.url("/v.ics"))
    assert "0 added, 0 updated, 26 skipped" in again.stdout
    assert all(
        "if-none-match" not in h and "if-modified-since" not in h for h in site.hits("/v.ics")
    )
    assert target.read_bytes() == before


def test_the_conditional_request_is_only_for_the_file_that_has_the_body(
    site: Site, tmp_path: Path
) -> None:
    """Imported into a.toml: b.toml still gets the whole calendar, and a.toml removed
    and made again gets it too."""
    site.routes["/v.ics"] = Calendar(SAMPLE_ICS, etag=ETAG)
    one, two = tmp_path / "a.toml", tmp_path / "b.toml"
    assert import_(one, site.url("/v.ics")).exit_code == 0
    other = import_(two, site.url("/v.ics"))
    assert "26 added" in other.stdout
    assert "if-none-match" not in site.hits("/v.ics")[1]
    one.unlink()
    assert "26 added" in import_(one, site.url("/v.ics")).stdout
    assert "if-none-match" not in site.hits("/v.ics")[2]
    assert UNCHANGED in import_(two, site.url("/v.ics")).stdout  # both remembered
    [record] = records(tmp_path / "state" / "timeline")
    assert set(record["imports"]) == {str(one.resolve()), str(two.resolve())}  # type: ignore[arg-type]


def test_a_dry_run_records_nothing(site: Site, tmp_path: Path, state: Path) -> None:
    site.routes["/v.ics"] = Calendar(SAMPLE_ICS, etag=ETAG)
    target = tmp_path / "events.toml"
    dry = import_(target, site.url("/v.ics"), "--dry-run")
    assert "26 added" in dry.stdout and "dry run: nothing written" in dry.stdout
    assert not target.exists() and not state.exists()
    assert import_(target, site.url("/v.ics")).exit_code == 0
    assert "if-none-match" not in site.hits("/v.ics")[1]  # the dry run left no ETag
    record = records(state)
    again = import_(target, site.url("/v.ics"), "--dry-run")  # a 304 in a dry run too
    assert again.exit_code == 0 and UNCHANGED in again.stdout
    assert records(state) == record


def test_a_failed_import_records_nothing(site: Site, tmp_path: Path, state: Path) -> None:
    """One bad event refuses the import (exit 4): no record, so the next import with
    --skip-invalid downloads it whole."""
    bad = SAMPLE_ICS.replace(b"DTSTART;VALUE=DATE:19951230", b"DTSTART;VALUE=DATE:19951299")
    site.routes["/v.ics"] = Calendar(bad, etag=ETAG)
    target = tmp_path / "events.toml"
    refused = import_(target, site.url("/v.ics"))
    assert refused.exit_code == 4 and not target.exists() and not state.exists()
    done = import_(target, site.url("/v.ics"), "--skip-invalid")
    assert "25 added" in done.stdout and "1 skipped (invalid)" in done.stdout
    assert "if-none-match" not in site.hits("/v.ics")[1]
    assert records(state)[0]["etag"] == ETAG


def test_update_follows_a_changed_calendar(site: Site, tmp_path: Path) -> None:
    """The server's new version (new ETag) is downloaded; --update changes only the
    event that changed, and only its lines."""
    calendar = Calendar(SAMPLE_ICS, etag=ETAG)
    site.routes["/v.ics"] = calendar
    target = tmp_path / "events.toml"
    assert import_(target, site.url("/v.ics"), "--update").exit_code == 0
    before = target.read_text()
    old_title = b"SUMMARY:V (Kim Taehyung) is born in Daegu"
    calendar.body = SAMPLE_ICS.replace(old_title, old_title + b" (Korea)")
    calendar.etag = '"v2"'
    done = import_(target, site.url("/v.ics"), "--update")
    assert done.exit_code == 0, done.stderr
    assert "0 added, 1 updated, 25 skipped" in done.stdout
    assert site.hits("/v.ics")[1]["if-none-match"] == ETAG
    after = target.read_text()
    lines = zip(before.splitlines(), after.splitlines(), strict=True)
    title = old_title.decode().removeprefix("SUMMARY:")
    assert [(a, b) for a, b in lines if a != b] == [
        (f'title = "{title}"', f'title = "{title} (Korea)"')
    ]
    titles = {e.id: e.title for e in load_file(target).events}
    assert titles["v-birthday"].endswith("(Korea)")
    assert UNCHANGED in import_(target, site.url("/v.ics"), "--update").stdout


def test_update_after_a_plain_import_downloads_again(site: Site, tmp_path: Path) -> None:
    """A plain import skipped known events: --update must see the body again to update them."""
    site.routes["/v.ics"] = Calendar(SAMPLE_ICS, etag=ETAG)
    target = tmp_path / "events.toml"
    assert import_(target, site.url("/v.ics")).exit_code == 0
    done = import_(target, site.url("/v.ics"), "--update")
    assert done.exit_code == 0 and UNCHANGED not in done.stdout
    assert "if-none-match" not in site.hits("/v.ics")[1]
    assert UNCHANGED in import_(target, site.url("/v.ics"), "--update").stdout
    assert UNCHANGED in import_(target, site.url("/v.ics")).stdout  # and without it


def test_redirects_are_followed_and_remembered_for_the_first_url(
    site: Site, tmp_path: Path
) -> None:
    site.routes["/old"] = redirect("/new", 301)
    site.routes["/new"] = redirect(site.url("/v.ics"), 307)
    site.routes["/v.ics"] = Calendar(SAMPLE_ICS, etag=ETAG)
    target = tmp_path / "events.toml"
    assert "26 added" in import_(target, site.url("/old")).stdout
    assert UNCHANGED in import_(target, site.url("/old")).stdout
    assert site.hits("/v.ics")[1]["if-none-match"] == ETAG


@pytest.mark.parametrize(
    ("path", "content_type", "golden"),
    [
        ("/feed", "application/json", "sample.json"),
        ("/feed", "text/plain", "sample.json"),  # first bytes
        ("/export", "text/csv; charset=utf-8", "sample.csv"),
        ("/backup.csv", "application/octet-stream", "sample.csv"),  # the URL's suffix
    ],
)
def test_json_and_csv_by_url(
    site: Site, tmp_path: Path, path: str, content_type: str, golden: str
) -> None:
    """Detected by Content-Type, else the URL's suffix, else the first bytes: the
    same events as importing the golden file itself."""
    data = (GOLDEN / golden).read_bytes()
    site.routes[path] = Calendar(data, content_type=content_type)
    by_url, by_file = tmp_path / "url.toml", tmp_path / "file.toml"
    got = import_(by_url, site.url(path))
    assert got.exit_code == 0, got.stderr
    assert import_(by_file, str(GOLDEN / golden)).stdout == got.stdout
    assert by_url.read_bytes() == by_file.read_bytes()


def test_a_format_that_cannot_be_told_asks_for_format(site: Site, tmp_path: Path) -> None:
    site.routes["/feed"] = Calendar((GOLDEN / "sample.csv").read_bytes(), content_type="text/plain")
    target = tmp_path / "events.toml"
    refused = import_(target, site.url("/feed"))
    assert refused.exit_code == 2 and not target.exists()
    assert refused.stderr == (
        f"timeline: error: cannot tell the format of {site.url('/feed')} (text/plain); "
        "give --format ics, json or csv\n"
    )
    assert "26 added" in import_(target, site.url("/feed"), "--format", "csv").stdout


def test_json_answer_says_unchanged(site: Site, tmp_path: Path) -> None:
    site.routes["/v.ics"] = Calendar(SAMPLE_ICS, etag=ETAG)
    target = tmp_path / "events.toml"
    first = json.loads(import_(target, site.url("/v.ics"), "--json").stdout)
    assert first["unchanged"] is False and len(first["added"]) == 26
    second = json.loads(import_(target, site.url("/v.ics"), "--json").stdout)
    assert second["unchanged"] is True and second["added"] == second["skipped"] == []
    assert second["source"] == site.url("/v.ics")


def test_the_state_file_keeps_no_password(site: Site, tmp_path: Path, state: Path) -> None:
    """Credentials in the URL are sent as Basic auth, never written down."""
    calendar = Calendar(SAMPLE_ICS, etag=ETAG)

    def login(handler: object) -> None:
        if handler.headers.get("Authorization") == "Basic bWU6czNjcjN0":  # type: ignore[attr-defined]
            calendar(handler)  # type: ignore[arg-type]
        else:
            from tests.http_site import send

            send(handler, 401)  # type: ignore[arg-type]

    site.routes["/private.ics"] = login
    target = tmp_path / "events.toml"
    url = site.url("/private.ics").replace("://", "://me:s3cr3t@")
    done = import_(target, url)
    assert done.exit_code == 0 and "26 added" in done.stdout
    assert UNCHANGED in import_(target, url).stdout
    text = (next((state / "urls").glob("*.json"))).read_text()
    assert "s3cr3t" not in text and "://***@127.0.0.1" in text
    assert (state / "urls").stat().st_mode & 0o077 == 0  # a private folder


@pytest.mark.parametrize("args", [["--help"], ["list"], ["import", "--help"]])
def test_the_http_client_costs_other_commands_nothing(args: list[str]) -> None:
    """ssl, http.client and urllib.request load only when a URL is imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "timeline_cli", *args],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "TIMELINE_FILE": str(SAMPLE)},
        check=True,
    )
    imported = {line.split("|")[-1].strip() for line in done.stderr.decode().splitlines()}
    loaded = {"ssl", "http.client", "urllib.request", "timeline_cli.fetch"} & imported
    assert loaded == set() and done.stdout
