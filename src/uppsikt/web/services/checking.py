"""How many errors and warnings a report has, for pages that only show the counts.

Running the checks costs far more than reading a report (the figures in the narrative alone
take about as long as reading the example), and a report changes with every save. The report
page and KS's overview therefore show the latest counts at once, with the revision they were
worked out for, and have them brought up to date by a worker thread in the background, for the
newest state of each report and at most every INTERVAL seconds per report. The
checks page, adoption and publishing run the checks themselves and always see the current
state (:attr:`Loaded.diagnostics`).

The counts and the worker belong to the process's :class:`Checks`
(see :mod:`uppsikt.web.services.process`); :func:`summary` uses it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from uppsikt.web.models import Report
from uppsikt.web.services.loaded import Loaded, load
from uppsikt.web.services.process import process


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


class Checks:
    """The latest counts per report, and the worker thread that brings them up to date."""

    def __init__(self) -> None:
        self._latest: dict[int, _Latest] = {}
        self._wanted: dict[int, tuple[int, Loaded]] = {}
        """Per report, the newest state waiting to be checked: older ones are never checked."""
        self._last_run: dict[int, float] = {}
        self._changed = threading.Condition()
        self._worker: threading.Thread | None = None
        self._generation = 0
        """Counts resets: counts worked out before the latest reset are not recorded."""

    def summary(self, report: Report, loaded: Loaded, revision: int) -> CheckSummary:
        """The latest counts, current when the checks have run for ``loaded`` (the state of
        ``report`` at ``revision``); when they have not, ``loaded`` is checked in the
        background."""
        if loaded.checked:
            self._record(report.pk, revision, loaded, self._generation)
            return CheckSummary(loaded.errors, loaded.warnings, revision, True)
        self._schedule(report.pk, revision, loaded)
        with self._changed:
            last = self._latest.get(report.pk)
        if last is None:
            return CheckSummary(None, None, None, False)
        return CheckSummary(last.errors, last.warnings, last.revision, last.key == loaded.key)

    def wait(self) -> None:
        """Check every waiting state now, in this thread (for tests and the benchmark's end)."""
        while True:
            with self._changed:
                if not self._wanted:
                    return
                report, (revision, loaded) = next(iter(self._wanted.items()))
                generation = self._generation
            self._record(report, revision, loaded, generation)

    def reset(self) -> None:
        """Forget every count and every waiting state (the worker keeps running, idle)."""
        with self._changed:
            self._generation += 1
            self._latest.clear()
            self._wanted.clear()
            self._last_run.clear()

    def _record(self, report: int, revision: int, loaded: Loaded, generation: int) -> None:
        errors, warnings = loaded.errors, loaded.warnings  # runs the checks when not yet run
        with self._changed:
            if generation != self._generation:
                return
            self._latest[report] = _Latest(loaded.key, errors, warnings, revision)
            wanted = self._wanted.get(report)
            if wanted is not None and wanted[1].key == loaded.key:
                del self._wanted[report]

    def _schedule(self, report: int, revision: int, loaded: Loaded) -> None:
        with self._changed:
            self._wanted[report] = (revision, loaded)
            # One worker per process, started on first use (not when Django starts: most
            # commands never check a report).
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(
                    target=self._run, name="uppsikt-kontroller", daemon=True
                )
                self._worker.start()
            self._changed.notify()

    def _next_due(self) -> tuple[int, float]:
        """The report to check next and how long until it is due (called with the lock held)."""
        now = time.monotonic()
        due = {r: self._last_run.get(r, -INTERVAL) + INTERVAL - now for r in self._wanted}
        report = min(due, key=lambda r: due[r])
        return report, due[report]

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._wanted:
                    self._changed.wait()
                report, delay = self._next_due()
                if delay > 0:
                    self._changed.wait(timeout=delay)
                    continue
                revision, loaded = self._wanted[report]
                self._last_run[report] = time.monotonic()
                generation = self._generation
            self._record(report, revision, loaded, generation)


def summary(
    report: Report, loaded: Loaded | None = None, revision: int | None = None
) -> CheckSummary:
    """The latest counts, current when the checks have run for ``loaded`` (by default the
    report as it is now; the overview passes the state it shows, at ``revision``)."""
    if loaded is None or revision is None:
        loaded, revision = load(report), report.revision
    return process().checks.summary(report, loaded, revision)
