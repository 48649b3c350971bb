"""Hostile text in an events file never drives the terminal, and every export escapes it.

One events file carries, in every free-text field (title, description, location,
source, url, tags, people, the timeline's title; ids cannot hold any of it, their
grammar is ``[a-z0-9][a-z0-9-]*``): Rich markup (``[bold red]``, ``[link=...]``), CSI
and OSC sequences (screen clear, a terminal-title change, an OSC 8 hyperlink), a C1
CSI, bidi overrides and isolates, zero-width characters, NUL, CR / CRLF / LF
line-injection payloads (``END:VEVENT``, ``ATTENDEE:``), Markdown and HTML, and
spreadsheet formulas; another event's title is one 5 000-character word.

What is proved:

- Every command's stdout and stderr (``list``, ``view``, ``anniversaries``, ``show``,
  ``add``, ``edit`` and its diff, ``remove``, ``check``, ``import --dry-run``, and the
  error messages that quote an option's value), piped and on a forced Rich terminal
  at 80 and 160 columns, holds no escape sequence but Rich's own SGR colours and its
  OSC 8 link to the event's stored url, no C0 or C1 control but the newline, no DEL
  and no bidi control. The hostile text is still there in ``display.safe``'s visible
  form (ESC ``␛``, BEL ``␇``, C1 and bidi controls U+FFFD), markup literally and with
  no style of its own; Rich folds the long word within the terminal width, plain
  output prints it whole and ``view`` cuts it with ``…`` (as the README says).
- ``ics``: icalendar and vobject both read exactly one VEVENT per event, no injected
  property or component; SUMMARY, LOCATION, CATEGORIES and DESCRIPTION hold the stored
  text, with the controls RFC 5545 forbids as U+FFFD and line breaks as LF (the
  documented ICS normalisation), and import gives those values back.
- ``csv``: cells a spreadsheet would run get one leading ``'``; import removes it, so
  every value comes back exactly. ``json``: valid, no raw C0 control, exact values
  and an exact round trip. ``md``: rendered by markdown-it (CommonMark + tables +
  strikethrough) to exactly the structure the exporter writes, the hostile text as
  literal text. ``timelinejs``: the HTML holds only the exporter's own tags.

Known defects are strict xfails at the end of the module; their reasons say what is
wrong and how to reproduce it.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import icalendar
import pytest
import tomli_w
import vobject
from markdown_it import MarkdownIt

from tests.helpers import assert_error, invoke
from timeline_cli import render
from timeline_cli.display import cell_width
from timeline_cli.model import Event
from timeline_cli.store import load_file

# --- the hostile text -----------------------------------------------------------

MARKUP = "[bold red]x[/]"
LINK_MARKUP = "[link=https://evil.example]click[/link]"
CLEAR = "\x1b[2J"
TITLE_CHANGE = "\x1b]0;pwned\x07"
OSC8 = "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"
C1_CSI = "\x9b31m"
BIDI = "\u202eevil\u202c \u2066iso\u2069 \u200fmark"
ZERO_WIDTH = "zero\u200bwidth\ufeffbom"
NUL = "nul\x00byte"
MD = "*bold* _em_ <script>alert(1)</script> [x](javascript:alert(1)) a|b `code` ~~s~~ &amp; $x$"
LONG = "Z" * 5000

# How display.safe shows them (C0 → control pictures, C1 and bidi → U+FFFD).
SHOWN_CLEAR = "␛[2J"
SHOWN_TITLE_CHANGE = "␛]0;pwned␇"
SHOWN_OSC8 = "␛]8;;https://evil.example␛\\link␛]8;;␛\\"
SHOWN_C1 = "\ufffd31m"
SHOWN_BIDI = "\ufffdevil\ufffd"

HOSTILE_TITLE = " ".join(
    ["T", MARKUP, CLEAR, TITLE_CHANGE, C1_CSI, BIDI, LINK_MARKUP, OSC8, ZERO_WIDTH, NUL, MD]
)
TITLE_SPAN = f"T {MARKUP}"  # the title's own markup (the caption holds MARKUP too)
SHOWN_IN_TITLE = (TITLE_SPAN, SHOWN_CLEAR, SHOWN_TITLE_CHANGE, SHOWN_C1, SHOWN_BIDI, SHOWN_OSC8)
HOSTILE_URL = "https://evil.example/[bold]x[/bold]?q=<script>&r=(1)'\""
# Line injection with lone LF and CR; CRLF is in CRLF_EVENT (see test_crlf_text_can_be_written).
INJECTION = "\nATTENDEE:mailto:x@evil.example\rEND:VEVENT\n\rBEGIN:VEVENT\nSUMMARY:injected"
MD_LINES = "\n".join(
    [
        "# heading",
        "- item",
        "+ item",
        "1. item",
        "> quote",
        "    indented code",
        "***",
        "| a | b |",
        "|---|---|",
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "![img](https://evil.example/x.png)",
        "<https://evil.example>",
        "[^1]: fake footnote",
        "=====",
        "```",
    ]
)
TEXT = f"{MARKUP} {CLEAR}{TITLE_CHANGE}{OSC8}{C1_CSI} {BIDI} {ZERO_WIDTH} {NUL}"
TIMELINE_TITLE = f"Cal {MARKUP} {TITLE_CHANGE}\nEND:VCALENDAR"

HOSTILE: dict[str, Any] = {
    "id": "hostile",
    "title": HOSTILE_TITLE,
    "start": "2020-05-17",
    "description": f"D {TEXT}{INJECTION}\n{MD_LINES}\nlast {MD}",
    "location": f"L {TEXT}\nEND:VEVENT",
    "source": f"S {TEXT} {LINK_MARKUP}",
    "url": HOSTILE_URL,
    "tags": [MARKUP, f"t{CLEAR}", "\u202etag", "a,b;c\\N", "x\nEND:VEVENT"],
    "people": ["[red]P", f"p{TITLE_CHANGE}", "\u2066Q\u2069"],
}
FORMULA: dict[str, Any] = {
    "id": "formula",
    "title": '=HYPERLINK("https://evil.example","x")',
    "start": "2021-03-01",
    "description": "\tTAB=1+1",
    "location": "+1+1",
    "source": "-2+3",
    "tags": ["=cmd|' /C calc'!A0", "@SUM(A1)"],
    "people": ["@x", "-y"],
}
INJECTED: dict[str, Any] = {
    "id": "injection",
    "title": f"I {MARKUP} {TITLE_CHANGE}",
    "start": "2024-01-24T00:00:00",
    "timezone": "Asia/Seoul",
    "description": f"ok{INJECTION}\nBEGIN:VALARM\rEND:VCALENDAR",
    "location": f"Seoul\rATTENDEE:mailto:y@evil.example{CLEAR}",
    "source": "S;x,y\\N\nBEGIN:VALARM",
    "url": "https://evil.example/i",
    "tags": ["i"],
}
LONG_WORD: dict[str, Any] = {
    "id": "long-word",
    "title": f"Long {LONG}",
    "start": "2022-07-07",
    "description": LONG,
}
CRLF_INJECTION = "ok\r\nATTENDEE:mailto:x@evil.example\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:x"
CRLF_EVENT: dict[str, Any] = {
    "id": "crlf",
    "title": f"C {MARKUP}",
    "start": "2023-03-03",
    "description": CRLF_INJECTION,
    "location": "Seoul\r\nATTENDEE:mailto:y@evil.example",
    "source": "S\r\nBEGIN:VALARM",
}
EVENTS = (HOSTILE, FORMULA, INJECTED, LONG_WORD)  # what import can take back (no CRLF)
FILE_EVENTS = (*EVENTS, CRLF_EVENT)
URLS = frozenset({HOSTILE_URL, "https://evil.example/i"})
TEXT_FIELDS = ("title", "description", "location", "source", "url")


def toml_table(event: dict[str, Any]) -> dict[str, Any]:
    """An event as a TOML table: ``start`` as a TOML date or local date-time."""
    table = dict(event)
    start = table["start"]
    table["start"] = datetime.fromisoformat(start) if "T" in start else date.fromisoformat(start)
    return table


def write_events(path: Path, events: Sequence[dict[str, Any]] = FILE_EVENTS) -> Path:
    document = {
        "timeline": {"title": TIMELINE_TITLE, "timezone": "Asia/Seoul"},
        "events": [toml_table(e) for e in events],
    }
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    return write_events(tmp_path / "events.toml")


def test_the_file_stores_every_hostile_value_exactly(events_file: Path) -> None:
    """The loader keeps the hostile text as written (NUL through TOML's \\u0000 too)."""
    events = {e.id: e for e in load_file(events_file).events}
    assert set(events) == {e["id"] for e in FILE_EVENTS}
    for raw in FILE_EVENTS:
        assert stored_text(events[raw["id"]]) == expected_text(raw)
    assert load_file(events_file).title == TIMELINE_TITLE


def stored_text(event: Event) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(event, name) for name in TEXT_FIELDS}
    values["tags"], values["people"] = list(event.tags), list(event.people)
    return values


def expected_text(raw: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {name: raw.get(name) for name in TEXT_FIELDS}
    values["tags"], values["people"] = raw.get("tags", []), raw.get("people", [])
    return values


# --- what a terminal may receive --------------------------------------------------

SGR = re.compile(r"\x1b\[[0-9;]*m")
RICH_LINK = re.compile(r"\x1b\]8;id=[0-9]+;([^\x1b\x07]*)\x1b\\|\x1b\]8;;\x1b\\")
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ZERO_WIDTHS = re.compile("[\u200b\ufeff]")


def without_links(text: str) -> str:
    """``text`` without Rich's OSC 8 links, each checked to point at a stored url."""

    def drop(match: re.Match[str]) -> str:
        assert match[1] is None or match[1] in URLS, f"unexpected link target {match[1]!r}"
        return ""

    return RICH_LINK.sub(drop, text)


def visible(text: str) -> str:
    """What a terminal shows of ``text``: Rich's own links and SGR colours removed."""
    return SGR.sub("", without_links(text))


def assert_inert(text: str) -> None:
    """No escape sequence but Rich's own, no control character but LF, no bidi control."""
    shown = visible(text)
    assert "\x1b" not in shown, repr(shown[max(shown.index("\x1b") - 40, 0) :][:120])
    bad = sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(shown)})
    assert not bad, f"raw control or bidi characters reach the terminal: {bad}"


def assert_unstyled(text: str, span: str = TITLE_SPAN) -> None:
    """Every occurrence of ``span`` is shown literally, with no bold and no red: no SGR
    sequence inside it, and the one in force before it (the last one) sets neither.

    A column's own style (the cyan of the tags) is the product's, and allowed."""
    raw = without_links(text)
    starts = [m.start() for m in re.finditer(re.escape(span), raw)]
    assert starts, f"{span!r} is not shown literally"
    for start in starts:
        before = SGR.findall(raw[:start])
        params = set(before[-1][2:-1].split(";")) if before else set()
        assert not params & {"1", "31"}, (before[-1], raw[max(start - 80, 0) :][:160])


def assert_within(text: str, width: int) -> None:
    widest = max(cell_width(line) for line in visible(text).splitlines())
    assert widest <= width, f"a line is {widest} columns wide on a {width}-column terminal"


def on_terminal(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """Make the commands believe stdout is a colour terminal ``width`` columns wide."""
    monkeypatch.setattr(render, "use_terminal", lambda out, **_: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", str(width))


def run(args: list[str], code: int = 0) -> tuple[str, str]:
    """Run the CLI; check the exit code and that stdout and stderr are inert."""
    result = invoke(args)
    assert result.exit_code == code, (result.exit_code, result.stdout[-500:], result.stderr)
    assert_inert(result.stdout)
    assert_inert(result.stderr)
    return result.stdout, result.stderr


# --- reading commands: piped and on a terminal ----------------------------------------

READING = {
    "list": ["list", "--tz", "UTC"],
    "list-dday-reverse": ["list", "--tz", "UTC", "--dday", "-r"],
    "list-range": ["list", "--tz", "UTC", "--from", "2020", "--to", "2025-12-31"],
    "list-search": ["list", "--tz", "America/New_York", "-s", "bold red"],
    "list-tag": ["list", "--tz", "UTC", "-t", MARKUP],
    "show": ["show", "hostile", "--tz", "UTC"],
    "anniversaries": ["anniversaries", "--on", "2026-05-17", "--tz", "UTC"],
}


@pytest.mark.parametrize("width", [None, 80, 160], ids=["piped", "tty80", "tty160"])
@pytest.mark.parametrize("name", list(READING))
def test_reading_commands_show_hostile_text_inertly(
    monkeypatch: pytest.MonkeyPatch, events_file: Path, name: str, width: int | None
) -> None:
    """The hostile title reaches the output only in its visible, unstyled form."""
    if width is not None:
        on_terminal(monkeypatch, width)
    out, err = run([*READING[name], "-f", str(events_file)])
    assert err == ""
    wrapped = width is not None and name == "anniversaries"  # the title wraps in its cell
    text = re.sub(r"\s+", "", visible(out)) if wrapped else visible(out)
    for shown in SHOWN_IN_TITLE:
        assert (re.sub(r"\s+", "", shown) if wrapped else shown) in text, (shown, text[:2000])
    assert_unstyled(out)
    if width is not None:
        assert SGR.search(out), "not Rich's terminal rendering"
        assert_within(out, width)
        if name.startswith("list"):  # the title links to the stored url (checked)
            assert RICH_LINK.search(out)
    if name.startswith("list"):  # the tags column (cyan on a terminal, never bold or red)
        assert f"{MARKUP}, t{SHOWN_CLEAR}" in visible(out)
        assert_unstyled(out, f"{MARKUP}, t")
    if name == "show":
        for shown in ("[red]P", "p␛]0;pwned␇", "END:VEVENT", "␍", "nul␀byte"):
            assert shown in visible(out)


@pytest.mark.parametrize("width", [80, 160])
def test_view_draws_hostile_labels_inertly(
    monkeypatch: pytest.MonkeyPatch, events_file: Path, width: int
) -> None:
    """``view`` cuts labels to the width and shows what is left of them literally."""
    for terminal in (False, True):
        if terminal:
            on_terminal(monkeypatch, width)
        out, _ = run(["view", "--tz", "UTC", "--width", str(width), "-f", str(events_file)])
        shown = visible(out)
        assert bool(SGR.search(out)) == terminal
        for text in (TITLE_SPAN, SHOWN_CLEAR, SHOWN_TITLE_CHANGE):
            assert text in shown
        # the hostile event's mark's tag, literally, in the legend ("◆ [bold red]x[/]")
        assert re.search(rf"[●◆■▲★◉] {re.escape(MARKUP)}(  |$)", shown, re.M), shown
        assert_unstyled(out)
        assert_within(out, width)
        assert "Long ZZZ" in shown and LONG not in shown and "…" in shown


def test_the_long_word_is_whole_in_plain_output(events_file: Path) -> None:
    """Piped ``list``, ``show`` and ``anniversaries`` print the 5 000-character word whole."""
    for args in (
        ["list", "--tz", "UTC"],
        ["show", "long-word", "--tz", "UTC"],
        ["anniversaries", "--on", "2026-07-07", "--tz", "UTC"],
    ):
        out, _ = run([*args, "-f", str(events_file)])
        assert f"Long {LONG}" in out


@pytest.mark.parametrize("width", [80, 160])
def test_rich_folds_the_long_word_within_the_terminal(
    monkeypatch: pytest.MonkeyPatch, events_file: Path, width: int
) -> None:
    """On a terminal the word folds over lines no wider than the terminal, none lost."""
    on_terminal(monkeypatch, width)
    out, _ = run(["list", "--tz", "UTC", "-f", str(events_file)])
    assert_within(out, width)
    assert visible(out).count("Z") == len(LONG)
    out, _ = run(["show", "long-word", "--tz", "UTC", "-f", str(events_file)])
    assert_within(out, width)
    assert visible(out).count("Z") >= 2 * len(LONG)  # title and description, folded


# --- writing commands: their echoes, diffs and messages ------------------------------

CLI_TITLE = f"A {MARKUP} {TITLE_CHANGE} {CLEAR}{C1_CSI} {BIDI} {LINK_MARKUP}"
CLI_TEXT = f"{MARKUP} {TITLE_CHANGE}{OSC8} {BIDI}"
CLI_FIELDS: dict[str, Any] = {
    "title": CLI_TITLE,
    "description": f"d {CLI_TEXT}\nEND:VEVENT\rx",
    "location": f"L {CLI_TEXT}",
    "source": f"S {CLI_TEXT}",
    "url": "https://evil.example/[b]x[/b]",
    "tags": [f"t{TITLE_CHANGE}", MARKUP],
    "people": [f"p{CLEAR}", "\u202eP"],
}
CLI_OPTIONS: list[str] = [
    "--description",
    CLI_FIELDS["description"],
    "--location",
    CLI_FIELDS["location"],
    "--source",
    CLI_FIELDS["source"],
    "--url",
    CLI_FIELDS["url"],
    *("-t", CLI_FIELDS["tags"][0], "-t", CLI_FIELDS["tags"][1]),
    *("-p", CLI_FIELDS["people"][0], "-p", CLI_FIELDS["people"][1]),
]


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "written"])
def test_add_echoes_hostile_options_inertly_and_stores_them_exactly(
    events_file: Path, dry_run: bool
) -> None:
    """``add`` shows every hostile option in its visible form and stores it as given."""
    args = ["add", CLI_TITLE, "--start", "2024-02-02", *CLI_OPTIONS, "-f", str(events_file)]
    out, _ = run([*args, "--dry-run"] if dry_run else args)
    for shown in (f"A {MARKUP}", SHOWN_TITLE_CHANGE, SHOWN_OSC8, SHOWN_C1, SHOWN_BIDI, "␍x"):
        assert shown in out
    assert f"t{SHOWN_TITLE_CHANGE}, {MARKUP}" in out
    events = {e.id: e for e in load_file(events_file).events}
    added = [e for e in events.values() if e.title == CLI_TITLE]
    assert len(added) == (0 if dry_run else 1)
    if added:
        assert stored_text(added[0]) == CLI_FIELDS


def test_edit_diff_and_echo_are_inert(events_file: Path) -> None:
    """``edit --dry-run`` prints a diff of TOML lines made visible; ``edit`` echoes inertly."""
    options = ["--title", CLI_TITLE, "-d", CLI_FIELDS["description"], "--location", "new"]
    before = events_file.read_bytes()
    out, _ = run(["edit", "hostile", *options, "--dry-run", "-f", str(events_file)])
    assert events_file.read_bytes() == before
    assert out.startswith("--- ") and "\n+title = " in out and "\n-title = " in out
    assert MARKUP in out and SHOWN_BIDI in out  # TOML escapes ESC itself: \u001b
    out, _ = run(["edit", "hostile", *options, "-f", str(events_file)])
    assert out.startswith("Changed in ")
    for shown in (f"A {MARKUP}", SHOWN_TITLE_CHANGE, SHOWN_C1, SHOWN_BIDI, SHOWN_OSC8):
        assert shown in out
    edited = {e.id: e for e in load_file(events_file).events}["hostile"]
    assert (edited.title, edited.description) == (CLI_TITLE, CLI_FIELDS["description"])


def test_remove_messages_are_inert(events_file: Path) -> None:
    """The refusal without a terminal and the success message carry nothing hostile."""
    _, err = run(["remove", "hostile", "-f", str(events_file)], code=2)
    assert "--yes" in err
    out, _ = run(["remove", "hostile", "injection", "--yes", "-f", str(events_file)])
    assert out.startswith("Removed 2 events") and out.rstrip().endswith("hostile, injection")


def test_check_quotes_hostile_values_inertly(events_file: Path, tmp_path: Path) -> None:
    """``check`` names bad values (repr-quoted, then made visible), never runs them."""
    bad = tmp_path / "bad.toml"
    bad.write_text(
        tomli_w.dumps(
            {
                "events": [
                    {
                        "title": f"B {MARKUP} {TITLE_CHANGE} \u202e",
                        "start": "2024-01-01",
                        "url": f"javascript:{TITLE_CHANGE}",
                        "timezone": f"Asia/Seo{CLEAR}",
                        "repeat": f"FREQ={OSC8}",
                        f"ti{TITLE_CHANGE}tle": "x",
                    },
                    {"id": f"BAD{C1_CSI}", "title": "t", "start": "2024-01-02"},
                ]
            }
        ),
        encoding="utf-8",
    )
    syntax = tmp_path / "syntax.toml"
    syntax.write_bytes(b'[[events]]\ntitle = "raw \x1b]0;pwned\x07 \xe2\x80\xae"\n')
    out, _ = run(["check", "-f", str(events_file), "-f", str(bad), "-f", str(syntax)], code=4)
    assert "javascript:\\x1b]0;pwned\\x07" in out
    assert f"field 'ti{SHOWN_TITLE_CHANGE}tle': unknown field" in out
    assert "'BAD\\x9b31m'" in out
    assert "Asia/Seo\\x1b[2J" in out
    assert f"{syntax}:2" in out
    assert re.search(r"\n\d+ errors, \d+ warnings?$", out.rstrip()), out[-200:]


# --- import --dry-run: the table of what would come in --------------------------------

HOSTILE_ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//evil//x//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:evil\x1b]0;uid\x07@example.com\r\nDTSTAMP:20240101T000000Z\r\n"
    b"DTSTART;VALUE=DATE:20240301\r\n"
    b"SUMMARY:S [bold red]x[/] \x1b]0;pwned\x07 \xe2\x80\xaeevil\xe2\x80\xac \xc2\x9b31m\r\n"
    b"DESCRIPTION:line\\nATTENDEE:mailto:x\\nEND:VEVENT\r\n"
    b"LOCATION:\x1b[2J loc\r\nATTENDEE:mailto:a\x1b[31m@example.com\r\n"
    b"EXDATE;VALUE=DATE:20250301\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize("fmt", ["json", "csv", "ics", "hostile-ics"])
def test_import_dry_run_table_is_inert(events_file: Path, tmp_path: Path, fmt: str) -> None:
    """The table of hostile imported events, and the notes on stderr, are inert."""
    if fmt == "hostile-ics":
        source = tmp_path / "evil.ics"
        source.write_bytes(HOSTILE_ICS)
    else:
        source = tmp_path / f"export.{fmt}"
        run(["export", "--format", fmt, "-o", str(source), "-f", str(events_file)])
    target = tmp_path / "new.toml"
    out, err = run(["import", str(source), "--dry-run", "--tz", "UTC", "-f", str(target)])
    assert not target.exists()
    assert (f"S {MARKUP}" if fmt == "hostile-ics" else TITLE_SPAN) in out
    if fmt == "hostile-ics":
        assert SHOWN_TITLE_CHANGE in out and SHOWN_BIDI in out and SHOWN_C1 in out
        assert "ATTENDEE mailto:a␛[31m@example.com not kept" in err
        assert "UID evil␛]0;uid␇@example.com" in err
    elif fmt == "ics":  # RFC 5545 forbids C0 controls in TEXT: the export wrote U+FFFD
        assert "\ufffd]0;pwned\ufffd" in out and SHOWN_BIDI in out
    else:
        assert SHOWN_TITLE_CHANGE in out and SHOWN_BIDI in out and SHOWN_C1 in out
        assert f"Long {LONG}" in out
    assert f"{len(FILE_EVENTS)} added" in out or fmt == "hostile-ics"


def test_skipped_invalid_imports_are_reported_inertly(tmp_path: Path) -> None:
    """``--skip-invalid`` quotes the bad values on stderr in their visible form."""
    source = tmp_path / "bad.json"
    bad = {"title": f"B {TITLE_CHANGE}", "start": "2024-01-01", "url": f"ftp://{CLEAR}\u202e"}
    good = {"title": f"G {MARKUP}", "start": "2024-01-02"}
    source.write_text(json.dumps([bad, good]), encoding="utf-8")
    out, err = run(
        ["import", str(source), "--dry-run", "--skip-invalid", "-f", str(tmp_path / "t")]
    )
    assert "1 skipped (invalid)" in out and "ftp://\\x1b[2J\\u202e" in err


# --- error messages that quote the user's input -----------------------------------

EVIL = f"{TITLE_CHANGE}{CLEAR}{C1_CSI}\u202e"
ERRORS = {
    "list --from": ["list", "--from", f"2024{EVIL}"],
    "list --on": ["list", "--on", f"x{EVIL}"],
    "list --since": ["list", "--since", f"nope{EVIL}"],
    "list --tz": ["list", "--tz", f"Asia/Seo{EVIL}"],
    "show id": ["show", f"nope{EVIL}"],
    "remove id": ["remove", f"nope{EVIL}", "--yes"],
    "edit id": ["edit", f"nope{EVIL}", "--title", "x"],
    "edit --url": ["edit", "hostile", "--url", f"javascript:{EVIL}"],
    "edit --repeat": ["edit", "hostile", "--repeat", f"FREQ={EVIL}"],
    "edit --clear": ["edit", "hostile", "--clear", EVIL],
    "edit --title newline": ["edit", "hostile", "--title", f"a\nb{EVIL}"],
    "add --start": ["add", "x", "--start", f"2024{EVIL}"],
    "add --tz": ["add", "x", "--start", "2024", "--tz", f"X{EVIL}"],
    "add --id": ["add", "x", "--start", "2024", "--id", f"BAD{EVIL}"],
    "add title CR": ["add", f"a\rb{EVIL}", "--start", "2024"],
    "import missing": ["import", f"nope{EVIL}.ics"],
    "anniversaries --on": ["anniversaries", "--on", f"x{EVIL}"],
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_quote_hostile_input_visibly(events_file: Path, name: str) -> None:
    """One ``timeline: error:`` line, exit 2, the hostile value shown, not run."""
    result = invoke([*ERRORS[name], "-f", str(events_file)])
    err = assert_error(result, 2, "]0;pwned")
    assert_inert(result.stderr)
    assert "]0;pwned" in err  # quoted: as \x1b]0;pwned\x07 (repr) or ␛]0;pwned␇ (safe)


@pytest.mark.parametrize(
    ("command", "choices"),
    [
        ("export", "'ics', 'json', 'csv', 'md', 'timelinejs', 'html'"),
        ("import", "'auto', 'ics', 'json', 'csv'"),
    ],
)
def test_unknown_format_choice_quotes_hostile_input_visibly(
    events_file: Path, command: str, choices: str
) -> None:
    """--format takes the names of the format table only: Typer's usage error (exit 2,
    every choice listed) shows a hostile value quoted, inert."""
    args = ["export"] if command == "export" else ["import", str(events_file)]
    result = invoke([*args, "--format", f"x{EVIL}", "-f", str(events_file)])
    assert result.exit_code == 2 and result.stdout == ""
    assert_inert(result.stderr)
    assert "option --format: 'x\\x1b]0;pwned\\x07" in result.stderr
    assert result.stderr.endswith(f"is not one of {choices}\n")


def test_unknown_tag_and_search_values_match_nothing_quietly(events_file: Path) -> None:
    """A hostile --tag / --person / --search is a filter value, never echoed."""
    out, err = run(["list", "-t", EVIL, "-p", EVIL, "-s", EVIL, "-f", str(events_file)])
    assert out.startswith("No events match.") and err == ""


# --- exports ---------------------------------------------------------------------------

ICS_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def ics_text(text: str) -> str:
    """What ICS carries of a text: line breaks as LF, the other controls RFC 5545
    forbids in TEXT as U+FFFD (tab stays)."""
    return ICS_FORBIDDEN.sub("\ufffd", re.sub(r"\r\n|\r", "\n", text))


def export(events_file: Path, fmt: str) -> bytes:
    result = invoke(["export", "--format", fmt, "--tz", "UTC", "-f", str(events_file)])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def reimported(tmp_path: Path, fmt: str) -> dict[str, Event]:
    """The events of ``EVENTS`` exported in ``fmt`` and imported into a new file."""
    source = tmp_path / f"export.{fmt}"
    source.write_bytes(export(write_events(tmp_path / "round-trip.toml", EVENTS), fmt))
    target = tmp_path / f"imported-{fmt}.toml"
    run(["import", str(source), "--tz", "UTC", "-f", str(target)])
    events = {e.id: e for e in load_file(target).events}
    assert set(events) == {e["id"] for e in EVENTS}
    return events


ICS_PROPERTIES = {"UID", "DTSTAMP", "SUMMARY", "DTSTART", "DTEND", "CATEGORIES"}
ICS_PROPERTIES |= {"LOCATION", "URL", "DESCRIPTION"}


def test_ics_has_one_vevent_per_event_and_nothing_injected(events_file: Path) -> None:
    """No CR, LF or control byte of the data reaches the ICS syntax: every line ends
    CRLF; icalendar and vobject both find one VEVENT per event, no other property or
    component, and the texts as stored (in their ICS form)."""
    data = export(events_file, "ics")
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data)
    assert not re.search(rb"\r(?!\n)|(?<!\r)\n", data)
    calendar = icalendar.Calendar.from_ical(data)
    assert {c.name for c in calendar.walk()} <= {
        "VCALENDAR",
        "VTIMEZONE",
        "STANDARD",
        "DAYLIGHT",
        "VEVENT",
    }
    assert set(calendar) == {"PRODID", "VERSION", "CALSCALE", "NAME", "X-WR-CALNAME"}
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == len(FILE_EVENTS)
    by_uid = {str(v["UID"]): v for v in vevents}
    for raw in FILE_EVENTS:
        vevent = by_uid[f"{raw['id']}@timeline"]
        assert set(vevent) <= ICS_PROPERTIES, set(vevent)
        assert vevent.subcomponents == []
        assert str(vevent["SUMMARY"]) == ics_text(raw["title"])
        if "location" in raw:
            assert str(vevent["LOCATION"]) == ics_text(raw["location"])
        if "tags" in raw:
            categories = vevent["CATEGORIES"]
            assert isinstance(categories, icalendar.vCategory)
            assert categories.cats == [ics_text(t) for t in raw["tags"]]
        assert str(vevent["DESCRIPTION"]).startswith(ics_text(raw["description"]))
    parsed = vobject.readOne(data.decode("utf-8"))
    assert parsed.contents["x-wr-calname"][0].value == ics_text(TIMELINE_TITLE)
    assert parsed.contents["name"][0].value == ics_text(TIMELINE_TITLE)
    assert len(parsed.vevent_list) == len(FILE_EVENTS)
    for vevent in parsed.vevent_list:
        assert {child.name for child in vevent.getChildren()} <= ICS_PROPERTIES
        raw = next(e for e in FILE_EVENTS if f"{e['id']}@timeline" == vevent.uid.value)
        assert vevent.summary.value == ics_text(raw["title"])
        assert vevent.description.value.startswith(ics_text(raw["description"]))


def test_ics_round_trip_gives_the_stored_text_back(tmp_path: Path) -> None:
    """Importing the ICS export gives every text back, in its ICS form (``ics_text``)."""
    events = reimported(tmp_path, "ics")
    for raw in EVENTS:
        expected = expected_text(raw)
        for name, value in expected.items():
            if isinstance(value, list):
                expected[name] = [ics_text(v) for v in value]
            elif value is not None and name != "url":
                expected[name] = ics_text(value)
        assert stored_text(events[raw["id"]]) == expected, raw["id"]


def test_csv_neutralises_formulas(events_file: Path) -> None:
    """Each cell a spreadsheet would run (=, +, -, @, tab, CR first) gets one ``'``."""
    import io

    data = export(events_file, "csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == len(FILE_EVENTS)
    for row in body:
        assert len(row) == len(header)
        for cell in row:
            assert not re.match(r"[=+\-@\t\r]", cell), cell
    formula = dict(zip(header, next(r for r in body if r[0] == "formula"), strict=True))
    for name in ("title", "description", "location", "source"):
        assert formula[name] == "'" + FORMULA[name]
    assert formula["tags"] == "'=cmd|' /C calc'!A0; @SUM(A1)"
    assert formula["people"] == "'@x; -y"
    hostile = dict(zip(header, next(r for r in body if r[0] == "hostile"), strict=True))
    assert hostile["title"] == HOSTILE_TITLE  # the rest is data, kept exactly


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_csv_and_json_round_trips_are_exact(tmp_path: Path, fmt: str) -> None:
    """export → import into a new file → the same hostile values, exactly (the CSV
    import removes exactly the ``'`` the export added)."""
    events = reimported(tmp_path, fmt)
    for raw in EVENTS:
        assert stored_text(events[raw["id"]]) == expected_text(raw), raw["id"]


@pytest.mark.parametrize("fmt", ["json", "timelinejs"])
def test_json_formats_are_valid_with_no_raw_c0_control(events_file: Path, fmt: str) -> None:
    """Both JSON documents parse; no raw C0 control (they are \\u escapes); the
    json export holds every value exactly."""
    data = export(events_file, fmt)
    assert not re.search(rb"[\x00-\x09\x0b-\x1f]", data)
    document = json.loads(data)
    if fmt == "json":
        assert document["timeline"]["title"] == TIMELINE_TITLE
        by_id = {e["id"]: e for e in document["events"]}
        for raw in FILE_EVENTS:
            expected = expected_text(raw)
            assert {k: by_id[raw["id"]][k] for k in expected} == expected


class Tags(HTMLParser):
    """The tags and attributes of an HTML fragment, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> Tags:
    parser = Tags()
    parser.feed(text)
    parser.close()
    return parser


def test_markdown_renders_to_the_exporters_structure_only(events_file: Path) -> None:
    """Rendered, the Markdown holds only the exporter's own elements: one h1, a h2 per
    year, one list item per event with its date in bold, tags as code spans, links to
    the stored urls; the hostile text is literal text (no HTML, emphasis, tables...)."""
    data = export(events_file, "md").decode("utf-8")
    assert_inert(data)
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(data)
    page = parse_html(rendered)
    tags = [tag for tag, _ in page.tags]
    assert set(tags) <= {"h1", "h2", "p", "ul", "li", "strong", "em", "a", "code"}, set(tags)
    years = len({e["start"][:4] for e in FILE_EVENTS})
    assert tags.count("h1") == 1 and tags.count("h2") == years and tags.count("ul") == years
    assert tags.count("li") == len(FILE_EVENTS) and tags.count("strong") == len(FILE_EVENTS)
    assert tags.count("em") == 1  # the caption
    assert tags.count("code") == sum(len(e.get("tags", [])) for e in FILE_EVENTS)
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert links and all((href or "").startswith("https://evil.example/") for href in links), links
    text = "".join(page.text)
    for literal in (MARKUP, LINK_MARKUP, "<script>alert(1)</script>", "*bold*", "a|b"):
        assert literal in text
    for line in ("# heading", "- item", "1. item", "> quote", "| a | b |", "[^1]: fake footnote"):
        assert line in text


def test_timelinejs_html_holds_only_its_own_tags(events_file: Path) -> None:
    """Headlines are text only; slide text holds only ``p``, ``br`` and the url link."""
    document = json.loads(export(events_file, "timelinejs"))
    slides = {s["unique_id"]: s for s in document["events"]}
    for raw in FILE_EVENTS:
        slide = slides[raw["id"]]
        headline = parse_html(slide["text"]["headline"])
        assert headline.tags == []
        assert_inert("".join(headline.text))
        body = parse_html(slide["text"]["text"])
        assert {tag for tag, _ in body.tags} <= {"p", "br", "a", "span"}
        assert all(attrs == {} for tag, attrs in body.tags if tag == "span")  # autolink stops
        hrefs = [attrs["href"] for tag, attrs in body.tags if tag == "a"]
        assert hrefs == ([raw["url"]] if "url" in raw else [])
        assert_inert("".join(body.text))
    title = html.unescape(slides["hostile"]["text"]["headline"])
    for shown in (MARKUP, "<script>alert(1)</script>", SHOWN_TITLE_CHANGE, SHOWN_BIDI):
        assert shown in title


# --- known defects ----------------------------------------------------------------------


def test_zero_width_characters_are_made_visible(events_file: Path) -> None:
    for args in (["list"], ["show", "hostile"], ["anniversaries", "--on", "2026-05-17"]):
        out, _ = run([*args, "--tz", "UTC", "-f", str(events_file)])
        assert "zero" in out and "width" in out and "bom" in out
        assert not ZERO_WIDTHS.search(out), args


@pytest.mark.parametrize("width", [80, 160])
def test_a_url_with_controls_never_reaches_the_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, width: int
) -> None:
    """A url with ESC/BEL could end the terminal link it is shown in: the file is refused
    (exit 4) with the url shown inert, and nothing is listed or exported."""
    url = f"https://evil.example/a{TITLE_CHANGE}b"
    path = write_events(tmp_path / "e.toml", [{**INJECTED, "url": url}])
    on_terminal(monkeypatch, width)
    _, err = run(["list", "--tz", "UTC", "-f", str(path)], code=4)
    assert "has a control or invisible character" in err and "\\x1b]0;pwned\\x07" in err
    run(["export", "--format", "ics", "-f", str(path)], code=4)


@pytest.mark.parametrize(
    "url",
    [
        f"https://evil.example/a{TITLE_CHANGE}b",
        "https://evil.example/\u202egnp.exe",
        "https://evil\u200b.example/",
        "https://evil.example/\x9b31m",
    ],
)
def test_add_and_import_refuse_a_url_with_controls(tmp_path: Path, url: str) -> None:
    target = tmp_path / "events.toml"
    _, err = run(["add", "x", "--start", "2024-01-01", "--url", url, "-f", str(target)], code=2)
    assert "url" in err
    assert not target.exists()
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["title", "start", "url"], ["x", "2024-01-01", url]])
    _, err = run(["import", str(source), "-f", str(target)], code=4)
    assert "has a control or invisible character" in err
    assert not target.exists()


@pytest.mark.parametrize("how", ["add", "import"])
def test_crlf_text_can_be_written(tmp_path: Path, how: str) -> None:
    target = tmp_path / "events.toml"
    if how == "add":
        run(["add", "x", "--start", "2024-01-01", "-d", CRLF_INJECTION, "-f", str(target)])
    else:
        source = tmp_path / "crlf.json"
        source.write_bytes(export(write_events(tmp_path / "crlf.toml", [CRLF_EVENT]), "json"))
        run(["import", str(source), "-f", str(target)])
    assert [e.description for e in load_file(target).events] == [CRLF_INJECTION]


HOSTILE_DIR = f"dir{TITLE_CHANGE}"


def shown_path(path: Path) -> str:
    """How messages show a path holding HOSTILE_DIR: its controls made visible."""
    shown = str(path).replace(TITLE_CHANGE, SHOWN_TITLE_CHANGE)
    assert shown != str(path) and TITLE_CHANGE not in shown
    return shown


def test_remove_names_a_hostile_path_visibly(tmp_path: Path) -> None:
    folder = tmp_path / HOSTILE_DIR
    folder.mkdir()
    path = write_events(folder / "events.toml")
    out, err = run(["remove", "hostile", "--yes", "-f", str(path)])
    assert out == f"Removed 1 event from {shown_path(path)}: hostile\n"
    assert err == ""
    assert "hostile" not in {e.id for e in load_file(path).events}


def test_export_names_a_hostile_output_path_visibly(events_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / HOSTILE_DIR
    folder.mkdir()
    target = folder / "out.ics"
    out, err = run(["export", "-o", str(target), "-f", str(events_file)])
    assert out == ""
    count = len(load_file(events_file).events)
    assert err == f"Wrote {count} events to {shown_path(target)} (ics)\n"
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_other_messages_name_a_hostile_path_visibly(tmp_path: Path) -> None:
    """add, edit --dry-run, show, check and the missing-file error make a path visible."""
    folder = tmp_path / HOSTILE_DIR
    folder.mkdir()
    path = write_events(folder / "events.toml")
    out, _ = run(["add", "x", "--start", "2024-01-01", "-f", str(path)])
    assert shown_path(path) in out
    out, _ = run(["edit", "hostile", "--location", "here", "--dry-run", "-f", str(path)])
    assert shown_path(path) in out
    out, _ = run(["show", "hostile", "-f", str(path)])
    assert shown_path(path) in out
    out, _ = run(["check", "-f", str(path)])
    assert shown_path(path) in out
    _, err = run(["list", "-f", str(folder / "missing.toml")], code=3)
    assert shown_path(folder / "missing.toml") in err


def test_remove_asks_about_a_hostile_path_visibly(tmp_path: Path) -> None:
    """The confirmation question on a real terminal shows the path in visible form."""
    folder = tmp_path / HOSTILE_DIR
    folder.mkdir()
    path = write_events(folder / "events.toml")
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "timeline_cli", "remove", "hostile", "-f", str(path)],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        os.write(master, b"n\n")
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
        os.close(slave)
    assert proc.returncode == 1
    assert_inert(out.decode() + err.decode())
    assert shown_path(path) in err.decode() and "[y/N]" in err.decode()


def test_view_does_not_style_mark_characters_in_titles(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Mark and bar characters in a title are printed plain; only the drawn mark is coloured."""
    path = write_events(
        tmp_path / "e.toml",
        [{"id": "m", "title": "x ★ ● ┬│┴ ▪ ⋮ not a tag", "start": "2024-01-01", "tags": ["t"]}],
    )
    on_terminal(monkeypatch, 100)
    out, _ = run(["view", "--width", "100", "-f", str(path)])
    assert "x ★ ● ┬│┴ ▪ ⋮ not a tag" in visible(out)
    assert "x ★ ● ┬│┴ ▪ ⋮ not a tag" in out, "an SGR sequence styles part of the title"
    assert_unstyled(out, "x ★ ● ┬│┴ ▪ ⋮ not a tag")
    assert len(re.findall(r"\x1b\[1;31m●", out)) == 2  # the event's mark and the legend's
