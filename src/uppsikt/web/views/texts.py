"""Narrative sections: the Markdown editor with preview and the reference picker."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uppsikt.web import access
from uppsikt.web.access import Action
from uppsikt.web.models import Report
from uppsikt.web.services import references as refs
from uppsikt.web.services.loaded import Loaded, load
from uppsikt.web.services.locking import Conflict, save_unit, unit_hash
from uppsikt.web.services.units import text_unit
from uppsikt.web.views.common import is_htmx, report_page
from uppsikt.workspace.edit import EditError, text_path

NOT_TEXT = ("bilaga-intraprenader",)
TITLES = {
    "forslag-till-beslut": "Förslag till beslut",
    "forvaltningschefens-bedomning": "Förvaltningschefens bedömning",
    "sammanfattande-iakttagelser": "Sammanfattande iakttagelser",
    "malomraden": "Målområden",
    "ekonomi": "Ekonomi",
    "fem-ar-i-sammandrag": "Fem år i sammandrag",
    "personal": "Personal",
}


def text_sections(loaded: Loaded) -> list[tuple[str, str]]:
    """(section id, title) of every section with a text file, in the report's order."""
    names: list[str] = []
    if loaded.ws is not None:
        names = [s for s in loaded.ws.settings.sections if s not in NOT_TEXT]
    on_disk = sorted(p.stem for p in (loaded.root / "text").glob("*.md"))
    names += [n for n in on_disk if n not in names]
    titles = {t.id: t.title for t in loaded.ws.texts} if loaded.ws else {}
    return [(n, titles.get(n) or TITLES.get(n) or n) for n in names]


def _section(report: Report, section: str) -> tuple[Loaded, str]:
    loaded = load(report)
    known = dict(text_sections(loaded))
    if section not in known:
        raise Http404("Avsnittet finns inte.")
    return loaded, known[section]


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, report_id: int, section: str) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    loaded, title = _section(report, section)
    path = text_path(section)
    saved = loaded.text(path)
    context: dict[str, object] = {
        "section": section,
        "title": title,
        "path": path,
        "markdown": saved,
        "base": unit_hash(saved),
        "options": refs.picker(loaded),
    }
    if request.method == "GET":
        return report_page(request, report, "text_edit.html", context, current="texts")
    access.require(request, report, Action.EDIT)
    markdown = request.POST.get("markdown", "")
    base = request.POST.get("base", "")
    context.update(markdown=markdown, base=base)
    if request.POST.get("action") == "forhandsgranska":
        html, problems = refs.preview(loaded, markdown, path)
        context.update(preview=html, problems=problems)
        return report_page(request, report, "text_edit.html", context, current="texts")
    try:
        change = save_unit(request, report, text_unit(section, markdown), base)
    except Conflict as conflict:
        context.update(conflict=conflict, conflict_base=unit_hash(conflict.saved))
        return report_page(request, report, "text_edit.html", context, status=409, current="texts")
    except EditError as exc:
        context.update(error=exc.message)
        return report_page(request, report, "text_edit.html", context, status=400, current="texts")
    messages.success(request, "Texten är sparad." if change else "Inget ändrades.")
    return redirect("text", report_id=report.pk, section=section)


@require_POST
@login_required
def preview(request: HttpRequest, report_id: int, section: str) -> HttpResponse:
    report = access.report_for(request, report_id, Action.EDIT)
    loaded, _ = _section(report, section)
    html, problems = refs.preview(loaded, request.POST.get("markdown", ""), text_path(section))
    template = "uppsikt_web/_preview.html"
    response = render(request, template, {"preview": html, "problems": problems})
    if not is_htmx(request):
        response["Content-Type"] = "text/html; charset=utf-8"
    return response


@require_GET
@login_required
def references(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    return report_page(
        request, report, "references.html", {"groups": refs.groups(load(report))}, current="texts"
    )
