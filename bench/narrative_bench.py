"""Benchmark: the rule «siffror-i-text» (UPP410) on its labelled sentences and on the example.

Prints precision, recall and F1 of the flagging on tests/checks/narrative_cases.yaml (all
cases, and the held-out ones written after tuning), the confusion counts, and the seconds to
check the example's whole narrative, with the ratio to reading the workspace in the same run
so that runs on noisy machines compare. Target: checking the narrative takes at most three
times as long as reading the workspace (about 2 × when written).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from narrative_eval import Scores, load_cases, run_case, score

from uppsikt.checks.narrative import narrative_figures
from uppsikt.compute.results import compute
from uppsikt.examples import bundled_example
from uppsikt.workspace.reader import read_workspace

REPEAT = 5
CASES = Path(__file__).resolve().parents[1] / "tests" / "checks" / "narrative_cases.yaml"


def show(title: str, scores: Scores) -> None:
    print(f"\n{title}: {scores.cases} cases")
    print(f"  precision {scores.precision:.3f}  recall {scores.recall:.3f}  F1 {scores.f1:.3f}")
    print(
        f"  true positives {scores.true_positives}, false positives {scores.false_positives}, "
        f"false negatives {scores.false_negatives}, true negatives {scores.true_negatives}"
    )


def seconds(step: Callable[[], object]) -> float:
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        step()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    example = bundled_example()
    ws, problems = read_workspace(example)
    if ws is None:
        raise SystemExit("\n".join(d.format() for d in problems))
    computed, _ = compute(ws)
    outcomes = [run_case(ws, computed, case) for case in load_cases(CASES)]
    show("Labelled sentences, all", score(outcomes))
    show("Held out (written after tuning)", score([o for o in outcomes if o.case.held_out]))
    read = seconds(lambda: read_workspace(example))
    check = seconds(lambda: narrative_figures(ws, computed))
    found = narrative_figures(ws, computed)
    print(f"\nExample (Örebro VAN 2020): {len(found)} warning(s)")
    print(f"  read the workspace   {read:8.3f} s")
    print(f"  check the narrative  {check:8.3f} s  ({check / read:.2f} × reading)")
    verdict = "OK" if check <= 3 * read else "OVER TARGET"
    print(f"  target: checking ≤ 3 × reading: {verdict}  (median of {REPEAT} runs)")


if __name__ == "__main__":
    main()
