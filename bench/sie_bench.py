"""Benchmark: the SIE readers on a generated SIE 4E file (5 million lines unless told).

Writes a deterministic file (balanced vouchers of 2–6 #TRANS with a cost centre object, on
Kommun-Bas-like result accounts 3000–8999 and balance accounts 1xxx/2xxx, CP437 text with
å, ä and ö) into a temporary folder and measures, each in a fresh subprocess (the best of
``RUNS`` runs, all measurements taking turns so that a busy moment of the shared machine does
not hit one alone; peak memory is the process's ``ru_maxrss``):

- a bare ``for line in f: line.split()`` loop over the file (the baseline of the same run);
- in the process: the full reader (``read_sie``) and the columnar one (``read_sie_columns``);
- through the command line (``uppsikt import`` into a new workspace, start-up and the store
  included): the file (columnar reader) and the same file with one ``#RTRANS``, which the
  columnar reader leaves to the full one.

Targets (issue #15): the full reader ≥ 0.5 million lines/s, the columnar reader ≥ 0.5× the
baseline, both in the process and through the command line.

    .venv/bin/python bench/sie_bench.py [LINES]
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LINES = 5_000_000
FULL_TARGET = 500_000
"""Lines per second of the full reader."""
COLUMNAR_TARGET = 0.5
"""The columnar reader's rate against the baseline's."""
RUNS = 5
YEAR = 2024
_TEXTS = ("Leverantörsfaktura", "Lön januari", "Hyra lokal", "Försäljning", "Återbetalning", "")
_CLI = Path(sys.executable).parent / "uppsikt"


def generate(path: Path, lines: int, seed: int = 1) -> int:
    """Write an SIE 4E file of about ``lines`` lines; the number of lines written."""
    rng = random.Random(seed)
    ansvar = [f"{1000 + 10 * i}" for i in range(60)]
    result_accounts = [str(a) for a in range(3000, 9000, 37)]
    balance_accounts = ["1510", "1930", "2440", "2710", "2890"]
    out = [
        "#FLAGGA 0",
        '#PROGRAM "uppsikt bench" 1.0',
        "#FORMAT PC8",
        f"#GEN {YEAR + 1}0215",
        "#SIETYP 4",
        '#FNAMN "Bänkby kommun"',
        f"#RAR 0 {YEAR}0101 {YEAR}1231",
        '#DIM 1 "Ansvar"',
    ]
    out += [f'#OBJEKT 1 "{a}" "Ansvar {a}"' for a in ansvar]
    out += [f'#KONTO {a} "Konto {a} åäö"' for a in result_accounts + balance_accounts]
    number = 0
    while len(out) < lines - 8:
        number += 1
        day = f"{YEAR}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        text = rng.choice(_TEXTS)
        out.append(f'#VER A {number} {day} "{text} {number}"')
        out.append("{")
        rows = rng.randint(2, 6)
        amounts = [rng.randint(-5_000_000, 5_000_000) for _ in range(rows - 1)]
        amounts.append(-sum(amounts))
        for i, ore in enumerate(amounts):
            account = rng.choice(balance_accounts if i == rows - 1 else result_accounts)
            amount = f"{'-' if ore < 0 else ''}{abs(ore) // 100}.{abs(ore) % 100:02d}"
            objects = f'{{1 "{rng.choice(ansvar)}"}}' if i < rows - 1 else "{}"
            tail = f' {day} "{text}"' if text else ""
            out.append(f"   #TRANS {account} {objects} {amount}{tail}")
        out.append("}")
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("cp437"))
    return len(out)


def with_rtrans(path: Path, target: Path) -> None:
    """The file with one more voucher, with an #RTRANS: the columnar reader leaves it to the
    full reader."""
    extra = (
        f'#VER A 9999999 {YEAR}1231 "Rättelse"\r\n{{\r\n'
        "   #RTRANS 1930 {} 100.00\r\n   #TRANS 1930 {} 100.00\r\n"
        "   #TRANS 1510 {} -100.00\r\n}\r\n"
    )
    shutil.copyfile(path, target)  # not read here: see generate_apart
    with target.open("ab") as f:
        f.write(extra.encode("cp437"))


_IN_PROCESS = """
import json, resource, sys, time
from pathlib import Path
path = Path(sys.argv[2])
if sys.argv[1] == "split":
    def run():
        with path.open(encoding="cp437") as f:
            for line in f:
                line.split()
elif sys.argv[1] == "full":
    from uppsikt.importers.sie.reader import read_sie
    def run():
        sie, diagnostics = read_sie(path)
        assert sie is not None, [d.format() for d in diagnostics[:3]]
else:
    from uppsikt.importers.sie.fast import read_sie_columns
    def run():
        table, diagnostics = read_sie_columns(path)
        assert table is not None, [d.format() for d in diagnostics[:3]]
start = time.perf_counter()
run()
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kb": peak}))
"""
"""Times one reading in a fresh process (imports not timed); prints seconds and peak memory."""


@dataclass(frozen=True, slots=True)
class Measured:
    seconds: float
    peak_mb: float


def in_process(what: str, path: Path) -> Measured:
    """One fresh process reading ``path`` (``split``, ``full`` or ``columnar``)."""
    done = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS, what, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return Measured(found["seconds"], found["peak_kb"] / 1024)


def through_cli(path: Path) -> Measured:
    """One run of ``uppsikt import`` into a new workspace (wall time of the whole process;
    its peak memory from ``wait4``)."""
    with tempfile.TemporaryDirectory() as workspace:
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(_CLI), "import", workspace, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        output = (process.stdout.read() if process.stdout else b"").decode()
        errors = (process.stderr.read() if process.stderr else b"").decode()
        if os.waitstatus_to_exitcode(status) != 0 or "rader" not in output:
            raise SystemExit(f"uppsikt import misslyckades:\n{output}\n{errors}")
    return Measured(seconds, usage.ru_maxrss / 1024)


def best(runs: list[Measured]) -> Measured:
    """The fastest run, with the highest peak memory of all runs."""
    return Measured(min(r.seconds for r in runs), max(r.peak_mb for r in runs))


def generate_apart(path: Path, lines: int) -> int:
    """``generate`` in a process of its own: the measuring processes are started by this
    one, and Linux counts a parent's peak memory in a child's ``ru_maxrss``."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
        "from sie_bench import generate; print(generate(Path(sys.argv[2]), int(sys.argv[3])))"
    )
    here = str(Path(__file__).resolve().parent)
    done = subprocess.run(
        [sys.executable, "-c", code, here, str(path), str(lines)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def report(label: str, lines: int, measured: Measured, target: str, ok: bool | None = None) -> str:
    rate = lines / measured.seconds / 1e6
    verdict = "" if ok is None else ("  OK" if ok else "  MISS")
    return (
        f"{label:<34} {measured.seconds:6.2f} s {rate:6.2f} M rader/s "
        f"{measured.peak_mb:7.0f} MB  {target}{verdict}"
    )


def main(columnar_only: bool = False) -> int:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else LINES
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "huvudbok.se"
        special = Path(folder) / "huvudbok-rtrans.se"
        start = time.perf_counter()
        written = generate_apart(path, lines)
        with_rtrans(path, special)
        size = path.stat().st_size / 1e6
        print(f"genererad: {written:,} rader, {size:.0f} MB på {time.perf_counter() - start:.1f} s")
        measures: dict[str, Callable[[], Measured]] = {
            "split": lambda: in_process("split", path),
            "columnar": lambda: in_process("columnar", path),
            "columnar CLI": lambda: through_cli(path),
        }
        if not columnar_only:
            measures["full"] = lambda: in_process("full", path)
            measures["full CLI"] = lambda: through_cli(special)
        runs: dict[str, list[Measured]] = {key: [] for key in measures}
        for _ in range(RUNS):  # in turns, so that a busy moment does not hit one alone
            for key, measure in measures.items():
                runs[key].append(measure())
    measured = {key: best(found) for key, found in runs.items()}
    split = measured["split"]
    base = written / split.seconds
    print(f"{'':<34} {'tid':>8} {'takt':>15} {'topp':>10}")
    print(report("for line: split() (basen)", written, split, ""))
    for key, label in (
        ("columnar", "kolumnläsaren"),
        ("columnar CLI", "kolumnläsaren, uppsikt import"),
    ):
        ratio = written / measured[key].seconds / base
        wanted = f"kvot mot basen {ratio:.2f} (mål ≥ {COLUMNAR_TARGET})"
        print(report(label, written, measured[key], wanted, ratio >= COLUMNAR_TARGET))
    for key, label in (("full", "hela läsaren"), ("full CLI", "hela läsaren, uppsikt import")):
        if key in measured:
            rate = written / measured[key].seconds
            wanted = f"mål ≥ {FULL_TARGET / 1e6:.1f} M rader/s"
            print(report(label, written, measured[key], wanted, rate >= FULL_TARGET))
    print(
        f"(bästa av {RUNS} körningar i tur och ordning, var och en i en ny process; topp = "
        "ru_maxrss; uppsikt import räknar start och lagring i huvudboken)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
