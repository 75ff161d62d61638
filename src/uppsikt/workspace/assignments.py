"""Reading uppdrag.yaml (KF's and KS's assignments) and projekt.yaml (project portfolios).

Both files are optional. Codes and ids that point elsewhere are checked here, while the file's
lines are at hand: the nämnd responsible must be in the organisation, and a målområde must be
one of mal.yaml.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from uppsikt.located.yamlfile import Node
from uppsikt.model.assignments import Assignment, AssignmentStatus, Giver, Portfolio, Project
from uppsikt.model.dimensions import Dimension
from uppsikt.model.goals import GoalStructure

ASSIGNMENTS_FILE = "uppdrag.yaml"
PORTFOLIOS_FILE = "projekt.yaml"

_ASSIGNMENT_KEYS = (
    "id", "titel", "givet_av", "beslut", "ansvarig", "klart", "målområde", "status", "kommentar",
)  # fmt: skip
_PORTFOLIO_KEYS = ("id", "namn", "beskrivning", "projekt")
_PROJECT_KEYS = ("id", "namn", "målområde", "tema", "ansvarig", "status", "kommentar")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STATUSES = ", ".join(s.value for s in AssignmentStatus)
T = TypeVar("T")


class _Known:
    """What the references of the file are checked against, and the ids seen so far."""

    def __init__(self, organisation: Dimension | None, goals: GoalStructure) -> None:
        # Without the organisation no code can be checked; its own error says why.
        self.codes = None if organisation is None else set(organisation.members())
        self.areas = {a.id for a in goals.areas}
        self.ids: dict[str, int | None] = {}

    def unique(self, node: Node, what: str) -> str:
        ident = node.text("id")
        if ident in self.ids:
            node.sink.error(
                "UPP175",
                f"Id «{ident}» används redan (rad {self.ids[ident]}).",
                line=node.key_line("id"),
                field_name="id",
                hint=f"Ge varje {what} ett eget id.",
            )
        elif ident:
            self.ids[ident] = node.key_line("id")
        return ident

    def responsible(self, node: Node, *, required: bool) -> str:
        code = node.text("ansvarig", required=required)
        if code and self.codes is not None and code not in self.codes:
            node.sink.error(
                "UPP177",
                f"Nämnden «{code}» i fältet «ansvarig» finns inte i organisationen.",
                line=node.key_line("ansvarig"),
                field_name="ansvarig",
                hint="Ange koden för en nämnd (eller enhet) i organisation.yaml, "
                "eller lägg till den där.",
            )
        return code

    def goal_area(self, node: Node) -> str:
        area = node.text("målområde", required=False)
        if area and area not in self.areas:
            known = ", ".join(sorted(self.areas)) or "inga (mal.yaml saknas eller är tom)"
            node.sink.error(
                "UPP178",
                f"Målområdet «{area}» finns inte i mal.yaml.",
                line=node.key_line("målområde"),
                field_name="målområde",
                hint=f"Ange ett målområdes id. Målområden: {known}.",
            )
        return area


def read_assignments(
    node: Node, organisation: Dimension | None, goals: GoalStructure
) -> tuple[Assignment, ...]:
    """Every assignment of uppdrag.yaml; those with errors are reported and left out."""
    node.check_unknown(("uppdrag",))
    return _each(node.nodes("uppdrag", "ett uppdrag"), _assignment, _Known(organisation, goals))


def read_portfolios(
    node: Node, organisation: Dimension | None, goals: GoalStructure
) -> tuple[Portfolio, ...]:
    """Every portfolio of projekt.yaml with its projects."""
    node.check_unknown(("portföljer",))
    return _each(node.nodes("portföljer", "en portfölj"), _portfolio, _Known(organisation, goals))


def _each(
    nodes: Iterable[Node], read: Callable[[Node, _Known], T | None], known: _Known
) -> tuple[T, ...]:
    """Each entry read, in order; those with errors (reported) left out."""
    return tuple(entry for entry in (read(child, known) for child in nodes) if entry is not None)


def _assignment(node: Node, known: _Known) -> Assignment | None:
    node.check_unknown(_ASSIGNMENT_KEYS)
    ident = known.unique(node, "uppdrag")
    title = node.text("titel")
    giver = node.choice("givet_av", {g.value: g for g in Giver})
    responsible = known.responsible(node, required=True)
    comment, comment_line = _markdown(node, "kommentar")
    assignment = Assignment(
        id=ident,
        title=title,
        giver=giver,
        decision=node.text("beslut", required=False),
        responsible=responsible,
        due=_date(node, "klart"),
        goal_area=known.goal_area(node),
        status=_status(node),
        comment=comment,
        file=node.sink.file,
        line=node.line,
        comment_line=comment_line,
    )
    return assignment if ident and title and giver is not None and responsible else None


def _portfolio(node: Node, known: _Known) -> Portfolio | None:
    node.check_unknown(_PORTFOLIO_KEYS)
    ident = known.unique(node, "portfölj och projekt")
    name = node.text("namn")
    projects = _each(node.nodes("projekt", "ett projekt"), _project, known)
    description, description_line = _markdown(node, "beskrivning")
    if ident and name:
        return Portfolio(ident, name, projects, description, description_line, node.sink.file)
    return None


def _project(node: Node, known: _Known) -> Project | None:
    node.check_unknown(_PROJECT_KEYS)
    ident = known.unique(node, "portfölj och projekt")
    name = node.text("namn")
    area = known.goal_area(node)
    theme = node.text("tema", required=False)
    if area and theme:
        node.sink.error(
            "UPP179",
            f"Projektet «{ident}» har både «målområde» och «tema».",
            line=node.key_line("tema"),
            field_name="tema",
            hint="Ett projekt grupperas antingen under ett målområde eller under ett tema: "
            "ta bort det ena.",
        )
    comment, comment_line = _markdown(node, "kommentar")
    project = Project(
        id=ident,
        name=name,
        goal_area=area,
        theme=theme,
        responsible=known.responsible(node, required=False),
        status=_status(node),
        comment=comment,
        comment_line=comment_line,
    )
    return project if ident and name else None


def _status(node: Node) -> AssignmentStatus | None:
    written = node.text("status", required=False)
    if not written:
        return None
    status = AssignmentStatus.parse(written)
    if status is None:
        node.sink.error(
            "UPP174",
            f"Okänd status «{written}».",
            line=node.key_line("status"),
            field_name="status",
            hint=f"Använd en av: {_STATUSES} (bindestreck går bra i stället för mellanslag, "
            "som «ej-påbörjat»).",
        )
    return status


def _date(node: Node, key: str) -> datetime.date | None:
    return node.date(
        key,
        code="UPP176",
        hint="Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2020-12-31, och kontrollera att "
        "dagen finns i månaden.",
    )


def _markdown(node: Node, key: str) -> tuple[str, int | None]:
    """The Markdown text of ``key`` and the line its text starts on: a block text ('|') starts
    on the line after its key, so that a problem in the text is reported where it is."""
    text = node.text(key, required=False)
    line = node.key_line(key) if text else None
    raw = node.data.get(key)
    if line is not None and isinstance(raw, str) and "\n" in raw:
        line += 1
    return text, line
