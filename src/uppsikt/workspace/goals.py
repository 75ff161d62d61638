"""Reading mal.yaml: målområden, KF-mål with the nämnd's stance, åtaganden and inriktningar."""

from __future__ import annotations

from uppsikt.located.yamlfile import Node
from uppsikt.model.goals import (
    Commitment,
    CouncilGoal,
    Direction,
    GoalArea,
    GoalStructure,
    Stance,
)

GOALS_FILE = "mal.yaml"
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


def read_goals(node: Node) -> tuple[GoalStructure, dict[str, int | None]]:
    """The goal structure and the line of every id (for cross-file messages)."""
    node.check_unknown(("målområden",))
    lines: dict[str, int | None] = {}
    areas = tuple(_area(n, lines) for n in node.nodes("målområden", "ett målområde"))
    return GoalStructure(tuple(a for a in areas if a is not None)), lines


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


def _area(node: Node, lines: dict[str, int | None]) -> GoalArea | None:
    node.check_unknown(_AREA_KEYS)
    ident = _unique(node, "id", lines)
    number = node.integer("nummer")
    name = node.text("namn")
    goals = tuple(g for g in (_goal(n, lines) for n in node.nodes("kf_mål", "ett mål")) if g)
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


def _goal(node: Node, lines: dict[str, int | None]) -> CouncilGoal | None:
    node.check_unknown(("id", "text", "ställningstagande", "beskrivning", "åtaganden"))
    ident = _unique(node, "id", lines)
    text = node.text("text")
    stance = node.choice("ställningstagande", {s.value: s for s in Stance})
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
    if not ident or not text or stance is None:
        return None
    return CouncilGoal(
        id=ident,
        text=text,
        stance=stance,
        description=node.text("beskrivning", required=False),
        commitments=commitments,
    )


def _commitment(node: Node, lines: dict[str, int | None]) -> Commitment | None:
    node.check_unknown(("id", "text", "beskrivning"))
    ident = _unique(node, "id", lines)
    text = node.text("text")
    if not ident or not text:
        return None
    return Commitment(ident, text, node.text("beskrivning", required=False))


def _direction(node: Node) -> Direction:
    node.check_unknown(("text", "bidrag"))
    return Direction(node.text("text"), node.text("bidrag", required=False))
