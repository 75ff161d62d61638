"""Live references in narrative text: ``{{ tabell.enheter.netto.avvikelse | mnkr | tecken }}``.

grammar.py defines what a reference is (:class:`Reference`, :func:`parse`,
:func:`format_reference`); resolve.py replaces references with the figures they name;
offered.py lists every reference a computed workspace offers, for the picker and the checks.
"""

from uppsikt.compute.references.grammar import (
    REFERENCE,
    IntraprenadField,
    Reference,
    ReferenceError,
    ReferenceKind,
    format_reference,
    parse,
)
from uppsikt.compute.references.offered import ColumnLabel, Offered, offered
from uppsikt.compute.references.resolve import (
    Figures,
    render_reference,
    resolve_references,
    value_of,
)

__all__ = [
    "REFERENCE",
    "ColumnLabel",
    "Figures",
    "IntraprenadField",
    "Offered",
    "Reference",
    "ReferenceError",
    "ReferenceKind",
    "format_reference",
    "offered",
    "parse",
    "render_reference",
    "resolve_references",
    "value_of",
]
