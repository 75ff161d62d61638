"""Publishing a workspace in every format, on the municipality's own Word template, and
failing cleanly when the template, the logo or a chart cannot be used."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from uppsikt.examples import write_starter_workspace
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import build
from uppsikt.reports.publish import RENDERERS
from uppsikt.reports.word.document import default_template


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    workspace = tmp_path / "ws"
    write_starter_workspace(workspace)
    return workspace


def _settings(workspace: Path, extra: str) -> None:
    path = workspace / "uppsikt.yaml"
    text = path.read_text(encoding="utf-8").replace("avsnitt:", extra + "\navsnitt:", 1)
    path.write_text(text, encoding="utf-8")


def test_every_format_is_written(starter: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(starter, out)
    assert result.ok, [d.format() for d in result.diagnostics]
    names = {p.relative_to(out).as_posix() for p in result.written}
    assert {"index.html", "data/datapackage.json", "arsberattelse-2025.docx",
            "arsberattelse-2025.pdf", "arsberattelse-2025-tabeller.xlsx"} <= names  # fmt: skip


def test_formats_from_the_settings(starter: Path, tmp_path: Path) -> None:
    _settings(starter, "publicering:\n  format: [pdf]")
    result = build(starter, tmp_path / "out")
    assert [p.name for p in result.written] == ["arsberattelse-2025.pdf"]


def _custom_template(path: Path) -> None:
    document = Document(io.BytesIO(default_template()))
    heading = document.styles["Heading 1"]
    heading.font.name = "Uppsikt Testfont"
    document.save(str(path))


def test_workspace_template_gives_its_styles(starter: Path, tmp_path: Path) -> None:
    (starter / "mallar").mkdir()
    _custom_template(starter / "mallar" / "kommunen.docx")
    _settings(starter, "publicering:\n  format: [docx]\n  wordmall: mallar/kommunen.docx")
    out = tmp_path / "out"
    result = build(starter, out)
    assert result.ok, [d.format() for d in result.diagnostics]
    with zipfile.ZipFile(out / "arsberattelse-2025.docx") as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert "Uppsikt Testfont" in styles


def test_template_without_needed_styles_is_refused(starter: Path, tmp_path: Path) -> None:
    document = Document(io.BytesIO(default_template()))
    element = document.styles["Caption"].element
    element.getparent().remove(element)
    document.save(str(starter / "trasig.docx"))
    _settings(starter, "publicering:\n  wordmall: trasig.docx")
    out = tmp_path / "out"
    result = build(starter, out)
    assert not result.ok
    problem = result.diagnostics[-1]
    assert problem.code == "UPP501"
    assert "Caption" in problem.message
    assert problem.location.file is not None
    assert problem.location.file.endswith("trasig.docx")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "ws"]  # no staging folder left behind


def test_missing_template_and_logo_are_named(starter: Path, tmp_path: Path) -> None:
    (starter / "logo.png").write_text("not an image", encoding="utf-8")
    _settings(starter, "publicering:\n  wordmall: saknas.docx\n  logotyp: logo.png")
    result = build(starter, tmp_path / "out")
    assert not result.ok
    found = {(d.code, d.location.field) for d in result.diagnostics}
    assert found == {("UPP135", "wordmall"), ("UPP136", "logotyp")}


def test_chart_that_cannot_be_drawn(starter: Path, tmp_path: Path) -> None:
    tables = starter / "tabeller.yaml"
    text = tables.read_text(encoding="utf-8").replace(
        "    dimension: enhet\n    kolumner: standard",
        "    dimension: enhet\n    diagram: avvikelse\n"
        "    kolumner:\n      - {id: utfall, typ: belopp, scenario: utfall, år: 0}",
    )
    tables.write_text(text, encoding="utf-8")
    result = build(starter, tmp_path / "out")
    assert not result.ok
    codes = [d.code for d in result.diagnostics]
    assert "UPP194" in codes


def test_every_output_format_has_exactly_one_renderer() -> None:
    # publish dispatches through RENDERERS only: a format missing here would fail loudly
    assert set(RENDERERS) == set(OutputFormat)
    assert len(set(RENDERERS.values())) == len(OutputFormat)
