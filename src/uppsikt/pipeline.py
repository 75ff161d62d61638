"""The whole pipeline in one call: read → compute → check → build → publish.

Each stage returns its result and the problems it found; the build stops before publishing
when any problem is an error, so nothing is published from a workspace that contradicts
itself. The stages are chained in one place, :class:`uppsikt.loading.LoadedWorkspace`; these
functions are its shortest uses.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from uppsikt.loading import BuildResult, LoadedWorkspace, publish_options
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.model.settings import OutputFormat
from uppsikt.reports.model import ReportModel

if TYPE_CHECKING:
    from uppsikt.reports.publish import Timings  # the renderers load on the first publish

__all__ = ["BuildResult", "LoadedWorkspace", "build", "load_report", "publish_options"]


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
