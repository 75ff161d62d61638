"""The list of reports, a report's page (status, sections, workflow, comments) and history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from uppsikt.web import access
from uppsikt.web.access import Action
from uppsikt.web.models import Comment
from uppsikt.web.services import audit, checking
from uppsikt.web.services import workflow as steps
from uppsikt.web.services.loaded import load
from uppsikt.web.views.common import report_page
from uppsikt.web.views.texts import text_sections


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    reports = list(access.readable_reports(request.user))
    return render(request, "uppsikt_web/home.html", {"reports": reports})


@require_GET
@login_required
def detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    loaded = load(report)
    comments = Comment.objects.filter(report=report).select_related("user")
    return report_page(
        request,
        report,
        "report.html",
        {
            "loaded": loaded,
            "checks": checking.summary(report, loaded, report.revision),
            "sections": text_sections(loaded),
            "steps": steps.available(request, report),
            "comments": comments,
            "transitions": report.transitions.select_related("user")[:5],
        },
        current="report",
    )


@require_POST
@login_required
def workflow(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    name = request.POST.get("steg", "")
    step = steps.STEPS.get(name)
    if step is None:
        messages.error(request, "Okänt steg i arbetsflödet.")
        return redirect("report", report_id=report.pk)
    access.report_for(request, report_id, step.action)
    try:
        steps.take(request, report, name, request.POST.get("motivering", ""))
    except steps.StepError as exc:
        return report_page(
            request,
            report,
            "report.html",
            {
                "loaded": load(report),
                "sections": text_sections(load(report)),
                "steps": steps.available(request, report),
                "comments": Comment.objects.filter(report=report).select_related("user"),
                "transitions": report.transitions.select_related("user")[:5],
                "step_error": exc.message,
                "step_failed": name,
            },
            status=400,
            current="report",
        )
    messages.success(request, f"Klart: rapporten är nu «{report.get_status_display()}».")
    return redirect("report", report_id=report.pk)


@require_POST
@login_required
def comment(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.COMMENT)
    text = request.POST.get("kommentar", "").strip()
    if not text or len(text) > 5000:
        messages.error(request, "Skriv en kommentar (högst 5 000 tecken).")
    else:
        Comment.objects.create(report=report, user=access.acting_user(request), text=text)
        messages.success(request, "Kommentaren är sparad.")
    return redirect("report", report_id=report.pk)


@require_GET
@login_required
def history(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    changes, transitions = audit.history(report)
    return report_page(
        request,
        report,
        "history.html",
        {"changes": changes, "transitions": transitions},
        current="history",
    )
