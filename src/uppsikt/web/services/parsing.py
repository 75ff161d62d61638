"""What the web application parses from uploads, run in a worker (see uppsikt.isolation).

Nothing here imports Django: the functions run in a fresh worker process, which imports this
module by name. Each works on files in a folder the caller made and removes (also after a
crash of the worker), and answers with plain, picklable values.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from uppsikt.importers.ledger_import import ImportResult, RemovalResult, import_file, remove_import
from uppsikt.ledger.model import STORE_FILE
from uppsikt.ledger.verify import verify_store_file
from uppsikt.located.limits import limits, megabytes
from uppsikt.workspace.kommun import KOMMUN_MARK, REPORTS_FOLDER, SETTINGS_FILE

SKIPPED_PARTS = frozenset({".git", "__pycache__", ".DS_Store"})
RATIO_FROM_BYTES = 1024 * 1024
"""Members smaller than this unpacked are not held to zip_max_ratio (small text files of
repeated characters compress far better than 200:1 and are harmless). DuckDB files are not
held to it either: their blocks are mostly zeros (a real store packs 230:1). The total
unpacked size (zip_max_unpacked_bytes) bounds them, and a member is never read past the size
its header declares."""


class WorkspaceError(ValueError):
    """A workspace (folder or zip) that cannot be imported, with a Swedish message."""


def safe_path(name: str) -> str:
    """A relative POSIX path inside a workspace, or WorkspaceError: no absolute paths, no
    '..', no backslashes or control characters, nothing hidden."""
    if "\\" in name or "\x00" in name or any(ord(c) < 32 for c in name):
        raise WorkspaceError(f"Ogiltigt filnamn: {name!r}.")
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or len(name) > 300:
        raise WorkspaceError(f"Ogiltig sökväg: {name!r}.")
    if any(part in ("..", ".") or part.startswith(".") for part in path.parts):
        raise WorkspaceError(f"Ogiltig sökväg: {name!r}.")
    return path.as_posix()


def _measured(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's files, after checking their number, unpacked size and ratio."""
    bounds = limits()
    # endswith, not is_dir(): is_dir() indexes the name and fails on an empty one.
    infos = [i for i in archive.infolist() if not i.filename.endswith("/")]
    if len(infos) > bounds.zip_max_members:
        raise WorkspaceError(f"Zip-filen har fler än {bounds.zip_max_members} filer.")
    if sum(i.file_size for i in infos) > bounds.zip_max_unpacked_bytes:
        raise WorkspaceError(
            f"Zip-filen är för stor uppackad (högst {megabytes(bounds.zip_max_unpacked_bytes)})."
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        sparse = info.filename.endswith(".duckdb")
        if info.file_size >= RATIO_FROM_BYTES and not sparse and ratio > bounds.zip_max_ratio:
            raise WorkspaceError(
                f"Filen {info.filename!r} i zip-filen packas upp {ratio:.0f} gånger större "
                f"än den är packad (högst {bounds.zip_max_ratio}); den ser ut som en zip-bomb."
            )
    return infos


def zip_files(data: bytes | Path) -> dict[str, bytes]:
    """The files of a zipped workspace; a single top folder is taken as the workspace.

    Raises WorkspaceError (never a zip library's error) for anything that is not a readable
    workspace zip within the bounds of uppsikt.located.limits.
    """
    files = _zip_members(data)
    if "uppsikt.yaml" not in files:
        raise WorkspaceError("Zip-filen har ingen uppsikt.yaml; det är ingen arbetsyta.")
    return files


def kommun_zip_files(data: bytes | Path) -> dict[str, bytes]:
    """The files of a zipped kommun workspace (organisation.yaml at the top, each report in
    ``rapporter/<namn>/``), within the same bounds as :func:`zip_files`."""
    files = _zip_members(data)
    if KOMMUN_MARK not in files:
        raise WorkspaceError(
            f"Zip-filen har ingen {KOMMUN_MARK} överst; det är ingen kommuns arbetsyta. "
            "En arbetsyta för en nämnd importeras under «Importera arbetsyta»."
        )
    if not any(_report_settings(name) for name in files):
        raise WorkspaceError(
            f"Zip-filen har ingen rapport: varje rapport ska ligga i {REPORTS_FOLDER}/<namn>/ "
            "med en egen uppsikt.yaml."
        )
    return files


def _report_settings(name: str) -> bool:
    parts = name.split("/")
    return len(parts) == 3 and parts[0] == REPORTS_FOLDER and parts[2] == SETTINGS_FILE


def _zip_members(data: bytes | Path) -> dict[str, bytes]:
    """Every file of a zip (a single top folder stripped), checked against the bounds."""
    try:
        archive = zipfile.ZipFile(data if isinstance(data, Path) else io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        # NotImplementedError: zipfile's word for a version field it cannot read («zip file
        # version 19.1»), found by bench/fuzz.py in a zip with one byte changed.
        raise WorkspaceError("Filen är ingen zip-fil (eller är skadad).") from exc
    with archive:
        infos = _measured(archive)
        names = [
            i.filename for i in infos if not any(p in SKIPPED_PARTS for p in i.filename.split("/"))
        ]
        tops = {n.split("/", 1)[0] for n in names}
        strip = len(tops) == 1 and all("/" in n for n in names)
        files: dict[str, bytes] = {}
        for name in names:
            relative = safe_path(name.split("/", 1)[1] if strip else name)
            try:
                files[relative] = archive.read(name)
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                OSError,
                NotImplementedError,
                RuntimeError,
                ValueError,
            ) as exc:
                raise WorkspaceError(
                    f"Filen {name!r} i zip-filen kan inte packas upp (zip-filen är skadad "
                    "eller krypterad). Skapa zip-filen igen och ladda upp den på nytt."
                ) from exc
    return files


def read_workspace_zip(zip_path: str, folder: str, kommun: bool = False) -> dict[str, bytes] | str:
    """In the worker: the files of the workspace zip at ``zip_path`` (a kommun's with
    ``kommun``), or a Swedish refusal.

    A ledger store in the zip is accepted only when its schema is exactly ours
    (uppsikt.ledger.verify); it is written to ``folder`` (the caller's, removed by the
    caller) to be opened read-only there. In a kommun's zip every store is checked, also one
    misplaced in a report's folder.
    """
    try:
        files = kommun_zip_files(Path(zip_path)) if kommun else zip_files(Path(zip_path))
    except WorkspaceError as exc:
        return str(exc)
    for name, content in files.items():
        if name == STORE_FILE or (kommun and name.rsplit("/", 1)[-1] == STORE_FILE):
            reason = _store_refusal(content, Path(folder))
            if reason is not None:
                return reason
    return files


def _store_refusal(store: bytes, folder: Path) -> str | None:
    path = folder / "granskas" / STORE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(store)
    try:
        reason = verify_store_file(path)
    finally:
        path.unlink(missing_ok=True)
    if reason is None:
        return None
    return (
        f"Arbetsytans huvudbok godtas inte: {reason} Ta bort {STORE_FILE} ur zip-filen "
        "och importera exporterna igen, eller exportera arbetsytan från uppsikt."
    )


def check_shared_file(path: str, name: str) -> str | None:
    """In the worker: why the file at ``path`` cannot replace the kommun's file ``name``
    (None when it can): a ledger store must have exactly our schema, a YAML file must be
    UTF-8 YAML, every other file UTF-8 text."""
    file = Path(path)
    if name == STORE_FILE:
        reason = verify_store_file(file)
        return None if reason is None else f"Huvudboken godtas inte: {reason}"
    content = file.read_bytes()
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return f"Filen är inte text i UTF-8 och kan inte ersätta {name}."
    if "\x00" in text:
        return f"Filen innehåller nolltecken och kan inte ersätta {name}."
    if name.endswith((".yaml", ".yml")):
        try:
            YAML(typ="safe").load(text)
        except YAMLError as exc:
            return f"Filen är ingen giltig YAML och kan inte ersätta {name}: {exc}"
    return None


def import_upload(root: str, file: str, source: str | None) -> ImportResult:
    """In the worker: import ``file`` into the workspace copy at ``root`` (see import_file)."""
    return import_file(Path(root), Path(file), source=source)


def remove_source(root: str, source: str) -> RemovalResult:
    """In the worker: remove what ``source`` brought into the ledger of the copy at ``root``
    (see remove_import: all or nothing)."""
    return remove_import(Path(root), source)
