"""The content of an SIE file (format 4B, types 1–4), as typed immutable records.

Amounts are ``Decimal`` in kronor with the ledger sign (debit +, credit −); dates are
``datetime.date``. Records that occur millions of times in a type 4 file (``Transaction``,
``Voucher``) are ``NamedTuple``: as immutable and typed as a frozen dataclass, but three to
six times faster to create, which matters for the reader's speed. Line numbers are kept for
diagnostics but never take part in equality, so a file that is written and read again compares
equal to the one it was written from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

Day = date
"""A date (an alias, since records have a field called ``date``)."""

Objects = tuple[tuple[int, str], ...]
"""An object list: (dimension number, object code) pairs, e.g. ``((1, "1100"), (6, "P7"))``."""

TRANSACTION_KINDS = ("TRANS", "RTRANS", "BTRANS")
"""``TRANS`` rows count; ``RTRANS`` (a row added later) is followed by an identical ``TRANS``
that is the one counted; ``BTRANS`` (a row removed later) is information only."""

BALANCE_KINDS = ("IB", "UB", "OIB", "OUB", "RES")
"""Opening and closing balances, per account (``IB``, ``UB``) or per account and object
(``OIB``, ``OUB``), and the year's result per result account (``RES``)."""

PERIOD_KINDS = ("PSALDO", "PBUDGET")
"""A period's change (``PSALDO``) or budget (``PBUDGET``) per account and object list."""


class Transaction(NamedTuple):
    """One row of a voucher (``#TRANS``, ``#RTRANS`` or ``#BTRANS``)."""

    kind: str
    """``TRANS``, ``RTRANS`` or ``BTRANS``."""
    account: str
    objects: Objects
    amount: Decimal
    date: date | None
    """The transaction date (transdat); ``None`` when not given: the voucher's date applies."""
    text: str
    quantity: Decimal | None
    sign: str


class Voucher(NamedTuple):
    """A voucher (verifikation, ``#VER``) with its rows."""

    series: str
    """The series (serie); may be empty in import files (type 4I)."""
    number: str
    """The voucher number (vernr); may be empty in import files."""
    date: date
    text: str
    regdate: Day | None
    """The registration date (regdatum), when given."""
    sign: str
    transactions: tuple[Transaction, ...]

    def label(self) -> str:
        """The voucher as a user names it: ``A 12``, or ``(utan nummer)``."""
        text = f"{self.series} {self.number}".strip()
        return text or "(utan serie och nummer)"


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """``#RAR``: a fiscal year by its index (0 = the current, −1 = the previous …)."""

    index: int
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Header:
    """The identification records of the file. Absent records are ``None`` or empty."""

    flagga: int | None = None
    program: tuple[str, ...] = ()
    """Program name and version."""
    format: str | None = None
    """``PC8`` (CP437) by the specification."""
    gen: date | None = None
    gen_sign: str = ""
    sietyp: str | None = None
    """``1``, ``2``, ``3`` or ``4``."""
    prosa: tuple[str, ...] = ()
    """Free text, one entry per ``#PROSA``."""
    ftyp: str | None = None
    fnr: str | None = None
    orgnr: tuple[str, ...] = ()
    """Organisation number, then the optional förvärvsnummer and verksamhetsnummer."""
    bkod: str | None = None
    adress: tuple[str, ...] = ()
    """Contact, street address, postal address, telephone."""
    fnamn: str | None = None
    rar: tuple[FiscalYear, ...] = ()
    taxar: int | None = None
    omfattn: date | None = None
    kptyp: str | None = None
    valuta: str | None = None

    def fiscal_year(self, index: int = 0) -> FiscalYear | None:
        return next((y for y in self.rar if y.index == index), None)


@dataclass(frozen=True, slots=True)
class Account:
    """An account of the chart with its type, unit and SRU codes (``#KONTO #KTYP #ENHET
    #SRU``). ``name`` is ``None`` when the file gives a type or SRU code but no ``#KONTO``."""

    number: str
    name: str | None = None
    type: str | None = None
    """``T`` (tillgång), ``S`` (skuld), ``K`` (kostnad), ``I`` (intäkt)."""
    unit: str | None = None
    sru: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Dimension:
    """``#DIM`` or, with a parent, ``#UNDERDIM``."""

    number: int
    name: str
    parent: int | None = None


@dataclass(frozen=True, slots=True)
class SieObject:
    """``#OBJEKT``: an object (e.g. a cost centre) of a dimension."""

    dimension: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Balance:
    """``#IB #UB #RES`` (no objects) or ``#OIB #OUB`` (with objects) for one year index."""

    kind: str
    year: int
    """Year index of ``#RAR``: 0 = the current year, −1 = the previous …"""
    account: str
    amount: Decimal
    objects: Objects = ()
    quantity: Decimal | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class PeriodBalance:
    """``#PSALDO`` or ``#PBUDGET``: one account, object list and month of a year index."""

    kind: str
    year: int
    period: int
    """The month as YYYYMM, e.g. 202001."""
    account: str
    objects: Objects
    amount: Decimal
    quantity: Decimal | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class UnknownRecord:
    """A record the reader does not know, kept as it was (its fields as text)."""

    tag: str
    fields: tuple[str, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class SieFile:
    """Everything an SIE file holds, in the order of the file within each kind."""

    header: Header
    accounts: tuple[Account, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    objects: tuple[SieObject, ...] = ()
    balances: tuple[Balance, ...] = ()
    periods: tuple[PeriodBalance, ...] = ()
    vouchers: tuple[Voucher, ...] = ()
    unknown: tuple[UnknownRecord, ...] = ()
    has_checksum: bool = False
    """The file had a ``#KSUMMA`` (verified when read)."""
    voucher_lines: tuple[int, ...] = field(default=(), compare=False)
    """The line of each voucher's ``#VER``, parallel to ``vouchers`` (empty when built)."""
    file: str = field(default="", compare=False)
    """The path the file was read from, as given (for diagnostics)."""

    def chart(self) -> frozenset[str]:
        """The account numbers declared with ``#KONTO``."""
        return frozenset(a.number for a in self.accounts if a.name is not None)
