"""Both SIE readers give the same diagnostics (issue #10, SIE fidelity).

The columnar reader (``read_sie_columns``) reads large files of plain vouchers; whatever it
does not take it leaves to the full reader (``Unsupported``). Whenever it does read a file,
its diagnostics must be those of the full reader (``read_sie`` and, for a file without
errors, ``reconcile``): the same (code, severity, line), so a user sees the same problems
whichever reader read the file. Checked on every real file in ../shared/sie (skipped when
the folder is missing) and on seeded mutations of valid files, line by line and byte by byte.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from uppsikt.importers.sie.fast import Unsupported, read_sie_columns
from uppsikt.importers.sie.reader import read_sie, reconcile
from uppsikt.located.diagnostics import Diagnostic

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "sie"
REAL_FILES = (
    sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".se", ".si", ".sie"))
    if REAL.is_dir()
    else []
)

Key = tuple[str, str, int | None]


def keys(diagnostics: list[Diagnostic]) -> set[Key]:
    """(code, severity, line) of each diagnostic; the summaries of a capped kind («… och N
    fler») are left out: the readers cap per kind at the same count but say it differently."""
    return {
        (d.code, d.severity.value, d.location.line)
        for d in diagnostics
        if not d.message.startswith("… och")
    }


def full(path: Path) -> set[Key]:
    sie, diagnostics = read_sie(path)
    if sie is not None:
        diagnostics = diagnostics + reconcile(sie)
    return keys(diagnostics)


def columnar(path: Path) -> set[Key] | None:
    """The columnar reader's diagnostics, or None when it leaves the file to the full one."""
    try:
        _, diagnostics = read_sie_columns(path)
    except Unsupported:
        return None
    return keys(diagnostics)


@pytest.mark.skipif(
    not REAL_FILES, reason=f"the real SIE files are not beside the project ({REAL})"
)
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_real_files_give_the_same_diagnostics(path: Path) -> None:
    fast = columnar(path)
    if fast is None:
        pytest.skip("the columnar reader leaves this file to the full reader")
    assert fast == full(path)


BASE = """#FLAGGA 0
#PROGRAM "Test" 1.0
#FORMAT PC8
#GEN 20250110
#SIETYP 4
#FNAMN "Nämnden"
#RAR 0 20240101 20241231
#RAR -1 20230101 20231231
#DIM 1 "Ansvar"
#DIM 6 "Projekt"
#OBJEKT 1 "100" "Förvaltning"
#OBJEKT 1 "200" "Skola"
#OBJEKT 6 "P1" "Projekt"
#KONTO 1930 "Bank"
#KONTO 3010 "Intäkter"
#KONTO 4010 "Material"
#KONTO 5010 "Lokaler"
#IB 0 1930 1000.00
#UB 0 1930 750.00
#RES 0 3010 -300.00
#RES 0 4010 400.00
#RES 0 5010 150.00
#PBUDGET 0 202401 4010 {} 300.00
#PBUDGET 0 202402 4010 {1 "100"} 120.00
#PBUDGET -1 202301 4010 {} 90.00
#VER A 1 20240115 "Inköp"
{
   #TRANS 4010 {1 "100"} 250.00
   #TRANS 1930 {} -250.00
}
#VER A 2 20240210 "Hyra" 20240211
{
   #TRANS 5010 {1 "200" 6 "P1"} 150.00 20240210 "Hyra februari"
   #TRANS 1930 {} -150.00
}
#VER B 1 20240305 "Försäljning"
{
   #TRANS 1930 {} 300.00
   #TRANS 3010 {1 "200"} -300.00
}
#VER A 3 20241120 "Material"
{
   #TRANS 4010 {} 150.00 20241121
   #TRANS 1930 {} -150.00
}
"""

_JUNK = [
    "",
    '""',
    "x",
    "2024",
    "20241301",
    "20230105",
    "20250101",
    "1.005",
    "12a",
    "{}",
    "-0",
    "{1}",
]


def _mutate_fields(rng: random.Random, lines: list[str]) -> list[str]:
    """One to three edits of whole lines or fields: the mistakes exporters and hands make."""
    lines = list(lines)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        action = rng.randrange(5)
        if action == 0:
            del lines[i]
        elif action == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif action == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            fields = lines[i].split(" ")
            k = rng.randrange(len(fields))
            fields[k] = rng.choice(_JUNK) if action == 3 else ""
            lines[i] = " ".join(fields)
    return lines


def _mutate_bytes(rng: random.Random, data: bytearray) -> bytearray:
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(data))
        action = rng.randrange(3)
        if action == 0:
            data[i] = rng.choice(b' \t\r\n{}"#\\0123456789-.x\x84')
        elif action == 1:
            del data[i : i + rng.randint(1, 8)]
        else:
            data[i:i] = bytes(rng.choice(b' \t\n{}"#019.-') for _ in range(rng.randint(1, 4)))
    return data


def test_the_base_file_is_read_by_both_readers_without_errors(tmp_path: Path) -> None:
    path = tmp_path / "base.se"
    path.write_bytes(BASE.encode("cp437"))
    fast = columnar(path)
    assert fast is not None
    assert fast == full(path)
    assert all(severity != "fel" for _, severity, _ in fast)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_files_give_the_same_diagnostics(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    lines = BASE.splitlines()
    compared = 0
    for i in range(150):
        path = tmp_path / f"m{seed}_{i}.se"
        if i % 3:
            text = "\n".join(_mutate_fields(rng, lines)) + "\n"
            path.write_bytes(text.encode("cp437", errors="replace"))
        else:
            path.write_bytes(bytes(_mutate_bytes(rng, bytearray(BASE.encode("cp437")))))
        fast = columnar(path)
        if fast is None:
            continue
        compared += 1
        assert fast == full(path), path.read_text(encoding="cp437")
    assert compared > 30


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "sie_bench", Path(__file__).resolve().parents[1] / "bench" / "sie_bench.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("sie_bench", module)
    spec.loader.exec_module(module)
    return module.generate


def test_mutated_generated_files_give_the_same_diagnostics(tmp_path: Path) -> None:
    """A generated file of a year's vouchers (bench/sie_bench.py), mutated."""
    base = tmp_path / "generated.se"
    _generator()(base, 300, 11)
    lines = base.read_text(encoding="cp437").splitlines()
    rng = random.Random(11)
    compared = 0
    for i in range(120):
        path = tmp_path / f"g{i}.se"
        if i % 2:
            text = "\n".join(_mutate_fields(rng, lines)) + "\n"
            path.write_bytes(text.encode("cp437", errors="replace"))
        else:
            path.write_bytes(bytes(_mutate_bytes(rng, bytearray(base.read_bytes()))))
        fast = columnar(path)
        if fast is None:
            continue
        compared += 1
        assert fast == full(path), i
    assert compared > 30
