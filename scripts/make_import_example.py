"""Write examples/orebro-van-2020-import: the bundled example with its economy imported.

The typed-in example (examples/orebro-van-2020) gives the published amounts per enhet, per
kontogrupp and per verksamhet in tkr. This script copies every file of that example except
the typed-in operating accounts (ekonomi/driftredovisning-*.csv; the investments stay typed
in, since they are no ledger object), and writes the exports an accounting system would give
for the three views, in kronor and spread over the months and a few accounts or codes, so
that mapping them (mappning.yaml) gives back exactly the published amounts:

- export/ansvar-utfall.csv and export/ansvar-budget-2020.csv: per ansvar, as in a report
  (costs negative), Windows-1252, semicolons, decimal comma, spaces between digit groups;
- export/huvudbok-per-konto.xlsx: per Kommun-Bas account, ledger sign, dates per month;
- export/verksamhet.csv: per activity code, ledger sign, UTF-8, commas (values quoted).

Run from the repository root: ``.venv/bin/python scripts/make_import_example.py``.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import random
import shutil
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from uppsikt.model.economy import Fact, Scenario
from uppsikt.workspace.reader import read_workspace

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "examples" / "orebro-van-2020"
TARGET = REPO / "examples" / "orebro-van-2020-import"
TYPED_IN = "ekonomi/driftredovisning-"
NBSP = "\u00a0"

ANSVAR: dict[str, tuple[tuple[str, str], ...]] = {
    "NAMND": (("5000", "Nämnd"),),
    "FL": (("5010", "Förvaltningsledning"),),
    "PLANRES": (("5090", "Planeringsreserv"),),
    "FS-LED": (("5100", "Ledning försörjning"),),
    "FS-FS": (
        ("5110", "Försörjningsstöd norr"),
        ("5120", "Försörjningsstöd söder"),
        ("5130", "Mottagning och utredning"),
    ),
    "AM-LED": (("5200", "Ledning arbetsmarknad"),),
    "AM-UA": (("5210", "Ung Arena"),),
    "AM-AMA": (("5220", "Arbetsmarknadsanställningar"),),
    "AM-AME": (("5230", "AME Vuxna"), ("5231", "AME Vuxna, praktik")),
    "AM-MOD": (("5240", "Modersmål"),),
    "KOMVUX": (("5300", "Komvux, grundläggande"), ("5310", "Komvux, gymnasial och SFI")),
}
"""Each unit's ansvar codes (invented) with their names in the export."""

ACCOUNTS: dict[str, tuple[tuple[int, str, float], ...]] = {
    "INT": (
        (3510, "Statsbidrag", 0.55),
        (3610, "Försäljning av verksamhet", 0.35),
        (3910, "Övriga intäkter", 0.10),
    ),
    "PERS": (
        (5010, "Lön månadsavlönade", 0.62),
        (5110, "Semesterlön", 0.08),
        (5510, "Arbetsgivaravgifter", 0.22),
        (5610, "Pensionskostnader", 0.08),
    ),
    "PERS-AMA": (
        (5020, "Lön arbetsmarknadsanställda", 0.76),
        (5520, "Arbetsgivaravgifter arbetsmarknadsanställda", 0.24),
    ),
    "LOKAL": ((6010, "Lokalhyror", 1.0),),
    "EB": ((4650, "Ekonomiskt bistånd", 1.0),),
    "KAP": ((8810, "Avskrivningar inventarier", 0.8), (8850, "Internränta", 0.2)),
    "OVR": (
        (4410, "Förbrukningsmaterial", 0.15),
        (4510, "Köp av huvudverksamhet", 0.55),
        (6110, "Fastighetskostnader", 0.05),
        (7810, "Övriga främmande tjänster", 0.20),
        (7910, "Diverse kostnader", 0.05),
    ),
}
"""Each kontogrupp's accounts (from Kommun-Bas) with their names and shares."""

ACTIVITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "POL": (("110", "Nämnd- och styrelseverksamhet"),),
    "VUXU": (("410", "Kommunal vuxenutbildning"), ("430", "Svenska för invandrare")),
    "FSST": (("550", "Ekonomiskt bistånd"),),
    "FLYKT": (("580", "Flyktingmottagande"),),
    "AMA": (("600", "Arbetsmarknadsåtgärder"), ("610", "Feriearbeten")),
}
"""Each activity's codes (invented) with their names in the export."""

MAPPING = """\
# Hur huvudbokens konton och objekt mappas på rapportens dimensioner (se docs/ledger.md).
# Kontona följer Kommun-Bas; ansvar och verksamhetskoder är exemplets egna.
konton:
  ignorera: ["1", "2"]              # balanskonton hör inte till resultatet
  kontogrupp:                       # den första regeln som matchar gäller
    INT: ["3"]
    PERS-AMA: ["5020-5029", "5520-5529"]   # arbetsmarknadsanställda, före övriga löner
    PERS: ["5"]
    EB: ["4650-4659"]
    LOKAL: ["60"]
    KAP: ["88"]
    OVR: ["4", "6", "7"]
enhet:
  från: ansvar
  regler:
    "5000": NAMND
    "5010": FL
    "5090": PLANRES
    "5100": FS-LED
    "5110-5139": FS-FS
    "5200": AM-LED
    "5210": AM-UA
    "5220": AM-AMA
    "5230-5239": AM-AME
    "5240": AM-MOD
    "53*": KOMVUX
verksamhet:
  från: verksamhet
  regler:
    "1*": POL
    "41-43": VUXU
    "55": FSST
    "58": FLYKT
    "60-61": AMA
"""

IMPORT = """\
# Hur exporterna från ekonomisystemet i export/ läses (se docs/ledger.md).
källor:
  ansvar-utfall:
    fil: export/ansvar-utfall.csv
    format: csv
    avgränsare: ";"
    kodning: cp1252
    tecken: rapport          # kostnader negativa, som i en rapport
    scenario: utfall
    kolumner:
      år: År
      period: Period
      ansvar: Ansvar
      belopp: Belopp
  ansvar-budget:
    fil: export/ansvar-budget-2020.csv
    format: csv
    avgränsare: ";"
    kodning: cp1252
    tecken: rapport
    scenario: budget
    kolumner:
      år: År
      ansvar: Ansvar
      belopp: Budget
  konto:
    fil: export/huvudbok-per-konto.xlsx
    format: xlsx
    blad: Huvudbok
    tecken: huvudbok         # debet positiv, kredit negativ
    kolumner:
      scenario: Typ
      datum: Bokföringsdatum
      konto: Konto
      belopp: Belopp
  verksamhet:
    fil: export/verksamhet.csv
    format: csv
    avgränsare: ","
    kodning: utf-8
    tecken: huvudbok
    kolumner:
      år: År
      period: Period
      scenario: Scenario
      verksamhet: Vht
      belopp: Belopp
"""

Key = tuple[int, Scenario, str]
"""(year, scenario, member)."""


def main(target: Path = TARGET) -> int:
    """Write the import example into ``target`` (replaced); 0 on success."""
    workspace, diagnostics = read_workspace(SOURCE)
    if workspace is None:
        for d in diagnostics:
            print(d.format(), file=sys.stderr)
        return 1
    if target.exists():
        shutil.rmtree(target)
    for path in sorted(SOURCE.rglob("*")):
        relative = path.relative_to(SOURCE).as_posix()
        # The README describes the typed-in example; the import example has its own docs.
        if path.is_file() and not relative.startswith(TYPED_IN) and relative != "README.md":
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)
    write_stated_totals(target)
    (target / "mappning.yaml").write_text(MAPPING, encoding="utf-8")
    (target / "import.yaml").write_text(IMPORT, encoding="utf-8")
    export = target / "export"
    export.mkdir()
    facts = workspace.facts
    write_ansvar(export, facts_by(facts, "enhet"))
    write_accounts(export / "huvudbok-per-konto.xlsx", facts_by(facts, "kontogrupp"))
    write_activities(export / "verksamhet.csv", facts_by(facts, "verksamhet"))
    print(f"Skrev {target}")
    return 0


STATED_TOTALS = "ekonomi/publicerade-summor-"
"""Where the import example keeps the published totals typed in beside the imported ledger."""


def write_stated_totals(target: Path) -> None:
    """The typed-in files' stated totals (``typ: summa``), kept typed in: a published total
    is no ledger amount, and beside the imported posts it makes the headline figures the
    adopted report's, as in the typed-in example."""
    for path in sorted(SOURCE.glob(f"{TYPED_IN}*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = next(line for line in lines if not line.startswith("#"))
        kept = [line for line in lines if line.split(";")[-1].strip() == "summa"]
        if not kept:
            continue
        name = path.name.removeprefix(TYPED_IN.rsplit("/", 1)[1])
        comment = (
            "# Publicerade summor (typ summa) ur årsberättelsen, inskrivna; posterna importeras."
        )
        text = "\n".join([comment, header, *kept]) + "\n"
        (target / f"{STATED_TOTALS}{name}").write_text(text, encoding="utf-8")


def facts_by(facts: Sequence[Fact], dimension: str) -> dict[Key, Decimal]:
    """The amounts (kronor, report sign) of the facts given only by ``dimension``. A stated
    total (``typ: summa``) is no amount of the ledger: the exports hold the posts only."""
    found: dict[Key, Decimal] = {}
    for fact in facts:
        if fact.post and len(fact.dimensions) == 1 and fact.dimensions[0][0] == dimension:
            found[(fact.year, fact.scenario, fact.dimensions[0][1])] = fact.amount
    return found


def split(total: Decimal, weights: Sequence[float], seed: str) -> list[Decimal]:
    """``total`` in parts about proportional to ``weights``, in öre, summing exactly."""
    rng = random.Random(seed)
    jittered = [w * rng.uniform(0.85, 1.15) for w in weights]
    cents = int(total * 100)
    raw = [cents * w / sum(jittered) for w in jittered]
    parts = [int(r) for r in raw]
    remainder = cents - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: abs(raw[i] - parts[i]), reverse=True)
    for i in order[: abs(remainder)]:
        parts[i] += 1 if remainder > 0 else -1
    return [Decimal(p).scaleb(-2) for p in parts]


MONTHS = (1.0, 1.0, 1.05, 1.0, 1.0, 1.0, 0.7, 0.85, 1.05, 1.05, 1.0, 1.25)
"""Relative size of each month (less in July and August, more at year end)."""


def swedish(amount: Decimal, space: str = " ") -> str:
    """-1 234 567,89 with ``space`` between digit groups, as exports write amounts."""
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):.2f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{space.join(groups)},{fraction}"


def write_ansvar(folder: Path, amounts: dict[Key, Decimal]) -> None:
    """Per ansvar in report sign: the outcome per month, the budget per year."""
    outcome: list[tuple[int, str, int, str, Decimal]] = []
    budget: list[tuple[int, str, str, Decimal]] = []
    for (year, scenario, unit), total in amounts.items():
        codes = ANSVAR[unit]
        shares = split(total, [1.0] * len(codes), f"ansvar {year} {scenario.value} {unit}")
        for (code, name), share in zip(codes, shares, strict=True):
            if scenario is Scenario.BUDGET:
                budget.append((year, code, name, share))
            elif share == 0:
                outcome.append((year, code, 12, name, share))
            else:
                months = split(share, MONTHS, f"ansvar {year} {code}")
                outcome.extend((year, code, m, name, part) for m, part in enumerate(months, 1))
    lines = ["År;Period;Ansvar;Ansvarsbenämning;Belopp"]
    lines += [f"{y};{m};{c};{n};{swedish(a)}" for y, c, m, n, a in sorted(outcome)]
    (folder / "ansvar-utfall.csv").write_bytes(_crlf(lines).encode("cp1252"))
    lines = ["År;Ansvar;Ansvarsbenämning;Budget"]
    lines += [f"{y};{c};{n};{swedish(a)}" for y, c, n, a in sorted(budget)]
    (folder / "ansvar-budget-2020.csv").write_bytes(_crlf(lines).encode("cp1252"))


def write_accounts(path: Path, amounts: dict[Key, Decimal]) -> None:
    """Per account in ledger sign (income negative), one row per account and month."""
    rows: list[tuple[int, str, int, int, str, Decimal]] = []
    for (year, scenario, group), total in amounts.items():
        accounts = ACCOUNTS[group]
        seed = f"konto {year} {scenario.value} {group}"
        shares = split(-total, [share for _, _, share in accounts], seed)
        for (account, name, _), share in zip(accounts, shares, strict=True):
            months = split(share, MONTHS, f"konto {year} {scenario.value} {account}")
            label = scenario.value.capitalize()
            rows.extend((year, label, m, account, name, part) for m, part in enumerate(months, 1))
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"created": dt.datetime(2021, 2, 15, 8, 0, 0)})
    sheet = workbook.add_worksheet("Huvudbok")
    bold = workbook.add_format({"bold": True})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    money = workbook.add_format({"num_format": "# ##0.00"})
    sheet.write(0, 0, "Huvudbok per konto och månad, Vuxenutbildnings- och arbetsmarknadsnämnden")
    sheet.write(1, 0, "Belopp i kronor, debet positivt")
    headers = ("Typ", "Bokföringsdatum", "Konto", "Kontobenämning", "Belopp")
    for column, header in enumerate(headers):
        sheet.write(3, column, header, bold)
    for row, (year, label, month, account, name, part) in enumerate(sorted(rows), start=4):
        last_day = dt.date(year, month, calendar.monthrange(year, month)[1])
        sheet.write_string(row, 0, label)
        sheet.write_datetime(row, 1, dt.datetime.combine(last_day, dt.time()), date)
        sheet.write_number(row, 2, account)
        sheet.write_string(row, 3, name)
        sheet.write_number(row, 4, float(part), money)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 16)
    sheet.set_column(3, 3, 44)
    sheet.set_column(4, 4, 16)
    workbook.close()


def write_activities(path: Path, amounts: dict[Key, Decimal]) -> None:
    """Per activity code in ledger sign, UTF-8 with commas: the outcome per month, the
    budget per year (period 0)."""
    rows: list[tuple[int, str, str, int, str, Decimal]] = []
    for (year, scenario, activity), total in amounts.items():
        codes = ACTIVITIES[activity]
        seed = f"vht {year} {scenario.value} {activity}"
        shares = split(-total, [1.0] * len(codes), seed)
        label = scenario.value.capitalize()
        for (code, name), share in zip(codes, shares, strict=True):
            if scenario is Scenario.BUDGET:
                rows.append((year, label, code, 0, name, share))
                continue
            months = split(share, MONTHS, f"vht {year} {code}")
            rows.extend((year, label, code, m, name, part) for m, part in enumerate(months, 1))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(("År", "Period", "Vht", "Benämning", "Scenario", "Belopp"))
    for year, label, code, month, name, part in sorted(
        rows, key=lambda r: (r[0], r[1] != "Utfall", r[2], r[3])
    ):
        writer.writerow((year, month, code, name, label, swedish(part, NBSP)))
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def _crlf(lines: list[str]) -> str:
    return "".join(line + "\r\n" for line in lines)


if __name__ == "__main__":
    sys.exit(main())
