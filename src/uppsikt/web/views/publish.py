"""Publishing: the report built in every format, downloaded from the browser."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from uppsikt.web import access
from uppsikt.web.access import Action
from uppsikt.web.services import publishing
from uppsikt.web.services.loaded import load
from uppsikt.web.views.common import report_page


@require_GET
@login_required
def publish_page(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    return report_page(
        request,
        report,
        "publish.html",
        {"formats": publishing.FORMATS.values(), "loaded": load(report)},
        current="publish",
    )


@require_GET
@login_required
def download(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse | FileResponse:
    report = access.report_for(request, report_id, Action.READ)
    if fmt not in publishing.FORMATS:
        raise Http404("Formatet finns inte.")
    try:
        found = publishing.download(report, fmt)
    except publishing.BuildFailed as failed:
        return report_page(
            request,
            report,
            "publish.html",
            {
                "formats": publishing.FORMATS.values(),
                "loaded": load(report),
                "failed": failed.diagnostics,
            },
            status=422,
            current="publish",
        )
    if found.path is not None:
        response: HttpResponse | FileResponse = FileResponse(
            found.path.open("rb"),
            as_attachment=True,
            filename=found.name,
            content_type=found.content_type,
        )
    else:
        response = HttpResponse(found.data or b"", content_type=found.content_type)
        response["Content-Disposition"] = f'attachment; filename="{found.name}"'
    return response
