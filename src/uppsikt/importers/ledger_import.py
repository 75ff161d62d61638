"""Importing export files (SIE, CSV, Excel) into a workspace's ledger store, all or nothing,
and removing one source's import."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from uppsikt.importers.sie.columns import ledger_table
from uppsikt.importers.sie.fast import Unsupported, read_sie_columns
from uppsikt.importers.sie.reader import DEFAULT_DIMENSIONS, ledger_rows, read_sie, reconcile
from uppsikt.importers.tabular import read_tabular
from uppsikt.importers.tabular_config import IMPORT_FILE, load_import_config
from uppsikt.ledger.facts import store_problem
from uppsikt.ledger.model import STORE_FILE, LedgerRow
from uppsikt.ledger.store import (
    ImportRecord,
    ImportSummary,
    LedgerImportError,
    LedgerStore,
    StoreRefused,
)
from uppsikt.located.diagnostics import Diagnostic, has_errors
from uppsikt.located.sink import Sink
from uppsikt.model.economy import Scenario

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


def _shown(root: Path, file: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(file)


def _sie_rows(
    file: Path, dimensions: MappingABC[int, str]
) -> tuple[list[LedgerRow] | pa.Table | None, list[Diagnostic], str]:
    """The rows of an SIE file as a table: by the fast columnar reader when it reads the file
    (plain vouchers, as most large exports are), else by the full reader (its rows gathered
    column by column, ``ledger_table``). Both check the same."""
    try:
        table, found = read_sie_columns(file, dimensions)
        return table, found, "sie"
    except Unsupported:
        pass
    sie, diagnostics = read_sie(file)
    if sie is None:
        return None, diagnostics, "sie"
    diagnostics += reconcile(sie)
    if has_errors(diagnostics):
        return None, diagnostics, "sie"
    try:
        return ledger_table(sie, dimensions), diagnostics, "sie"
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        # A row the store cannot hold (more than two decimals …): as rows, so that the
        # store names it (LedgerImportError, UPP640).
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
            hint=f"Ange källan med --source (finns: {names}), eller rätta «fil» i import.yaml.",
        )
        return None, [*diagnostics, *sink.diagnostics], "csv", source or ""
    spec = found[0]
    if scenario is not None:
        spec = dataclasses.replace(spec, scenario=scenario)
    rows, read = read_tabular(file, spec, shown)
    return rows, [*diagnostics, *read], spec.format, spec.name
