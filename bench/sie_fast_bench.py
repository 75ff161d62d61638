"""Benchmark: the columnar SIE reader (``read_sie_columns``) on the generated 5-million-line
SIE 4E file of ``bench/sie_bench.py``.

Times ``read_sie_columns`` (best of 2) and a plain ``for line in f: line.split()`` loop over
the same file, and prints lines per second of both and their ratio. Target (issue): at least
1 million lines per second on a 2-core machine.

    .venv/bin/python bench/sie_fast_bench.py [LINES]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sie_bench import LINES, TARGET, baseline, best_of, generate

from uppsikt.importers.sie_fast import read_sie_columns


def main() -> int:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else LINES
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "huvudbok.se"
        start = time.perf_counter()
        written = generate(path, lines)
        size = path.stat().st_size / 1e6
        print(f"genererad: {written:,} rader, {size:.0f} MB på {time.perf_counter() - start:.1f} s")
        table, diagnostics = read_sie_columns(path)
        if table is None:
            print("\n".join(d.format() for d in diagnostics[:5]))
            return 1
        print(f"inläst: {table.num_rows:,} rader till huvudboken")
        del table
        read = best_of(2, lambda: read_sie_columns(path))
        base = best_of(2, lambda: baseline(path))
    read_rate, base_rate = written / read, written / base
    print(f"read_sie_columns:    {read:6.2f} s  {read_rate / 1e6:5.2f} miljoner rader/s")
    print(f"for line: split():   {base:6.2f} s  {base_rate / 1e6:5.2f} miljoner rader/s")
    print(f"kvot snabb/bas:      {read_rate / base_rate:5.2f}")
    verdict = "nått" if read_rate >= TARGET else "EJ nått"
    print(f"mål {TARGET / 1e6:.0f} miljon rader/s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
