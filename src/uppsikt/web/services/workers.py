"""Parsing uploads in a worker process (uppsikt.isolation), from the web application's side.

The upload is written to a private temporary folder, parsed there by a function of
parsing.py in a fresh worker process with memory and time bounds, and the folder is removed
afterwards whatever happened (also when the worker crashed). A worker that fails costs one
refused upload, with a Swedish message; the server goes on.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from uppsikt.importers.ledger_import import ImportResult
from uppsikt.isolation import Failure, Raised, describe, run_isolated
from uppsikt.web.services.parsing import (
    WorkspaceError,
    check_shared_file,
    import_upload,
    read_workspace_zip,
)

log = logging.getLogger("uppsikt.web")


def refusal(failure: Failure, what: str) -> str:
    """The Swedish message of an upload whose worker failed."""
    if isinstance(failure, Raised):
        log.error("Ett fel i arbetsprocessen vid %s:\n%s", what, failure.text)
        return (
            f"Ett oväntat fel inträffade vid {what} och har loggats. Inget ändrades. "
            "Rapportera gärna felet till den som sköter uppsikt."
        )
    log.warning("Arbetsprocessen vid %s misslyckades: %r", what, failure)
    return f"{describe(failure)} Inget ändrades; filen godtas inte."


def temporary_folder(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def _too_large(upload: UploadedFile, what: str) -> None:
    if (upload.size or 0) > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
        raise WorkspaceError(f"{what} är för stor (högst {limit} MB).")


def _save(upload: UploadedFile, path: Path) -> None:
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def read_zip(upload: UploadedFile, kommun: bool = False) -> dict[str, bytes]:
    """The files of an uploaded workspace zip (a kommun's with ``kommun``), or
    WorkspaceError with the reason."""
    _too_large(upload, "Zip-filen")
    folder = temporary_folder("uppsikt-zip-")
    try:
        path = folder / "arbetsyta.zip"
        _save(upload, path)
        result = run_isolated(read_workspace_zip, str(path), str(folder), kommun)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if isinstance(result, str):
        raise WorkspaceError(result)
    if isinstance(result, dict):
        return result
    raise WorkspaceError(refusal(result, "läsningen av zip-filen"))


def read_shared_file(upload: UploadedFile, name: str) -> bytes:
    """The content of an upload that is to replace the kommun's file ``name``, checked in a
    worker (parsing.check_shared_file), or WorkspaceError with the reason."""
    _too_large(upload, "Filen")
    folder = temporary_folder("uppsikt-delad-")
    try:
        path = folder / "fil"
        _save(upload, path)
        result = run_isolated(check_shared_file, str(path), name)
        content = path.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if isinstance(result, str):
        raise WorkspaceError(result)
    if result is None:
        return content
    raise WorkspaceError(refusal(result, "granskningen av filen"))


def import_isolated(copy: Path, file: Path, source: str | None) -> ImportResult | str:
    """import_file on the workspace copy in a worker; the result, or a refusal message."""
    result = run_isolated(import_upload, str(copy), str(file), source)
    if isinstance(result, ImportResult):
        return result
    return refusal(result, "importen")
