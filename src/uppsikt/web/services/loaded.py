"""The report's workspace loaded by the core (uppsikt.loading), cached per content.

Pages read the model from here: materialising and reading a workspace takes a while, a
cached model a moment. The key is a fingerprint of the report's files, so every save gives a
new key and equal content (in any report) is read once. The cache belongs to the process's
:class:`~uppsikt.web.services.process.Process` (made when Django starts); :func:`load` and
:func:`load_or_latest` use it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from uppsikt.compute.results import Computed
from uppsikt.loading import LoadedWorkspace
from uppsikt.located.diagnostics import Diagnostic, severity_counts
from uppsikt.model.workspace import Workspace
from uppsikt.web.models import Report
from uppsikt.web.services.process import process
from uppsikt.web.services.store import file_shas, fingerprint, in_use, materialise

CACHE_SIZE = 32
"""Loaded states kept besides each report's newest (about half a megabyte each on the
example): every report's newest stays, since the next view of the report needs it and the
next save is read from it (a whole read costs several times a reread)."""
MAX_SIZE = 256
"""Loaded states kept at most, newest or not."""


@dataclass(frozen=True, slots=True, eq=False)
class Loaded:
    """A report's workspace as loaded by the core, with the files it was read from.

    Reading is done when it is made (every page needs the workspace); computing on first use
    (:attr:`computed`: the editors and the report page show none of it, and the picker and
    the indicator table are kept by figures key, see fragments.py), and so are the checks and
    the report model's own findings (:attr:`diagnostics`). Compared by identity: one per
    content and process.
    """

    key: str
    """The fingerprint of the files it was read from."""
    state: LoadedWorkspace
    files: Mapping[str, str]
    """Each file's content hash: what a later state changed, see Loads._read."""

    @property
    def root(self) -> Path:
        return self.state.root

    @property
    def ws(self) -> Workspace | None:
        return self.state.workspace

    @property
    def computed(self) -> Computed | None:
        return self.state.computed

    @property
    def checked(self) -> bool:
        """Whether the checks have run (``diagnostics`` is then immediate)."""
        return self.state.checked

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every finding: reading, computing, the checks and building the report model."""
        return self.state.diagnostics

    def text(self, path: str) -> str:
        """The report's own file ``path`` (relative to the report) as it is in this state; ''
        when there is no such file. The state's folder holds exactly the contents its key
        was made from, so this is what the database held when the key was read."""
        try:
            return (self.root / path).read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""

    @property
    def errors(self) -> int:
        return severity_counts(self.diagnostics).errors

    @property
    def warnings(self) -> int:
        return severity_counts(self.diagnostics).warnings


class Loads:
    """The loaded reports of this process: each report's newest state and CACHE_SIZE more by
    use, and one background thread that reads states for :meth:`load_or_latest`."""

    def __init__(self) -> None:
        self._cache: OrderedDict[str, Loaded] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}
        """A lock per key being read, so two requests for one content read it once."""
        self._newest: dict[int, tuple[str, int]] = {}
        """Per report, the key and revision of the newest state loaded."""
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="uppsikt-inlasning")

    def load(self, report: Report, shas: dict[str, str] | None = None) -> Loaded:
        """The loaded report as its files are now (read once per content); ``shas``, when
        given, are its :func:`file_shas` read just now."""
        shas = file_shas(report) if shas is None else shas
        key = fingerprint(report, shas)
        with self._lock:
            found = self._cache.get(key)
        if found is not None and not in_use(key):
            # Its folder was removed while unused (store._remove_unused): pages read it.
            with self._lock:
                self._cache.pop(key, None)
            found = None
        with self._lock:
            if found is not None:
                self._cache.move_to_end(key)
                self._newest[report.pk] = (key, report.revision)
                return found
            key_lock = self._loading.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                found = self._cache.get(key)
            if found is None:
                found = self._read(report.pk, key, materialise(report, key), shas)
                self._store(found)
            with self._lock:
                self._loading.pop(key, None)
                self._newest[report.pk] = (key, report.revision)
        return found

    def load_or_latest(
        self, report: Report, shas: dict[str, str] | None = None
    ) -> tuple[Loaded, int]:
        """The report as it is now when that is loaded; otherwise the newest state loaded
        before, with its revision, while the current one is read in the background.

        For KS's overview, which shows every report: after a save, one view would otherwise
        read every changed report again. The page says which revision a row shows.
        """
        shas = file_shas(report) if shas is None else shas
        key = fingerprint(report, shas)
        with self._lock:
            found = self._cache.get(key)
            newest = self._newest.get(report.pk)
            previous = self._cache.get(newest[0]) if newest else None
        if found is not None or previous is None or newest is None:
            return self.load(report, shas), report.revision
        root = materialise(report, key)  # in this thread: it reads the database
        with self._lock:
            start = key not in self._loading
            if start:
                self._loading[key] = threading.Lock()
        if start:
            self._background.submit(
                self._load_in_background, report.pk, report.revision, key, root, shas
            )
        return previous, newest[1]

    def settle(self) -> None:
        """Wait until the background reads started so far are done."""
        self._background.submit(lambda: None).result()

    def clear(self) -> None:
        """Forget every loaded state (after the background reads started so far)."""
        self.settle()
        with self._lock:
            self._cache.clear()
            self._newest.clear()

    def _load_in_background(
        self, report: int, revision: int, key: str, root: Path, shas: dict[str, str]
    ) -> None:
        try:
            found = self._read(report, key, root, shas)
            found.computed  # noqa: B018 - here, not in the overview that shows it
            self._store(found)
            with self._lock:
                if self._newest.get(report, ("", -1))[1] <= revision:
                    self._newest[report] = (key, revision)
        finally:
            with self._lock:
                self._loading.pop(key, None)

    def _store(self, found: Loaded) -> None:
        with self._lock:
            self._cache[found.key] = found
            newest = {key for key, _ in self._newest.values()} | {found.key}
            for key in [k for k in self._cache if k not in newest]:
                if len(self._cache) <= CACHE_SIZE + len(newest):
                    break
                del self._cache[key]
            while len(self._cache) > MAX_SIZE:
                self._cache.popitem(last=False)

    def _read(self, report: int, key: str, root: Path, shas: dict[str, str]) -> Loaded:
        """Read a report's state: from the files a save changed only, when the newest state
        read before allows it (see LoadedWorkspace.reread), else whole. Computed on first
        use (see Loaded)."""
        with self._lock:
            newest = self._newest.get(report)
            previous = self._cache.get(newest[0]) if newest else None
        if previous is None:
            state = LoadedWorkspace.read(root)
        else:
            changed = {
                p
                for p in shas.keys() | previous.files.keys()
                if shas.get(p) != previous.files.get(p)
            }
            state = previous.state.reread(changed, root=root)
        return Loaded(key, state, MappingProxyType(dict(shas)))


def load(report: Report) -> Loaded:
    """The loaded report as its files are now, from this process's cache."""
    return _loads().load(report)


def load_or_latest(report: Report, shas: dict[str, str] | None = None) -> tuple[Loaded, int]:
    """See :meth:`Loads.load_or_latest`."""
    return _loads().load_or_latest(report, shas)


def _loads() -> Loads:
    return process().loads
