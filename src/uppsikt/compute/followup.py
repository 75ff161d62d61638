"""The goal follow-up across nämnder: every KF-mål with each nämnd's åtaganden, rolled up.

KS's report and the kommun's summary follow up the nämnder's own reports (see
``ReportKind.follows_up_namnder``). Each nämnd's report is reduced to :class:`NamndGoals`, its
stance on each KF-mål and its åtaganden as its own report assessed them; :func:`follow_up` then
gathers them under KF's goals, in KF's order, and rolls them up for the municipality.

A KF-mål is assessed from its åtaganden by the rule the following report's settings give
(``bedömning`` in its uppsikt.yaml), as an åtagande is assessed from its indicators:

- åtaganden that cannot be assessed do not count; with none left (or no åtaganden at all),
  neither can the goal;
- «alla»: uppfyllt when every åtagande that counts is uppfyllt; «flertal»: when more than
  half of them are;
- otherwise delvis uppfyllt when some åtagande is uppfyllt or delvis uppfyllt and the
  settings allow delvis uppfyllt; else ej uppfyllt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from uppsikt.compute.results import Computed
from uppsikt.model.assessment import Assessment
from uppsikt.model.goals import GoalStructure, Stance
from uppsikt.model.settings import AssessmentSettings, CommitmentRule
from uppsikt.model.workspace import Workspace


@dataclass(frozen=True, slots=True)
class CommitmentResult:
    """An åtagande as its nämnd's report assessed it."""

    id: str
    text: str
    assessment: Assessment


@dataclass(frozen=True, slots=True)
class GoalStance:
    """A nämnd's stance on one KF-mål and its åtaganden under it."""

    goal: str
    """The KF-mål's id."""
    stance: Stance | None
    commitments: tuple[CommitmentResult, ...] = ()


@dataclass(frozen=True, slots=True)
class NamndGoals:
    """What the follow-up takes from one nämnd's report: its stance on each KF-mål."""

    namnd: str
    """The nämnd's name, as its report gives it."""
    report: str
    """The report's folder name (e.g. 'van-2025')."""
    stances: tuple[GoalStance, ...]


@dataclass(frozen=True, slots=True)
class NamndFollowUp:
    """One nämnd under one KF-mål: its stance and its åtaganden."""

    namnd: str
    report: str
    stance: Stance | None
    commitments: tuple[CommitmentResult, ...]


@dataclass(frozen=True, slots=True)
class RollUp:
    """How many åtaganden under a KF-mål have each assessment."""

    met: int = 0
    partly_met: int = 0
    not_met: int = 0
    not_measurable: int = 0

    @property
    def total(self) -> int:
        return self.met + self.partly_met + self.not_met + self.not_measurable

    @classmethod
    def of(cls, assessments: Iterable[Assessment]) -> RollUp:
        found = list(assessments)
        return cls(
            met=found.count(Assessment.MET),
            partly_met=found.count(Assessment.PARTLY_MET),
            not_met=found.count(Assessment.NOT_MET),
            not_measurable=found.count(Assessment.NOT_MEASURABLE),
        )


@dataclass(frozen=True, slots=True)
class GoalFollowUp:
    """One KF-mål followed up across the nämnder."""

    area: str
    """The målområde's id."""
    goal: str
    """The KF-mål's id."""
    text: str
    namnder: tuple[NamndFollowUp, ...]
    """Each nämnd that stated a stance on the goal, in the order the reports were given."""
    counts: RollUp
    assessment: Assessment
    """The municipality's assessment of the goal, by the rule of this module's docstring."""


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The follow-up of a report: the nämnder's reports it read, and every KF-mål."""

    namnder: tuple[str, ...]
    """The names of the nämnder whose reports were followed up."""
    goals: tuple[GoalFollowUp, ...]


def namnd_goals(ws: Workspace, computed: Computed, report: str) -> NamndGoals:
    """A nämnd's report reduced to what the follow-up needs."""
    stances = tuple(
        GoalStance(
            goal=goal.id,
            stance=goal.stance,
            commitments=tuple(
                CommitmentResult(c.id, c.text, computed.commitments[c.id].assessment)
                for c in goal.commitments
                if c.id in computed.commitments
            ),
        )
        for area in ws.goals.areas
        for goal in area.goals
    )
    return NamndGoals(ws.settings.namnd, report, stances)


def follow_up(
    goals: GoalStructure, namnder: Sequence[NamndGoals], settings: AssessmentSettings
) -> FollowUp:
    """Every KF-mål of ``goals`` (KF's, in KF's order) with each nämnd's stance and
    åtaganden, rolled up and assessed by ``settings`` (the following report's)."""
    by_goal: dict[str, list[NamndFollowUp]] = {}
    for namnd in namnder:
        for stance in namnd.stances:
            by_goal.setdefault(stance.goal, []).append(
                NamndFollowUp(namnd.namnd, namnd.report, stance.stance, stance.commitments)
            )
    followed: list[GoalFollowUp] = []
    for area in goals.areas:
        for goal in area.goals:
            found = tuple(by_goal.get(goal.id, ()))
            assessments = [c.assessment for n in found for c in n.commitments]
            followed.append(
                GoalFollowUp(
                    area=area.id,
                    goal=goal.id,
                    text=goal.text,
                    namnder=found,
                    counts=RollUp.of(assessments),
                    assessment=assess_goal(assessments, settings),
                )
            )
    return FollowUp(tuple(n.namnd for n in namnder), tuple(followed))


def assess_goal(assessments: Sequence[Assessment], settings: AssessmentSettings) -> Assessment:
    """A KF-mål's assessment for the municipality from its åtaganden's (module docstring)."""
    measurable = [a for a in assessments if a is not Assessment.NOT_MEASURABLE]
    if not measurable:
        return Assessment.NOT_MEASURABLE
    met = measurable.count(Assessment.MET)
    if settings.commitment_rule is CommitmentRule.ALL:
        fulfilled = met == len(measurable)
    else:
        fulfilled = met * 2 > len(measurable)
    if fulfilled:
        return Assessment.MET
    some = met + measurable.count(Assessment.PARTLY_MET)
    if settings.allow_partly_met and some > 0:
        return Assessment.PARTLY_MET
    return Assessment.NOT_MET
