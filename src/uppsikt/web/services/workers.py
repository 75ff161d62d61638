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
from uppsikt.web.services.parsing import WorkspaceError, import_upload, read_workspace_zip

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


def read_zip(upload: UploadedFile) -> dict[str, bytes]:
    """The files of an uploaded workspace zip, or WorkspaceError with the reason."""
    size = upload.size or 0
    if size > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
        raise WorkspaceError(f"Zip-filen är för stor (högst {limit} MB).")
    folder = temporary_folder("uppsikt-zip-")
    try:
        path = folder / "arbetsyta.zip"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        result = run_isolated(read_workspace_zip, str(path), str(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if isinstance(result, str):
        raise WorkspaceError(result)
    if isinstance(result, dict):
        return result
    raise WorkspaceError(refusal(result, "läsningen av zip-filen"))


def import_isolated(copy: Path, file: Path, source: str | None) -> ImportResult | str:
    """import_file on the workspace copy in a worker; the result, or a refusal message."""
    result = run_isolated(import_upload, str(copy), str(file), source)
    if isinstance(result, ImportResult):
        return result
    return refusal(result, "importen")
