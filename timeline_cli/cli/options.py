"""The options shared by several commands (one definition each)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NamedTuple, ParamSpec, TypeVar

import typer
from typer._click import types as click_types


class WholeNumber(click_types.ParamType):
    """A whole number of at least ``minimum``, worded for people (Click's IntRange would
    show ``[x>=0]`` in the help and "is not a valid int range" on a mistake)."""

    name = "number"

    def __init__(self, minimum: int = 0) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not a whole number", param, ctx)
        if number < self.minimum:
            self.fail(f"{number} is less than {self.minimum}", param, ctx)
        return number


# What a shell is offered for a value (``autocompletion=``). Each loads ``complete.py``
# only when a shell asks, so a normal run never imports it.


def complete_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Event ids, with their titles."""
    from timeline_cli.cli import complete

    return complete.event_ids(ctx, incomplete)


def complete_tags(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The tags in the events files."""
    from timeline_cli.cli import complete

    return complete.tags(ctx, incomplete)


def complete_people(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The people in the events files."""
    from timeline_cli.cli import complete

    return complete.people(ctx, incomplete)


def complete_zones(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Display zones: UTC, local, abbreviations, IANA names."""
    from timeline_cli.cli import complete

    return complete.zones(ctx, incomplete)


def complete_event_zones(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """An event's zone: local, abbreviations of one zone, IANA names."""
    from timeline_cli.cli import complete

    return complete.event_zones(ctx, incomplete)


def complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """The fields edit --clear removes."""
    from timeline_cli.cli import complete

    return complete.clear_fields(ctx, incomplete)


FileOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--file",
        "-f",
        metavar="PATH",
        help="Events file (repeatable). Default: $TIMELINE_FILE, ./events.toml, "
        "or $XDG_DATA_HOME/timeline/events.toml.",
        show_default=False,
    ),
]
ZoneOption = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        autocompletion=complete_zones,
        help="Display zone: IANA name, UTC, local, +09:00 or KST. "
        "Default: $TIMELINE_TZ, then the system zone.",
        show_default=False,
    ),
]

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the answer as one JSON document, for scripts.")
]

FromOption = Annotated[
    str | None, typer.Option("--from", help="Only events on or after WHEN.", metavar="WHEN")
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Only events on or before WHEN.", metavar="WHEN")
]
OnOption = Annotated[
    str | None,
    typer.Option("--on", help="Only events on that day, month or year.", metavar="WHEN"),
]
TagFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        autocompletion=complete_tags,
        help="Only events with this tag (repeatable).",
    ),
]
PersonFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--person",
        "-p",
        metavar="NAME",
        autocompletion=complete_people,
        help="Only events with this person (repeatable).",
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option("--search", "-s", metavar="TEXT", help="Text to find (any field, any case)."),
]
LimitOption = Annotated[
    int | None,
    typer.Option("--limit", "-n", click_type=WholeNumber(0), metavar="N", help="At most N events."),
]
ReverseOption = Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="ID",
        autocompletion=complete_ids,
        help="Only events from that event's start on.",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="ID",
        autocompletion=complete_ids,
        help="Only events up to that event's end.",
    ),
]


class FilterArgs(NamedTuple):
    """What the filter options said, as typed (``context.select`` turns it into a Query)."""

    start: str | None = None
    end: str | None = None
    on: str | None = None
    tag: list[str] | None = None
    person: list[str] | None = None
    search: str | None = None
    limit: int | None = None
    reverse: bool = False
    since: str | None = None
    until: str | None = None


NO_FILTERS = FilterArgs()

# The filter options, by group, each declared once: (parameter, its type, default).
_GROUPS: dict[str, list[tuple[str, Any, Any]]] = {
    "range": [("start", FromOption, None), ("end", ToOption, None), ("on", OnOption, None)],
    "labels": [("tag", TagFilter, None), ("person", PersonFilter, None)],
    "search": [("search", SearchOption, None)],
    "order": [("limit", LimitOption, None), ("reverse", ReverseOption, False)],
    "anchors": [("since", SinceOption, None), ("until", UntilOption, None)],
}

P = ParamSpec("P")
R = TypeVar("R")


def with_filters(*groups: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Give a command the filter options of ``groups`` in place of its ``filters``
    parameter; the command receives them together as one ``FilterArgs``."""
    wanted = [item for group in groups for item in _GROUPS[group]]

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(command)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            given: dict[str, Any] = {n: kwargs.pop(n) for n, _, _ in wanted if n in kwargs}
            kwargs["filters"] = FilterArgs(**given)
            return command(*args, **kwargs)

        signature = inspect.signature(command, eval_str=True)
        parameters: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            if parameter.name != "filters":
                parameters.append(parameter)
                continue
            parameters += [
                inspect.Parameter(
                    name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=value, annotation=kind
                )
                for name, kind, value in wanted
            ]
        wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        return wrapper

    return decorate
