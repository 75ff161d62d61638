"""Uploading ledger and budget exports (SIE, CSV, Excel) into a report's ledger.

The file's kind is sniffed from its content, never from its name; it is stored under a fixed
name in a private copy of the workspace and imported there by the core's import_file, whole
or not at all, in a worker process with memory and time bounds (workers.py). The new
ledger (ekonomi.duckdb) and the summary are then saved in one transaction, unless someone
else imported meanwhile.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest

from uppsikt.importers.ledger_import import SIE_SOURCE
from uppsikt.importers.tabular_config import IMPORT_FILE, load_import_config
from uppsikt.ledger.mapping import MAPPING_FILE
from uppsikt.ledger.model import STORE_FILE
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.web import access
from uppsikt.web.models import ChangeKind, ImportRun, Report, WorkspaceFile
from uppsikt.web.services import audit
from uppsikt.web.services.store import sha256, writable_copy, write_file
from uppsikt.web.services.workers import import_isolated

SUFFIX = {"sie": ".se", "xlsx": ".xlsx", "xls": ".xls", "csv": ".csv"}
KIND_LABEL = {"sie": "SIE", "xlsx": "Excel", "xls": "Excel (xls)", "csv": "CSV"}


@dataclass(frozen=True, slots=True)
class Refusal:
    message: str


def sniff(head: bytes) -> str | None:
    """'sie', 'xlsx', 'xls' or 'csv' from the first bytes of a file; None for anything else."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if (
        stripped.startswith(b"#FLAGGA")
        or stripped.startswith(b"#PROGRAM")
        or b"\n#SIETYP" in head[:4096]
    ):
        return "sie"
    if b"\x00" in head:
        return None
    first = stripped.split(b"\n", 1)[0]
    if b";" in first or b"," in first or b"\t" in first:
        return "csv"
    return None


def _xlsx_ok(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def safe_name(name: str) -> str:
    """A harmless version of the client's file name, used only to match import.yaml's «fil»."""
    base = re.split(r"[\\/]", name)[-1]
    return re.sub(r"[^A-Za-z0-9._-]", "_", base)[:100].lstrip(".")


def sources(report_root_files: dict[str, bytes]) -> list[str]:
    """The source names of the workspace's import.yaml (for the form's choice)."""
    text = report_root_files.get(IMPORT_FILE)
    if text is None:
        return []
    folder = Path(tempfile.mkdtemp(prefix="uppsikt-import-yaml-"))
    try:
        (folder / IMPORT_FILE).write_bytes(text)
        config, _ = load_import_config(folder / IMPORT_FILE)
        return [s.name for s in config.sources] if config else []
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _refuse(request: HttpRequest, report: Report, kind: str, size: int, message: str) -> ImportRun:
    refusal = Diagnostic("", Severity.ERROR, message, Location())
    return ImportRun.objects.create(
        report=report,
        user=access.acting_user(request),
        ok=False,
        kind=kind,
        size=size,
        diagnostics=_diagnostics((refusal,)),
    )


def _diagnostics(found: tuple[Diagnostic, ...] | list[Diagnostic]) -> list[dict[str, object]]:
    """Stored in the one JSON form of a diagnostic (docs/diagnostics.md)."""
    return [d.to_json() for d in found]


@dataclass(frozen=True, slots=True)
class ShownDiagnostic:
    """A stored diagnostic as the page shows it."""

    location: str
    """'' when the problem has no place (the whole file)."""
    message: str
    hint: str


def shown(stored: object) -> list[ShownDiagnostic]:
    """An ImportRun's stored diagnostics (the JSON form of Diagnostic.to_json) for the page."""
    found: list[ShownDiagnostic] = []
    for item in stored if isinstance(stored, list) else []:
        if not isinstance(item, dict):
            continue
        where = item.get("location")
        location = Location.from_json(where) if isinstance(where, dict) else Location()
        found.append(
            ShownDiagnostic(
                "" if location == Location() else str(location),
                str(item.get("message", "")),
                str(item.get("hint") or ""),
            )
        )
    return found


def run(request: HttpRequest, report: Report, upload: UploadedFile, source: str) -> ImportRun:
    """Import one uploaded file into the report's ledger; the ImportRun says how it went."""
    size = upload.size or 0
    if size > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
        return _refuse(request, report, "", size, f"Filen är för stor (högst {limit} MB).")
    head = next(upload.chunks(8192), b"")
    kind = sniff(head)
    if kind is None:
        return _refuse(
            request,
            report,
            "",
            size,
            "Filen är varken SIE, CSV eller Excel (innehållet känns inte igen).",
        )
    return _import(request, report, upload, kind, source)


@dataclass(frozen=True, slots=True)
class _Imported:
    kind: str
    size: int
    base: str
    """The sha of the ledger the import started from ('' for none)."""
    ledger: bytes
    summary: list[dict[str, object]]
    source: str
    notes: list[dict[str, object]]


def _import(
    request: HttpRequest, report: Report, upload: UploadedFile, kind: str, source: str
) -> ImportRun:
    size = upload.size or 0
    store_row = WorkspaceFile.objects.filter(report=report, path=STORE_FILE, deleted=False).first()
    base = store_row.sha if store_row else ""
    copy = writable_copy(report)
    try:
        file = copy / "uppladdning" / f"fil{SUFFIX[kind]}"
        file.parent.mkdir()
        with file.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        chosen = _source(copy, kind, source, safe_name(upload.name or ""))
        if kind == "xlsx" and not _xlsx_ok(file):
            chosen = Refusal("Filen är ingen Excelfil (xlsx).")
        if not (copy / MAPPING_FILE).is_file():
            chosen = Refusal(
                "Arbetsytan har ingen mappning.yaml, så huvudboken kan inte föras till "
                "rapportens tabeller. Lägg till mappningen först (se docs/ledger.md)."
            )
        if isinstance(chosen, Refusal):
            return _refuse(request, report, kind, size, chosen.message)
        result = import_isolated(copy, file, chosen)
        if isinstance(result, str):
            return _refuse(request, report, kind, size, result)
        if result.summary is None:
            return ImportRun.objects.create(
                report=report,
                user=access.acting_user(request),
                ok=False,
                kind=kind,
                size=size,
                diagnostics=_diagnostics(result.diagnostics),
            )
        summary: list[dict[str, object]] = [
            {
                "scenario": g.scenario.value,
                "year": g.year,
                "period": f"{g.period_from}–{g.period_to}",
                "rows": g.rows,
                "total": str(g.total),
                "replaced": g.replaced,
            }
            for g in result.summary.groups
        ]
        imported = _Imported(
            kind,
            size,
            base,
            (copy / STORE_FILE).read_bytes(),
            summary,
            result.summary.source,
            _diagnostics(result.diagnostics),
        )
        return _save(request, report, imported)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def _source(copy: Path, kind: str, chosen: str, name: str) -> str | Refusal | None:
    if kind == "sie":
        return chosen or SIE_SOURCE
    config, _ = (
        load_import_config(copy / IMPORT_FILE) if (copy / IMPORT_FILE).is_file() else (None, [])
    )
    if config is None:
        return Refusal(
            "Arbetsytan har ingen giltig import.yaml som beskriver CSV- och Excelexporter "
            "(se docs/ledger.md)."
        )
    if chosen:
        if config.source(chosen) is None:
            return Refusal(f"Källan «{chosen}» finns inte i import.yaml.")
        return chosen
    matches = {s.name for s in (*config.for_file(f"export/{name}"), *config.for_file(name))}
    if len(matches) != 1:
        names = ", ".join(s.name for s in config.sources)
        return Refusal(
            f"Välj källan i listan: filnamnet «{name}» passar "
            + ("ingen" if not matches else "flera")
            + f" av import.yaml:s källor ({names})."
        )
    return matches.pop()


def _save(request: HttpRequest, report: Report, imported: _Imported) -> ImportRun:
    user = access.acting_user(request)
    kind, size, base = imported.kind, imported.size, imported.base
    with transaction.atomic():
        locked = access.locked_for_update(report, request, access.Action.EDIT)
        row = (
            WorkspaceFile.objects.select_for_update()
            .filter(report=locked, path=STORE_FILE, deleted=False)
            .first()
        )
        if (row.sha if row else "") != base:
            return _refuse(
                request,
                report,
                kind,
                size,
                "Någon annan importerade till huvudboken samtidigt. Inget ändrades; "
                "ladda upp filen igen.",
            )
        write_file(locked, STORE_FILE, imported.ledger, user)
        rows = sum(int(str(g["rows"])) for g in imported.summary)
        digest = sha256(imported.ledger)[:12]
        audit.record(
            locked,
            user,
            path=STORE_FILE,
            unit=f"källa {imported.source}",
            kind=ChangeKind.LEDGER,
            before=f"sha256 {base[:12]}" if base else "(ingen huvudbok)",
            after=f"{KIND_LABEL[kind]}: {rows} rader till källan {imported.source}; "
            f"sha256 {digest}",
        )
        run_row = ImportRun.objects.create(
            report=locked,
            user=access.acting_user(request),
            ok=True,
            kind=kind,
            size=size,
            summary=imported.summary,
            diagnostics=imported.notes,
        )
    report.revision = locked.revision
    return run_row
