"""KS's forecast accuracy across a kommun's nämnder: every delårsrapport's forecast against
the outcome, from the reports the user may read (as the monthly view)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from uppsikt.web import access
from uppsikt.web.models import Kommun
from uppsikt.web.services.forecast_accuracy import accuracy_view


@require_GET
@login_required
def forecast_accuracy(request: HttpRequest, kommun_id: int) -> HttpResponse:
    """The kommun's nämnder, forecast by forecast; 404 when the user may read none of its
    reports (the kommun's existence is not revealed)."""
    kommun = Kommun.objects.filter(pk=kommun_id).first()
    reports = list(access.readable_reports(request.user).filter(kommun_id=kommun_id))
    if kommun is None or not reports:
        raise Http404("Kommunen finns inte.")
    context = {"kommun": kommun, "view": accuracy_view(reports)}
    return render(request, "uppsikt_web/forecast_accuracy.html", context)
