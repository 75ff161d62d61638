"""The fuzz harness of bench/fuzz.py, a few hundred inputs in all (50 per reader, a fixed
seed): no reader of user data raises, dies or hangs on generated and mutated inputs.

The full run (10 000 inputs per reader) is ``cd bench && ../.venv/bin/python fuzz.py``; see
docs/fuzzing.md. A failure lists each crash signature with the indices of its cases; replay
one with ``fuzz.py --reader NAME --seed 1 --count N`` (the examples are saved under --out).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from fuzz_harness import READERS, make_case
from fuzz_run import run_reader

COUNT = 50
SEED = 1
HANG_SECONDS = 60.0
"""A bound for a hang, not a speed target: far beyond what any of these inputs needs."""
MEMORY = 4096 * 1024 * 1024
"""Address space of each worker, so that a blow-up is a MemoryError, not a stalled machine."""


@pytest.mark.parametrize("reader", sorted(READERS))
def test_no_input_crashes_or_hangs_a_reader(reader: str, tmp_path: Path) -> None:
    stats = run_reader(
        reader,
        COUNT,
        seed=SEED,
        jobs=2,
        timeout=HANG_SECONDS,
        out=tmp_path,
        shrink_seconds=0,
        progress=False,
        memory=MEMORY,
    )
    found = {
        sig: [(o.index, make_case(reader, SEED, o.index).note) for o in outcomes[:3]]
        for sig, outcomes in stats.found.items()
    }
    assert stats.inputs == COUNT, found
    assert (stats.crashes, stats.hangs) == (0, 0), found
