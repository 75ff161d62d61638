"""Fuzzing at scale: generated and mutated inputs for every reader of user data.

Readers (``--reader``, default all):

- ``sie``        ``read_sie``, ``read_sie_columns`` and ``import_file`` into a workspace, on SIE
                 files from a grammar (#VER/#TRANS/#PSALDO/#PBUDGET with odd fields, dates and
                 object lists) and mutated seed files (../shared/sie when present);
- ``csv``        ``import_file`` of CSV exports by the import example's ``import.yaml``;
- ``excel``      the same for Excel: xlsxwriter files, edited XML parts (declared dimension,
                 far cells, entity bombs), zip bombs, broken archives;
- ``workspace``  ``load_report`` on the bundled example with YAML, CSV and Markdown files
                 mutated (control characters, huge numbers, deep nesting, long lines, alias
                 bombs, YAML tags, truncation, duplicated and spliced lines);
- ``zip``        the web application's workspace-zip reader, then ``load_report`` on what it
                 accepted (hostile names, bombs, symlinks, a foreign ``ekonomi.duckdb`` that
                 reads a secret file, broken bytes);
- ``http``       Django's test client POSTing those files to the upload view and to the
                 workspace import view.

A *crash* is an exception escaping the entry point (they answer with diagnostics or refusals,
never by raising), a broken contract (e.g. neither a model nor an error, a secret shown, a
name outside the workspace accepted, an HTTP 500 or an error the web application logged), or
a worker process that died (native abort). A *hang* is a case over ``--timeout`` seconds.
Cases run in ``--jobs`` worker processes (replaced after ``--recycle`` cases), so neither
stops the run. For each distinct crash signature (exception type and last frame) one example
is shrunk and saved under ``--out`` (default /tmp/uppsikt-fuzz), with ``case.json`` and the
traceback; ``--replay FOLDER`` reads a saved example again in this process.

The table gives per reader: inputs, crashes, hangs, distinct signatures, peak RSS of the
workers (and of the processes they started), inputs read per second, and the baseline
measured in the same run: cases *made* per second in one process, without reading them.
Exit status 1 when there was any crash or hang. Ctrl-C (or SIGTERM) stops handing out cases
and prints the figures so far. docs/fuzzing.md says more.

    cd bench && ../.venv/bin/python fuzz.py [--reader sie] [--count 10000] [--seed 0] [--jobs 2]
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_harness import READERS, Stats, Stop, request_stop
from fuzz_run import replay, run_reader


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def table(all_stats: list[Stats]) -> str:
    """The summary table, one row per reader."""
    head = (
        f"{'reader':<10}{'inputs':>8}{'crashes':>9}{'hangs':>7}{'kinds':>7}{'peak MB':>9}"
        f"{'child MB':>10}{'read/s':>9}{'made/s':>9}{'ratio':>8}  slowest"
    )
    rows = [head, "-" * len(head)]
    for s in all_stats:
        read = s.inputs / max(s.seconds, 1e-9)
        rows.append(
            f"{s.reader:<10}{s.inputs:>8}{s.crashes:>9}{s.hangs:>7}{len(s.found):>7}"
            f"{_mb(s.peak_kb):>9}{_mb(s.peak_children_kb):>10}{read:>9.1f}"
            f"{s.generate_per_second:>9.0f}{read / max(s.generate_per_second, 1e-9):>8.3f}"
            f"  {s.slowest[0]:.1f} s (#{s.slowest[1]})"
        )
    return "\n".join(rows)


def details(stats: Stats, out: Path) -> str:
    """Outcomes and every distinct crash of one reader, with where its example is."""
    lines = [
        f"{stats.reader}: outcomes "
        + ", ".join(f"{k or '-'} {v}" for k, v in stats.labels.most_common())
        + f"; peak memory at case #{stats.peak_index}"
    ]
    for sig, outcomes in stats.found.items():
        first = outcomes[0]
        note = first.case.note if first.case else ""
        lines.append(f"  {len(outcomes):>5} × {sig}  (first #{first.index}: {note[:100]})")
    if stats.found:
        lines.append(f"  examples: {out / stats.reader}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reader", action="append", choices=sorted(READERS))
    parser.add_argument("--count", type=int, default=10_000, help="inputs per reader")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--recycle", type=int, default=200, help="cases per worker")
    parser.add_argument(
        "--memory-mb", type=int, default=4096, help="address space per worker (0: unlimited)"
    )
    parser.add_argument("--shrink", type=float, default=60.0, help="seconds per example")
    parser.add_argument("--out", type=Path, default=Path("/tmp/uppsikt-fuzz"))
    parser.add_argument("--replay", type=Path, help="read one saved example again")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.replay)
    signal.signal(signal.SIGINT, request_stop)  # stop early: the figures so far are printed
    signal.signal(signal.SIGTERM, request_stop)
    all_stats = []
    for name in args.reader or list(READERS):
        if Stop.requested:
            break
        print(f"{name}: {args.count} inputs, seed {args.seed}, {args.jobs} jobs", file=sys.stderr)
        stats = run_reader(
            name,
            args.count,
            seed=args.seed,
            jobs=args.jobs,
            timeout=args.timeout,
            out=args.out,
            recycle=args.recycle,
            shrink_seconds=args.shrink,
            memory=args.memory_mb * 1024 * 1024,
        )
        print(details(stats, args.out), flush=True)
        all_stats.append(stats)
    print()
    print(table(all_stats))
    failed = sum(s.crashes + s.hangs for s in all_stats)
    print(f"\n{failed} crashes and hangs in {sum(s.inputs for s in all_stats)} inputs.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
