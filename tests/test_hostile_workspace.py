"""Hostile workspace files (issue #10): whatever a file holds, reading it ends in located
diagnostics, never in an exception; numbers, nesting and characters the renderers cannot take
are refused by the reader, and the web editor (workspace/edit.py) refuses them alike."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from uppsikt.examples import write_starter_workspace
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.located.limits import limits
from uppsikt.model.indicators import Better, Indicator
from uppsikt.pipeline import load_report
from uppsikt.workspace import edit


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    write_starter_workspace(tmp_path)
    return tmp_path


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _errors(root: Path) -> list[Diagnostic]:
    report, diagnostics = load_report(root)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert report is None, "the workspace should have been refused"
    assert errors
    return errors


def _one(root: Path, code: str, file: str) -> Diagnostic:
    found = [d for d in _errors(root) if d.code == code and d.location.file == file]
    assert found, [d.format() for d in _errors(root)]
    return found[0]


# --- YAML: nesting, aliases, library errors -------------------------------------------------


def test_yaml_nested_250_deep_is_a_located_error(starter: Path) -> None:
    _append(starter / "tabeller.yaml", "djup: " + "[" * 250 + "]" * 250 + "\n")
    found = _one(starter, "UPP106", "tabeller.yaml")
    assert found.location.line == 25
    assert str(limits().yaml_max_depth) in found.message


def test_yaml_nested_mappings_deep_is_refused(starter: Path) -> None:
    deep = "".join(f"{'  ' * i}n{i}:\n" for i in range(300)) + "  " * 300 + "x: 1\n"
    (starter / "dimensioner.yaml").write_text(deep, encoding="utf-8")
    _one(starter, "UPP106", "dimensioner.yaml")


def _bomb(levels: int, width: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_without_expanding_it(starter: Path) -> None:
    """Nine levels of nine aliases (81 aliases, under the alias count) expand to 9⁹ strings:
    refused on what the aliases would expand to, measured without expanding them."""
    path = starter / "indikatorer.yaml"
    path.write_text(_bomb(9, 9) + path.read_text(encoding="utf-8"), encoding="utf-8")
    _replace(path, "målvärde: Öka", "målvärde: *a8")
    tracemalloc.start()
    try:
        found = _one(starter, "UPP107", "indikatorer.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 200 * 1024 * 1024
    assert found.location.line is not None


def test_too_many_aliases_are_refused(starter: Path) -> None:
    count = limits().yaml_max_aliases + 1
    aliases = "".join("  - *x\n" for _ in range(count))
    _append(starter / "indikatorer.yaml", f"x: &x 1\ny:\n{aliases}")
    _one(starter, "UPP107", "indikatorer.yaml")


def test_a_few_aliases_to_scalars_still_read(starter: Path) -> None:
    _replace(starter / "uppsikt.yaml", "nämnd: Exempelnämnden", "nämnd: &n Exempelnämnden")
    _replace(starter / "uppsikt.yaml", "nämnd_kort: EXN", "nämnd_kort: *n")
    report, diagnostics = load_report(starter)
    assert report is not None, [d.format() for d in diagnostics]


def test_raw_control_character_in_yaml_is_located(starter: Path) -> None:
    _replace(starter / "tabeller.yaml", "rubrik: Nettokostnad", "rubrik: Netto\x01kostnad")
    found = _one(starter, "UPP108", "tabeller.yaml")
    assert (found.location.line, found.location.column) == (5, 18)
    assert "U+0001" in found.message


def test_escaped_control_character_in_a_yaml_string_is_located(starter: Path) -> None:
    _replace(starter / "tabeller.yaml", "rubrik: Nettokostnad", 'rubrik: "Netto\\ekostnad"')
    found = _one(starter, "UPP108", "tabeller.yaml")
    assert found.location.line == 5
    assert "U+001B" in found.message


@pytest.mark.parametrize(
    "value",
    ["2020-02-30", "!!int tolv", "!!float många", "!!bool kanske", "!!timestamp igår", "!!int 0x"],
)
def test_values_the_yaml_library_cannot_construct_are_located(starter: Path, value: str) -> None:
    _replace(starter / "uppsikt.yaml", "nämnd_kort: EXN", f"nämnd_kort: {value}")
    found = _one(starter, "UPP103", "uppsikt.yaml")
    assert (found.location.line, found.location.column) == (5, 13)


def test_an_integer_of_5000_digits_in_yaml(starter: Path) -> None:
    _replace(starter / "mal.yaml", "nummer: 1", "nummer: " + "9" * 5000)
    found = [d for d in _errors(starter) if d.location.file == "mal.yaml"]
    assert {d.code for d in found} & {"UPP103", "UPP125"}


@pytest.fixture
def small_files(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Files over 2 000 bytes are too large (the bound as an operator would set it)."""
    monkeypatch.setenv("UPPSIKT_LIMIT_MAX_FILE_BYTES", "2000")
    limits.cache_clear()
    yield
    monkeypatch.undo()
    limits.cache_clear()


@pytest.mark.usefixtures("small_files")
def test_a_file_over_the_size_bound_is_not_read(starter: Path) -> None:
    _append(starter / "mal.yaml", "#" + "x" * 3000 + "\n")
    _append(starter / "ekonomi" / "drift.csv", "#" + "x" * 3000 + "\n")
    _append(starter / "text" / "forslag-till-beslut.md", "x" * 3000 + "\n")
    assert _one(starter, "UPP105", "mal.yaml")
    assert _one(starter, "UPP105", "ekonomi/drift.csv")
    assert _one(starter, "UPP105", "text/forslag-till-beslut.md")


# --- CSV ------------------------------------------------------------------------------------


def test_a_csv_field_over_the_csv_module_limit(starter: Path) -> None:
    _append(starter / "ekonomi" / "drift.csv", '2025;budget;V1-A;"' + "9" * 140_000 + '"\n')
    found = _one(starter, "UPP109", "ekonomi/drift.csv")
    assert found.location.line == 13


def test_control_character_in_csv_is_located(starter: Path) -> None:
    _replace(
        starter / "indikatorvarden.csv", "till-arbete;tot;2024;31", "till-arbete;tot;2024;3\x1b1"
    )
    found = _one(starter, "UPP108", "indikatorvarden.csv")
    assert found.location.line == 6


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["1" * 28, "9" * 40, "1" * 16, "0,1234567890123456"])
def test_an_amount_out_of_bounds_is_refused(starter: Path, amount: str) -> None:
    _replace(
        starter / "ekonomi" / "drift.csv", "2025;budget;V1-A;-10 900", f"2025;budget;V1-A;{amount}"
    )
    found = _one(starter, "UPP125", "ekonomi/drift.csv")
    assert found.location.line == 6
    assert found.location.field == "belopp"


def test_an_indicator_value_of_29_digits_is_refused(starter: Path) -> None:
    _replace(
        starter / "indikatorvarden.csv",
        "till-arbete;tot;2024;31",
        "till-arbete;tot;2024;" + "9" * 29,
    )
    found = _one(starter, "UPP125", "indikatorvarden.csv")
    assert found.location.line == 6


def test_a_yaml_number_out_of_bounds_is_refused(starter: Path) -> None:
    _replace(starter / "indikatorer.yaml", "målvärde: Öka", "målvärde: " + "7" * 30)
    _one(starter, "UPP125", "indikatorer.yaml")


@pytest.mark.parametrize("decimals", ["24", "999999999", "-1", "7"])
def test_decimals_out_of_range_in_a_table_column(starter: Path, decimals: str) -> None:
    _replace(
        starter / "tabeller.yaml",
        "    kolumner: standard\n    rader:\n      - rad: V1",
        "    kolumner:\n"
        "      - {id: utfall, typ: belopp, scenario: utfall, decimaler: " + decimals + "}\n"
        "    rader:\n      - rad: V1",
    )
    _one(starter, "UPP126", "tabeller.yaml")


@pytest.mark.parametrize("decimals", ["24", "999999999", "-1"])
def test_decimals_out_of_range_in_an_indicator(starter: Path, decimals: str) -> None:
    _replace(starter / "indikatorer.yaml", "decimaler: 0", f"decimaler: {decimals}")
    found = _one(starter, "UPP126", "indikatorer.yaml")
    assert found.location.line == 8


def test_decimals_within_range_still_read(starter: Path) -> None:
    _replace(starter / "indikatorer.yaml", "decimaler: 0", f"decimaler: {limits().max_decimals}")
    report, diagnostics = load_report(starter)
    assert report is not None, [d.format() for d in diagnostics]


# --- texts: nesting and characters the renderers cannot take --------------------------------


def test_a_text_nested_20_deep_is_refused(starter: Path) -> None:
    _append(starter / "text" / "forslag-till-beslut.md", "\n" + "> " * 20 + "Citat\n")
    found = _one(starter, "UPP115", "text/forslag-till-beslut.md")
    assert (found.location.line or 0) > 1


def test_nested_lists_too_deep_are_refused(starter: Path) -> None:
    lines = "".join("  " * i + "- punkt\n" for i in range(limits().markdown_max_nesting + 3))
    _append(starter / "text" / "forslag-till-beslut.md", "\n" + lines)
    _one(starter, "UPP115", "text/forslag-till-beslut.md")


def test_nesting_in_a_markdown_field_of_mal_yaml(starter: Path) -> None:
    _replace(
        starter / "mal.yaml",
        "Nämnden bidrar genom sina arbetsmarknadsinsatser.",
        "> " * 20 + "Citat",
    )
    _one(starter, "UPP115", "mal.yaml")


def test_escape_character_in_a_heading_is_refused(starter: Path) -> None:
    path = starter / "text" / "forvaltningschefens-bedomning.md"
    _replace(path, "## Analys av", "## Analys\x1b av")
    found = _one(starter, "UPP108", "text/forvaltningschefens-bedomning.md")
    assert found.location.line == 5


def test_a_moderately_nested_text_still_reads(starter: Path) -> None:
    _append(starter / "text" / "forslag-till-beslut.md", "\n> > > Citat i citat\n\n- a\n  - b\n")
    report, diagnostics = load_report(starter)
    assert report is not None, [d.format() for d in diagnostics]


# --- the web editor refuses the same --------------------------------------------------------

VALUE = Indicator("antal", "Antal", "antal", 0, Better.HIGHER)


@pytest.mark.parametrize("text", ["9" * 29, "1" * 16, "1 000 000 000 000 000"])
def test_editor_refuses_a_value_out_of_bounds(text: str) -> None:
    with pytest.raises(edit.EditError) as caught:
        edit.check_value(VALUE, "tot", 2020, edit.ValueCell(text))
    assert caught.value.field == "value"


def test_editor_accepts_a_value_within_bounds() -> None:
    assert edit.check_value(VALUE, "tot", 2020, edit.ValueCell("123 456 789 012,5")).value == (
        "123456789012,5"
    )


def test_editor_refuses_text_nested_too_deep() -> None:
    with pytest.raises(edit.EditError, match="nivåer"):
        edit.set_text("# Rubrik\n\n" + "> " * 20 + "Citat\n")
    with pytest.raises(edit.EditError):
        edit.set_area(
            (Path(__file__).parents[1] / "examples/orebro-van-2020/mal.yaml").read_text("utf-8"),
            "MO1",
            edit.AreaText("> " * 20 + "x", (), ()),
        )


def test_editor_refuses_control_characters() -> None:
    with pytest.raises(edit.EditError, match="U\\+001B"):
        edit.set_text("# Rubrik\x1b\n\nText\n")
    assert edit.set_text("Tabb\tär tillåten\n") == "Tabb\tär tillåten\n"


def test_editor_reads_a_values_file_with_a_huge_field() -> None:
    text = 'indikator;uppdelning;år;värde\nantal;tot;2020;"' + "9" * 140_000 + '"\n'
    assert edit.read_values(text) == {}


@pytest.mark.parametrize("reference", ["mnkr:999999999", "decimaler:24", "tkr:7", "decimaler:٣"])
def test_a_reference_asking_for_too_many_decimals(starter: Path, reference: str) -> None:
    """Found by the mutation test: Decimal could not format 999 999 999 decimals."""
    _replace(
        starter / "text" / "forslag-till-beslut.md",
        "{{ tabell.enheter.netto.avvikelse | mnkr | tecken }}",
        "{{ tabell.enheter.netto.avvikelse | " + reference + " }}",
    )
    found = _one(starter, "UPP310", "text/forslag-till-beslut.md")
    assert found.location.line == 3


# --- Found by bench/fuzz.py ----------------------------------------------------------------


@pytest.mark.parametrize("written", ["0", "-0"])
def test_a_year_written_as_zero_is_an_error_not_silence(starter: Path, written: str) -> None:
    """`år: 0` made the reader give up without a word, and `check` said «Inga fel»."""
    _replace(starter / "uppsikt.yaml", "år: 2025", f"år: {written}")
    found = _one(starter, "UPP131", "uppsikt.yaml")
    assert found.location.line == 7


@pytest.mark.parametrize("filters", ["mnkr:" + "1" * 5000, "decimaler:" + "9" * 5000])
def test_a_reference_asking_for_thousands_of_decimals_is_located(
    starter: Path, filters: str
) -> None:
    """int() refused the 5 000 digits with its own ValueError (found by bench/fuzz.py)."""
    _replace(
        starter / "text" / "forslag-till-beslut.md",
        "avvikelse | mnkr | tecken }}",
        f"avvikelse | {filters} }}}}",
    )
    found = _one(starter, "UPP310", "text/forslag-till-beslut.md")
    assert "decimaler" in found.message
