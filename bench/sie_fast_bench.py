"""Benchmark: the columnar SIE reader (``read_sie_columns``) on the generated 5-million-line
SIE 4E file of ``bench/sie_bench.py``.

Times ``read_sie_columns`` (best of 2) and a plain ``for line in f: line.split()`` loop over
the same file, and prints lines per second of both and their ratio. Target (issue): at least
1 million lines per second on a 2-core machine.

    .venv/bin/python bench/sie_fast_bench.py [LINES]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sie_bench import run

from uppsikt.importers.sie.fast import read_sie_columns

if __name__ == "__main__":
    sys.exit(run("read_sie_columns", read_sie_columns))
