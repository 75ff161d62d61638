"""The checks of the core, in the page: every finding grouped by severity, each linking to
the place where it is fixed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.web import access
from uppsikt.web.access import Action
from uppsikt.web.models import Report
from uppsikt.web.services.loaded import load
from uppsikt.web.views.common import report_page

SEVERITIES = (
    (Severity.ERROR, "Fel", "fel"),
    (Severity.WARNING, "Varningar", "varningar"),
    (Severity.NOTE, "Noteringar", "noteringar"),
)


def fix_link(report: Report, diagnostic: Diagnostic) -> tuple[str, str]:
    """(URL, text) of the page where the finding is fixed; ('', '') when there is none."""
    file = diagnostic.location.file or ""
    r = report.pk
    if file.startswith("text/") and file.endswith(".md"):
        section = file[len("text/") : -len(".md")]
        url = reverse("text", kwargs={"report_id": r, "section": section})
        line = f" (rad {diagnostic.location.line})" if diagnostic.location.line else ""
        return f"{url}#markdown", f"Redigera texten {section}{line}"
    if file == "indikatorvarden.csv":
        return reverse("indicators", kwargs={"report_id": r}), "Till indikatorvärdena"
    if file == "mal.yaml":
        return reverse("goals", kwargs={"report_id": r}), "Till målen"
    if file.startswith("ekonomi") or file in ("mappning.yaml", "import.yaml"):
        return reverse("upload", kwargs={"report_id": r}), "Till ekonomin"
    return "", ""


@require_GET
@login_required
def checks(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    loaded = load(report)
    groups = []
    for severity, title, anchor in SEVERITIES:
        items = [
            {"d": d, "link": fix_link(report, d)}
            for d in loaded.diagnostics
            if d.severity is severity
        ]
        groups.append({"title": title, "anchor": anchor, "items": items})
    return report_page(
        request, report, "checks.html", {"groups": groups, "loaded": loaded}, current="checks"
    )
