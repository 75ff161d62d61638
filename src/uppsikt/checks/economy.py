"""Economy checks: column headers that say what the column holds, years a table shows that
have data, and units with a budget but no outcome (or the reverse)."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from uppsikt.checks.figures import shown
from uppsikt.compute.results import Computed
from uppsikt.compute.tables import effective_scenario
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.economy import Scenario
from uppsikt.model.tables import ColumnDef, ColumnKind, TableDef
from uppsikt.model.workspace import Workspace

TABLES_FILE = "tabeller.yaml"

# "budget − bokslut", "Utfall-budget", "2020 – 2019": two terms around a minus sign or dash.
_DIFFERENCE = re.compile(
    r"\b(budget|bokslut|utfall|prognos|\d{4})\s*[-−–]\s*(budget|bokslut|utfall|prognos|\d{4})\b",
    re.IGNORECASE,
)
_TERMS = {
    Scenario.OUTCOME: {"utfall", "bokslut"},
    Scenario.BUDGET: {"budget"},
    Scenario.FORECAST: {"prognos"},
}


def column_headers(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """A column whose header names a difference ("budget − utfall") holds that difference,
    not its reverse."""
    del computed
    found: list[Diagnostic] = []
    for table in ws.tables:
        columns = {c.id: c for c in table.columns}
        for column in table.columns:
            match = _DIFFERENCE.search(column.label)
            if column.kind not in (ColumnKind.DIFFERENCE, ColumnKind.CHANGE) or not match:
                continue
            if len(column.operands) != 2 or any(o not in columns for o in column.operands):
                continue
            first, second = (columns[o] for o in column.operands)
            said = (match.group(1).casefold(), match.group(2).casefold())
            year = ws.settings.year
            if _names(first, said[1], year) and _names(second, said[0], year):
                found.append(_reversed(table, column, match.group(0), first, second, year))
    return found


def _names(column: ColumnDef, term: str, year: int) -> bool:
    """Whether a header's term (budget, bokslut, 2019 …) names this amount column."""
    if column.kind is not ColumnKind.AMOUNT:
        return False
    if term.isdigit():
        return int(term) == year + column.year_offset
    return column.scenario is not None and term in _TERMS.get(column.scenario, set())


def _reversed(
    table: TableDef, column: ColumnDef, said: str, first: ColumnDef, second: ColumnDef, year: int
) -> Diagnostic:
    holds = f"{_describe(first, year)} − {_describe(second, year)}"
    return Diagnostic(
        "UPP426",
        Severity.ERROR,
        f"Kolumnen «{column.label}» i tabellen «{table.caption}» säger «{said}», men den "
        f"beräknas som {holds}: tecknet blir det omvända mot rubriken.",
        Location(file=TABLES_FILE, line=table.line, place=f"tabell {table.id}, kolumn {column.id}"),
        f"Ändra rubriken så att den säger {holds}, eller byt ordning på kolumnerna i «av».",
    )


def _describe(column: ColumnDef, year: int) -> str:
    if column.scenario is Scenario.OUTCOME:
        return "utfall" if column.year_offset == 0 else f"utfall {year + column.year_offset}"
    name = column.scenario.value if column.scenario else column.id
    return name if column.year_offset == 0 else f"{name} {year + column.year_offset}"


def table_years_have_data(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """Every year and scenario a table shows has facts: a table of bokslut 2019 with no
    facts for 2019 would show empty cells without saying why."""
    del computed
    present = {(f.year, f.scenario) for f in ws.facts}
    found: list[Diagnostic] = []
    for table in ws.tables:
        for column in table.columns:
            scenario = effective_scenario(column, ws.settings.report_type)
            if column.kind is not ColumnKind.AMOUNT or scenario is None:
                continue
            if scenario is Scenario.CARRIED_OVER:
                continue  # optional by nature: most years nothing is carried over
            year = ws.settings.year + column.year_offset
            if (year, scenario) in present:
                continue
            found.append(
                Diagnostic(
                    "UPP427",
                    Severity.WARNING,
                    f"Tabellen «{table.caption}» visar {scenario.value} {year}, men det finns "
                    f"inga ekonomiska uppgifter för {scenario.value} {year}.",
                    Location(file=TABLES_FILE, line=table.line, place=f"tabell {table.id}"),
                    f"Lägg till uppgifterna för {year} i ekonomi/ eller importera dem, eller ta "
                    "bort kolumnen.",
                )
            )
    return found


def budget_and_outcome(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """Each unit of the organisation with a budget for the report year has an outcome, and
    each unit with an outcome has a budget (in an årsberättelse; a delårsrapport's outcome
    is partial by nature, so the check waits for the year)."""
    del computed
    if ws.settings.report_type.kind.interim:
        return []
    year = ws.settings.year
    amounts: dict[str, dict[Scenario, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    seen: dict[str, set[Scenario]] = defaultdict(set)
    for fact in ws.facts:
        unit = fact.member(ORGANISATION)
        if unit is None or fact.year != year or fact.stated:
            continue
        amounts[unit][fact.scenario] += fact.amount
        seen[unit].add(fact.scenario)
    organisation = ws.dimension(ORGANISATION)
    names = {code: m.name for code, m in organisation.members().items()} if organisation else {}
    found: list[Diagnostic] = []
    # Amounts are shown in the unit they were written in (tkr in most workspaces).
    per = Decimal(ws.settings.amounts_unit.kronor if ws.settings.amounts_unit else 1)
    for unit in sorted(amounts):
        budget = amounts[unit][Scenario.BUDGET]
        outcome = amounts[unit][Scenario.OUTCOME]
        name = names.get(unit, unit)
        if budget != 0 and Scenario.OUTCOME not in seen[unit]:
            found.append(_one_sided(unit, name, year, "budget", budget / per, "utfall"))
        elif outcome != 0 and Scenario.BUDGET not in seen[unit]:
            found.append(_one_sided(unit, name, year, "utfall", outcome / per, "budget"))
    return found


def _one_sided(
    unit: str, name: str, year: int, has: str, amount: Decimal, lacks: str
) -> Diagnostic:
    return Diagnostic(
        "UPP428",
        Severity.WARNING,
        f"Enheten {name} ({unit}) har {has} {year} ({shown(amount)}) men "
        f"{'ingen budget' if lacks == 'budget' else 'inget utfall'}.",
        Location(file="ekonomi/", place=f"enhet {unit}, {year}"),
        f"Kontrollera att {lacks} för enheten finns med i underlaget; om det är rätt (en "
        "reserv som inte har använts, till exempel), godta fyndet i kontroller.yaml med skälet.",
    )
