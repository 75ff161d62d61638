"""The page «Prognos»: a delårsrapport's full-year forecast per unit (services/forecast_entry.py).

Readers see it read-only; a save needs the right to edit the report. Every value is checked
first and nothing is saved while one is wrong (400, every problem shown); a save whose units
someone else changed since the form was opened is refused with what is saved and by whom (409).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from uppsikt.web import access
from uppsikt.web.access import Action
from uppsikt.web.services import forecast_entry as forms
from uppsikt.web.services.forecast_save import save
from uppsikt.web.services.locking import Conflict, unit_hash
from uppsikt.web.views.common import report_page
from uppsikt.workspace.edit import EditError

TEMPLATE = "forecast_entry.html"
CURRENT = "forecast"


@require_http_methods(["GET", "POST"])
@login_required
def forecast(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    entry = forms.entry(report)
    context: dict[str, object] = {"entry": entry, "rows": entry.rows, "base": entry.base}
    if request.method == "GET":
        return report_page(request, report, TEMPLATE, context, current=CURRENT)
    access.report_for(request, report_id, Action.EDIT)
    if entry.state is not forms.State.FORM or entry.target is None:
        return report_page(request, report, TEMPLATE, context, status=400, current=CURRENT)
    posted = forms.read_post(entry, request.POST)
    context.update(rows=posted.rows, errors=posted.errors, warnings=posted.warnings)
    if posted.errors:
        return report_page(request, report, TEMPLATE, context, status=400, current=CURRENT)
    base = request.POST.get("base", "")
    try:
        change = save(request, report, entry.unit(posted.changes), base, entry.target)
    except Conflict as conflict:
        context.update(
            conflict=conflict,
            rows=forms.after_conflict(posted.rows, conflict.saved, entry.kronor),
            base=unit_hash(conflict.saved),
        )
        return report_page(request, report, TEMPLATE, context, status=409, current=CURRENT)
    except EditError as exc:
        context.update(errors=(forms.Problem("", exc.message),))
        return report_page(request, report, TEMPLATE, context, status=400, current=CURRENT)
    messages.success(request, "Prognoserna är sparade." if change else "Inget ändrades.")
    for warning in posted.warnings:
        messages.warning(request, warning)
    return redirect("forecast", report_id=report.pk)
