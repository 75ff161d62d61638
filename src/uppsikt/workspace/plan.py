"""One year, several reports: the verksamhetsplan a report names, and its own texts on it.

A report of a kommun may name the year's verksamhetsplan (``plan: bun-plan-2025`` in its
uppsikt.yaml): another folder of ``rapporter/``, of the type verksamhetsplan, of the same year
and nämnd. The report then reads the plan's goals, indicators, tables and intraprenader where
it has none of its own (``Place.planned``). Its own texts on the plan's goals are written in
``bedomningar.yaml``, keyed by the id of a målområde, a KF-mål or an åtagande, so that the
plan's structure is never copied. A plan's economic tables show no outcome of its year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node, load_yaml
from uppsikt.model.economy import Scenario
from uppsikt.model.goals import (
    OWN_ASSESSMENTS,
    Commitment,
    CouncilGoal,
    Direction,
    GoalArea,
    GoalStructure,
    OwnAssessment,
)
from uppsikt.model.settings import ReportType, Settings
from uppsikt.model.tables import ColumnDef, ColumnKind, TableDef
from uppsikt.workspace.kommun import REPORTS_FOLDER, SETTINGS_FILE, Place
from uppsikt.workspace.settings import read_settings

ASSESSMENTS_FILE = "bedomningar.yaml"
"""A report's own texts on the goals it reads (the plan's, most often), by id."""
_AREA_KEYS = ("id", "analys", "positiva_iakttagelser", "förbättringsområden", "bidrag")
_GOAL_KEYS = ("id", "beskrivning", "egen_bedömning", "motivering")
_OWN = {a.value: a for a in OWN_ASSESSMENTS}


def plan_place(
    place: Place,
    settings: Settings | None,
    lines: dict[str, int | None],
    sink: Callable[[str], Sink],
) -> Place:
    """The report's place with its plan, when ``plan`` names a verksamhetsplan of the same
    kommun, year and nämnd; otherwise the place as it was, and the reason in uppsikt.yaml's
    sink (made by ``sink``)."""
    if settings is None or not settings.plan:
        return place
    folder = None if place.kommun is None else place.kommun / REPORTS_FOLDER / settings.plan
    refusal = _refusal(place, folder, settings)
    if refusal is not None or folder is None:
        code, message, hint = refusal or ("UPP220", "", "")
        sink(SETTINGS_FILE).error(
            code, message, line=lines.get("plan"), field_name="plan", hint=hint
        )
        return place
    return replace(place, plan=folder)


def plan_tables(tables: list[TableDef] | None, settings: Settings | None) -> list[TableDef]:
    """The report's tables; a plan's without the outcome of its year: an amount column of the
    year's outcome (or forecast) is left out, and so is every column computed from one left
    out."""
    if settings is None or not settings.report_type.kind.plan:
        return tables or []
    return [_plan_table(t) for t in tables or []]


def _plan_table(table: TableDef) -> TableDef:
    kept: list[ColumnDef] = []
    names: set[str] = set()
    for column in table.columns:
        if column.kind is ColumnKind.AMOUNT:
            keep = column.scenario is Scenario.BUDGET or column.year_offset < 0
        else:
            keep = all(o in names for o in column.operands)
        if keep:
            kept.append(column)
            names.add(column.id)
    chart = table.chart
    if chart == "avvikelse" and not any(c.kind is ColumnKind.DIFFERENCE for c in kept):
        chart = ""
    return replace(table, columns=tuple(kept), chart=chart)


def read_assessments(node: Node, goals: GoalStructure) -> GoalStructure:
    """The goals with the report's own texts of ``bedomningar.yaml`` on them."""
    node.check_unknown(("bedömningar",))
    areas = {a.id: a for a in goals.areas}
    kf = {g.id: g for a in goals.areas for g in a.goals}
    commitments = {c.id: c for a in goals.areas for g in a.goals for c in g.commitments}
    texts: dict[str, Node] = {}
    for child in node.nodes("bedömningar", "en bedömning"):
        ident = child.text("id")
        if not ident:
            continue
        if ident in texts:
            child.sink.error(
                "UPP150",
                f"Id «{ident}» används redan (rad {texts[ident].line}).",
                line=child.key_line("id"),
                field_name="id",
                hint="Skriv rapportens texter om ett mål eller åtagande på ett ställe.",
            )
            continue
        if ident not in areas and ident not in kf and ident not in commitments:
            child.sink.error(
                "UPP117",
                f"«{ident}» är varken ett målområde, ett mål eller ett åtagande i rapportens mål.",
                line=child.key_line("id"),
                field_name="id",
                hint="Id:t ska finnas i mal.yaml som rapporten läser (planens, när den har en "
                "plan); rätta id:t.",
            )
            continue
        child.check_unknown(_AREA_KEYS if ident in areas else _GOAL_KEYS)
        texts[ident] = child
    return GoalStructure(tuple(_area(a, texts) for a in goals.areas))


def _area(area: GoalArea, texts: dict[str, Node]) -> GoalArea:
    goals = tuple(_goal(g, texts) for g in area.goals)
    node = texts.get(area.id)
    if node is None:
        return replace(area, goals=goals)
    contributions = node.strings("bidrag")
    directions = tuple(
        Direction(d.text, contributions[i]) if i < len(contributions) else d
        for i, d in enumerate(area.directions)
    )
    return replace(
        area,
        goals=goals,
        directions=directions,
        analysis=node.text("analys", required=False) or area.analysis,
        positive=node.strings("positiva_iakttagelser") or area.positive,
        improvements=node.strings("förbättringsområden") or area.improvements,
    )


def _goal(goal: CouncilGoal, texts: dict[str, Node]) -> CouncilGoal:
    commitments = tuple(_commitment(c, texts) for c in goal.commitments)
    node = texts.get(goal.id)
    if node is None:
        return replace(goal, commitments=commitments)
    return replace(
        goal,
        commitments=commitments,
        description=node.text("beskrivning", required=False) or goal.description,
        own=_own(node) or goal.own,
    )


def _commitment(commitment: Commitment, texts: dict[str, Node]) -> Commitment:
    node = texts.get(commitment.id)
    if node is None:
        return commitment
    return replace(
        commitment,
        description=node.text("beskrivning", required=False) or commitment.description,
        own=_own(node) or commitment.own,
    )


def _own(node: Node) -> OwnAssessment | None:
    assessment = node.choice("egen_bedömning", _OWN, required=False)
    if assessment is None:
        return None
    reason = node.text("motivering", required=False)
    return OwnAssessment(assessment, reason, node.key_line("egen_bedömning"))


def _refusal(place: Place, folder: Path | None, settings: Settings) -> tuple[str, str, str] | None:
    """Why ``plan`` names no plan the report may read: its code, message and hint."""
    name = settings.plan
    if (
        folder is None
        or "/" in name
        or "\\" in name
        or name in (".", "..")
        or not (folder / SETTINGS_FILE).is_file()
    ):
        return (
            "UPP220",
            f"Planen «{name}» finns inte bland kommunens rapporter.",
            "«plan» anger mappnamnet på årets verksamhetsplan i kommunens mapp rapporter/, "
            "t.ex. «plan: bun-plan-2025». Rätta namnet eller ta bort raden.",
        )
    if (
        settings.report_type is ReportType.VERKSAMHETSPLAN
        or folder.resolve() == place.root.resolve()
    ):
        return (
            "UPP221",
            f"En verksamhetsplan kan inte ange en plan («{name}»).",
            "Ta bort «plan»: planen är själv den som årets andra rapporter läser.",
        )
    plan_sink = Sink(SETTINGS_FILE)
    node = Node.root(load_yaml(folder / SETTINGS_FILE, plan_sink), plan_sink, "inställningar")
    planned = None if node is None else read_settings(node)
    if planned is None or planned.report_type is not ReportType.VERKSAMHETSPLAN:
        kind = "oläslig" if planned is None else f"en {planned.report_type.value}"
        return (
            "UPP222",
            f"Rapporten «{name}» är {kind}, inte en verksamhetsplan.",
            f"«plan» ska ange en rapport med «rapport: verksamhetsplan». Rätta {name}/"
            f"{SETTINGS_FILE} eller ange årets verksamhetsplan.",
        )
    if planned.year != settings.year:
        return (
            "UPP223",
            f"Planen «{name}» gäller år {planned.year}, men rapporten år {settings.year}.",
            "En rapport läser sitt eget års verksamhetsplan: ange den planen i «plan».",
        )
    if planned.namnd != settings.namnd or planned.scope != settings.scope:
        return (
            "UPP224",
            f"Planen «{name}» är {planned.namnd}s, men rapporten är {settings.namnd}s.",
            "En rapport läser sin egen nämnds verksamhetsplan: samma «nämnd» och «omfattning» "
            "i båda rapporternas uppsikt.yaml.",
        )
    return None
