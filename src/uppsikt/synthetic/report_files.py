"""The report folders of a generated kommun: settings, tables, a short text and, for a
nämnd's årsberättelse, its stance on every one of KF's goals (docs/kommun.md)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from uppsikt.synthetic.files import generated_note, quoted
from uppsikt.synthetic.kommun import Municipality
from uppsikt.synthetic.scaled import ScaledMunicipality

GOAL_AREAS = (
    (
        "MO1",
        "Ett gott liv i hela kommunen",
        (
            ("MO1-1", "Fler invånare ska ha ett arbete att gå till"),
            ("MO1-2", "Alla barn och unga ska få en god start i livet"),
        ),
    ),
    (
        "MO2",
        "En hållbar och trygg kommun",
        (
            ("MO2-1", "Kommunens klimatpåverkan ska minska"),
            ("MO2-2", "Invånarna ska känna sig trygga där de bor"),
        ),
    ),
    (
        "MO3",
        "En effektiv organisation med god ekonomi",
        (
            ("MO3-1", "Verksamheterna ska hålla sin budget"),
            ("MO3-2", "Kommunen ska vara en attraktiv arbetsgivare"),
        ),
    ),
)
"""KF's målområden (id, name) and goals (id, text), in the kommun's mal.yaml."""

SECTIONS = ("forslag-till-beslut", "malomraden", "ekonomi")
COLUMNS = """\
    kolumner:
      - {id: budget, typ: belopp, scenario: budget, år: 0}
      - {id: utfall, typ: belopp, scenario: utfall, år: 0}
      - {id: avvikelse, typ: skillnad, av: [utfall, budget]}
"""
"""The ledger holds one year: budget, bokslut and the deviation (no previous year)."""


@dataclass(frozen=True, slots=True)
class ReportSpec:
    folder: str
    """Its folder under rapporter/."""
    kind: str
    """uppsikt.yaml's ``rapport``."""
    owner: str
    """The nämnd named on the title page."""
    owner_code: str
    scope: str
    """uppsikt.yaml's ``omfattning`` as written."""
    unit_filter: str | None
    """The per-enhet table's filter on enhet, as written; None: the kommun's tops."""
    year: int


def report_specs(scaled: ScaledMunicipality, year: int) -> tuple[ReportSpec, ...]:
    """An årsberättelse per nämnd, KS's ks-årsberättelse and the kommunsammanställning."""
    specs: list[ReportSpec] = []
    for board in scaled.boards:
        if board.kind != "nämnd":
            continue
        shown = board.administration[0] if board.administration else board.code
        specs.append(
            ReportSpec(
                f"{board.code.lower()}-{year}",
                "årsberättelse",
                board.name,
                board.code,
                board.code,
                shown,
                year,
            )
        )
    under_ks = [b.code for b in scaled.boards[:3]]
    ks = f"[{', '.join(under_ks)}]"
    specs.append(
        ReportSpec(
            f"ks-arsberattelse-{year}",
            "ks-årsberättelse",
            "Kommunstyrelsen",
            "KS",
            ks,
            ks,
            year,
        )
    )
    specs.append(
        ReportSpec(
            f"kommunsammanstallning-{year}",
            "kommunsammanställning",
            "Kommunstyrelsen",
            "KS",
            "kommun",
            None,
            year,
        )
    )
    return tuple(specs)


def kf_goals_yaml(note: str) -> str:
    """The kommun's mal.yaml: KF's målområden and goals, without stances."""
    lines = [note, "målområden:"]
    for number, (area, name, goals) in enumerate(GOAL_AREAS, start=1):
        lines += [f"  - id: {area}", f"    nummer: {number}", f"    namn: {quoted(name)}"]
        lines.append("    kf_mål:")
        lines += [f"      - {{id: {goal}, text: {quoted(text)}}}" for goal, text in goals]
    return "\n".join(lines) + "\n"


def write_report(folder: Path, spec: ReportSpec, m: Municipality, seed: int) -> None:
    (folder / "text").mkdir(parents=True, exist_ok=True)
    note = generated_note(m)
    (folder / "uppsikt.yaml").write_text(_settings(spec, m, note), encoding="utf-8")
    (folder / "tabeller.yaml").write_text(_tables(spec, note), encoding="utf-8")
    (folder / "text" / "forslag-till-beslut.md").write_text(_proposal(spec), encoding="utf-8")
    (folder / "text" / "ekonomi.md").write_text(_economy(), encoding="utf-8")
    if spec.kind == "årsberättelse":
        (folder / "mal.yaml").write_text(_stances(spec, note, seed), encoding="utf-8")


def _settings(spec: ReportSpec, m: Municipality, note: str) -> str:
    return "\n".join(
        [
            note,
            f"kommun: {quoted(m.name)}",
            'kommunkod: "9999"',
            f"nämnd: {quoted(spec.owner)}",
            f"nämnd_kort: {spec.owner_code}",
            f"rapport: {spec.kind}",
            f"år: {spec.year}",
            f"omfattning: {spec.scope}",
            "visningsenhet: tkr",
            "beloppsenhet: kr",
            f"avsnitt: [{', '.join(SECTIONS)}]",
            "",
        ]
    )


def _tables(spec: ReportSpec, note: str) -> str:
    shown = "" if spec.unit_filter is None else f"    filter: {{enhet: {spec.unit_filter}}}\n"
    heading = "Nämndernas" if spec.kind == "kommunsammanställning" else "Enheternas"
    return (
        f"{note}\n"
        "tabeller:\n"
        "  - id: enheter\n"
        "    rubrik: Nettokostnad per enhet\n"
        f"    underavsnitt: {heading} ekonomiska resultat\n"
        "    dimension: enhet\n"
        f"{shown}"
        f"{COLUMNS}"
        "    rader: alla\n"
        "  - id: kontogrupper\n"
        "    rubrik: Intäkter och kostnader per kontogrupp\n"
        "    underavsnitt: Intäkts- och kostnadsutveckling\n"
        "    dimension: kontogrupp\n"
        f"{COLUMNS}"
        "    rader: alla\n"
    )


def _proposal(spec: ReportSpec) -> str:
    decides = "Kommunstyrelsen" if spec.owner_code == "KS" else "Nämnden"
    return (
        "# Förslag till beslut\n\n"
        f"{spec.owner}s avvikelse mot budget för {spec.year} är "
        "{{ tabell.enheter.totalt.avvikelse | mnkr | tecken }}.\n\n"
        f"1. {decides} fastställer rapporten.\n"
        "2. Rapporten lämnas till kommunfullmäktige.\n"
    )


def _economy() -> str:
    return (
        "# Ekonomi\n\n"
        "Nettokostnaden blev {{ tabell.enheter.totalt.utfall | abs }} mot en budget på "
        "{{ tabell.enheter.totalt.budget | abs }}. Personalkostnaderna är den största "
        "kostnaden; tabellerna nedan visar utfallet per enhet och per kontogrupp.\n"
    )


def _stances(spec: ReportSpec, note: str, seed: int) -> str:
    """The nämnd's stance on every KF goal: grunduppdrag or ej-relevant, chosen by the seed."""
    rng = random.Random(f"{seed}-{spec.owner_code}")
    lines = [note, "målområden:"]
    for area, _, goals in GOAL_AREAS:
        lines += [f"  - id: {area}", "    analys: |", "      Nämnden bidrar inom målområdet."]
        lines.append("    kf_mål:")
        for goal, _ in goals:
            stance = "grunduppdrag" if rng.random() < 0.7 else "ej-relevant"
            text = (
                "Målet nås inom nämndens grunduppdrag."
                if stance == "grunduppdrag"
                else "Målet ligger utanför nämndens uppdrag."
            )
            lines += [f"      - id: {goal}", f"        ställningstagande: {stance}"]
            lines += ["        beskrivning: |", f"          {text}"]
    return "\n".join(lines) + "\n"
