"""Benchmark: `uppsikt check` on the bundled example and on a large synthetic workspace.

Prints, per workspace, the median seconds of reading the files (the baseline every check
pays; read cold, as by `uppsikt check`, and again with its YAML already parsed, as by the web
application after a save), computing, running every rule of the registry (each rule timed on
its own) and the whole check as the command runs it, with each figure's ratio to reading in the
same run.
Target: the whole check of the example under 1 s on a 2-core machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from synthetic import write_synthetic_workspace

from uppsikt.checks import RULES
from uppsikt.compute.results import compute
from uppsikt.examples import bundled_example
from uppsikt.located.yamlfile import _parse
from uppsikt.pipeline import load_report
from uppsikt.workspace.reader import read_workspace

REPEAT = 5
TARGET = 1.0


def median_seconds(action: Callable[[], object], *, cold: bool = False) -> float:
    """Median over REPEAT runs; ``cold`` forgets the YAML parsed before each run, as a
    process that has not read the workspace before (the command line) must parse it."""
    times = []
    for _ in range(REPEAT):
        if cold:
            _parse.cache_clear()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(title: str, workspace: Path, target: float | None) -> None:
    ws, diagnostics = read_workspace(workspace)
    if ws is None:
        sys.exit("\n".join(d.format() for d in diagnostics))
    computed, _ = compute(ws)
    read = median_seconds(lambda: read_workspace(workspace), cold=True)
    figures = {
        "read": read,
        "read again (YAML known)": median_seconds(lambda: read_workspace(workspace)),
        "compute": median_seconds(lambda: compute(ws)),
    }
    for rule in RULES:
        figures[f"  {rule.name}"] = median_seconds(partial(rule, ws, computed))
    figures["whole check"] = median_seconds(lambda: load_report(workspace), cold=True)
    found = len(load_report(workspace)[1])
    print(f"\n{title} ({found} findings)")
    print(f"  {'step':<26} {'seconds':>9} {'× read':>8}")
    for step, seconds in figures.items():
        print(f"  {step:<26} {seconds:>9.4f} {seconds / read:>8.2f}")
    if target is not None:
        verdict = "OK" if figures["whole check"] <= target else "OVER TARGET"
        print(f"  target whole check ≤ {target} s: {verdict}")


def main() -> None:
    measure("Example (Örebro VAN 2020)", bundled_example(), TARGET)
    with tempfile.TemporaryDirectory() as tmp:
        large = Path(tmp) / "stor"
        write_synthetic_workspace(large, indicators=300, tables=60)
        measure("Synthetic: 300 indicators, 60 tables", large, None)


if __name__ == "__main__":
    main()
