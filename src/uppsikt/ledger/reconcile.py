"""Every krona accounted for: what a mapping maps, ignores and leaves unmapped.

Given the ledger's totals per code (accounts, ansvar, activity codes …), a reconciliation
shows the total before mapping and its parts after: mapped + ignored + without a code +
unmapped = total. Unmapped result accounts are errors (UPP610): the result would lack them.
Unmapped objects are warnings (UPP611): their amounts still count in the kontogrupp view, only
not under any enhet or verksamhet. Totals that disagree are errors (UPP612).
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.ledger.mapping import IGNORED, KONTOGRUPP, Mapping
from uppsikt.ledger.patterns import Resolver
from uppsikt.located.format import number
from uppsikt.located.sink import Sink

ACCOUNT = "konto"
"""The key of account totals; object totals are keyed by the object (ansvar, verksamhet …)."""
MAX_LISTED = 50
"""Unmapped codes reported one by one per source; the rest are summed in one diagnostic."""

Totals = MappingABC[str, Decimal]
"""Amounts per code, summed over the rows (ledger sign)."""


@dataclass(frozen=True, slots=True)
class CodeAmount:
    code: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The totals of one source (accounts or a ledger object) before and after mapping."""

    source: str
    """konto, ansvar, verksamhet or projekt."""
    dimension: str
    """The dimension mapped onto: kontogrupp, enhet or verksamhet."""
    total: Decimal
    """Before mapping: every amount."""
    mapped: Decimal
    ignored: Decimal
    """Accounts outside the result (konton.ignorera); always 0 for objects."""
    blank: Decimal
    """Rows without a code (e.g. an export per ansvar has no account)."""
    unmapped: tuple[CodeAmount, ...]
    """Each unmapped code with its amount, by code."""
    members: tuple[CodeAmount, ...]
    """After mapping: the amount of each member, by member."""

    @property
    def unmapped_total(self) -> Decimal:
        return sum((u.amount for u in self.unmapped), Decimal(0))

    @property
    def balanced(self) -> bool:
        parts = self.mapped + self.ignored + self.blank + self.unmapped_total
        return parts == self.total and sum((m.amount for m in self.members), Decimal(0)) == (
            self.mapped
        )


def unmapped(resolver: Resolver, totals: Totals) -> tuple[CodeAmount, ...]:
    """Each non-blank code that no rule matches, with its amount, by code."""
    return tuple(
        CodeAmount(code, totals[code])
        for code in sorted(totals)
        if code and resolver.index(code) is None
    )


def reconcile(resolver: Resolver, totals: Totals, source: str, dimension: str) -> Reconciliation:
    """The totals of ``totals`` before and after mapping with ``resolver``."""
    zero = Decimal(0)
    total = mapped = ignored = blank = zero
    members: dict[str, Decimal] = {}
    missing: list[CodeAmount] = []
    for code in sorted(totals):
        amount = totals[code]
        total += amount
        if not code:
            blank += amount
            continue
        member = resolver.member(code)
        if member is None:
            missing.append(CodeAmount(code, amount))
        elif member == IGNORED:
            ignored += amount
        else:
            mapped += amount
            members[member] = members.get(member, zero) + amount
    by_member = tuple(CodeAmount(m, members[m]) for m in sorted(members))
    return Reconciliation(
        source, dimension, total, mapped, ignored, blank, tuple(missing), by_member
    )


def reconcile_ledger(mapping: Mapping, totals: MappingABC[str, Totals]) -> list[Reconciliation]:
    """A reconciliation per mapped source: accounts (when the mapping maps accounts) and each
    object mapping. ``totals`` holds the amounts per code of ACCOUNT and of each object."""
    found: list[Reconciliation] = []
    if mapping.maps_accounts or mapping.ignore:
        found.append(
            reconcile(mapping.account_resolver(), totals.get(ACCOUNT, {}), ACCOUNT, KONTOGRUPP)
        )
    for objects in mapping.objects:
        resolver = Resolver(objects.rules)
        found.append(
            reconcile(resolver, totals.get(objects.source, {}), objects.source, objects.dimension)
        )
    return found


def check_accounts(
    mapping: Mapping, totals: MappingABC[str, Totals], sink: Sink
) -> list[Reconciliation]:
    """Reconcile every source and report what is unmapped (UPP610, UPP611) or does not add up
    (UPP612) to ``sink`` (the mapping file's, since the fix is a rule there)."""
    reconciliations = reconcile_ledger(mapping, totals)
    for item in reconciliations:
        _report_unmapped(item, mapping, sink)
        if not item.balanced:
            check_totals(
                item.total,
                item.mapped + item.ignored + item.blank + item.unmapped_total,
                f"{item.source} → {item.dimension}",
                sink,
            )
    return reconciliations


def check_totals(before: Decimal, after: Decimal, what: str, sink: Sink) -> bool:
    """Report (UPP612) totals before and after mapping that disagree; True when they agree."""
    if before == after:
        return True
    sink.error(
        "UPP612",
        f"Summan före mappningen ({_kr(before)}) och efter ({_kr(after)}) skiljer sig åt "
        f"för {what}, med {_kr(after - before)}.",
        hint="Det är ett fel i uppsikt eller i underlaget: kontrollera importen och rapportera "
        "felet om summorna i filen stämmer.",
    )
    return False


def _report_unmapped(item: Reconciliation, mapping: Mapping, sink: Sink) -> None:
    is_account = item.source == ACCOUNT
    objects = None if is_account else mapping.object_mapping(item.dimension)
    line = mapping.kontogrupp_line if is_account else (objects.line if objects else None)
    for entry in item.unmapped[:MAX_LISTED]:
        if is_account:
            sink.error(
                "UPP610",
                f"Resultatkontot {entry.code} ({_kr(entry.amount)}) mappas inte på någon "
                "kontogrupp.",
                line=line,
                field_name=KONTOGRUPP,
                hint="Lägg till kontot i ett mönster under konton.kontogrupp, eller under "
                "konton.ignorera om det inte hör till resultatet.",
            )
        else:
            sink.warning(
                "UPP611",
                f"{item.source.capitalize()} {entry.code} ({_kr(entry.amount)}) mappas inte på "
                f"någon medlem i dimensionen {item.dimension}.",
                line=line,
                field_name=item.dimension,
                hint=f"Lägg till koden i ett mönster under {item.dimension}.regler; beloppet "
                "räknas annars bara i vyer utan den dimensionen.",
            )
    rest = item.unmapped[MAX_LISTED:]
    if rest:
        amount = sum((r.amount for r in rest), Decimal(0))
        message = (
            f"Ytterligare {len(rest)} koder för {item.source} ({_kr(amount)}) mappas inte på "
            f"dimensionen {item.dimension}."
        )
        hint = "Se listan över omappade koder i importens sammanfattning."
        if is_account:
            sink.error("UPP610", message, line=line, field_name=KONTOGRUPP, hint=hint)
        else:
            sink.warning("UPP611", message, line=line, field_name=item.dimension, hint=hint)


def _kr(amount: Decimal) -> str:
    return f"{number(amount, 2)} kr"
