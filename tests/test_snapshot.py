"""What the built example contains, in every format, compared with a stored snapshot.

A restructuring of the code must not change what uppsikt produces. This test builds the
bundled example and turns each output into text that shows what a reader gets: the open data
files as written, the HTML as a canonical tree (elements, attributes and text, whitespace
between tags ignored), the Excel workbook's values and number formats, the Word document's
paragraphs (with style) and tables in body order, and the PDF's text page by page. Each is
compared with the files under `tests/snapshots/example/`.

When an output changes on purpose, regenerate the snapshot and review the diff in git:

    UPPSIKT_UPDATE_SNAPSHOT=1 .venv/bin/pytest tests/test_snapshot.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from docx import Document
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook
from pypdf import PdfReader

from uppsikt.pipeline import BuildResult

SNAPSHOTS = Path(__file__).parent / "snapshots" / "example"
UPDATE = os.environ.get("UPPSIKT_UPDATE_SNAPSHOT") == "1"


def _canonical_html(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    lines: list[str] = []

    def walk(node: Tag, depth: int) -> None:
        attrs = " ".join(
            f'{key}="{" ".join(value) if isinstance(value, list) else value}"'
            for key, value in sorted(node.attrs.items())
        )
        lines.append("  " * depth + f"<{node.name}{' ' + attrs if attrs else ''}>")
        for child in node.children:
            if isinstance(child, Tag):
                walk(child, depth + 1)
            elif isinstance(child, NavigableString):
                text = " ".join(str(child).split())
                if text:
                    lines.append("  " * (depth + 1) + repr(text))

    for child in soup.children:
        if isinstance(child, Tag):
            walk(child, 0)
    return "\n".join(lines) + "\n"


def _xlsx_values(path: Path) -> str:
    workbook = load_workbook(path)
    lines: list[str] = []
    for sheet in workbook.worksheets:
        lines.append(f"== {sheet.title}")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    lines.append(f"{cell.coordinate}\t{cell.value!r}\t{cell.number_format}")
    return "\n".join(lines) + "\n"


def _docx_blocks(path: Path) -> Iterator[str]:
    document = Document(str(path))
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            yield f"[{style}] {block.text}"
        elif isinstance(block, DocxTable):
            yield "[tabell]"
            for row in block.rows:
                yield "  | " + " | ".join(cell.text for cell in row.cells)


def _pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    pages = [
        f"== sida {number}\n{page.extract_text()}"
        for number, page in enumerate(reader.pages, start=1)
    ]
    return "\n".join(pages) + "\n"


def _outputs(out: Path) -> dict[str, str]:
    texts = {
        "index.html.txt": _canonical_html(out / "index.html"),
        "tabeller.xlsx.txt": _xlsx_values(out / "arsberattelse-2020-tabeller.xlsx"),
        "arsberattelse.docx.txt": "\n".join(_docx_blocks(out / "arsberattelse-2020.docx")) + "\n",
        "arsberattelse.pdf.txt": _pdf_text(out / "arsberattelse-2020.pdf"),
    }
    for data_file in sorted((out / "data").iterdir()):
        texts[f"data/{data_file.name}"] = data_file.read_text(encoding="utf-8")
    return texts


def test_the_built_example_equals_its_snapshot(example_build: tuple[Path, BuildResult]) -> None:
    out, _ = example_build
    produced = _outputs(out)
    if UPDATE:
        for name, text in produced.items():
            target = SNAPSHOTS / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for stale in SNAPSHOTS.rglob("*"):
            if stale.is_file() and stale.relative_to(SNAPSHOTS).as_posix() not in produced:
                stale.unlink()
        pytest.skip("snapshot regenerated; review the diff in git")
    stored = {
        path.relative_to(SNAPSHOTS).as_posix(): path.read_text(encoding="utf-8")
        for path in SNAPSHOTS.rglob("*")
        if path.is_file()
    }
    assert sorted(produced) == sorted(stored), "the set of output files changed"
    changed = [name for name in produced if produced[name] != stored[name]]
    for name in changed:
        produced_lines = produced[name].splitlines()
        stored_lines = stored[name].splitlines()
        first = next(
            (
                i
                for i, (a, b) in enumerate(zip(produced_lines, stored_lines, strict=False))
                if a != b
            ),
            min(len(produced_lines), len(stored_lines)),
        )
        print(f"{name}: first difference at line {first + 1}")
        print("  stored:  ", stored_lines[first] if first < len(stored_lines) else "<end>")
        print("  produced:", produced_lines[first] if first < len(produced_lines) else "<end>")
    assert not changed, f"outputs differ from the snapshot: {changed}"
