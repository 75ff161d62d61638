"""mappning.yaml: patterns, resolving, reading with lines, validation and reconciliation."""

from __future__ import annotations

import random
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uppsikt.ledger.mapping import IGNORED, Mapping, kontogrupp_dimension, load_mapping
from uppsikt.ledger.mapping import validate_mapping as validate
from uppsikt.ledger.patterns import PatternError, Resolver, Rule, parse_pattern, resolve, rules_from
from uppsikt.ledger.reconcile import check_accounts, check_totals, reconcile_ledger
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.located.sink import Sink
from uppsikt.model.dimensions import Dimension, Member


def load(tmp_path: Path, text: str) -> tuple[Mapping | None, list[Diagnostic]]:
    path = tmp_path / "mappning.yaml"
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)


def codes(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None]]:
    return [(d.code, d.location.line) for d in diagnostics]


# Patterns and resolving


def test_digits_are_a_prefix_and_ranges_compare_leading_digits() -> None:
    rules = rules_from([("3", "INT"), ("61-69", "OVR"), ("1100-1199", "LED"), ("12*", "FS")])
    found = resolve(rules, ["3", "3010", "6010", "6150", "69999", "7", "1150", "11", "1200", "12"])
    assert found == {
        "3": "INT",
        "3010": "INT",
        "6150": "OVR",  # 61 ≤ 61 ≤ 69
        "69999": "OVR",
        "1150": "LED",  # 4-digit range on the first four digits
        "1200": "FS",
        "12": "FS",
    }  # 6010 (60 < 61), 7, and 11 (shorter than the range's 4 digits) are unmapped


def test_exact_codes_text_prefixes_and_catch_all() -> None:
    rules = rules_from([("FS-LED", "A"), ("FS*", "B"), ("*", "C")])
    assert resolve(rules, ["FS-LED", "FS-LEDX", "FSX", "X", ""]) == {
        "FS-LED": "A",
        "FS-LEDX": "B",
        "FSX": "B",
        "X": "C",
        "": "C",
    }


def test_first_matching_rule_wins() -> None:
    rules = rules_from([("5020-5029", "PERS-AMA"), ("5", "PERS"), ("502", "NEVER")])
    assert resolve(rules, ["5025", "5010", "5029"]) == {
        "5025": "PERS-AMA",
        "5010": "PERS",
        "5029": "PERS-AMA",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("6-612", "olika många siffror"),
        ("69-61", "börjar efter sitt slut"),
        ("1*2", "asterisk"),
        ("  ", "tomt"),
    ],
)
def test_bad_patterns(text: str, message: str) -> None:
    with pytest.raises(PatternError, match=message):
        parse_pattern(text)


@st.composite
def _rules(draw: st.DrawFn) -> list[Rule]:
    texts = st.one_of(
        st.from_regex(r"[0-9]{1,3}", fullmatch=True),
        st.from_regex(r"[0-9]{1,2}\*|[A-C]{1,2}\*|\*", fullmatch=True),
        st.from_regex(r"[A-C][0-9]?", fullmatch=True),
        st.tuples(st.integers(0, 99), st.integers(0, 99)).map(
            lambda b: f"{min(b):02d}-{max(b):02d}"
        ),
    )
    written = draw(st.lists(texts, min_size=1, max_size=12))
    return [Rule(parse_pattern(t), f"M{i}") for i, t in enumerate(written)]


@settings(max_examples=200, deadline=None)
@given(_rules(), st.lists(st.from_regex(r"[0-9A-C]{0,5}", fullmatch=True), max_size=40))
def test_resolver_agrees_with_trying_every_rule(rules: list[Rule], given: list[str]) -> None:
    expected = {}
    for code in given:
        member = next((r.member for r in rules if r.pattern.matches(code)), None)
        if member is not None:
            expected[code] = member
    assert resolve(rules, given) == expected


def test_resolving_50000_codes() -> None:
    rules = rules_from(
        [("1", IGNORED), ("2", IGNORED), ("5020-5029", "PA"), ("5", "P"), ("3", "I")]
        + [(f"{g}", f"G{g}") for g in range(40, 100)]
        + [(f"{n}00-{n}49", f"R{n}") for n in range(10, 99)]
    )
    rng = random.Random(7)
    many = [str(rng.randrange(1000, 100000)) for _ in range(50000)]
    started = time.perf_counter()
    found = Resolver(rules).resolve(many)
    elapsed = time.perf_counter() - started
    # Measured: about 0.1 s for 50 000 codes and 154 rules on a laptop (a bench print only;
    # the assertions are about correctness).
    print(f"resolve: {len(many)} koder på {elapsed:.3f} s")
    for code in many[:2000]:
        assert found.get(code) == next((r.member for r in rules if r.pattern.matches(code)), None)


# Reading mappning.yaml

EXAMPLE = """\
konton:
  ignorera: ["1", "2"]
  kontogrupp:
    INT: ["3"]
    PERS: ["50-56", "58-59"]
    LOKAL: "61"
    OVR: ["4", "57", "62-69", "7"]
enhet:
  från: ansvar
  regler:
    "1100-1199": FS-LED
    "12*": FS-FS
verksamhet:
  från: verksamhet
  regler:
    0123: POL
"""


def test_reading_a_mapping(tmp_path: Path) -> None:
    mapping, diagnostics = load(tmp_path, EXAMPLE)
    assert diagnostics == []
    assert mapping is not None
    assert [r.pattern.text for r in mapping.ignore] == ["1", "2"]
    assert [(r.pattern.text, r.member, r.line) for r in mapping.kontogrupp][:3] == [
        ("3", "INT", 4),
        ("50-56", "PERS", 5),
        ("58-59", "PERS", 5),
    ]
    accounts = mapping.account_resolver().resolve(["1930", "3010", "5810", "6110", "6210", "80"])
    assert accounts == {
        "1930": IGNORED,
        "3010": "INT",
        "5810": "PERS",
        "6110": "LOKAL",
        "6210": "OVR",
    }
    enhet = mapping.object_mapping("enhet")
    assert enhet is not None
    assert enhet.source == "ansvar"
    assert resolve(enhet.rules, ["1150", "1201", "1300"]) == {"1150": "FS-LED", "1201": "FS-FS"}
    verksamhet = mapping.object_mapping("verksamhet")
    assert verksamhet is not None
    assert verksamhet.rules[0].pattern.text == "0123"  # unquoted, the leading zero is kept


def test_problems_are_reported_with_lines(tmp_path: Path) -> None:
    mapping, diagnostics = load(
        tmp_path,
        """\
konton:
  kontogrupp:
    INT: ["3", "6-612"]
    PERS: ["5*0"]
  kontoplan: bas
enhet:
  från: konto
  regler:
    "11": FS
    "12":
projekt: {}
""",
    )
    assert mapping is None
    assert sorted(codes(diagnostics)) == [
        ("UPP112", 7),  # från: konto
        ("UPP113", 5),  # kontoplan: unknown key
        ("UPP113", 11),  # projekt: unknown key
        ("UPP601", 3),  # 6-612
        ("UPP601", 4),  # 5*0
        ("UPP601", 10),  # "12" without a member
    ]
    messages = " ".join(d.message for d in diagnostics)
    assert "6-612" in messages
    assert all(d.hint for d in diagnostics)
    assert all(d.location.file == "mappning.yaml" for d in diagnostics)


def test_kommun_bas_with_own_groups_on_top(tmp_path: Path) -> None:
    mapping, diagnostics = load(
        tmp_path,
        """\
konton:
  ignorera: ["1", "2"]
  kommun-bas: grupp
  kontogrupp:
    6A: ["60"]
    6B: ["61-69"]
""",
    )
    assert diagnostics == []
    assert mapping is not None
    found = mapping.account_resolver().resolve(["6010", "6110", "4510", "8810", "1930", "3310"])
    assert found == {"6010": "6A", "6110": "6B", "4510": "45", "8810": "88", "1930": IGNORED}
    own = Dimension("kontogrupp", "Kontogrupp", (Member("6A", "Lokaler"), Member("6B", "Fast")))
    dimension = kontogrupp_dimension(mapping, own)
    assert dimension is not None
    assert [m.code for m in dimension.roots][:3] == ["6A", "6B", "3"]
    sink = Sink("mappning.yaml")
    validate(mapping, [own], sink)
    assert sink.diagnostics == []


def test_kontogrupp_shorthand(tmp_path: Path) -> None:
    mapping, diagnostics = load(tmp_path, "konton:\n  kontogrupp: kommun-bas-klass\n")
    assert diagnostics == []
    assert mapping is not None
    assert mapping.kommun_bas == "klass"
    assert mapping.account_resolver().resolve(["4510"]) == {"4510": "4"}
    _, diagnostics = load(tmp_path, "konton:\n  kontogrupp: kommunbas\n")
    assert codes(diagnostics) == [("UPP601", 2)]


# Validation against the workspace

DIMENSIONS = (
    Dimension("enhet", "Enhet", (Member("VAN", "Nämnden", (Member("FS-LED", "Ledning"),)),)),
    Dimension("kontogrupp", "Kontogrupp", (Member("INT", "Intäkter"), Member("PERS", "Pers"))),
)


def test_unknown_member_is_an_error_naming_it(tmp_path: Path) -> None:
    mapping, _ = load(
        tmp_path,
        """\
konton:
  kontogrupp:
    INT: ["3"]
    PERSONAL: ["5"]
enhet:
  från: ansvar
  regler:
    "11": FS-LED
    "12": FS-FS
verksamhet:
  från: verksamhet
  regler:
    "1": POL
""",
    )
    assert mapping is not None
    sink = Sink("mappning.yaml")
    validate(mapping, DIMENSIONS, sink)
    assert codes(sink.diagnostics) == [("UPP602", 4), ("UPP602", 9), ("UPP602", 13)]
    assert "«PERSONAL» finns inte i dimensionen kontogrupp" in sink.diagnostics[0].message
    assert "FS-FS" in sink.diagnostics[1].message
    assert "verksamhet finns inte" in sink.diagnostics[2].message


def test_overlapping_rules_are_warned_with_both_lines(tmp_path: Path) -> None:
    mapping, _ = load(
        tmp_path,
        """\
konton:
  kontogrupp:
    INT: ["3"]
    PERS: ["30-35", "5"]
enhet:
  från: ansvar
  regler:
    "11*": FS-LED
    "1100-1199": VAN
    "2000": VAN
    "2*": FS-LED
""",
    )
    assert mapping is not None
    sink = Sink("mappning.yaml")
    validate(mapping, DIMENSIONS, sink)
    warnings = [d for d in sink.diagnostics if d.severity is Severity.WARNING]
    assert codes(warnings) == [("UPP603", 4), ("UPP603", 9)]
    assert "«30-35» (→ PERS) överlappar mönstret «3» (→ INT) på rad 3" in warnings[0].message
    assert "på rad 8" in warnings[1].message  # 1100-1199 can never apply: 11* comes first
    # "2000" before "2*" is an exception before the general rule: no warning.


# Reconciliation


def test_unmapped_codes_are_listed_and_totals_add_up(tmp_path: Path) -> None:
    mapping, _ = load(
        tmp_path,
        'konton:\n  ignorera: ["1"]\n  kontogrupp:\n    INT: ["3"]\n    PERS: ["5"]\n'
        'enhet:\n  från: ansvar\n  regler:\n    "11": FS-LED\n',
    )
    assert mapping is not None
    totals = {
        "konto": {
            "3010": Decimal("-100.50"),
            "5010": Decimal(200),
            "1930": Decimal(7),
            "7010": Decimal("12.25"),
            "": Decimal(3),
        },
        "ansvar": {"1100": Decimal(150), "9999": Decimal("-30"), "": Decimal("1.75")},
    }
    accounts, objects = reconcile_ledger(mapping, totals)
    assert accounts.total == Decimal("121.75")
    assert (accounts.mapped, accounts.ignored, accounts.blank) == (
        Decimal("99.50"),
        Decimal(7),
        Decimal(3),
    )
    assert [(u.code, u.amount) for u in accounts.unmapped] == [("7010", Decimal("12.25"))]
    assert [(m.code, m.amount) for m in accounts.members] == [
        ("INT", Decimal("-100.50")),
        ("PERS", Decimal(200)),
    ]
    assert accounts.balanced
    assert objects.source == "ansvar"
    assert objects.dimension == "enhet"
    assert [(u.code, u.amount) for u in objects.unmapped] == [("9999", Decimal(-30))]
    assert objects.total == objects.mapped + objects.blank + objects.unmapped_total

    sink = Sink("mappning.yaml")
    check_accounts(mapping, totals, sink)
    assert [(d.code, d.severity) for d in sink.diagnostics] == [
        ("UPP610", Severity.ERROR),
        ("UPP611", Severity.WARNING),
    ]
    assert "Resultatkontot 7010 (12,25 kr)" in sink.diagnostics[0].message
    assert sink.diagnostics[0].location.line == 3  # the kontogrupp key
    assert "Ansvar 9999 (−30,00 kr)" in sink.diagnostics[1].message


def test_many_unmapped_codes_are_summed_after_the_first_fifty(tmp_path: Path) -> None:
    mapping, _ = load(tmp_path, 'konton:\n  kontogrupp:\n    INT: ["3"]\n')
    assert mapping is not None
    totals = {"konto": {str(4000 + n): Decimal(1) for n in range(80)}}
    sink = Sink("mappning.yaml")
    check_accounts(mapping, totals, sink)
    assert len(sink.diagnostics) == 51
    assert "Ytterligare 30 koder" in sink.diagnostics[-1].message


def test_totals_that_disagree_are_an_error() -> None:
    sink = Sink("mappning.yaml")
    assert check_totals(Decimal(10), Decimal(10), "konto → kontogrupp", sink)
    assert not check_totals(Decimal(10), Decimal("9.50"), "konto → kontogrupp", sink)
    assert codes(sink.diagnostics) == [("UPP612", None)]
    assert "−0,50 kr" in sink.diagnostics[0].message
