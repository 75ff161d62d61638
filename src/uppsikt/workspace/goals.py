"""Reading mal.yaml: målområden, KF-mål with the nämnd's stance, åtaganden and inriktningar."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeVar

from uppsikt.located.yamlfile import Node
from uppsikt.model.goals import (
    OWN_ASSESSMENTS,
    Commitment,
    CouncilGoal,
    Direction,
    GoalArea,
    GoalStructure,
    OwnAssessment,
    Stance,
)

GOALS_FILE = "mal.yaml"
T = TypeVar("T")
_AREA_KEYS = (
    "id",
    "nummer",
    "namn",
    "analys",
    "positiva_iakttagelser",
    "förbättringsområden",
    "kf_mål",
    "inriktningar",
)


def read_goals(
    node: Node, *, stances_required: bool = True, council: GoalStructure | None = None
) -> tuple[GoalStructure, dict[str, int | None]]:
    """The goal structure and the line of every id (for cross-file messages).

    ``stances_required`` follows the report type: a nämnd states its stance on every KF-mål,
    while KS's report and the kommun's summary need not (a goal without one has stance None).

    ``council`` is KF's goal structure from the kommun's mal.yaml, when the report is one of a
    kommun's: the report's file then names KF's målområden and goals by id, without repeating
    their names and texts, and gives what is the nämnd's own (stances, åtaganden, analyses,
    observations). KF's goals the report does not name are included as KF wrote them.
    """
    node.check_unknown(("målområden",))
    lines: dict[str, int | None] = {}
    known = _Known.of(council)
    areas = tuple(
        _area(n, lines, stances_required, known) for n in node.nodes("målområden", "ett målområde")
    )
    own = GoalStructure(tuple(a for a in areas if a is not None))
    if council is None:
        return own, lines
    return _merged(node, council, own, stances_required), lines


def _unique(node: Node, key: str, lines: dict[str, int | None]) -> str:
    ident = node.text(key)
    if ident in lines:
        node.sink.error(
            "UPP150",
            f"Id «{ident}» används redan (rad {lines[ident]}).",
            line=node.key_line(key),
            field_name=key,
            hint="Ge varje målområde, mål och åtagande ett eget id.",
        )
    elif ident:
        lines[ident] = node.key_line(key)
    return ident


def _area(
    node: Node, lines: dict[str, int | None], stances_required: bool, known: _Known
) -> GoalArea | None:
    node.check_unknown(_AREA_KEYS)
    ident = _unique(node, "id", lines)
    council = known.area(node, ident)
    number = node.integer("nummer") if council is None else council.number
    name = node.text("namn") if council is None else council.name
    goals = tuple(
        g
        for g in (_goal(n, lines, stances_required, known) for n in node.nodes("kf_mål", "ett mål"))
        if g
    )
    directions = tuple(_direction(n) for n in node.nodes("inriktningar", "en inriktning"))
    if not ident or not name:
        return None
    return GoalArea(
        id=ident,
        number=number,
        name=name,
        goals=goals,
        directions=directions,
        positive=node.strings("positiva_iakttagelser"),
        improvements=node.strings("förbättringsområden"),
        analysis=node.text("analys", required=False),
    )


def _goal(
    node: Node, lines: dict[str, int | None], stances_required: bool, known: _Known
) -> CouncilGoal | None:
    node.check_unknown(("id", "text", "ställningstagande", "beskrivning", "åtaganden", *_OWN_KEYS))
    ident = _unique(node, "id", lines)
    council = known.goal(node, ident)
    text = node.text("text") if council is None else council.text
    stance = node.choice(
        "ställningstagande", {s.value: s for s in Stance}, required=stances_required
    )
    commitments = tuple(
        c for c in (_commitment(n, lines) for n in node.nodes("åtaganden", "ett åtagande")) if c
    )
    if stance is Stance.COMMITMENTS and not commitments:
        node.sink.error(
            "UPP151",
            f"Målet «{ident}» har ställningstagandet åtagande men inga åtaganden.",
            line=node.key_line("ställningstagande"),
            hint="Lägg till åtaganden under «åtaganden», eller ändra ställningstagandet.",
        )
    elif stance is not None and stance is not Stance.COMMITMENTS and commitments:
        node.sink.error(
            "UPP152",
            f"Målet «{ident}» har åtaganden men ställningstagandet «{stance.value}».",
            line=node.key_line("åtaganden"),
            hint="Ändra ställningstagandet till åtagande, eller ta bort åtagandena.",
        )
    # Without a required stance the goal is left out: its own error says why.
    if not ident or not text or (stance is None and stances_required):
        return None
    return CouncilGoal(
        id=ident,
        text=text,
        stance=stance,
        description=node.text("beskrivning", required=False),
        commitments=commitments,
        own=_own(node),
    )


def _commitment(node: Node, lines: dict[str, int | None]) -> Commitment | None:
    node.check_unknown(("id", "text", "beskrivning", *_OWN_KEYS))
    ident = _unique(node, "id", lines)
    text = node.text("text")
    if not ident or not text:
        return None
    return Commitment(ident, text, node.text("beskrivning", required=False), _own(node))


_OWN_KEYS = ("egen_bedömning", "motivering")
_OWN = {a.value: a for a in OWN_ASSESSMENTS}


def _own(node: Node) -> OwnAssessment | None:
    """The nämnd's own assessment (``egen_bedömning``, ``motivering``), if stated."""
    assessment = node.choice("egen_bedömning", _OWN, required=False)
    reason = node.text("motivering", required=False)
    if assessment is None:
        if reason and node.raw("egen_bedömning") is None:  # a wrong value has its own error
            node.sink.error(
                "UPP156",
                "«motivering» utan «egen_bedömning».",
                line=node.key_line("motivering"),
                field_name="motivering",
                hint="Motiveringen förklarar nämndens egen bedömning: lägg till "
                "«egen_bedömning: uppfyllt», «delvis uppfyllt» eller «ej uppfyllt», eller ta "
                "bort motiveringen.",
            )
        return None
    return OwnAssessment(assessment, reason, node.key_line("egen_bedömning"))


def _direction(node: Node) -> Direction:
    node.check_unknown(("text", "bidrag"))
    return Direction(node.text("text"), node.text("bidrag", required=False))


@dataclass(frozen=True, slots=True)
class _Known:
    """KF's målområden and goals by id, when the report's mal.yaml is read against them."""

    areas: dict[str, GoalArea]
    goals: dict[str, CouncilGoal]
    active: bool

    @classmethod
    def of(cls, council: GoalStructure | None) -> _Known:
        if council is None:
            return cls({}, {}, active=False)
        goals = {g.id: g for a in council.areas for g in a.goals}
        return cls({a.id: a for a in council.areas}, goals, active=True)

    def area(self, node: Node, ident: str) -> GoalArea | None:
        return self._find(node, ident, self.areas, "Målområdet")

    def goal(self, node: Node, ident: str) -> CouncilGoal | None:
        return self._find(node, ident, self.goals, "Målet")

    def _find(self, node: Node, ident: str, known: dict[str, T], what: str) -> T | None:
        if not self.active or not ident:
            return None
        found = known.get(ident)
        if found is None:
            node.sink.error(
                "UPP117",
                f"{what} «{ident}» finns inte i kommunens mal.yaml.",
                line=node.key_line("id"),
                field_name="id",
                hint="En rapports mal.yaml anger fullmäktiges målområden och mål med deras id i "
                "kommunens mal.yaml (../../mal.yaml); rätta id:t, eller lägg till målet där.",
            )
        return found


def _merged(
    node: Node, council: GoalStructure, own: GoalStructure, stances_required: bool
) -> GoalStructure:
    """KF's structure in KF's order, each målområde and goal the report gives replaced by the
    report's; a goal the report leaves out is KF's own, without a stance (an error where the
    report type asks for one)."""
    areas = {a.id: a for a in own.areas}
    merged: list[GoalArea] = []
    for council_area in council.areas:
        area = areas.get(council_area.id)
        goals = {g.id: g for g in area.goals} if area else {}
        left_out = [g for g in council_area.goals if g.id not in goals]
        if stances_required and left_out:
            node.sink.error(
                "UPP118",
                "Rapporten saknar ställningstagande till "
                + ", ".join(f"«{g.id}»" for g in left_out)
                + f" i målområdet «{council_area.id}».",
                hint="Nämnden tar ställning till varje mål i kommunens mal.yaml: lägg till "
                "målet med id och ställningstagande under målområdet i rapportens mal.yaml.",
            )
        base = area or replace(council_area, goals=())
        merged.append(
            replace(
                base,
                goals=tuple(goals.get(g.id, g) for g in council_area.goals),
                directions=base.directions or council_area.directions,
            )
        )
    return GoalStructure(tuple(merged))
