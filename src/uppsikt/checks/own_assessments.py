"""The nämnd's own assessment of an åtagande (``egen_bedömning`` in mal.yaml) against the one
computed from its indicators: a difference is no error (the nämnd may know more than its
indicators say), but it is noted, so that the editors see both before the report is adopted.
"""

from __future__ import annotations

from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.workspace import Workspace

GOALS_FILE = "mal.yaml"


def own_assessment_differs(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """An åtagande whose own assessment differs from the computed one is a note naming both."""
    found: list[Diagnostic] = []
    for ident, (_, _, commitment) in ws.goals.commitments().items():
        own = commitment.own
        status = computed.commitments.get(ident)
        if own is None or status is None or own.assessment is status.assessment:
            continue
        reason = f" Motivering: {own.reason}" if own.reason else " Nämnden anger ingen motivering."
        found.append(
            Diagnostic(
                "UPP483",
                Severity.NOTE,
                f"Åtagandet «{commitment.text}» ({ident}) bedöms av nämnden som "
                f"«{own.assessment.value}», men indikatorerna ger «{status.assessment.value}». "
                f"Rapporten visar båda.{reason}",
                Location(file=GOALS_FILE, line=own.line, place=f"åtagande {ident}"),
            )
        )
    return found
