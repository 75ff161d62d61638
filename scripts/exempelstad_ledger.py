"""Write the monthly ledger of examples/exempelstad-2025: SIE 4 files for 2024 and 2025.

The fictional kommun's economy is typed in per year (ekonomi/drift-per-enhet.csv, and
Kommunledningskontoret per kontogrupp in ekonomi/klk-per-enhet-och-kontogrupp.csv). This
script books the same outcome month by month, so that `uppsikt import` of the files gives the
monthly follow-up (section `manadsuppfoljning`, KS's monthly view in the web application)
while every yearly figure stays the typed-in one:

- each unit's months add up to its typed-in outcome of the year, to the krona; a unit of
  Kommunledningskontoret also per kontogrupp (accounts mapped in mappning.yaml);
- the months follow a seasonal profile: a summer dip (fewer staff in July, schools closed), a
  December peak (invoices and accruals at the year's end); taxes and utjämning come in
  twelfths, financial items quarterly, the 2024 EU election falls on Valnämnden in May–June;
  each unit's profile varies a little from year to year (a fixed seed per unit and year);
- in 2025 each unit's outcome after april and after augusti, extrapolated by the unit's
  2024 months (Valnämnden: by an ordinary year's, 2024 was an election year), is its forecast
  in ekonomi/prognoser.csv: the forecasts follow from the outcome so far, and the months after
  them carry the difference to the year's outcome.

One voucher per nämnd and month (series A, dated the month's last day), each #TRANS on an
account with the unit's ansvar (SIE dimension 1), balanced against the bank (1930, ignored by
the mapping). The same input gives the same files, byte for byte.

Run from the repository root: ``.venv/bin/python scripts/exempelstad_ledger.py``. Importing
the files (into a copy of the example) is in examples/exempelstad-2025/README.md;
tests/test_example_monthly.py checks what is promised here.
"""

from __future__ import annotations

import calendar
import csv
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KOMMUN = REPO / "examples" / "exempelstad-2025"
EXPORT = KOMMUN / "export"
YEARS = (2024, 2025)
FORECAST_MONTHS = (4, 8)
TKR = 1000
BANK = "1930"
MONTH_NAMES = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip

# ansvar code, unit, name in the ledger; and how its months run (a profile below)
UNITS: tuple[tuple[str, str, str, str], ...] = (
    ("1000", "KS-POL", "Kommunstyrelsen, politik", "politik"),
    ("1110", "KLK-KANS", "Kansli och ledning", "kostnad"),
    ("1120", "KLK-EK", "Ekonomiavdelningen", "kostnad"),
    ("1130", "KLK-HR", "HR-avdelningen", "kostnad"),
    ("1140", "KLK-NK", "Näringsliv och kommunikation", "kostnad"),
    ("1150", "KLK-DIG", "Digitalisering och IT", "kostnad"),
    ("1900", "REV", "Revisionen", "politik"),
    ("1910", "VAL", "Valnämnden", "val"),
    ("2000", "BUN-POL", "Barn- och utbildningsnämnden", "politik"),
    ("2100", "BUF-LED", "Förvaltningsledning BUF", "kostnad"),
    ("2200", "BUF-FSK", "Förskola", "skola"),
    ("2300", "BUF-GR", "Grundskola", "skola"),
    ("2400", "BUF-GY", "Lärkaskolans gymnasium", "skola"),
    ("2500", "BUF-ELH", "Elevhälsa och resurscentrum", "skola"),
    ("3000", "SN-POL", "Socialnämnden", "politik"),
    ("3100", "SOC-LED", "Förvaltningsledning SOC", "kostnad"),
    ("3200", "SOC-AO", "Äldreomsorg", "kostnad"),
    ("3300", "SOC-LSS", "Funktionsstöd", "kostnad"),
    ("3400", "SOC-IFO", "Individ- och familjeomsorg", "kostnad"),
    ("3500", "SOC-HSR", "Hälso- och sjukvård", "kostnad"),
    ("4000", "TN-POL", "Tekniska nämnden", "politik"),
    ("4100", "TF-LED", "Förvaltningsledning TF", "kostnad"),
    ("4200", "TF-GATA", "Gata och park", "kostnad"),
    ("4300", "TF-FAST", "Fastighet", "kostnad"),
    ("4400", "TF-KOST", "Kost och lokalvård", "kostnad"),
    ("9000", "FIN-PENS", "Pensioner", "pension"),
    ("9100", "FIN-REAL", "Realisationsvinster", "real"),
    ("9200", "FIN-SKATT", "Skatteintäkter", "jämn"),
    ("9210", "FIN-INK", "Inkomstutjämning", "jämn"),
    ("9220", "FIN-KOST", "Kostnadsutjämning", "jämn"),
    ("9230", "FIN-REG", "Regleringsbidrag", "jämn"),
    ("9240", "FIN-LSS", "LSS-utjämning", "jämn"),
    ("9250", "FIN-FAVG", "Kommunal fastighetsavgift", "jämn"),
    ("9300", "FIN-FINI", "Finansiella intäkter", "kvartal"),
    ("9310", "FIN-FINK", "Finansiella kostnader", "kvartal"),
)
TOPS = {
    "KS": ("KS-POL", "KLK-KANS", "KLK-EK", "KLK-HR", "KLK-NK", "KLK-DIG"),
    "REV": ("REV",),
    "VAL": ("VAL",),
    "BUN": ("BUN-POL", "BUF-LED", "BUF-FSK", "BUF-GR", "BUF-GY", "BUF-ELH"),
    "SN": ("SN-POL", "SOC-LED", "SOC-AO", "SOC-LSS", "SOC-IFO", "SOC-HSR"),
    "TN": ("TN-POL", "TF-LED", "TF-GATA", "TF-FAST", "TF-KOST"),
    "FIN": tuple(u for _, u, _, _ in UNITS if u.startswith("FIN-")),
}
ACCOUNTS = {
    "3110": "Taxor och avgifter",
    "3810": "Försäljning av anläggningstillgångar",
    "4510": "Köp av huvudverksamhet",
    "5011": "Löner arbetad tid",
    "5610": "Pensionskostnader",
    "6010": "Lokalhyror",
    "8010": "Skatteintäkter",
    "8040": "Kommunal fastighetsavgift",
    "8210": "Inkomstutjämning",
    "8220": "Kostnadsutjämning",
    "8230": "Regleringsbidrag",
    "8310": "Avgift till LSS-utjämningen",
    "8410": "Finansiella intäkter",
    "8510": "Finansiella kostnader",
    BANK: "Bank",
}
GROUP_ACCOUNT = {"INT": "3110", "PERS": "5011", "LOK": "6010", "OVR": "4510"}
"""The account each kontogrupp is booked on (mappning.yaml maps it back)."""
SHARES = {
    "kostnad": (
        ("INT", Fraction(-8, 100)),
        ("PERS", Fraction(70, 100)),
        ("LOK", Fraction(12, 100)),
        ("OVR", Fraction(26, 100)),
    ),
    "politik": (("PERS", Fraction(85, 100)), ("OVR", Fraction(15, 100))),
}
"""A unit's outcome split over kontogrupper as shares of its net (where nothing typed in says
otherwise): a cost unit has some income, personnel first, premises and other costs."""
SHARES["skola"] = SHARES["val"] = SHARES["kostnad"]
FIN_ACCOUNT = {
    "FIN-PENS": "5610",
    "FIN-REAL": "3810",
    "FIN-SKATT": "8010",
    "FIN-INK": "8210",
    "FIN-KOST": "8220",
    "FIN-REG": "8230",
    "FIN-LSS": "8310",
    "FIN-FAVG": "8040",
    "FIN-FINI": "8410",
    "FIN-FINK": "8510",
}

PROFILES: dict[str, Sequence[float]] = {
    # Jan … Dec: a summer dip and a December peak.
    "kostnad": (1.00, 0.96, 1.03, 0.99, 1.01, 1.08, 0.62, 0.90, 1.03, 1.04, 1.02, 1.32),
    "skola": (1.02, 0.98, 1.05, 0.97, 1.03, 0.98, 0.48, 0.86, 1.06, 1.07, 1.05, 1.45),
    "politik": (0.9, 1.0, 1.1, 1.0, 1.1, 1.1, 0.3, 0.6, 1.1, 1.2, 1.2, 1.4),
    "val": (1.00, 0.96, 1.03, 0.99, 1.01, 1.08, 0.62, 0.90, 1.03, 1.04, 1.02, 1.32),
    "jämn": (1,) * 12,
    "pension": (0.92,) * 11 + (1.88,),
    "kvartal": (0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1),
    "real": (0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0, 0),
}
SPECIAL_2024: dict[str, Sequence[float]] = {
    # The election to the European Parliament, 9 June 2024.
    "VAL": (0.3, 0.3, 0.5, 0.8, 2.5, 5.0, 0.4, 0.2, 0.3, 0.3, 0.3, 1.1),
    "FIN-REAL": (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
}
VARIES = ("kostnad", "skola", "politik", "val", "pension")
"""Profiles that vary a little from year to year (±1.5 % a month)."""


@dataclass(frozen=True, slots=True)
class Booking:
    year: int
    month: int
    unit: str
    account: str
    amount: int
    """Kronor, report sign (costs negative)."""


def _number(text: str) -> int:
    return int(text.replace("\u2212", "-").replace(" ", "").replace("\u00a0", ""))


def _rows(name: str) -> list[dict[str, str]]:
    lines = (KOMMUN / "ekonomi" / name).read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(body, delimiter=";"))


def typed_outcome() -> dict[tuple[int, str], int]:
    """(year, unit) → outcome in kronor, from drift-per-enhet.csv."""
    return {
        (int(r["år"]), r["enhet"]): _number(r["belopp"]) * TKR
        for r in _rows("drift-per-enhet.csv")
        if r["scenario"] == "utfall"
    }


def typed_groups() -> dict[tuple[int, str], dict[str, int]]:
    """(year, unit) → kontogrupp → outcome in kronor, where it is typed in (KLK)."""
    found: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for r in _rows("klk-per-enhet-och-kontogrupp.csv"):
        if r["scenario"] == "utfall":
            found[(int(r["år"]), r["enhet"])][r["kontogrupp"]] = _number(r["belopp"]) * TKR
    return found


def forecasts() -> dict[tuple[int, str], int]:
    """(month, unit) → the year's forecast in kronor; a unit forecast in parts (kontogrupp
    or verksamhet columns) is summed."""
    found: dict[tuple[int, str], int] = defaultdict(int)
    for r in _rows("prognoser.csv"):
        if int(r["år"]) == 2025:
            found[(int(r["månad"]), r["enhet"])] += _number(r["belopp"]) * TKR
    return found


def profile(unit: str, kind: str, year: int) -> list[Fraction]:
    """The unit's weights per month in ``year`` (not normalised)."""
    base = SPECIAL_2024.get(unit) if year == 2024 else None
    weights = [Fraction(w).limit_denominator(1000) for w in base or PROFILES[kind]]
    if kind in VARIES:
        rng = random.Random(f"{unit}-{year}")
        weights = [w * (1 + Fraction(rng.randint(-15, 15), 1000)) for w in weights]
    return weights


def spread(total: int, weights: Sequence[Fraction]) -> list[int]:
    """``total`` kronor over ``weights``, whole kronor, exactly; the remainder on the month of
    the largest weight."""
    whole = sum(weights, Fraction(0))
    if whole == 0:
        if total != 0:
            raise ValueError(f"{total} kr over months without weight")
        return [0] * len(weights)
    found = [round(total * w / whole) for w in weights]
    largest = max(range(len(weights)), key=lambda i: weights[i])
    found[largest] += total - sum(found)
    return found


def unit_months(
    unit: str, kind: str, year: int, outcome: int, made: dict[int, int], last_year: list[int]
) -> list[int]:
    """The unit's outcome per month. With forecasts (``made``: month → forecast, 2025), the
    cumulative outcome after a forecast month is the forecast times the share of the year
    those months had last year (``last_year``: its months), as a controller extrapolates;
    a unit whose last year was unlike this one (an election) takes its usual profile."""
    weights = profile(unit, kind, year)
    if not made:
        return spread(outcome, weights)
    usual = unit in SPECIAL_2024 or sum(last_year) == 0
    shares = [Fraction(w).limit_denominator(1000) for w in PROFILES[kind]] if usual else last_year
    whole = sum(shares, Fraction(0))
    anchors = [(m, round(made[m] * sum(shares[:m], Fraction(0)) / whole)) for m in sorted(made)]
    anchors.append((12, outcome))
    months: list[int] = []
    start, before = 0, 0
    for end, cumulative in anchors:
        months += spread(cumulative - before, weights[start:end])
        start, before = end, cumulative
    return months


def split_parts(unit: str, kind: str, outcome: int, typed: dict[str, int]) -> dict[str, int]:
    """The unit's year on its accounts (kronor, report sign), summing to ``outcome``."""
    if unit in FIN_ACCOUNT:
        return {FIN_ACCOUNT[unit]: outcome}
    if typed:
        if sum(typed.values()) != outcome:
            raise ValueError(f"{unit}: kontogrupperna summerar inte till enhetens utfall")
        return {GROUP_ACCOUNT[g]: a for g, a in typed.items()}
    shares = SHARES[kind]
    parts = {GROUP_ACCOUNT[g]: round(outcome * s) for g, s in shares[:-1]}
    parts[GROUP_ACCOUNT[shares[-1][0]]] = outcome - sum(parts.values())
    return parts


def bookings(year: int) -> list[Booking]:
    """Every unit's months on its accounts; each part's year and each month's total exact."""
    outcome = typed_outcome()
    groups = typed_groups()
    made = forecasts()
    found: list[Booking] = []
    for _, unit, _, kind in UNITS:
        total = outcome[(year, unit)]
        own = {m: made[(m, unit)] for m in FORECAST_MONTHS if (m, unit) in made}
        before = year - 1
        last_year = (
            unit_months(unit, kind, before, outcome[(before, unit)], {}, [])
            if (before, unit) in outcome
            else [0] * 12
        )
        forecast = own if year == 2025 else {}
        months = unit_months(unit, kind, year, total, forecast, last_year)
        parts = split_parts(unit, kind, total, groups.get((year, unit), {}))
        accounts = list(parts)
        booked = [0] * 12
        for account in accounts[:-1]:
            share = [round(Fraction(parts[account] * m, total)) for m in months]
            share[11] += parts[account] - sum(share)
            booked = [b + s for b, s in zip(booked, share, strict=True)]
            found += (Booking(year, i + 1, unit, account, a) for i, a in enumerate(share))
        last = [m - b for m, b in zip(months, booked, strict=True)]
        found += (Booking(year, i + 1, unit, accounts[-1], a) for i, a in enumerate(last))
    return [b for b in found if b.amount != 0]


def _kr(amount: int) -> str:
    return f"{Decimal(amount):.2f}"


def sie_text(year: int, booked: list[Booking]) -> str:
    ansvar = {unit: code for code, unit, _, _ in UNITS}
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "uppsikt scripts/exempelstad_ledger.py" 1',
        "#FORMAT PC8",
        f"#GEN {year + 1}0115",
        "#SIETYP 4",
        '#FNAMN "Exempelstads kommun"',
        f"#RAR 0 {year}0101 {year}1231",
        '#DIM 1 "Ansvar"',
        *(f'#OBJEKT 1 "{code}" "{name}"' for code, _, name, _ in UNITS),
        *(f'#KONTO {number} "{name}"' for number, name in sorted(ACCOUNTS.items())),
    ]
    by_voucher: dict[tuple[int, str], list[Booking]] = defaultdict(list)
    top_of = {unit: top for top, units in TOPS.items() for unit in units}
    for b in booked:
        by_voucher[(b.month, top_of[b.unit])].append(b)
    number = 0
    for month in range(1, 13):
        last_day = calendar.monthrange(year, month)[1]
        for top in TOPS:
            rows = by_voucher.get((month, top), [])
            if not rows:
                continue
            number += 1
            text = f"{top} {MONTH_NAMES[month - 1]} {year}"
            lines.append(f'#VER A {number} {year}{month:02d}{last_day:02d} "{text}"')
            lines.append("{")
            # Ledger sign: a cost is a debit (positive), an income a credit.
            lines += (
                f'   #TRANS {b.account} {{1 "{ansvar[b.unit]}"}} {_kr(-b.amount)}' for b in rows
            )
            lines.append(f"   #TRANS {BANK} {{}} {_kr(sum(b.amount for b in rows))}")
            lines.append("}")
    return "\r\n".join(lines) + "\r\n"


def check(year: int, booked: list[Booking]) -> None:
    """Every unit's year, and KLK's kontogrupper, equal the typed-in outcome."""
    outcome = typed_outcome()
    per_unit: dict[str, int] = defaultdict(int)
    for b in booked:
        per_unit[b.unit] += b.amount
    for _, unit, _, _ in UNITS:
        if per_unit[unit] != outcome[(year, unit)]:
            raise SystemExit(f"{year} {unit}: {per_unit[unit]} ≠ {outcome[(year, unit)]}")
    for (y, unit), groups in typed_groups().items():
        if y != year:
            continue
        for group, amount in groups.items():
            got = sum(
                b.amount for b in booked if b.unit == unit and b.account == GROUP_ACCOUNT[group]
            )
            if got != amount:
                raise SystemExit(f"{year} {unit} {group}: {got} ≠ {amount}")


def main() -> int:
    EXPORT.mkdir(exist_ok=True)
    for year in YEARS:
        booked = bookings(year)
        check(year, booked)
        path = EXPORT / f"huvudbok-{year}.se"
        path.write_bytes(sie_text(year, booked).encode("cp437"))
        print(f"{path.relative_to(REPO)}: {len(booked)} rader, {path.stat().st_size} byte")
    return 0


if __name__ == "__main__":
    sys.exit(main())
