"""Benchmark: the columnar SIE reader (``read_sie_columns``) alone, in the process and through
``uppsikt import``, against the bare ``split()`` loop of the same run, on the generated file
of ``bench/sie_bench.py`` (which also measures the full reader). Target (issue #15): at least
0.5× the baseline's lines per second.

    .venv/bin/python bench/sie_fast_bench.py [LINES]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sie_bench import main

if __name__ == "__main__":
    sys.exit(main(columnar_only=True))
