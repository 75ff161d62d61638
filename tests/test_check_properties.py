"""Property-based tests of the checker: generated workspaces, mutated at random.

The workspace is generated (units, their amounts per kontogrupp, indicator values with a kön
split), written as files and read back through the whole pipeline, as `uppsikt check` does.
Whatever is generated, the checker never crashes; and a mutation that breaks a sum by more
than rounding can explain is always caught.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppsikt.examples import write_starter_workspace
from uppsikt.located.diagnostics import Severity
from uppsikt.pipeline import load_report

UNITS = ("V1-A", "V1-B", "V2-A")
GROUPS = ("INT", "PERS", "OVR")
YEARS = (2024, 2025)
PROFILE = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

amounts = st.integers(min_value=-20_000, max_value=20_000)
# Per year and scenario: one amount per unit; the kontogrupp view spreads the same total.
economy = st.fixed_dictionaries(
    {
        (y, s): st.tuples(*(amounts for _ in UNITS))
        for y, s in ((2024, "utfall"), (2025, "utfall"), (2025, "budget"))
    }
)
shares = st.integers(min_value=0, max_value=100)


def _write_economy(root: Path, facts: dict[tuple[int, str], tuple[int, ...]]) -> None:
    unit_lines = ["år;scenario;enhet;belopp"]
    group_lines = ["år;scenario;kontogrupp;belopp"]
    for (year, scenario), values in facts.items():
        unit_lines += [f"{year};{scenario};{u};{v}" for u, v in zip(UNITS, values, strict=True)]
        total = sum(values)
        # The same total spread over the kontogrupper: two fixed parts and the rest.
        spread = (total // 3, total // 3, total - 2 * (total // 3))
        group_lines += [f"{year};{scenario};{g};{v}" for g, v in zip(GROUPS, spread, strict=True)]
    (root / "ekonomi" / "drift.csv").write_text("\n".join(unit_lines) + "\n", encoding="utf-8")
    (root / "ekonomi" / "kontogrupper.csv").write_text(
        "\n".join(group_lines) + "\n", encoding="utf-8"
    )


def _write_values(root: Path, values: list[tuple[int, int, int]]) -> None:
    lines = ["indikator;uppdelning;år;värde;saknas;ca;fotnot"]
    for year, (total, women, men) in zip((2023, 2024, 2025), values, strict=True):
        lines += [
            f"till-arbete;tot;{year};{total};;;",
            f"till-arbete;K;{year};{women};;;",
            f"till-arbete;M;{year};{men};;;",
        ]
    (root / "indikatorvarden.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _workspace(
    facts: dict[tuple[int, str], tuple[int, ...]], values: list[tuple[int, int, int]]
) -> Path:
    root = Path(tempfile.mkdtemp(prefix="uppsikt-prop-"))
    write_starter_workspace(root)
    _write_economy(root, facts)
    _write_values(root, values)
    return root


@PROFILE
@given(economy, st.lists(st.tuples(shares, shares, shares), min_size=3, max_size=3))
def test_generated_workspaces_never_crash_the_checker(
    facts: dict[tuple[int, str], tuple[int, ...]], values: list[tuple[int, int, int]]
) -> None:
    root = _workspace(facts, values)
    _, diagnostics = load_report(root)
    # Views built to reconcile exactly never disagree.
    assert not [d for d in diagnostics if d.code in ("UPP401", "UPP403")]
    for d in diagnostics:
        assert d.message
        assert d.code.startswith("UPP")


@PROFILE
@given(
    economy,
    st.sampled_from([(2024, "utfall"), (2025, "utfall"), (2025, "budget")]),
    st.integers(min_value=0, max_value=len(UNITS) - 1),
    st.integers(min_value=4, max_value=100_000),
    st.booleans(),
)
def test_a_mutation_breaking_a_sum_is_always_caught(
    facts: dict[tuple[int, str], tuple[int, ...]],
    key: tuple[int, str],
    unit: int,
    delta: int,
    negative: bool,
) -> None:
    # 3 unit facts and 3 kontogrupp facts: rounding explains at most (3 + 3) / 2 = 3 tkr, so
    # any change of 4 tkr or more to one unit breaks the sum.
    root = _workspace(facts, [(30, 28, 33)] * 3)
    year, scenario = key
    drift = root / "ekonomi" / "drift.csv"
    line = f"{year};{scenario};{UNITS[unit]};{facts[key][unit]}\n"
    changed = facts[key][unit] + (-delta if negative else delta)
    text = drift.read_text(encoding="utf-8")
    assert line in text
    drift.write_text(
        text.replace(line, f"{year};{scenario};{UNITS[unit]};{changed}\n"), encoding="utf-8"
    )
    _, diagnostics = load_report(root)
    errors = [d for d in diagnostics if d.code == "UPP401"]
    assert errors
    assert all(d.severity is Severity.ERROR for d in errors)
    assert any(f"{scenario} {year}" in d.message for d in errors)


@PROFILE
@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=100))
def test_a_total_share_outside_its_parts_is_always_caught(women: int, men: int) -> None:
    low, high = min(women, men), max(women, men)
    outside = high + 2 if high <= 98 else low - 2
    root = _workspace(
        {(2024, "utfall"): (1, 2, 3), (2025, "utfall"): (1, 2, 3), (2025, "budget"): (1, 2, 3)},
        [(outside, women, men), (low, women, men), (high, women, men)],
    )
    _, diagnostics = load_report(root)
    found = [d for d in diagnostics if d.code == "UPP421"]
    assert [d.severity for d in found] == [Severity.ERROR]
    assert "2023" in found[0].message
    assert Decimal(outside) not in (Decimal(low), Decimal(high))


@PROFILE
@given(
    st.sampled_from(["indikatorvarden.csv", "ekonomi/drift.csv", "ekonomi/kontogrupper.csv"]),
    st.integers(min_value=0, max_value=40),
    st.one_of(
        st.text(alphabet="0123456789 ,.-−;abcåäö\t", max_size=12),
        st.just(""),
        st.just(";;;;;;;;"),
    ),
)
def test_any_cell_mutation_gives_diagnostics_not_a_crash(file: str, line: int, text: str) -> None:
    root = _workspace(
        {(2024, "utfall"): (1, 2, 3), (2025, "utfall"): (4, 5, 6), (2025, "budget"): (7, 8, 9)},
        [(30, 28, 33), (31, 29, 34), (32, 30, 35)],
    )
    path = root / file
    lines = path.read_text(encoding="utf-8").splitlines()
    index = line % len(lines)
    cells = lines[index].split(";")
    cells[line % len(cells)] = text
    lines[index] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report, diagnostics = load_report(root)
    assert report is not None or any(d.severity is Severity.ERROR for d in diagnostics)
    assert all(d.location.file for d in diagnostics if d.severity is Severity.ERROR)
