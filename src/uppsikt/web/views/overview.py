"""KS's overview: nämnder × målområden, budget deviation and status, down to each report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from uppsikt.web import access
from uppsikt.web.services.overview import matrix


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Every report the user may read (all of them for KS and administratörer)."""
    columns, rows = matrix(list(access.readable_reports(request.user)))
    return render(request, "uppsikt_web/overview.html", {"columns": columns, "rows": rows})
