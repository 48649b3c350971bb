"""The format table: each format declared once (formats.FORMATS), everything derived.

The registry functions (``exporter``, ``reader``, ``format_of``), the names lists and
the command layer's ``--format`` (its choices, its help, its errors) all come from it.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
import typer
from typer.main import get_command

from tests.helpers import SAMPLE, invoke
from timeline_cli.cli import app
from timeline_cli.errors import UsageError
from timeline_cli.formats import (
    EXPORT_FORMATS,
    FORMATS,
    IMPORT_FORMATS,
    Format,
    exporter,
    format_of,
    reader,
)

NAMES = [f.name for f in FORMATS]


def format_option(command: str) -> typer.core.TyperOption:
    """The click parameter of ``timeline COMMAND --format``."""
    group = get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    (option,) = [p for p in group.commands[command].params if p.name == "fmt"]
    assert isinstance(option, typer.core.TyperOption)
    return option


# --- the table ----------------------------------------------------------------------


def test_each_format_is_declared_once_and_the_lists_derive_from_the_table() -> None:
    """Unique names; every format exports, those with a reader import; in table order."""
    assert len(set(NAMES)) == len(NAMES)
    assert tuple(NAMES) == EXPORT_FORMATS
    assert tuple(f.name for f in FORMATS if f.reader is not None) == IMPORT_FORMATS
    assert IMPORT_FORMATS == ("ics", "json", "csv")
    assert "md" not in IMPORT_FORMATS and "timelinejs" not in IMPORT_FORMATS
    assert [f.name for f in FORMATS if f.occurrences] == ["timelinejs", "html"]


def test_the_records_are_frozen() -> None:
    """A record cannot be changed after the table is made."""
    with pytest.raises(AttributeError):
        FORMATS[0].name = "other"  # type: ignore[misc]


@pytest.mark.parametrize("fmt", FORMATS, ids=NAMES)
def test_each_record_names_modules_that_exist(fmt: Format) -> None:
    """module has ``export``; reader (if any) has ``read``; the registry returns them."""
    assert importlib.import_module(fmt.module).export is exporter(fmt.name)
    if fmt.reader is None:
        with pytest.raises(UsageError, match="cannot import format"):
            reader(fmt.name)
    else:
        assert importlib.import_module(fmt.reader).read is reader(fmt.name)
    assert fmt.description and "\n" not in fmt.description and len(fmt.description) < 60


def test_suffixes_are_lower_case_dotted_and_belong_to_one_format() -> None:
    suffixes = [s for f in FORMATS for s in f.suffixes]
    assert len(set(suffixes)) == len(suffixes)
    assert all(s.startswith(".") and s == s.lower() for s in suffixes)
    assert all(f.suffixes for f in FORMATS)


def test_unknown_names_are_usage_errors_naming_the_table() -> None:
    with pytest.raises(UsageError, match="ics, json, csv, md, timelinejs, html"):
        exporter("pdf")
    with pytest.raises(UsageError, match="ics, json, csv"):
        reader("md")


# --- format_of ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "suffix"), [(f.name, s) for f in FORMATS for s in f.suffixes], ids=str
)
def test_every_suffix_of_the_table_names_its_format(name: str, suffix: str) -> None:
    """In any case; a compound suffix (.timelinejs.json) wins over its tail (.json)."""
    assert format_of(Path(f"out{suffix}")) == name
    assert format_of(Path(f"dir/OUT{suffix.upper()}")) == name


@pytest.mark.parametrize(
    ("path", "data", "expected"),
    [
        ("notes.txt", None, None),
        ("noext", None, None),
        (".json", None, None),  # a dot-file has no suffix, as for Path.suffix
        ("x.json.bak", None, None),
        ("a.tljs.json", None, "timelinejs"),
        ("my.timelinejs.JSON", None, "timelinejs"),
        ("plain.json", None, "json"),
        ("cal.txt", b"\xef\xbb\xbf\r\nbegin:vcalendar\r\n", "ics"),
        ("dump", b"  [1]", "json"),
        ("data", b"id,title", None),
        ("cal.csv", b"BEGIN:VCALENDAR", "csv"),  # the name comes first
    ],
)
def test_format_of_names_then_first_bytes(
    path: str, data: bytes | None, expected: str | None
) -> None:
    assert format_of(Path(path), data) == expected


# --- the command layer --------------------------------------------------------------


def test_format_options_offer_exactly_the_tables_names() -> None:
    """export: every format; import: auto and the importable ones; any case."""
    export, import_ = format_option("export"), format_option("import")
    assert tuple(export.type.choices) == EXPORT_FORMATS  # type: ignore[attr-defined]
    assert tuple(import_.type.choices) == ("auto", *IMPORT_FORMATS)  # type: ignore[attr-defined]
    assert export.default is None and import_.default == "auto"


@pytest.mark.parametrize("command", ["export", "import"])
def test_format_help_derives_from_the_table(command: str) -> None:
    """Each offered format is in --format's help with its description."""
    result = invoke([command, "--help"])
    assert result.exit_code == 0
    help_text = " ".join(result.stdout.split())
    for fmt in FORMATS:
        shown = f"{fmt.name} ({fmt.description})"
        assert (shown in help_text) == (command == "export" or fmt.reader is not None), shown
    if command == "export":
        assert "Default: from -o's suffix, else ics." in help_text


@pytest.mark.parametrize(
    ("args", "choices"),
    [
        (["export", "--format", "pdf"], "'ics', 'json', 'csv', 'md', 'timelinejs', 'html'"),
        (["import", "x.md", "--format", "md"], "'auto', 'ics', 'json', 'csv'"),
    ],
)
def test_a_name_not_in_the_table_is_typers_usage_error(args: list[str], choices: str) -> None:
    """Exit 2, nothing on stdout, the option, the value and every choice named."""
    result = invoke([*args, "-f", str(SAMPLE)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert (
        result.stderr == f"timeline: error: option --format: '{args[-1]}' is not one of {choices}\n"
    )


def test_format_names_are_taken_in_any_case() -> None:
    result = invoke(["export", "-f", str(SAMPLE), "--format", "JSON"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["version"] == 1


def test_the_default_comes_from_o_suffix_compound_ones_too(tmp_path: Path) -> None:
    """-o x.timelinejs.json writes TimelineJS (not plain JSON); -o x.txt writes ics."""
    out = tmp_path / "v.timelinejs.json"
    result = invoke(["export", "-f", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "(timelinejs)" in result.stderr and "events" in json.loads(out.read_text())
    assert "version" not in json.loads(out.read_text())
    other = tmp_path / "v.txt"
    assert invoke(["export", "-f", str(SAMPLE), "-o", str(other)]).exit_code == 0
    assert other.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_an_unrecognised_import_names_the_importable_formats(tmp_path: Path) -> None:
    odd = tmp_path / "notes.txt"
    odd.write_text("hello", encoding="utf-8")
    result = invoke(["import", str(odd), "-f", str(tmp_path / "e.toml")])
    assert result.exit_code == 2
    assert "give --format ics, json or csv" in result.stderr
