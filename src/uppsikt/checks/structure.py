"""Checks the build relies on: the views of the economy agree, and shown values exist."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from uppsikt.checks.figures import shown, shown_years
from uppsikt.compute.cube import stated_whole
from uppsikt.compute.results import Computed
from uppsikt.compute.views import choose_view, views
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.dimensions import ORGANISATION, Dimension
from uppsikt.model.economy import Fact
from uppsikt.model.indicators import TOTAL
from uppsikt.model.workspace import Workspace

HALF = Decimal("0.5")


Totals = dict[tuple[int, str], tuple[Decimal, int]]


def _totals(facts: Iterable[Fact], dimension: str) -> Totals:
    """Per (year, scenario): the sum of the dimension's facts and how many there are (stated
    totals are no facts to add up)."""
    totals: Totals = {}
    for fact in facts:
        if fact.stated or fact.member(dimension) is None:
            continue
        key = (fact.year, fact.scenario.value)
        amount, count = totals.get(key, (Decimal(0), 0))
        totals[key] = (amount + fact.amount, count + 1)
    return totals


def _stated_totals(facts: list[Fact], dimension: Dimension) -> Totals:
    """:func:`_totals`, with a stated total of the whole dimension (``typ: summa``) in place
    of the sum of its rounded facts: the published figure is the one to reconcile."""
    totals = _totals(facts, dimension.name)
    for (year, scenario), amount in stated_whole(dimension, facts).items():
        totals[(year, scenario.value)] = (amount, 0)
    return totals


def views_reconcile(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """Every operating view of the economy (per kontogrupp, per verksamhet, per enhet and
    kontogrupp …) has the organisation's totals.

    The organisation's totals are those of the view a table per enhet reads (compute/views.py).
    Another view is compared with it as a whole, or, when it carries enhet too, over the units
    it covers: a breakdown of some units is compared with those units only. Within one view,
    each dimension's facts are compared with its enhet facts (a ledger's row without an enhet).

    Typed-in facts are rounded to a unit of the amounts, each by at most half a unit, so two
    sums of n and m such facts may differ by up to (n + m) / 2 units without anything being
    wrong; only a larger difference is reported.
    """
    del computed  # the views are compared on the facts themselves
    unit = Decimal(ws.settings.amounts_unit.kronor if ws.settings.amounts_unit else 1)
    order = {d.name: i for i, d in enumerate(ws.dimensions)}
    dimensions = {d.name: d for d in ws.dimensions}
    grouped = views(ws.facts)
    reference_view = choose_view((ORGANISATION,), grouped)
    if reference_view is None:
        return []
    reference = grouped[reference_view]
    found: list[Diagnostic] = []
    for view in sorted(grouped, key=lambda v: sorted(order.get(d, len(order)) for d in v)):
        if not all(d in dimensions and dimensions[d].operating for d in view):
            continue
        facts = grouped[view]
        others = sorted((d for d in view if d != ORGANISATION), key=order.__getitem__)
        if view != reference_view and ORGANISATION in view:
            label = " och ".join(dimensions[d].label.lower() for d in others)
            found += _compare_covered(label, facts, reference, dimensions[ORGANISATION], unit)
            continue
        organisation = dimensions[ORGANISATION]
        against = _stated_totals(facts if view == reference_view else reference, organisation)
        for name in others:
            totals = _stated_totals(facts, dimensions[name])
            found += _compare(dimensions[name].label, totals, against, unit)
    return found


def _compare(label: str, totals: Totals, reference: Totals, unit: Decimal) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for key, (amount, count) in sorted(totals.items()):
        if key not in reference:
            continue
        found += _difference(label, key, (amount, count), reference[key], unit, "")
    return found


def _compare_covered(
    label: str, facts: list[Fact], reference: list[Fact], organisation: Dimension, unit: Decimal
) -> list[Diagnostic]:
    """A view by enhet and ``label`` against the organisation's totals over the units it
    covers (each unit it has facts of, with its subtree), per year and scenario."""
    paths = organisation.paths()
    names = {code: m.name for code, m in organisation.members().items()}
    found: list[Diagnostic] = []
    for key, covered in sorted(_covered(facts).items()):
        inside = {code for code, path in paths.items() if covered & set(path)}
        mine = _key_totals(facts, key, inside)
        theirs = _key_totals(reference, key, inside)
        if theirs[1] == 0:
            continue  # the organisation's view has nothing of these units for the key
        scope = ""
        if any(f.member(ORGANISATION) not in inside for f in reference if _key(f) == key):
            listed = ", ".join(names.get(c, c) for c in sorted(covered)[:_LISTED])
            more = f" och {len(covered) - _LISTED} till" if len(covered) > _LISTED else ""
            scope = f" för de enheter den omfattar ({listed}{more})"
        found += _difference(label, key, mine, theirs, unit, scope)
    return found


_LISTED = 6


def _key(fact: Fact) -> tuple[int, str]:
    return (fact.year, fact.scenario.value)


def _covered(facts: list[Fact]) -> dict[tuple[int, str], set[str]]:
    """Per (year, scenario): the units a view has facts of. A fact of 0 kronor (a ledger's
    entries that cancel out) says nothing of the unit's amount, so it covers nothing."""
    found: dict[tuple[int, str], set[str]] = {}
    for fact in facts:
        code = fact.member(ORGANISATION)
        if code is not None and fact.amount != 0 and fact.post:
            found.setdefault(_key(fact), set()).add(code)
    return found


def _key_totals(facts: list[Fact], key: tuple[int, str], inside: set[str]) -> tuple[Decimal, int]:
    chosen = [
        f.amount for f in facts if f.post and _key(f) == key and f.member(ORGANISATION) in inside
    ]
    return sum(chosen, Decimal(0)), len(chosen)


def _difference(
    label: str,
    key: tuple[int, str],
    view: tuple[Decimal, int],
    organisation: tuple[Decimal, int],
    unit: Decimal,
    scope: str,
) -> list[Diagnostic]:
    """The finding of two sums (and the number of facts in each) that should agree."""
    (amount, count), (org_amount, org_count) = view, organisation
    tolerance = (count + org_count) * HALF * unit
    difference = amount - org_amount
    if abs(difference) > tolerance:
        return [_disagree(label, key, amount, org_amount, unit, scope)]
    if difference != 0:
        return [_rounding(label, key, amount, org_amount, unit, scope)]
    return []


def _disagree(
    label: str, key: tuple[int, str], amount: Decimal, org: Decimal, unit: Decimal, scope: str
) -> Diagnostic:
    year, scenario = key
    return Diagnostic(
        "UPP401",
        Severity.ERROR,
        f"Summan per {label.lower()} ({shown(amount / unit)}) för {scenario} {year}{scope} "
        f"skiljer sig från summan per enhet ({shown(org / unit)}) med "
        f"{shown((amount - org) / unit)}, mer än avrundning kan förklara.",
        Location(file="ekonomi/", place=f"{scenario} {year}"),
        "Kontrollera att båda vyerna bygger på samma bokslut; leta efter en rad som saknas "
        "eller står två gånger.",
    )


def _rounding(
    label: str, key: tuple[int, str], amount: Decimal, org: Decimal, unit: Decimal, scope: str
) -> Diagnostic:
    year, scenario = key
    return Diagnostic(
        "UPP403",
        Severity.NOTE,
        f"Avrundningsdifferens: summan per {label.lower()} ({shown(amount / unit)}) för "
        f"{scenario} {year}{scope} skiljer sig från summan per enhet ({shown(org / unit)}) med "
        f"{shown((amount - org) / unit)}, "
        "vilket avrundningen av de inskrivna beloppen förklarar.",
        Location(file="ekonomi/", place=f"{scenario} {year}"),
    )


def missing_values(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """An indicator shown in the report has a value, or a reason, for each year it shows."""
    found: list[Diagnostic] = []
    year = ws.settings.year
    kind = ws.settings.report_type.kind
    for indicator in ws.indicators:
        keys = [TOTAL, *(b.key for b in indicator.breakdowns)]
        missing = [
            (key, y)
            for y in shown_years(indicator, year)
            for key in keys
            if (indicator.id, key, y) not in computed.values
            # A plan and an interim report are written before the year's values exist.
            and not (y == year and (kind.plan or kind.interim))
        ]
        if missing:
            listed = ", ".join(f"{y} ({key})" for key, y in missing[:6])
            more = f" och {len(missing) - 6} till" if len(missing) > 6 else ""
            found.append(
                Diagnostic(
                    "UPP402",
                    Severity.WARNING,
                    f"Indikatorn «{indicator.name}» saknar rad för {listed}{more}.",
                    Location(file="indikatorvarden.csv", place=f"indikator {indicator.id}"),
                    "Lägg till värdet, eller en rad med tomt värde och skälet i kolumnen saknas.",
                )
            )
    return found
