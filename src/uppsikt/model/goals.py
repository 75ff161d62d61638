"""The council's goal structure and the nämnd's stance on each goal.

målområde (goal area) -> KF-mål (council goal) -> the nämnd's stance: one or more åtaganden
(commitments), a contribution through its grunduppdrag (basic mission), or 'not relevant'.
Each målområde also has inriktningar (council directions) that the nämnd comments on.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from uppsikt.model.assessment import Assessment


class Stance(enum.Enum):
    COMMITMENTS = "åtagande"
    BASIC_MISSION = "grunduppdrag"
    NOT_RELEVANT = "ej-relevant"

    @property
    def label(self) -> str:
        return {
            Stance.COMMITMENTS: "Nämndens åtagande",
            Stance.BASIC_MISSION: "Bidrag genom grunduppdraget",
            Stance.NOT_RELEVANT: "Bedöms inte som relevant för nämnden",
        }[self]


OWN_ASSESSMENTS = (Assessment.MET, Assessment.PARTLY_MET, Assessment.NOT_MET)
"""What a nämnd may state as its own assessment: not «kan inte bedömas»."""


@dataclass(frozen=True, slots=True)
class OwnAssessment:
    """The nämnd's own assessment of an åtagande or a KF-mål, and why (``motivering``)."""

    assessment: Assessment
    reason: str = ""
    line: int | None = None
    """Where ``egen_bedömning`` stands in mal.yaml."""


@dataclass(frozen=True, slots=True)
class Commitment:
    """An åtagande: what the nämnd promises towards a KF-mål, followed up by indicators."""

    id: str
    text: str
    description: str = ""
    """Markdown: how the work went this year."""
    own: OwnAssessment | None = None
    """The nämnd's own assessment (``egen_bedömning``), shown beside the computed one."""


@dataclass(frozen=True, slots=True)
class CouncilGoal:
    """A KF-mål and the nämnd's stance on it."""

    id: str
    text: str
    stance: Stance | None
    """None where the report type does not ask for a stance (KS's report, the kommun's)."""
    description: str = ""
    """Markdown: the nämnd's account of its contribution (or why the goal is not relevant)."""
    commitments: tuple[Commitment, ...] = ()
    own: OwnAssessment | None = None
    """The nämnd's own assessment of the goal (``egen_bedömning``), where it assesses it."""


@dataclass(frozen=True, slots=True)
class Direction:
    """An inriktning under a målområde, with the nämnd's contribution (Markdown)."""

    text: str
    contribution: str = ""


@dataclass(frozen=True, slots=True)
class GoalArea:
    """A målområde."""

    id: str
    number: int
    name: str
    goals: tuple[CouncilGoal, ...] = ()
    directions: tuple[Direction, ...] = ()
    positive: tuple[str, ...] = ()
    """Positiva iakttagelser: short sentences."""
    improvements: tuple[str, ...] = ()
    """Förbättringsområden: short sentences."""
    analysis: str = ""
    """Markdown: the summarising analysis of the nämnd's contribution in this goal area."""


@dataclass(frozen=True, slots=True)
class GoalStructure:
    areas: tuple[GoalArea, ...] = ()

    def commitments(self) -> dict[str, tuple[GoalArea, CouncilGoal, Commitment]]:
        return {
            c.id: (area, goal, c)
            for area in self.areas
            for goal in area.goals
            for c in goal.commitments
        }
