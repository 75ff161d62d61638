"""The computed figures a text may refer to, for the reference picker, and the preview.

The figures are the core's (compute.references.offered); this module groups them and caches
the result by the files the figures are computed from (fragments.figures_key): every file
but the narrative texts, which computing never reads. Saving a text keeps the picker; saving a
value or any other file gives a new key, so the picker never shows a figure as it was. The
picker's HTML is a shared fragment (fragments.fragment): one serving process renders it."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from uppsikt.compute.references import offered
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.model.tables import ColumnDef, TableDef
from uppsikt.reports.build.context import Context
from uppsikt.reports.build.economy import column_label
from uppsikt.reports.html.richtext import render_richtext
from uppsikt.web.services.fragments import figures_key, fragment
from uppsikt.web.services.loaded import Loaded


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of the picker."""

    text: str
    """What is inserted: '{{ tabell.enheter.netto.avvikelse }}'."""
    label: str
    shown: str
    """The figure as the text will show it."""


@dataclass(frozen=True, slots=True)
class Group:
    title: str
    references: tuple[Choice, ...]


def groups(loaded: Loaded) -> list[Group]:
    """Every figure that can be referred to, grouped by table, indicators and intraprenader.

    Worked out once per figures key (fragments.figures_key): saving a text keeps them."""
    if loaded.ws is None:
        return []  # the texts may be why it could not be read: never a kept picker
    key = figures_key(loaded)
    with _lock:
        found = _groups.get(key)
    if found is None:
        found = _work_out(loaded)
        with _lock:
            _groups[key] = found
            while len(_groups) > _KEEP:
                del _groups[next(iter(_groups))]
    return found


def picker(loaded: Loaded) -> SafeString:
    """The picker's options as HTML (:func:`options_html`; empty when nothing can be referred
    to), rendered once per figures key for every serving process (fragments.fragment)."""
    if loaded.ws is None:
        return SafeString("")
    return fragment("referensval", loaded, lambda: str(options_html(groups(loaded))))


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
    """The core's list of every reference (compute.references.offered), grouped in order."""
    if loaded.ws is None or loaded.computed is None:
        return []
    settings = loaded.ws.settings

    def label(column: ColumnDef, table: TableDef) -> str:
        return column_label(column, table, settings.year, settings.report_type)

    grouped: dict[str, list[Choice]] = {}
    for item in offered(loaded.ws, loaded.computed, label):
        choice = Choice(str(item.reference), item.label, item.shown)
        grouped.setdefault(item.group, []).append(choice)
    return [Group(title, tuple(choices)) for title, choices in grouped.items()]


def preview(loaded: Loaded, markdown: str, file: str) -> tuple[str | None, list[Diagnostic]]:
    """The Markdown as HTML with references resolved; None when the workspace cannot be read."""
    if loaded.ws is None or loaded.computed is None:
        return None, []
    context = Context(loaded.ws, loaded.computed)
    text = context.text(markdown, file, 1)
    return (str(render_richtext(text.body)) if text else ""), context.diagnostics
