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

Several serving processes share what they found through Django's cache (see docs/web.md,
UPPSIKT_CACHE_URL): the counts of a state by its content key, each report's latest counts, and
a turn per report and INTERVAL, so one process runs the checks of a report while the others
read the result. The workers also rest between runs, so that checking many reports never
takes more than BUSY_SHARE of a core from the pages.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

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

BUSY_SHARE = 0.1
"""The largest share of a core the server's workers spend checking, all processes together
(settings.WORKERS): after a run of t seconds a worker waits t × (WORKERS / BUSY_SHARE − 1)
before the next one, whatever the report. A run takes about half a second on the example;
with dozens of reports saved every few seconds, checking each every INTERVAL would otherwise
take whole cores from the pages."""

KEEP_SECONDS = 24 * 60 * 60
"""How long the shared cache keeps the counts of one state (they never change)."""


def _counts_key(key: str) -> str:
    return f"uppsikt:kontroller:{key}"


def _latest_key(report: int) -> str:
    return f"uppsikt:kontroller-senast:{report}"


def _turn_key(report: int) -> str:
    return f"uppsikt:kontroller-tur:{report}"


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
        self._resting_until = 0.0
        """When the worker may start its next run (see BUSY_SHARE)."""

    def summary(self, report: Report, loaded: Loaded, revision: int) -> CheckSummary:
        """The latest counts, current when the checks have run for ``loaded`` (the state of
        ``report`` at ``revision``); when they have not, ``loaded`` is checked in the
        background."""
        with self._changed:
            last = self._latest.get(report.pk)
        if loaded.checked:
            if last is None or last.key != loaded.key:  # recorded (and shared) once
                self._record(report.pk, revision, loaded, self._generation)
            return CheckSummary(loaded.errors, loaded.warnings, revision, True)
        if last is None or last.key != loaded.key:
            found = self._shared(report.pk, revision, loaded.key)
            if found is not None:
                return CheckSummary(found.errors, found.warnings, revision, True)
            self._schedule(report.pk, revision, loaded)
            last = self._newer(last, cache.get(_latest_key(report.pk)))
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
        """Forget every count and every waiting state, this process's and the shared ones
        (the worker keeps running, idle)."""
        with self._changed:
            self._generation += 1
            self._latest.clear()
            self._wanted.clear()
            self._last_run.clear()
            self._resting_until = 0.0
        cache.clear()

    def _record(self, report: int, revision: int, loaded: Loaded, generation: int) -> None:
        errors, warnings = loaded.errors, loaded.warnings  # runs the checks when not yet run
        latest = _Latest(loaded.key, errors, warnings, revision)
        if self._keep(report, latest, generation):
            cache.set(_counts_key(loaded.key), (errors, warnings), KEEP_SECONDS)
            shared = self._newer(latest, cache.get(_latest_key(report)))
            if shared is latest:
                cache.set(_latest_key(report), latest, KEEP_SECONDS)

    def _keep(self, report: int, latest: _Latest, generation: int) -> bool:
        """Record ``latest`` as this process's counts; False after a reset since ``generation``."""
        with self._changed:
            if generation != self._generation:
                return False
            self._latest[report] = latest
            wanted = self._wanted.get(report)
            if wanted is not None and wanted[1].key == latest.key:
                del self._wanted[report]
            return True

    def _shared(self, report: int, revision: int, key: str) -> _Latest | None:
        """The counts of state ``key`` when another process (or this one before a restart)
        worked them out; kept as this process's latest."""
        found = cache.get(_counts_key(key))
        if found is None:
            return None
        latest = _Latest(key, found[0], found[1], revision)
        return latest if self._keep(report, latest, self._generation) else None

    @staticmethod
    def _newer(mine: _Latest | None, shared: object) -> _Latest | None:
        """The later of this process's latest counts and the shared ones (by revision)."""
        if not isinstance(shared, _Latest):
            return mine
        return shared if mine is None or shared.revision > mine.revision else mine

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
        due = {
            r: max(self._last_run.get(r, -INTERVAL) + INTERVAL, self._resting_until) - now
            for r in self._wanted
        }
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
            if self._shared(report, revision, loaded.key) is not None:
                continue
            # Another process holding the report's turn checks it; its counts are shared.
            if not cache.add(_turn_key(report), True, INTERVAL):
                continue
            started = time.monotonic()
            self._record(report, revision, loaded, generation)
            took = time.monotonic() - started
            with self._changed:
                rest = took * (settings.WORKERS / BUSY_SHARE - 1)
                self._resting_until = time.monotonic() + rest


def summary(
    report: Report, loaded: Loaded | None = None, revision: int | None = None
) -> CheckSummary:
    """The latest counts, current when the checks have run for ``loaded`` (by default the
    report as it is now; the overview passes the state it shows, at ``revision``)."""
    if loaded is None or revision is None:
        loaded, revision = load(report), report.revision
    return process().checks.summary(report, loaded, revision)
