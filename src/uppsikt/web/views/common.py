"""What every view shares: rendering a page of a report, and the report's navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from uppsikt.web import access
from uppsikt.web.access import Action
from uppsikt.web.models import Report


def report_page(
    request: HttpRequest,
    report: Report,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    current: str = "",
) -> HttpResponse:
    """A page about ``report``, with what the user may do on it for the navigation."""
    full = {
        "report": report,
        "current": current,
        "may_edit": access.can(request.user, report, Action.EDIT),
        "may_comment": access.can(request.user, report, Action.COMMENT),
        "locked": report.status == "faststalld",
        **(context or {}),
    }
    return render(request, f"uppsikt_web/{template}", full, status=status)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
