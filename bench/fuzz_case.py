"""What bench/fuzz.py hands a reader: a ``Case`` (files by relative name) and the ``Reader``
interface every fuzzed entry point implements."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "orebro-van-2020"
IMPORT_EXAMPLE = REPO / "examples" / "orebro-van-2020-import"
SHARED_SIE = REPO.parent / "shared" / "sie"
"""Real SIE exports beside the project (used as extra seeds when present)."""


@dataclass(frozen=True)
class Case:
    """One input: files by path relative to the reader's folder (``None`` removes a file), the
    file the mutations went into (``focus``, the one a minimizer shrinks) and how it was made."""

    files: dict[str, bytes | None]
    focus: str
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    """Reader-specific choices (the HTTP reader's URL and form fields)."""

    def size(self) -> int:
        return sum(len(v) for v in self.files.values() if v is not None)

    def with_focus(self, data: bytes) -> Case:
        return Case({**self.files, self.focus: data}, self.focus, self.note, self.extra)


class Reader:
    """A fuzzed entry point. ``generate`` makes a case (in any process, from the seeded
    ``rng`` alone); ``setup`` runs once in each worker process; ``run`` reads one case and
    returns a short outcome label («imported», «refused» …) or raises: whatever it raises is a
    crash."""

    name = ""

    def generate(self, rng: random.Random) -> Case:
        raise NotImplementedError

    def setup(self, workdir: Path) -> Any:
        return workdir

    def run(self, state: Any, case: Case) -> str:
        raise NotImplementedError


def write_case(folder: Path, case: Case) -> None:
    """Write ``case``'s files into ``folder`` (removing those mapped to ``None``)."""
    for name, data in case.files.items():
        path = folder / name
        if data is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def restore(folder: Path, case: Case, originals: dict[str, bytes]) -> None:
    """Put back the files ``case`` changed in ``folder``: originals rewritten, new ones removed."""
    for name in case.files:
        path = folder / name
        if name in originals:
            path.write_bytes(originals[name])
        else:
            path.unlink(missing_ok=True)


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative POSIX path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
