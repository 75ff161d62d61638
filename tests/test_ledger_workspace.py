"""The ledger in a workspace, end to end: importing exports through the command line, building
the report from them, and refusing bad files whole."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from uppsikt.cli.main import app
from uppsikt.examples import bundled_example
from uppsikt.ledger.facts import LedgerFactsCache, ledger_facts
from uppsikt.ledger.model import STORE_FILE
from uppsikt.ledger.store import LedgerStore
from uppsikt.model.dimensions import Dimension
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import build
from uppsikt.workspace.dimensions import read_dimensions, read_organisation
from uppsikt.workspace.reader import Reading

runner = CliRunner()
IMPORT_EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "orebro-van-2020-import"
EXPORTS = (
    "export/ansvar-utfall.csv",
    "export/ansvar-budget-2020.csv",
    "export/huvudbok-per-konto.xlsx",
    "export/verksamhet.csv",
)
FORMATS = (OutputFormat.DATA,)


def _table(folder: Path, table: str) -> dict[str, list[Decimal | str]]:
    with (folder / "data" / f"{table}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return {r[0]: [Decimal(v) if v else "" for v in r[3:]] for r in rows[1:]}


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    workspace = tmp_path / "ws"
    shutil.copytree(IMPORT_EXAMPLE, workspace)
    result = runner.invoke(app, ["import", str(workspace), *(str(workspace / e) for e in EXPORTS)])
    assert result.exit_code == 0, result.output
    return workspace


def test_the_example_builds_from_imported_exports_as_from_typed_facts(
    imported: Path, tmp_path: Path
) -> None:
    from_import = build(imported, tmp_path / "import", FORMATS)
    typed = build(bundled_example(), tmp_path / "typed", FORMATS)
    assert from_import.ok, [d.format() for d in from_import.diagnostics]
    assert typed.ok
    for table in (
        "enheter",
        "fs",
        "am",
        "kontogrupper",
        "verksamheter",
        "investeringar",
        "ackumulerat-resultat",
        "intraprenader-7-procent",
    ):
        assert _table(tmp_path / "import", table) == _table(tmp_path / "typed", table), table


def test_importing_a_file_again_replaces_what_it_brought(imported: Path) -> None:
    with LedgerStore(imported / STORE_FILE, read_only=True) as store:
        before = store.totals()
    again = runner.invoke(app, ["import", str(imported), str(imported / EXPORTS[0])])
    assert again.exit_code == 0, again.output
    assert "ersatte" in again.output
    with LedgerStore(imported / STORE_FILE, read_only=True) as store:
        assert store.totals() == before


def test_a_bad_export_is_refused_whole_and_the_ledger_kept(imported: Path) -> None:
    with LedgerStore(imported / STORE_FILE, read_only=True) as store:
        before = store.totals()
    export = imported / EXPORTS[0]
    text = export.read_bytes().decode("cp1252").splitlines()
    text[5] = text[5].rsplit(";", 1)[0] + ";tolv"
    export.write_bytes(("\n".join(text) + "\n").encode("cp1252"))
    result = runner.invoke(app, ["import", str(imported), str(export)])
    assert result.exit_code == 1
    assert "export/ansvar-utfall.csv:6" in result.output
    assert "huvudboken är oförändrad" in result.output
    with LedgerStore(imported / STORE_FILE, read_only=True) as store:
        assert store.totals() == before


def test_an_unmapped_account_is_listed_with_its_amount(imported: Path) -> None:
    mapping = imported / "mappning.yaml"
    mapping.write_text(
        mapping.read_text(encoding="utf-8").replace('    INT: ["3"]\n', ""),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(imported)])
    assert result.exit_code == 1
    assert "UPP610" in result.output
    assert "mappas inte på någon kontogrupp" in result.output


def test_generated_ledger_imports_from_sie(tmp_path: Path) -> None:
    folder = tmp_path / "gen"
    generated = runner.invoke(app, ["generate", str(folder), "--rows", "4000", "--seed", "3"])
    assert generated.exit_code == 0, generated.output
    workspace = tmp_path / "ws"
    workspace.mkdir()
    sie = next(folder.glob("*.se"))
    result = runner.invoke(
        app,
        [
            "import",
            str(workspace),
            str(sie),
            "--sie-dimension",
            "1=ansvar",
            "--sie-dimension",
            "20=verksamhet",
        ],
    )
    assert result.exit_code == 0, result.output
    with LedgerStore(workspace / STORE_FILE, read_only=True) as store:
        stored = store.connection.execute(
            "SELECT count(*), sum(amount) FROM ledger WHERE scenario = 'utfall'"
        ).fetchone()
    assert stored is not None
    count, total = stored
    assert count > 0
    assert total == 0  # balanced vouchers


def test_the_ledger_cache_aggregates_a_store_once_and_again_after_a_change(
    imported: Path,
) -> None:
    """Reports of one kommun share the ledger's aggregated facts; a changed store or mapping
    is aggregated again, and the facts are those ledger_facts gives."""
    dimensions = read_workspace_dimensions(imported)
    cache = LedgerFactsCache()
    first = cache.facts(imported, dimensions)
    assert first.facts == ledger_facts(imported, dimensions).facts
    assert cache.facts(imported, dimensions) is first
    mapping = imported / "mappning.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")
    again = cache.facts(imported, dimensions)
    assert again is not first
    assert again.facts == first.facts


def read_workspace_dimensions(root: Path) -> tuple[Dimension, ...]:
    """The dimensions the reader hands the ledger: the organisation and dimensioner.yaml."""
    reading = Reading(root)
    organisation = reading.yaml(
        "organisation.yaml", "en organisation", read_organisation, required=True
    )
    others = reading.yaml("dimensioner.yaml", "dimensioner", read_dimensions, required=False) or []
    return tuple(d for d in (organisation, *others) if d is not None)
