"""Workspaces in and out: export a report's workspace as a zip; import one (administratör)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from uppsikt.web import access
from uppsikt.web.access import Action, Refused
from uppsikt.web.models import Namnd
from uppsikt.web.services import store
from uppsikt.web.services.parsing import WorkspaceError
from uppsikt.web.services.publishing import file_stem
from uppsikt.web.services.workers import read_zip


@require_GET
@login_required
def export_workspace(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    name = f"{file_stem(report)}-r{report.revision}"
    response = HttpResponse(store.export_zip(report, name), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response


class ImportForm(forms.Form):
    namnd = forms.ModelChoiceField(
        label="Nämnd", queryset=Namnd.objects.all(), empty_label="Välj nämnd"
    )
    fil = forms.FileField(label="Arbetsyta (zip)")


@require_http_methods(["GET", "POST"])
@login_required
def import_workspace(request: HttpRequest) -> HttpResponse:
    if not access.is_admin(request.user):
        raise Refused("Bara en administratör kan importera arbetsytor.")
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["fil"]
            try:
                files = read_zip(upload)
                report = store.import_files(
                    files, form.cleaned_data["namnd"], access.acting_user(request)
                )
            except WorkspaceError as exc:
                form.add_error("fil", str(exc))
            else:
                messages.success(request, f"Arbetsytan är importerad som «{report.title}».")
                return redirect("report", report_id=report.pk)
    return render(request, "uppsikt_web/import_workspace.html", {"form": form}, status=status)
