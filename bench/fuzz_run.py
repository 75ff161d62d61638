"""Running one reader for bench/fuzz.py: the baseline, the pool, shrinking each distinct crash
to a small example and saving it (with a ``case.json`` that ``fuzz.py --replay`` reads)."""

from __future__ import annotations

import json
import math
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from fuzz_case import Case, write_case
from fuzz_harness import READERS, Outcome, Pool, Stats, make_case

BINARY_PREFIX = b"PK"
"""Zips (xlsx, workspace zips) are not shrunk line by line: every cut breaks the archive."""


def baseline(reader: str, seed: int, count: int) -> float:
    """Cases made per second in this process (the first ``min(count, 200)``): the cost of
    making the inputs without reading them."""
    n = max(1, min(count, 200))
    started = time.perf_counter()
    for index in range(n):
        make_case(reader, seed, index)
    return n / max(time.perf_counter() - started, 1e-9)


def run_reader(  # noqa: PLR0913 - the options of fuzz.py
    reader: str,
    count: int,
    *,
    seed: int = 0,
    jobs: int = 2,
    timeout: float = 10.0,
    out: Path | None = None,
    recycle: int = 200,
    shrink_seconds: float = 60.0,
    progress: bool = True,
    memory: int = 0,
) -> Stats:
    """Read ``count`` cases of ``reader`` and count what went wrong; save one (shrunk)
    example per distinct crash, and up to five hangs, under ``out / reader`` when ``out`` is
    given."""
    stats = Stats(reader)
    stats.generate_per_second = baseline(reader, seed, count)
    pool = Pool(reader, seed, jobs, timeout, recycle, memory)
    started = time.monotonic()
    last = [started]

    def report(outcome: Outcome) -> None:
        new = outcome.status != "ok" and outcome.signature not in stats.found
        stats.add(outcome)
        if progress and new:
            print(f"  {reader}: new: {outcome.signature} (#{outcome.index})", file=sys.stderr)
        now = time.monotonic()
        if progress and (now - last[0] > 10 or stats.inputs == count):
            last[0] = now
            rate = stats.inputs / max(now - started, 1e-9)
            print(
                f"  {reader}: {stats.inputs}/{count}, {stats.crashes} crashes, "
                f"{stats.hangs} hangs, {rate:.1f}/s",
                file=sys.stderr,
                flush=True,
            )

    try:
        pool.run([(i, None) for i in range(count)], report)
    except RuntimeError as exc:
        sig = "harness: " + str(exc).split("\n", 1)[0]
        stats.add(Outcome(-1, "crash", "", sig, str(exc)))
    finally:
        pool.close()
    stats.seconds = time.monotonic() - started
    stats.peak_kb, stats.peak_index = pool.peak_kb, pool.peak_index
    stats.peak_children_kb = pool.peak_children_kb
    for outcomes in stats.found.values():
        if outcomes[0].case is None and outcomes[0].index >= 0:
            outcomes[0].case = make_case(reader, seed, outcomes[0].index)
    if out is not None:
        save_examples(stats, out, seed, timeout, shrink_seconds, memory)
    return stats


def save_examples(
    stats: Stats, out: Path, seed: int, timeout: float, shrink_seconds: float, memory: int
) -> None:
    """One example per crash signature (shrunk) and up to five hangs, under ``out/reader``."""
    reader = stats.reader
    for number, (sig, outcomes) in enumerate(stats.found.items(), 1):
        for outcome in outcomes[:1] if sig != "hang" else outcomes[:5]:
            if outcome.index < 0:
                continue
            case = make_case(reader, seed, outcome.index)
            small = case
            if outcome.status in ("crash", "died") and shrink_seconds > 0:
                small = shrink(reader, seed, case, sig, timeout, shrink_seconds, memory)
            slug = f"{number:02d}-" + re.sub(r"[^A-Za-z0-9]+", "-", sig)[:60].strip("-")
            if sig == "hang":
                slug = f"hang-{outcome.index}"
            save(out / reader / slug, reader, seed, outcome, case, small)


def _ddmin(parts: list[bytes], test: Callable[[bytes], bool], deadline: float) -> list[bytes]:
    """The smallest sublist of ``parts`` (delta debugging) whose join still ``test``s true."""
    n = 2
    while len(parts) >= 2 and time.monotonic() < deadline:
        chunk = math.ceil(len(parts) / n)
        for start in range(0, len(parts), chunk):
            candidate = parts[:start] + parts[start + chunk :]
            if candidate and test(b"".join(candidate)):
                parts, n = candidate, max(n - 1, 2)
                break
        else:
            if n >= len(parts):
                break
            n = min(len(parts), n * 2)
    return parts


def shrink(
    reader: str,
    seed: int,
    case: Case,
    target: str,
    timeout: float,
    seconds: float,
    memory: int = 0,
) -> Case:
    """``case`` made smaller while it still crashes with signature ``target``: files other
    than the focus put back, then the focus cut by lines and (when small) by bytes."""
    pool = Pool(reader, seed, 1, timeout, recycle=10**9, memory=memory)
    deadline = time.monotonic() + seconds

    def crashes(candidate: Case) -> bool:
        if time.monotonic() > deadline:
            return False
        outcomes = pool.run([(-1, candidate)])
        return bool(outcomes) and outcomes[0].signature == target

    try:
        if not crashes(case):
            return case
        for name in [n for n in case.files if n != case.focus]:
            files = {k: v for k, v in case.files.items() if k != name}
            if crashes(Case(files, case.focus, case.note, case.extra)):
                case = Case(files, case.focus, case.note, case.extra)
        data = case.files.get(case.focus)
        if data is None or data.startswith(BINARY_PREFIX):
            return case
        lines = _ddmin(
            data.splitlines(keepends=True), lambda d: crashes(case.with_focus(d)), deadline
        )
        data = b"".join(lines)
        if len(data) <= 4096:
            data = b"".join(
                _ddmin([bytes((b,)) for b in data], lambda d: crashes(case.with_focus(d)), deadline)
            )
        return case.with_focus(data)
    except RuntimeError:
        return case
    finally:
        pool.close()


def save(folder: Path, reader: str, seed: int, outcome: Outcome, case: Case, small: Case) -> None:
    """An example: ``files/`` (shrunk), ``original/`` (as generated), ``case.json`` and the
    traceback."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    write_case(folder / "files", small)
    if small != case:
        write_case(folder / "original", case)
    meta = {
        "reader": reader,
        "seed": seed,
        "index": outcome.index,
        "status": outcome.status,
        "signature": outcome.signature,
        "focus": small.focus,
        "note": small.note,
        "extra": small.extra,
        "files": sorted(small.files),
        "removed": sorted(n for n, v in small.files.items() if v is None),
        "seconds": round(outcome.seconds, 3),
    }
    (folder / "case.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    (folder / "traceback.txt").write_text(outcome.text or outcome.signature + "\n")


def load_case(folder: Path) -> tuple[str, Case]:
    """The reader and case saved in ``folder`` by ``save``."""
    meta = json.loads((folder / "case.json").read_text())
    files: dict[str, bytes | None] = {}
    for name in meta["files"]:
        path = folder / "files" / name
        files[name] = None if name in meta["removed"] else path.read_bytes()
    return meta["reader"], Case(files, meta["focus"], meta["note"], meta["extra"])


def replay(folder: Path) -> int:
    """Read the saved case in ``folder`` in this process; print what happened. 0 when the
    reader answered, 1 when it raised (the traceback is printed)."""
    name, case = load_case(folder)
    reader = READERS[name]
    with tempfile.TemporaryDirectory(prefix="uppsikt-fuzz-replay-") as workdir:
        state = reader.setup(Path(workdir))
        started = time.perf_counter()
        try:
            label = reader.run(state, case)
        except BaseException:
            traceback.print_exc()
            return 1
        print(f"{name}: {label} in {time.perf_counter() - started:.2f} s")
    return 0
