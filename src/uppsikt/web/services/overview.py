"""KS's overview: every nämnd's report with its goal areas' assessments, budget deviation
and workflow status, summarised from each report's computed results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.compute.results import Computed
from uppsikt.located.format import number
from uppsikt.model.assessment import Assessment
from uppsikt.model.goals import GoalArea
from uppsikt.model.workspace import Workspace
from uppsikt.web.models import Kommun, Report
from uppsikt.web.services import checking
from uppsikt.web.services.checking import CheckSummary
from uppsikt.web.services.loaded import load_or_latest
from uppsikt.web.services.store import file_shas_of

ORDER = (Assessment.MET, Assessment.PARTLY_MET, Assessment.NOT_MET, Assessment.NOT_MEASURABLE)


@dataclass(frozen=True, slots=True)
class Cell:
    counts: tuple[tuple[Assessment, int], ...]
    """How many åtaganden (and indicators of the målområde itself) have each assessment."""

    @property
    def empty(self) -> bool:
        return not self.counts

    @property
    def text(self) -> str:
        return ", ".join(f"{n} {a.value}" for a, n in self.counts)


@dataclass(frozen=True, slots=True)
class Row:
    report: Report
    cells: tuple[Cell | None, ...]
    """One per column; None when the report has no such målområde."""
    deviation: str
    """utfall − budget of the whole nämnd this year, in mnkr ('' when it cannot be read)."""
    deviation_negative: bool
    checks: CheckSummary
    revision: int
    """The report's revision the row shows (older than the report's own just after a save)."""


def area_cell(ws: Workspace, computed: Computed, area: GoalArea) -> Cell:
    found: list[Assessment] = [
        computed.commitments[c.id].assessment
        for goal in area.goals
        for c in goal.commitments
        if c.id in computed.commitments
    ]
    found += [
        computed.assessments[i.id]
        for i in ws.indicators
        if any(m.kind == "målområde" and m.ref == area.id for m in i.placements)
        and i.id in computed.assessments
    ]
    counts = Counter(found)
    return Cell(tuple((a, counts[a]) for a in ORDER if counts[a]))


@dataclass(frozen=True, slots=True)
class Group:
    """The reports of one kommun (or those of no kommun) with their own columns."""

    kommun: Kommun | None
    columns: list[tuple[int, str]]
    rows: list[Row]

    @property
    def title(self) -> str:
        return self.kommun.name if self.kommun else "Rapporter utan kommun"


def groups(reports: list[Report]) -> list[Group]:
    """The reports grouped by kommun (in the kommuner's order; those of no kommun last), each
    with the målområden of its own reports as columns."""
    by_kommun: dict[int | None, list[Report]] = {}
    for report in reports:
        by_kommun.setdefault(report.kommun_id, []).append(report)
    kommuner = {k.pk: k for k in Kommun.objects.filter(pk__in=[k for k in by_kommun if k])}
    order = sorted(by_kommun, key=lambda k: (k is None, kommuner[k].name if k else "", k or 0))
    found = []
    for key in order:
        columns, rows = matrix(by_kommun[key])
        found.append(Group(kommuner[key] if key else None, columns, rows))
    return found


def matrix(reports: list[Report]) -> tuple[list[tuple[int, str]], list[Row]]:
    """The columns (målområde number and name, across every report) and one row per report."""
    loaded = []
    shas = file_shas_of(reports)
    for report in reports:
        state, revision = load_or_latest(report, shas[report.pk])
        loaded.append((report, state, revision, checking.summary(report, state, revision)))
    columns = sorted(
        {(a.number, a.name) for _, lo, _, _ in loaded if lo.ws for a in lo.ws.goals.areas}
    )
    rows = []
    for report, lo, revision, checks in loaded:
        if lo.ws is None or lo.computed is None:
            rows.append(Row(report, tuple(None for _ in columns), "", False, checks, revision))
            continue
        by_key = {(a.number, a.name): a for a in lo.ws.goals.areas}
        cells = tuple(
            area_cell(lo.ws, lo.computed, by_key[c]) if c in by_key else None for c in columns
        )
        value = lo.computed.deviation
        shown = number(value / Decimal(1_000_000), 1, signed=True) + " mnkr"
        rows.append(Row(report, cells, shown, value < 0, checks, revision))
    return columns, rows
