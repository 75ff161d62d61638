"""Resolving live references: each is replaced by the figure it names, formatted as its
filters say, so a sentence cannot drift from the table it speaks of. A reference that names
nothing is an error with its line. The grammar is grammar.py's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from uppsikt.compute.indicators import ValueKey
from uppsikt.compute.intraprenad import IntraprenadResult
from uppsikt.compute.references.grammar import (
    REFERENCE,
    IntraprenadField,
    Reference,
    ReferenceError,
    ReferenceKind,
    parse,
)
from uppsikt.compute.results import Computed
from uppsikt.compute.tables import ComputedTable, is_percent
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.located.format import number, percent
from uppsikt.located.limits import limits
from uppsikt.model.indicators import TOTAL, Indicator, IndicatorValue
from uppsikt.model.workspace import Workspace

_UNIT_SUFFIX = {"procent": "", "mnkr": " mnkr", "tkr": " tkr", "kr": " kr", "månader": " månader"}


@dataclass(frozen=True, slots=True)
class Figures:
    """Everything a reference can name."""

    tables: Mapping[str, ComputedTable]
    values: Mapping[ValueKey, IndicatorValue]
    indicators: dict[str, Indicator]
    intraprenader: dict[str, IntraprenadResult]

    @classmethod
    def of(cls, ws: Workspace, computed: Computed) -> Figures:
        """What a computed workspace offers to references."""
        return cls(
            tables=computed.tables,
            values=computed.values,
            indicators={i.id: i for i in ws.indicators},
            intraprenader={r.intraprenad.unit: r for r in computed.intraprenader},
        )


@dataclass(frozen=True, slots=True)
class _Figure:
    value: Decimal
    kind: str
    """'belopp' (kronor), 'procent', or an indicator unit."""
    decimals: int


@dataclass(frozen=True, slots=True)
class _Options:
    scale: str = "tkr"
    decimals: int | None = None
    signed: bool = False
    absolute: bool = False
    unit: bool = True


def resolve_references(
    markdown: str, figures: Figures, file: str, first_line: int | None
) -> tuple[str, list[Diagnostic]]:
    """``markdown`` with every reference replaced; problems located by file and line."""
    diagnostics: list[Diagnostic] = []

    def substitute(match: re.Match[str]) -> str:
        try:
            return render_reference(match.group("body"), figures)
        except ReferenceError as exc:
            line = None
            if first_line is not None:
                line = first_line + markdown.count("\n", 0, match.start())
            diagnostics.append(
                Diagnostic(
                    "UPP310",
                    Severity.ERROR,
                    f"Referensen «{match.group(0)}» går inte att lösa: {exc}",
                    Location(file=file, line=line),
                    "Rätta referensen (se docs/workspace.md, avsnittet om text/*.md).",
                )
            )
            return match.group(0)

    return REFERENCE.sub(substitute, markdown), diagnostics


def render_reference(text: str, figures: Figures) -> str:
    """The figure ``text`` (a reference, with or without braces) names, as its filters say."""
    reference = parse(text)
    return _format(figure_of(reference, figures), _options(list(reference.filters)))


def value_of(reference: Reference, figures: Figures) -> Decimal:
    """The value the reference names (kronor, per cent or the indicator's unit)."""
    return figure_of(reference, figures).value


def figure_of(reference: Reference, figures: Figures) -> _Figure:
    parts = reference.parts
    if reference.kind is ReferenceKind.TABLE:
        return _table_figure(*parts, figures=figures)
    if reference.kind is ReferenceKind.INDICATOR:
        return _indicator_figure(list(parts), figures)
    return _intraprenad_figure(*parts, figures=figures)


def _table_figure(table_id: str, row: str, column: str, *, figures: Figures) -> _Figure:
    table = figures.tables.get(table_id)
    if table is None:
        raise ReferenceError(f"tabellen «{table_id}» finns inte.")
    if not table.has_cell(row, column):
        raise ReferenceError(f"tabellen «{table_id}» har ingen rad «{row}» med kolumn «{column}».")
    value = table.cell(row, column)
    if value is None:
        raise ReferenceError(f"cellen {row}/{column} i tabellen «{table_id}» saknar värde.")
    definition = next(c for c in table.definition.columns if c.id == column)
    if is_percent(definition):
        return _Figure(value, "procent", definition.shown_decimals)
    return _Figure(value, "belopp", 0)


def _indicator_figure(parts: list[str], figures: Figures) -> _Figure:
    ident, year_text, *rest = parts
    indicator = figures.indicators.get(ident)
    if indicator is None:
        raise ReferenceError(f"indikatorn «{ident}» finns inte.")
    if not (year_text.isascii() and year_text.isdigit()):
        raise ReferenceError(f"«{year_text}» är inget år.")
    breakdown = rest[0] if rest else TOTAL
    found = figures.values.get((ident, breakdown, int(year_text)))
    if found is None or found.value is None:
        raise ReferenceError(f"indikatorn «{ident}» har inget värde för {year_text} ({breakdown}).")
    unit = indicator.unit
    decimals = indicator.decimals
    for b in indicator.breakdowns:
        if b.key == breakdown:
            unit = b.unit or unit
            decimals = b.decimals if b.decimals is not None else decimals
    return _Figure(found.value, unit, decimals)


def _intraprenad_figure(unit: str, field: str, *, figures: Figures) -> _Figure:
    result = figures.intraprenader.get(unit)
    if result is None:
        raise ReferenceError(f"intraprenaden «{unit}» finns inte.")
    values = {
        IntraprenadField.OPENING.value: result.intraprenad.opening_result,
        IntraprenadField.BOOKED.value: result.booked,
        IntraprenadField.ADJUSTED.value: result.adjusted,
        IntraprenadField.BEFORE_RULE.value: result.before_rule,
        IntraprenadField.CAP.value: result.cap,
        IntraprenadField.CLOSING.value: result.closing,
    }
    if field not in values:
        fields = ", ".join(f.value for f in IntraprenadField)
        raise ReferenceError(f"okänt fält «{field}»; använd {fields}.")
    return _Figure(values[field], "belopp", 0)


def _options(filters: list[str]) -> _Options:
    options = _Options()
    for item in filters:
        name, _, argument = item.partition(":")
        if name in ("tkr", "mnkr"):
            decimals = _decimals(item, argument) if argument.isdigit() else options.decimals
            options = replace(options, scale=name, decimals=decimals)
        elif name == "tecken":
            options = replace(options, signed=True)
        elif name == "abs":
            options = replace(options, absolute=True)
        elif name == "utan-enhet":
            options = replace(options, unit=False)
        elif name == "decimaler" and argument.isdigit():
            options = replace(options, decimals=_decimals(item, argument))
        else:
            raise ReferenceError(f"okänt filter «{item}».")
    return options


def _decimals(item: str, argument: str) -> int:
    """The decimals a filter asks for: a whole number from 0 to ``max_decimals``."""
    bound = limits().max_decimals
    # The length first: int() refuses more than 4 300 digits with its own error.
    digits_ok = argument.isascii() and argument.isdigit() and len(argument) <= len(str(bound))
    if not digits_ok or int(argument) > bound:
        raise ReferenceError(f"«{item}»: antalet decimaler ska vara ett heltal 0–{bound}.")
    return int(argument)


def _format(figure: _Figure, options: _Options) -> str:
    value = abs(figure.value) if options.absolute else figure.value
    if figure.kind == "belopp":
        divisor = Decimal(1000) if options.scale == "tkr" else Decimal(1_000_000)
        default = 0 if options.scale == "tkr" else 1
        decimals = default if options.decimals is None else options.decimals
        text = number(value / divisor, decimals, signed=options.signed)
        return text + (f"\u00a0{options.scale}" if options.unit else "")
    decimals = figure.decimals if options.decimals is None else options.decimals
    if figure.kind == "procent":
        if not options.unit:
            return number(value, decimals, signed=options.signed)
        return percent(value, decimals, signed=options.signed)
    suffix = _UNIT_SUFFIX.get(figure.kind, "") if options.unit else ""
    return number(value, decimals, signed=options.signed) + suffix.replace(" ", "\u00a0")
