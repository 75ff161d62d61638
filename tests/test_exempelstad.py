"""The bundled kommun example (examples/exempelstad-2025): a fictional municipality whose
nämnder, KS and the kommun each have a report built from one set of data.

The whole kommun is built once, in every format; the tests read what was written.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from uppsikt.cli.main import app
from uppsikt.examples import bundled_kommun_example
from uppsikt.located.diagnostics import Severity
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import KommunResult, build_kommun, check_kommun
from uppsikt.reports.model import ReportModel, RowKind, Table

REPORTS = (
    "bun-2025",
    "bun-delar-april-2025",
    "bun-delar-augusti-2025",
    "bun-plan-2025",
    "kommun-2025",
    "ks-2025",
    "sn-2025",
    "tn-2025",
)
NAMNDER = ("KS", "REV", "VAL", "BUN", "SN", "TN")
KLK_UNITS = ("KLK-KANS", "KLK-EK", "KLK-HR", "KLK-NK", "KLK-DIG")
KONTOGRUPPER = ("INT", "PERS", "LOK", "OVR")


@pytest.fixture(scope="session")
def kommun_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, KommunResult]:
    """Every report of the example built in every format: (output folder, result)."""
    out = tmp_path_factory.mktemp("exempelstad") / "ut"
    result = build_kommun(bundled_kommun_example(), out, tuple(OutputFormat))
    assert result.ok, [d.format() for d in result.diagnostics]
    return out, result


def _report(result: KommunResult, name: str) -> ReportModel:
    report = dict(result.reports)[name].report
    assert report is not None
    return report


def _table(report: ReportModel, ident: str) -> Table:
    return next(t for t in report.tables() if t.id == ident)


def _csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as stream:
        return {row["id"]: row for row in csv.DictReader(stream)}


def _written(folder: Path, suffix: str) -> Path:
    found = sorted(folder.glob(f"*{suffix}"))
    assert len(found) == 1, found
    return found[0]


def test_the_example_is_found_in_the_checkout_and_is_a_kommun() -> None:
    folder = bundled_kommun_example()
    assert folder.name == "exempelstad-2025"
    assert (folder / "organisation.yaml").is_file()
    assert not (folder / "uppsikt.yaml").exists()
    assert tuple(sorted(p.name for p in (folder / "rapporter").iterdir())) == REPORTS


def test_the_check_is_clean_but_for_the_accepted_overdue_assignment() -> None:
    found = check_kommun(bundled_kommun_example())
    assert [d for d in found if d.severity is not Severity.NOTE] == []
    # The one finding: KF's assignment past its due date, accepted in kontroller.yaml.
    assert [(d.code, d.location.file) for d in found] == [("UPP450", "uppdrag.yaml")]
    assert "KF-2025-02" in found[0].message
    assert found[0].message.startswith("Godtaget (varning)")

    checked = CliRunner().invoke(app, ["check", str(bundled_kommun_example())])
    assert checked.exit_code == 0, checked.output
    assert "0 fel, 0 varningar" in checked.output


@pytest.mark.parametrize("name", REPORTS)
def test_every_report_builds_in_every_format(
    kommun_build: tuple[Path, KommunResult], name: str
) -> None:
    out, result = kommun_build
    folder = out / name
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "Exempelstads kommun" in html
    assert "{{" not in html  # every live reference was resolved
    assert (folder / "data" / "datapackage.json").is_file()
    document = Document(str(_written(folder, ".docx")))
    assert any("Exempelstads kommun" in p.text for p in document.paragraphs)
    pdf = PdfReader(_written(folder, ".pdf"))
    assert len(pdf.pages) > 1
    workbook = load_workbook(_written(folder, ".xlsx"), read_only=True)
    tables = {t.id for t in _report(result, name).tables()}
    assert len(workbook.sheetnames) >= len(tables - {"uppdrag", "projekt"}) > 0


def test_each_report_sees_only_its_own_namnder(kommun_build: tuple[Path, KommunResult]) -> None:
    out, _ = kommun_build
    bun = (out / "bun-2025" / "index.html").read_text(encoding="utf-8")
    assert "Lärkaskolans gymnasium" in bun
    assert "Äldreomsorg" not in (out / "bun-2025" / "data" / "enheter.csv").read_text("utf-8")
    ks = _csv(out / "ks-2025" / "data" / "namnder.csv")
    assert list(ks) == ["KS-POL", "KLK", "ks", "REV", "VAL", "netto"]
    assert ks["netto"]["utfall"] == str(
        sum(int(ks[code]["utfall"]) for code in ("KS-POL", "KLK", "REV", "VAL"))
    )


def test_ks_has_kommunledningskontoret_per_kontogrupp(
    kommun_build: tuple[Path, KommunResult],
) -> None:
    out, result = kommun_build
    report = _report(result, "ks-2025")
    by_unit = _csv(out / "ks-2025" / "data" / "klk.csv")
    assert list(by_unit) == [*KLK_UNITS, "totalt"]

    per_group = _csv(out / "ks-2025" / "data" / "klk-kontogrupp.csv")
    assert list(per_group) == [*KONTOGRUPPER, "totalt"]
    # The partial breakdown (KLK only) adds up to KLK's net cost, column by column.
    for column in ("utfall-fg", "utfall", "budget"):
        assert sum(int(per_group[g][column]) for g in KONTOGRUPPER) == int(
            by_unit["totalt"][column]
        )

    nested = _table(report, "klk-enhet-kontogrupp")
    ids = [row.id for row in nested.rows]
    for unit in KLK_UNITS:
        assert unit in ids
        assert [i for i in ids if i.startswith(f"{unit}/")] == [f"{unit}/{g}" for g in KONTOGRUPPER]
    breakdown = {row.id: row for row in nested.rows if row.kind is RowKind.BREAKDOWN}
    assert len(breakdown) == len(KLK_UNITS) * len(KONTOGRUPPER)
    html = (out / "ks-2025" / "index.html").read_text(encoding="utf-8")
    assert "Kommunledningskontorets enheter per kontogrupp" in html


def test_hr_indicators_are_in_the_personnel_section_and_the_data(
    kommun_build: tuple[Path, KommunResult],
) -> None:
    out, _ = kommun_build
    for name in REPORTS:
        soup = BeautifulSoup((out / name / "index.html").read_text("utf-8"), "html.parser")
        section = soup.find("section", id="personal")
        assert isinstance(section, Tag), name
        table = section.find("table", class_="data-table")
        assert isinstance(table, Tag), name
        labels = [th.get_text(strip=True) for th in table.find_all("th", scope="row")]
        assert labels[0].startswith("Sjukfrånvaro i procent"), (name, labels)
        assert labels[1:3] == ["Kvinnor", "Män"], (name, labels)
        assert any(label.startswith("Andel tillsvidareanställda") for label in labels)
        rows = _csv(out / name / "data" / "personal.csv")
        assert {"sjukfranvaro", "sjukfranvaro.K", "sjukfranvaro.M", "heltider"} <= set(rows)
        assert rows["sjukfranvaro.K"]["typ"] == "uppdelning"
        # Shown only there: not in a målområde's table.
        others = list((out / name / "data").glob("indikatorer-*.csv"))
        assert all("sjukfranvaro" not in p.read_text("utf-8") for p in others)
    sn = _csv(out / "sn-2025" / "data" / "personal.csv")
    assert sn["sjukfranvaro"]["utfall-2025"] == "9.3"
    assert sn["heltider.K"]["utfall-2025"] == "78"


def test_the_kommun_summary_adds_up(kommun_build: tuple[Path, KommunResult]) -> None:
    out, result = kommun_build
    namnder = _csv(out / "kommun-2025" / "data" / "namnder.csv")
    assert list(namnder) == [*NAMNDER, "totalt"]
    for column in ("utfall-fg", "utfall", "budget", "avvikelse"):
        assert sum(int(namnder[code][column]) for code in NAMNDER) == int(namnder["totalt"][column])

    finance = _csv(out / "kommun-2025" / "data" / "resultat.csv")
    assert finance["namnder"]["utfall"] == namnder["totalt"]["utfall"]
    income = ("FIN-SKATT", "FIN-INK", "FIN-KOST", "FIN-REG", "FIN-LSS", "FIN-FAVG")
    for column in ("utfall-fg", "utfall", "budget"):
        value = {k: Decimal(v[column]) for k, v in finance.items() if v[column]}
        assert value["vnk"] == value["namnder"] + value["FIN-PENS"] + value["FIN-REAL"]
        result_row = value["vnk"] + sum(value[k] for k in income) + value["FIN-FINI"]
        assert value["resultat"] == result_row + value["FIN-FINK"]
        assert value["balanskrav"] == value["resultat"] - value["FIN-REAL"]

    table = _table(_report(result, "kommun-2025"), "resultat")
    kinds = {row.id: row for row in table.rows}
    assert kinds["statsbidrag"].kind is RowKind.HEADING
    assert all(kinds[k].level == 1 for k in income[1:])  # indented under the heading
    assert kinds["FIN-SKATT"].level == 0

    html = (out / "kommun-2025" / "index.html").read_text(encoding="utf-8")
    assert "Kommunsammanställning 2025" in html
    assert "Intraprenadernas ackumulerade resultat" not in html
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    assert re.search(r"Kommunens resultat blev\s+\+39,8\s+mnkr", text)
    assert re.search(r"Balanskravsresultatet\s+är\s+\+31,2\s+mnkr", text)


def test_assignments_and_projects_in_the_kommun_summary(
    kommun_build: tuple[Path, KommunResult],
) -> None:
    out, _ = kommun_build
    uppdrag = _csv(out / "kommun-2025" / "data" / "uppdrag.csv")
    assert {"KF-2025-02", "KS-2025-02"} <= set(uppdrag)
    projekt = _csv(out / "kommun-2025" / "data" / "projekt.csv")
    assert {"SI-01", "SI-02", "SI-03", "SI-04"} <= set(projekt)
    assert (out / "ks-2025" / "data" / "uppdrag.csv").is_file()
