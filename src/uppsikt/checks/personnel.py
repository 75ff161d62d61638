"""The personnel indicators have a place in the report: the section `personal`."""

from __future__ import annotations

from uppsikt.checks.figures import indicator_location
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.settings import PERSONNEL_SECTION
from uppsikt.model.workspace import Workspace


def hr_section_listed(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """An indicator that belongs to `hr` is shown only in the section `personal`: without the
    section in `avsnitt` it would silently be left out of the report and the data package."""
    del computed
    if PERSONNEL_SECTION in ws.settings.sections:
        return []
    return [
        Diagnostic(
            "UPP460",
            Severity.WARNING,
            f"Personalindikatorn «{indicator.name}» (tillhör: hr) visas inte i rapporten: "
            f"avsnittet «{PERSONNEL_SECTION}» saknas i uppsikt.yaml.",
            indicator_location(ws, indicator.id),
            f"Lägg till «- {PERSONNEL_SECTION}» under «avsnitt» i uppsikt.yaml, eller ta bort "
            "«hr» ur indikatorns «tillhör».",
        )
        for indicator in ws.indicators
        if any(m.kind == "hr" for m in indicator.placements)
    ]
