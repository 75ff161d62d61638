"""The computed figures a written figure may speak of: table cells, indicator values and their
changes, and the intraprenader's results, each with the words that name it.

They are drawn from the core's list of references (compute.references.offered), the list the
web editor's picker shows, so every reference the check suggests is one the picker offers.
Of that list the check leaves out what no sentence is compared with: överfört columns,
indicator values more than two years before the report year, and indicators in units other
than money, per cent and counts (see :func:`checked`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from decimal import Decimal

from uppsikt.compute.references import (
    IntraprenadField,
    Offered,
    Reference,
    ReferenceKind,
    offered,
)
from uppsikt.compute.results import Computed
from uppsikt.compute.tables import ComputedTable, is_percent
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.economy import Scenario
from uppsikt.model.indicators import TOTAL, Indicator
from uppsikt.model.tables import ColumnDef, ColumnKind, RowKind
from uppsikt.model.workspace import Workspace


class Kind(enum.Enum):
    """What a figure measures, which decides the written units it can be compared with."""

    MONEY = "belopp"
    PERCENT = "procent"
    POINTS = "procentenheter"
    COUNT = "antal"


class Measure(enum.Enum):
    """The meaning of a figure, matched against words such as 'avvikelse' or 'ökade'."""

    OUTCOME = "utfall"
    BUDGET = "budget"
    DEVIATION = "avvikelse"
    CHANGE = "förändring"
    SHARE = "andel av budget"
    VALUE = "värde"
    OPENING = "ingående resultat"
    BOOKED = "bokfört resultat"
    ADJUSTED = "justerat resultat"
    BEFORE_RULE = "resultat före 7 %-regeln"
    CAP = "tak enligt 7 %-regeln"
    CLOSING = "utgående resultat"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A computed figure with what is needed to match it, judge it and name it."""

    kind: Kind
    value: Decimal
    """Kronor for money, per cent, percentage points or a count."""
    names: tuple[str, ...]
    """Phrases naming what the figure is about (a row's label, an indicator's name)."""
    frame: str
    """Weaker words around it: the table's caption, the dimension's label."""
    measure: Measure
    year: int
    description: str
    """Swedish, for messages: 'tabell enheter, rad «Verksamhet Försörjning», kolumn avvikelse'."""
    references: tuple[Reference, ...]
    """The live reference, or for a change the two values' references (new, old)."""
    decimals: int = 0
    """The precision the figure is shown with in the report (percent and counts)."""
    table: str = ""
    detail: str = ""
    """Words the text must name for this candidate to fit well: a breakdown ('kvinnor')."""
    scope: frozenset[str] = frozenset()
    """For an indicator: the åtaganden and målområden it is listed under."""

    @property
    def reference(self) -> str:
        """The references' paths, joined by '|': 'tabell.enheter.FS.avvikelse'."""
        return "|".join(r.path for r in self.references)


Offers = dict[Reference, Offered]
"""The references the workspace offers, by reference (without filters)."""


def candidates(ws: Workspace, computed: Computed) -> list[Candidate]:
    found: list[Candidate] = []
    offers = {o.reference: o for o in offered(ws, computed)}
    organisation = ws.dimension(ORGANISATION)
    # The report's own total is the scope's: every nämnd it covers names it.
    tops = tuple(root.name for root in organisation.roots) if organisation else ()
    whole = computed.organisation.total(ws.settings.year, Scenario.OUTCOME)
    for table in computed.tables.values():
        found += _table_candidates(table, ws.settings.year, tops, whole, offers)
    areas = {c: area.id for c, (area, _, _) in ws.goals.commitments().items()}
    for indicator in ws.indicators:
        refs = {m.ref for m in indicator.placements if m.ref}
        scope = frozenset(refs | {areas[r] for r in refs if r in areas})
        found += [
            replace(c, scope=scope)
            for c in _indicator_candidates(indicator, computed, ws.settings.year, offers)
        ]
    found += _intraprenad_candidates(computed, ws.settings.year, offers)
    return found


def checked(ws: Workspace, computed: Computed) -> frozenset[Reference]:
    """The offered references the check compares written figures with (docstring above)."""
    year = ws.settings.year
    units = {i.id: i for i in ws.indicators}
    found: set[Reference] = set()
    for item in offered(ws, computed):
        ref = item.reference
        if ref.kind is ReferenceKind.TABLE:
            table = computed.tables[ref.parts[0]].definition
            column = next(c for c in table.columns if c.id == ref.parts[2])
            if _column_meaning(column, year)[0] is None:
                continue
        elif ref.kind is ReferenceKind.INDICATOR:
            indicator = units[ref.parts[0]]
            key = ref.parts[2] if len(ref.parts) == 3 else TOTAL
            if int(ref.parts[1]) < year - 2 or _kind(indicator.unit_of(key)) is None:
                continue
        found.add(ref)
    return frozenset(found)


_NAMND_WORDS = ("nämnden", "nämndens", "totalt")


def _table_candidates(
    table: ComputedTable, year: int, tops: tuple[str, ...], whole: Decimal, offers: Offers
) -> list[Candidate]:
    """Each cell of a table. ``whole`` is the organisation's utfall this year: a sum row of the
    organisation with that utfall is the nämnd's own total ('nämndens avvikelse')."""
    definition = table.definition
    found: list[Candidate] = []
    outcome = next(
        (
            i
            for i, c in enumerate(definition.columns)
            if c.kind is ColumnKind.AMOUNT and c.scenario is Scenario.OUTCOME and c.year_offset == 0
        ),
        None,
    )
    for row in table.rows:
        if not row.values:
            continue
        names = [row.label.removeprefix("varav ")]
        if row.definition.kind is RowKind.SUM:
            # A table's total speaks of what the table is about: the nämnd, or the unit
            # named in a sub-table's caption ("Verksamhet Försörjning").
            names = [f"{row.label} {definition.caption}"]
            if (
                definition.dimension == ORGANISATION
                and outcome is not None
                and row.values[outcome] == whole
            ):
                names += [*_NAMND_WORDS, *tops]
        if row.definition.kind is RowKind.EXCLUDING:
            names += ["utan intraprenaden", "utan intraprenader", "exkl. intraprenader"]
        for column in definition.columns:
            measure, column_year = _column_meaning(column, year)
            reference = Reference.table(definition.id, row.definition.id, column.id)
            offer = offers.get(reference)
            if offer is None or measure is None:
                continue
            value = offer.value
            kind = Kind.PERCENT if is_percent(column) else Kind.MONEY
            found.append(
                Candidate(
                    kind=kind,
                    value=value,
                    names=tuple(names),
                    frame=definition.caption,
                    measure=measure,
                    year=column_year,
                    description=(
                        f"tabell {definition.id}, rad «{row.label}», kolumn "
                        f"«{column.label or column.id}»"
                    ),
                    references=(reference,),
                    decimals=column.shown_decimals,
                    table=definition.id,
                )
            )
    return found


def _column_meaning(column: ColumnDef, year: int) -> tuple[Measure | None, int]:
    if column.kind is ColumnKind.AMOUNT:
        scenario = column.scenario.value if column.scenario else ""
        measure = Measure.BUDGET if scenario in ("budget", "överfört") else Measure.OUTCOME
        if scenario == "överfört":
            return None, year
        return measure, year + column.year_offset
    if column.kind is ColumnKind.DIFFERENCE:
        return Measure.DEVIATION, year
    if column.kind in (ColumnKind.CHANGE, ColumnKind.CHANGE_PERCENT):
        return Measure.CHANGE, year
    return Measure.SHARE, year


_KINDS = {"procent": Kind.PERCENT, "antal": Kind.COUNT, "årsarbetare": Kind.COUNT}
_MONEY_UNITS = {"kr": Decimal(1), "tkr": Decimal(1000), "mnkr": Decimal(1_000_000)}
_BREAKDOWN_WORDS = {"K": "kvinnor kvinnorna", "M": "män männen"}


def _kind(unit: str) -> Kind | None:
    return Kind.MONEY if unit in _MONEY_UNITS else _KINDS.get(unit)


def _indicator_candidates(
    indicator: Indicator, computed: Computed, year: int, offers: Offers
) -> list[Candidate]:
    found: list[Candidate] = []
    keys = [(TOTAL, "", indicator.unit, indicator.decimals)]
    keys += [
        (
            b.key,
            _BREAKDOWN_WORDS.get(b.key, b.label.lower()),
            b.unit or indicator.unit,
            b.decimals if b.decimals is not None else indicator.decimals,
        )
        for b in indicator.breakdowns
    ]
    for key, words, unit, decimals in keys:
        kind = _kind(unit)
        if kind is None:
            continue
        scale = _MONEY_UNITS.get(unit, Decimal(1))
        name = indicator.name
        where = "" if key == TOTAL else f", {words.split()[0]}"
        for y in (year, year - 1, year - 2):
            offer = offers.get(Reference.indicator(indicator.id, y, key))
            if offer is None:
                continue
            found.append(
                Candidate(
                    kind,
                    offer.value * scale,
                    (name,),
                    "",
                    Measure.VALUE,
                    y,
                    f"indikatorn «{indicator.name}»{where}, {y}",
                    (offer.reference,),
                    decimals,
                    detail=words,
                )
            )
        found += _changes(indicator, computed, year, key, kind, words)
    return found


def _changes(
    indicator: Indicator, computed: Computed, year: int, key: str, kind: Kind, words: str
) -> list[Candidate]:
    """The change from the year before: in percentage points for shares, in per cent for
    counts. No single reference names it, so the hint gives the two values instead."""
    new, old = computed.value(indicator.id, year, key), computed.value(indicator.id, year - 1, key)
    name = indicator.name
    where = "" if key == TOTAL else f", {words.split(maxsplit=1)[0]}"
    if new is None or old is None:
        return []
    # A change from an estimate ("ca 80") is itself uncertain: 97 against ca 80 is +21 % or
    # +22 %. Such a change is judged a whole unit wider (decimals 0 instead of 1).
    estimate = any(
        (found := computed.values.get((indicator.id, key, y))) is not None and found.approximate
        for y in (year, year - 1)
    )
    refs = (
        Reference.indicator(indicator.id, year, key),
        Reference.indicator(indicator.id, year - 1, key),
    )
    if kind is Kind.PERCENT:
        change, change_kind = new - old, Kind.POINTS
    elif kind is Kind.COUNT and old != 0:
        change, change_kind = (new - old) / abs(old) * 100, Kind.PERCENT
    else:
        return []
    return [
        Candidate(
            change_kind,
            change,
            (name,),
            "",
            Measure.CHANGE,
            year,
            f"indikatorn «{indicator.name}»{where}, förändring {year - 1}–{year}",
            refs,
            0 if estimate else 1,
            detail=words,
        )
    ]


_INTRAPRENAD_FIELDS = (
    (IntraprenadField.OPENING, Measure.OPENING, "ingående ackumulerat resultat"),
    (IntraprenadField.BOOKED, Measure.BOOKED, "bokfört resultat"),
    (IntraprenadField.ADJUSTED, Measure.ADJUSTED, "justerat resultat"),
    (IntraprenadField.BEFORE_RULE, Measure.BEFORE_RULE, "ackumulerat resultat före 7 %-regeln"),
    (IntraprenadField.CAP, Measure.CAP, "taket enligt 7 %-regeln"),
    (IntraprenadField.CLOSING, Measure.CLOSING, "utgående ackumulerat resultat"),
)


def _intraprenad_candidates(computed: Computed, year: int, offers: Offers) -> list[Candidate]:
    found: list[Candidate] = []
    for result in computed.intraprenader:
        item = result.intraprenad
        for field, measure, label in _INTRAPRENAD_FIELDS:
            offer = offers.get(Reference.intraprenad(item.unit, field))
            if offer is None:
                continue
            found.append(
                Candidate(
                    Kind.MONEY,
                    offer.value,
                    (f"{item.name} intraprenaden",),
                    "intraprenad resultat",
                    measure,
                    year,
                    f"{item.name}, {label}",
                    (offer.reference,),
                    table="",
                )
            )
    return found
