"""uppsikt.isolation: a worker that aborts, runs out of memory or never ends costs a typed
failure, never the calling process (issue #10: a 1.6 KB .xlsx aborted the whole server).

The worker functions live at module level without Django, so the spawned worker can import
them by name.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from uppsikt.isolation import (
    Crashed,
    OutOfMemory,
    Raised,
    TimedOut,
    describe,
    is_failure,
    run_isolated,
)

MB = 1024 * 1024


def add(a: int, b: int) -> int:
    return a + b


def abort() -> None:
    os.abort()


def allocate(size: int) -> int:
    return len(bytearray(size))


def spin() -> None:
    while True:
        pass


def sleep_forever() -> None:
    signal.pause()


def fail() -> None:
    raise ValueError("ett fel i arbetaren")


def write_then_abort(folder: str) -> None:
    (Path(folder) / "halvfärdig.txt").write_text("x", encoding="utf-8")
    os.abort()


def test_value_comes_back() -> None:
    assert run_isolated(add, 2, 3) == 5


def test_abort_in_native_code_is_a_crash_not_the_end_of_the_caller() -> None:
    result = run_isolated(abort, memory_bytes=1024 * MB, cpu_seconds=30)
    assert result == Crashed(signal.SIGABRT, None)
    assert is_failure(result)
    assert "avbröts" in describe(result)
    # This process is still here, and another worker runs.
    assert run_isolated(add, 1, 1) == 2


def test_allocating_past_the_limit_is_out_of_memory() -> None:
    result = run_isolated(allocate, 2048 * MB, memory_bytes=768 * MB, cpu_seconds=30)
    assert result == OutOfMemory(768 * MB)
    assert "minne" in describe(result)


def test_allocating_within_the_limit_works() -> None:
    assert run_isolated(allocate, 64 * MB, memory_bytes=768 * MB, cpu_seconds=30) == 64 * MB


def test_endless_loop_ends_at_the_cpu_limit() -> None:
    result = run_isolated(spin, memory_bytes=1024 * MB, cpu_seconds=1, wall_seconds=120)
    assert isinstance(result, TimedOut)


def test_a_worker_that_waits_forever_is_killed_at_the_wall_clock_limit() -> None:
    result = run_isolated(sleep_forever, memory_bytes=1024 * MB, cpu_seconds=60, wall_seconds=2)
    assert result == TimedOut(2)
    assert "för lång tid" in describe(result)


def test_a_python_exception_comes_back_as_data() -> None:
    result = run_isolated(fail)
    assert isinstance(result, Raised)
    assert result.kind == "ValueError"
    assert "ett fel i arbetaren" in result.text


def test_a_crash_leaves_the_callers_folder_to_the_caller(tmp_path: Path) -> None:
    result = run_isolated(write_then_abort, str(tmp_path), memory_bytes=1024 * MB)
    assert isinstance(result, Crashed)
    assert (tmp_path / "halvfärdig.txt").is_file()
