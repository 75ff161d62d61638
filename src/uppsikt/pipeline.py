"""The whole pipeline in one call: read → compute → check → build → publish.

Each stage returns its result and the problems it found; the build stops before publishing
when any problem is an error, so nothing is published from a workspace that contradicts
itself. The stages are chained in one place, :class:`uppsikt.loading.LoadedWorkspace`; these
functions are its shortest uses.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from uppsikt.loading import (
    BuildResult,
    LoadedWorkspace,
    ReadCache,
    publish_options,
    replace_folder,
)
from uppsikt.located.diagnostics import Diagnostic, sort_key
from uppsikt.model.settings import OutputFormat
from uppsikt.reports.model import ReportModel
from uppsikt.workspace.kommun import kommun_name, report_folders

if TYPE_CHECKING:
    from uppsikt.reports.publish import Timings  # the renderers load on the first publish

__all__ = [
    "BuildResult",
    "KommunResult",
    "LoadedWorkspace",
    "build",
    "build_kommun",
    "check_kommun",
    "load_report",
    "publish_options",
]


def load_report(workspace: Path) -> tuple[ReportModel | None, list[Diagnostic]]:
    """Read, compute, check and build the report model; no files are written."""
    loaded = LoadedWorkspace.read(workspace)
    return loaded.report(), list(loaded.diagnostics)


def build(
    workspace: Path,
    out: Path,
    formats: tuple[OutputFormat, ...] | None = None,
    timings: Timings | None = None,
    *,
    allow_errors: bool = False,
) -> BuildResult:
    """Build the report into ``out``: all of it, or nothing at all.

    See :meth:`LoadedWorkspace.publish`: ``formats`` overrides the formats of the settings,
    and a workspace with errors is published only with ``allow_errors``, marked as a draft.
    """
    start = time.perf_counter()
    loaded = LoadedWorkspace.read(workspace)
    reading = time.perf_counter() - start
    result = loaded.publish(out, formats, timings, allow_errors=allow_errors)
    if timings is not None:
        # publish timed the stages after reading; the step "load" has always included it.
        timings.steps["load"] = timings.steps.get("load", 0.0) + reading
    return result


@dataclass(frozen=True, slots=True)
class KommunResult:
    """Every report of a kommun workspace built, or none of them."""

    reports: tuple[tuple[str, BuildResult], ...]
    """Each report folder's name and its result."""
    diagnostics: tuple[Diagnostic, ...]
    """Every report's findings, named from the kommun's folder, each once."""
    written: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.reports) and all(result.ok for _, result in self.reports)

    @property
    def draft(self) -> bool:
        return any(result.draft for _, result in self.reports)


def check_kommun(kommun: Path) -> list[Diagnostic]:
    """Every report of a kommun workspace read, computed and checked; no files are written."""
    found: list[Diagnostic] = []
    cache = ReadCache()
    for folder in report_folders(kommun):
        found += _named(folder, cache.load(folder).diagnostics)
    return _once(found)


def build_kommun(
    kommun: Path,
    out: Path,
    formats: tuple[OutputFormat, ...] | None = None,
    *,
    allow_errors: bool = False,
) -> KommunResult:
    """Build every report of a kommun workspace into ``out/<report folder>``: all of them, or
    nothing at all (a report that cannot be published leaves the earlier build in place).
    The reports share one ReadCache: the ledger is aggregated once, and each report is read
    once even where KS's report follows up the nämnders'."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    results: list[tuple[str, BuildResult]] = []
    found: list[Diagnostic] = []
    cache = ReadCache()
    try:
        for folder in report_folders(kommun):
            loaded = cache.load(folder)
            result = loaded.publish(staging / folder.name, formats, allow_errors=allow_errors)
            results.append((folder.name, result))
            found += _named(folder, result.diagnostics)
        built = KommunResult(tuple(results), tuple(_once(found)))
        if not results or any(result.report is None for _, result in results):
            shutil.rmtree(staging, ignore_errors=True)
            return built
        written = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
        replace_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return KommunResult(built.reports, built.diagnostics, tuple(out / p for p in written))


def _named(folder: Path, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics of one report, their files named from the kommun's folder."""
    return [
        d
        if d.location.file is None
        else replace(d, location=replace(d.location, file=kommun_name(folder, d.location.file)))
        for d in diagnostics
    ]


def _once(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Each finding once: a shared file's problem is found by every report that reads it."""
    return sorted(dict.fromkeys(diagnostics), key=sort_key)
