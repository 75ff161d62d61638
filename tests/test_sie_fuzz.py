"""Property tests of the SIE reader and writer: no input makes the reader raise (it reports),
and every SieFile the writer can express reads back equal."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppsikt.importers.sie.model import (
    Account,
    Balance,
    Dimension,
    FiscalYear,
    Header,
    PeriodBalance,
    SieFile,
    SieObject,
    Transaction,
    UnknownRecord,
    Voucher,
)
from uppsikt.importers.sie.reader import read_sie, write_sie
from uppsikt.located.diagnostics import Diagnostic, Severity

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "sie"
SAMPLE = """#FLAGGA 0
#KSUMMA
#FORMAT PC8
#SIETYP 4
#FNAMN "Övningskommunen"
#RAR 0 20240101 20241231
#DIM 1 "Ansvar"
#OBJEKT 1 "1100" "Ledning"
#KONTO 1930 "Bank"
#KONTO 4010 "Material"
#IB 0 1930 1000.00
#UB 0 1930 900.00
#RES 0 4010 100.00
#PSALDO 0 202401 4010 {} 100.00
#VER A 1 20240115 "Inköp"
{
   #TRANS 4010 {1 "1100"} 100.00 20240115 "Skruv"
   #RTRANS 1930 {} -100.00
   #TRANS 1930 {} -100.00
}
#KSUMMA 1234
""".encode("cp437")
"""Used when the real files are not beside the project."""


def _seeds() -> list[bytes]:
    if not REAL.is_dir():
        return [SAMPLE]
    small = sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".se", ".si"))
    return [SAMPLE] + [p.read_bytes() for p in small if p.stat().st_size < 20_000]


SEEDS = _seeds()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sie-fuzz")


def read_bytes(folder: Path, data: bytes) -> tuple[SieFile | None, list[Diagnostic]]:
    path = folder / "fuzz.se"
    path.write_bytes(data)
    sie, diagnostics = read_sie(path)
    assert all(d.location.file == str(path) for d in diagnostics)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert (sie is None) == bool(errors)
    assert all(d.message and d.hint for d in errors)
    return sie, diagnostics


_FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(folder: Path, data: bytes) -> None:
    read_bytes(folder, data)


@_FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_after_a_valid_start_never_raise(folder: Path, data: bytes) -> None:
    read_bytes(folder, b"#FLAGGA 0\r\n#SIETYP 4\r\n#VER A 1 20240101\r\n{\r\n" + data)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed file with lines deleted, duplicated or swapped, bytes flipped, or cut short."""
    lines = draw(st.sampled_from(SEEDS)).split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(("delete", "duplicate", "swap", "flip", "truncate")))
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if operation == "delete" and len(lines) > 1:
            del lines[i]
        elif operation == "duplicate":
            lines.insert(j, lines[i])
        elif operation == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "flip" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            flipped = lines[i][k] ^ draw(st.integers(1, 255))
            lines[i] = lines[i][:k] + bytes((flipped,)) + lines[i][k + 1 :]
        elif operation == "truncate":
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
    return b"\n".join(lines)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated())
def test_mutated_files_never_raise(folder: Path, data: bytes) -> None:
    read_bytes(folder, data)


# -- generated files round-trip

_TEXT = st.text(
    st.characters(min_codepoint=32, max_codepoint=126) | st.sampled_from("åäöÅÄÖéüÉ½£"),
    max_size=12,
)
"""Text as users write it. (Only box-drawing and Greek CP437 symbols could make the encoding
heuristic take a CP437 file for Windows-1252: ─ and ╓ are Ä and Ö there.)"""
_CODE = st.from_regex(r"[0-9A-Za-zÅÄÖåäö_-]{1,6}", fullmatch=True)
_ACCOUNT = st.from_regex(r"[1-8][0-9]{3}", fullmatch=True)
_AMOUNT = st.decimals(min_value=-(10**9), max_value=10**9, places=2)
_DAY_2024 = st.dates(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
_OBJECTS = st.lists(st.tuples(st.integers(0, 99), _CODE), max_size=3).map(tuple)


@st.composite
def headers(draw: st.DrawFn) -> Header:
    gen = draw(st.none() | st.dates())
    return Header(
        flagga=draw(st.integers(0, 1)),
        program=draw(st.lists(_TEXT, max_size=2).map(tuple)),
        format="PC8",
        gen=gen,
        gen_sign=draw(_TEXT) if gen is not None else "",
        sietyp=draw(st.sampled_from("1234")),
        prosa=draw(st.lists(_TEXT, max_size=2).map(tuple)),
        ftyp=draw(st.none() | _TEXT),
        fnr=draw(st.none() | _TEXT),
        orgnr=draw(st.lists(_TEXT, max_size=3).map(tuple)),
        bkod=draw(st.none() | _TEXT),
        adress=draw(st.lists(_TEXT, max_size=4).map(tuple)),
        fnamn=draw(st.none() | _TEXT),
        rar=(
            FiscalYear(0, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
            FiscalYear(-1, datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)),
        ),
        taxar=draw(st.none() | st.integers(1990, 2100)),
        omfattn=draw(st.none() | st.dates()),
        kptyp=draw(st.none() | _TEXT),
        valuta=draw(st.none() | st.just("SEK")),
    )


@st.composite
def vouchers(draw: st.DrawFn, chart: list[str]) -> Voucher:
    """A balanced voucher: its #TRANS rows add up to 0 (#BTRANS rows do not count)."""
    kinds = draw(st.lists(st.sampled_from(("TRANS", "TRANS", "BTRANS")), max_size=5))
    amounts = [draw(_AMOUNT) for _ in kinds]
    balance = -sum((a for k, a in zip(kinds, amounts, strict=True) if k == "TRANS"), Decimal(0))
    rows = tuple(
        Transaction(
            kind,
            draw(st.sampled_from(chart)),
            draw(_OBJECTS),
            amount,
            draw(st.none() | _DAY_2024),
            draw(_TEXT),
            draw(st.none() | _AMOUNT),
            draw(_TEXT),
        )
        for kind, amount in [*zip(kinds, amounts, strict=True), ("TRANS", balance)]
    )
    return Voucher(
        draw(_TEXT),
        draw(_TEXT),
        draw(_DAY_2024),
        draw(_TEXT),
        draw(st.none() | _DAY_2024),
        draw(_TEXT),
        rows,
    )


@st.composite
def sie_files(draw: st.DrawFn) -> SieFile:
    numbers = draw(st.lists(_ACCOUNT, min_size=1, max_size=6, unique=True))
    accounts = tuple(
        Account(
            number,
            draw(_TEXT),
            draw(st.none() | st.sampled_from("TSKI")),
            draw(st.none() | _TEXT),
            draw(st.lists(_CODE, max_size=2).map(tuple)),
        )
        for number in numbers
    )
    balances = [
        Balance(kind, draw(st.integers(-1, 0)), draw(st.sampled_from(numbers)), draw(_AMOUNT))
        for kind in draw(st.lists(st.sampled_from(("IB", "UB", "RES")), max_size=4))
    ]
    balances += [
        Balance(kind, 0, draw(st.sampled_from(numbers)), draw(_AMOUNT), draw(_OBJECTS))
        for kind in draw(st.lists(st.sampled_from(("OIB", "OUB")), max_size=2))
    ]
    periods = tuple(
        PeriodBalance(
            kind,
            draw(st.integers(-1, 0)),
            2024_00 + draw(st.integers(1, 12)),
            draw(st.sampled_from(numbers)),
            draw(_OBJECTS),
            draw(_AMOUNT),
            draw(st.none() | _AMOUNT),
        )
        for kind in draw(st.lists(st.sampled_from(("PSALDO", "PBUDGET")), max_size=4))
    )
    return SieFile(
        header=draw(headers()),
        accounts=accounts,
        dimensions=tuple(
            Dimension(n, draw(_TEXT), draw(st.none() | st.integers(0, 99)))
            for n in draw(st.lists(st.integers(0, 99), max_size=3))
        ),
        objects=tuple(
            SieObject(d, draw(_TEXT), draw(_TEXT))
            for d in draw(st.lists(st.integers(0, 99), max_size=3))
        ),
        balances=tuple(balances),
        periods=periods,
        vouchers=tuple(draw(st.lists(vouchers(numbers), max_size=4))),
        unknown=tuple(
            UnknownRecord(tag, tuple(draw(st.lists(_TEXT, max_size=3))))
            for tag in draw(st.lists(st.sampled_from(("#KOMMUN", "#XYZ")), max_size=2))
        ),
        has_checksum=draw(st.booleans()),
    )


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sie_files())
def test_generated_files_round_trip(folder: Path, sie: SieFile) -> None:
    again, diagnostics = read_bytes(folder, write_sie(sie))
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []
    assert again == sie
