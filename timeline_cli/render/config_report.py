"""``timeline config``: each setting, its value and where it came from, as an aligned
plain-text table (one line a setting, values never cut), or one JSON document."""

from __future__ import annotations

import json
from typing import TextIO

from timeline_cli.results_config import ConfigReport


def print_config(report: ConfigReport, out: TextIO, *, as_json: bool = False) -> None:
    """Write ``report`` to ``out``: the path alone for ``--path``, else the table."""
    if as_json:
        out.write(json.dumps(config_document(report), ensure_ascii=False, indent=2) + "\n")
    elif report.path_only:
        out.write(f"{_safe(str(report.path))}\n")
    else:
        out.write(config_text(report))


def config_document(report: ConfigReport) -> dict[str, object]:
    """The JSON object: ``{"config": {"path", "exists", "source"}, "settings": {...}}``
    (``--path``: the ``config`` object alone)."""
    config = {"path": str(report.path), "exists": report.found, "source": report.path_source}
    if report.path_only:
        return config
    settings = {key: {"value": value, "source": source} for key, value, source in report.settings}
    return {"config": config, "settings": settings}


def config_text(report: ConfigReport) -> str:
    """The table: a header, the config file's row, then one row a setting."""
    path = str(report.path) + ("" if report.found else " (no such file)")
    rows = [("setting", "value", "from"), ("config", path, report.path_source)]
    rows += [(key, value_text(value), source) for key, value, source in report.settings]
    rows = [(_safe(key), _safe(value), _safe(source)) for key, value, source in rows]
    key_width = max(len(row[0]) for row in rows)
    value_width = max(len(row[1]) for row in rows)
    lines = [f"{k:<{key_width}}  {v:<{value_width}}  {s}".rstrip() for k, v, s in rows]
    return "\n".join(lines) + "\n"


def value_text(value: object) -> str:
    """A value as the table shows it: paths joined by ``, ``, None as ``off``."""
    if value is None:
        return "off"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dict):  # a remote: its fields that are set
        return ", ".join(f"{k}={value_text(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _safe(text: str) -> str:
    from timeline_cli.display import safe

    return safe(text)
