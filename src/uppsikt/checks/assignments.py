"""Checks of the uppdrag: an assignment past its due date is reported as done or not done."""

from __future__ import annotations

import calendar
import datetime
import re

from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.assignments import Assignment
from uppsikt.model.settings import Settings
from uppsikt.model.workspace import Workspace

_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
_WORD = re.compile(r"[a-zåäö]+")


def period_end(settings: Settings) -> datetime.date:
    """The last day the report covers: 31 December of the report year, or for an interim
    report the end of the last month its period names ('januari–augusti': 31 August)."""
    year = settings.year
    if settings.report_type.kind.interim:
        months = [
            _MONTHS.index(w) + 1 for w in _WORD.findall(settings.period.lower()) if w in _MONTHS
        ]
        if months:
            last = months[-1]
            return datetime.date(year, last, calendar.monthrange(year, last)[1])
    return datetime.date(year, 12, 31)


def overdue_assignments(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """An assignment due within the report's period is reported as done, or it is said why
    not: without a status, or still «pågår» or «ej påbörjat», it is a warning."""
    del computed
    if not ws.assignments:
        return []
    end = period_end(ws.settings)
    return [
        _overdue(assignment, end)
        for assignment in ws.assignments
        if assignment.due is not None
        and assignment.due <= end
        and (assignment.status is None or assignment.status.unfinished)
    ]


def _overdue(assignment: Assignment, end: datetime.date) -> Diagnostic:
    due = assignment.due.isoformat() if assignment.due else ""
    state = (
        "har ingen status"
        if assignment.status is None
        else f"har fortfarande status «{assignment.status.value}»"
    )
    return Diagnostic(
        "UPP450",
        Severity.WARNING,
        f"Uppdraget «{assignment.id}» ({assignment.title}) skulle vara klart {due}, inom "
        f"rapportperioden (till och med {end.isoformat()}), men {state}.",
        Location(
            file=assignment.file or "uppdrag.yaml",
            line=assignment.line,
            field="status",
            place=f"uppdrag {assignment.id}",
        ),
        "Ange om uppdraget är genomfört; är det inte klart, sätt en status som «ej uppfyllt» "
        "och förklara i «kommentar» varför och när det blir klart, eller ändra «klart» om "
        "datumet har flyttats.",
    )
