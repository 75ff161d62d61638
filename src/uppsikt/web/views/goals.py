"""Goals: each målområde's analysis and observations, and the stance on each KF-mål."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from uppsikt.model.goals import Stance
from uppsikt.web import access
from uppsikt.web.access import Action
from uppsikt.web.models import Report
from uppsikt.web.services.loaded import load
from uppsikt.web.services.locking import Conflict, Unit, save_unit, unit_hash
from uppsikt.web.services.store import read_text
from uppsikt.web.services.units import (
    area_unit,
    read_area,
    read_stance,
    show_area,
    show_stance,
    stance_unit,
)
from uppsikt.web.views.common import report_page
from uppsikt.workspace import edit
from uppsikt.workspace.goals import GOALS_FILE

STANCES = [(s.value, s.label) for s in Stance]


def _page(
    request: HttpRequest, report: Report, failed: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    loaded = load(report)
    text = read_text(report, GOALS_FILE)
    areas = []
    for area in loaded.ws.goals.areas if loaded.ws else ():
        goals = []
        for goal in area.goals:
            try:
                stance = edit.read_stance(text, goal.id)
                base = unit_hash(read_stance(text, goal.id))
            except edit.EditError:
                # A KF goal of the kommun that the report's own mal.yaml leaves out (a report
                # that need not take a stance on every goal): shown, not edited here.
                goals.append({"goal": goal, "absent": True})
                continue
            goals.append(
                {
                    "goal": goal,
                    "stance": stance,
                    "base": base,
                    "has_commitments": bool(goal.commitments),
                }
            )
        try:
            saved = edit.read_area(text, area.id)
            area_base = unit_hash(read_area(text, area.id))
        except edit.EditError:
            areas.append({"area": area, "absent": True, "goals": goals})
            continue
        areas.append(
            {
                "area": area,
                "saved": saved,
                "positive": "\n".join(saved.positive),
                "improvements": "\n".join(saved.improvements),
                "base": area_base,
                "goals": goals,
            }
        )
    context = {"areas": areas, "stances": STANCES, "failed": failed or {}, "loaded": loaded}
    return report_page(request, report, "goals.html", context, status=status, current="goals")


@require_GET
@login_required
def goals(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    return _page(request, report)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip().lstrip("-•").strip() for line in text.splitlines() if line.strip())


def _save(
    request: HttpRequest, report: Report, unit: Unit, form_id: str, mine: dict[str, Any]
) -> HttpResponse:
    try:
        change = save_unit(request, report, unit, request.POST.get("base", ""))
    except Conflict as conflict:
        failed = {"id": form_id, "conflict": conflict, "mine": mine}
        return _page(request, report, failed, status=409)
    except edit.EditError as exc:
        failed = {"id": form_id, "error": exc.message, "field": exc.field, "mine": mine}
        return _page(request, report, failed, status=400)
    messages.success(request, "Sparat." if change else "Inget ändrades.")
    return redirect(f"/rapporter/{report.pk}/mal/#{form_id}")


def _known(report: Report, area_id: str = "", goal_id: str = "") -> None:
    """404 unless mal.yaml has the målområde or KF-mål."""
    text = read_text(report, GOALS_FILE)
    try:
        if area_id:
            edit.read_area(text, area_id)
        if goal_id:
            edit.read_stance(text, goal_id)
    except edit.EditError:
        raise Http404("Målet finns inte.") from None


@require_POST
@login_required
def area(request: HttpRequest, report_id: int, area_id: str) -> HttpResponse:
    report = access.report_for(request, report_id, Action.EDIT)
    _known(report, area_id=area_id)
    new = edit.AreaText(
        analysis=request.POST.get("analys", ""),
        positive=_lines(request.POST.get("positiva", "")),
        improvements=_lines(request.POST.get("forbattring", "")),
    )
    mine = {
        "analys": new.analysis,
        "positiva": "\n".join(new.positive),
        "forbattring": "\n".join(new.improvements),
    }
    mine["text"] = show_area(new)
    return _save(request, report, area_unit(area_id, new), f"omrade-{area_id}", mine)


@require_POST
@login_required
def stance(request: HttpRequest, report_id: int, goal_id: str) -> HttpResponse:
    report = access.report_for(request, report_id, Action.EDIT)
    _known(report, goal_id=goal_id)
    new = edit.StanceText(
        stance=request.POST.get("stallningstagande", ""),
        description=request.POST.get("beskrivning", ""),
    )
    mine = {"stallningstagande": new.stance, "beskrivning": new.description}
    mine["text"] = show_stance(new)
    return _save(request, report, stance_unit(goal_id, new), f"kf-{goal_id}", mine)
