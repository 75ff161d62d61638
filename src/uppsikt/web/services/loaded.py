"""The report's workspace read, computed, checked and built by the core, cached per revision.

Pages read the model from here: materialising and reading a workspace takes a while, a
cached model a moment. The key is a fingerprint of the report's files, so every save gives a
new key and equal content (in any report) is read once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

from uppsikt.checks import run_checks
from uppsikt.compute.results import Computed, compute
from uppsikt.diagnostics import Diagnostic, Severity, has_errors, sort_key
from uppsikt.model.workspace import Workspace
from uppsikt.reports.build import build_report
from uppsikt.reports.model import Report as ReportModel
from uppsikt.web.models import Report
from uppsikt.web.services.store import fingerprint, materialise
from uppsikt.workspace.reader import read_workspace

CACHE_SIZE = 32


@dataclass(frozen=True, slots=True)
class Loaded:
    root: Path
    ws: Workspace | None
    computed: Computed | None
    model: ReportModel | None
    """The report model; marked as a draft when there are errors."""
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)


_cache: OrderedDict[str, Loaded] = OrderedDict()
_lock = threading.Lock()
_loading: dict[str, threading.Lock] = {}


def load(report: Report) -> Loaded:
    """The loaded report as its files are now (computed once per content and process)."""
    key = fingerprint(report)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
        key_lock = _loading.setdefault(key, threading.Lock())
    with key_lock:
        with _lock:
            found = _cache.get(key)
        if found is None:
            found = _load(materialise(report, key))
            with _lock:
                _cache[key] = found
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
        with _lock:
            _loading.pop(key, None)
    return found


def _load(root: Path) -> Loaded:
    ws, diagnostics = read_workspace(root)
    if ws is None:
        return Loaded(root, None, None, None, tuple(diagnostics))
    computed, found = compute(ws)
    diagnostics += found
    diagnostics += run_checks(ws, computed)
    model, found = build_report(ws, computed)
    diagnostics += found
    diagnostics.sort(key=sort_key)
    if has_errors(diagnostics):
        model = replace(model, meta=replace(model.meta, draft=True))
    return Loaded(root, ws, computed, model, tuple(diagnostics))


def clear() -> None:
    with _lock:
        _cache.clear()
