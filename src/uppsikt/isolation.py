"""Running a function on hostile input in a worker process of its own, with bounds.

Parsing what a user uploads (an Excel file, a SIE file, a workspace zip with a DuckDB store)
calls native code (calamine, DuckDB, Arrow) that may abort, run out of memory or never end on a
crafted file. :func:`run_isolated` runs such a function in a fresh process (a new interpreter
started by ``subprocess``, i.e. fork and exec at once as multiprocessing's ``spawn`` does, never
a bare ``fork`` of a threaded server; unlike ``spawn`` it does not run the caller's ``__main__``
again in the worker, which for ``uppsikt serve`` would import the whole command line), whose
address space and CPU time are limited with ``resource.setrlimit`` before the function runs,
and waits for it with a wall-clock timeout. Whatever happens in the worker costs one refused
request, never the process that asked: the caller gets the function's value or a typed
:data:`Failure`, and turns the failure into a Swedish refusal (:func:`describe`).

The function and its arguments must be picklable: a module-level function of a module that
can be imported without Django (the worker has no settings), and plain values.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from uppsikt.located.limits import limits

T = TypeVar("T")

GRACE_SECONDS = 5
"""Wall-clock time the worker gets beyond its CPU seconds (starting, reading, writing)."""


@dataclass(frozen=True, slots=True)
class Crashed:
    """The worker died without answering: killed by ``signal`` or exited with ``exit_code``."""

    signal: int | None
    exit_code: int | None


@dataclass(frozen=True, slots=True)
class OutOfMemory:
    """The worker needed more memory than its address space limit allows."""

    limit_bytes: int


@dataclass(frozen=True, slots=True)
class TimedOut:
    """The worker used up its CPU time, or did not answer within the wall-clock timeout."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Raised:
    """The function raised a Python exception (a bug, not the user's fault): its traceback."""

    kind: str
    text: str


Failure = Crashed | OutOfMemory | TimedOut | Raised


def is_failure(value: object) -> bool:
    return isinstance(value, Crashed | OutOfMemory | TimedOut | Raised)


def describe(failure: Failure) -> str:
    """A Swedish sentence for a user: what went wrong with the worker, without internals."""
    if isinstance(failure, OutOfMemory):
        size = max(1, failure.limit_bytes // (1024 * 1024))
        return f"Filen kräver mer minne än tillåtet ({size} MB) för att läsas."
    if isinstance(failure, TimedOut):
        return f"Läsningen av filen tog för lång tid (mer än {failure.seconds:g} sekunder)."
    if isinstance(failure, Crashed):
        how = (
            f"signal {failure.signal}" if failure.signal is not None else f"kod {failure.exit_code}"
        )
        return f"Läsningen av filen avbröts oväntat ({how})."
    return "Ett oväntat fel inträffade när filen lästes."


def run_isolated(
    function: Callable[..., T],
    *args: Any,
    memory_bytes: int | None = None,
    cpu_seconds: int | None = None,
    wall_seconds: float | None = None,
) -> T | Failure:
    """``function(*args)`` in a new worker process, or the failure that ended the worker.

    ``memory_bytes`` (address space) and ``cpu_seconds`` default to the worker bounds of
    :func:`uppsikt.located.limits.limits`; ``wall_seconds`` to the CPU seconds plus a grace. The
    worker is killed when the wall-clock timeout passes; it never outlives this call.
    """
    bounds = limits()
    memory = bounds.worker_memory_bytes if memory_bytes is None else memory_bytes
    cpu = bounds.worker_seconds if cpu_seconds is None else cpu_seconds
    wall = cpu + GRACE_SECONDS if wall_seconds is None else wall_seconds
    job = pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)
    request = pickle.dumps((memory, cpu, list(sys.path), job), protocol=pickle.HIGHEST_PROTOCOL)
    worker = subprocess.Popen(
        [sys.executable, "-c", _BOOT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        close_fds=True,
    )
    try:
        try:
            output, _ = worker.communicate(request, timeout=wall)
        except subprocess.TimeoutExpired:
            return TimedOut(wall)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
    result: T | Failure = _answer(output, worker.returncode, memory, cpu)
    return result


_BOOT = "from uppsikt.isolation import _worker; _worker()"
"""The worker's program: a fresh interpreter that imports only this module, then the
function's own module when it unpickles the job (nothing of the caller's ``__main__``)."""


def _answer(output: bytes, code: int, memory: int, cpu: int) -> Any:
    """The function's value, or the failure: from the worker's answer, else its exit."""
    status, value = _decoded(output)
    if status == "ok":
        return value
    if status == "memory" or (not status and code == _MEMORY_EXIT):
        return OutOfMemory(memory)
    if status == "raised":
        kind, text = value
        return Raised(str(kind), str(text))
    if code < 0:
        return TimedOut(float(cpu)) if -code == signal.SIGXCPU else Crashed(-code, None)
    return Crashed(None, code)


def _decoded(output: bytes) -> tuple[str, Any]:
    if not output:
        return "", None
    try:
        status, value = pickle.loads(output)
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return "", None
    return str(status), value


_MEMORY_EXIT = 86
"""The worker's exit code when even reporting a MemoryError failed."""


def _worker() -> None:
    """In the worker: read the job from stdin, set the limits, run it, and write
    ('ok', value), ('memory', None) or ('raised', (kind, traceback)) to stdout.

    Whatever the function or a library prints goes to stderr: stdout carries only the answer.
    """
    import resource  # noqa: PLC0415 - POSIX only, needed only in the worker

    answer_fd = os.dup(1)
    os.dup2(2, 1)
    memory, cpu, path, job = pickle.loads(sys.stdin.buffer.read())
    sys.path[:] = path
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # SIGXCPU at the soft limit (its default action ends the process), SIGKILL a little later.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        function, args = pickle.loads(job)
        answer: tuple[str, object] = ("ok", function(*args))
    except MemoryError:
        answer = ("memory", None)
    except BaseException as exc:
        answer = ("raised", (type(exc).__name__, traceback.format_exc()[-4000:]))
    try:
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(answer_fd, "wb") as out:
            out.write(data)
    except MemoryError:
        os._exit(_MEMORY_EXIT)
