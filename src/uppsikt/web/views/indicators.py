"""Indicator values: a table per indicator (breakdowns × years), validated as you type."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uppsikt.model.indicators import TOTAL, Indicator, MissingReason
from uppsikt.web import access
from uppsikt.web.access import Action, Refused
from uppsikt.web.models import KommunFile, Report
from uppsikt.web.services.fragments import fragment
from uppsikt.web.services.loaded import Loaded, load
from uppsikt.web.services.locking import Conflict, save_unit, unit_hash
from uppsikt.web.services.units import show_value, value_unit
from uppsikt.web.views.common import report_page
from uppsikt.workspace import edit as edits
from uppsikt.workspace.indicators import VALUES_FILE

REASONS = [(r.value, r.text) for r in MissingReason]


@dataclass
class CellForm:
    breakdown: str
    label: str
    year: int
    value: str
    missing: str
    base: str
    error: str = ""
    conflict: Conflict | None = None
    mine: str = ""
    orig_value: str = ""
    orig_missing: str = ""
    approximate: bool = False
    """The value is an estimate: shown as «ca 80» in the report."""
    orig_approximate: bool = False

    @property
    def key(self) -> str:
        return f"{self.breakdown}-{self.year}"

    @property
    def reason_options(self) -> SafeString:
        return _reason_options(self.missing)


@functools.cache
def _reason_options(selected: str) -> SafeString:
    """The <option>s of the reasons a value is missing, ``selected`` chosen: rendered once per
    choice, not once per cell of every table (a table has dozens of cells)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, SafeString(" selected") if value == selected else "", text)
            for value, text in REASONS
        ),
    )


@require_GET
@login_required
def index(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    loaded = load(report)
    table = ""
    if loaded.ws is not None:
        # The same for every user of the report: rendered once per figures key.
        table = fragment(
            f"indikatortabell-{report.pk}-{report.year}",
            loaded,
            lambda: render_to_string(
                "uppsikt_web/_indicator_table.html", {"rows": _rows(loaded), "report": report}
            ),
        )
    return report_page(
        request, report, "indicators.html", {"table": table, "loaded": loaded}, current="indicators"
    )


def _rows(loaded: Loaded) -> list[dict[str, object]]:
    """Each indicator with its value and assessment of the report year."""
    if loaded.ws is None or loaded.computed is None:
        return []
    year = loaded.ws.settings.year
    return [
        {
            "indicator": indicator,
            "value": loaded.computed.value(indicator.id, year),
            "assessment": loaded.computed.assessments.get(indicator.id),
        }
        for indicator in loaded.ws.indicators
    ]


def _indicator(loaded: Loaded, indicator_id: str) -> tuple[Indicator, int]:
    ws = loaded.ws
    if ws is None:
        raise Http404("Indikatorerna kan inte läsas.")
    found = next((i for i in ws.indicators if i.id == indicator_id), None)
    if found is None:
        raise Http404("Indikatorn finns inte.")
    return found, ws.settings.year


_VALUES: OrderedDict[str, tuple[str, dict[tuple[str, str, str], edits.ValueCell]]] = OrderedDict()
_VALUES_LOCK = threading.Lock()
KEEP_VALUES = 128


def _values(loaded: Loaded) -> tuple[str, dict[tuple[str, str, str], edits.ValueCell]]:
    """The report's indikatorvarden.csv in ``loaded`` and its rows (edit.read_values), read
    once per state: the core keeps the rows of a few texts only, fewer than a server's
    reports, and every view of a value table reads them."""
    with _VALUES_LOCK:
        found = _VALUES.get(loaded.key)
        if found is not None:
            _VALUES.move_to_end(loaded.key)
            return found
    text = loaded.text(VALUES_FILE)
    found = (text, edits.read_values(text))
    with _VALUES_LOCK:
        _VALUES[loaded.key] = found
        while len(_VALUES) > KEEP_VALUES:
            _VALUES.popitem(last=False)
    return found


def _cells(loaded: Loaded, indicator: Indicator, year: int) -> list[list[CellForm]]:
    text, values = _values(loaded)
    years = {year - 4 + i for i in range(5)}
    prefix = f"{indicator.id};"
    for line in text.splitlines():
        parts = line.split(";")
        if line.startswith(prefix) and len(parts) > 2 and parts[2].strip().isdigit():
            years.add(int(parts[2]))
    breakdowns = [(TOTAL, "Totalt"), *((b.key, b.label) for b in indicator.breakdowns)]
    table = []
    for key, label in breakdowns:
        row = []
        for y in sorted(years):
            cell = values.get((indicator.id, key, str(y)))
            row.append(
                CellForm(
                    key,
                    label,
                    y,
                    cell.value if cell else "",
                    cell.missing if cell else "",
                    unit_hash(show_value(cell)),  # as units.read_value shows it
                    orig_value=cell.value if cell else "",
                    orig_missing=cell.missing if cell else "",
                    approximate=bool(cell and cell.approximate),
                    orig_approximate=bool(cell and cell.approximate),
                )
            )
        table.append(row)
    return table


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, report_id: int, indicator_id: str) -> HttpResponse:
    report = access.report_for(request, report_id, Action.READ)
    loaded = load(report)
    indicator, year = _indicator(loaded, indicator_id)
    table = _cells(loaded, indicator, year)
    status = 200
    shared = _kommun_values(report, indicator.id)
    if request.method == "POST":
        access.require(request, report, Action.EDIT)
        if shared:
            raise Refused(SHARED_VALUES)
        status, saved = _save(request, report, indicator, table)
        if status == 200:
            messages.success(
                request,
                (f"{saved} värden sparade." if saved > 1 else "1 värde sparat.")
                if saved
                else "Inga värden ändrades.",
            )
            return redirect("indicator", report_id=report.pk, indicator_id=indicator.id)
    context = {"indicator": indicator, "table": table, "years": _years(table)}
    if shared:
        context.update({"may_edit": False, "kommun_values": SHARED_VALUES})
    return report_page(
        request, report, "indicator_edit.html", context, status=status, current="indicators"
    )


SHARED_VALUES = (
    "Indikatorns värden står i kommunens gemensamma indikatorvarden.csv och gäller alla "
    "kommunens rapporter. En administratör ändrar dem på kommunens sida."
)


def _kommun_values(report: Report, indicator_id: str) -> bool:
    """Whether the indicator's values are the kommun's (in its shared indikatorvarden.csv):
    they are not changed from one report, whose own file would then hold a second set."""
    if report.kommun_id is None:
        return False
    row = KommunFile.objects.filter(
        kommun_id=report.kommun_id, path=VALUES_FILE, deleted=False
    ).first()
    if row is None:
        return False
    prefix = f"{indicator_id};"
    text = bytes(row.content).decode("utf-8", "replace")
    return any(line.startswith(prefix) for line in text.splitlines())


def _years(table: list[list[CellForm]]) -> list[int]:
    return [c.year for c in table[0]] if table else []


def _save(
    request: HttpRequest, report: Report, indicator: Indicator, table: list[list[CellForm]]
) -> tuple[int, int]:
    """Validate every changed cell, then save each by compare-and-swap: (status, saved)."""
    changed: list[tuple[CellForm, edits.ValueCell]] = []
    for cell in (c for row in table for c in row):
        value = request.POST.get(f"v-{cell.key}", cell.value).strip()
        missing = request.POST.get(f"s-{cell.key}", cell.missing)
        base = request.POST.get(f"b-{cell.key}", cell.base)
        original = (request.POST.get(f"o-{cell.key}", ""), request.POST.get(f"m-{cell.key}", ""))
        was_approximate = request.POST.get(f"a-{cell.key}", "") == "ja"
        # Only a value can be an estimate; an unchecked box is simply absent from the form.
        approximate = bool(value) and f"ca-{cell.key}" in request.POST
        if f"v-{cell.key}" not in request.POST or (
            (value, missing) == original and approximate == was_approximate
        ):
            continue
        if value and missing:
            missing = ""
        new = edits.ValueCell(value, missing, approximate)
        try:
            edits.check_value(indicator, cell.breakdown, cell.year, new)
        except edits.EditError as exc:
            cell.error = exc.message
        cell.value, cell.missing, cell.base = value, missing, base
        cell.orig_value, cell.orig_missing = original
        cell.approximate, cell.orig_approximate = approximate, was_approximate
        changed.append((cell, new))
    if any(c.error for c, _ in changed):
        return 400, 0
    saved = 0
    for cell, new in changed:
        try:
            if save_unit(
                request, report, value_unit(indicator, cell.breakdown, cell.year, new), cell.base
            ):
                saved += 1
        except Conflict as conflict:
            cell.conflict = conflict
            cell.mine = show_value(new)
    return (409 if any(c.conflict for c, _ in changed) else 200), saved


@require_POST
@login_required
def validate(request: HttpRequest, report_id: int, indicator_id: str) -> HttpResponse:
    """The error message of one cell as the user types (an empty fragment when valid)."""
    report = access.report_for(request, report_id, Action.EDIT)
    indicator, _ = _indicator(load(report), indicator_id)
    field = request.POST.get("falt", "")
    breakdown, _, year_text = field.rpartition("-")
    if not year_text.isdigit():
        raise Http404("Fältet finns inte.")
    value = request.POST.get(f"v-{field}", "")
    missing = request.POST.get(f"s-{field}", "")
    message = ""
    try:
        edits.check_value(
            indicator,
            breakdown,
            int(year_text),
            edits.ValueCell(value, "" if value.strip() else missing),
        )
    except edits.EditError as exc:
        message = exc.message
    return render(
        request, "uppsikt_web/_field_error.html", {"id": f"fel-{field}", "message": message}
    )
