"""Uppdrag (assignments KF and KS gave in the budget) and portfolios of development projects.

Both are followed up with a status in each report. The statuses are one small closed set: the
assessment scale of goals (uppfyllt … kan inte bedömas) and the words an assignment or a
project is reported with (genomfört, pågår …). Each status borrows the symbol of an
assessment, so the report shows the same marks as for goals, always with the status's text.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from uppsikt.model.assessment import Assessment


class Giver(enum.Enum):
    """Who gave an assignment."""

    KF = "KF"
    KS = "KS"

    @property
    def label(self) -> str:
        return {
            Giver.KF: "Uppdrag från kommunfullmäktige",
            Giver.KS: "Uppdrag från kommunstyrelsen",
        }[self]


class AssignmentStatus(enum.Enum):
    """The status of an assignment or a project in this report."""

    MET = "uppfyllt"
    PARTLY_MET = "delvis uppfyllt"
    NOT_MET = "ej uppfyllt"
    NOT_MEASURABLE = "kan inte bedömas"
    DONE = "genomfört"
    ONGOING = "pågår"
    NOT_STARTED = "ej påbörjat"
    CLOSED = "avslutat"
    """Ended as planned (a project whose phase is over)."""
    ON_TRACK = "i fas"
    BEHIND = "ej i fas"

    @property
    def assessment(self) -> Assessment:
        """The assessment whose symbol (and colour) the status is shown with."""
        return _AS_ASSESSMENT[self]

    @property
    def symbol(self) -> str:
        return self.assessment.symbol

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def unfinished(self) -> bool:
        """Still to be done: after its due date, such an assignment is worth a warning."""
        return self in (AssignmentStatus.ONGOING, AssignmentStatus.NOT_STARTED)

    @classmethod
    def parse(cls, written: str) -> AssignmentStatus | None:
        """The status written as its value, with hyphens for spaces allowed ('ej-påbörjat')."""
        key = " ".join(written.strip().lower().replace("-", " ").split())
        return next((s for s in cls if s.value == key), None)


_AS_ASSESSMENT = {
    AssignmentStatus.MET: Assessment.MET,
    AssignmentStatus.PARTLY_MET: Assessment.PARTLY_MET,
    AssignmentStatus.NOT_MET: Assessment.NOT_MET,
    AssignmentStatus.NOT_MEASURABLE: Assessment.NOT_MEASURABLE,
    AssignmentStatus.DONE: Assessment.MET,
    AssignmentStatus.ONGOING: Assessment.PARTLY_MET,
    AssignmentStatus.NOT_STARTED: Assessment.NOT_MET,
    AssignmentStatus.CLOSED: Assessment.MET,
    AssignmentStatus.ON_TRACK: Assessment.MET,
    AssignmentStatus.BEHIND: Assessment.NOT_MET,
}


@dataclass(frozen=True, slots=True)
class Assignment:
    """An uppdrag given by KF or KS, with its status in this report."""

    id: str
    title: str
    giver: Giver
    decision: str
    """The decision it came from, as written ('KF 2019-11-26 § 245')."""
    responsible: str
    """The code of the nämnd responsible, in the organisation."""
    due: date | None = None
    goal_area: str = ""
    """The id of a målområde of mal.yaml, or empty."""
    status: AssignmentStatus | None = None
    comment: str = ""
    """Markdown."""
    file: str = field(default="", compare=False)
    """The file it was read from, as shown to the user (not part of the value)."""
    line: int | None = field(default=None, compare=False)
    comment_line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Project:
    """A development project of a portfolio."""

    id: str
    name: str
    goal_area: str = ""
    """The id of a målområde, or empty (then ``theme`` groups it, if given)."""
    theme: str = ""
    responsible: str = ""
    status: AssignmentStatus | None = None
    comment: str = ""
    """Markdown."""
    comment_line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Portfolio:
    """A portfolio of projects (sociala investeringar, say)."""

    id: str
    name: str
    projects: tuple[Project, ...] = ()
    description: str = ""
    """Markdown."""
    description_line: int | None = field(default=None, compare=False)
    file: str = field(default="", compare=False)
    """The file it was read from, as shown to the user (not part of the value)."""
