"""How many errors and warnings a report has, for pages that only show the counts.

Running the checks costs far more than reading a report (the figures in the narrative alone
take about as long as reading the example), and a report changes with every save. The report
page and KS's overview therefore show the latest counts at once, with the revision they were
worked out for, and have them brought up to date by a worker thread in the background, for the
newest state of each report and at most every INTERVAL seconds per report. The
checks page, adoption and publishing run the checks themselves and always see the current
state (:attr:`Loaded.diagnostics`).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from uppsikt.web.models import Report
from uppsikt.web.services.loaded import Loaded, load


@dataclass(frozen=True, slots=True)
class CheckSummary:
    errors: int | None
    """None until the checks have run once for the report."""
    warnings: int | None
    revision: int | None
    """The report's revision the counts were worked out for."""
    current: bool
    """Whether the counts are for the report as it is now."""


@dataclass(frozen=True, slots=True)
class _Latest:
    key: str
    errors: int
    warnings: int
    revision: int


INTERVAL = 10.0
"""Seconds between two background runs for one report: while people save every few seconds,
the checks run for the latest state at most this often, so they cannot crowd out the pages
(the server's threads share one interpreter)."""

_latest: dict[int, _Latest] = {}
_wanted: dict[int, tuple[int, Loaded]] = {}
"""Per report, the newest state waiting to be checked: older ones are never checked."""
_last_run: dict[int, float] = {}
_changed = threading.Condition()
_worker: threading.Thread | None = None


def summary(
    report: Report, loaded: Loaded | None = None, revision: int | None = None
) -> CheckSummary:
    """The latest counts, current when the checks have run for ``loaded`` (by default the
    report as it is now; the overview passes the state it shows, at ``revision``)."""
    if loaded is None or revision is None:
        loaded, revision = load(report), report.revision
    if loaded.checked:
        _record(report.pk, revision, loaded)
        return CheckSummary(loaded.errors, loaded.warnings, revision, True)
    _schedule(report.pk, revision, loaded)
    with _changed:
        last = _latest.get(report.pk)
    if last is None:
        return CheckSummary(None, None, None, False)
    return CheckSummary(last.errors, last.warnings, last.revision, last.key == loaded.key)


def _record(report: int, revision: int, loaded: Loaded) -> None:
    errors, warnings = loaded.errors, loaded.warnings  # runs the checks when not yet run
    with _changed:
        _latest[report] = _Latest(loaded.key, errors, warnings, revision)
        wanted = _wanted.get(report)
        if wanted is not None and wanted[1].key == loaded.key:
            del _wanted[report]


def _schedule(report: int, revision: int, loaded: Loaded) -> None:
    global _worker  # noqa: PLW0603 - one worker per process, started on first use
    with _changed:
        _wanted[report] = (revision, loaded)
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name="uppsikt-kontroller", daemon=True)
            _worker.start()
        _changed.notify()


def _next_due() -> tuple[int, float]:
    """The report to check next and how long until it is due (called with the lock held)."""
    now = time.monotonic()
    due = {r: _last_run.get(r, -INTERVAL) + INTERVAL - now for r in _wanted}
    report = min(due, key=lambda r: due[r])
    return report, due[report]


def _run() -> None:
    while True:
        with _changed:
            while not _wanted:
                _changed.wait()
            report, delay = _next_due()
            if delay > 0:
                _changed.wait(timeout=delay)
                continue
            revision, loaded = _wanted[report]
            _last_run[report] = time.monotonic()
        _record(report, revision, loaded)


def wait() -> None:
    """Check every waiting state now, in this thread (for tests and the benchmark's end)."""
    while True:
        with _changed:
            if not _wanted:
                return
            report, (revision, loaded) = next(iter(_wanted.items()))
        _record(report, revision, loaded)
