"""The report's workspace read, computed and checked by the core, cached per revision.

Pages read the model from here: materialising and reading a workspace takes a while, a
cached model a moment. The key is a fingerprint of the report's files, so every save gives a
new key and equal content (in any report) is read once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from uppsikt.checks import run_checks
from uppsikt.compute.results import Computed, compute
from uppsikt.located.diagnostics import Diagnostic, Severity, sort_key
from uppsikt.model.workspace import Workspace
from uppsikt.reports.build.report import build_report
from uppsikt.web.models import Report
from uppsikt.web.services.store import file_shas, fingerprint, materialise
from uppsikt.workspace.reader import read_workspace
from uppsikt.workspace.reread import can_reread, reread_workspace

CACHE_SIZE = 32


class Loaded:
    """A report's workspace as read and computed by the core, with its findings.

    Reading and computing are done at once (every page needs the model); the checks and the
    report model's own findings are worked out on first use, since most pages (an editor, the
    indicator table) do not show them and they cost twice the reading on the example.
    """

    def __init__(
        self,
        key: str,
        root: Path,
        ws: Workspace | None,
        computed: Computed | None,
        found: list[Diagnostic],
        files: dict[str, str] | None = None,
    ) -> None:
        self.key = key
        """The fingerprint of the files it was read from."""
        self.root = root
        self.ws = ws
        self.computed = computed
        self._found = found
        self.files = files or {}
        """Each file's content hash: what a later state changed, see _read."""
        self._diagnostics: tuple[Diagnostic, ...] | None = None
        self._lock = threading.Lock()

    @property
    def checked(self) -> bool:
        """Whether the checks have run (``diagnostics`` is then immediate)."""
        return self._diagnostics is not None

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every finding: reading, computing, the checks and building the report model."""
        with self._lock:
            if self._diagnostics is None:
                found = list(self._found)
                if self.ws is not None and self.computed is not None:
                    found += run_checks(self.ws, self.computed)
                    found += build_report(self.ws, self.computed)[1]
                found.sort(key=sort_key)
                self._diagnostics = tuple(found)
            return self._diagnostics

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)


_cache: OrderedDict[str, Loaded] = OrderedDict()
_lock = threading.Lock()
_loading: dict[str, threading.Lock] = {}


_newest: dict[int, tuple[str, int]] = {}
"""Per report, the key and revision of the newest state loaded in this process."""
_background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="uppsikt-inlasning")


def load(report: Report) -> Loaded:
    """The loaded report as its files are now (computed once per content and process)."""
    shas = file_shas(report)
    key = fingerprint(report, shas)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            _newest[report.pk] = (key, report.revision)
            return found
        key_lock = _loading.setdefault(key, threading.Lock())
    with key_lock:
        with _lock:
            found = _cache.get(key)
        if found is None:
            found = _read(report.pk, key, materialise(report, key), shas)
            with _lock:
                _cache[key] = found
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
        with _lock:
            _loading.pop(key, None)
            _newest[report.pk] = (key, report.revision)
    return found


def load_or_latest(report: Report) -> tuple[Loaded, int]:
    """The report as it is now when that is loaded; otherwise the newest state loaded before,
    with its revision, while the current one is read in the background.

    For KS's overview, which shows every report: after a save, one view would otherwise read
    every changed report again. The page says which revision a row shows.
    """
    shas = file_shas(report)
    key = fingerprint(report, shas)
    with _lock:
        found = _cache.get(key)
        newest = _newest.get(report.pk)
        previous = _cache.get(newest[0]) if newest else None
    if found is not None or previous is None or newest is None:
        return load(report), report.revision
    root = materialise(report, key)  # in this thread: it reads the database
    with _lock:
        start = key not in _loading
        if start:
            _loading[key] = threading.Lock()
    if start:
        _background.submit(_load_in_background, report.pk, report.revision, key, root, shas)
    return previous, newest[1]


def _load_in_background(
    report: int, revision: int, key: str, root: Path, shas: dict[str, str]
) -> None:
    try:
        found = _read(report, key, root, shas)
        with _lock:
            _cache[key] = found
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
            if _newest.get(report, ("", -1))[1] <= revision:
                _newest[report] = (key, revision)
    finally:
        with _lock:
            _loading.pop(key, None)


def _read(report: int, key: str, root: Path, shas: dict[str, str]) -> Loaded:
    """Read a report's state: from the files a save changed only, when the newest state read
    before allows it (see uppsikt.workspace.reread), else whole."""
    with _lock:
        newest = _newest.get(report)
        previous = _cache.get(newest[0]) if newest else None
    if previous is not None and previous.ws is not None and not previous._found:
        changed = {
            p for p in shas.keys() | previous.files.keys() if shas.get(p) != previous.files.get(p)
        }
        if changed and can_reread(changed):
            ws, diagnostics = reread_workspace(root, previous.ws, changed)
            return _computed(key, root, ws, diagnostics, shas)
    return _load(key, root, shas)


def _load(key: str, root: Path, shas: dict[str, str] | None = None) -> Loaded:
    ws, diagnostics = read_workspace(root)
    return _computed(key, root, ws, diagnostics, shas)


def _computed(
    key: str, root: Path, ws: Workspace | None, found: list[Diagnostic], shas: dict[str, str] | None
) -> Loaded:
    if ws is None:
        return Loaded(key, root, None, None, found, shas)
    computed, more = compute(ws)
    return Loaded(key, root, ws, computed, found + more, shas)


def clear() -> None:
    with _lock:
        _cache.clear()


def settle() -> None:
    """Wait until the background reads started so far are done (for tests)."""
    _background.submit(lambda: None).result()
