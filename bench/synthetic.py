"""A synthetic workspace of any size, for benchmarks: a fictional nämnd with many units,
tables and indicators, written in the workspace format and valid (it builds without errors).
The same size and seed always give the same files."""

from __future__ import annotations

import random
from pathlib import Path

YEAR = 2025


def write_synthetic_workspace(
    root: Path, *, indicators: int = 300, tables: int = 60, seed: int = 1
) -> None:
    rng = random.Random(seed)
    (root / "ekonomi").mkdir(parents=True, exist_ok=True)
    (root / "text").mkdir(exist_ok=True)
    (root / "uppsikt.yaml").write_text(
        f"""kommun: Syntetiska kommun
kommunkod: "9998"
nämnd: Syntetiska nämnden
rapport: årsberättelse
år: {YEAR}
visningsenhet: tkr
beloppsenhet: kr
avsnitt: [forslag-till-beslut, forvaltningschefens-bedomning, sammanfattande-iakttagelser,
          malomraden, ekonomi, fem-ar-i-sammandrag]
""",
        encoding="utf-8",
    )
    units = _organisation(root, tables)
    _facts(root, units, rng)
    _tables(root, units, tables)
    commitments = _goals(root)
    _indicators(root, indicators, commitments, rng)
    _texts(root)


def _organisation(root: Path, tables: int) -> dict[str, list[str]]:
    units = {f"V{v:02d}": [f"V{v:02d}-E{e}" for e in range(1, 6)] for v in range(1, tables)}
    lines = ["kod: SYN", "namn: Syntetiska nämnden", "delar:"]
    for verksamhet, children in units.items():
        lines += [f"  - kod: {verksamhet}", f"    namn: Verksamhet {verksamhet}", "    delar:"]
        lines += [f"      - {{kod: {c}, namn: Enhet {c}}}" for c in children]
    (root / "organisation.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return units


def _facts(root: Path, units: dict[str, list[str]], rng: random.Random) -> None:
    lines = ["år;scenario;enhet;belopp"]
    for children in units.values():
        for unit in children:
            base = rng.randint(1_000_000, 90_000_000)
            lines.append(f"{YEAR - 1};utfall;{unit};-{base}")
            lines.append(f"{YEAR};utfall;{unit};-{int(base * rng.uniform(0.9, 1.1))}")
            lines.append(f"{YEAR};budget;{unit};-{int(base * rng.uniform(0.95, 1.05))}")
    (root / "ekonomi" / "drift.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _tables(root: Path, units: dict[str, list[str]], tables: int) -> None:
    lines = [
        "tabeller:",
        "  - id: enheter",
        "    rubrik: Nettokostnad per verksamhet",
        "    underavsnitt: Verksamheternas ekonomiska resultat",
        "    dimension: enhet",
        "    diagram: avvikelse",
        "    kolumner: standard",
        "    rader:",
    ]
    lines += [f"      - rad: {v}" for v in units]
    lines += ["      - summa: Nettokostnad", "        id: netto"]
    for verksamhet, children in list(units.items())[: tables - 1]:
        lines += [
            f"  - id: t-{verksamhet.lower()}",
            f"    rubrik: Verksamhet {verksamhet}",
            "    underavsnitt: Enheternas ekonomiska resultat",
            "    dimension: enhet",
            "    rader:",
        ]
        lines += [f"      - rad: {c}" for c in children]
        lines += ["      - summa: Nettokostnad", "        id: netto"]
    (root / "tabeller.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _goals(root: Path) -> list[tuple[str, str]]:
    lines = ["målområden:"]
    commitments: list[tuple[str, str]] = []
    for area in range(1, 7):
        lines += [
            f"  - id: MO{area}",
            f"    nummer: {area}",
            f"    namn: Målområde nummer {area}",
            "    analys: Nämnden bidrar inom målområdet.",
            "    positiva_iakttagelser: [Bra resultat., Fler deltagare.]",
            "    förbättringsområden: [Kortare väntetider.]",
            "    kf_mål:",
        ]
        for goal in range(1, 6):
            ident = f"MO{area}-{goal}"
            lines += [
                f"      - id: {ident}",
                f"        text: Kommunfullmäktiges mål {ident}",
                "        ställningstagande: åtagande",
                "        beskrivning: Nämnden bidrar med insatser.",
                "        åtaganden:",
            ]
            commitment = f"A-{area}-{goal}"
            commitments.append((commitment, f"MO{area}"))
            lines += [
                f"          - id: {commitment}",
                f"            text: Åtagande {commitment}",
                "            beskrivning: Arbetet har gått enligt plan.",
            ]
        lines += [
            "    inriktningar:",
            "      - text: En inriktning.",
            "        bidrag: Nämnden bidrar.",
        ]
    (root / "mal.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return commitments


def _indicators(
    root: Path, count: int, commitments: list[tuple[str, str]], rng: random.Random
) -> None:
    definitions = ["grupper:", "  - namn: Nyckeltal", "indikatorer:"]
    values = ["indikator;uppdelning;år;värde;saknas;ca;fotnot"]
    for index in range(count):
        ident = f"ind-{index:04d}"
        in_summary = index % 3 == 2
        membership = (
            "{fem-år: null, grupp: Nyckeltal}"
            if in_summary
            else f"{{åtagande: {commitments[index % len(commitments)][0]}}}"
        )
        definitions += [
            f"  - id: {ident}",
            f"    namn: Andel med ett visst utfall nummer {index}",
            "    enhet: procent",
            "    decimaler: 1",
            "    bättre: högre",
            "    målvärde: Öka",
            "    uppdelning: [K, M]",
            f"    tillhör: [{membership}]",
        ]
        for year in range(YEAR - 4, YEAR + 1):
            level = rng.uniform(20, 80)
            for key, shift in (("tot", 0.0), ("K", 2.0), ("M", -2.0)):
                values.append(f"{ident};{key};{year};{level + shift:.1f};;;")
    (root / "indikatorer.yaml").write_text("\n".join(definitions) + "\n", encoding="utf-8")
    (root / "indikatorvarden.csv").write_text("\n".join(values) + "\n", encoding="utf-8")


def _texts(root: Path) -> None:
    (root / "text" / "forslag-till-beslut.md").write_text(
        "# Förslag till beslut\n\n"
        "Avvikelsen är {{ tabell.enheter.netto.avvikelse | mnkr | tecken }}.\n",
        encoding="utf-8",
    )
    (root / "text" / "forvaltningschefens-bedomning.md").write_text(
        "# Förvaltningschefens bedömning och analys\n\n## Analys\n\n"
        + "Nettokostnaden är {{ tabell.enheter.netto.utfall | abs | mnkr }}. " * 20
        + "\n\n## Händelser\n\nInga.\n",
        encoding="utf-8",
    )
