"""From ledger rows to economic facts, written once as Ibis expressions.

The ledger is joined with small mapping tables (account → kontogrupp or ignored, ledger
object code → member of enhet and of verksamhet) and summed per (year, scenario, enhet,
kontogrupp, verksamhet) with the report sign (fact amount = −ledger amount). The
expressions use nothing specific to one backend: they run on DuckDB (the workspace's store)
and, with the ``spark`` extra, on PySpark.

The mapping tables are resolved beforehand, per distinct code present in the ledger, from
``mappning.yaml`` (patterns, first matching rule wins); this module only needs the result.

A build reads the store's facts with ``facts_from_ledger``: the same computation written as
one DuckDB query over the store's sums per year (``ledger_agg_year``), because compiling the
Ibis expression costs more (30–50 ms) than running it there (a few ms). Tests hold the two to
the same result.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from uppsikt.ledger.model import OBJECT_DIMENSIONS
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.economy import Fact, Scenario

if TYPE_CHECKING:
    from uppsikt.ledger.store import LedgerStore

KONTOGRUPP = "kontogrupp"
VERKSAMHET = "verksamhet"
ACCOUNT = "konto"
"""The name the account 'dimension' has in reconciliations and unmapped codes."""
FACT_COLUMNS = ("year", "scenario", ORGANISATION, KONTOGRUPP, VERKSAMHET, "amount")
"""The columns of ``ledger_facts``; amount in kronor with the report sign."""

ACCOUNT_MAP = pa.schema(
    [("map_account", pa.string()), ("map_kontogrupp", pa.string()), ("map_ignored", pa.bool_())]
)
"""account_map: each account → its kontogrupp (null: unmapped) or ignored."""
OBJECT_MAP = pa.schema([("map_code", pa.string()), ("map_member", pa.string())])
"""object_map (one per dimension, columns prefixed with its name, e.g. enhet_map_code): each
code of the ledger object the dimension is fed from → its member."""


@dataclass(frozen=True, slots=True)
class MappingTables:
    """The mapping resolved for the codes in the ledger."""

    accounts: Mapping[str, str | None]
    """Account → kontogrupp member; None (or absent) means unmapped."""
    ignored: Set[str]
    """Accounts outside the operating result (e.g. balance accounts): never in facts."""
    enhet: Mapping[str, str]
    """Code of the ledger object ``enhet_from`` → enhet member; absent means unmapped."""
    verksamhet: Mapping[str, str]
    """Code of the ledger object ``verksamhet_from`` → verksamhet member."""
    enhet_from: str = "ansvar"
    """The ledger object column giving enhet: ansvar, verksamhet or projekt; '' = not used."""
    verksamhet_from: str = "verksamhet"
    """The ledger object column giving verksamhet; '' = the dimension is not used."""

    def __post_init__(self) -> None:
        for source in (self.enhet_from, self.verksamhet_from):
            if source and source not in OBJECT_DIMENSIONS:
                raise ValueError(f"unknown ledger object {source!r}")


@dataclass(frozen=True, slots=True)
class UnmappedCode:
    """A code no mapping rule matches, with what is booked on it (report sign)."""

    dimension: str
    """konto, enhet or verksamhet."""
    code: str
    year: int
    scenario: Scenario
    amount: Decimal
    rows: int


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """For one dimension, year and scenario: where every krona of the ledger went (report
    sign). ``total`` = ``ignored`` + ``mapped`` + ``unmapped`` + ``empty``."""

    dimension: str
    year: int
    scenario: Scenario
    total: Decimal
    """The whole ledger of the year and scenario."""
    ignored: Decimal
    """Rows on ignored accounts (never in facts)."""
    mapped: Decimal
    """Rows with a member of the dimension."""
    unmapped: Decimal
    """Rows whose code no rule matches."""
    empty: Decimal
    """Rows without a code ('' in the ledger object): no member, as intended."""

    @property
    def balanced(self) -> bool:
        return self.total == self.ignored + self.mapped + self.unmapped + self.empty


@dataclass(frozen=True, slots=True)
class MappingSummary:
    reconciliations: tuple[Reconciliation, ...]
    unmapped: tuple[UnmappedCode, ...]
    """Sorted by dimension, code, year and scenario."""


def account_map(mapping: MappingTables) -> ir.Table:
    return ibis.memtable(account_arrow(mapping))


def account_arrow(mapping: MappingTables) -> pa.Table:
    accounts = sorted(set(mapping.accounts) | set(mapping.ignored))
    return pa.table(
        [
            pa.array(accounts, pa.string()),
            pa.array([mapping.accounts.get(a) for a in accounts], pa.string()),
            pa.array([a in mapping.ignored for a in accounts], pa.bool_()),
        ],
        schema=ACCOUNT_MAP,
    )


def object_map(members: Mapping[str, str], dimension: str) -> ir.Table:
    """The object map of one dimension, its columns prefixed with the dimension's name (so
    that the maps of several dimensions can be joined in one chain)."""
    return ibis.memtable(object_arrow(members, dimension))


def object_arrow(members: Mapping[str, str], dimension: str) -> pa.Table:
    codes = sorted(members)
    schema = pa.schema([(f"{dimension}_{field.name}", field.type) for field in OBJECT_MAP])
    return pa.table(
        [pa.array(codes, pa.string()), pa.array([members[c] for c in codes], pa.string())],
        schema=schema,
    )


def mapped_ledger(ledger: ir.Table, mapping: MappingTables) -> ir.Table:
    """The ledger summed per (year, scenario, account, object codes), with the mapping's
    result beside each code: kontogrupp, ignored, enhet_code, enhet, verksamhet_code,
    verksamhet (members null when unmapped or not used), amount (ledger sign) and rows.

    ``ledger`` is the raw rows or the store's aggregate (``ledger_agg``, whose ``rows`` column
    says how many raw rows each sum is of): both give the same result. Summing on the raw codes
    first makes the joins work on a few thousand rows instead of the whole ledger."""
    sources = [s for s in dict.fromkeys((mapping.enhet_from, mapping.verksamhet_from)) if s]
    rows = ledger.rows.sum() if "rows" in ledger.columns else ledger.count()
    summed = ledger.group_by(["year", "scenario", "account", *sources]).aggregate(
        amount=ledger.amount.sum(), rows=rows
    )
    accounts = account_map(mapping)
    joined = summed.left_join(accounts, summed.account == accounts.map_account)
    members: dict[str, ir.Value] = {}
    for dimension, source, codes in (
        (ORGANISATION, mapping.enhet_from, mapping.enhet),
        (VERKSAMHET, mapping.verksamhet_from, mapping.verksamhet),
    ):
        if not source:
            members[f"{dimension}_code"] = ibis.literal("", type="string")
            members[dimension] = ibis.null("string")
            continue
        table = object_map(codes, dimension)
        joined = joined.left_join(table, summed[source] == table[f"{dimension}_map_code"])
        members[f"{dimension}_code"] = summed[source]
        members[dimension] = table[f"{dimension}_map_member"]
    return joined.select(
        year=summed.year,
        scenario=summed.scenario,
        account=summed.account,
        kontogrupp=accounts.map_kontogrupp,
        ignored=accounts.map_ignored.fill_null(False),
        **members,
        amount=summed.amount,
        rows=summed.rows,
    )


def ledger_facts(ledger: ir.Table, mapping: MappingTables) -> ir.Table:
    """The economic facts of the ledger: FACT_COLUMNS, one row per (year, scenario, enhet,
    kontogrupp, verksamhet), amounts with the report sign; ignored accounts left out. A null
    member means the rows had no member of that dimension (empty or unmapped code)."""
    table = mapped_ledger(ledger, mapping)
    operating = table.filter(~table.ignored)
    return operating.group_by(["year", "scenario", ORGANISATION, KONTOGRUPP, VERKSAMHET]).aggregate(
        amount=(-operating.amount).sum()
    )


def facts_from_ledger(store: LedgerStore, mapping: MappingTables) -> tuple[Fact, ...]:
    """The store's ledger as facts, sorted: ``ledger_facts`` as one DuckDB query over the
    store's aggregate, the mapping tables passed as Arrow tables."""
    names = {
        "accounts": account_arrow(mapping),
        ORGANISATION: object_arrow(mapping.enhet, ORGANISATION),
        VERKSAMHET: object_arrow(mapping.verksamhet, VERKSAMHET),
    }
    tag = uuid.uuid4().hex
    registered = {key: f"uppsikt_{key}_{tag}" for key in names}
    con = store.connection
    for key, table in names.items():
        con.register(registered[key], table)
    try:
        # The object columns are OBJECT_DIMENSIONS (checked by MappingTables).
        sources = [s for s in dict.fromkeys((mapping.enhet_from, mapping.verksamhet_from)) if s]
        members = []
        joins = []
        for dimension, source in (
            (ORGANISATION, mapping.enhet_from),
            (VERKSAMHET, mapping.verksamhet_from),
        ):
            if not source:
                members.append(f"NULL::VARCHAR AS {dimension}")
                continue
            joins.append(
                f" LEFT JOIN {registered[dimension]} AS {dimension}_map"
                f" ON l.{source} = {dimension}_map.{dimension}_map_code"
            )
            members.append(f"{dimension}_map.{dimension}_map_member AS {dimension}")
        # Summed on the codes first, as mapped_ledger: the joins then see far fewer rows.
        codes = ", ".join(["year", "scenario", "account", *sources])
        rows = con.execute(
            f"SELECT l.year, l.scenario, {members[0]}, a.map_kontogrupp AS {KONTOGRUPP},"
            f" {members[1]}, -sum(l.amount) FROM (SELECT {codes}, sum(amount) AS amount"
            f" FROM {store.year_relation()} GROUP BY ALL) AS l"
            f" LEFT JOIN {registered['accounts']} AS a ON l.account = a.map_account"
            + "".join(joins)
            + " WHERE NOT coalesce(a.map_ignored, false) GROUP BY ALL"
        ).fetchall()
    finally:
        for name in registered.values():
            con.unregister(name)
    return _facts(rows)


def facts_from_arrow(table: pa.Table) -> tuple[Fact, ...]:
    """Facts from the result of ``ledger_facts``; a null member omits the dimension."""
    return _facts(zip(*(table.column(name).to_pylist() for name in FACT_COLUMNS), strict=True))


def _facts(rows: Iterable[Sequence[Any]]) -> tuple[Fact, ...]:
    """Facts from rows of FACT_COLUMNS, sorted; a null member omits the dimension."""
    # One view of the economy: a member left out (unmapped) does not make a fact another view.
    view = tuple(sorted((ORGANISATION, KONTOGRUPP, VERKSAMHET)))
    facts: list[Fact] = []
    for year, scenario, enhet, kontogrupp, verksamhet, amount in rows:
        members = ((ORGANISATION, enhet), (KONTOGRUPP, kontogrupp), (VERKSAMHET, verksamhet))
        dimensions = tuple(sorted((d, m) for d, m in members if m is not None))
        facts.append(Fact(int(year), Scenario(scenario), Decimal(amount), dimensions, view))
    facts.sort(key=lambda f: (f.year, f.scenario.value, f.dimensions))
    return tuple(facts)


def unmapped_summary(ledger: ir.Table, mapping: MappingTables) -> MappingSummary:
    """Every unmapped account and object code with its amount, and per dimension, year and
    scenario the reconciliation of the ledger's total with what was mapped (report sign)."""
    result = mapped_ledger(ledger, mapping).to_pyarrow()
    dimensions = [(ACCOUNT, "account", KONTOGRUPP)]
    if mapping.enhet_from:
        dimensions.append((ORGANISATION, f"{ORGANISATION}_code", ORGANISATION))
    if mapping.verksamhet_from:
        dimensions.append((VERKSAMHET, f"{VERKSAMHET}_code", VERKSAMHET))
    sums: dict[tuple[int, int, str], dict[str, Decimal]] = {}
    unmapped: dict[tuple[int, str, int, str], tuple[Decimal, int]] = {}
    for record in result.to_pylist():
        amount = -Decimal(record["amount"])
        year, scenario = int(record["year"]), str(record["scenario"])
        for index, (_, code_column, member_column) in enumerate(dimensions):
            code = str(record[code_column])
            part = _part(record["ignored"], record[member_column], code)
            if part == "unmapped":
                key = (index, code, year, scenario)
                before, rows = unmapped.get(key, (Decimal(0), 0))
                unmapped[key] = (before + amount, rows + int(record["rows"]))
            figures = sums.setdefault((index, year, scenario), dict.fromkeys(_PARTS, Decimal(0)))
            figures[part] += amount
            figures["total"] += amount
    return MappingSummary(
        tuple(
            Reconciliation(dimensions[i][0], year, Scenario(scenario), *figures.values())
            for (i, year, scenario), figures in sorted(sums.items())
        ),
        tuple(
            UnmappedCode(dimensions[i][0], code, year, Scenario(scenario), amount, rows)
            for (i, code, year, scenario), (amount, rows) in sorted(unmapped.items())
        ),
    )


_PARTS = ("total", "ignored", "mapped", "unmapped", "empty")
"""In the order of Reconciliation's fields."""


def _part(ignored: bool, member: str | None, code: str) -> str:
    if ignored:
        return "ignored"
    if member is not None:
        return "mapped"
    return "empty" if code == "" else "unmapped"
