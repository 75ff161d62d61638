"""Uploading ledger and budget exports, with progress and a summary or the reasons refused;
removing what one source brought into the ledger."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from uppsikt.web import access
from uppsikt.web.access import Action, Refused
from uppsikt.web.models import ImportRun, Report
from uppsikt.web.services import removal, uploads
from uppsikt.web.services.store import current_files
from uppsikt.web.views.common import is_htmx, report_page

KOMMUN_LEDGER = (
    "Huvudboken hör till kommunen och delas av alla dess rapporter. En administratör ersätter "
    "den på kommunens sida."
)


def _not_a_kommun_report(report: Report) -> None:
    """A report of a kommun reads the kommun's ledger: it is not changed from one report."""
    if report.kommun_id is not None:
        raise Refused(KOMMUN_LEDGER)


def _context(report: Report, run: ImportRun | None) -> dict[str, object]:
    shared = report.kommun_id is not None
    return {
        **({"may_edit": False, "kommun_ledger": KOMMUN_LEDGER} if shared else {}),
        "run": run,
        "run_diagnostics": uploads.shown(run.diagnostics) if run else [],
        "sources": uploads.sources(current_files(report)),
        "runs": ImportRun.objects.filter(report=report).select_related("user")[:10],
        "ledger_sources": removal.sources(report),
        "max_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024),
    }


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    if request.method == "GET":
        return report_page(request, report, "upload.html", _context(report, None), current="upload")
    access.report_for(request, report_id, Action.EDIT)
    _not_a_kommun_report(report)
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > settings.MAX_UPLOAD_BYTES + 1024 * 1024:
        run = uploads._refuse(
            request,
            report,
            "",
            length,
            f"Filen är för stor (högst {settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB).",
        )
        status = 413
    else:
        file = request.FILES.get("fil")
        if file is None:
            run = None
            status = 400
        else:
            run = uploads.run(request, report, file, request.POST.get("kalla", ""))
            status = 200 if run.ok else 422
    context = _context(report, run)
    context["missing_file"] = run is None
    if is_htmx(request):
        return render(request, "uppsikt_web/_import_result.html", context, status=status)
    return report_page(request, report, "upload.html", context, status=status, current="upload")


@require_POST
@login_required
def remove(request: HttpRequest, report_id: int) -> HttpResponse:
    """Remove one source from the ledger (POST «kalla»), all or nothing."""
    report = access.report_for(request, report_id, Action.EDIT)
    _not_a_kommun_report(report)
    source = request.POST.get("kalla", "")
    outcome = removal.remove(request, report, source)
    if isinstance(outcome, str):
        context = _context(report, None)
        context["removal_error"] = outcome
        return report_page(request, report, "upload.html", context, status=422, current="upload")
    messages.success(
        request,
        f"Källan «{outcome.source}» är borttagen ur huvudboken ({outcome.rows} rader). "
        "Kör kontrollerna.",
    )
    return redirect("upload", report_id=report.pk)
