"""The whole pipeline in one function: read → compute → check → build → publish.

Each stage returns its result and the problems it found; the build stops before publishing
when any problem is an error, so nothing is published from a workspace that contradicts
itself. Publishing is all or nothing: files are written to a staging folder that replaces the
output folder only when every format is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from uppsikt.checks import run_checks
from uppsikt.compute.results import compute
from uppsikt.located.diagnostics import Diagnostic, has_errors, sort_key
from uppsikt.model.settings import OutputFormat
from uppsikt.model.workspace import Workspace
from uppsikt.reports.build.report import build_report
from uppsikt.reports.model import Report
from uppsikt.reports.publish import PublishError, PublishOptions, Timings, publish
from uppsikt.workspace.reader import read_workspace


@dataclass(frozen=True, slots=True)
class BuildResult:
    report: Report | None
    diagnostics: tuple[Diagnostic, ...]
    written: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return self.report is not None and not has_errors(self.diagnostics)

    @property
    def draft(self) -> bool:
        """Published despite errors (``allow_errors``), and marked as a draft."""
        return self.report is not None and self.report.meta.draft


def _load(
    workspace: Path, *, allow_errors: bool = False
) -> tuple[Workspace | None, Report | None, list[Diagnostic]]:
    ws, diagnostics = read_workspace(workspace)
    if ws is None:
        if not has_errors(diagnostics):
            # A reader that gives up must say why; silence here would print «Inga fel».
            raise AssertionError("the workspace was not read, and no error says why")
        return None, None, diagnostics
    computed, found = compute(ws)
    diagnostics += found
    diagnostics += run_checks(ws, computed)
    report, found = build_report(ws, computed)
    diagnostics += found
    diagnostics.sort(key=sort_key)
    if has_errors(diagnostics):
        if not allow_errors:
            return ws, None, diagnostics
        report = replace(report, meta=replace(report.meta, draft=True))
    return ws, report, diagnostics


def load_report(workspace: Path) -> tuple[Report | None, list[Diagnostic]]:
    """Read, compute, check and build the report model; no files are written."""
    _, report, diagnostics = _load(workspace)
    return report, diagnostics


def publish_options(
    ws: Workspace, root: Path, formats: tuple[OutputFormat, ...] | None
) -> PublishOptions:
    settings = ws.settings.publishing
    return PublishOptions(
        formats=formats or settings.formats,
        word_template=root / settings.word_template if settings.word_template else None,
        logo=root / settings.logo if settings.logo else None,
    )


def build(
    workspace: Path,
    out: Path,
    formats: tuple[OutputFormat, ...] | None = None,
    timings: Timings | None = None,
    *,
    allow_errors: bool = False,
) -> BuildResult:
    """Build the report into ``out``: all of it, or nothing at all.

    ``formats`` overrides the formats of the settings. The output is written to a temporary
    folder beside ``out`` and moved into place only when every file is written, so a failed
    build never leaves half a report behind and never removes the previous one.

    A workspace with errors is not published, unless ``allow_errors``: then it is, marked as
    a draft (``Meta.draft``), as long as the files could be read and the report model built.
    """
    start = time.perf_counter()
    ws, report, diagnostics = _load(workspace, allow_errors=allow_errors)
    if timings is not None:
        timings.steps["load"] = time.perf_counter() - start
    if ws is None or report is None:
        return BuildResult(None, tuple(diagnostics))
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        publish(report, staging, publish_options(ws, workspace, formats), timings)
        written = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
        _replace(staging, out)
    except PublishError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(None, (*diagnostics, exc.diagnostic))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(report, tuple(diagnostics), tuple(out / p for p in written))


def _replace(staging: Path, out: Path) -> None:
    """Move ``staging`` to ``out``, replacing an earlier build only once the new one exists."""
    if out.exists():
        old = out.with_name(f".{out.name}-old-{os.getpid()}")
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)
