"""Benchmark: every report of a whole kommun built from one 10-million-row ledger.

The kommun (``uppsikt generate --kommun``: 15 nämnder, 300 units, 17 reports) is generated
once into CACHE and reused by later runs. Then it times, in one process:

- the baseline of the same run: the bundled example (Örebro VAN 2020) in every format;
- ``uppsikt.pipeline.build_kommun``: every report in every format (the target: < 10 s on two
  cores), with its ratio to the baseline;
- each report alone with ``uppsikt.pipeline.build`` and ``Timings``: seconds per report and
  per stage (load, html, data, docx, pdf, xlsx);
- a profile of one report's load (the biggest stage), its top functions by cumulative time;
- the table stage of every report, at 10 M rows and at TABLE_ROWS (100 M; generated once into
  CACHE, about five minutes and 1.2 GB the first time): every report read and its figures and
  tables computed, with one ReadCache as in build_kommun (the ledger's facts read once from the
  store's aggregate), best of REPEAT; the target: under one second in all at 100 M rows.

build_kommun shares one ReadCache between the reports (uppsikt.loading): the ledger is
aggregated once for the kommun, and KS's and the kommun's reports reuse the nämnder's loads.
Each report alone reads its ledger afresh, so the per-report sum is the cost without sharing.

    python bench/kommun_bench.py [--rows N] [--table-rows N] [--cache DIR] [--no-profile]

``--table-rows 0`` leaves out the table stage at the larger size (and its generation).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

from uppsikt.examples import bundled_example
from uppsikt.ledger.facts import LedgerFacts, LedgerFactsCache
from uppsikt.loading import LoadedWorkspace, ReadCache
from uppsikt.model.dimensions import Dimension
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import build, build_kommun
from uppsikt.reports.publish import Timings
from uppsikt.synthetic.workspace import generate_kommun
from uppsikt.workspace.kommun import report_folders

CACHE = Path("/tmp/uppsikt-kommun-bench")
ROWS = 10_000_000
SEED = 1
TARGET = 10.0
TABLE_ROWS = 100_000_000
TABLE_TARGET = 1.0
REPEAT = 3
STAGES = ("load", "html", "data", "docx", "pdf", "xlsx")


def prepare(cache: Path, rows: int) -> Path:
    """The kommun of ``rows`` ledger rows, generated unless cached."""
    folder = cache / f"kommun-{rows}"
    done = folder / ".klar"
    if done.exists():
        return folder
    start = time.perf_counter()
    generate_kommun(folder, rows=rows, seed=SEED)
    print(f"generated the kommun ({rows:,} rows) in {time.perf_counter() - start:.1f} s")
    done.write_text("ok\n")
    return folder


def baseline() -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        result = build(bundled_example(), Path(out) / "van", tuple(OutputFormat))
        seconds = time.perf_counter() - start
    if not result.ok:
        sys.exit("the example does not build")
    return seconds


def whole(kommun: Path) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        result = build_kommun(kommun, Path(out) / "ut", tuple(OutputFormat))
        seconds = time.perf_counter() - start
    if not result.ok:
        sys.exit("\n".join(d.format() for d in result.diagnostics))
    return seconds


def per_report(kommun: Path) -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = {}
    for folder in report_folders(kommun):
        timings = Timings()
        with tempfile.TemporaryDirectory() as out:
            result = build(folder, Path(out) / folder.name, tuple(OutputFormat), timings)
        if not result.ok:
            sys.exit("\n".join(d.format() for d in result.diagnostics))
        found[folder.name] = timings.steps
    return found


def show(reports: dict[str, dict[str, float]]) -> None:
    print(f"\n  {'report':<28}" + "".join(f"{s:>8}" for s in STAGES) + f"{'total':>8}")
    sums = dict.fromkeys(STAGES, 0.0)
    for name, steps in reports.items():
        cells = "".join(f"{steps.get(s, 0.0):>8.2f}" for s in STAGES)
        print(f"  {name:<28}{cells}{sum(steps.values()):>8.2f}")
        for stage in STAGES:
            sums[stage] += steps.get(stage, 0.0)
    cells = "".join(f"{sums[s]:>8.2f}" for s in STAGES)
    print(f"  {'sum':<28}{cells}{sum(sums.values()):>8.2f}")


class TimedLedger(LedgerFactsCache):
    """The ledger cache of a build, timing its reads of the store."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds = 0.0

    def facts(self, root: Path, dimensions: tuple[Dimension, ...]) -> LedgerFacts:
        start = time.perf_counter()
        try:
            return super().facts(root, dimensions)
        finally:
            self.seconds += time.perf_counter() - start


def table_stage(kommun: Path) -> tuple[float, float]:
    """Seconds to read every report and compute its figures and tables, with one ReadCache as
    build_kommun, and of those the ledger's reads; best of REPEAT, each with fresh caches."""
    best = (float("inf"), 0.0)
    for _ in range(REPEAT):
        ledger = TimedLedger()
        cache = ReadCache(ledger)
        start = time.perf_counter()
        for folder in report_folders(kommun):
            if cache.load(folder).computed is None:
                sys.exit(f"{folder.name} cannot be read")
        best = min(best, (time.perf_counter() - start, ledger.seconds))
    return best


def show_tables(rows: int, seconds: tuple[float, float], target: bool) -> None:
    total, ledger = seconds
    verdict = f"; target < {TABLE_TARGET:.0f} s: {'OK' if total < TABLE_TARGET else 'MISS'}"
    print(
        f"Table stage, {rows:>11,} ledger rows: {total:.3f} s for every report read and"
        f" computed, of which the ledger {ledger:.3f} s{verdict if target else ''}"
    )


def profile_load(folder: Path) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    LoadedWorkspace.read(folder).report()
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(25)
    print(f"\nProfile of the load of {folder.name} (cumulative):")
    print("\n".join(text.getvalue().splitlines()[:60]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--table-rows", type=int, default=TABLE_ROWS)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    kommun = prepare(args.cache, args.rows)
    reports = len(report_folders(kommun))
    example = baseline()
    total = whole(kommun)
    print(f"\nExample (Örebro VAN 2020), every format: {example:.2f} s (baseline)")
    verdict = "OK" if total <= TARGET else "OVER TARGET"
    print(
        f"Kommun, {args.rows:,} ledger rows, {reports} reports, every format (build_kommun): "
        f"{total:.2f} s = {total / example:.1f} × the example; target < {TARGET} s: {verdict}"
    )
    show(per_report(kommun))
    print()
    show_tables(args.rows, table_stage(kommun), args.rows >= TABLE_ROWS)
    if args.table_rows > args.rows:
        show_tables(args.table_rows, table_stage(prepare(args.cache, args.table_rows)), True)
    if not args.no_profile:
        profile_load(kommun / "rapporter" / "kommunsammanstallning-2024")


if __name__ == "__main__":
    main()
