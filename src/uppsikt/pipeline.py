"""The whole pipeline in one function: read → compute → check → build → render.

Each stage returns its result and the problems it found; the build stops before rendering
when any problem is an error, so nothing is published from a workspace that contradicts
itself.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from uppsikt.checks import run_checks
from uppsikt.compute.results import compute
from uppsikt.diagnostics import Diagnostic, has_errors, sort_key
from uppsikt.reports.build import build_report
from uppsikt.reports.datapackage import write_datapackage
from uppsikt.reports.html import render_html
from uppsikt.reports.model import Report
from uppsikt.workspace import read_workspace

REPORT_FILE = "index.html"
DATA_FOLDER = "data"


@dataclass(frozen=True, slots=True)
class BuildResult:
    report: Report | None
    diagnostics: tuple[Diagnostic, ...]
    written: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return self.report is not None and not has_errors(self.diagnostics)


def load_report(workspace: Path) -> tuple[Report | None, list[Diagnostic]]:
    """Read, compute, check and build the report model; no files are written."""
    ws, diagnostics = read_workspace(workspace)
    if ws is None:
        return None, diagnostics
    computed, found = compute(ws)
    diagnostics += found
    diagnostics += run_checks(ws, computed)
    report, found = build_report(ws, computed)
    diagnostics += found
    diagnostics.sort(key=sort_key)
    if has_errors(diagnostics):
        return None, diagnostics
    return report, diagnostics


def build(workspace: Path, out: Path) -> BuildResult:
    """Build the report into ``out``: all of it, or nothing at all.

    The output is written to a temporary folder beside ``out`` and moved into place only
    when every file is written, so a failed build never leaves half a report behind.
    """
    report, diagnostics = load_report(workspace)
    if report is None:
        return BuildResult(None, tuple(diagnostics))
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        written = _write_all(report, staging)
        _replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(report, tuple(diagnostics), tuple(out / p for p in written))


def _write_all(report: Report, folder: Path) -> list[Path]:
    (folder / REPORT_FILE).write_text(render_html(report), encoding="utf-8")
    write_datapackage(report, folder / DATA_FOLDER)
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def _replace(staging: Path, out: Path) -> None:
    """Move ``staging`` to ``out``, replacing an earlier build only once the new one exists."""
    if out.exists():
        old = out.with_name(f".{out.name}-old-{os.getpid()}")
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)
