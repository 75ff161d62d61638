"""Reading indikatorer.yaml (definitions, footnotes, groups) and indikatorvarden.csv (values)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from uppsikt.located.csvfile import cell_number, cell_year, read_csv
from uppsikt.located.numbers import NUMBER_HINT, number_problem, parse_number
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node
from uppsikt.model.indicators import (
    TOTAL,
    Better,
    Breakdown,
    DerivedFrom,
    Direction,
    Footnote,
    Indicator,
    IndicatorGroup,
    IndicatorKind,
    IndicatorValue,
    MissingReason,
    Placement,
    Target,
)
from uppsikt.model.units import UNITS

INDICATORS_FILE = "indikatorer.yaml"
VALUES_FILE = "indikatorvarden.csv"

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_KEYS = (
    "id", "namn", "enhet", "decimaler", "bättre", "målvärde", "målvärde_fotnot", "målvärden",
    "uppdelning", "fotnoter", "kolada", "tillhör", "härledd", "tecken", "slag", "del_av",
)  # fmt: skip
_STANDARD_BREAKDOWNS = {
    "K": "Kvinnor",
    "M": "Män",
    "flickor": "Flickor",
    "pojkar": "Pojkar",
}
_MEMBERSHIP_KINDS = ("åtagande", "målområde", "fem-år", "hr")


def read_indicator_file(
    node: Node, year: int, lines: dict[str, int | None]
) -> tuple[tuple[Indicator, ...], tuple[IndicatorGroup, ...], tuple[Footnote, ...]]:
    """Definitions, groups and footnotes; ``lines`` receives the line of each indicator."""
    node.check_unknown(("fotnoter", "grupper", "indikatorer"))
    footnotes = tuple(
        Footnote(n.text("id"), n.text("text")) for n in node.nodes("fotnoter", "en fotnot")
    )
    groups = tuple(_group(n) for n in node.nodes("grupper", "en grupp"))
    seen: set[str] = set()
    indicators: list[Indicator] = []
    for child in node.nodes("indikatorer", "en indikator"):
        indicator = _indicator(child, year)
        if indicator is None:
            # Known but invalid: its own error is reported; its values are not "unknown".
            lines.setdefault(str(child.raw("id") or ""), child.line)
            continue
        if indicator.id in seen:
            child.sink.error(
                "UPP160",
                f"Indikatorn «{indicator.id}» är definierad två gånger.",
                line=child.line,
                hint="Ge varje indikator ett eget id.",
            )
            continue
        seen.add(indicator.id)
        lines[indicator.id] = child.line
        indicators.append(indicator)
    return tuple(indicators), groups, footnotes


def _group(node: Node) -> IndicatorGroup:
    node.check_unknown(("namn", "fotnoter"))
    return IndicatorGroup(node.text("namn"), node.strings("fotnoter"))


def _indicator(node: Node, year: int) -> Indicator | None:
    node.check_unknown(_KEYS)
    ident = node.text("id")
    if ident and not _ID.match(ident):
        node.sink.error(
            "UPP161",
            f"Id «{ident}» får bara innehålla bokstäver a–z, siffror, - och _.",
            line=node.key_line("id"),
        )
    name = node.text("namn")
    unit = node.choice("enhet", {u: u for u in UNITS})
    decimals = node.decimals("decimaler") or 0
    better = node.choice("bättre", {b.value: b for b in Better})
    targets = _targets(node, year)
    breakdowns = _breakdowns(node)
    placements = _placements(node)
    derived = _derived(node)
    kind = node.choice("slag", {k.value: k for k in IndicatorKind}, required=False)
    if not (ident and name and unit and better):
        return None
    indicator = Indicator(
        id=ident,
        name=name,
        unit=unit,
        decimals=decimals,
        better=better,
        targets=targets,
        breakdowns=breakdowns,
        footnotes=node.strings("fotnoter"),
        placements=placements,
        kolada=node.text("kolada", required=False) or None,
        derived=derived,
        signed=node.boolean("tecken"),
        kind=kind,
        part_of=node.text("del_av", required=False) or None,
    )
    _check_kind(indicator, node)
    return indicator


def _check_kind(indicator: Indicator, node: Node) -> None:
    """'slag' says what an indicator's percentages are: written on one without any, it is a
    mistake (a count is a count), and the reader says so rather than ignore it."""
    if indicator.kind is None:
        return
    keys = (TOTAL, *(b.key for b in indicator.breakdowns))
    if all(indicator.unit_of(key) != "procent" for key in keys):
        node.sink.error(
            "UPP168",
            f"«slag: {indicator.kind.value}» gäller bara värden i procent, men indikatorn "
            f"«{indicator.id}» har enheten {indicator.unit} och ingen uppdelning i procent.",
            line=node.key_line("slag"),
            field_name="slag",
            hint="Ta bort «slag», eller ange «enhet: procent» om värdena är procent.",
        )


def _target(value: Any, node: Node, key: str, footnote: str | None) -> Target | None:
    if value is None:
        return Target(footnote=footnote) if footnote else None
    text = str(value).strip()
    for direction in Direction:
        if text.lower() == direction.value.lower():
            return Target(direction=direction, footnote=footnote)
    number = parse_number(text)
    if number is None:
        node.sink.error(
            "UPP162",
            f"Målvärdet «{text}» är varken ett tal eller Öka, Minska eller Bibehålla.",
            line=node.key_line(key),
            field_name=key,
            hint="Skriv ett tal i indikatorns enhet (t.ex. 75) eller en riktning (Öka).",
        )
        return None
    problem = number_problem(number)
    if problem is not None:
        node.sink.error(
            "UPP125", problem, line=node.key_line(key), field_name=key, hint=NUMBER_HINT
        )
        return None
    return Target(value=number, footnote=footnote)


def _targets(node: Node, year: int) -> tuple[tuple[int, Target], ...]:
    footnote = node.text("målvärde_fotnot", required=False) or None
    found: dict[int, Target] = {}
    single = _target(node.raw("målvärde"), node, "målvärde", footnote)
    if single is not None:
        found[year] = single
    per_year = node.child("målvärden")
    if per_year is not None:
        for key, value in per_year.data.items():
            target_year = parse_number(str(key))
            if target_year is None or not (
                target_year == target_year.to_integral_value() and 1900 <= target_year <= 2200
            ):
                node.sink.error(
                    "UPP163",
                    f"«{key}» i målvärden är inget år.",
                    line=per_year.key_line(str(key)),
                )
                continue
            target = _target(value, per_year, str(key), None)
            if target is not None:
                found[int(target_year)] = target
    return tuple(sorted(found.items()))


def _breakdowns(node: Node) -> tuple[Breakdown, ...]:
    found: list[Breakdown] = []
    for line, item in node.items("uppdelning"):
        if isinstance(item, CommentedMap):
            child = Node(item, node.sink, line)
            child.check_unknown(("id", "namn", "enhet", "under", "decimaler"))
            key = child.text("id")
            unit = child.choice("enhet", {u: u for u in UNITS}, required=False)
            decimals = child.decimals("decimaler")
            found.append(
                Breakdown(
                    key=key,
                    label=child.text("namn"),
                    unit=unit,
                    parent=child.text("under", required=False) or None,
                    decimals=decimals,
                )
            )
        elif str(item) in _STANDARD_BREAKDOWNS:
            found.append(Breakdown(str(item), _STANDARD_BREAKDOWNS[str(item)]))
        else:
            node.sink.error(
                "UPP164",
                f"Okänd uppdelning «{item}».",
                line=line,
                hint="Använd K, M, flickor, pojkar eller {id: …, namn: …}.",
            )
    keys = [b.key for b in found]
    for b in found:
        if b.parent is not None and b.parent not in keys:
            node.sink.error(
                "UPP165",
                f"Uppdelningen «{b.key}» ligger under «{b.parent}», som inte finns.",
                line=node.key_line("uppdelning"),
            )
    return tuple(found)


def _placements(node: Node) -> tuple[Placement, ...]:
    found: list[Placement] = []
    for line, item in node.items("tillhör"):
        if isinstance(item, str) and item in ("fem-år", "hr"):
            found.append(Placement(item))
            continue
        if not isinstance(item, CommentedMap):
            node.sink.error("UPP166", f"Okänd tillhörighet «{item}».", line=line)
            continue
        child = Node(item, node.sink, line)
        child.check_unknown((*_MEMBERSHIP_KINDS, "grupp"))
        kinds = [k for k in _MEMBERSHIP_KINDS if child.has(k)]
        if len(kinds) != 1:
            node.sink.error(
                "UPP166",
                "Varje tillhörighet ska ange precis ett av: åtagande, målområde, fem-år, hr.",
                line=line,
            )
            continue
        kind = kinds[0]
        ref = child.text(kind, required=False)
        found.append(Placement(kind, ref, child.text("grupp", required=False)))
    return tuple(found)


def _derived(node: Node) -> DerivedFrom | None:
    child = node.child("härledd")
    if child is None:
        return None
    child.check_unknown(("tabell", "rad", "kolumn", "skala"))
    scale = child.choice("skala", {"tkr": "tkr", "mnkr": "mnkr"}, required=False) or "tkr"
    return DerivedFrom(child.text("tabell"), child.text("rad"), child.text("kolumn"), scale)


_MISSING = {r.value: r for r in MissingReason}


def read_values(path: Path, sink: Sink) -> list[tuple[int, IndicatorValue]]:
    """(line, value) for every row of indikatorvarden.csv."""
    read = read_csv(
        path, sink, ("indikator", "uppdelning", "år", "värde"), ("saknas", "ca", "fotnot")
    )
    if read is None:
        return []
    _, rows = read
    values: list[tuple[int, IndicatorValue]] = []
    for row in rows:
        cells = row.values
        year = cell_year(row, "år", sink)
        value: Decimal | None = None
        missing: MissingReason | None = None
        if cells["värde"]:
            value = cell_number(row, "värde", sink)
            if value is None:
                continue
        else:
            reason = cells.get("saknas", "")
            missing = _MISSING.get(reason)
            if missing is None:
                sink.error(
                    "UPP167",
                    "Värdet saknas utan giltigt skäl." if not reason else f"Okänt skäl «{reason}».",
                    line=row.line,
                    field_name="saknas",
                    hint=f"Ange skälet i kolumnen saknas: {', '.join(_MISSING)}.",
                )
                continue
        approximate = cells.get("ca", "").lower() in ("ja", "x", "1", "true")
        if year is None:
            continue
        values.append(
            (
                row.line,
                IndicatorValue(
                    indicator=cells["indikator"],
                    breakdown=cells["uppdelning"] or TOTAL,
                    year=year,
                    value=value,
                    missing=missing,
                    approximate=approximate,
                    footnote=cells.get("fotnot") or None,
                ),
            )
        )
    return values
