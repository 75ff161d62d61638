"""ImportRun.diagnostics in the one JSON form of a diagnostic (docs/diagnostics.md).

Rows written before stored the severity in Swedish ('fel') and the location as text; the
text cannot be split back into file, line and column, so it becomes the location's «place»,
which shows it unchanged.
"""

from __future__ import annotations

from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

_SEVERITY = {"fel": "error", "varning": "warning", "notering": "note"}
_KEYS = ("file", "line", "column", "field", "place")


def _converted(item: Any) -> Any:
    if not isinstance(item, dict) or isinstance(item.get("location"), dict):
        return item
    place = item.get("location")
    location: dict[str, object] = dict.fromkeys(_KEYS)
    location["place"] = place if isinstance(place, str) and place else None
    severity = item.get("severity")
    return {
        "code": item.get("code", ""),
        "severity": _SEVERITY.get(severity, severity) if isinstance(severity, str) else "error",
        "message": item.get("message", ""),
        "hint": item.get("hint") or "",
        "location": location,
    }


def forward(apps: Apps, _schema_editor: BaseDatabaseSchemaEditor) -> None:
    import_run = apps.get_model("uppsikt_web", "ImportRun")
    for run in import_run.objects.exclude(diagnostics=[]).iterator():
        stored = run.diagnostics
        if not isinstance(stored, list):
            continue
        converted = [_converted(item) for item in stored]
        if converted != stored:
            run.diagnostics = converted
            run.save(update_fields=["diagnostics"])


class Migration(migrations.Migration):
    dependencies = [("uppsikt_web", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
