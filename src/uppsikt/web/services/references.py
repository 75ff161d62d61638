"""The computed figures a text may refer to, for the reference picker, and the preview."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from uppsikt.compute.references import ReferenceError, render_reference
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.model.indicators import TOTAL
from uppsikt.reports.build.context import Context
from uppsikt.reports.build.economy import column_label
from uppsikt.web.services.loaded import Loaded

_INTRAPRENAD_FIELDS = {
    "ib": "Ingående resultat",
    "bokfört": "Bokfört resultat",
    "justerat": "Justerat resultat",
    "före-regeln": "Före 7 %-regeln",
    "tak": "Tak (7 %)",
    "ub": "Utgående resultat",
}


@dataclass(frozen=True, slots=True)
class Reference:
    text: str
    """What is inserted: '{{ tabell.enheter.netto.avvikelse }}'."""
    label: str
    shown: str
    """The figure as the text will show it."""


@dataclass(frozen=True, slots=True)
class Group:
    title: str
    references: tuple[Reference, ...]


def _reference(path: str, label: str, context: Context) -> Reference | None:
    try:
        shown = render_reference(path, context.figures)
    except ReferenceError:
        return None
    return Reference("{{ " + path + " }}", label, shown)


def groups(loaded: Loaded) -> list[Group]:
    """Every figure that can be referred to, grouped by table, indicators and intraprenader.

    Worked out once per loaded state: the text editor shows the picker on every view."""
    with _lock:
        found = _groups.get(loaded.key)
    if found is None:
        found = _work_out(loaded)
        with _lock:
            _groups[loaded.key] = found
            while len(_groups) > _KEEP:
                del _groups[next(iter(_groups))]
    return found


def options_html(groups: list[Group]) -> SafeString:
    """The picker's <optgroup>s and <option>s, escaped, as one piece of HTML: a report has
    hundreds of figures, and rendering them through the template language on every view of
    the editor cost more than the rest of the page."""
    return format_html_join(
        "",
        '<optgroup label="{}">{}</optgroup>',
        (
            (
                g.title,
                format_html_join(
                    "",
                    '<option value="{}">{}: {}</option>',
                    ((r.text, r.label, r.shown) for r in g.references),
                ),
            )
            for g in groups
        ),
    )


_groups: dict[str, list[Group]] = {}
_lock = threading.Lock()
_KEEP = 32


def _work_out(loaded: Loaded) -> list[Group]:
    if loaded.ws is None or loaded.computed is None:
        return []
    ws, computed = loaded.ws, loaded.computed
    context = Context(ws, computed)
    found: list[Group] = []
    for table in computed.tables.values():
        definition = table.definition
        items = []
        for row in table.rows:
            for column in definition.columns:
                label = column_label(column, definition, ws.settings.year, ws.settings.report_type)
                ref = _reference(
                    f"tabell.{definition.id}.{row.definition.id}.{column.id}",
                    f"{row.label} – {label}",
                    context,
                )
                if ref is not None:
                    items.append(ref)
        if items:
            found.append(Group(f"Tabell: {definition.caption}", tuple(items)))
    names = {i.id: i.name for i in ws.indicators}
    values = sorted(
        (k for k, v in computed.values.items() if k[1] == TOTAL and v.value is not None),
        key=lambda k: (k[0], k[2]),
    )
    indicator_refs = [
        ref
        for ident, _, year in values
        if (
            ref := _reference(
                f"indikator.{ident}.{year}", f"{names.get(ident, ident)} {year}", context
            )
        )
    ]
    if indicator_refs:
        found.append(Group("Indikatorer", tuple(indicator_refs)))
    intra = [
        ref
        for result in computed.intraprenader
        for field, label in _INTRAPRENAD_FIELDS.items()
        if (
            ref := _reference(
                f"intraprenad.{result.intraprenad.unit}.{field}",
                f"{result.intraprenad.name} – {label}",
                context,
            )
        )
    ]
    if intra:
        found.append(Group("Intraprenader", tuple(intra)))
    return found


def preview(loaded: Loaded, markdown: str, file: str) -> tuple[str | None, list[Diagnostic]]:
    """The Markdown as HTML with references resolved; None when the workspace cannot be read."""
    if loaded.ws is None or loaded.computed is None:
        return None, []
    context = Context(loaded.ws, loaded.computed)
    text = context.text(markdown, file, 1)
    return (text.html if text else ""), context.diagnostics
