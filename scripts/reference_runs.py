"""List runs of N or more consecutive words that a file shares with the reference report.

The reference report's figures are facts and may be used; its sentences are not ours. Run from
the repository root (the reference lies beside the checkout, in ../shared/reference/):

    .venv/bin/python scripts/reference_runs.py [--words 8] FILE...

Prints each file with shared runs and the runs themselves; figures, table headers and names
will show up too, and are fine.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

REFERENCE = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "van-arsberattelse-2020.txt"
)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def shared_runs(text: str, grams: set[tuple[str, ...]], size: int) -> list[list[str]]:
    """The maximal runs of ``text``'s words made of ``size``-word sequences in ``grams``."""
    found = words(text)
    runs: list[list[int]] = []
    for start in range(len(found) - size + 1):
        if tuple(found[start : start + size]) not in grams:
            continue
        if runs and start <= runs[-1][1]:
            runs[-1][1] = start + size
        else:
            runs.append([start, start + size])
    return [found[a:b] for a, b in runs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=8)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    reference = words(REFERENCE.read_text(encoding="utf-8"))
    size = args.words
    grams = {tuple(reference[i : i + size]) for i in range(len(reference) - size + 1)}
    for path in args.files:
        runs = shared_runs(path.read_text(encoding="utf-8", errors="ignore"), grams, size)
        if runs:
            print(f"{path}: {len(runs)} runs, {sum(len(r) for r in runs)} words")
            for run in runs:
                print("   ", " ".join(run))


if __name__ == "__main__":
    main()
