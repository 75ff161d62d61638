"""A workspace loaded once: read, then computed, checked and built into the report model on use.

The one way the command line and the web application go from a folder to the report model.
Each stage is the core's own function, called once per object and cached, under a lock per
object, so threads (the web's pages and its background checks) can share one loaded workspace:

- reading happens in :meth:`LoadedWorkspace.read` (or :meth:`~LoadedWorkspace.reread`),
- computing on the first use of :attr:`~LoadedWorkspace.computed`,
- the checks and the report model on the first use of :attr:`~LoadedWorkspace.diagnostics`
  or :meth:`~LoadedWorkspace.report`, since many uses (an editor page, the indicator table)
  need neither and they cost about twice the reading.

Publishing is all or nothing: files are written to a staging folder that replaces the output
folder only when every format is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from uppsikt.checks import run_checks
from uppsikt.compute.results import Computed, compute
from uppsikt.located.diagnostics import Diagnostic, has_errors, sort_key
from uppsikt.model.settings import OutputFormat
from uppsikt.model.workspace import Workspace
from uppsikt.reports.build.report import build_report
from uppsikt.reports.model import ReportModel
from uppsikt.workspace.reader import read_workspace
from uppsikt.workspace.reread import can_reread, reread_workspace

if TYPE_CHECKING:
    # The renderers are imported on the first publish: `uppsikt check` never needs them.
    from uppsikt.reports.publish import PublishOptions, Timings


@dataclass(frozen=True, slots=True)
class BuildResult:
    report: ReportModel | None
    diagnostics: tuple[Diagnostic, ...]
    written: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return self.report is not None and not has_errors(self.diagnostics)

    @property
    def draft(self) -> bool:
        """Published despite errors (``allow_errors``), and marked as a draft."""
        return self.report is not None and self.report.meta.draft


@dataclass(frozen=True, slots=True)
class _Computing:
    computed: Computed | None
    diagnostics: tuple[Diagnostic, ...]
    """Reading's findings, then computing's."""


@dataclass(frozen=True, slots=True)
class _Checking:
    report: ReportModel | None
    """The report model as built, not yet marked as a draft."""
    diagnostics: tuple[Diagnostic, ...]
    """Every finding, sorted."""


class LoadedWorkspace:
    """A workspace read once; computing, checking and the report model worked out on first use."""

    def __init__(
        self, root: Path, workspace: Workspace | None, found: Iterable[Diagnostic]
    ) -> None:
        """Use :meth:`read` or :meth:`reread`: ``workspace`` and ``found`` are what reading
        ``root`` gave."""
        found = tuple(found)
        if workspace is None and not has_errors(found):
            # A reader that gives up must say why; silence here would print «Inga fel».
            raise AssertionError("the workspace was not read, and no error says why")
        self.root = root
        self._workspace = workspace
        self._found = found
        self._lock = threading.RLock()
        self._computing: _Computing | None = None
        self._checking: _Checking | None = None

    @classmethod
    def read(cls, root: Path) -> LoadedWorkspace:
        """The workspace in ``root``, read now. Raises WorkspaceNotFoundError when ``root`` is
        not a folder."""
        workspace, found = read_workspace(root)
        return cls(root, workspace, found)

    def reread(self, changed: Iterable[str], *, root: Path | None = None) -> LoadedWorkspace:
        """A new object for the same root after the files ``changed`` (relative posix paths)
        changed; uses workspace.reread when it can (see can_reread), else a full read.

        ``root`` names another folder holding the changed files (the web application keeps
        one folder per content); every file not in ``changed`` must be equal in both.
        """
        changed = set(changed)
        root = self.root if root is None else root
        # Only a read that found nothing may be kept: see uppsikt.workspace.reread.
        if self._workspace is not None and not self._found and changed and can_reread(changed):
            workspace, found = reread_workspace(root, self._workspace, changed)
            return LoadedWorkspace(root, workspace, found)
        return LoadedWorkspace.read(root)

    @property
    def workspace(self) -> Workspace | None:
        """The workspace; None when reading failed."""
        return self._workspace

    @property
    def computed(self) -> Computed | None:
        """Every derived figure; None when reading failed."""
        return self._computed().computed

    @property
    def read_diagnostics(self) -> tuple[Diagnostic, ...]:
        """The findings of reading and computing only (computes when not yet done)."""
        return self._computed().diagnostics

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every finding: reading, computing, the checks and building the report model, sorted
        by file and line (runs the checks when not yet done)."""
        return self._checked().diagnostics

    @property
    def checked(self) -> bool:
        """Whether the checks have run (:attr:`diagnostics` is then immediate)."""
        return self._checking is not None

    def report(self, *, allow_errors: bool = False) -> ReportModel | None:
        """The report model; None when reading failed, or when anything is an error, unless
        ``allow_errors``: the report is then marked as a draft (``Meta.draft``)."""
        checking = self._checked()
        report = checking.report
        if report is None or not has_errors(checking.diagnostics):
            return report
        if not allow_errors:
            return None
        return replace(report, meta=replace(report.meta, draft=True))

    def publish(
        self,
        out: Path,
        formats: tuple[OutputFormat, ...] | None = None,
        timings: Timings | None = None,
        *,
        allow_errors: bool = False,
    ) -> BuildResult:
        """Publish the report into ``out``: all of it, or nothing at all.

        ``formats`` overrides the formats of the settings. The output is written to a temporary
        folder beside ``out`` and moved into place only when every file is written, so a failed
        build never leaves half a report behind and never removes the previous one.

        A workspace with errors is not published, unless ``allow_errors``: then it is, marked
        as a draft, as long as the files could be read and the report model built.
        """
        from uppsikt.reports.publish import PublishError, publish  # noqa: PLC0415 - see TYPE_CHECKING

        start = time.perf_counter()
        report = self.report(allow_errors=allow_errors)
        diagnostics = self.diagnostics
        if timings is not None:
            timings.steps["load"] = time.perf_counter() - start
        if self._workspace is None or report is None:
            return BuildResult(None, diagnostics)
        out = out.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        try:
            options = publish_options(self._workspace, self.root, formats)
            publish(report, staging, options, timings)
            written = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
            replace_folder(staging, out)
        except PublishError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            return BuildResult(None, (*diagnostics, exc.diagnostic))
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return BuildResult(report, diagnostics, tuple(out / p for p in written))

    def _computed(self) -> _Computing:
        with self._lock:
            if self._computing is None:
                if self._workspace is None:
                    self._computing = _Computing(None, self._found)
                else:
                    computed, found = compute(self._workspace)
                    self._computing = _Computing(computed, (*self._found, *found))
            return self._computing

    def _checked(self) -> _Checking:
        with self._lock:
            if self._checking is None:
                computing = self._computed()
                found = list(computing.diagnostics)
                report = None
                if self._workspace is not None and computing.computed is not None:
                    found += run_checks(self._workspace, computing.computed)
                    report, built = build_report(self._workspace, computing.computed)
                    found += built
                found.sort(key=sort_key)
                self._checking = _Checking(report, tuple(found))
            return self._checking


def publish_options(
    ws: Workspace, root: Path, formats: tuple[OutputFormat, ...] | None
) -> PublishOptions:
    from uppsikt.reports.publish import PublishOptions  # noqa: PLC0415 - see TYPE_CHECKING

    settings = ws.settings.publishing
    return PublishOptions(
        formats=formats or settings.formats,
        word_template=root / settings.word_template if settings.word_template else None,
        logo=root / settings.logo if settings.logo else None,
    )


def replace_folder(staging: Path, out: Path) -> None:
    """Move ``staging`` to ``out``, replacing an earlier build only once the new one exists."""
    if out.exists():
        old = out.with_name(f".{out.name}-old-{os.getpid()}")
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)
