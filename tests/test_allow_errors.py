"""`build --allow-errors`: a workspace with errors is published only when asked, as a draft."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from uppsikt.cli.main import app
from uppsikt.examples import write_starter_workspace
from uppsikt.pipeline import build, load_report

runner = CliRunner()
BANNER = "UTKAST – innehåller fel"


@pytest.fixture
def with_error(tmp_path: Path) -> Path:
    """The starter workspace with views that disagree beyond rounding (UPP401, an error)."""
    workspace = tmp_path / "ws"
    write_starter_workspace(workspace)
    kontogrupper = workspace / "ekonomi" / "kontogrupper.csv"
    text = kontogrupper.read_text(encoding="utf-8")
    assert "2025;utfall;OVR;-7 480" in text
    kontogrupper.write_text(text.replace("2025;utfall;OVR;-7 480", "2025;utfall;OVR;-7 490"))
    _, diagnostics = load_report(workspace)
    assert [d.code for d in diagnostics] == ["UPP401"]
    return workspace


def test_without_allow_errors_nothing_is_written(with_error: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(with_error), "--out", str(out), "-f", "html"])
    assert result.exit_code == 1
    assert "inget skrevs" in result.output
    assert "--allow-errors" in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["ws"]  # no staging folder left either


def test_with_allow_errors_a_draft_is_published(with_error: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["build", str(with_error), "--out", str(out), "-f", "html,pdf,docx", "--allow-errors"],
    )
    assert result.exit_code == 0, result.output
    assert "[UPP401]" in result.output  # the errors are still shown
    assert "Utkast" in result.output

    html = (out / "index.html").read_text(encoding="utf-8")
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert BANNER in title
    body = html.split("<body>", 1)[1]
    assert body.index(BANNER) < body.index("<h1>")  # the banner comes first
    assert 'class="draft-banner"' in body

    (pdf_path,) = out.glob("*.pdf")
    reader = PdfReader(pdf_path)
    assert reader.metadata is not None
    assert reader.metadata.title is not None
    assert "(utkast)" in reader.metadata.title
    assert "(utkast)" in reader.pages[0].extract_text()

    (docx_path,) = out.glob("*.docx")
    document = docx.Document(io.BytesIO(docx_path.read_bytes()))
    assert "(utkast)" in document.core_properties.title
    titles = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Title"
    ]
    assert any("(utkast)" in t for t in titles)


def test_the_pipeline_marks_the_draft(with_error: Path, tmp_path: Path) -> None:
    result = build(with_error, tmp_path / "out", None, allow_errors=True)
    assert result.report is not None
    assert result.report.meta.draft
    assert result.report.meta.shown_title.endswith(" (utkast)")
    assert result.draft
    assert not result.ok  # the errors remain
    assert result.written

    refused = build(with_error, tmp_path / "other", None)
    assert refused.report is None
    assert not refused.draft
    assert not (tmp_path / "other").exists()


def test_a_clean_build_is_no_draft(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    write_starter_workspace(workspace)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(workspace), "--out", str(out), "-f", "html", "--allow-errors"]
    )
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    assert BANNER not in html
    assert "(utkast)" not in html
    assert "Utkast" not in result.output


def test_a_workspace_that_cannot_be_read_is_not_built_even_when_allowed(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    write_starter_workspace(workspace)
    (workspace / "uppsikt.yaml").write_text("år: [\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(workspace), "--out", str(out), "--allow-errors"])
    assert result.exit_code == 1
    assert "inget skrevs" in result.output
    assert not out.exists()
