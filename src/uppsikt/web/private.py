"""The data folder is the server's alone: the folder 0700, the database and the key 0600.

The SQLite database holds password hashes and sessions, and secret.key signs every session:
nothing another local user should read. Files are created private, and files of an older
version (created with the process's umask, often readable by all) are made private at start.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if needed and make it 0700."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    folder.chmod(FOLDER_MODE)
    return folder


def private_file(path: Path) -> Path:
    """Create ``path`` empty (if it does not exist) as 0600, or make it 0600."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    path.chmod(FILE_MODE)
    return path


def private_sqlite(path: Path) -> None:
    """The SQLite database and its companion files 0600 (SQLite gives the companions the
    database file's mode, so an empty database file created 0600 keeps them private)."""
    private_file(path)
    for suffix in SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.chmod(FILE_MODE)
