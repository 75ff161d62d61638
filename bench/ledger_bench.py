"""Benchmark: the economic tables of a report from a ledger of 1, 10 and 100 million rows.

For each size a synthetic ledger (``uppsikt.synthetic.generate``) is generated once as Parquet
and imported once into a DuckDB store, both cached under CACHE (reused by later runs; a store
cached before the aggregate existed gets it built here, once). Then, in a fresh process per
size, it times, best of REPEAT after one warm-up:

- uppsikt: ``facts_from_ledger`` (reading the store's aggregate ``ledger_agg``) and every table
  of the report (per enhet, kontogrupp and verksamhet, standard columns) with ``compute_table``;
- raw SQL: one hand-written DuckDB query computing the per-unit table (join with the mappings,
  group by) over the raw rows of the same store, in the same run;
- from rows: uppsikt's tables computed from the raw rows (the Ibis expressions over ``ledger``),
  as every build did before the aggregate.

Before timing, each size checks that uppsikt's per-unit table equals the raw SQL's figures and
that the facts from the aggregate equal those of the raw rows, exactly. Targets (issue #15, two
cores): every report's tables < 50 ms, and ≥ 5× faster than the raw SQL at 100 M rows.

    python bench/ledger_bench.py [--max-rows N] [--cache DIR]

The default runs 1, 10 and 100 M rows (the first run generates and imports 100 M rows: about
ten minutes and 2 GB under CACHE); ``--max-rows 10000000`` stops at 10 M.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from uppsikt.compute.cube import build_cube
from uppsikt.compute.tables import ComputedTable, compute_table
from uppsikt.ledger.aggregate import (
    MappingTables,
    facts_from_arrow,
    facts_from_ledger,
    ledger_facts,
)
from uppsikt.ledger.store import LedgerStore
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node, load_yaml
from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Fact
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
TABLES_TARGET = 0.050
"""Seconds for every table of a report, at every size."""
SPEEDUP_TARGET = 5.0
"""The raw SQL's time over uppsikt's, at SPEEDUP_SIZES."""
SPEEDUP_SIZES = (100_000_000,)
UNIT_COLUMNS = ("utfall-fg", "utfall", "budget")


def prepare(size: int, cache: Path) -> Path:
    """The store of a ledger of ``size`` rows, generated and imported unless cached."""
    folder = cache / f"{size}"
    store = folder / "ekonomi.duckdb"
    done = folder / "klar"
    if done.exists():
        with LedgerStore(store, read_only=True) as cached:
            aggregated = cached.aggregated
        if not aggregated:
            start = time.perf_counter()
            LedgerStore(store).close()  # opened for writing: builds the aggregate
            print(f"  {size:>11,} rows: aggregate built in {time.perf_counter() - start:.1f} s")
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
        f"imported (with the aggregate) in {imported - generated:.1f} s"
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


def raw_facts(store: LedgerStore, mapping: MappingTables) -> tuple[Fact, ...]:
    """The facts computed from the raw rows: the Ibis expressions over ``ledger``."""
    return facts_from_arrow(ledger_facts(store.ledger_table(), mapping).to_pyarrow())


def uppsikt_tables(
    store: LedgerStore,
    mapping: MappingTables,
    dims: list[Dimension],
    tables: list[TableDef],
    *,
    raw: bool = False,
) -> list[ComputedTable]:
    facts = raw_facts(store, mapping) if raw else facts_from_ledger(store, mapping)
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


def unit_cells(table: ComputedTable) -> dict[str, tuple[Decimal | None, ...]]:
    """Each unit row's last year, outcome and budget (0 for nothing booked)."""
    return {
        row.definition.id: _zeroed(table.cell(row.definition.id, c) for c in UNIT_COLUMNS)
        for row in table.rows
        if row.definition.kind is RowKind.MEMBER
    }


def _zeroed(values: Iterable[Decimal | None]) -> tuple[Decimal, ...]:
    return tuple(Decimal(0) if v is None else v for v in values)


def identical(computed: list[ComputedTable], hand: list[Any], facts: list[tuple[Any, ...]]) -> str:
    """Why the tables from the aggregate differ from the raw rows' figures; '' when they are
    identical to the krona öre: every unit's cells against the hand SQL, and the facts from
    the aggregate against those the Ibis expression computes from the raw rows."""
    expected = {unit: _zeroed((fg, utfall, budget)) for _, unit, fg, utfall, budget, *_ in hand}
    got = unit_cells(computed[0])
    if got != expected:
        wrong = sorted(u for u in {*got, *expected} if got.get(u) != expected.get(u))
        return f"per-unit table differs from hand SQL for {', '.join(wrong[:5])}"
    if facts[0] != facts[1]:
        return "facts from the aggregate differ from the facts of the raw rows"
    return ""


def measure(folder: Path) -> dict[str, Any]:
    """Run in a fresh process: timings and peak memory for one size."""
    store_path = folder / "ekonomi.duckdb"
    mapping = generated_mapping()
    dims = dimensions(folder)
    tables = report_tables(dims)
    baseline = peak_memory()
    with LedgerStore(store_path, read_only=True) as store:
        if not store.aggregated:
            sys.exit(f"{store_path} has no aggregate: run without --measure to build it")
        con = store.connection
        [(rows, summed, years)] = con.execute(
            "SELECT (SELECT count(*) FROM ledger), (SELECT count(*) FROM ledger_agg),"
            " (SELECT count(*) FROM ledger_agg_year)"
        ).fetchall()
        sql = hand_sql(mapping, dims)
        differs = identical(
            uppsikt_tables(store, mapping, dims, tables),
            con.execute(sql).fetchall(),
            [facts_from_ledger(store, mapping), raw_facts(store, mapping)],
        )
        if differs:
            sys.exit(f"results differ: {differs}")
        ours = best_of(lambda: uppsikt_tables(store, mapping, dims, tables))
        theirs = best_of(lambda: con.execute(sql).fetchall())
        before = best_of(lambda: uppsikt_tables(store, mapping, dims, tables, raw=True))
    peak = peak_memory()
    return {
        "rows": rows,
        "summed": summed,
        "years": years,
        "uppsikt": ours,
        "raw_uppsikt": before,
        "sql": theirs,
        "peak": peak,
        "baseline": baseline,
        "disk": store_path.stat().st_size,
    }


def verdicts(size: int, r: dict[str, Any]) -> str:
    found = [f"< {TABLES_TARGET * 1000:.0f} ms: {'OK' if r['uppsikt'] < TABLES_TARGET else 'MISS'}"]
    if size in SPEEDUP_SIZES:
        ok = r["sql"] / r["uppsikt"] >= SPEEDUP_TARGET
        found.append(f"≥ {SPEEDUP_TARGET:.0f}× raw SQL: {'OK' if ok else 'MISS'}")
    return ", ".join(found)


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
        f"\n{'rows':>12} {'summed':>8} {'per year':>8} {'raw SQL s':>10} {'uppsikt s':>10}"
        f" {'speed-up':>9} {'from rows s':>12} {'peak MB':>8} {'disk MB':>8}  targets"
    )
    for size in sizes:
        command = [sys.executable, __file__, "--measure", str(folders[size])]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        r = json.loads(output.strip().splitlines()[-1])
        print(
            f"{r['rows']:>12,} {r['summed']:>8,} {r['years']:>8,} {r['sql']:>10.3f}"
            f" {r['uppsikt']:>10.4f} {r['sql'] / r['uppsikt']:>8.1f}× {r['raw_uppsikt']:>12.3f}"
            f" {r['peak'] / 1e6:>8.0f} {r['disk'] / 1e6:>8.0f}  {verdicts(size, r)}"
        )
    print(
        f"\n(best of {REPEAT} after a warm-up; each size in a fresh process. summed, per year:"
        " rows of the aggregates ledger_agg and ledger_agg_year; raw SQL: one hand-written"
        " DuckDB query over the raw rows (the per-unit table); uppsikt: every table of the"
        " report from the aggregates; speed-up: raw SQL / uppsikt; from rows: the same tables"
        " computed from the raw rows as before the aggregates. Every size checks that the"
        " tables and facts equal the raw rows' exactly.)"
    )


if __name__ == "__main__":
    main()
