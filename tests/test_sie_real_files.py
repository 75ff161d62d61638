"""The SIE reader on real files exported by Swedish accounting programs (../shared/sie).

Each file either imports (no error, its totals reconcile, it writes and reads back equal, and
its ledger rows keep every krona of #RES) or is refused with an error that names the file and
a line. ``bench/sie_real_files.py`` prints the same verdicts file by file.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.importers.sie.parse import parse_sie
from uppsikt.importers.sie.reader import ledger_rows, read_sie, reconcile, write_sie
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.economy import Scenario

FOLDER = Path(__file__).resolve().parents[1].parent / "shared" / "sie"
if not FOLDER.is_dir():
    pytest.skip(
        f"the real SIE files are not beside the project ({FOLDER})", allow_module_level=True
    )

FILES = sorted(p for p in FOLDER.iterdir() if p.suffix.lower() in (".se", ".si"))

REFUSED = {
    # UB equal to IB on every account although the file has the year's vouchers: an import
    # file (.si) carrying balances that were never updated.
    "Sie4.si": "UPP667",
    # The period balances of 1997-02 add up to 100.00 kr over all accounts, not 0 (and
    # UB + RES − IB is 100.00 as well): debit and credit differ in the file itself.
    "Test3.SE": "UPP668",
}
"""The files refused, each after looking at why: the files are inconsistent, not the reader."""


def verdict(path: Path) -> tuple[bool, list[Diagnostic]]:
    sie, diagnostics = read_sie(path)
    if sie is None:
        return False, diagnostics
    problems = reconcile(sie)
    return not problems, diagnostics + problems


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_imports_whole_or_is_refused_with_a_located_error(path: Path) -> None:
    imported, diagnostics = verdict(path)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if path.name in REFUSED:
        assert not imported
        assert {d.code for d in errors} == {REFUSED[path.name]}
        assert all(d.location.file == str(path) and d.location.line for d in errors)
        return
    assert imported, [d.format() for d in errors]
    assert errors == []


@pytest.mark.parametrize("path", [p for p in FILES if p.name not in REFUSED], ids=lambda p: p.name)
def test_imported_files_round_trip_and_keep_every_krona(path: Path) -> None:
    sie, _ = read_sie(path)
    assert sie is not None
    again, diagnostics = parse_sie(write_sie(sie), str(path))
    assert again == sie, [d.format() for d in diagnostics]
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in ledger_rows(sie):
        if row.scenario is Scenario.OUTCOME:
            totals[row.account] += row.amount
    results = {b.account: b.amount for b in sie.balances if b.kind == "RES" and b.year == 0}
    if sie.vouchers or any(p.kind == "PSALDO" and p.year == 0 for p in sie.periods):
        assert sum(totals.values(), Decimal(0)) == 0  # debit = credit
    for account, amount in results.items():
        assert abs(totals[account] - amount) <= Decimal("0.005"), account


def test_summary(capsys: pytest.CaptureFixture[str]) -> None:
    reasons: dict[str, set[str]] = {}
    for path in FILES:
        imported, diagnostics = verdict(path)
        if not imported:
            reasons[path.name] = {d.code for d in diagnostics if d.severity is Severity.ERROR}
    with capsys.disabled():
        print(
            f"\nSIE: {len(FILES) - len(reasons)} av {len(FILES)} riktiga filer importerade; "
            f"avvisade: {reasons}"
        )
    assert {name: {code} for name, code in REFUSED.items()} == reasons
