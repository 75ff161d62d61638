"""Benchmark: how fast the command line starts, each run a new (cold) Python process.

Runs `uppsikt version`, `uppsikt --help` and `uppsikt check` on the bundled example N times
each (after one unmeasured run, so the files are in the page cache), and in the same run two
baselines: `python -c pass` (the interpreter alone) and `python -c "import typer"` (the
command-line library alone). Prints the median and the 90th percentile of the wall-clock
seconds, and each median's ratio to the two baselines.
Targets: `uppsikt version` under 0.15 s and `uppsikt check` of the example under 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from uppsikt.examples import bundled_example


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    args: tuple[str, ...]
    target: float | None = None


def cases() -> tuple[Case, ...]:
    uppsikt = (sys.executable, "-m", "uppsikt")
    example = str(bundled_example())
    return (
        Case("python -c pass", (sys.executable, "-c", "pass")),
        Case('python -c "import typer"', (sys.executable, "-c", "import typer")),
        Case("uppsikt version", (*uppsikt, "version"), 0.15),
        Case("uppsikt --help", (*uppsikt, "--help")),
        Case("uppsikt check EXAMPLE", (*uppsikt, "check", example), 0.5),
    )


def run_once(args: tuple[str, ...]) -> float:
    start = time.perf_counter()
    # check exits with 1 when the workspace has errors: a result, not a failure of the run.
    done = subprocess.run(args, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return seconds


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each command")
    runs = parser.parse_args().runs
    medians: dict[str, float] = {}
    print(f"{runs} cold runs each; seconds (wall clock)")
    print(f"{'':28} {'median':>7} {'p90':>7} {'÷ pass':>7} {'÷ typer':>8}  target")
    over = []
    for case in cases():
        run_once(case.args)  # unmeasured: the files into the page cache
        times = [run_once(case.args) for _ in range(runs)]
        median = medians[case.name] = statistics.median(times)
        base, typer = medians.get("python -c pass"), medians.get('python -c "import typer"')
        ratios = (
            f"{median / base:7.1f} " if base else f"{'':8}",
            f"{median / typer:8.1f}" if typer else f"{'':8}",
        )
        verdict = ""
        if case.target is not None:
            verdict = f"< {case.target} s " + ("ok" if median < case.target else "OVER")
            if median >= case.target:
                over.append(case.name)
        print(
            f"{case.name:28} {median:7.3f} {percentile(times, 0.9):7.3f} {''.join(ratios)}  "
            f"{verdict}"
        )
    if over:
        print(f"Over target: {', '.join(over)}")


if __name__ == "__main__":
    main()
