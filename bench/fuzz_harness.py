"""The harness of bench/fuzz.py: worker processes that read cases, the parent that hands them
out, times them and counts crashes, hangs and peak memory.

Cases are made *in the worker* from (seed, reader, index), so only numbers cross the pipe and
any case can be made again. Each worker is a ``spawn``ed process in a process group of its
own: a hang is killed with everything it started, a native abort kills one worker (counted,
replaced), and a worker is replaced after ``recycle`` cases (like ``maxtasksperchild``)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import tempfile
import time
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from fuzz_case import Case, Reader
from fuzz_readers import CsvReader, ExcelReader, SieReader, WorkspaceReader
from fuzz_web import HttpReader, ZipReader

READERS: dict[str, Reader] = {
    r.name: r
    for r in (SieReader(), CsvReader(), ExcelReader(), WorkspaceReader(), ZipReader(), HttpReader())
}
SETUP_SECONDS = 300.0
START_RETRIES = 6
"""Workers that may fail to start in a row (the tree may be mid-edit) before a run gives up."""
STDERR = "stderr.log"


class Stop:
    """Set by ``request_stop`` (SIGINT, SIGTERM): hand out no more cases, finish the rest."""

    requested = False


def request_stop(signum: int, frame: object) -> None:  # noqa: ARG001 - a signal handler
    Stop.requested = True


def case_rng(seed: int, reader: str, index: int) -> random.Random:
    return random.Random(f"{seed}:{reader}:{index}")


def make_case(reader: str, seed: int, index: int) -> Case:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return READERS[reader].generate(case_rng(seed, reader, index))


def _frame(tb: traceback.StackSummary) -> str:
    """The last frame inside uppsikt (or the last frame) as ``module.py:function``."""
    frames = [f for f in tb if "/uppsikt/" in f.filename] or list(tb)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.name}"


def signature(exc: BaseException) -> str:
    """A crash's identity: the exception type and the last frame it went through."""
    kind = type(exc).__name__
    module = type(exc).__module__
    qualified = kind if module in ("builtins", "fuzz_readers") else f"{module}.{kind}"
    if kind == "Broken":
        # a broken contract: its message (first clause) is the identity
        return f"Broken: {str(exc).split(':', 1)[0][:80]}" + _logged(str(exc))
    return f"{qualified} at {_frame(traceback.extract_tb(exc.__traceback__))}"


def _logged(message: str) -> str:
    """For an error the web application logged with a traceback: its last line and frame."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    frames = [line for line in lines if line.startswith('File "')]
    if not frames:
        return ""
    frame = frames[-1].split('"')
    where = f"{Path(frame[1]).name}:{frame[-1].rsplit(' in ', 1)[-1]}" if len(frame) > 2 else ""
    return f" ({lines[-1].split(':', 1)[0][:60]} at {where})"


def _rss_kb() -> tuple[int, int]:
    return (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )


def worker(reader_name: str, seed: int, workdir: str, memory: int, conn: Connection) -> None:
    """A worker process: set the reader up, then read cases until told to stop. Its stderr
    goes to ``stderr.log`` in ``workdir``; its address space is limited to ``memory`` bytes
    (0: not limited)."""
    os.setpgrp()
    log = os.open(Path(workdir) / STDERR, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log, 2)
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    warnings.simplefilter("ignore")
    reader = READERS[reader_name]
    try:
        state = reader.setup(Path(workdir))
    except BaseException:
        conn.send(("setup-failed", traceback.format_exc()))
        return
    conn.send(("ready",))
    while True:
        message = conn.recv()
        if message[0] == "stop":
            return
        _, index, case = message
        if case is None:
            case = reader.generate(case_rng(seed, reader_name, index))
        conn.send(("start",))
        started = time.perf_counter()
        status, label, sig, text = "ok", "", "", ""
        try:
            label = reader.run(state, case)
        except BaseException as exc:
            status, sig, text = "crash", signature(exc), traceback.format_exc()
        seconds = time.perf_counter() - started
        conn.send(("done", index, status, label, sig, text, seconds, *_rss_kb(), case.size()))


@dataclass
class Outcome:
    index: int
    status: str
    """ok, crash (an exception escaped), died (the worker process died) or hang."""
    label: str = ""
    signature: str = ""
    text: str = ""
    seconds: float = 0.0
    case: Case | None = None


@dataclass
class Stats:
    reader: str
    inputs: int = 0
    crashes: int = 0
    hangs: int = 0
    seconds: float = 0.0
    generate_per_second: float = 0.0
    peak_kb: int = 0
    peak_children_kb: int = 0
    peak_index: int = -1
    labels: Counter[str] = field(default_factory=Counter)
    found: dict[str, list[Outcome]] = field(default_factory=dict)
    """Crashes by signature (hangs under «hang»), in order of index."""
    slowest: tuple[float, int] = (0.0, -1)

    def add(self, outcome: Outcome) -> None:
        self.inputs += 1
        if outcome.status == "ok":
            self.labels[outcome.label] += 1
        else:
            key = "hang" if outcome.status == "hang" else outcome.signature
            self.found.setdefault(key, []).append(outcome)
            if outcome.status == "hang":
                self.hangs += 1
            else:
                self.crashes += 1
        self.slowest = max(self.slowest, (outcome.seconds, outcome.index))


class Slot:
    """One worker process and the case it is reading."""

    def __init__(self, reader: str, seed: int, memory: int, context: Any) -> None:
        self.workdir = tempfile.mkdtemp(prefix=f"uppsikt-fuzz-{reader}-")
        self.conn, child = multiprocessing.Pipe()
        self.process = context.Process(
            target=worker, args=(reader, seed, self.workdir, memory, child)
        )
        self.process.start()
        child.close()
        self.born = time.monotonic()
        self.ready = False
        self.index: int | None = None
        self.case: Case | None = None
        self.started = 0.0
        self.done = 0
        self.peak_kb = 0

    def send(self, index: int, case: Case | None) -> None:
        self.index, self.case, self.started = index, case, time.monotonic()
        self.conn.send(("case", index, case))

    def stderr_tail(self, lines: int = 25) -> str:
        """The end of what the worker wrote to stderr (a native abort's message)."""
        with contextlib.suppress(OSError):
            text = (Path(self.workdir) / STDERR).read_text(errors="replace")
            kept = [
                line
                for line in text.splitlines()[-400:]
                if not re.match(r"\s+(\d+: |at )", line)  # a native backtrace's frames
            ]
            return "\n".join(kept[-lines:])
        return ""

    def high_water_kb(self) -> int:
        """VmHWM of the worker (its peak RSS so far), read before it is killed."""
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError, TypeError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.process.kill()
        self.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.conn.send(("stop",))
        self.process.join(10)
        if self.process.is_alive():
            self.kill()
        self.close()

    def close(self) -> None:
        self.process.join(5)
        self.conn.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


class StartFailed(RuntimeError):
    """A worker could not be started or set up."""


def _died(slot: Slot) -> str:
    code = slot.process.exitcode
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"worker died: {signal.Signals(-code).name}"
    return f"worker died: exit code {code}"


class Pool:
    """Workers reading the cases of one reader; ``run`` hands out indices (or given cases)."""

    def __init__(
        self, reader: str, seed: int, jobs: int, timeout: float, recycle: int, memory: int = 0
    ) -> None:
        self.reader, self.seed, self.jobs, self.memory = reader, seed, jobs, memory
        self.timeout, self.recycle = timeout, recycle
        self.context = multiprocessing.get_context("spawn")
        self.slots: list[Slot] = []
        self.peak_children_kb = 0
        self.peak_kb = 0
        self.peak_index = -1
        self.start_failures = 0

    def _spawn(self) -> Slot:
        return Slot(self.reader, self.seed, self.memory, self.context)

    def run(self, work: list[tuple[int, Case | None]], report: Any = None) -> list[Outcome]:
        """Read every (index, case) — a ``None`` case is made by the worker from the index."""
        pending = list(reversed(work))
        results: list[Outcome] = []
        while len(self.slots) < min(self.jobs, len(work)):
            self.slots.append(self._spawn())
        while pending or any(s.index is not None for s in self.slots):
            if Stop.requested:
                pending.clear()
            self._dispatch(pending)
            waitables: list[Any] = [s.conn for s in self.slots]
            waitables += [s.process.sentinel for s in self.slots]
            wait(waitables, timeout=0.2)
            for i, slot in enumerate(self.slots):
                try:
                    outcome = self._check(slot)
                except StartFailed:
                    self.start_failures += 1
                    if self.start_failures > START_RETRIES:
                        raise
                    slot.kill()
                    time.sleep(5)
                    self.slots[i] = self._spawn()
                    continue
                if outcome is not None:
                    results.append(outcome)
                    if report is not None:
                        report(outcome)
                idle = outcome is not None or (slot.index is None and slot.ready)
                if idle and (slot.process.exitcode is not None or slot.done >= self.recycle):
                    slot.stop()
                    self.slots[i] = self._spawn()
        return results

    def _dispatch(self, pending: list[tuple[int, Case | None]]) -> None:
        """Give each idle worker the next case."""
        for slot in self.slots:
            if slot.ready and slot.index is None and pending:
                slot.send(*pending.pop())
            elif not slot.ready and time.monotonic() - slot.born > SETUP_SECONDS:
                slot.kill()
                raise RuntimeError(f"{self.reader}: a worker did not start")

    def _check(self, slot: Slot) -> Outcome | None:
        """What became of ``slot``'s case: answered, died or overdue (None: still reading)."""
        try:
            message = slot.conn.recv() if slot.conn.poll() else None
        except (EOFError, OSError):
            message = None
        if message is not None:
            return self._receive(slot, message)
        if not slot.ready and slot.process.exitcode is not None:
            raise StartFailed(
                f"{self.reader}: a worker died while starting ({_died(slot)})\n"
                + slot.stderr_tail()
            )
        if slot.index is None:
            return None
        elapsed = time.monotonic() - slot.started
        if slot.process.exitcode is not None:
            outcome = Outcome(
                slot.index, "died", "", _died(slot), slot.stderr_tail(), elapsed, slot.case
            )
        elif elapsed > self.timeout:
            high = slot.high_water_kb()
            if high > self.peak_kb:
                self.peak_kb, self.peak_index = high, slot.index
            slot.kill()
            outcome = Outcome(slot.index, "hang", "", "hang", "", elapsed, slot.case)
        else:
            return None
        slot.index = None
        return outcome

    def _receive(self, slot: Slot, message: tuple[Any, ...]) -> Outcome | None:
        kind = message[0]
        if kind == "ready":
            slot.ready = True
            self.start_failures = 0
        elif kind == "start":
            slot.started = time.monotonic()  # the case is made: its time starts now
        elif kind == "setup-failed":
            slot.stop()
            raise StartFailed(f"{self.reader}: setting the reader up failed:\n{message[1]}")
        else:
            _, index, status, label, sig, text, seconds, rss, children, _ = message
            slot.done += 1
            if rss > self.peak_kb:
                self.peak_kb, self.peak_index = rss, index
            self.peak_children_kb = max(self.peak_children_kb, children)
            slot.index = None
            return Outcome(index, status, label, sig, text, seconds, slot.case)
        return None

    def close(self) -> None:
        for slot in self.slots:
            slot.stop()
        self.slots = []
