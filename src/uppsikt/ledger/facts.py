"""The workspace's ledger as economic facts for a build, mapped by `mappning.yaml`, with
every unmapped krona reported."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from uppsikt.ledger.mapping import (
    IGNORED,
    MAPPING_FILE,
    Mapping,
    kontogrupp_dimension,
    load_mapping,
    validate_mapping,
)
from uppsikt.ledger.model import OBJECT_DIMENSIONS, STORE_FILE
from uppsikt.ledger.patterns import Resolver
from uppsikt.ledger.reconcile import ACCOUNT, check_accounts
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.located.sink import Sink
from uppsikt.model.dimensions import ORGANISATION, Dimension
from uppsikt.model.economy import Fact
from uppsikt.model.monthly import MonthlyLedger

if TYPE_CHECKING:
    from uppsikt.ledger.aggregate import MappingTables
    from uppsikt.ledger.store import LedgerStore


def store_problem(reason: str | None) -> Diagnostic:
    """UPP671: the store cannot be used; ``reason`` when it was refused (not ours, damaged),
    None for an error of the database itself (its text is not shown: it is DuckDB's)."""
    sink = Sink(STORE_FILE)
    if reason is not None:
        sink.error(
            "UPP671",
            f"Huvudboken används inte: {reason}",
            hint=f"Ta bort {STORE_FILE} och importera exportfilerna på nytt; huvudboken byggs "
            "alltid från sina källor.",
        )
    else:
        sink.error(
            "UPP671",
            f"Huvudboken {STORE_FILE} kunde inte öppnas, läsas eller skrivas; inget ändrades.",
            hint="Kontrollera att ingen annan process använder filen och försök igen. Består "
            f"felet: ta bort {STORE_FILE} och importera exportfilerna på nytt.",
        )
    return sink.diagnostics[0]


@dataclass(frozen=True, slots=True)
class LedgerFacts:
    facts: tuple[Fact, ...]
    diagnostics: tuple[Diagnostic, ...]
    kontogrupp: Dimension | None = None
    """The kontogrupp dimension when the mapping builds it from Kommun-Bas."""
    monthly: MonthlyLedger | None = None
    """The ledger per month and top of the organisation (ledger/monthly.py)."""


class LedgerFactsCache:
    """The facts of ledger stores already aggregated, for the reports of one kommun that read
    the same ledger: a kommun build aggregates its ledger once, not once per report.

    The key is the store file (its path, size and modification time), the mapping's content
    and the dimensions it is mapped onto, so a changed file is aggregated again. Owned by
    whoever reads several reports (a kommun build, the web application's process), never a
    module global.
    """

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, LedgerFacts] = OrderedDict()
        self._lock = threading.Lock()

    def facts(self, root: Path, dimensions: tuple[Dimension, ...]) -> LedgerFacts:
        key = _cache_key(root, dimensions)
        if key is None:
            return ledger_facts(root, dimensions)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        found = ledger_facts(root, dimensions)
        with self._lock:
            self._items[key] = found
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return found


def _cache_key(root: Path, dimensions: tuple[Dimension, ...]) -> Hashable | None:
    """None when there is nothing worth keeping (no store, or no mapping to read)."""
    try:
        store = (root / STORE_FILE).stat()
        mapping = (root / MAPPING_FILE).read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(mapping).hexdigest()
    return (str(root.resolve()), store.st_size, store.st_mtime_ns, digest, dimensions)


def ledger_facts(root: Path, dimensions: tuple[Dimension, ...]) -> LedgerFacts:
    """The facts of the workspace's ledger, mapped by ``mappning.yaml``; none without a store."""
    store_path = root / STORE_FILE
    if not store_path.exists():
        return LedgerFacts((), ())
    mapping_path = root / MAPPING_FILE
    if not mapping_path.exists():
        sink = Sink(MAPPING_FILE)
        sink.error(
            "UPP613",
            f"Arbetsytan har en huvudbok ({STORE_FILE}) men ingen mappning.",
            hint="Skapa mappning.yaml (se docs/ledger.md) så att konton och objekt kan "
            "föras till rapportens dimensioner.",
        )
        return LedgerFacts((), tuple(sink.diagnostics))
    mapping, diagnostics = load_mapping(mapping_path)
    if mapping is None:
        return LedgerFacts((), tuple(diagnostics))
    sink = Sink(MAPPING_FILE)
    validate_mapping(mapping, dimensions, sink)
    # DuckDB, Ibis and pyarrow only for a workspace with a ledger: reading the others (and
    # `uppsikt check`) starts without them.
    import duckdb  # noqa: PLC0415

    from uppsikt.ledger.aggregate import facts_from_ledger  # noqa: PLC0415
    from uppsikt.ledger.monthly import monthly_ledger  # noqa: PLC0415
    from uppsikt.ledger.periods import missing_periods  # noqa: PLC0415
    from uppsikt.ledger.store import LedgerStore, StoreRefused  # noqa: PLC0415

    try:
        with LedgerStore(store_path, read_only=True) as store:
            totals = code_totals(store)
            check_accounts(mapping, totals, sink)
            tables = mapping_tables(mapping, totals)
            facts = facts_from_ledger(store, tables)
            organisation = next((d for d in dimensions if d.name == ORGANISATION), None)
            monthly = None if organisation is None else monthly_ledger(store, tables, organisation)
            diagnostics = [*diagnostics, *missing_periods(store)]
    except StoreRefused as exc:
        return LedgerFacts((), (*diagnostics, *sink.diagnostics, store_problem(str(exc))))
    except duckdb.Error:
        return LedgerFacts((), (*diagnostics, *sink.diagnostics, store_problem(None)))
    kontogrupp = None
    if mapping.kommun_bas is not None:
        declared = next((d for d in dimensions if d.name == "kontogrupp"), None)
        kontogrupp = kontogrupp_dimension(mapping, declared)
    return LedgerFacts(facts, (*diagnostics, *sink.diagnostics), kontogrupp, monthly)


def code_totals(store: LedgerStore) -> dict[str, dict[str, Decimal]]:
    """Amounts per code of accounts and of each ledger object (ledger sign), summed from the
    store's aggregate."""
    columns = ("account", *OBJECT_DIMENSIONS)
    keys = (ACCOUNT, *OBJECT_DIMENSIONS)
    sets = ", ".join(f"({c})" for c in columns)
    # One scan for every column: each row of the answer has the code of one grouping set.
    rows = store.connection.execute(
        f"SELECT GROUPING_ID({', '.join(columns)}), {', '.join(columns)}, sum(amount)"
        f" FROM {store.year_relation()} GROUP BY GROUPING SETS ({sets})"
    ).fetchall()
    totals: dict[str, dict[str, Decimal]] = {key: {} for key in keys}
    for grouping, *codes, amount in rows:
        # GROUPING_ID has a bit set, from the last column, for each column not grouped on.
        index = next(i for i in range(len(columns)) if not grouping >> (len(columns) - 1 - i) & 1)
        totals[keys[index]][str(codes[index])] = Decimal(amount)
    return totals


def mapping_tables(
    mapping: Mapping, totals: MappingABC[str, MappingABC[str, Decimal]]
) -> MappingTables:
    """The mapping resolved for every code present in the ledger."""
    from uppsikt.ledger.aggregate import MappingTables  # noqa: PLC0415 - Ibis, when used

    accounts = mapping.account_resolver().resolve(c for c in totals.get(ACCOUNT, {}) if c)
    resolved: dict[str, tuple[str, dict[str, str]]] = {}
    for dimension in ("enhet", "verksamhet"):
        objects = mapping.object_mapping(dimension)
        if objects is None:
            resolved[dimension] = ("", {})
            continue
        codes = (c for c in totals.get(objects.source, {}) if c)
        resolved[dimension] = (objects.source, Resolver(objects.rules).resolve(codes))
    return MappingTables(
        accounts={c: m for c, m in accounts.items() if m != IGNORED},
        ignored={c for c, m in accounts.items() if m == IGNORED},
        enhet=resolved["enhet"][1],
        verksamhet=resolved["verksamhet"][1],
        enhet_from=resolved["enhet"][0],
        verksamhet_from=resolved["verksamhet"][0],
    )
