"""Benchmark: the economic tables of a report from a ledger of 1, 10 and 100 million rows.

For each size a synthetic ledger (``uppsikt.synthetic.generate``) is generated once as Parquet
and imported once into a DuckDB store, both cached under CACHE (reused by later runs). Then, in
a fresh process per size (so that peak memory is that of one size alone), it times, best of
REPEAT after one warm-up:

- uppsikt: ``facts_from_ledger`` and every table of the report (per enhet, kontogrupp and
  verksamhet, standard columns) computed with ``compute_table`` on cubes of the facts;
- hand-written SQL: one DuckDB query computing the per-unit table (join with the mappings,
  group by) over the same store.

It prints seconds, rows per second, the ratio uppsikt / hand SQL, and the peak resident
memory of the process beside the size of the store on disk. Targets (2 cores): < 0.5 s at
10M rows, < 3 s at 100M, within 1.5× of the hand-written SQL, peak memory < 2× the store.

    python bench/ledger_bench.py [--max-rows N] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from uppsikt.compute.cube import build_cube
from uppsikt.compute.tables import ComputedTable, compute_table
from uppsikt.ledger.aggregate import MappingTables, facts_from_ledger
from uppsikt.ledger.store import LedgerStore
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node, load_yaml
from uppsikt.model.dimensions import Dimension
from uppsikt.model.settings import ReportType
from uppsikt.model.tables import RowDef, RowKind, TableDef
from uppsikt.synthetic.generate import generate, generated_mapping
from uppsikt.workspace.dimensions import read_dimensions, read_organisation
from uppsikt.workspace.tables import STANDARD_COLUMNS

SIZES = (1_000_000, 10_000_000, 100_000_000)
CACHE = Path("/tmp/uppsikt-ledger-bench")
SEED = 1
REPEAT = 3
YEAR = 2024
TARGETS = {10_000_000: 0.5, 100_000_000: 3.0}
RATIO_TARGET = 1.5
MEMORY_TARGET = 2.0


def prepare(size: int, cache: Path) -> Path:
    """The store of a ledger of ``size`` rows, generated and imported unless cached."""
    folder = cache / f"{size}"
    store = folder / "ekonomi.duckdb"
    done = folder / "klar"
    if done.exists():
        return folder
    start = time.perf_counter()
    ledger = generate(folder, rows=size, seed=SEED, year=YEAR)
    generated = time.perf_counter()
    store.unlink(missing_ok=True)
    with LedgerStore(store) as opened:
        opened.import_parquet(ledger.parquet, source="huvudbok")
        opened.import_parquet(ledger.budget_parquet, source="budget")
        opened.connection.execute("CHECKPOINT")
    imported = time.perf_counter()
    print(
        f"  {size:>11,} rows: generated in {generated - start:.1f} s, "
        f"imported in {imported - generated:.1f} s"
    )
    done.write_text("ok\n")
    return folder


def dimensions(folder: Path) -> list[Dimension]:
    found: list[Dimension] = []
    for name, read in (("organisation.yaml", "organisation"), ("dimensioner.yaml", "others")):
        sink = Sink(name)
        node = Node.root(load_yaml(folder / name, sink), sink, "en karta")
        if node is None:
            sys.exit(f"{name}: cannot be read")
        if read == "organisation":
            organisation = read_organisation(node)
            found += [organisation] if organisation is not None else []
        else:
            found += read_dimensions(node)
    return found


def report_tables(dims: list[Dimension]) -> list[TableDef]:
    """Per enhet (every unit, a sum per nämnd and a total), per kontogrupp, per verksamhet."""
    tables: list[TableDef] = []
    for dimension in dims:
        rows: list[RowDef] = []
        if dimension.name == "enhet":
            for board in dimension.roots[0].children:
                rows += [RowDef(u.code, RowKind.MEMBER, members=(u.code,)) for u in board.children]
                rows.append(RowDef(f"summa-{board.code}", RowKind.SUM, label=board.name))
            sums = tuple(r.id for r in rows if r.kind is RowKind.SUM)
            rows.append(RowDef("netto", RowKind.SUM, label="Nettokostnad", operands=sums))
        else:
            rows += [RowDef(m.code, RowKind.MEMBER, members=(m.code,)) for m in dimension.roots]
            rows.append(RowDef("netto", RowKind.SUM, label="Nettokostnad"))
        tables.append(TableDef(dimension.name, "", dimension.name, tuple(rows), STANDARD_COLUMNS))
    return tables


def uppsikt_tables(
    store: LedgerStore, mapping: MappingTables, dims: list[Dimension], tables: list[TableDef]
) -> list[ComputedTable]:
    facts = facts_from_ledger(store, mapping)
    by_name = {d.name: d for d in dims}
    return [
        compute_table(t, build_cube(by_name[t.dimension], facts), YEAR, ReportType.ARSBERATTELSE)
        for t in tables
    ]


def hand_sql(mapping: MappingTables, dims: list[Dimension]) -> str:
    """The per-unit table, written by hand: the mappings as VALUES, one join and group by."""
    accounts = ", ".join(
        f"('{a}', {a in mapping.ignored})" for a in sorted({*mapping.accounts, *mapping.ignored})
    )
    organisation = next(d for d in dims if d.name == "enhet")
    parents = {
        unit.code: board.code for board in organisation.roots[0].children for unit in board.children
    }
    units = ", ".join(f"('{code}', '{u}', '{parents[u]}')" for code, u in mapping.enhet.items())
    return f"""
    WITH accounts(account, ignored) AS (VALUES {accounts}),
         units(code, unit, namnd) AS (VALUES {units}),
         per_unit AS (
            SELECT u.namnd, u.unit,
                -sum(l.amount) FILTER (WHERE l.year = {YEAR - 1} AND l.scenario = 'utfall') AS fg,
                -sum(l.amount) FILTER (WHERE l.year = {YEAR} AND l.scenario = 'utfall') AS utfall,
                -sum(l.amount) FILTER (WHERE l.year = {YEAR} AND l.scenario = 'budget') AS budget
            FROM ledger l JOIN accounts a ON l.account = a.account
                JOIN units u ON l.ansvar = u.code
            WHERE NOT a.ignored
            GROUP BY u.namnd, u.unit)
    SELECT namnd, unit, fg, utfall, budget, utfall - budget AS avvikelse, utfall - fg AS forandring,
        CASE WHEN fg <> 0 THEN (utfall - fg) / fg * 100 END AS procent
    FROM per_unit ORDER BY namnd, unit
    """


def peak_memory() -> int:
    """The highest resident set of this process, in bytes: VmHWM on Linux (which, unlike
    ru_maxrss, does not inherit the parent's peak across fork and exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def best_of(run: Callable[[], object]) -> float:
    run()  # warm-up
    times: list[float] = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(folder: Path) -> dict[str, Any]:
    """Run in a fresh process: timings and peak memory for one size."""
    store_path = folder / "ekonomi.duckdb"
    mapping = generated_mapping()
    dims = dimensions(folder)
    tables = report_tables(dims)
    baseline = peak_memory()
    with LedgerStore(store_path, read_only=True) as store:
        [(rows,)] = store.connection.execute("SELECT count(*) FROM ledger").fetchall()
        computed = uppsikt_tables(store, mapping, dims, tables)
        sql = hand_sql(mapping, dims)
        hand = store.connection.execute(sql).fetchall()
        unit_total = sum(r[3] for r in hand)
        if computed[0].cell("netto", "utfall") != unit_total:
            sys.exit(f"results differ: {computed[0].cell('netto', 'utfall')} != {unit_total}")
        ours = best_of(lambda: uppsikt_tables(store, mapping, dims, tables))
        theirs = best_of(lambda: store.connection.execute(sql).fetchall())
    peak = peak_memory()
    return {
        "rows": rows,
        "uppsikt": ours,
        "sql": theirs,
        "peak": peak,
        "baseline": baseline,
        "disk": store_path.stat().st_size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-rows", type=int, default=max(SIZES))
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        print(json.dumps(measure(args.measure)))
        return
    sizes = [s for s in SIZES if s <= args.max_rows]
    print(f"Preparing ledgers in {args.cache} (cached between runs)")
    folders = {size: prepare(size, args.cache) for size in sizes}
    print(
        f"\n{'rows':>12} {'uppsikt s':>10} {'rows/s':>10} {'hand SQL s':>11} {'ratio':>6}"
        f" {'peak MB':>8} {'+query':>7} {'disk MB':>8} {'peak/disk':>9}  targets"
    )
    for size in sizes:
        command = [sys.executable, __file__, "--measure", str(folders[size])]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        r = json.loads(output.strip().splitlines()[-1])
        ratio = r["uppsikt"] / r["sql"]
        memory = r["peak"] / r["disk"]
        verdicts = [f"ratio ≤ {RATIO_TARGET}: {'OK' if ratio <= RATIO_TARGET else 'OVER'}"]
        if size in TARGETS:
            ok = r["uppsikt"] <= TARGETS[size]
            verdicts.insert(0, f"≤ {TARGETS[size]} s: {'OK' if ok else 'OVER'}")
        verdicts.append(f"memory ≤ {MEMORY_TARGET}×: {'OK' if memory <= MEMORY_TARGET else 'OVER'}")
        print(
            f"{r['rows']:>12,} {r['uppsikt']:>10.3f} {r['rows'] / r['uppsikt']:>10.2e}"
            f" {r['sql']:>11.3f} {ratio:>6.2f} {r['peak'] / 1e6:>8.0f}"
            f" {(r['peak'] - r['baseline']) / 1e6:>7.0f} {r['disk'] / 1e6:>8.0f}"
            f" {memory:>9.2f}  {', '.join(verdicts)}"
        )
    print(
        f"\n(best of {REPEAT} after a warm-up; each size measured in a fresh process; peak: its"
        " highest resident set; +query: above what it used before opening the store)"
    )


if __name__ == "__main__":
    main()
