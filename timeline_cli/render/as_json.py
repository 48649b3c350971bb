"""Every answer as one JSON document (``--json``), for scripts.

Events are the objects of the JSON export format (the same keys, in the same
order); times are ISO 8601 in each event's own zone, and ``zone`` names the display
zone the answer was worked out in.
"""

from __future__ import annotations

import json
from typing import Any

from timeline_cli import results


def document(result: results.Result) -> str:
    """The JSON text of ``result`` (indented, ending with a newline)."""
    return json.dumps(_content(result), ensure_ascii=False, indent=2) + "\n"


def _content(result: results.Result) -> dict[str, Any]:
    from timeline_cli.formats.jsonfmt import event_object
    from timeline_cli.zones import zone_name

    match result:
        case results.Listing():
            return {
                "timeline": {"title": result.title},
                "zone": zone_name(result.zone),
                "events": [event_object(e) for e in result.events],
            }
        case results.Anniversaries():
            return {
                "date": result.today.isoformat(),
                "zone": zone_name(result.zone),
                "anniversaries": [
                    {
                        "date": a.date.isoformat(),
                        "days_left": a.days_left,
                        "years": a.years,
                        "repeat": a.rule,
                        "event": event_object(a.event),
                    }
                    for a in result.found
                ],
            }
        case results.Agenda():
            return _agenda(result)
        case results.Labels():
            return _labels(result)
        case results.Detail():
            return {
                "zone": zone_name(result.zone),
                "event": event_object(result.event),
                "file": str(result.event.file) if result.event.file else None,
                "line": result.event.line or None,
            }
        case results.Findings():
            return {
                "files": [str(path) for path in result.paths],
                "errors": result.errors,
                "warnings": result.warnings,
                "findings": [
                    {"level": f.level, "where": f.where, "message": f.message}
                    for f in result.findings
                ],
            }
        case results.Stored():
            return {
                "action": result.action,
                "dry_run": result.dry_run,
                "file": str(result.path),
                "event": event_object(result.event),
            }
        case results.Preview():
            return {
                "action": "changed",
                "dry_run": True,
                "file": str(result.path),
                "event": event_object(result.event),
            }
        case results.Removed():
            return {"action": "removed", "file": str(result.path), "ids": list(result.ids)}
        case results.ImportReport():
            plan = result.plan
            return {
                "source": result.source,
                "dry_run": result.dry_run,
                "unchanged": result.unchanged_in is not None,
                "added": [e.id for e in plan.add],
                "updated": [e.id for e in plan.update],
                "skipped": [e.id for e in plan.unchanged],
                "skipped_other_file": [e.id for e in plan.elsewhere],
                "invalid": list(result.invalid),
                "notes": list(result.notes),
            }
        case results.SyncReport():
            from timeline_cli.render.sync_report import sync_document

            return sync_document(result)
    raise TypeError(f"no JSON form for {type(result).__name__}")


def _agenda(result: results.Agenda) -> dict[str, Any]:
    """``next``: each item with its day, kind and event; ``years`` for an anniversary;
    ``day``, ``span_days`` and ``ends`` for a span in progress (else null)."""
    from timeline_cli.agenda import window
    from timeline_cli.formats.jsonfmt import event_object
    from timeline_cli.zones import zone_name

    frame = window(result.now, result.zone, result.days)
    ongoing = [i.kind == "ongoing" for i in result.items]
    return {
        "date": frame.today.isoformat(),
        "last": frame.last.isoformat(),
        "days": result.days,
        "zone": zone_name(result.zone),
        "items": [
            {
                "date": i.date.isoformat(),
                "days_left": i.days_left,
                "kind": i.kind,
                "years": i.years if i.kind == "anniversary" else None,
                "day": i.day if spans else None,
                "span_days": i.length if spans else None,
                "ends": i.ends.isoformat() if spans and i.ends else None,
                "event": event_object(i.event),
            }
            for i, spans in zip(result.items, ongoing, strict=True)
        ],
    }


def _labels(result: results.Labels) -> dict[str, Any]:
    """``tags`` or ``people``: name, events, first and last date, other spellings."""
    from timeline_cli.labels import day_text
    from timeline_cli.zones import zone_name

    zone = result.zone
    return {
        "zone": zone_name(zone),
        result.field: [
            {
                "name": label.name,
                "events": label.events,
                "first": day_text(label.first, zone),
                "last": day_text(label.last, zone),
                "variants": list(label.variants),
            }
            for label in result.found
        ],
    }
