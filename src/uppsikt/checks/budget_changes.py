"""Budget changes during the year (ekonomi/budgetandringar.csv): a transfer's rows sum to zero,
and a change leaves a unit with an ursprunglig budget of the same sign as its budget."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from uppsikt.compute.budget_changes import budget_cube, budget_trace, unit_budget
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.located.format import number
from uppsikt.model.budget_changes import BudgetChange, ChangeKind
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.budget_changes import BUDGET_CHANGES_FILE


def transfers_balance(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """The rows of one omdisponering decision sum to zero: a transfer moves budget between
    units, it adds none (that is a tilläggsbudget)."""
    del computed
    decisions: dict[str, list[BudgetChange]] = defaultdict(list)
    for change in ws.budget_changes:
        if change.kind is ChangeKind.TRANSFER:
            decisions[change.decision].append(change)
    found: list[Diagnostic] = []
    for decision, rows in decisions.items():
        total = sum((c.amount for c in rows), Decimal(0))
        if total == 0:
            continue
        unit = ws.settings.amounts_unit
        shown = f"{_number(total / unit.kronor)} {unit.value}" if unit else f"{_number(total)} kr"
        found.append(
            Diagnostic(
                "UPP495",
                Severity.ERROR,
                f"Omdisponeringen «{decision}» summerar till {shown}, inte till noll "
                f"({len(rows)} rader).",
                _where(rows[0]),
                "En omdisponering flyttar budget mellan enheter: det som läggs till en enhet "
                "dras från en annan. Rätta beloppen, eller ange slaget «tilläggsbudget» för "
                "budget som fullmäktige tillfört.",
            )
        )
    return found


def changes_fit_budget(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """A change names a unit with budget, and a unit's changes do not make its ursprunglig
    budget change sign (a net cost turned into a surplus is most often a sign error)."""
    del computed
    organisation = ws.dimension(ORGANISATION)
    trace = budget_trace(ws)
    if organisation is None or not trace.changes:
        return []
    cube = budget_cube(ws, organisation)
    found: list[Diagnostic] = []
    for change in trace.changes:
        if unit_budget(cube, change.unit, ws.settings.year) is None:
            found.append(
                Diagnostic(
                    "UPP496",
                    Severity.WARNING,
                    f"Budgetförändringen («{change.decision}») gäller {change.unit}, som inte "
                    f"har någon budget för {ws.settings.year}.",
                    _where(change),
                    "Kontrollera enhetskoden, eller lägg in enhetens budget i ekonomi/.",
                )
            )
    for unit in trace.units:
        budget, original = unit.budget, unit.original
        if budget is None or original is None or budget == 0 or original == 0:
            continue
        if (budget < 0) != (original < 0):
            first = next(c for c in trace.changes if c.unit == unit.unit)
            found.append(
                Diagnostic(
                    "UPP496",
                    Severity.WARNING,
                    f"Förändringarna för {unit.name} gör att den ursprungliga budgeten får "
                    f"motsatt tecken mot budgeten ({'intäkt' if original > 0 else 'kostnad'} "
                    f"i stället för {'kostnad' if budget < 0 else 'intäkt'}).",
                    _where(first),
                    "Beloppen ska ha budgetens tecken: en ökad nettokostnad är negativ. "
                    "Kontrollera tecknet på förändringarna.",
                )
            )
    return found


def _where(change: BudgetChange) -> Location:
    return Location(
        file=change.file or BUDGET_CHANGES_FILE, line=change.line, place=change.decision
    )


def _number(value: Decimal) -> str:
    return number(value, 0 if value == value.to_integral_value() else 2)
