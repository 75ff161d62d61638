"""Building a report revision in one format through the core pipeline, cached on disk.

Each (content, format) is built once into the data folder's cache, from the report as loaded
(uppsikt.web.services.loaded: read, computed and checked once per content); a report with
errors is built as a draft (the core marks it «UTKAST – innehåller fel»).
"""

from __future__ import annotations

import io
import re
import shutil
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

from uppsikt.located.diagnostics import Diagnostic
from uppsikt.model.settings import OutputFormat
from uppsikt.web.models import Report
from uppsikt.web.services.loaded import load
from uppsikt.web.services.store import cache_root, materialise


@dataclass(frozen=True, slots=True)
class Download:
    name: str
    content_type: str
    path: Path | None = None
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class Format:
    key: str
    label: str
    output: OutputFormat
    suffix: str
    content_type: str


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("pdf", "PDF (tillgänglig, PDF/UA)", OutputFormat.PDF, ".pdf", "application/pdf"),
        Format(
            "docx",
            "Word",
            OutputFormat.DOCX,
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Format(
            "xlsx",
            "Excel (tabellerna)",
            OutputFormat.XLSX,
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Format("html", "Webbsida (HTML, zip)", OutputFormat.HTML, ".zip", "application/zip"),
        Format("data", "Öppna data (datapaket, zip)", OutputFormat.DATA, ".zip", "application/zip"),
    )
}


class BuildFailed(Exception):
    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__("Rapporten kunde inte byggas.")
        self.diagnostics = diagnostics


_locks: dict[tuple[str, str], threading.Lock] = {}
_guard = threading.Lock()


def file_stem(report: Report) -> str:
    text = f"{report.namnd.name}-{report.title}".lower()
    text = text.translate(str.maketrans("åäöéü", "aaoeu"))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80] or "rapport"


def download(report: Report, key: str) -> Download:
    fmt = FORMATS[key]
    out = _built(report, fmt)
    stem = f"{file_stem(report)}-r{report.revision}"
    if fmt.output is OutputFormat.HTML:
        return Download(f"{stem}-html.zip", fmt.content_type, data=_zip(out, exclude="data"))
    if fmt.output is OutputFormat.DATA:
        return Download(f"{stem}-data.zip", fmt.content_type, data=_zip(out / "data"))
    found = sorted(out.glob(f"*{fmt.suffix}"))
    if not found:
        raise BuildFailed(())
    return Download(f"{stem}{fmt.suffix}", fmt.content_type, path=found[0])


def _built(report: Report, fmt: Format) -> Path:
    loaded = load(report)
    content = loaded.key
    key = (content, fmt.key)
    target = cache_root() / "byggen" / content / fmt.key
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        if target.is_dir():
            return target
        # The loaded state's folder may have been removed as unused since it was read; the
        # Word template and the logo are taken from it.
        materialise(report, content)
        result = loaded.state.publish(target, (fmt.output,), allow_errors=True)
        if not result.ok and not result.draft:
            shutil.rmtree(target, ignore_errors=True)
            raise BuildFailed(result.diagnostics)
    return target


def _zip(folder: Path, exclude: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not (exclude and relative.parts[0] == exclude):
                archive.write(path, relative.as_posix())
    return buffer.getvalue()
