"""Overlapping mapping rules are found by a sweep over the ranges (issue #15: a mapping of a
few hundred rules is validated at every build); it finds exactly the pairs that comparing every
rule with every earlier one finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from uppsikt.ledger.patterns import Rule, conflicts, parse_pattern


def every_pair(rules: list[Rule]) -> list[tuple[Rule, Rule]]:
    """The plain definition: each rule against every earlier one."""
    found: list[tuple[Rule, Rule]] = []
    for position, later in enumerate(rules):
        for earlier in rules[:position]:
            if earlier.member == later.member or not earlier.pattern.overlaps(later.pattern):
                continue
            if earlier.pattern.within(later.pattern) and not later.pattern.within(earlier.pattern):
                continue
            found.append((earlier, later))
    return found


def _range(bounds: tuple[int, int, int]) -> str:
    width, a, b = bounds
    low, high = sorted((a % 10**width, b % 10**width))
    return f"{low:0{width}d}-{high:0{width}d}"


patterns = st.one_of(
    st.integers(0, 9999).map(str),
    st.tuples(st.integers(1, 4), st.integers(0, 9999), st.integers(0, 9999)).map(_range),
    st.sampled_from(["*", "1*", "12*", "FS*", "F*", "FS-LED", "4510", "A1"]),
)
rules = st.lists(
    st.builds(Rule, patterns.map(parse_pattern), st.sampled_from(["A", "B", "C"])), max_size=30
)


@settings(max_examples=300, deadline=None)
@given(rules)
def test_the_sweep_finds_the_same_conflicts_as_every_pair(found: list[Rule]) -> None:
    assert conflicts(found) == every_pair(found)


def test_a_few_hundred_disjoint_ranges_have_no_conflict() -> None:
    ranges = [Rule(parse_pattern(f"{n:04d}-{n + 4:04d}"), f"M{n}") for n in range(0, 3000, 10)]
    clash = Rule(parse_pattern("0012-0017"), "X")  # half in 0010-0014, which is no exception
    assert conflicts(ranges) == []
    assert conflicts([*ranges, clash]) == [(ranges[1], clash)]
