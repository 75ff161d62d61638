"""Indicator checks: one figure, one value; parts that can make their whole; shares in range.

Typed values are published figures, so every comparison is made on the intervals they stand
for (see :mod:`uppsikt.checks.intervals`): a difference rounding explains is a note
("avrundningsdifferens"), a larger one an error that says by how much.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.checks.figures import (
    ValueSource,
    as_counted,
    as_printed,
    complementary_splits,
    same_name,
    shown,
    typed_values,
    unit_of,
    value_location,
    where_shown,
)
from uppsikt.checks.intervals import Agreement, Interval, sum_holds
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.indicators import TOTAL, Indicator
from uppsikt.model.workspace import Workspace

_Key = tuple[str, str, int]


def same_figure(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """Indicators with the same name and unit shown in several places agree year by year.

    A report often lists one figure twice (a målområde's table and Fem år i sammandrag); when
    the two were copied from different sources they drift apart.
    """
    del computed
    typed = typed_values(ws)
    groups: dict[tuple[str, str], list[Indicator]] = defaultdict(list)
    for indicator in ws.indicators:
        groups[(same_name(indicator.name), indicator.unit)].append(indicator)
    found: list[Diagnostic] = []
    for members in groups.values():
        for index, first in enumerate(members):
            for second in members[index + 1 :]:
                found.extend(_compare_pair(ws, typed, first, second))
    return found


def _compare_pair(
    ws: Workspace, typed: dict[_Key, tuple[Decimal, ValueSource]], a: Indicator, b: Indicator
) -> list[Diagnostic]:
    differ: list[str] = []
    rounding: list[str] = []
    first_line: tuple[str, int, ValueSource] | None = None
    for (indicator, breakdown, year), (value, line) in sorted(typed.items()):
        if indicator != a.id or (b.id, breakdown, year) not in typed:
            continue
        other, _ = typed[(b.id, breakdown, year)]
        mine, theirs = as_printed(value), as_printed(other)
        what = f"{year}" + ("" if breakdown == TOTAL else f" ({breakdown})")
        pair = f"{what}: {shown(value)} och {shown(other)}"
        if value == other:
            continue
        # Strict overlap: 35 and 36 touch at 35,5, but one true value cannot be printed as
        # both with the same decimals, so only a figure written less precisely is rounding.
        if mine.lo < theirs.hi and theirs.lo < mine.hi:
            rounding.append(pair)
        else:
            differ.append(pair)
            first_line = first_line or (breakdown, year, line)
    places = f"«{a.name}» ({where_shown(ws, a)}, {a.id}) och ({where_shown(ws, b)}, {b.id})"
    if differ and first_line is not None:
        breakdown, year, line = first_line
        return [
            Diagnostic(
                "UPP420",
                Severity.ERROR,
                f"Samma indikator står med olika värden på två ställen: {places}. "
                f"Värdena skiljer sig för {'; '.join(differ)}.",
                value_location(a.id, breakdown, year, line),
                "Ta reda på vilken källa som gäller och använd samma värde på båda ställena, "
                "eller ge indikatorerna namn som visar att de mäter olika saker.",
            )
        ]
    if rounding:
        return [
            Diagnostic(
                "UPP420",
                Severity.NOTE,
                f"Avrundningsdifferens: {places} skiljer sig bara i avrundningen "
                f"({'; '.join(rounding)}).",
                value_location(a.id, TOTAL, ws.settings.year, None),
                "Skriv värdet med samma antal decimaler på båda ställena.",
            )
        ]
    return []


@dataclass(frozen=True, slots=True)
class _Case:
    """A whole and its parts in one year, as typed."""

    indicator: Indicator
    whole_label: str
    year: int
    whole: tuple[Decimal, ValueSource]
    """The whole's value and the line it was read from."""
    parts: list[Decimal]


def share_between_parts(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """A total share lies between the shares of its parts (women's and men's, girls' and boys').

    84 % of all students cannot pass when 81 % of the women and 81 % of the men do.
    """
    del computed
    found: list[Diagnostic] = []
    for case in _cases(ws, "procent"):
        value, parts = case.whole[0], case.parts
        if min(parts) <= value <= max(parts):
            continue
        hull = Interval(min(as_printed(v).lo for v in parts), max(as_printed(v).hi for v in parts))
        stated = as_printed(value)
        agreement = Agreement.ROUNDING if hull.overlaps(stated) else Agreement.OUTSIDE
        found.append(_share_outside(case, agreement, hull.gap(stated)))
    return found


def _cases(ws: Workspace, unit: str) -> Iterator[_Case]:
    """Every whole with all its parts typed for a year, for the splits in ``unit``."""
    typed = typed_values(ws)
    years = _years_by_indicator(typed)
    for indicator in ws.indicators:
        for split in complementary_splits(indicator):
            keys = [split.whole, *(p.key for p in split.parts)]
            if any(unit_of(indicator, key) != unit for key in keys):
                continue
            for year in years.get(indicator.id, []):
                whole = typed.get((indicator.id, split.whole, year))
                parts = [typed.get((indicator.id, p.key, year)) for p in split.parts]
                values = [p[0] for p in parts if p is not None]
                if whole is not None and len(values) == len(parts):
                    yield _Case(indicator, split.whole_label, year, whole, values)


def _share_outside(case: _Case, agreement: Agreement, gap: Decimal) -> Diagnostic:
    indicator, whole_label, year, parts = case.indicator, case.whole_label, case.year, case.parts
    value, line = case.whole
    listed = " och ".join(f"{shown(p)} %" for p in parts)
    where = value_location(indicator.id, TOTAL, year, line)
    if agreement is Agreement.ROUNDING:
        return Diagnostic(
            "UPP421",
            Severity.NOTE,
            f"Avrundningsdifferens: «{indicator.name}» {year} är {shown(value)} % för "
            f"{whole_label} och {listed} för delarna; avrundningen kan förklara det.",
            where,
        )
    return Diagnostic(
        "UPP421",
        Severity.ERROR,
        f"«{indicator.name}» {year}: andelen för {whole_label} ({shown(value)} %) kan inte "
        f"ligga utanför delarnas andelar ({listed}); den ligger minst {shown(gap)} "
        "procentenheter utanför, även med avrundning.",
        where,
        "En andel för helheten är ett vägt medelvärde av delarnas och ligger mellan dem. "
        "Kontrollera värdena mot källan.",
    )


def counts_add_up(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """Counts of the parts (kvinnor + män) add up to the whole, within rounding."""
    del computed
    found: list[Diagnostic] = []
    for case in _cases(ws, "antal"):
        verdict = sum_holds([as_counted(v) for v in case.parts], as_counted(case.whole[0]))
        if verdict.agreement is not Agreement.EXACT:
            found.append(_count_diagnostic(case, verdict.agreement, verdict.off_by))
    return found


def _count_diagnostic(case: _Case, agreement: Agreement, off_by: Decimal) -> Diagnostic:
    indicator, whole_label, year, parts = case.indicator, case.whole_label, case.year, case.parts
    value, line = case.whole
    total = sum(parts, Decimal(0))
    listed = " + ".join(shown(p) for p in parts)
    where = value_location(indicator.id, TOTAL, year, line)
    if agreement is Agreement.ROUNDING:
        return Diagnostic(
            "UPP422",
            Severity.NOTE,
            f"Avrundningsdifferens: «{indicator.name}» {year}: {listed} = {shown(total)}, "
            f"{whole_label} är {shown(value)}.",
            where,
        )
    # Parts short of the whole may be a group the split leaves out (kön okänt); parts
    # exceeding it cannot be right.
    more = total > value
    return Diagnostic(
        "UPP422",
        Severity.ERROR if more else Severity.WARNING,
        f"«{indicator.name}» {year}: delarna {listed} = {shown(total)}, men {whole_label} är "
        f"{shown(value)} (skillnad minst {shown(off_by)}).",
        where,
        "Delarna kan inte vara fler än helheten; rätta värdena."
        if more
        else "Om några saknar uppgift om kön, skriv det i en fotnot; annars rätta värdena.",
    )


def shares_in_range(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """A share (an indicator named Andel … in procent) lies within 0–100 %."""
    del computed
    found: list[Diagnostic] = []
    indicators = {i.id: i for i in ws.indicators}
    for (indicator, breakdown, year), (value, line) in sorted(typed_values(ws).items()):
        item = indicators.get(indicator)
        if item is None or not item.is_share(breakdown) or 0 <= value <= 100:
            continue
        found.append(
            Diagnostic(
                "UPP423",
                Severity.ERROR,
                f"«{item.name}» {year} är {shown(value)} %, men en andel ligger mellan 0 och "
                "100 %.",
                value_location(indicator, breakdown, year, line),
                "Rätta värdet; skriv procent som procent (81, inte 0,81 eller 8 100).",
            )
        )
    return found


def _years_by_indicator(typed: dict[_Key, tuple[Decimal, ValueSource]]) -> dict[str, list[int]]:
    years: dict[str, set[int]] = defaultdict(set)
    for ident, _, year in typed:
        years[ident].add(year)
    return {ident: sorted(found) for ident, found in years.items()}
