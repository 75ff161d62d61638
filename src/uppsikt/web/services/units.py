"""The editable units of a workspace, as text for comparison, display and the history."""

from __future__ import annotations

from uppsikt.model.indicators import Indicator
from uppsikt.web.models import ChangeKind
from uppsikt.web.services.locking import Unit
from uppsikt.workspace import edit
from uppsikt.workspace.goals import GOALS_FILE
from uppsikt.workspace.indicators import VALUES_FILE


def text_unit(section: str, markdown: str) -> Unit:
    path = edit.text_path(section)
    return Unit(
        path=path,
        key=f"avsnitt {section}",
        kind=ChangeKind.TEXT,
        read=lambda text: text,
        apply=lambda _text: edit.set_text(markdown),
    )


def show_area(area: edit.AreaText) -> str:
    lines = [area.analysis.rstrip("\n"), "", "Positiva iakttagelser:"]
    lines += [f"- {p}" for p in area.positive]
    lines += ["", "Förbättringsområden:"]
    lines += [f"- {p}" for p in area.improvements]
    return "\n".join(lines)


def read_area(text: str, area_id: str) -> str:
    return show_area(edit.read_area(text, area_id)) if text else ""


def area_unit(area_id: str, new: edit.AreaText) -> Unit:
    return Unit(
        path=GOALS_FILE,
        key=f"målområde {area_id}",
        kind=ChangeKind.AREA,
        read=lambda text: read_area(text, area_id),
        apply=lambda text: edit.set_area(text, area_id, new),
    )


def show_stance(stance: edit.StanceText) -> str:
    return f"Ställningstagande: {stance.stance}\n\n{stance.description.rstrip()}"


def read_stance(text: str, goal_id: str) -> str:
    return show_stance(edit.read_stance(text, goal_id)) if text else ""


def stance_unit(goal_id: str, new: edit.StanceText) -> Unit:
    return Unit(
        path=GOALS_FILE,
        key=f"KF-mål {goal_id}",
        kind=ChangeKind.STANCE,
        read=lambda text: read_stance(text, goal_id),
        apply=lambda text: edit.set_stance(text, goal_id, new),
    )


def show_value(cell: edit.ValueCell | None) -> str:
    if cell is None:
        return ""
    shown = cell.value if cell.value else f"saknas: {cell.missing}"
    if cell.approximate:
        shown = f"ca {shown}"
    return shown + (f" (fotnot {cell.footnote})" if cell.footnote else "")


def read_value(text: str, indicator: str, breakdown: str, year: int) -> str:
    return show_value(edit.read_value(text, indicator, breakdown, year))


def value_unit(indicator: Indicator, breakdown: str, year: int, new: edit.ValueCell) -> Unit:
    """One value with its estimate mark (ca); a footnote already on the row is kept."""

    def apply(text: str) -> str:
        old = edit.read_value(text, indicator.id, breakdown, year)
        cell = new
        if old is not None and not new.footnote:
            cell = edit.ValueCell(new.value, new.missing, new.approximate, old.footnote)
        return edit.set_value(text, indicator, breakdown, year, cell)

    return Unit(
        path=VALUES_FILE,
        key=f"indikator {indicator.id} {breakdown} {year}",
        kind=ChangeKind.VALUE,
        read=lambda text: read_value(text, indicator.id, breakdown, year),
        apply=apply,
    )
