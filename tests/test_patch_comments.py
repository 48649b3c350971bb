"""``edit`` keeps the comments of the values it rewrites (README 'The events file')."""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import SEOUL
from timeline_cli.actions import Where, edit
from timeline_cli.editing import EventEdit
from timeline_cli.store import load_file

TEXT = """\
[[events]]
id = "a"
title = "A"  # the working title
start = 2024-02-01
end = 2024-02-07  # inferred, see description
tags = [
    "iu",  # the singer
    # the video itself:
    "mv",  # music video
    "teaser"  # last, no comma
]  # closing
people = ["IU"]	# tab before the comment
description = \"\"\"two # not a comment
lines\"\"\"  # after the string
repeat = "daily"
except = [
  2024-02-03,  # a holiday
]
"""
NOW = datetime(2024, 6, 1, tzinfo=UTC)


def changed(path: Path, change: EventEdit) -> list[str]:
    """The removed and added lines of the edit."""
    edit("a", change, Where([path], SEOUL, NOW))
    after = path.read_text(encoding="utf-8")
    lines = difflib.unified_diff(TEXT.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "e.toml"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_a_one_line_value_keeps_its_comment(path: Path) -> None:
    """`end = 2024-02-07  # inferred` keeps its comment, with its spacing, when it changes."""
    assert changed(path, EventEdit(end="2024-02-08", title="B", add_people=("V",))) == [
        '-title = "A"  # the working title',
        '+title = "B"  # the working title',
        "-end = 2024-02-07  # inferred, see description",
        "+end = 2024-02-08  # inferred, see description",
        '-people = ["IU"]\t# tab before the comment',
        '+people = ["IU", "V"]\t# tab before the comment',
    ]


def test_a_multi_line_string_keeps_the_comment_after_it(path: Path) -> None:
    """A `#` inside the string is text; the comment after the closing quotes stays."""
    assert changed(path, EventEdit(texts=(("description", "one"),))) == [
        '-description = """two # not a comment',
        '-lines"""  # after the string',
        '+description = "one"  # after the string',
    ]


def test_an_array_of_one_item_a_line_keeps_its_lines_and_comments(path: Path) -> None:
    """Removing and adding items leaves the other items' lines, comments included."""
    assert changed(path, EventEdit(remove_tags=("mv",), add_tags=("new",))) == [
        '-    "mv",  # music video',
        '-    "teaser"  # last, no comma',
        '+    "teaser",  # last, no comma',
        '+    "new"',
    ]
    assert load_file(path).events[0].tags == ("iu", "teaser", "new")


def test_the_last_item_loses_its_comma_only_where_there_was_none(path: Path) -> None:
    """With no trailing comma before, the new last item has none either."""
    assert changed(path, EventEdit(remove_tags=("teaser",))) == [
        '-    "mv",  # music video',
        '-    "teaser"  # last, no comma',
        '+    "mv"  # music video',
    ]


def test_an_array_of_dates_keeps_its_layout(path: Path) -> None:
    """`except` written one date a line gets the new date as a line of its own."""
    assert changed(path, EventEdit(exceptions=("2024-02-05",))) == ["+  2024-02-05,"]
    assert len(load_file(path).events[0].exceptions) == 2


def test_an_array_in_another_layout_keeps_its_comments_above(tmp_path: Path) -> None:
    """Items sharing lines: the value is rewritten, its comments kept above and after it."""
    path = tmp_path / "e.toml"
    path.write_text(
        '[[events]]\nid = "a"\ntitle = "A"\nstart = 2024-02-01\n'
        'tags = ["x", "y",  # two\n  "z"]  # end\n',
        encoding="utf-8",
    )
    edit("a", EventEdit(remove_tags=("y",)), Where([path], SEOUL, NOW))
    assert path.read_text(encoding="utf-8").splitlines()[4:] == [
        "# two",
        'tags = ["x", "z"]  # end',
    ]


def test_crlf_lines_keep_their_comments(tmp_path: Path) -> None:
    """A CRLF file: the comment is kept, the line still ends in CRLF."""
    path = tmp_path / "e.toml"
    text = '[[events]]\r\nid = "a"\r\ntitle = "A"  # c\r\nstart = 2024-02-01\r\n'
    path.write_bytes(text.encode())
    edit("a", EventEdit(title="B"), Where([path], SEOUL, NOW))
    assert path.read_bytes() == text.replace('"A"', '"B"').encode()
