"""The ledger inside a workspace: importing export files into its store, and the store's
rows as economic facts for a build, with every unmapped krona reported."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

from uppsikt.diagnostics import Diagnostic, has_errors
from uppsikt.importers.sie import DEFAULT_DIMENSIONS, ledger_rows, read_sie, reconcile
from uppsikt.importers.sie_fast import Unsupported, read_sie_columns
from uppsikt.importers.tabular import read_tabular
from uppsikt.importers.tabular_config import IMPORT_FILE, load_import_config
from uppsikt.ledger.aggregate import MappingTables, facts_from_ledger
from uppsikt.ledger.mapping import (
    IGNORED,
    MAPPING_FILE,
    Mapping,
    kontogrupp_dimension,
    load_mapping,
    validate_mapping,
)
from uppsikt.ledger.model import OBJECT_DIMENSIONS, STORE_FILE, LedgerRow
from uppsikt.ledger.patterns import Resolver
from uppsikt.ledger.periods import missing_periods
from uppsikt.ledger.reconcile import ACCOUNT, check_accounts
from uppsikt.ledger.store import (
    ImportRecord,
    ImportSummary,
    LedgerImportError,
    LedgerStore,
    StoreRefused,
)
from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Fact, Scenario
from uppsikt.workspace.sink import Sink

SIE_SUFFIXES = (".se", ".si", ".sie")
SIE_SOURCE = "huvudbok"
"""The source name of SIE imports unless another is given."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    summary: ImportSummary | None
    """None when the file was refused; the store is then unchanged."""
    diagnostics: tuple[Diagnostic, ...]


def import_file(
    root: Path,
    file: Path,
    *,
    source: str | None = None,
    scenario: Scenario | None = None,
    sie_dimensions: MappingABC[int, str] = DEFAULT_DIMENSIONS,
) -> ImportResult:
    """Read ``file`` whole and store its rows in the workspace's ledger, or refuse it whole.

    SIE files are read as they are; CSV and Excel exports by a source of ``import.yaml``
    (named by ``source``, or the one whose ``fil`` pattern matches the file). Importing the
    same source for the same periods again replaces what it brought before.
    """
    shown = _shown(root, file)
    rows: list[LedgerRow] | pa.Table | None
    if file.suffix.lower() in SIE_SUFFIXES:
        rows, diagnostics, kind = _sie_rows(file, sie_dimensions)
        name = source or SIE_SOURCE
    else:
        rows, diagnostics, kind, name = _tabular_rows(root, file, shown, source, scenario)
    if rows is None or has_errors(diagnostics):
        return ImportResult(None, tuple(diagnostics))
    sink = Sink(shown)
    try:
        with LedgerStore(root / STORE_FILE) as store:
            if isinstance(rows, pa.Table):
                summary = store.import_arrow(rows, source=name, file=shown, kind=kind)
            else:
                summary = store.import_rows(rows, source=name, file=shown, kind=kind)
    except StoreRefused as exc:
        return ImportResult(None, (*diagnostics, store_problem(str(exc))))
    except LedgerImportError as exc:
        sink.error("UPP640", str(exc), hint="Rätta raderna i filen och importera den igen.")
        return ImportResult(None, (*diagnostics, *sink.diagnostics))
    except duckdb.Error:
        return ImportResult(None, (*diagnostics, store_problem(None)))
    return ImportResult(summary, tuple(diagnostics))


@dataclass(frozen=True, slots=True)
class RemovalResult:
    removed_rows: int
    """Ledger rows deleted; 0 when the removal was refused."""
    imports: tuple[ImportRecord, ...]
    """The import records left in the store after the removal."""
    diagnostics: tuple[Diagnostic, ...]


def remove_import(root: Path, source: str) -> RemovalResult:
    """Remove every row and import record that ``source`` brought into the workspace's
    ledger, in one transaction; an unknown source is an error and leaves the store as it was."""
    sink = Sink(STORE_FILE)
    path = root / STORE_FILE
    if not path.is_file():
        sink.error(
            "UPP670",
            f"Källan «{source}» kan inte tas bort: arbetsytan har ingen huvudbok ({STORE_FILE}).",
            hint="Importera en fil först med «uppsikt import».",
        )
        return RemovalResult(0, (), tuple(sink.diagnostics))
    try:
        with LedgerStore(path) as store:
            known = store.sources()
            if source not in known:
                listed = ", ".join(f"«{k}»" for k in known) or "(inga)"
                sink.error(
                    "UPP670",
                    f"Huvudboken har ingen källa «{source or '(tomt)'}»; inget togs bort.",
                    hint=f"Ange en av källorna i huvudboken: {listed}.",
                )
                return RemovalResult(0, store.imports(), tuple(sink.diagnostics))
            removed = store.remove_source(source)
            return RemovalResult(removed, store.imports(), ())
    except StoreRefused as exc:
        return RemovalResult(0, (), (store_problem(str(exc)),))
    except duckdb.Error:
        return RemovalResult(0, (), (store_problem(None),))


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


def _shown(root: Path, file: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(file)


def _sie_rows(
    file: Path, dimensions: MappingABC[int, str]
) -> tuple[list[LedgerRow] | pa.Table | None, list[Diagnostic], str]:
    """The rows of an SIE file: by the fast columnar reader when it reads the file (plain
    vouchers, as most large exports are), else by the full reader. Both check the same."""
    try:
        table, found = read_sie_columns(file, dimensions)
        return table, found, "sie"
    except Unsupported:
        pass
    sie, diagnostics = read_sie(file)
    if sie is None:
        return None, diagnostics, "sie"
    diagnostics += reconcile(sie)
    return list(ledger_rows(sie, dimensions)), diagnostics, "sie"


def _tabular_rows(
    root: Path, file: Path, shown: str, source: str | None, scenario: Scenario | None
) -> tuple[list[LedgerRow] | None, list[Diagnostic], str, str]:
    config, diagnostics = load_import_config(root / IMPORT_FILE)
    sink = Sink(IMPORT_FILE)
    if config is None:
        return None, diagnostics, "csv", source or ""
    specs = [config.source(source)] if source else config.for_file(shown)
    found = [s for s in specs if s is not None]
    if len(found) != 1:
        names = ", ".join(s.name for s in config.sources)
        what = f"källan «{source}»" if source else f"en källa vars «fil» passar {shown}"
        sink.error(
            "UPP641",
            f"import.yaml har inte {what}." if not found else f"Flera källor passar {shown}.",
            hint=f"Ange källan med --källa (finns: {names}), eller rätta «fil» i import.yaml.",
        )
        return None, [*diagnostics, *sink.diagnostics], "csv", source or ""
    spec = found[0]
    if scenario is not None:
        spec = dataclasses.replace(spec, scenario=scenario)
    rows, read = read_tabular(file, spec, shown)
    return rows, [*diagnostics, *read], spec.format, spec.name


@dataclass(frozen=True, slots=True)
class LedgerFacts:
    facts: tuple[Fact, ...]
    diagnostics: tuple[Diagnostic, ...]
    kontogrupp: Dimension | None = None
    """The kontogrupp dimension when the mapping builds it from Kommun-Bas."""


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
    try:
        with LedgerStore(store_path, read_only=True) as store:
            totals = _code_totals(store)
            check_accounts(mapping, totals, sink)
            facts = facts_from_ledger(store, mapping_tables(mapping, totals))
            diagnostics = [*diagnostics, *missing_periods(store)]
    except StoreRefused as exc:
        return LedgerFacts((), (*diagnostics, *sink.diagnostics, store_problem(str(exc))))
    except duckdb.Error:
        return LedgerFacts((), (*diagnostics, *sink.diagnostics, store_problem(None)))
    kontogrupp = None
    if mapping.kommun_bas is not None:
        declared = next((d for d in dimensions if d.name == "kontogrupp"), None)
        kontogrupp = kontogrupp_dimension(mapping, declared)
    return LedgerFacts(facts, (*diagnostics, *sink.diagnostics), kontogrupp)


def _code_totals(store: LedgerStore) -> dict[str, dict[str, Decimal]]:
    """Amounts per code of accounts and of each ledger object (ledger sign)."""
    totals: dict[str, dict[str, Decimal]] = {}
    for key, column in ((ACCOUNT, "account"), *((o, o) for o in OBJECT_DIMENSIONS)):
        rows = store.connection.execute(
            f"SELECT {column}, sum(amount) FROM ledger GROUP BY {column}"
        ).fetchall()
        totals[key] = {str(code): Decimal(amount) for code, amount in rows}
    return totals


def mapping_tables(
    mapping: Mapping, totals: MappingABC[str, MappingABC[str, Decimal]]
) -> MappingTables:
    """The mapping resolved for every code present in the ledger."""
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
