"""A report's scope: the nämnder of the organisation whose figures it covers (``omfattning``).

The workspace is narrowed once, as it is read, so that everything after it (the tables, the
7 % rule, the derived indicators, the references, the checks and the narrative check) sees the
same scoped figures: the organisation keeps only the scope's tops, and the facts only those
whose unit lies under them. A fact without a unit (a view by kontogrupp only) cannot be placed
under a nämnd: it belongs to the report when the scope is the whole organisation (one nämnd, or
the kommun), and is an error otherwise, since the scope's totals would silently mix in other
nämnder's money.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.assignments import Assignment, Portfolio
from uppsikt.model.dimensions import ORGANISATION, Dimension
from uppsikt.model.economy import Fact
from uppsikt.model.settings import Settings
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.settings import SCOPE_KEY, SETTINGS_FILE


def scope_workspace(
    ws: Workspace, written: Mapping[str, int | None]
) -> tuple[Workspace, list[Diagnostic]]:
    """``ws`` narrowed to its settings' scope, with the settings' scope resolved; ``written``
    holds the lines of uppsikt.yaml (read_settings). On an error ``ws`` is returned as read."""
    organisation = ws.dimension(ORGANISATION)
    if organisation is None or not organisation.roots:
        return ws, []
    scope, found = _resolve(ws.settings, organisation, written)
    if found:
        return ws, found
    tops = tuple(root.code for root in organisation.roots)
    whole = ws.settings.whole_kommun or (len(tops) > 1 and scope == tops)
    settings = dataclasses.replace(ws.settings, scope=scope, whole_kommun=whole)
    if scope == tops:
        return dataclasses.replace(ws, settings=settings), []
    narrowed = organisation.narrowed(scope)
    inside = set(narrowed.members())
    facts: list[Fact] = []
    lines: list[tuple[str, int | None]] = []
    found = []
    unplaced: set[str] = set()
    for fact, (file, line) in zip(ws.facts, ws.lines.facts, strict=True):
        unit = fact.member(ORGANISATION)
        if unit is None:
            if file not in unplaced:
                unplaced.add(file)
                found.append(_unplaced(file, line, scope))
        elif unit in inside:
            facts.append(fact)
            lines.append((file, line))
    known = set(organisation.members())
    # The kommun's intraprenader.yaml lists every nämnd's: a report keeps those in its scope
    # (and an unknown unit, which validation reports).
    intraprenader = [
        (item, line)
        for item, line in zip(ws.intraprenader, ws.lines.intraprenader, strict=True)
        if item.unit in inside or item.unit not in known
    ]
    dimensions = tuple(narrowed if d.name == ORGANISATION else d for d in ws.dimensions)
    assignments, portfolios = _followed(ws, inside)
    scoped = dataclasses.replace(
        ws,
        settings=settings,
        dimensions=dimensions,
        facts=tuple(facts),
        assignments=assignments,
        portfolios=portfolios,
        intraprenader=tuple(item for item, _ in intraprenader),
        lines=dataclasses.replace(
            ws.lines,
            facts=tuple(lines),
            intraprenader=tuple(line for _, line in intraprenader),
        ),
    )
    return scoped, found


def _resolve(
    settings: Settings, organisation: Dimension, written: Mapping[str, int | None]
) -> tuple[tuple[str, ...], list[Diagnostic]]:
    """The top codes of the scope, in the organisation's order, or what is wrong with it."""
    tops = tuple(root.code for root in organisation.roots)
    if settings.whole_kommun:
        return tops, []
    if not settings.scope:
        if len(tops) == 1:
            return tops, []
        return (), [_choose(tops, written.get("nämnd"))]
    found: list[Diagnostic] = []
    for code in settings.scope:
        if code in tops:
            continue
        line = written.get(f"{SCOPE_KEY}:{code}", written.get(SCOPE_KEY))
        top = organisation.top_of(code)
        if top is None:
            message = f"«{code}» i «omfattning» finns inte i organisation.yaml."
            hint = f"Skriv koden för en nämnd: {', '.join(tops)}, eller omfattning: kommun."
        else:
            message = (
                f"«{code}» i «omfattning» är ingen nämnd utan en del av {top.name} ({top.code}): "
                "en rapport omfattar hela nämnder."
            )
            hint = (
                f"Skriv omfattning: {top.code}; tabellerna visar {code} som en rad bland "
                f"{top.code}s delar."
            )
        found.append(_error("UPP137", message, line, hint))
    return tuple(code for code in tops if code in settings.scope), found


def _choose(tops: tuple[str, ...], line: int | None) -> Diagnostic:
    return _error(
        "UPP138",
        f"organisation.yaml har {len(tops)} nämnder ({', '.join(tops)}), men uppsikt.yaml säger "
        "inte vilka av dem rapporten omfattar.",
        line,
        f"Lägg till «omfattning:» i uppsikt.yaml: en nämnd (omfattning: {tops[0]}), en lista "
        f"(omfattning: [{', '.join(tops[:2])}]) eller hela kommunen (omfattning: kommun).",
    )


def _unplaced(file: str, line: int | None, scope: tuple[str, ...]) -> Diagnostic:
    shown = scope[0] if len(scope) == 1 else f"[{', '.join(scope)}]"
    return Diagnostic(
        "UPP199",
        Severity.ERROR,
        f"Beloppen i {file} saknar enhet, så de kan inte delas mellan nämnderna: rapporten "
        f"omfattar bara {shown}, inte hela kommunen.",
        Location(file=file, line=line),
        "Lägg till kolumnen enhet i filen (en rad per enhet), eller ge rapporten "
        "omfattning: kommun i uppsikt.yaml.",
    )


def _error(code: str, message: str, line: int | None, hint: str) -> Diagnostic:
    location = Location(file=SETTINGS_FILE, line=line, field=SCOPE_KEY)
    return Diagnostic(code, Severity.ERROR, message, location, hint)


def _followed(
    ws: Workspace, inside: set[str]
) -> tuple[tuple[Assignment, ...], tuple[Portfolio, ...]]:
    """The uppdrag and projects a report follows up: a nämnd's report those its nämnder are
    responsible for (the kommun's uppdrag.yaml lists every nämnd's); a report that follows up
    the nämnder (KS's, the kommun's) every one."""
    if ws.settings.report_type.kind.follows_up_namnder:
        return ws.assignments, ws.portfolios
    assignments = tuple(a for a in ws.assignments if a.responsible in inside)
    portfolios = tuple(
        dataclasses.replace(p, projects=kept)
        for p in ws.portfolios
        if (kept := tuple(j for j in p.projects if j.responsible in inside))
    )
    return assignments, portfolios
