"""Helpers shared by the test modules (fixtures stay in conftest.py).

- running the CLI in-process: ``invoke``; the repository's ``ROOT`` and ``SAMPLE``;
- zones: ``SEOUL``, ``NEW_YORK``, ``APIA``, ... (each one ``ZoneInfo``);
- events: ``event_maker`` (validated ``Event`` objects from TOML-shaped tables),
  ``event_toml`` (the text of one ``[[events]]`` table), ``write_file`` and
  ``write_timeline`` (an events file on disk);
- errors: ``assert_error`` (exit code, empty stdout, one ``timeline: error:`` line);
- plain ``list`` output: ``list_rows`` / ``list_whens`` (cells split on two spaces);
- hypothesis strategies used by more than one module: ``zone_names``, ``wall_times``,
  ``days``, ``one_line_text``, ``tricky_texts``, ``titles``.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from timeline_cli.cli import app
from timeline_cli.model import Event
from timeline_cli.schema import event_from_table

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "events.toml"


def invoke(args: list[str], **kwargs: object) -> Result:
    """Run the CLI in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, args, catch_exceptions=False, **kwargs)  # type: ignore[arg-type]


# --- zones ---------------------------------------------------------------------------

SEOUL = ZoneInfo("Asia/Seoul")
TOKYO = ZoneInfo("Asia/Tokyo")
MANILA = ZoneInfo("Asia/Manila")
KATHMANDU = ZoneInfo("Asia/Kathmandu")  # +05:45, the zone every test runs in (conftest)
NEW_YORK = ZoneInfo("America/New_York")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")  # DST used to start at midnight: no 00:00
BERLIN = ZoneInfo("Europe/Berlin")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # 30-minute DST
APIA = ZoneInfo("Pacific/Apia")  # skipped 2011-12-30
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # skipped 1994-12-31 entirely


# --- events --------------------------------------------------------------------------


def event_maker(default_zone: tzinfo, **defaults: Any) -> Callable[..., Event]:
    """A builder of validated events: ``make(zone=default_zone, /, **table)``.

    The table is ``defaults`` updated with the call's fields, validated by
    ``event_from_table`` as the store does when it loads a file.
    """

    def make(zone: tzinfo = default_zone, /, **table: Any) -> Event:
        return event_from_table({**defaults, **table}, zone)

    return make


def event_toml(
    start: str,
    *,
    ident: str | None = None,
    title: str = "T",
    end: str | None = None,
    zone: str | None = None,
    source: str | None = None,
    repeat: str | None = None,
    extra: str = "",
) -> str:
    """The text of one ``[[events]]`` table, one field a line, then ``extra`` verbatim.

    ``start`` and ``end`` are TOML literals (quote them for strings); the others are
    written as strings. The fields come in this order: id, title, start, end,
    timezone, source, repeat. The text ends with a newline and no blank line.
    """
    lines = ["[[events]]"]
    if ident is not None:
        lines.append(f'id = "{ident}"')
    lines += [f'title = "{title}"', f"start = {start}"]
    if end is not None:
        lines.append(f"end = {end}")
    if zone is not None:
        lines.append(f'timezone = "{zone}"')
    if source is not None:
        lines.append(f'source = "{source}"')
    if repeat is not None:
        lines.append(f'repeat = "{repeat}"')
    if extra and not extra.endswith("\n"):
        extra += "\n"
    return "".join(f"{line}\n" for line in lines) + extra


def write_file(path: Path, text: str) -> Path:
    """Write UTF-8 text and return the path."""
    path.write_text(text, encoding="utf-8")
    return path


def write_timeline(folder: Path, body: str, zone: str = "UTC") -> Path:
    """``folder/events.toml``: a ``[timeline]`` header with ``zone``, a blank line, ``body``."""
    return write_file(folder / "events.toml", f'[timeline]\ntimezone = "{zone}"\n\n{body}')


# --- errors --------------------------------------------------------------------------

ERROR_PREFIX = "timeline: error: "


def assert_error(
    result: Result | subprocess.CompletedProcess[str], code: int, *fragments: str
) -> str:
    """Exit ``code``, nothing on stdout, one ``timeline: error:`` line holding every fragment.

    Works on an in-process ``Result`` and on a text-mode ``subprocess`` run alike;
    returns the message line.
    """
    exit_code = result.exit_code if isinstance(result, Result) else result.returncode
    assert exit_code == code, (exit_code, result.stdout, result.stderr)
    assert result.stdout == "", result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stderr.endswith("\n"), result.stderr
    message = lines[0]
    assert message.startswith(ERROR_PREFIX), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


# --- plain `list` output -------------------------------------------------------------

COLUMNS = re.compile(r" {2,}")
NO_EVENTS = "No events match."


def table_rows(stdout: str) -> list[list[str]]:
    """The cells of every row of plain ``list`` output (columns split on two spaces).

    The first line is the WHEN header (or "No events match."), the last the caption,
    whose count is checked against the rows.
    """
    lines = stdout.splitlines()
    assert len(lines) >= 2, stdout
    count = re.search(r"\b(\d+) events?\b", lines[-1])
    assert count is not None, lines[-1]
    if lines[0] == NO_EVENTS:
        assert len(lines) == 2 and count[1] == "0", stdout
        return []
    assert lines[0].startswith("WHEN"), lines
    rows = [COLUMNS.split(line.strip()) for line in lines[1:-1]]
    assert int(count[1]) == len(rows), (lines[-1], len(rows))
    return rows


def list_rows(path: Path, *args: str) -> list[list[str]]:
    """The cells of every row of a successful plain ``timeline list -f path ARGS``."""
    result = invoke(["list", "-f", str(path), *args])
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return table_rows(result.stdout)


def list_whens(path: Path, *args: str) -> list[str]:
    """The WHEN cell of every row of a successful plain ``timeline list``, in order."""
    return [row[0] for row in list_rows(path, *args)]


# --- hypothesis strategies -----------------------------------------------------------

# Zones with odd days: DST in both hemispheres, 30-minute DST, +05:45, a skipped day.
ZONE_NAMES = (
    "America/New_York",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Apia",
    "UTC",
    "Asia/Seoul",
)
zone_names = st.sampled_from(ZONE_NAMES)
wall_times = st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31))
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def one_line_text(min_size: int = 1, max_size: int = 24) -> st.SearchStrategy[str]:
    """Any UTF-8 text without a line break."""
    chars = st.characters(codec="utf-8", exclude_characters="\r\n")
    return st.text(chars, min_size=min_size, max_size=max_size)


# Text that trips exporters: spreadsheet formulas, separators, quotes, Hangul, emoji.
tricky_texts = st.sampled_from(
    [
        "=cmd|' /C calc'!A0",
        "+1 555",
        "-minus",
        "@SUM(A1)",
        "\tTab",
        "'=quoted",
        "a, b; c",
        'say "hi", then \\ go',
        "보라해 💜",
        "x;y\\;z\\",
    ]
)
titles = st.one_of(tricky_texts, one_line_text()).filter(lambda s: bool(s.strip()))
