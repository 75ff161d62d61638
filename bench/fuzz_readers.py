"""The fuzzed readers of the core for bench/fuzz.py: SIE (both readers and the import), CSV and
Excel exports (the import with import.yaml), and workspace files (``load_report``).

Each reader works in a private copy of an example workspace made once per worker process;
a case's files are written into it, read, and the copy is put back as it was (the ledger
store too), so every case is read from the same state and can be replayed alone."""

from __future__ import annotations

import functools
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from fuzz_case import (
    EXAMPLE,
    IMPORT_EXAMPLE,
    Case,
    Reader,
    folder_bytes,
    restore,
    write_case,
)
from fuzz_mutate import TEXT, YAML, mutate
from fuzz_sie import sie_input
from fuzz_tabular import XLSX_SEED, csv_input, xlsx_input

from uppsikt.importers.ledger_import import import_file
from uppsikt.importers.sie.fast import Unsupported, read_sie_columns
from uppsikt.importers.sie.reader import read_sie
from uppsikt.located.diagnostics import has_errors
from uppsikt.pipeline import load_report

STORE = "ekonomi.duckdb"
EXPORTS = (
    "export/ansvar-utfall.csv",
    "export/ansvar-budget-2020.csv",
    "export/huvudbok-per-konto.xlsx",
    "export/verksamhet.csv",
)


class Broken(AssertionError):
    """An entry point answered, but broke its own contract (e.g. no model and no error)."""


@dataclass
class Workspace:
    root: Path
    originals: dict[str, bytes]
    store: bytes | None


def import_workspace(workdir: Path) -> Workspace:
    """A copy of the import example with its exports imported (the ledger store kept aside)."""
    root = workdir / "import-ws"
    shutil.copytree(IMPORT_EXAMPLE, root)
    for export in EXPORTS:
        result = import_file(root, root / export)
        if result.summary is None:
            raise RuntimeError(f"the import example does not import: {result.diagnostics}")
    return Workspace(root, folder_bytes(root), (root / STORE).read_bytes())


def _reset(ws: Workspace, case: Case) -> None:
    restore(ws.root, case, ws.originals)
    if ws.store is not None:
        (ws.root / STORE).write_bytes(ws.store)
    for leftover in ws.root.glob(STORE + ".*"):
        leftover.unlink()


def _import(ws: Workspace, name: str) -> str:
    result = import_file(ws.root, ws.root / name)
    if (result.summary is None) != has_errors(result.diagnostics):
        raise Broken("import_file: summary and errors disagree")
    return "refused" if result.summary is None else "imported"


class SieReader(Reader):
    name = "sie"

    def generate(self, rng: random.Random) -> Case:
        data, note = sie_input(rng)
        return Case({"export/fuzz.se": data}, "export/fuzz.se", note)

    def setup(self, workdir: Path) -> Workspace:
        return import_workspace(workdir)

    def run(self, state: Workspace, case: Case) -> str:
        write_case(state.root, case)
        try:
            path = state.root / case.focus
            sie, diagnostics = read_sie(path)
            if (sie is None) != has_errors(diagnostics):
                raise Broken("read_sie: model and errors disagree")
            try:
                table, columnar = read_sie_columns(path)
            except Unsupported:
                pass
            else:
                if (table is None) != has_errors(columnar):
                    raise Broken("read_sie_columns: table and errors disagree")
            return _import(state, case.focus)
        finally:
            _reset(state, case)


class CsvReader(Reader):
    name = "csv"

    def generate(self, rng: random.Random) -> Case:
        name, data, note = csv_input(rng)
        files: dict[str, bytes | None] = {name: data}
        if rng.random() < 0.1:
            config = (IMPORT_EXAMPLE / "import.yaml").read_bytes()
            files["import.yaml"], names = mutate(config, rng, YAML, most=2)
            note += "+import.yaml:" + ",".join(names)
        return Case(files, name, note)

    def setup(self, workdir: Path) -> Workspace:
        return import_workspace(workdir)

    def run(self, state: Workspace, case: Case) -> str:
        write_case(state.root, case)
        try:
            return _import(state, case.focus)
        finally:
            _reset(state, case)


class ExcelReader(Reader):
    name = "excel"

    def generate(self, rng: random.Random) -> Case:
        data, note = xlsx_input(rng)
        return Case({XLSX_SEED: data}, XLSX_SEED, note)

    def setup(self, workdir: Path) -> Workspace:
        return import_workspace(workdir)

    def run(self, state: Workspace, case: Case) -> str:
        write_case(state.root, case)
        try:
            return _import(state, case.focus)
        finally:
            _reset(state, case)


@functools.cache
def _example_files() -> dict[str, bytes]:
    return folder_bytes(EXAMPLE)


def mutate_workspace_file(name: str, data: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """``data`` of workspace file ``name`` mutated as its format invites."""
    mutations = YAML if name.endswith(".yaml") else TEXT
    return mutate(data, rng, mutations, most=3)


class WorkspaceReader(Reader):
    name = "workspace"

    def generate(self, rng: random.Random) -> Case:
        originals = _example_files()
        names = sorted(n for n in originals if n.endswith((".yaml", ".csv", ".md")))
        chosen = rng.sample(names, rng.choice((1, 1, 1, 2)))
        files: dict[str, bytes | None] = {}
        notes = []
        for name in chosen:
            if rng.random() < 0.03:
                files[name] = None
                notes.append(f"{name}:removed")
                continue
            files[name], applied = mutate_workspace_file(name, originals[name], rng)
            notes.append(f"{name}:" + ",".join(applied))
        return Case(files, chosen[-1], " ".join(notes))

    def setup(self, workdir: Path) -> Workspace:
        root = workdir / "ws"
        shutil.copytree(EXAMPLE, root)
        return Workspace(root, folder_bytes(root), None)

    def run(self, state: Workspace, case: Case) -> str:
        write_case(state.root, case)
        try:
            report, diagnostics = load_report(state.root)
            if report is None and not has_errors(diagnostics):
                raise Broken("load_report: no report and no error")
            return "errors" if has_errors(diagnostics) else "report"
        finally:
            _reset(state, case)
