"""A report in the database is its workspace: files in and out, and copies on disk.

Import reads a folder (or a zip) into one row per file; export writes the files back byte for
byte. Every write appends a FileRevision and raises the report's revision (shown to users);
caches are keyed by a fingerprint of the files' contents (see :func:`fingerprint`).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from uppsikt.model.settings import ReportType
from uppsikt.web.models import (
    Change,
    ChangeKind,
    FileRevision,
    Kommun,
    KommunFile,
    Namnd,
    Report,
    WorkspaceFile,
)
from uppsikt.web.services.parsing import WorkspaceError, safe_path, zip_files
from uppsikt.workspace.settings import PLAN_KEY

SKIPPED_PARTS = frozenset({".git", "__pycache__", ".DS_Store"})
SHARED_PREFIX = "../../"
"""How a report of a kommun names the kommun's files (as the core's messages do): the
prefix of their paths in :func:`file_shas`."""
REPORTS_FOLDER = "rapporter"
__all__ = [  # noqa: RUF022 - the module's own names first, then those of parsing.py
    "cache_root",
    "current_files",
    "export_folder",
    "export_zip",
    "file_shas",
    "file_shas_of",
    "fingerprint",
    "folder_files",
    "import_files",
    "import_folder",
    "in_use",
    "materialise",
    "read_text",
    "report_root",
    "sha256",
    "shared_files",
    "writable_copy",
    "write_file",
    "WorkspaceError",
    "safe_path",
    "zip_files",
]


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file of a workspace folder by relative path (hidden files and caches skipped)."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or any(
            p in SKIPPED_PARTS or p.startswith(".") for p in relative.parts
        ):
            continue
        files[relative.as_posix()] = path.read_bytes()
    return files


def _settings_data(files: dict[str, bytes]) -> dict[str, object]:
    """uppsikt.yaml's top-level values, best effort ({} when unreadable: the checks say why)."""
    try:
        data = YAML(typ="safe").load(files["uppsikt.yaml"].decode("utf-8"))
    except (KeyError, ValueError, UnicodeDecodeError, YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _title(files: dict[str, bytes]) -> tuple[str, int]:
    """The report's title and year from uppsikt.yaml (best effort; the checks say the rest)."""
    data = _settings_data(files)
    try:
        year = int(str(data.get("år", 0)))
        kind = ReportType(data.get("rapport", ReportType.ARSBERATTELSE.value)).kind.title
    except ValueError:
        return "Rapport", 0
    return f"{kind} {year}", year


def _plan(report: Report, own: dict[str, bytes]) -> Report | None:
    """The report of the same kommun that ``report`` names as its plan (``plan:``), if any."""
    folder = _settings_data(own).get(PLAN_KEY)
    if report.kommun_id is None or not isinstance(folder, str) or folder == report.folder:
        return None
    return Report.objects.filter(kommun_id=report.kommun_id, folder=folder).first()


def import_files(
    files: dict[str, bytes],
    namnd: Namnd,
    user: User | None,
    title: str = "",
    kommun: Kommun | None = None,
    folder: str = "",
) -> Report:
    """A new report (utkast) of ``namnd`` holding ``files``, in one transaction; with
    ``kommun``, the report in the kommun's folder ``rapporter/<folder>/``."""
    if "uppsikt.yaml" not in files:
        raise WorkspaceError("Arbetsytan har ingen uppsikt.yaml.")
    found_title, year = _title(files)
    with transaction.atomic():
        report = Report.objects.create(
            namnd=namnd,
            title=title or found_title,
            year=year,
            kommun=kommun,
            folder=safe_path(folder) if kommun is not None else "",
        )
        for path, content in sorted(files.items()):
            _create(report, safe_path(path), content, user)
        Change.objects.create(
            report=report,
            user=user,
            path="",
            unit="arbetsyta",
            kind=ChangeKind.WORKSPACE,
            before="",
            after=f"Importerad: {len(files)} filer",
            report_revision=report.revision,
        )
    return report


def import_folder(folder: Path, namnd: Namnd, user: User | None, title: str = "") -> Report:
    if not (folder / "uppsikt.yaml").is_file():
        raise WorkspaceError(f"{folder} är ingen arbetsyta (uppsikt.yaml saknas).")
    return import_files(folder_files(folder), namnd, user, title)


def _create(report: Report, path: str, content: bytes, user: User | None) -> None:
    digest = sha256(content)
    row = WorkspaceFile.objects.create(
        report=report, path=path, content=content, sha=digest, updated_by=user
    )
    FileRevision.objects.create(file=row, revision=1, content=content, sha=digest, user=user)


def current_files(report: Report) -> dict[str, bytes]:
    rows = WorkspaceFile.objects.filter(report=report, deleted=False).values_list("path", "content")
    return {path: bytes(content) for path, content in rows}


def read_text(report: Report, path: str) -> str:
    """A file's current text ('' when it does not exist)."""
    row = WorkspaceFile.objects.filter(report=report, path=path, deleted=False).first()
    return bytes(row.content).decode("utf-8") if row else ""


def write_file(
    report: Report,
    path: str,
    content: bytes,
    user: User | None,
    row: WorkspaceFile | None = None,
) -> WorkspaceFile:
    """Store a file's new content and raise the report's revision. Must run inside a
    transaction that holds the report row locked (see access.locked_for_update); ``row``,
    when given, is the file's row, locked in that transaction."""
    digest = sha256(content)
    if row is None:
        row = WorkspaceFile.objects.select_for_update().filter(report=report, path=path).first()
    if row is None:
        _create(report, path, content, user)
        row = WorkspaceFile.objects.get(report=report, path=path)
    else:
        row.revision += 1
        row.content = content
        row.sha = digest
        row.deleted = False
        row.updated_by = user
        row.save()
        FileRevision.objects.create(
            file=row, revision=row.revision, content=content, sha=digest, user=user
        )
    Report.objects.filter(pk=report.pk).update(revision=F("revision") + 1)
    report.refresh_from_db(fields=["revision"])
    return row


def shared_files(kommun_id: int) -> dict[str, bytes]:
    """The current shared files of a kommun, by path in the kommun's folder."""
    rows = KommunFile.objects.filter(kommun_id=kommun_id, deleted=False).values_list(
        "path", "content"
    )
    return {path: bytes(content) for path, content in rows}


def _laid_out(report: Report) -> dict[str, bytes]:
    """Every file the report is read from, by path in the folder it is written to: its own
    files, or for a report of a kommun the kommun's at the top and its own in
    ``rapporter/<folder>/`` (docs/kommun.md)."""
    own = current_files(report)
    if report.kommun_id is None:
        return own
    files = shared_files(report.kommun_id)
    plan = _plan(report, own)
    if plan is not None:  # the plan's goals and tables are read from its folder
        plan_prefix = f"{REPORTS_FOLDER}/{safe_path(plan.folder)}/"
        files.update({plan_prefix + p: c for p, c in current_files(plan).items()})
    prefix = f"{REPORTS_FOLDER}/{safe_path(report.folder)}/"
    files.update({prefix + path: content for path, content in own.items()})
    return files


def report_root(report: Report, target: Path) -> Path:
    """The report's folder in a folder ``target`` written by :func:`export_folder`."""
    if report.kommun_id is None:
        return target
    return target / REPORTS_FOLDER / safe_path(report.folder)


def export_folder(report: Report, target: Path) -> list[Path]:
    """Write the report's workspace into ``target`` (created; must be empty or absent): with a
    kommun, the kommun's folder (see :func:`report_root` for the report's)."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path, content in _laid_out(report).items():
        out = target / safe_path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        written.append(out)
    report_root(report, target).mkdir(parents=True, exist_ok=True)
    return sorted(written)


def export_zip(report: Report, folder_name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in sorted(_laid_out(report).items()):
            archive.writestr(f"{folder_name}/{path}", content)
    return buffer.getvalue()


_MATERIALISE = threading.Lock()
KEEP_MATERIALISED = 64
IN_USE_SECONDS = 600


def cache_root() -> Path:
    return Path(settings.CACHE_DIR)


def file_shas(report: Report) -> dict[str, str]:
    """Each current file's path and the hash of its content; for a report of a kommun also
    the kommun's files, named from the report's folder (``../../organisation.yaml``)."""
    rows = WorkspaceFile.objects.filter(report=report, deleted=False).values_list("path", "sha")
    shas = dict(rows)
    if report.kommun_id is not None:
        shared = KommunFile.objects.filter(kommun_id=report.kommun_id, deleted=False)
        for path, sha in shared.values_list("path", "sha"):
            shas[SHARED_PREFIX + path] = sha
        plan = _plan(report, {"uppsikt.yaml": read_text(report, "uppsikt.yaml").encode()})
        if plan is not None:
            plan_files = WorkspaceFile.objects.filter(report=plan, deleted=False)
            for path, sha in plan_files.values_list("path", "sha"):
                shas[f"../{plan.folder}/{path}"] = sha
    return shas


def file_shas_of(reports: list[Report]) -> dict[int, dict[str, str]]:
    """:func:`file_shas` of several reports (KS's overview): one query for every report of
    no kommun, not one per report."""
    plain = [r.pk for r in reports if r.kommun_id is None]
    found: dict[int, dict[str, str]] = {pk: {} for pk in plain}
    rows = WorkspaceFile.objects.filter(report_id__in=plain, deleted=False)
    for report_id, path, sha in rows.values_list("report_id", "path", "sha"):
        found[report_id][path] = sha
    for report in reports:
        if report.kommun_id is not None:
            found[report.pk] = file_shas(report)
    return found


def fingerprint(report: Report, shas: dict[str, str] | None = None) -> str:
    """A hash of the report's current files (paths and contents, the kommun's shared files
    included): the key of every cache, so equal content is read once and changed content
    never meets a stale copy."""
    digest = hashlib.sha256()
    if report.kommun_id is not None:
        # The folder's name is part of what is read (messages name files from the kommun).
        digest.update(f"{REPORTS_FOLDER}/{report.folder}\0kommun\n".encode())
    for path, sha in sorted((file_shas(report) if shas is None else shas).items()):
        digest.update(f"{path}\0{sha}\n".encode())
    return digest.hexdigest()[:40]


def materialise(report: Report, key: str | None = None) -> Path:
    """The report's current files as a folder (shared: callers only read it).

    Written to a temporary folder and renamed into place, so a reader never sees half a
    workspace; the least recently made folders beyond KEEP_MATERIALISED are removed.
    """
    base = cache_root() / "arbetsytor"
    target = base / (key or fingerprint(report))
    return report_root(report, _materialised(report, base, target))


def in_use(key: str) -> bool:
    """Mark the folder :func:`materialise` wrote for ``key`` as in use (see _remove_unused);
    False when it is gone (removed while unused), and has to be written again."""
    try:
        os.utime(cache_root() / "arbetsytor" / key)
    except FileNotFoundError:
        return False
    return True


def _materialised(report: Report, base: Path, target: Path) -> Path:
    if target.is_dir():
        with contextlib.suppress(FileNotFoundError):
            os.utime(target)  # in use: see _remove_unused
        return target
    base.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ny-", dir=base))
    export_folder(report, staging)
    with _MATERIALISE:
        try:
            os.rename(staging, target)
        except OSError:
            # Another thread or process wrote the same content first: theirs is as good.
            shutil.rmtree(staging, ignore_errors=True)
            if not target.is_dir():
                raise
        _remove_unused(base, target)
    return target


def _remove_unused(base: Path, keep: Path) -> None:
    """Remove the least recently used folders beyond KEEP_MATERIALISED, but none used in the
    last IN_USE_SECONDS: another thread or process may be reading it right now (every use
    touches the folder), and a folder removed under a reader would fail its request."""
    now = time.time()
    folders = []
    for path in base.iterdir():
        if path.name.startswith("."):
            continue
        with contextlib.suppress(FileNotFoundError):
            folders.append((path.stat().st_mtime, path))
    folders.sort()
    for used, old in folders[: max(0, len(folders) - KEEP_MATERIALISED)]:
        if old != keep and now - used > IN_USE_SECONDS:
            shutil.rmtree(old, ignore_errors=True)


def writable_copy(report: Report) -> Path:
    """A private copy of the report's files in a new temporary folder (caller removes it).
    Not for a report of a kommun: its ledger is the kommun's (see kommuner.py)."""
    folder = Path(tempfile.mkdtemp(prefix=f"uppsikt-r{report.pk}-"))
    export_folder(report, folder)
    return folder
