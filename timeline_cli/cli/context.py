"""What one run of a command knows: its settings, ``now`` and its output, built once
by the root callback; and what the commands share on top of it (the display zone,
the events files and the selection of the filter options)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import typer

from timeline_cli.cli.options import FilterArgs

if TYPE_CHECKING:
    from timeline_cli.actions import Where
    from timeline_cli.model import Event
    from timeline_cli.render import Output
    from timeline_cli.settings import Settings


@dataclass(frozen=True, slots=True)
class Run:
    """One run: the settings (environment and, later, the config file), the moment
    every relative date is read from, and where the answers go."""

    settings: Settings
    now: datetime
    output: Output

    def with_options(self, *, files: list[Path] | None = None, tz: str | None = None) -> Run:
        """This run with a command's ``-f`` and ``--tz`` on top of its settings."""
        return Run(self.settings.with_options(files=files, tz=tz), self.now, self.output)

    @property
    def zone(self) -> tzinfo:
        """The display zone: ``--tz`` > ``TIMELINE_TZ`` > the system's zone > UTC."""
        from timeline_cli.zones import resolve_zone, system_zone

        chosen = self.settings
        if chosen.zone is not None:
            return resolve_zone(chosen.zone, what=f"{chosen.sources['zone']} zone")
        return system_zone()

    @property
    def files(self) -> list[Path]:
        """The events files: ``-f``, else ``TIMELINE_FILE``, else the defaults."""
        return list(self.settings.files)

    def where(self) -> Where:
        """The file a write goes to (the first), with this run's zone and ``now``."""
        from timeline_cli.actions import Where

        files = self.files
        named = self.settings.sources.get("files") == "-f"
        default = not named and files[0] == self.settings.default_file
        return Where(files, self.zone, self.now, create_folder=default)


def start_run(ctx: typer.Context, *, no_pager: bool = False) -> Run:
    """Build the run's context once (the root callback) and keep it on ``ctx``."""
    from datetime import UTC

    from timeline_cli.render import Output
    from timeline_cli.settings import active, current

    settings = current().without_pager() if no_pager else current()
    ctx.with_resource(active(settings))
    output = Output(
        dumb=settings.dumb_terminal,
        pager=settings.pager,
        pager_env=settings.pager_env,
        color=settings.color,
    )
    run = Run(settings, datetime.now(UTC), output)
    ctx.with_resource(warnings_to(output))
    ctx.obj = run
    return run


@contextmanager
def warnings_to(output: Output) -> Iterator[None]:
    """Show the core's warnings (``errors.warn``) as ``timeline: warning: ...`` lines on
    the run's output, each once; other warnings as Python shows them."""
    import warnings

    from timeline_cli.errors import TimelineWarning

    shown: set[str] = set()
    original = warnings.showwarning

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if not issubclass(category, TimelineWarning):
            original(message, category, *args, **kwargs)
        elif str(message) not in shown:
            shown.add(str(message))
            output.note(f"timeline: warning: {message}")

    with warnings.catch_warnings():
        warnings.simplefilter("always", TimelineWarning)
        warnings.showwarning = show
        yield


def this_run(ctx: typer.Context, files: list[Path] | None = None, tz: str | None = None) -> Run:
    """The run a command belongs to, with its ``-f`` and ``--tz`` applied."""
    if not isinstance(ctx.obj, Run):  # the root callback builds it before any command
        raise TypeError("a command ran without the root callback")
    return ctx.obj.with_options(files=files, tz=tz)


class Selection(NamedTuple):
    """The result of the shared filter options."""

    title: str | None
    zone: tzinfo
    now: datetime
    events: list[Event]


def select(filters: FilterArgs, run: Run, *, series: bool = False) -> Selection:
    """Load the timeline and run the query the filter options describe.

    WHEN texts are read in the display zone at ``now``; the core (``query.run``)
    applies the anchors and expands repeating events in a bounded range.
    """
    from timeline_cli.query import AnchorLabels, Query
    from timeline_cli.query import run as run_query
    from timeline_cli.store import load
    from timeline_cli.timeparse import RangeLabels, when_range

    zone = run.zone
    labels = RangeLabels(start="--from", end="--to", on="--on")
    span = when_range(
        start=filters.start, end=filters.end, on=filters.on, now=run.now, zone=zone, labels=labels
    )
    timeline = load(run.files)
    query = Query(
        span=span,
        tags=tuple(filters.tag or ()),
        people=tuple(filters.person or ()),
        search=filters.search,
        limit=filters.limit,
        reverse=filters.reverse,
        since=filters.since,
        until=filters.until,
        series=series,
        labels=AnchorLabels(since="--since", until="--until"),
    )
    return Selection(timeline.title, zone, run.now, run_query(query, timeline.events, zone))
