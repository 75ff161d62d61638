"""Reading uppsikt.yaml: the report's settings."""

from __future__ import annotations

import re

from uppsikt.located.yamlfile import Node
from uppsikt.model.settings import (
    SECTION_KINDS,
    AssessmentSettings,
    CommitmentRule,
    DisplayUnit,
    OutputFormat,
    PublishingSettings,
    ReportType,
    Settings,
)

SETTINGS_FILE = "uppsikt.yaml"

_KEYS = (
    "kommun",
    "kommunkod",
    "nämnd",
    "nämnd_kort",
    "rapport",
    "år",
    "period",
    "diarienummer",
    "visningsenhet",
    "beloppsenhet",
    "bedömning",
    "avsnitt",
    "publicering",
)
_AMOUNT_UNITS = {"kr": None, "tkr": DisplayUnit.TKR, "mnkr": DisplayUnit.MNKR}
_SECTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def read_settings(node: Node) -> Settings | None:
    """Settings from the root of uppsikt.yaml; None when a required value is unusable."""
    node.check_unknown(_KEYS)
    kommun = node.text("kommun")
    kommunkod = node.text("kommunkod")
    if kommunkod and not re.fullmatch(r"\d{4}", kommunkod):
        node.sink.error(
            "UPP130",
            f"Kommunkoden «{kommunkod}» ska vara fyra siffror.",
            line=node.key_line("kommunkod"),
            field_name="kommunkod",
            hint='Skriv SCB:s kommunkod inom citattecken, t.ex. kommunkod: "1880".',
        )
    namnd = node.text("nämnd")
    report_type = node.choice("rapport", {t.value: t for t in ReportType})
    year = node.integer("år")
    # A written 0 (or -0) is refused too, while a value that integer() has already reported
    # as no whole number (returning 0) is not reported twice. ruamel gives ints as ScalarInt.
    written = node.data.get("år")
    written_zero = isinstance(written, int) and not isinstance(written, bool) and year == 0
    if (year or written_zero) and not 2000 <= year <= 2100:
        node.sink.error(
            "UPP131",
            f"Året {year} är orimligt.",
            line=node.key_line("år"),
            field_name="år",
            hint="Skriv rapportåret med fyra siffror, t.ex. 2020.",
        )
        year = 0
    display = node.choice("visningsenhet", {u.value: u for u in DisplayUnit}, required=False)
    amounts_unit = DisplayUnit.TKR
    if node.has("beloppsenhet"):
        amounts_unit = node.choice("beloppsenhet", _AMOUNT_UNITS)
    sections = _sections(node)
    assessment = _assessment(node)
    if not (kommun and namnd and report_type and year):
        return None
    return Settings(
        kommun=kommun,
        kommunkod=kommunkod,
        namnd=namnd,
        namnd_short=node.text("nämnd_kort", required=False),
        report_type=report_type,
        year=year,
        period=node.text("period", required=False),
        diarienummer=node.text("diarienummer", required=False),
        display_unit=display or DisplayUnit.TKR,
        amounts_unit=amounts_unit,
        sections=sections,
        assessment=assessment,
        publishing=_publishing(node),
    )


def _sections(node: Node) -> tuple[str, ...]:
    if not node.has("avsnitt"):
        return SECTION_KINDS
    sections: list[str] = []
    for line, item in node.items("avsnitt"):
        name = str(item).strip() if item is not None else ""
        if not _SECTION_ID.match(name):
            node.sink.error(
                "UPP132",
                f"«{name}» är inget giltigt avsnittsnamn.",
                line=line,
                field_name="avsnitt",
                hint="Använd små bokstäver a–z, siffror och bindestreck, t.ex. ekonomi.",
            )
        elif name in sections:
            node.sink.error("UPP133", f"Avsnittet «{name}» står två gånger.", line=line)
        else:
            sections.append(name)
    return tuple(sections)


def _assessment(node: Node) -> AssessmentSettings:
    child = node.child("bedömning")
    if child is None:
        return AssessmentSettings()
    child.check_unknown(("delvis_uppfyllt", "åtagande"))
    rule = child.choice("åtagande", {r.value: r for r in CommitmentRule}, required=False)
    return AssessmentSettings(
        allow_partly_met=child.boolean("delvis_uppfyllt"),
        commitment_rule=rule or CommitmentRule.ALL,
    )


def _publishing(node: Node) -> PublishingSettings:
    child = node.child("publicering")
    if child is None:
        return PublishingSettings()
    child.check_unknown(("format", "wordmall", "logotyp", "indikatordiagram"))
    formats: list[OutputFormat] = []
    known = {f.value: f for f in OutputFormat}
    for line, item in child.items("format"):
        name = str(item).strip().lower()
        if name not in known:
            child.sink.error(
                "UPP134",
                f"Okänt format «{item}».",
                line=line,
                field_name="format",
                hint=f"Använd några av: {', '.join(known)}.",
            )
        elif known[name] not in formats:
            formats.append(known[name])
    return PublishingSettings(
        formats=tuple(formats) if child.has("format") else tuple(OutputFormat),
        word_template=child.text("wordmall", required=False),
        logo=child.text("logotyp", required=False),
        indicator_charts=child.boolean("indikatordiagram", default=True),
    )
