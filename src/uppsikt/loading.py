"""A workspace loaded once: read, then computed, checked and built into the report model on use.

The one way the command line and the web application go from a folder to the report model.
Each stage is the core's own function, called once per object and cached, under a lock per
object, so threads (the web's pages and its background checks) can share one loaded workspace:

- reading happens in :meth:`LoadedWorkspace.read` (or :meth:`~LoadedWorkspace.reread`),
- computing on the first use of :attr:`~LoadedWorkspace.computed`,
- the checks and the report model on the first use of :attr:`~LoadedWorkspace.diagnostics`
  or :meth:`~LoadedWorkspace.report`, since many uses (an editor page, the indicator table)
  need neither and they cost about twice the reading; a report that follows up the nämnder
  (KS's, the kommun's: ``ReportKind.follows_up_namnder``) reads and computes the nämnder's
  reports of its kommun then too, each once (:func:`followed_namnder`).

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
from uppsikt.compute.followup import FollowUp, NamndGoals, follow_up, namnd_goals
from uppsikt.compute.results import Computed, compute
from uppsikt.ledger.facts import LedgerFactsCache
from uppsikt.located.diagnostics import Diagnostic, Location, Severity, has_errors, sort_key
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node, load_yaml
from uppsikt.model.settings import OutputFormat, ReportType, Settings
from uppsikt.model.workspace import Workspace
from uppsikt.reports.build.report import build_report
from uppsikt.reports.model import ReportModel
from uppsikt.workspace.kommun import SETTINGS_FILE, Place, kommun_name, report_folders
from uppsikt.workspace.reader import read_workspace
from uppsikt.workspace.reread import can_reread, reread_workspace
from uppsikt.workspace.settings import read_settings

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
        self,
        root: Path,
        workspace: Workspace | None,
        found: Iterable[Diagnostic],
        cache: ReadCache | None = None,
    ) -> None:
        """Use :meth:`read` or :meth:`reread`: ``workspace`` and ``found`` are what reading
        ``root`` gave."""
        found = tuple(found)
        if workspace is None and not has_errors(found):
            # A reader that gives up must say why; silence here would print «Inga fel».
            raise AssertionError("the workspace was not read, and no error says why")
        self.root = root
        self._cache = cache
        self._workspace = workspace
        self._found = found
        self._lock = threading.RLock()
        self._computing: _Computing | None = None
        self._checking: _Checking | None = None

    @classmethod
    def read(cls, root: Path, *, cache: ReadCache | None = None) -> LoadedWorkspace:
        """The workspace in ``root``, read now. Raises WorkspaceNotFoundError when ``root`` is
        not a folder. ``cache`` is shared by reports read together (a kommun's)."""
        ledger = cache.ledger if cache is not None else None
        workspace, found = read_workspace(root, ledger_cache=ledger)
        return cls(root, workspace, found, cache)

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
                    followup, warned = self._followed(self._workspace)
                    found += warned
                    report, built = build_report(self._workspace, computing.computed, followup)
                    found += built
                found.sort(key=sort_key)
                self._checking = _Checking(report, tuple(found))
            return self._checking

    def _followed(self, ws: Workspace) -> tuple[FollowUp | None, list[Diagnostic]]:
        """The nämnder's goals followed up, where the report type asks for it and the report
        is in a kommun; None otherwise."""
        if not ws.settings.report_type.kind.follows_up_namnder:
            return None, []
        place = Place.of(self.root)
        if place.kommun is None:
            return None, []
        cache = self._cache or ReadCache()
        namnder, found = followed_namnder(self.root, place.kommun, ws.settings, cache)
        return follow_up(ws.goals, namnder, ws.settings.assessment), found


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


class ReadCache:
    """What reports read together share (a kommun's, in one build or check): the ledger's
    aggregated facts, and the reports already loaded, so that KS's report following up the
    nämnder reuses their loads. Valid while the files do not change: made for one build or
    check, never kept across edits."""

    def __init__(self, ledger: LedgerFactsCache | None = None) -> None:
        self.ledger = ledger or LedgerFactsCache()
        self._loaded: dict[Path, LoadedWorkspace] = {}
        self._lock = threading.Lock()

    def load(self, root: Path) -> LoadedWorkspace:
        """The report in ``root``, read once for everyone using this cache."""
        key = root.resolve()
        with self._lock:
            found = self._loaded.get(key)
        if found is None:
            found = LoadedWorkspace.read(root, cache=self)
            with self._lock:
                found = self._loaded.setdefault(key, found)
        return found


NAMND_REPORTS = (ReportType.ARSBERATTELSE, ReportType.DELARSRAPPORT)
"""The types of a nämnd's own report: those a follow-up reads."""


def followed_namnder(
    root: Path, kommun: Path, settings: Settings, cache: ReadCache
) -> tuple[list[NamndGoals], list[Diagnostic]]:
    """The goals of the nämnder's reports that the report in ``root`` follows up, and a warning
    for each report that could not be read without errors.

    A report followed up is another folder of the kommun's ``rapporter/``: a nämnd's own
    report (NAMND_REPORTS) of the same year, interim when this one is, whose nämnder lie within
    this report's scope (every report, for the whole kommun). Each is read and computed once;
    its settings are read first, so that reports of other years and types cost little. A
    report with errors is left out with a warning here; its own check shows the errors.
    """
    namnder: list[NamndGoals] = []
    found: list[Diagnostic] = []
    taken: dict[str, str] = {}
    own = root.resolve()
    for folder in report_folders(kommun):
        if folder.resolve() == own:
            continue
        written = _settings_of(folder)
        if written is not None and not _followed(written, settings):
            continue
        loaded = cache.load(folder) if written is not None else None
        ws = None if loaded is None else loaded.workspace
        computed = None if loaded is None or ws is None else loaded.computed
        if loaded is None or ws is None or computed is None or has_errors(loaded.read_diagnostics):
            found.append(_unread(root, folder))
            continue
        scope = ws.settings.scope
        if not settings.whole_kommun and not set(scope) <= set(settings.scope):
            continue
        twice = [code for code in scope if code in taken]
        if twice:
            found.append(_twice(root, folder, taken[twice[0]], twice[0]))
            continue
        taken.update((code, folder.name) for code in scope)
        namnder.append(namnd_goals(ws, computed, folder.name))
    return namnder, found


def _followed(written: Settings, settings: Settings) -> bool:
    return (
        written.report_type in NAMND_REPORTS
        and written.year == settings.year
        and written.report_type.kind.interim == settings.report_type.kind.interim
    )


def _settings_of(folder: Path) -> Settings | None:
    """A report folder's settings as written (scope not yet resolved); None when unreadable."""
    sink = Sink(SETTINGS_FILE)
    node = Node.root(load_yaml(folder / SETTINGS_FILE, sink), sink, "inställningar")
    return None if node is None else read_settings(node)


def _type_line(root: Path) -> int | None:
    """The line of «rapport» in the report's uppsikt.yaml: the setting that asks for the
    follow-up, where its warnings stand."""
    sink = Sink(SETTINGS_FILE)
    node = Node.root(load_yaml(root / SETTINGS_FILE, sink), sink, "inställningar")
    return None if node is None else node.key_line("rapport")


def _unread(root: Path, folder: Path) -> Diagnostic:
    shown = kommun_name(folder, ".")
    return Diagnostic(
        "UPP470",
        Severity.WARNING,
        f"Rapporten i {shown} har fel och kunde inte läsas, så måluppföljningen saknar den "
        "nämndens åtaganden.",
        Location(file=SETTINGS_FILE, line=_type_line(root), field="rapport"),
        f"Kör uppsikt check på {shown} och rätta felen där; dess åtaganden kommer med när "
        "rapporten kan läsas utan fel.",
    )


def _twice(root: Path, folder: Path, first: str, code: str) -> Diagnostic:
    shown, kept = kommun_name(folder, "."), kommun_name(folder.with_name(first), ".")
    return Diagnostic(
        "UPP471",
        Severity.WARNING,
        f"Både {kept} och {shown} är rapporter för {code} samma år; måluppföljningen tar bara "
        f"med {kept}.",
        Location(file=SETTINGS_FILE, line=_type_line(root), field="rapport"),
        "Flytta den rapport som inte gäller ur rapporter/, eller ändra dess «år» eller «rapport».",
    )
