"""The grammar of live references: ``{{ tabell.enheter.netto.avvikelse | mnkr | tecken }}``.

The one place that builds and parses a reference. A reference names a figure by a kind and
its parts, and may carry filters that say how to show it:

- ``tabell.<tabell>.<rad>.<kolumn>``: a cell of a computed table;
- ``indikator.<id>.<år>`` or ``indikator.<id>.<år>.<uppdelning>``: an indicator's value;
- ``intraprenad.<enhet>.<fält>``: an intraprenad's result (fields in :class:`IntraprenadField`).

Every other module builds a reference with :class:`Reference` and writes it with ``str()``,
so that what the picker inserts, what the check suggests and what the resolver reads cannot
drift apart. Whether a reference names something is the resolver's business (resolve.py).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from uppsikt.model.indicators import TOTAL

REFERENCE = re.compile(r"\{\{(?P<body>[^{}]*)\}\}")
"""A reference in text; ``body`` is what stands between the braces."""


class ReferenceError(Exception):
    """A reference that names nothing, with a Swedish message."""


class ReferenceKind(enum.Enum):
    """What a reference names; the value is its first word."""

    TABLE = "tabell"
    INDICATOR = "indikator"
    INTRAPRENAD = "intraprenad"


_ARITY = {
    ReferenceKind.TABLE: (3,),
    ReferenceKind.INDICATOR: (2, 3),
    ReferenceKind.INTRAPRENAD: (2,),
}
"""How many parts follow the kind."""
_KINDS = {k.value: k for k in ReferenceKind}


class IntraprenadField(enum.Enum):
    """The results of an intraprenad a reference can name (docs/workspace.md)."""

    OPENING = "ib"
    BOOKED = "bokfört"
    ADJUSTED = "justerat"
    BEFORE_RULE = "före-regeln"
    CAP = "tak"
    CLOSING = "ub"

    @property
    def label(self) -> str:
        """Swedish, for the reference picker."""
        return _FIELD_LABELS[self]


_FIELD_LABELS = {
    IntraprenadField.OPENING: "Ingående resultat",
    IntraprenadField.BOOKED: "Bokfört resultat",
    IntraprenadField.ADJUSTED: "Justerat resultat",
    IntraprenadField.BEFORE_RULE: "Före 7 %-regeln",
    IntraprenadField.CAP: "Tak (7 %)",
    IntraprenadField.CLOSING: "Utgående resultat",
}


@dataclass(frozen=True, slots=True)
class Reference:
    """A live reference as written: its kind, the parts after it and its filters.

    ``parts`` are kept as written (an indicator's year is text until the resolver reads it),
    so that ``parse(str(r)) == r`` for every reference, resolvable or not."""

    kind: ReferenceKind
    parts: tuple[str, ...]
    filters: tuple[str, ...] = ()
    """As written, e.g. ``("mnkr", "tecken")``; read by the resolver."""

    @classmethod
    def table(cls, table: str, row: str, column: str) -> Reference:
        return cls(ReferenceKind.TABLE, (table, row, column))

    @classmethod
    def indicator(cls, indicator: str, year: int, breakdown: str = TOTAL) -> Reference:
        """The indicator's total is written without a breakdown."""
        parts = (indicator, str(year)) + (() if breakdown == TOTAL else (breakdown,))
        return cls(ReferenceKind.INDICATOR, parts)

    @classmethod
    def intraprenad(cls, unit: str, field: IntraprenadField) -> Reference:
        return cls(ReferenceKind.INTRAPRENAD, (unit, field.value))

    @property
    def path(self) -> str:
        """The reference without braces and filters: ``tabell.enheter.netto.avvikelse``."""
        return ".".join((self.kind.value, *self.parts))

    def with_filters(self, *filters: str) -> Reference:
        """The same figure shown through ``filters`` (none: the bare reference)."""
        return Reference(self.kind, self.parts, tuple(filters))

    def __str__(self) -> str:
        return format_reference(self)


def format_reference(reference: Reference) -> str:
    """The reference as written in text: ``{{ tabell.enheter.netto.avvikelse | mnkr }}``."""
    return "{{ " + " | ".join((reference.path, *reference.filters)) + " }}"


def parse(text: str) -> Reference:
    """A reference from its text, with or without the braces; ReferenceError when its form
    is none of the three (the message says which forms there are)."""
    match = REFERENCE.fullmatch(text.strip())
    body = match.group("body") if match else text
    path, *filters = (part.strip() for part in body.split("|"))
    word, _, rest = path.partition(".")
    kind = _KINDS.get(word)
    parts = tuple(rest.split(".")) if rest else ()
    if kind is None or len(parts) not in _ARITY[kind]:
        raise ReferenceError(
            "okänd form; använd tabell.<tabell>.<rad>.<kolumn>, indikator.<id>.<år> eller "
            "intraprenad.<enhet>.<fält>."
        )
    return Reference(kind, parts, tuple(filters))
