"""Checks of an indicator's series: targets that fit it, and years that run without gaps."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from uppsikt.checks.figures import indicator_location, shown, shown_years
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.indicators import TOTAL, Better, Direction, Indicator
from uppsikt.model.workspace import Workspace

_CONTRADICTS = {Better.HIGHER: Direction.DECREASE, Better.LOWER: Direction.INCREASE}


def targets_fit(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """A målvärde fits its indicator: a share's target within 0–100 % and written in per
    cent, a direction that points the way the indicator improves."""
    del computed
    found: list[Diagnostic] = []
    for indicator in ws.indicators:
        for year, target in indicator.targets:
            if target.value is not None:
                found.extend(_value_target(ws, indicator, year, target.value))
            direction = target.direction
            if direction is not None and _CONTRADICTS.get(indicator.better) is direction:
                found.append(
                    Diagnostic(
                        "UPP424",
                        Severity.WARNING,
                        f"«{indicator.name}»: målvärdet {year} är «{direction.value}», men "
                        f"indikatorn är bättre när den är {indicator.better.value}.",
                        indicator_location(ws, indicator.id),
                        "Rätta målvärdet eller fältet «bättre» så att de pekar åt samma håll.",
                    )
                )
    return found


def _value_target(
    ws: Workspace, indicator: Indicator, year: int, value: Decimal
) -> list[Diagnostic]:
    if indicator.unit != "procent":
        return []
    where = indicator_location(ws, indicator.id)
    if indicator.is_share() and not 0 <= value <= 100:
        return [
            Diagnostic(
                "UPP424",
                Severity.ERROR,
                f"«{indicator.name}»: målvärdet {year} är {shown(value)} %, men en andel "
                "ligger mellan 0 och 100 %.",
                where,
                "Rätta målvärdet.",
            )
        ]
    values = [v.value for v in ws.values if v.indicator == indicator.id and v.value is not None]
    if 0 < value < 1 and values and min(values) >= 1:
        return [
            Diagnostic(
                "UPP424",
                Severity.WARNING,
                f"«{indicator.name}»: målvärdet {year} är {shown(value)}, men värdena är skrivna "
                f"i procent (som {shown(max(values))}); målvärdet ser ut att vara en andel i "
                "decimalform.",
                where,
                f"Skriv målvärdet i procent: {shown(value * 100)}.",
            )
        ]
    return []


def years_without_gaps(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """An indicator's series runs without gaps: a year between its first and last has a row,
    with a value or with the reason it is missing.

    Years the report shows are left to ``varden-finns`` (UPP402), so each gap is named once.
    """
    del computed
    years: dict[tuple[str, str], set[int]] = defaultdict(set)
    for item in ws.values:
        years[(item.indicator, item.breakdown)].add(item.year)
    indicators = {i.id: i for i in ws.indicators}
    found: list[Diagnostic] = []
    for (ident, breakdown), present in sorted(years.items()):
        indicator = indicators.get(ident)
        if indicator is None:
            continue
        shown_span = shown_years(indicator, ws.settings.year)
        gaps = [
            y
            for y in range(min(present), max(present) + 1)
            if y not in present and y not in shown_span
        ]
        if not gaps:
            continue
        part = "" if breakdown == TOTAL else f" ({breakdown})"
        found.append(
            Diagnostic(
                "UPP425",
                Severity.WARNING,
                f"Serien för «{indicator.name}»{part} har luckor: "
                f"{', '.join(str(y) for y in gaps)} saknas mellan {min(present)} och "
                f"{max(present)}.",
                indicator_location(ws, ident),
                "Lägg till raderna i indikatorvarden.csv, med värdet eller med skälet i "
                "kolumnen saknas.",
            )
        )
    return found
