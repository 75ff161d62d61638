"""KS's overview: nämnder × målområden, budget deviation and status, down to each report;
the reports of each kommun together."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from uppsikt.web import access
from uppsikt.web.models import GlobalRole
from uppsikt.web.services.overview import groups


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Every report the user may read (all of them for KS and administratörer)."""
    found = groups(list(access.readable_reports(request.user)))
    context = {"groups": found, "several": len(found) > 1, "may_see_kommun": _kommun_role(request)}
    return render(request, "uppsikt_web/overview.html", context)


def _kommun_role(request: HttpRequest) -> bool:
    """Whether the user sees the kommun pages (administratör, KS): the headings link there."""
    return access.global_role(request.user) in (GlobalRole.ADMIN, GlobalRole.KS)
