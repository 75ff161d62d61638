"""SIE inputs for bench/fuzz.py: a grammar-aware generator of whole files (header, #KONTO,
#PSALDO/#PBUDGET with and without object lists, #VER/#TRANS with odd fields) and seeded
mutations of valid seed files (a built-in one, and the real exports in ../shared/sie when
they are there)."""

from __future__ import annotations

import functools
import random

from fuzz_case import SHARED_SIE
from fuzz_mutate import TEXT, mutate

SEED = """#FLAGGA 0
#PROGRAM "Fuzz" 1.0
#FORMAT PC8
#GEN 20240105
#SIETYP 4
#FNAMN "Övningskommunen"
#RAR 0 20240101 20241231
#RAR -1 20230101 20231231
#DIM 1 "Ansvar"
#DIM 6 "Projekt"
#OBJEKT 1 "1100" "Ledning"
#OBJEKT 6 "P1" "Projekt ett"
#KONTO 1930 "Bank"
#KONTO 4010 "Material"
#KONTO 3010 "Intäkter"
#IB 0 1930 1000.00
#UB 0 1930 900.00
#RES 0 4010 100.00
#PSALDO 0 202401 4010 {} 100.00
#PSALDO 0 202402 4010 {1 "1100"} 50.00
#PBUDGET 0 202401 4010 {} 120.00
#VER A 1 20240115 "Inköp" 20240116
{
   #TRANS 4010 {1 "1100"} 100.00 20240115 "Skruv"
   #TRANS 1930 {} -100.00
}
#VER B 2 20240220 "Försäljning"
{
   #TRANS 3010 {1 "1100" 6 "P1"} -250.50
   #TRANS 1930 {} 250.50 "" "" 1
}
""".replace("\n", "\r\n").encode("cp437")
"""A small, valid SIE 4E file touching every record the readers use."""


@functools.cache
def seeds() -> tuple[bytes, ...]:
    found = [SEED]
    if SHARED_SIE.is_dir():
        found += [
            p.read_bytes()
            for p in sorted(SHARED_SIE.iterdir())
            if p.suffix.lower() in (".se", ".si") and p.stat().st_size < 60_000
        ]
    return tuple(found)


def _pick(rng: random.Random, good: tuple[str, ...], odd: tuple[str, ...], p_odd: float) -> str:
    return rng.choice(odd if rng.random() < p_odd else good)


ACCOUNTS = ("1930", "4010", "3010", "5010", "7010")
ODD_ACCOUNTS = ("", '""', "0", "99999999999999999999", "4010x", "-1", '"4010', "ÅÄÖ", "{}")
AMOUNTS = ("100.00", "-100.00", "0", "1234.5", "-0.01", "250")
ODD_AMOUNTS = (
    "",
    "1e999",
    "NaN",
    "9" * 30,
    "1" + "0" * 5000,
    "1,5",
    "--1",
    "-",
    "0x10",
    "1 000",
    "Infinity",
    "1.0.0",
    '"12"',
    "99999999999999999999.99",
)
DATES = ("20240115", "20240229", "20241231", "20240101")
ODD_DATES = (
    "",
    "20240230",
    "20241301",
    "00000000",
    "2024011",
    "202401150",
    "99991231",
    "20230615",
    "20250101",
    "-20240101",
    '""',
    "2024-01-15",
)
PERIODS = ("202401", "202406", "202412")
ODD_PERIODS = ("", "202413", "202400", "000000", "20241", "2024010", "202301", "999999", "x")
YEARS = ("0",)
ODD_YEARS = ("-1", "1", "", "x", "99999999999", "-0")
OBJECTS = ("{}", '{1 "1100"}', '{1 "1100" 6 "P1"}', "{6 P1}")
ODD_OBJECTS = (
    "",
    "{",
    "}",
    "{1}",
    '{1 "1100" 1 "1200"}',
    '{99 "x"}',
    '{1 ""}',
    '{"" ""}',
    "{{}}",
    "{" * 200 + "}" * 200,
    '{1 "' + "x" * 5000 + '"}',
    '{-1 "1"}',
    '{1 "1100"',
)


def _transaction(rng: random.Random, p: float) -> str:
    fields = [
        "#TRANS",
        _pick(rng, ACCOUNTS, ODD_ACCOUNTS, p),
        _pick(rng, OBJECTS, ODD_OBJECTS, p),
        _pick(rng, AMOUNTS, ODD_AMOUNTS, p),
    ]
    if rng.random() < 0.5:
        fields.append(_pick(rng, DATES, ODD_DATES, p))
    if rng.random() < 0.3:
        fields.append(rng.choice(('"Text"', '""', '"unterminated', "text utan citat")))
    if rng.random() < 0.1:
        fields.append(rng.choice(("1", "x", "1e9", "")))
    if rng.random() < 0.1:
        fields = fields[: rng.randint(1, len(fields))]
    if rng.random() < 0.1:
        fields[0] = rng.choice(("#RTRANS", "#BTRANS", "#TRANS#", "#trans"))
    return "   " + " ".join(fields)


def _voucher(rng: random.Random, number: int, p: float) -> list[str]:
    series = _pick(rng, ("A", "B", '""'), ("", "{}", '"' + "S" * 300 + '"'), p)
    head = ["#VER", series, str(number), _pick(rng, DATES, ODD_DATES, p)]
    if rng.random() < 0.5:
        head.append(rng.choice(('"Inköp"', '""', '"åäö \\" citat"')))
    if rng.random() < 0.2:
        head.append(_pick(rng, DATES, ODD_DATES, p))
    lines = [" ".join(head)]
    if rng.random() > p / 3:
        lines.append("{")
    balanced = rng.random() < 0.7
    amount = rng.choice(AMOUNTS)
    if balanced:
        negated = amount[1:] if amount.startswith("-") else "-" + amount
        lines.append(f"   #TRANS {rng.choice(ACCOUNTS)} {{}} {amount}")
        lines.append(f"   #TRANS {rng.choice(ACCOUNTS)} {{}} {negated}")
    lines += [_transaction(rng, p) for _ in range(rng.randint(0, 4))]
    if rng.random() > p / 3:
        lines.append("}")
    return lines


def _balance(rng: random.Random, p: float) -> str:
    tag = rng.choice(("#PSALDO", "#PBUDGET", "#IB", "#UB", "#RES", "#OIB", "#OUB"))
    fields = [tag, _pick(rng, YEARS, ODD_YEARS, p)]
    if tag in ("#PSALDO", "#PBUDGET"):
        fields.append(_pick(rng, PERIODS, ODD_PERIODS, p))
    fields.append(_pick(rng, ACCOUNTS, ODD_ACCOUNTS, p))
    if tag in ("#PSALDO", "#PBUDGET", "#OIB", "#OUB") and rng.random() > p / 2:
        fields.append(_pick(rng, OBJECTS, ODD_OBJECTS, p))
    fields.append(_pick(rng, AMOUNTS, ODD_AMOUNTS, p))
    if rng.random() < 0.1:
        fields.append(rng.choice(("1", "x", "")))
    return " ".join(fields)


def generate_sie(rng: random.Random) -> bytes:
    """A whole SIE file from the grammar, each field odd with a probability drawn per file."""
    p = rng.choice((0.0, 0.02, 0.1, 0.4))
    kind = _pick(rng, ("1", "2", "3", "4"), ("", "5", "0", "4E", "x"), p)
    lines = [
        "#FLAGGA " + _pick(rng, ("0",), ("1", "", "x"), p),
        "#FORMAT " + _pick(rng, ("PC8",), ("", "UTF8", "x" * 200), p),
        "#SIETYP " + kind,
        '#FNAMN "Fuzz"',
    ]
    for year in ("0", "-1"):
        start, end = (
            _pick(rng, ("20240101",), ODD_DATES, p),
            _pick(rng, ("20241231",), ODD_DATES, p),
        )
        year_field = year if rng.random() > p else rng.choice(ODD_YEARS)
        lines.append(f"#RAR {year_field} {start} {end}")
    lines += ['#DIM 1 "Ansvar"', '#OBJEKT 1 "1100" "Ledning"']
    if rng.random() < p:
        lines.append(rng.choice(('#DIM 1 "Igen"', '#OBJEKT 1 "" ""', "#DIM", '#OBJEKT 77 "x" "y"')))
    for account in ACCOUNTS:
        name = rng.choice(('"Konto"', '""', '"' + "n" * 500 + '"'))
        lines.append(f"#KONTO {_pick(rng, (account,), ODD_ACCOUNTS, p)} {name}")
    lines += [_balance(rng, p) for _ in range(rng.randint(0, 12))]
    for number in range(1, rng.randint(1, 8)):
        lines += _voucher(rng, number, p)
    if rng.random() < p:
        rng.shuffle(lines)
    text = rng.choice(("\r\n", "\n", "\r")).join(lines) + "\r\n"
    encoding = rng.choice(("cp437", "cp437", "utf-8", "cp1252"))
    return text.encode(encoding, errors="replace")


def sie_input(rng: random.Random) -> tuple[bytes, str]:
    """An SIE file: generated (half), or a seed mutated; and how it was made."""
    if rng.random() < 0.5:
        data = generate_sie(rng)
        if rng.random() < 0.3:
            data, names = mutate(data, rng, TEXT, seeds(), most=2)
            return data, "grammar+" + ",".join(names)
        return data, "grammar"
    seed = rng.choice(seeds())
    data, names = mutate(seed, rng, TEXT, seeds())
    return data, ",".join(names)
