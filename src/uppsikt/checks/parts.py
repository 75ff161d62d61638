"""A «varav» indicator (``del_av``) is a part of another: it names one that exists, in the same
unit, and is never larger than its whole beyond what rounding explains."""

from __future__ import annotations

from uppsikt.checks.figures import as_counted, indicator_location, shown, typed_values
from uppsikt.checks.intervals import Agreement, sum_holds
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.indicators import TOTAL
from uppsikt.model.workspace import Workspace

CODE = "UPP429"


def parts_within_whole(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """Every ``del_av`` names a known indicator in the same unit, and the part's value for a
    year never exceeds the whole's."""
    del computed
    indicators = {i.id: i for i in ws.indicators}
    typed = typed_values(ws)
    found: list[Diagnostic] = []
    for part in ws.indicators:
        if part.part_of is None:
            continue
        whole = indicators.get(part.part_of)
        where = indicator_location(ws, part.id)
        if whole is None or whole.id == part.id or whole.unit != part.unit:
            problem = (
                "finns inte"
                if whole is None
                else "är indikatorn själv"
                if whole.id == part.id
                else f"har enheten {whole.unit}, inte {part.unit}"
            )
            found.append(
                Diagnostic(
                    CODE,
                    Severity.ERROR,
                    f"«{part.name}» är del av «{part.part_of}», som {problem}.",
                    where,
                    "Skriv i «del_av» id:t för den indikator som detta är en del av, i samma "
                    "enhet.",
                )
            )
            continue
        for (ident, breakdown, year), (value, _) in sorted(typed.items()):
            if ident != part.id or breakdown != TOTAL:
                continue
            whole_value = typed.get((whole.id, TOTAL, year))
            if whole_value is None:
                continue
            # The part plus a non-negative rest must be able to make the whole.
            verdict = sum_holds([as_counted(value)], as_counted(whole_value[0]))
            if value > whole_value[0] and verdict.agreement is Agreement.OUTSIDE:
                found.append(
                    Diagnostic(
                        CODE,
                        Severity.ERROR,
                        f"«{part.name}» {year} är {shown(value)}, mer än helheten "
                        f"«{whole.name}», {shown(whole_value[0])}.",
                        where,
                        "En del kan inte vara större än helheten; rätta något av värdena.",
                    )
                )
    return found
