"""The sections on uppdrag (KF's and KS's assignments) and on project portfolios.

Each is one table, so that the data package has one file for each (uppdrag.csv, projekt.csv):
the givers, the portfolios and the målområden are heading rows within it. A status is a text
cell with the symbol of the assessment it stands for ('◐ Pågår'), so every format shows the
same mark as for goals, and never a colour alone. The comments follow the table as text,
each under the name of its assignment or project.
"""

from __future__ import annotations

from collections.abc import Iterable

from uppsikt.model.assignments import Assignment, AssignmentStatus, Giver, Portfolio, Project
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.settings import EmptyLists
from uppsikt.reports.build.context import Context, slug
from uppsikt.reports.build.text import text_section
from uppsikt.reports.model import Block, Cell, Column, Row, RowKind, Section, Table, Text
from uppsikt.reports.richtext import Block as RichBlock
from uppsikt.reports.richtext import Paragraph, Plain, RichText, Strong

ASSIGNMENTS_FILE = "uppdrag.yaml"
PORTFOLIOS_FILE = "projekt.yaml"
NO_STATUS = "Status saknas"
OTHER_PROJECTS = "Övriga projekt"

_ASSIGNMENT_COLUMNS = (
    Column("beslut", "Beslut", ""),
    Column("ansvarig", "Ansvarig nämnd", ""),
    Column("klart", "Klart", ""),
    Column("status", "Status", ""),
)
_PROJECT_COLUMNS = (Column("ansvarig", "Ansvarig", ""), Column("status", "Status", ""))


def status_text(status: AssignmentStatus) -> str:
    """What a status cell shows: the symbol and the text ('◐ Pågår')."""
    return f"{status.symbol} {status.label}"


def assignments_section(ctx: Context, name: str, number: str) -> Section:
    base = text_section(ctx, name, number, "Uppdrag")
    assignments = ctx.ws.assignments
    if not assignments:
        return _with(base, *_note(ctx, "Inga uppdrag redovisas."))
    givers = {a.giver for a in assignments}
    rows: list[Row] = []
    for giver in Giver:
        given = [a for a in assignments if a.giver is giver]
        # With one giver the caption names it; a heading row would only repeat it.
        if given and len(givers) > 1:
            rows.append(Row(f"rubrik-{giver.value.lower()}", giver.label, (), RowKind.HEADING))
        rows.extend(_assignment_row(ctx, a) for a in given)
    caption = (
        next(iter(givers)).label
        if len(givers) == 1
        else "Uppdrag från kommunfullmäktige och kommunstyrelsen"
    )
    table = Table("uppdrag", caption, "Uppdrag", _ASSIGNMENT_COLUMNS, tuple(rows))
    # The comments in the table's order, each located in the file it was read from.
    ordered = sorted(assignments, key=lambda a: list(Giver).index(a.giver))
    comments = _comments(
        ctx, ((a.title, a.comment, a.file or ASSIGNMENTS_FILE, a.comment_line) for a in ordered)
    )
    return _with(base, table, *comments)


def _assignment_row(ctx: Context, assignment: Assignment) -> Row:
    due = assignment.due
    cells = (
        _text(assignment.decision),
        _text(_responsible(ctx, assignment.responsible)),
        _text(due.isoformat() if due else ""),
        _status(assignment.status),
    )
    return Row(assignment.id, assignment.title, cells)


def portfolios_section(ctx: Context, name: str, number: str) -> Section:
    base = text_section(ctx, name, number, "Projektportföljer")
    portfolios = ctx.ws.portfolios
    if not portfolios:
        return _with(base, *_note(ctx, "Inga projektportföljer redovisas."))
    rows: list[Row] = []
    several = len(portfolios) > 1
    for portfolio in portfolios:
        # With one portfolio the caption names it; a heading row would only repeat it.
        if several:
            rows.append(Row(portfolio.id, portfolio.name, (), RowKind.HEADING))
        for group, projects in _groups(ctx, portfolio):
            if group:
                ident = f"{portfolio.id}-{slug(group)}"
                rows.append(Row(ident, group, (), RowKind.HEADING, level=int(several)))
            rows.extend(_project_row(ctx, p) for p in projects)
    caption = portfolios[0].name if len(portfolios) == 1 else "Projektportföljer"
    table = Table("projekt", caption, "Projekt", _PROJECT_COLUMNS, tuple(rows))
    texts: list[tuple[str, str, str, int | None]] = []
    for portfolio in portfolios:
        file = portfolio.file or PORTFOLIOS_FILE
        texts.append((portfolio.name, portfolio.description, file, portfolio.description_line))
        texts.extend((p.name, p.comment, file, p.comment_line) for p in portfolio.projects)
    return _with(base, table, *_comments(ctx, texts))


def _groups(ctx: Context, portfolio: Portfolio) -> list[tuple[str, list[Project]]]:
    """The projects by målområde (in mal.yaml's order), then by theme (in the file's order),
    then those with neither; no group heading when nothing is grouped."""
    areas = {a.id: a.name for a in ctx.ws.goals.areas}
    groups: dict[str, list[Project]] = {areas[a]: [] for a in areas}
    themes: dict[str, list[Project]] = {}
    rest: list[Project] = []
    for project in portfolio.projects:
        if project.goal_area in areas:
            groups[areas[project.goal_area]].append(project)
        elif project.theme:
            themes.setdefault(project.theme, []).append(project)
        else:
            rest.append(project)
    found = [(name, projects) for name, projects in groups.items() if projects]
    found += list(themes.items())
    if rest:
        found.append((OTHER_PROJECTS if found else "", rest))
    return found


def _project_row(ctx: Context, project: Project) -> Row:
    cells = (_text(_responsible(ctx, project.responsible)), _status(project.status))
    return Row(project.id, project.name, cells)


def _responsible(ctx: Context, code: str) -> str:
    """The name of the nämnd (or unit) responsible, as the organisation names it."""
    organisation = ctx.ws.dimension(ORGANISATION)
    member = organisation.members().get(code) if organisation and code else None
    return member.name if member is not None else code


def _text(text: str) -> Cell:
    return Cell(None, text=text) if text else Cell(None)


def _status(status: AssignmentStatus | None) -> Cell:
    if status is None:
        return Cell(None, missing=NO_STATUS)
    return Cell(None, text=status_text(status))


def _comments(ctx: Context, texts: Iterable[tuple[str, str, str, int | None]]) -> list[Block]:
    """One text of every comment, each under its name in bold; none when nothing is said."""
    blocks: list[RichBlock] = []
    for name, markdown, file, line in texts:
        text = ctx.text(markdown, file, line)
        if text is not None:
            blocks.append(Paragraph((Strong((Plain(name),)),)))
            blocks.extend(text.body.blocks)
    return [Text(RichText(tuple(blocks)))] if blocks else []


def _note(ctx: Context, text: str) -> list[Block]:
    """A line saying there is nothing to report, where the report type keeps empty headings
    (otherwise the section is left out: reports.build.report.shown)."""
    if ctx.ws.settings.report_type.kind.empty_lists is not EmptyLists.NONE_GIVEN:
        return []
    return [Text(RichText((Paragraph((Plain(text),)),)))]


def _with(base: Section, *blocks: Block) -> Section:
    return Section(base.id, base.number, base.title, (*base.blocks, *blocks), base.subsections)
