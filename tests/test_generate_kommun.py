"""`uppsikt generate --kommun`: a whole kommun workspace at scale, valid and deterministic.

A small kommun (6 nämnder, 30 units, 20 000 ledger rows) is checked without errors, every
report builds (HTML and data), each nämnd's total in the kommun's table is that nämnd's own
report's total, and the same seed writes the same files and the same ledger.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from uppsikt.cli.main import app
from uppsikt.located.diagnostics import Severity
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import KommunResult, build_kommun, check_kommun
from uppsikt.synthetic.workspace import GeneratedKommun, KommunFolderInUse, generate_kommun
from uppsikt.workspace.kommun import report_folders

ROWS = 20_000
NAMNDER = 6
UNITS = 30


@pytest.fixture(scope="module")
def kommun(tmp_path_factory: pytest.TempPathFactory) -> GeneratedKommun:
    folder = tmp_path_factory.mktemp("kommun") / "storeby"
    return generate_kommun(folder, rows=ROWS, seed=3, namnder=NAMNDER, units=UNITS)


@pytest.fixture(scope="module")
def built(kommun: GeneratedKommun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ut") / "ut"
    result: KommunResult = build_kommun(kommun.folder, out, (OutputFormat.HTML, OutputFormat.DATA))
    assert result.ok, [d.format() for d in result.diagnostics]
    return out


def table(built: Path, report: str, name: str) -> dict[str, dict[str, str]]:
    with (built / report / "data" / f"{name}.csv").open(encoding="utf-8") as file:
        return {row["id"]: row for row in csv.DictReader(file)}


def text_files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "ekonomi.duckdb"
    }


def ledger(folder: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(folder / "ekonomi.duckdb"), read_only=True) as con:
        return con.execute(
            "SELECT year, period, scenario, account, ansvar, verksamhet, projekt, amount, source"
            " FROM ledger ORDER BY ALL"
        ).fetchall()


def test_the_kommun_has_its_organisation_and_a_report_per_board(kommun: GeneratedKommun) -> None:
    organisation = (kommun.folder / "organisation.yaml").read_text(encoding="utf-8")
    tops = [b.code for b in kommun.scaled.boards]
    assert tops == ["KS", "REV", "VAL", "BUN", "SN", "VON", "FIN"]
    assert "typ: finansförvaltning" in organisation
    assert organisation.count("typ: förvaltning") == 4  # KS and the three other nämnder
    units = [u for u in kommun.scaled.municipality.units if u.code not in tops]
    assert len(units) == UNITS
    assert [p.name for p in report_folders(kommun.folder)] == sorted(
        [f"{code.lower()}-2024" for code in tops[:-1]]
        + ["ks-arsberattelse-2024", "kommunsammanstallning-2024"]
    )
    settings = (kommun.folder / "rapporter/ks-arsberattelse-2024/uppsikt.yaml").read_text("utf-8")
    assert "rapport: ks-årsberättelse" in settings
    assert "omfattning: [KS, REV, VAL]" in settings


def test_the_ledger_is_imported_whole(kommun: GeneratedKommun) -> None:
    rows = ledger(kommun.folder)
    assert len(rows) == ROWS
    assert {row[-1] for row in rows} == {"huvudbok", "budget"}
    assert not list(kommun.folder.glob("*.parquet"))
    assert not list(kommun.folder.glob(".uppsikt-generate-*"))


def test_the_kommun_checks_without_errors(kommun: GeneratedKommun) -> None:
    found = check_kommun(kommun.folder)
    assert [d.format() for d in found if d.severity is Severity.ERROR] == []


def test_every_report_builds(kommun: GeneratedKommun, built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(s.folder for s in kommun.reports)
    for spec in kommun.reports:
        assert (built / spec.folder / "index.html").is_file()
        units = table(built, spec.folder, "enheter")
        groups = table(built, spec.folder, "kontogrupper")
        assert units["totalt"]["utfall"] == groups["totalt"]["utfall"], spec.folder
        assert float(units["totalt"]["utfall"]) < 0, spec.folder


def test_the_kommuns_rows_are_the_boards_own_totals(kommun: GeneratedKommun, built: Path) -> None:
    whole = table(built, "kommunsammanstallning-2024", "enheter")
    assert list(whole) == [b.code for b in kommun.scaled.boards] + ["totalt"]
    for board in kommun.scaled.boards[:-1]:
        own = table(built, f"{board.code.lower()}-2024", "enheter")["totalt"]
        assert (whole[board.code]["utfall"], whole[board.code]["budget"]) == (
            own["utfall"],
            own["budget"],
        ), board.code
    ks = table(built, "ks-arsberattelse-2024", "enheter")
    assert list(ks) == ["KS", "REV", "VAL", "totalt"]
    bun = table(built, "bun-2024", "enheter")
    assert list(bun)[:-1] == [u.code for u in kommun.scaled.units_of("BUN")]


def test_the_same_seed_gives_the_same_files(kommun: GeneratedKommun, tmp_path: Path) -> None:
    again = generate_kommun(tmp_path / "igen", rows=ROWS, seed=3, namnder=NAMNDER, units=UNITS)
    assert text_files(again.folder) == text_files(kommun.folder)
    assert ledger(again.folder) == ledger(kommun.folder)
    other = generate_kommun(tmp_path / "annan", rows=ROWS, seed=4, namnder=NAMNDER, units=UNITS)
    assert ledger(other.folder) != ledger(kommun.folder)


def test_generating_again_replaces_an_earlier_run(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    generate_kommun(folder, rows=2_000, seed=1, namnder=7, units=12)
    generate_kommun(folder, rows=2_000, seed=1, namnder=5, units=6)
    assert len(report_folders(folder)) == 7  # 5 årsberättelser, KS's and the kommun's
    assert len(ledger(folder)) == 2_000


def test_a_folder_with_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "egen.txt").write_text("min fil\n", encoding="utf-8")
    with pytest.raises(KommunFolderInUse):
        generate_kommun(tmp_path, rows=1_000, seed=1, namnder=5, units=6)
    result = CliRunner().invoke(app, ["generate", "--kommun", str(tmp_path), "--rows", "1000"])
    assert result.exit_code != 0
    assert "innehåller annat än en genererad kommun" in result.output
    assert (tmp_path / "egen.txt").exists()


def test_the_command(tmp_path: Path) -> None:
    args = ["generate", "--kommun", str(tmp_path / "k"), "--rows", "4000"]
    result = CliRunner().invoke(app, [*args, "--namnder", "5", "--units", "8", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "5 nämnder, en finansförvaltning, 8 enheter" in result.output
    assert "rapporter/kommunsammanstallning-2024" in result.output
    assert not any(d.severity is Severity.ERROR for d in check_kommun(tmp_path / "k"))
    refused = CliRunner().invoke(
        app, ["generate", "--kommun", str(tmp_path / "x"), "--namnder", "3"]
    )
    assert refused.exit_code != 0
    assert "minst 4 nämnder" in refused.output
