"""Hostile input, generated: the CLI never crashes, whatever the file or command line.

README 'Exit codes' and issue 5 point 1. Every property runs the real Typer app
in-process on generated input and checks the same invariants:

- no "internal error" on stderr (the CLI's catch-all for unexpected exceptions),
- no "Traceback" anywhere in the output,
- the exit code is one of 0-4,
- a write command (`add`, `import`) that fails leaves the events file byte for
  byte as it was; one that succeeds leaves a file that still loads.

The default hypothesis profile (200 examples per test) gives well over 1 000
generated cases per run; `HYPOTHESIS_PROFILE=long` gives 2 000 per test.

Hypothesis runs many examples per test function, and pytest's `tmp_path` is one
folder per function, so each example makes its own `tempfile.TemporaryDirectory()`.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from tests.helpers import SAMPLE, invoke
from timeline_cli.cli import app
from timeline_cli.model import FIELDS
from timeline_cli.store import load_file

SAMPLE_BYTES = SAMPLE.read_bytes()
SAMPLE_ID = "wings-short-film-3-stigma"
EXIT_CODES = {0, 1, 2, 3, 4}

# The autouse `clean_env` fixture is function-scoped; it only sets environment
# variables, which is fine to share between the examples of one test.
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# Building the Click command from the Typer app takes ~50 ms and dominates every
# `invoke`; build it once, so the examples exercise the CLI rather than Typer's setup.
_COMMAND = typer.main.get_command(app)
_GET_COMMAND = typer.testing._get_command


@pytest.fixture(autouse=True)
def reuse_click_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        typer.testing,
        "_get_command",
        lambda typer_app: _COMMAND if typer_app is app else _GET_COMMAND(typer_app),
    )


# Nesting deeper than tomli's limit (400 levels) is covered by explicit tests below;
# the generated files stay under it so the properties spend their time elsewhere.
SAFE_DEPTH = 390

# ---------------------------------------------------------------------------
# Invariants
# ---------------------------------------------------------------------------


def assert_sane(result: Result, args: list[str]) -> None:
    """No crash, no traceback, a documented exit code."""
    where = (args, result.exit_code, result.stderr[-2000:])
    assert result.exit_code in EXIT_CODES, where
    assert "internal error" not in result.stderr, where
    assert "Traceback" not in result.stderr, where
    assert "Traceback" not in result.stdout, where


def run(args: list[str]) -> Result:
    result = invoke(args)
    assert_sane(result, args)
    return result


def count_events(path: Path) -> int:
    return len(load_file(path).events)


# ---------------------------------------------------------------------------
# Strategies: hostile text and TOML values
# ---------------------------------------------------------------------------

NASTY_CHARS = [
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1b[31m",
    "\x1b]8;;http://evil/\x1b\\",
    "\x7f",
    "\x85",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\ud7ff",
    "\U0001f600",
    "\U0001f469\u200d\U0001f4bb",
    "[bold]",
    "[/]",
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\u0000",
    "#",
    "=",
    "[[events]]",
    "화랑",
    "ﷺ",
]

nasty_text = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(NASTY_CHARS) | st.text(max_size=5), max_size=12).map("".join),
    st.builds(
        lambda c, n: c * n,
        st.sampled_from(["a", "\U0001f600", "\x00", "é", " "]),
        st.integers(1000, 10_000),
    ),
)

FIELD_NAMES = list(FIELDS)
TYPO_NAMES = [
    "tile",
    "strat",
    "tz",
    "timzone",
    "Tags",
    "URL",
    "ID",
    "end_date",
    "",
    " ",
    "a.b",
    "ünï",
    "\x00",
]

ZONES = [
    "Asia/Seoul",
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
    "Mars/Olympus_Mons",
    "KST",
    "local",
    "+09:00",
    "-12:00",
    "+14:00",
    "+99:99",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "",
    "../../etc/passwd",
    "/etc/localtime",
    "Europe/Berlin\x00",
    "asia/seoul",
    "Etc/GMT-14",
    "posixrules",
    "Factory",
]

RRULES = [
    "yearly",
    "monthly",
    "weekly",
    "daily",
    "hourly",
    "FREQ=YEARLY",
    "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=DAILY;COUNT=0",
    "FREQ=DAILY;COUNT=-1",
    "FREQ=DAILY;COUNT=99999999999999999999",
    "FREQ=WEEKLY;INTERVAL=0",
    "FREQ=SECONDLY",
    "FREQ=YEARLY;UNTIL=00010101",
    "FREQ=YEARLY;UNTIL=99991231T235959Z",
    "FREQ=MONTHLY;BYDAY=5FR",
    "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO",
    "FREQ=",
    ";;;",
    "RRULE:FREQ=DAILY",
    "FREQ=YEARLY;BYMONTH=13",
    "FREQ=DAILY;INTERVAL=99999999999",
]


@st.composite
def toml_datetime_literal(draw: st.DrawFn) -> str:
    """Date, local date-time, offset date-time or local time, in TOML syntax; some out of range."""
    year = draw(st.sampled_from([1, 2, 1582, 1970, 2016, 2024, 2038, 9999]) | st.integers(1, 9999))
    month = draw(st.integers(1, 12) | st.sampled_from([0, 13]))
    day = draw(st.integers(1, 28) | st.sampled_from([29, 30, 31, 0, 32]))
    hour = draw(st.integers(0, 23) | st.just(24))
    minute = draw(st.integers(0, 59))
    date = f"{year:04d}-{month:02d}-{day:02d}"
    kind = draw(st.sampled_from(["date", "local", "offset", "z", "time", "frac", "dst"]))
    if kind == "date":
        return date
    time = f"{hour:02d}:{minute:02d}:00"
    if kind == "local":
        return f"{date}T{time}"
    if kind == "offset":
        off = draw(st.sampled_from(["+09:00", "-12:00", "+14:00", "+05:45", "-00:00", "+23:59"]))
        return f"{date}T{time}{off}"
    if kind == "z":
        return f"{date}T{time}Z"
    if kind == "frac":
        return f"{date} {time}.999999999"
    if kind == "dst":
        # Wall times that spring-forward skips or fall-back repeats in common zones.
        return draw(
            st.sampled_from(
                [
                    "2024-03-31T02:30:00",
                    "2024-03-10T02:30:00",
                    "2024-10-27T02:30:00",
                    "2024-11-03T01:30:00",
                    "1988-05-08T02:30:00",
                    "2011-12-30T12:00:00",
                ]
            )
        )
    return time


def toml_string(text: str) -> str:
    """A basic TOML string; control characters escaped, or sometimes not (broken TOML)."""
    return json.dumps(text, ensure_ascii=False)


scalar_literal = st.one_of(
    nasty_text.map(toml_string),
    nasty_text.map(lambda s: "'" + s.replace("'", "").replace("\n", "") + "'"),
    nasty_text.map(lambda s: '"""' + s.replace('"""', "") + '"""'),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["0x7fffffffffffffff", "-9223372036854775808", "1_000", "0o777", "0b11"]),
    st.floats(allow_nan=True, allow_infinity=True).map(
        lambda f: (
            "nan"
            if f != f
            else ("inf" if f == float("inf") else "-inf" if f == float("-inf") else repr(f))
        )
    ),
    st.booleans().map(lambda b: "true" if b else "false"),
    toml_datetime_literal(),
    st.sampled_from(ZONES).map(toml_string),
    st.sampled_from(RRULES).map(toml_string),
    st.sampled_from(
        [
            '"https://example.com/a b"',
            '"javascript:alert(1)"',
            '"http://"',
            '"ftp://x"',
            '"https://[::1"',
            '"2024-01-24"',
            '"2024-01"',
            '"2024"',
            '"2024-13-01"',
            '"2024-02-30"',
            '"0000-01-01"',
            '"+99999y"',
            '"now"',
            '"2024-01-24 18:00 KST"',
            '"Wings"',
            '"UPPER-Case"',
            '"a--b"',
            '"-"',
            '""',
        ]
    ),
)


def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


toml_value = st.recursive(
    scalar_literal,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(st.sampled_from([*FIELD_NAMES, "x", "y"]), inner), max_size=3).map(
            lambda kv: "{" + ", ".join(f"{k} = {v}" for k, v in kv) + "}"
        ),
    ),
    max_leaves=8,
) | st.integers(1, SAFE_DEPTH).map(nested)

field_name = (
    st.sampled_from(FIELD_NAMES)
    | st.sampled_from(TYPO_NAMES).map(toml_string)
    | st.sampled_from(TYPO_NAMES)
)


@st.composite
def good_event_lines(draw: st.DrawFn, index: int) -> list[str]:
    """A mostly-valid event, so that hostile values reach the code past the schema."""
    lines = [
        f'id = "ev-{index}"',
        f"title = {toml_string(draw(nasty_text))}",
        f"start = {draw(toml_datetime_literal())}",
    ]
    if draw(st.booleans()):
        lines.append(f"end = {draw(toml_datetime_literal())}")
    if draw(st.booleans()):
        lines.append(f"timezone = {toml_string(draw(st.sampled_from(ZONES)))}")
    if draw(st.booleans()):
        lines.append(f"repeat = {toml_string(draw(st.sampled_from(RRULES)))}")
    if draw(st.booleans()):
        lines.append(
            f"tags = {json.dumps(draw(st.lists(nasty_text, max_size=3)), ensure_ascii=False)}"
        )
    return lines


@st.composite
def hostile_toml(draw: st.DrawFn) -> bytes:
    """Valid-looking TOML: a header and [[events]] tables of random fields and values."""
    out: list[str] = []
    if draw(st.booleans()):
        out.append("[timeline]")
        if draw(st.booleans()):
            out.append(f"title = {draw(scalar_literal)}")
        if draw(st.booleans()):
            out.append(f"timezone = {toml_string(draw(st.sampled_from(ZONES)))}")
        else:
            out.append(f"{draw(field_name)} = {draw(toml_value)}")
    for index in range(draw(st.integers(0, 4))):
        out.append(
            draw(
                st.sampled_from(
                    ["[[events]]", "[[events]]", "[events]", "[[event]]", "[[events.sub]]"]
                )
            )
        )
        if draw(st.booleans()):
            out.extend(draw(good_event_lines(index)))
            for _ in range(draw(st.integers(0, 2))):
                out.append(f"{draw(field_name)} = {draw(toml_value)}")
        else:
            for _ in range(draw(st.integers(0, 6))):
                out.append(f"{draw(field_name)} = {draw(toml_value)}")
        if draw(st.integers(0, 5)) == 0:
            out.append(
                draw(
                    st.sampled_from(
                        ["[events.nested]", "[[events.x.y]]", "a.b.c = 1", "[timeline]"]
                    )
                )
            )
    text = "\n".join(out) + draw(st.sampled_from(["\n", "", "\r\n"]))
    encoding = draw(
        st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "surrogates"])
    )
    if encoding == "surrogates":
        return text.encode("utf-8", "surrogatepass")
    return text.encode(encoding, "surrogatepass")


@st.composite
def truncated_sample(draw: st.DrawFn) -> bytes:
    cut = draw(st.integers(0, len(SAMPLE_BYTES)))
    return SAMPLE_BYTES[:cut]


@st.composite
def mutated_sample(draw: st.DrawFn) -> bytes:
    """The sample with a few bytes replaced, inserted or deleted."""
    data = bytearray(SAMPLE_BYTES)
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "replace", "delete"]))
        chunk = draw(
            st.binary(min_size=1, max_size=8)
            | st.sampled_from([b"\x00", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\n["])
        )
        if op == "insert":
            data[pos:pos] = chunk
        elif op == "replace":
            data[pos : pos + len(chunk)] = chunk
        else:
            del data[pos : pos + len(chunk)]
    return bytes(data)


raw_bytes = st.one_of(
    st.binary(max_size=200),
    truncated_sample(),
    mutated_sample(),
    st.sampled_from(
        [
            b"",
            b"\xef\xbb\xbf",
            b"\xef\xbb\xbf" + SAMPLE_BYTES,
            b"\xff\xfe" + SAMPLE_BYTES,
            b"\x00" * 100,
            SAMPLE_BYTES.replace(b"Asia/Seoul", b"Asia/Nowhere"),
            SAMPLE_BYTES.replace(b"Asia/Seoul", b"Europe/Berlin").replace(
                b"T00:00:00", b"T02:30:00"
            ),
            SAMPLE_BYTES.replace(b"2016-", b"0001-"),
            SAMPLE_BYTES.replace(b"2024-", b"9999-"),
            SAMPLE_BYTES.replace(b"\n", b"\r"),
            SAMPLE_BYTES.replace(b'"', b"\x00", 3),
            b"[[events]]\n" * 1000,
            b"a = " + b"[" * SAFE_DEPTH + b"]" * SAFE_DEPTH,
            b"a = " + b"{b = " * SAFE_DEPTH + b"1" + b"}" * SAFE_DEPTH,
            b"[" + b"a." * 900 + b"b]\n",
            b"\xc3\x28\xa0\xa1\xe2\x82\xf0\x28\x8c\x28",
        ]
    ),
)

events_file_bytes = st.one_of(hostile_toml(), raw_bytes)

READ_COMMANDS: list[list[str]] = [
    ["list"],
    ["check"],
    ["export", "--format", "json"],
    ["export", "--format", "ics"],
    ["show", SAMPLE_ID],
    ["show", "ev-0"],
    ["view", "--width", "80"],
    ["anniversaries", "--on", "2024-06-13"],
]


# ---------------------------------------------------------------------------
# 1. Hostile events files
# ---------------------------------------------------------------------------


@FUZZ
@given(
    data=events_file_bytes,
    commands=st.lists(st.sampled_from(READ_COMMANDS), min_size=2, max_size=2, unique_by=str),
)
@example(data=SAMPLE_BYTES, commands=[["list"], ["view", "--width", "80"]])
@example(data=b"\xef\xbb\xbf" + SAMPLE_BYTES, commands=[["check"], ["export", "--format", "ics"]])
def test_hostile_events_file_read_commands(data: bytes, commands: list[list[str]]) -> None:
    """list, check, export json/ics, show and view on any bytes: no crash, nothing written."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.toml"
        path.write_bytes(data)
        for command in commands:
            run([*command, "-f", str(path)])
            assert path.read_bytes() == data


@FUZZ
@given(
    data=events_file_bytes,
    title=nasty_text,
    start=st.sampled_from(["2024-01-24", "2024-01-24 18:00 KST", "now"]),
)
def test_hostile_events_file_add(data: bytes, title: str, start: str) -> None:
    """`add` into any bytes: unchanged on failure; on success it loads with one more event."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.toml"
        path.write_bytes(data)
        try:
            before = count_events(path)
        except Exception:  # any load failure: the add must fail too
            before = None
        result = run(["add", title, "--start", start, "-f", str(path)])
        if result.exit_code != 0:
            assert path.read_bytes() == data
        else:
            assert before is not None, "add succeeded on a file that does not load"
            assert count_events(path) == before + 1


# ---------------------------------------------------------------------------
# 2. Hostile command lines
# ---------------------------------------------------------------------------

WHEN_FRAGMENTS = [
    "2024-13-01",
    "2024-02-30",
    "2024-00-10",
    "+99999y",
    "-99999y",
    "+0d",
    "+1000000000d",
    "-9999999999999999999999w",
    "now KST",
    "now",
    "today",
    "tomorrow",
    "yesterday",
    "2024-01-24 25:00",
    "2024-01-24 23:60",
    "2024-01-24 24:00",
    "9999-12-31T23:59 Pacific/Kiritimati",
    "9999-12-31 23:59 +14:00",
    "0001-01-01 -12:00",
    "0001-01-01 00:00 Etc/GMT+12",
    "0001-01-01",
    "0000-01-01",
    "10000-01-01",
    "9999",
    "0001",
    "0",
    "-1",
    "2024-03-31 02:30 Europe/Berlin",
    "2024-03-10 02:30 America/New_York",
    "2024-11-03 01:30 America/New_York",
    "2024-01-24 18:00 Mars/Base",
    "2024-01-24 18:00 +99:00",
    "2024-01-24T18:00:00.123456789Z",
    "2024-01-24 18:00 KST KST",
    "2024-W04",
    "2024-024",
    "24-01-24",
    "２０２４-０１-２４",
    "2024-01-24\x00",
    "2024-01-24\n18:00",
    "\u202e2024-01-24",
    "",
    " ",
    "-",
    "--",
    "+",
    "+d",
    "+3x",
    "1e9",
    "nan",
]

when_text = st.one_of(
    st.sampled_from(WHEN_FRAGMENTS),
    st.text(max_size=30),
    st.lists(
        st.sampled_from(WHEN_FRAGMENTS + ZONES + [" ", "T", ":", "+", "-", "KST", "UTC"]),
        max_size=4,
    ).map(" ".join),
)
zone_text = st.sampled_from(ZONES) | st.text(max_size=20)
limit_text = st.sampled_from(
    ["0", "1", "-1", "99999999999999999999999", "1.5", "", "abc", "0x10", " 3"]
) | st.integers(-(2**70), 2**70).map(str)
# Values that Click would read as options are still worth trying: they must give exit 2.
opt_safe = st.text(max_size=30)


@st.composite
def list_args(draw: st.DrawFn) -> list[str]:
    args = ["list"]
    for option, strategy in (
        ("--from", when_text),
        ("--to", when_text),
        ("--on", when_text),
        ("--tz", zone_text),
        ("--limit", limit_text),
        ("--search", opt_safe),
        ("--tag", opt_safe),
        ("--since", opt_safe),
        ("--until", opt_safe),
    ):
        if draw(st.integers(0, 2)) == 0:
            args += [option, draw(strategy)]
    if draw(st.booleans()):
        args.append("--reverse")
    if draw(st.booleans()):
        args.append("--dday")
    return args


@FUZZ
@given(args=list_args(), which=st.sampled_from(["sample", "missing", "empty"]))
@example(args=["list", "--on", "9999-12-31T23:59 Pacific/Kiritimati"], which="sample")
@example(args=["list", "--from", "0001-01-01 -12:00", "--tz", "Etc/GMT+12"], which="sample")
@example(args=["list", "--to", "+99999y", "--limit", "99999999999999999999999"], which="sample")
def test_hostile_list_command_line(args: list[str], which: str) -> None:
    """`list` with random WHEN, --tz, --limit and text filters: no crash, the file untouched."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.toml"
        if which == "sample":
            path.write_bytes(SAMPLE_BYTES)
        elif which == "empty":
            path.write_bytes(b"")
        full = [*args, "-f", str(path)]
        run(full)
        if which == "missing":
            assert not path.exists()
        else:
            assert path.read_bytes() == (SAMPLE_BYTES if which == "sample" else b"")


@st.composite
def add_args(draw: st.DrawFn) -> list[str]:
    args = [
        "add",
        draw(nasty_text | st.sampled_from(["", " ", "-x", "--help", "[[events]]"])),
        "--start",
        draw(when_text),
    ]
    optional: list[tuple[str, st.SearchStrategy[Any]]] = [
        ("--end", when_text),
        ("--tz", zone_text),
        (
            "--url",
            st.sampled_from(
                ["https://example.com", "javascript:alert(1)", "http://", "https://x/\n", "ftp://a"]
            )
            | opt_safe,
        ),
        ("--repeat", st.sampled_from(RRULES) | opt_safe),
        (
            "--id",
            st.sampled_from([SAMPLE_ID, "new-id", "UPPER", "a b", "", "-", "ev-0"]) | opt_safe,
        ),
        ("--tag", nasty_text),
        ("--person", nasty_text),
        ("--location", nasty_text),
        ("--source", nasty_text),
        ("--description", nasty_text),
    ]
    for option, strategy in optional:
        if draw(st.integers(0, 2)) == 0:
            args += [option, draw(strategy)]
    if draw(st.integers(0, 9)) == 0:
        args.append("--dry-run")
    return args


@FUZZ
@given(args=add_args(), which=st.sampled_from(["sample", "sample", "missing", "header"]))
@example(args=["add", "x", "--start", "2024-01-24 25:00"], which="sample")
@example(
    args=["add", "x", "--start", "9999-12-31T23:59 Pacific/Kiritimati", "--repeat", "yearly"],
    which="sample",
)
@example(args=["add", "x", "--start", "0001-01-01 -12:00", "--end", "0001-01-01"], which="sample")
@example(args=["add", "x", "--start", "2024-03-31 02:30", "--tz", "Europe/Berlin"], which="sample")
@example(args=["add", "\x00", "--start", "2024-01-24"], which="missing")
def test_hostile_add_command_line(args: list[str], which: str) -> None:
    """`add` with random arguments: unchanged on failure; on success one more event."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.toml"
        original: bytes | None = None
        if which == "sample":
            original = SAMPLE_BYTES
        elif which == "header":
            original = b'[timeline]\ntitle = "t"\ntimezone = "Asia/Seoul"\n'
        if original is not None:
            path.write_bytes(original)
        before = count_events(path) if original is not None else 0
        result = run([*args, "-f", str(path)])
        # --dry-run writes nothing; a title of "--help" prints the help and exits 0.
        no_write = "--dry-run" in args or result.stdout.startswith("Usage:")
        if result.exit_code != 0 or no_write:
            if original is None:
                assert not path.exists()
            else:
                assert path.read_bytes() == original
        else:
            assert count_events(path) == before + 1
            if original is not None:
                # The existing text is kept byte for byte (`add` only appends).
                assert path.read_bytes().startswith(original.rstrip(b"\n"))


# ---------------------------------------------------------------------------
# 3. Hostile imports
# ---------------------------------------------------------------------------

ICS_LINES = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "BEGIN:VEVENT",
    "END:VEVENT",
    "END:VCALENDAR",
    "BEGIN:VTIMEZONE",
    "END:VTIMEZONE",
    "UID:x@example.com",
    "UID:" + SAMPLE_ID,
    "UID:",
    "SUMMARY:Hello",
    "SUMMARY:",
    "SUMMARY:a\\nb\\,c\\;d\\\\",
    "DTSTART:20240124T000000Z",
    "DTSTART;VALUE=DATE:20240124",
    "DTSTART;TZID=Asia/Seoul:20240124T000000",
    "DTSTART;TZID=Mars/Base:20240124T000000",
    "DTSTART;TZID=Europe/Berlin:20240331T023000",
    "DTSTART:00010101T000000",
    "DTSTART:99991231T235959Z",
    "DTSTART:20241301T000000",
    "DTSTART:garbage",
    "DTSTART;VALUE=DATE:00000000",
    "DTEND:20240123T000000Z",
    "DTEND;VALUE=DATE:20240125",
    "DURATION:P1D",
    "DURATION:-P99999999D",
    "RRULE:FREQ=YEARLY",
    "RRULE:FREQ=SECONDLY;COUNT=99999999999",
    "RRULE:garbage",
    "EXDATE:20250124T000000Z",
    "URL:javascript:alert(1)",
    "URL:https://example.com",
    "DESCRIPTION:\x1b[31mred",
    "CATEGORIES:a,b,,c",
    "LOCATION:\u202eevil",
    " folded continuation",
    "\tfolded tab",
    'X-UNKNOWN;PARAM="quoted:colon":v',
    ":",
    "",
    "NOCOLON",
]


@st.composite
def hostile_ics(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(st.sampled_from(ICS_LINES) | st.text(max_size=20), max_size=25))
    if draw(st.booleans()):
        lines = ["BEGIN:VCALENDAR", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR"]
    sep = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    return (sep.join(lines) + sep).encode("utf-8", "surrogatepass")


json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    nasty_text,
    st.sampled_from(
        [
            "2024-01-24",
            "2024-01-24T00:00:00",
            "2024-01-24T00:00:00+09:00",
            "0001-01-01T00:00:00-12:00",
            "9999-12-31T23:59:59+14:00",
            "2024-13-01",
            "2024-03-31T02:30:00",
            "Asia/Seoul",
            "Mars/Base",
            "yearly",
            "FREQ=DAILY;COUNT=0",
            SAMPLE_ID,
        ]
    ),
)
json_value = st.recursive(
    json_scalar,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(FIELD_NAMES + TYPO_NAMES), inner, max_size=4)
    ),
    max_leaves=10,
)


@st.composite
def hostile_json(draw: st.DrawFn) -> bytes:
    events = draw(
        st.lists(
            st.dictionaries(st.sampled_from(FIELD_NAMES + TYPO_NAMES), json_value, max_size=8),
            max_size=4,
        )
    )
    shape = draw(st.sampled_from(["object", "list", "value", "raw"]))
    if shape == "object":
        doc: Any = {"events": events}
        if draw(st.booleans()):
            doc["timeline"] = draw(json_value)
    elif shape == "list":
        doc = events
    elif shape == "value":
        doc = draw(json_value)
    else:
        return draw(
            st.binary(max_size=100)
            | st.sampled_from([b"{", b"[" * 5000, b'{"events": [' * 1000, b"\xef\xbb\xbf{}"])
        )
    return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


CSV_CELLS = [
    "id",
    "title",
    "start",
    "end",
    "timezone",
    "tags",
    "url",
    "repeat",
    "2024-01-24",
    "2024-01-24T18:00",
    "0001-01-01",
    "9999-12-31T23:59",
    "2024-13-01",
    "Mars/Base",
    "Asia/Seoul",
    SAMPLE_ID,
    '=HYPERLINK("x")',
    '"',
    '""',
    '"a,b"',
    "\x00",
    "",
]


@st.composite
def hostile_csv(draw: st.DrawFn) -> bytes:
    header = draw(
        st.sampled_from(
            [["id", "title", "start"], ["title", "start", "end", "timezone", "tags"], []]
        )
    )
    rows = draw(
        st.lists(
            st.lists(st.sampled_from(CSV_CELLS) | st.text(max_size=10), max_size=6), max_size=5
        )
    )
    lines = [",".join(header)] + [",".join(row) for row in rows]
    sep = draw(st.sampled_from(["\r\n", "\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return sep.join(lines).encode(encoding, "replace")


@FUZZ
@given(
    kind=st.sampled_from(["ics", "json", "csv"]),
    data=st.data(),
    suffix_mode=st.sampled_from(["match", "auto-other", "txt"]),
    flags=st.lists(
        st.sampled_from(["--update", "--skip-invalid", "--dry-run"]), unique=True, max_size=3
    ),
)
def test_hostile_import(kind: str, data: st.DataObject, suffix_mode: str, flags: list[str]) -> None:
    """`import` of hostile .ics/.json/.csv into the sample: unchanged unless exit 0, loads after."""
    strategy = {"ics": hostile_ics(), "json": hostile_json(), "csv": hostile_csv()}[kind]
    payload = data.draw(strategy | st.binary(max_size=100), label="payload")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "events.toml"
        target.write_bytes(SAMPLE_BYTES)
        suffix = {
            "match": kind,
            "auto-other": {"ics": "json", "json": "csv", "csv": "ics"}[kind],
            "txt": "txt",
        }[suffix_mode]
        source = Path(tmp) / f"in.{suffix}"
        source.write_bytes(payload)
        args = ["import", str(source), *flags, "-f", str(target)]
        if suffix_mode != "auto-other":
            args += ["--format", kind]
        result = run(args)
        assert source.read_bytes() == payload
        if result.exit_code != 0 or "--dry-run" in flags:
            assert target.read_bytes() == SAMPLE_BYTES
        else:
            assert count_events(target) >= count_events_sample()


def count_events_sample() -> int:
    return len(load_file(SAMPLE, SAMPLE_BYTES).events)


VALID_VARIANTS = st.sampled_from(
    [
        SAMPLE_BYTES,
        SAMPLE_BYTES.replace(b"\n", b"\r\n"),
        b"\xef\xbb\xbf" + SAMPLE_BYTES,
        SAMPLE_BYTES.rstrip(b"\n"),
        SAMPLE_BYTES + b"# a last comment without newline",
    ]
)


@FUZZ
@given(
    data=st.one_of(events_file_bytes, VALID_VARIANTS, VALID_VARIANTS),
    target=st.sampled_from([SAMPLE_ID, SAMPLE_ID, "ev-0", "ev-1"]),
    edit=st.one_of(
        st.tuples(st.just("--title"), nasty_text),
        st.tuples(st.just("--description"), nasty_text),
        st.tuples(
            st.just("--start"),
            st.sampled_from(
                ["2024-03-10 02:30 America/New_York", "0001-01-01", "9999-12-31 23:59", "x"]
            ),
        ),
        st.tuples(st.just("--tz"), st.sampled_from(["Pacific/Apia", "Asia/Nowhere", "+14:00"])),
        st.tuples(st.just("--clear"), st.sampled_from(["end", "tags", "title", "nope"])),
    ),
    remove=st.booleans(),
)
def test_hostile_events_file_edit_and_remove(
    data: bytes, target: str, edit: tuple[str, str], remove: bool
) -> None:
    """`edit` and `remove` on any bytes: unchanged on failure; on success the file loads,
    and the events other than the target read back exactly as before."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.toml"
        path.write_bytes(data)
        try:
            before = load_file(path).events
        except Exception:  # any load failure: the write must fail too
            before = None
        args = ["remove", target, "--yes"] if remove else ["edit", target, *edit]
        result = run([*args, "-f", str(path)])
        event(f"{args[0]}: exit {result.exit_code}")
        if result.exit_code != 0:
            assert path.read_bytes() == data
            return
        assert before is not None, f"{args[0]} succeeded on a file that does not load"
        after = load_file(path).events
        others = [e for e in before if e.id != target]
        if remove:
            assert after == others
        else:
            assert [e for e in after if e.id != target] == others
            assert len(after) == len(before)


# ---------------------------------------------------------------------------
# Bugs found by the properties above, kept as regression tests
# ---------------------------------------------------------------------------

DEEP_ARRAY = b"a = " + b"[" * 402 + b"]" * 402 + b"\n"
DEEP_TABLE = b"a = " + b"{b = " * 401 + b"1" + b"}" * 401 + b"\n"
LONG_KEY = b"[" + b"a." * 1000 + b"b]\n"
DEEP_IN_EVENT = SAMPLE_BYTES + b'\n[[events]]\nid = "x"\ntags = ' + b"[" * 500 + b"]" * 500 + b"\n"


@pytest.mark.parametrize(
    "data",
    [DEEP_ARRAY, DEEP_TABLE, DEEP_IN_EVENT, LONG_KEY],
    ids=["array", "table", "in-event", "long-key"],
)
@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["check"],
        ["export", "--format", "json"],
        ["show", SAMPLE_ID],
        ["view", "--width", "80"],
    ],
    ids=lambda c: c[0] if len(c) == 1 else "-".join(c[:3:2]),
)
def test_too_deep_toml_is_an_invalid_file(data: bytes, command: list[str]) -> None:
    """TOML nested past tomli's limits (400 levels, 1000 key parts) is exit 4, not a crash."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.toml"
        path.write_bytes(data)
        result = run([*command, "-f", str(path)])
        assert result.exit_code == 4
        assert path.read_bytes() == data


def test_add_onto_too_deep_toml_is_refused() -> None:
    """add onto a file nested past tomli's limits exits 4 and writes nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.toml"
        path.write_bytes(DEEP_ARRAY)
        result = invoke(["add", "x", "--start", "2024-01-24", "-f", str(path)])
        assert path.read_bytes() == DEEP_ARRAY  # this part holds
        assert_sane(result, ["add"])
