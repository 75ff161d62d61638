"""The full SIE reader's two ways of reading a voucher give the same records (issue #15).

``parse_sie`` takes plain vouchers by two regular expressions and caches each ``#TRANS``
line's tail (date, text, quantity, signature) by its text; any other voucher goes to the
line-by-line reader. A blank line inside a voucher's braces is allowed and makes the fast path
leave that voucher to the line reader, so each voucher below is read both ways and compared.
"""

from __future__ import annotations

import gc
import random

import pytest

from uppsikt.importers.sie.parse import parse_sie
from uppsikt.importers.sie.reader import ledger_rows

HEAD = '#FLAGGA 0\n#SIETYP 4\n#RAR 0 20240101 20241231\n#KONTO 3000 "Intäkt"\n#KONTO 1930 "Bank"\n'
TAILS = (
    "",
    " ",
    "\r",
    " 20240105",
    ' "20240105"',
    ' ""',
    ' 20240105 "Hyra lokal"',
    ' "" "Hyra" 1.5',
    ' 20240105 text ""',
    ' 20240105 "Lön" -2 "AB"',
    '\t20240105\t"Lön"\t.5\tsign',
    ' "" "" "" ""',
    ' 20240105 "Å ä ö" 3. "Signatur med mellanslag" ',
)


def _file(rows: list[tuple[str, str]], *, blank: bool) -> bytes:
    lines = ['#VER A 1 20240105 "Faktura"', "{"]
    lines += [f'   #TRANS {account} {{1 "10"}} {tail}' for account, tail in rows]
    if blank:
        lines.insert(2, "")
    return (HEAD + "\n".join([*lines, "}"]) + "\n").encode("cp437")


@pytest.mark.parametrize("seed", range(40))
def test_fast_path_and_line_reader_read_the_same_voucher(seed: int) -> None:
    rng = random.Random(seed)
    amount = f"{rng.randint(1, 10**6)}.{rng.randint(0, 99):02d}"
    rows = [("3000", f"-{amount}{rng.choice(TAILS)}"), ("1930", f"{amount}{rng.choice(TAILS)}")]
    fast, fast_found = parse_sie(_file(rows, blank=False), "fil.se")
    slow, slow_found = parse_sie(_file(rows, blank=True), "fil.se")
    assert fast is not None, [d.format() for d in fast_found]
    assert slow is not None, [d.format() for d in slow_found]
    assert fast.vouchers == slow.vouchers
    assert [d.code for d in fast_found] == [d.code for d in slow_found]
    assert list(ledger_rows(fast)) == list(ledger_rows(slow))


def test_a_tail_that_is_not_plain_is_reported_with_its_line() -> None:
    rows = [("3000", "-5.00 20240105 text extra fält"), ("1930", "5.00 20241399")]
    sie, found = parse_sie(_file(rows, blank=False), "fil.se")
    assert sie is None
    assert [(d.code, d.location.line) for d in found] == [("UPP655", 8), ("UPP656", 9)]


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_leaves_the_garbage_collector_as_it_was(enabled: bool) -> None:
    rows = [("3000", "-5.00"), ("1930", "5.00")]
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        sie, _ = parse_sie(_file(rows, blank=False), "fil.se")
        assert sie is not None
        assert len(list(ledger_rows(sie))) == 2
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
