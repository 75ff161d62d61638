"""Shared helpers of the indicator checks: values as printed, where they were read, splits.

An indicator value typed into indikatorvarden.csv is a published figure, rounded to the
decimals it was written with; the checks treat it as the interval it stands for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.checks.intervals import Interval
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Location
from uppsikt.located.format import number as format_number
from uppsikt.model.indicators import TOTAL, Breakdown, Indicator
from uppsikt.model.workspace import Workspace

VALUES_FILE = "indikatorvarden.csv"
INDICATORS_FILE = "indikatorer.yaml"

# Splits whose parts together make the whole: the report's kön splits.
_COMPLEMENTARY = ({"kvinnor", "män"}, {"flickor", "pojkar"})


def written_decimals(value: Decimal) -> int:
    """Decimals the figure was written with: 81 → 0, 3,4 → 1 (never negative)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def as_printed(value: Decimal) -> Interval:
    """The amounts a typed figure may stand for, given the decimals it was written with."""
    return Interval.from_rounded(value, written_decimals(value))


def as_counted(value: Decimal) -> Interval:
    """A count written as a whole number is exact; with decimals it is a rounded figure."""
    return Interval.exact(value) if written_decimals(value) == 0 else as_printed(value)


def shown(value: Decimal) -> str:
    """A figure as a Swedish reader writes it: 3 562, 84, 3,4."""
    return format_number(value, written_decimals(value))


def shown_years(indicator: Indicator, year: int) -> range:
    """The years the report shows: five in the five-year summary, three elsewhere."""
    kinds = {m.kind for m in indicator.placements}
    span = 5 if kinds == {"fem-år"} else 3
    return range(year - span + 1, year + 1)


@dataclass(frozen=True, slots=True)
class Split:
    """A whole (the total or a group) and the parts that together make it up."""

    whole: str
    whole_label: str
    parts: tuple[Breakdown, ...]


def complementary_splits(indicator: Indicator) -> Iterator[Split]:
    """The kön splits of an indicator: Kvinnor + Män of the total, Flickor + Pojkar of a group.

    Other breakdowns (Ungdomar, Utrikesfödda) are subsets, not parts, and are left out.
    """
    labels = {b.key: b.label for b in indicator.breakdowns}
    wholes = [TOTAL, *(b.key for b in indicator.breakdowns)]
    for whole in wholes:
        parent = None if whole == TOTAL else whole
        parts = tuple(b for b in indicator.breakdowns if b.parent == parent)
        pair = tuple(b for b in parts if b.label.casefold() in set().union(*_COMPLEMENTARY))
        if {b.label.casefold() for b in pair} in _COMPLEMENTARY:
            yield Split(whole, labels.get(whole, "totalt"), pair)


def unit_of(indicator: Indicator, key: str) -> str:
    """The unit of a breakdown's values (a breakdown may have its own, e.g. procent)."""
    return indicator.unit_of(key)


@dataclass(frozen=True, slots=True)
class ValueSource:
    """Where a typed value was read: its file (in a kommun, the kommun's or the report's
    own) and line."""

    file: str
    line: int | None


def typed_values(ws: Workspace) -> dict[tuple[str, str, int], tuple[Decimal, ValueSource]]:
    """Every typed value with where it was read, by (indicator, breakdown, year)."""
    found: dict[tuple[str, str, int], tuple[Decimal, ValueSource]] = {}
    files = ws.lines.value_files
    for index, item in enumerate(ws.values):
        if item.value is not None:
            key = (item.indicator, item.breakdown, item.year)
            file = files[index] if index < len(files) else VALUES_FILE
            found[key] = (item.value, ValueSource(file, ws.lines.value_line(index)))
    return found


def value_location(
    indicator: str, breakdown: str, year: int, source: ValueSource | None
) -> Location:
    what = f"indikator {indicator}" + ("" if breakdown == TOTAL else f" ({breakdown})")
    file, line = (source.file, source.line) if source else (VALUES_FILE, None)
    return Location(file=file, line=line, place=f"{what}, år {year}")


def indicator_location(ws: Workspace, indicator: str) -> Location:
    return Location(
        file=INDICATORS_FILE,
        line=ws.lines.indicators.get(indicator),
        place=f"indikator {indicator}",
    )


def where_shown(ws: Workspace, indicator: Indicator) -> str:
    """Where in the report an indicator appears, for a message: "målområde 1, åtagande A-BETYG"."""
    names = {area.id: f"målområde {area.number}" for area in ws.goals.areas}
    places: list[str] = []
    for member in indicator.placements:
        if member.kind == "fem-år":
            places.append("Fem år i sammandrag")
        elif member.kind == "målområde":
            places.append(names.get(member.ref, f"målområde {member.ref}"))
        elif member.kind == "åtagande":
            places.append(f"åtagande {member.ref}")
        elif member.kind == "hr":
            places.append("Personal")
        else:
            places.append(member.kind.upper())
    return ", ".join(dict.fromkeys(places)) or "inte i rapporten"


_PUNCTUATION = re.compile(r"[\W_]+")


def same_name(name: str) -> str:
    """A name compared across tables: case, punctuation and spacing do not count."""
    return _PUNCTUATION.sub(" ", name.casefold()).strip()


def computed_value(computed: Computed, indicator: str, breakdown: str, year: int) -> Decimal | None:
    return computed.value(indicator, year, breakdown)
