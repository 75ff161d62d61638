"""The SIE reader on the real files in ../shared/sie: which import, which are refused and why.

For each file: read it, reconcile it, write it and read it back (must compare equal), and
sum its ledger rows. Prints one line per file and a summary; exits with 1 if a file raises
or does not round-trip.

    .venv/bin/python bench/sie_real_files.py [FOLDER]
"""

from __future__ import annotations

import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

from uppsikt.importers.sie.parse import parse_sie
from uppsikt.importers.sie.reader import ledger_rows, read_sie, reconcile, write_sie
from uppsikt.located.diagnostics import Diagnostic, Severity

FOLDER = Path(__file__).resolve().parents[1].parent / "shared" / "sie"


def sie_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".se", ".si"))


def check(path: Path) -> tuple[bool, list[Diagnostic], str]:
    """Whether the file imports, its diagnostics and a note on its content."""
    sie, diagnostics = read_sie(path)
    if sie is None:
        return False, diagnostics, ""
    problems = reconcile(sie)
    diagnostics += problems
    if problems:
        return False, diagnostics, ""
    again, _ = parse_sie(write_sie(sie), str(path))
    if again != sie:
        raise AssertionError(f"{path.name}: read → write → read differs")
    rows = list(ledger_rows(sie))
    total = sum((r.amount for r in rows), Decimal(0))
    kind = f"typ {sie.header.sietyp}, {len(sie.vouchers)} ver, {len(rows)} rader, summa {total}"
    return True, diagnostics, kind


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER
    if not folder.is_dir():
        print(f"{folder} saknas: inga riktiga SIE-filer att läsa.")
        return 0
    imported, refused = 0, 0
    reasons: Counter[str] = Counter()
    for path in sie_files(folder):
        ok, diagnostics, note = check(path)
        warnings = Counter(d.code for d in diagnostics if d.severity is Severity.WARNING)
        if ok:
            imported += 1
            extra = f"; varningar {dict(warnings)}" if warnings else ""
            print(f"importerad  {path.name}: {note}{extra}")
            continue
        refused += 1
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        reasons.update({d.code for d in errors})
        print(f"avvisad     {path.name}: {len(errors)} fel")
        for d in errors[:3]:
            print("    " + d.format().replace("\n", "\n    "))
    print(f"\n{imported} importerade, {refused} avvisade; avvisade per kod: {dict(reasons)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
