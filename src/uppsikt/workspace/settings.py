"""Reading uppsikt.yaml: the report's settings."""

from __future__ import annotations

import re

from ruamel.yaml.comments import CommentedSeq

from uppsikt.located.yamlfile import Node
from uppsikt.model.monthly import SpreadMethod
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
from uppsikt.workspace.chart_settings import LEGACY_KEY, read_chart_settings
from uppsikt.workspace.forecasts import read_forecast_settings
from uppsikt.workspace.profile import read_decision_date, read_profile
from uppsikt.workspace.report_kinds import required_sections, section_allowed

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
    "beslutsdatum",
    "visningsenhet",
    "beloppsenhet",
    "bedömning",
    "avsnitt",
    "publicering",
    "omfattning",
    "diagram",
    "prognos",
    "plan",
    "månadsfördelning",
)
_AMOUNT_UNITS = {"kr": None, "tkr": DisplayUnit.TKR, "mnkr": DisplayUnit.MNKR}
_SECTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
KOMMUN_SCOPE = "kommun"
"""``omfattning: kommun``: every nämnd of the organisation."""
SCOPE_KEY = "omfattning"
PLAN_KEY = "plan"
"""A report's plan of the year: the folder of its verksamhetsplan in the kommun."""


def read_settings(node: Node, lines: dict[str, int | None] | None = None) -> Settings | None:
    """Settings from the root of uppsikt.yaml; None when a required value is unusable.

    ``lines`` receives the lines the organisation is later checked against: ``omfattning``,
    each code written in it (``omfattning:KS``) and ``nämnd``."""
    node.check_unknown(_KEYS)
    found_lines: dict[str, int | None] = {} if lines is None else lines
    scope, whole = _scope(node, found_lines)
    found_lines["nämnd"] = node.key_line("nämnd")
    found_lines[PLAN_KEY] = node.key_line(PLAN_KEY)
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
    sections = _sections(node, report_type)
    assessment = _assessment(node)
    decision_date = read_decision_date(node)
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
        decision_date=decision_date,
        display_unit=display or DisplayUnit.TKR,
        amounts_unit=amounts_unit,
        sections=sections,
        assessment=assessment,
        publishing=_publishing(node),
        charts=read_chart_settings(node),
        forecast=read_forecast_settings(node),
        monthly_spread=node.choice(
            "månadsfördelning", {m.value: m for m in SpreadMethod}, required=False
        )
        or SpreadMethod.EVEN,
        scope=scope,
        whole_kommun=whole,
        plan=node.text(PLAN_KEY, required=False),
    )


def _scope(node: Node, lines: dict[str, int | None]) -> tuple[tuple[str, ...], bool]:
    """``omfattning`` as written: the codes of nämnder, or the whole kommun. Whether each code
    is a nämnd of the organisation is checked once the organisation is read (scope.py)."""
    if not node.has(SCOPE_KEY):
        return (), False
    lines[SCOPE_KEY] = node.key_line(SCOPE_KEY)
    if not isinstance(node.raw(SCOPE_KEY), CommentedSeq):
        written = node.text(SCOPE_KEY)
        if written == KOMMUN_SCOPE:
            return (), True
        if written:
            lines[f"{SCOPE_KEY}:{written}"] = lines[SCOPE_KEY]
            return (written,), False
        return (), False
    codes: list[str] = []
    written_any = False
    for line, item in node.items(SCOPE_KEY):
        written_any = True
        code = "" if item is None or isinstance(item, (dict, list)) else str(item).strip()
        problem = ""
        if not code:
            problem = "Varje element i «omfattning» ska vara en nämnds kod."
        elif code == KOMMUN_SCOPE:
            problem = "«kommun» står ensamt, inte i en lista: det tar med alla nämnder."
        elif code in codes:
            problem = f"Nämnden «{code}» står två gånger i «omfattning»."
        if problem:
            node.sink.error(
                "UPP139",
                problem,
                line=line,
                field_name=SCOPE_KEY,
                hint="Skriv en kod (omfattning: KS), en lista av koder (omfattning: [KS, REV]) "
                "eller omfattning: kommun.",
            )
            continue
        codes.append(code)
        lines[f"{SCOPE_KEY}:{code}"] = line
    if not written_any:
        node.sink.error(
            "UPP139",
            "Listan «omfattning» är tom.",
            line=lines[SCOPE_KEY],
            field_name=SCOPE_KEY,
            hint="Skriv nämndernas koder, t.ex. omfattning: [KS, REV], eller omfattning: kommun.",
        )
    return tuple(codes), False


def _sections(node: Node, report_type: ReportType | None) -> tuple[str, ...]:
    kind = report_type.kind if report_type is not None else None
    if not node.has("avsnitt"):
        return kind.default_sections if kind is not None else SECTION_KINDS
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
        elif report_type is not None and not section_allowed(name, report_type, node, line):
            continue
        else:
            sections.append(name)
    if report_type is not None:
        required_sections(sections, report_type, node)
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
    child.check_unknown(("format", "wordmall", "logotyp", "indikatordiagram", "profil"))
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
    child.boolean(LEGACY_KEY, default=True)  # still accepted: read_chart_settings folds it in
    return PublishingSettings(
        formats=tuple(formats) if child.has("format") else tuple(OutputFormat),
        word_template=child.text("wordmall", required=False),
        logo=child.text("logotyp", required=False),
        profile=read_profile(child),
    )
