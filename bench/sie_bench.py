"""Benchmark: read a generated SIE 4E file of 5 million lines.

Writes a deterministic file (balanced vouchers of 2–6 #TRANS with a cost centre object, on
Kommun-Bas-like result accounts 3000–8999 and balance accounts 1xxx/2xxx, CP437 text with
å, ä and ö) into a temporary folder, then times ``read_sie`` on it (best of 2) and a plain
``for line in f: line.split()`` loop over the same file, and prints lines per second of both
and their ratio. Target (issue): at least 1 million lines per second on a 2-core machine.

    .venv/bin/python bench/sie_bench.py [LINES]
"""

from __future__ import annotations

import gc
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from uppsikt.importers.sie.reader import read_sie
from uppsikt.located.diagnostics import Diagnostic

LINES = 5_000_000
TARGET = 1_000_000
YEAR = 2024
_TEXTS = ("Leverantörsfaktura", "Lön januari", "Hyra lokal", "Försäljning", "Återbetalning", "")


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


def best_of(runs: int, function: object) -> float:
    assert callable(function)
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def baseline(path: Path) -> None:
    with path.open(encoding="cp437") as f:
        for line in f:
            line.split()


def run(label: str, read: Callable[[Path], tuple[object | None, list[Diagnostic]]]) -> int:
    """Generate the file, read it once to check it, then time ``read`` and the baseline."""
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else LINES
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "huvudbok.se"
        start = time.perf_counter()
        written = generate(path, lines)
        size = path.stat().st_size / 1e6
        print(f"genererad: {written:,} rader, {size:.0f} MB på {time.perf_counter() - start:.1f} s")
        result, diagnostics = read(path)
        if result is None:
            print("\n".join(d.format() for d in diagnostics[:5]))
            return 1
        del result
        took = best_of(2, lambda: read(path))
        base = best_of(2, lambda: baseline(path))
    rate, base_rate = written / took, written / base
    print(f"{label + ':':<20} {took:6.2f} s  {rate / 1e6:5.2f} miljoner rader/s")
    print(f"{'for line: split():':<20} {base:6.2f} s  {base_rate / 1e6:5.2f} miljoner rader/s")
    print(f"{'kvot mot basen:':<20} {rate / base_rate:6.2f}")
    verdict = "nått" if rate >= TARGET else "EJ nått"
    print(f"mål {TARGET / 1e6:.0f} miljon rader/s: {verdict}")
    return 0


def main() -> int:
    return run("read_sie", read_sie)


if __name__ == "__main__":
    sys.exit(main())
