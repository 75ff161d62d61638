"""What the reader accepts, every renderer renders (issue #10): generated workspaces that
check without errors build in every format (HTML, open data, Word, PDF, Excel).

The workspace is the starter of `uppsikt init`, varied where a user's input reaches the
renderers: the narrative (headings, paragraphs in any script, quotes and lists nested up to
and past the bound, emphasis, code, links, tables, the characters Markdown, typst and XML give
meaning to, control characters), the names of units, a table's heading, amounts and indicator
values of any size within and past the bounds, and the decimals shown. A generated workspace
the checks refuse is discarded (that it is refused, not crashed on, is the reader's tests'
business); one they accept must build, in every format, with no exception and no error.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from uppsikt.examples import write_starter_workspace
from uppsikt.located.diagnostics import has_errors
from uppsikt.located.limits import limits
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import build, load_report

T = TypeVar("T")
PROFILE = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
)
UNITS = ("V1-A", "V1-B", "V2-A")
KEYS = (("2024", "utfall"), ("2025", "utfall"), ("2025", "budget"))


def rarely(usual: st.SearchStrategy[T], unusual: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """``usual`` seven times in eight: most generated workspaces must pass the checks, and
    what the reader refuses (control characters, deep nesting, numbers past the bounds) is
    still drawn often enough that a reader which let it through would fail the build."""
    choice = st.sampled_from((False,) * 7 + (True,))
    return choice.flatmap(lambda odd: unusual if odd else usual)


# Text: every script and symbol, weighted toward what means something to a renderer.
SPECIAL = "#*_`<>&\\$@[]()!|~^{}=+-.:;\"'/%§«»–—…\u00a0\u202f\u200b\u200d\ufeff\t"
CONTROL = "\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\ufffe"
letters = st.characters(blacklist_categories=("Cs", "Cc"))  # any code point but these
words = st.text(
    st.one_of(
        st.sampled_from("abcåäöÅÄÖ éüßøæ"),
        st.sampled_from(SPECIAL),
        letters,
        st.sampled_from("日本語עבריתعربيΩ😀\U0001f1f8\U0001f1ea\u0301"),
    ),
    min_size=1,
    max_size=30,
).map(lambda t: t.strip() or "x")
maybe_control = rarely(words, st.tuples(words, st.sampled_from(CONTROL), words).map("".join))
_nesting = limits().markdown_max_nesting
depths = rarely(
    st.integers(min_value=1, max_value=_nesting),
    st.integers(min_value=_nesting + 1, max_value=_nesting + 12),
)


BLOCKS: dict[str, Callable[[str, int], str]] = {
    "para": lambda text, _depth: text,
    "heading": lambda text, _depth: "## " + text,
    "quote": lambda text, depth: "> " * depth + text,
    "list": lambda text, depth: "\n".join("  " * i + "- " + text for i in range(depth)),
    "olist": lambda text, depth: "\n".join("   " * i + "1. " + text for i in range(depth)),
    "mixed": lambda text, depth: "> " * (depth // 2) + "- " * (depth - depth // 2) + text,
    "code": lambda text, depth: (
        f"`{text}` **{text}** _{text}_ [{text}](https://example.org/{depth})"
    ),
    "table": lambda text, depth: f"| a | {text} |\n|---|---|\n| {text} | {depth} |",
}
"""One Markdown block of each kind, from its text and its nesting depth."""


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(sorted(BLOCKS)))
    return BLOCKS[kind](draw(maybe_control), draw(depths))


texts = st.lists(block(), min_size=1, max_size=4).map("\n\n".join)

# Amounts within the bounds (the views must agree, so none past them); an indicator value
# and decimals also at and past their bounds.
_bound = limits().max_significant_digits
amounts = st.one_of(
    st.integers(min_value=-20_000, max_value=20_000).map(Decimal),
    st.decimals(min_value=-(10**8), max_value=10**8, places=6),
    st.decimals(min_value=-(10**14), max_value=10**14, places=0),
    st.sampled_from(
        [
            Decimal("999999999999999"),
            Decimal("-999999999999999"),
            Decimal("0.000001"),
            Decimal("0." + "0" * (_bound - 1) + "1"),
            Decimal("99999999999999.9"),
        ]
    ),
)
values = rarely(
    amounts, st.sampled_from([Decimal("1" * (_bound + 1)), Decimal("9" * 28), Decimal("1E-20")])
)
decimals = rarely(
    st.integers(min_value=0, max_value=limits().max_decimals),
    st.sampled_from([-1, 24, 999_999_999]),
)


def _plain(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path.name)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _write_economy(root: Path, facts: dict[tuple[str, str], tuple[Decimal, ...]]) -> None:
    """Amounts per unit; the kontogrupp view holds the same totals, so the views agree."""
    units = ["år;scenario;enhet;belopp"]
    groups = ["år;scenario;kontogrupp;belopp"]
    for (year, scenario), values in facts.items():
        units += [f"{year};{scenario};{u};{_plain(v)}" for u, v in zip(UNITS, values, strict=True)]
        groups += [f"{year};{scenario};PERS;{_plain(v)}" for v in values]
        groups += [f"{year};{scenario};{g};0" for g in ("INT", "OVR")]
    (root / "ekonomi" / "drift.csv").write_text("\n".join(units) + "\n", encoding="utf-8")
    (root / "ekonomi" / "kontogrupper.csv").write_text("\n".join(groups) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Generated:
    """What is varied in the starter workspace."""

    title: str
    analysis: str
    heading: str
    unit: str
    description: str
    economy: dict[tuple[str, str], tuple[Decimal, ...]]
    old: Decimal
    value: Decimal
    indicator_decimals: int
    column_decimals: int


workspaces = st.builds(
    Generated,
    title=maybe_control,
    analysis=texts,
    heading=maybe_control,
    unit=maybe_control,
    description=texts,
    economy=st.fixed_dictionaries({key: st.tuples(*(amounts for _ in UNITS)) for key in KEYS}),
    old=values,
    value=values,
    indicator_decimals=decimals,
    column_decimals=decimals,
)

COLUMNS = """    kolumner:
      - {{id: utfall, typ: belopp, scenario: utfall, decimaler: {d}}}
      - {{id: budget, typ: belopp, scenario: budget}}
      - {{id: avvikelse, typ: skillnad, av: [utfall, budget]}}
      - {{id: andel, typ: förändring-procent, av: [utfall, budget], decimaler: {d}}}
    rader:
      - rad: V1"""

INDICATOR = """  - id: antal
    namn: Antal deltagare
    enhet: antal
    decimaler: {d}
    bättre: högre
    tecken: true
    tillhör:
      - {{åtagande: A-ARBETE}}
"""


def _write(root: Path, ws: Generated) -> None:
    write_starter_workspace(root)
    (root / "text" / "forvaltningschefens-bedomning.md").write_text(
        f"# {ws.title}\n\nInledning.\n\n## Analys\n\n{ws.analysis}\n", encoding="utf-8"
    )
    heading = json.dumps(ws.heading, ensure_ascii=False)
    _replace(root / "tabeller.yaml", "rubrik: Nettokostnad per verksamhet", f"rubrik: {heading}")
    unit = json.dumps(ws.unit, ensure_ascii=False)
    _replace(root / "organisation.yaml", "namn: Enhet A", f"namn: {unit}")
    description = "".join(f"          {line}\n" for line in ws.description.splitlines())
    _replace(
        root / "mal.yaml",
        "        beskrivning: |\n          Nämnden bidrar genom sina arbetsmarknadsinsatser.\n",
        f"        beskrivning: |\n{description}",
    )
    columns = COLUMNS.format(d=ws.column_decimals)
    _replace(root / "tabeller.yaml", "    kolumner: standard\n    rader:\n      - rad: V1", columns)
    _append(root / "indikatorer.yaml", INDICATOR.format(d=ws.indicator_decimals))
    _append(
        root / "indikatorvarden.csv",
        f"antal;tot;2023;1;;;\nantal;tot;2024;{_plain(ws.old)};;;\n"
        f"antal;tot;2025;{_plain(ws.value)};;;\n",
    )
    _write_economy(root, ws.economy)


@PROFILE
@given(workspaces)
def test_what_checks_without_errors_builds_in_every_format(ws: Generated) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        _write(root, ws)
        report, diagnostics = load_report(root)
        assume(report is not None and not has_errors(diagnostics))
        result = build(root, Path(folder) / "ut", tuple(OutputFormat))
        assert result.ok, [d.format() for d in result.diagnostics]
        names = {p.suffix for p in result.written}
        assert {".html", ".csv", ".json", ".docx", ".pdf", ".xlsx"} <= names


def test_characters_the_pdf_fonts_lack_build_as_a_mark(tmp_path: Path) -> None:
    """Found by the property test: PDF/UA-1 refuses a glyph no embedded font has; the PDF
    shows «?» in its place and every other format the character itself."""
    ws = Generated(
        title="Rubrik 日本語",
        analysis="Text med \u0980 och 😀.\n\n> citat עברית",
        heading="Tabell Ω",
        unit="Enhet 😀",
        description="Beskrivning",
        economy={key: (Decimal(-1), Decimal(-2), Decimal(-3)) for key in KEYS},
        old=Decimal(1),
        value=Decimal(2),
        indicator_decimals=0,
        column_decimals=0,
    )
    root = tmp_path / "ws"
    _write(root, ws)
    result = build(root, tmp_path / "ut", tuple(OutputFormat))
    assert result.ok, [d.format() for d in result.diagnostics]
    html = (tmp_path / "ut" / "index.html").read_text(encoding="utf-8")
    assert "\u0980" in html
    assert "😀" in html
