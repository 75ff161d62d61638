"""Reading a whole workspace folder: every file, then the references between files."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from uppsikt.ledger.facts import LedgerFactsCache, ledger_facts
from uppsikt.ledger.model import STORE_FILE
from uppsikt.located.diagnostics import Diagnostic, WorkspaceNotFoundError, has_errors, sort_key
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node, load_yaml
from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Fact
from uppsikt.model.goals import GoalStructure
from uppsikt.model.indicators import Footnote, Indicator, IndicatorGroup, IndicatorValue
from uppsikt.model.narrative import TextSection
from uppsikt.model.sources import SourceLines
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.assignments import (
    ASSIGNMENTS_FILE,
    PORTFOLIOS_FILE,
    read_assignments,
    read_portfolios,
)
from uppsikt.workspace.budget_changes import BUDGET_CHANGES_NAME, budget_changes
from uppsikt.workspace.checkconfig import CHECKS_FILE, read_check_config
from uppsikt.workspace.dimensions import organisation_node, read_dimensions, read_organisation
from uppsikt.workspace.economy import ECONOMY_FOLDER, read_facts
from uppsikt.workspace.forecasts import FORECASTS_NAME, as_facts, forecast_facts, forecasts
from uppsikt.workspace.goals import GOALS_FILE, read_goals
from uppsikt.workspace.indicator_forecasts import indicator_forecasts
from uppsikt.workspace.indicators import INDICATORS_FILE, VALUES_FILE, read_indicator_file
from uppsikt.workspace.indicators import read_values as read_value_rows
from uppsikt.workspace.intraprenader import INTRAPRENADER_FILE, read_intraprenader
from uppsikt.workspace.kommun import COMBINED, SHARED_ONLY, Place
from uppsikt.workspace.plan import ASSESSMENTS_FILE, plan_place, plan_tables, read_assessments
from uppsikt.workspace.publishing_files import publishing_files
from uppsikt.workspace.scope import scope_workspace
from uppsikt.workspace.settings import SETTINGS_FILE, read_settings
from uppsikt.workspace.tables import TABLES_FILE, read_tables
from uppsikt.workspace.texts import TEXT_FOLDER, read_text, text_files
from uppsikt.workspace.validate import validate

ORGANISATION_FILE = "organisation.yaml"
DIMENSIONS_FILE = "dimensioner.yaml"

T = TypeVar("T")
Root = Callable[[Any, Sink, str], Node | None]
"""How a YAML file's root becomes a Node (Node.root; organisation.yaml teaches its forms)."""


class Reading:
    """The state of one reading: the folder (and its kommun's), and one sink per file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.place = Place.of(root)
        self.sinks: list[Sink] = []
        self.extra: list[Diagnostic] = []
        """Diagnostics of readers that keep their own sinks (the ledger)."""

    def sink(self, rel: str) -> Sink:
        sink = Sink(rel)
        self.sinks.append(sink)
        return sink

    def yaml(
        self,
        rel: str,
        what: str,
        read: Callable[[Node], T],
        *,
        required: bool,
        root: Root = Node.root,
    ) -> T | None:
        path, shown = self.place.locate(rel)
        return self.yaml_at(path, shown, what, read, required=required, root=root)

    def yaml_at(
        self,
        path: Path,
        shown: str,
        what: str,
        read: Callable[[Node], T],
        *,
        required: bool,
        root: Root = Node.root,
    ) -> T | None:
        sink = self.sink(shown)
        if not path.exists() and not required:
            return None
        node = root(load_yaml(path, sink), sink, what)
        return None if node is None else read(node)

    def combined(self, rel: str) -> list[tuple[Path, str]]:
        """The kommun's file ``rel`` and the report's, those that exist (COMBINED files)."""
        if rel not in COMBINED:
            raise ValueError(f"{rel} is not read from both the kommun and the report")
        found: list[tuple[Path, str]] = []
        shared = self.place.shared(rel)
        if shared is not None and shared.exists():
            found.append((shared, self.place.shown_shared(rel)))
        planned = self.place.planned(rel)
        if planned is not None and planned.exists():
            found.append((planned, self.place.shown_planned(rel)))
        if self.place.own(rel).exists():
            found.append((self.place.own(rel), rel))
        return found

    def misplaced(self) -> None:
        """A kommun's report folder holding what exists once for the municipality."""
        if self.place.kommun is None:
            return
        for rel in SHARED_ONLY:
            if self.place.own(rel).exists():
                self.sink(rel).error(
                    "UPP116",
                    f"{rel} hör till kommunens mapp, inte till en rapports: organisationen, "
                    "dimensionerna, mappningen och ekonomin finns en gång för hela kommunen.",
                    hint=f"Flytta innehållet till {self.place.shown_shared(rel)} och ta bort "
                    "det här; rapportens omfattning väljs med «omfattning» i uppsikt.yaml.",
                )

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for s in self.sinks for d in s.diagnostics] + self.extra


def read_workspace(
    root: Path, *, ledger_cache: LedgerFactsCache | None = None
) -> tuple[Workspace | None, list[Diagnostic]]:
    """The workspace in ``root`` and every problem found in it, sorted by file and line.

    Returns no workspace when any error was found, since later stages must be able to trust
    the model. Raises WorkspaceNotFoundError when ``root`` is not a folder. ``ledger_cache``
    keeps the ledger's aggregated facts for other reports reading the same ledger (a kommun's).
    """
    if not root.is_dir():
        raise WorkspaceNotFoundError(f"Mappen {root} finns inte.")
    reading = Reading(root)
    settings_lines: dict[str, int | None] = {}
    settings = reading.yaml(
        SETTINGS_FILE,
        "inställningar",
        lambda node: read_settings(node, settings_lines),
        required=True,
    )
    year = settings.year if settings else 0
    reading.place = plan_place(reading.place, settings, settings_lines, reading.sink)

    organisation = reading.yaml(
        ORGANISATION_FILE,
        "en organisation",
        read_organisation,
        required=True,
        root=organisation_node,
    )
    others = reading.yaml(DIMENSIONS_FILE, "dimensioner", read_dimensions, required=False) or []
    dimensions = tuple(d for d in (organisation, *others) if d is not None)

    # The report type decides whether every KF-mål states a stance (unknown type: as a nämnd).
    stances = settings.report_type.kind.stances_required if settings else True
    goals, goal_lines = _goals(reading, stances_required=stances)

    indicator_lines: dict[str, int | None] = {}
    indicators, groups, footnotes = _indicators(reading, year, indicator_lines)
    values, value_lines, value_files = read_value_file(reading)

    kronor = settings.amounts_unit.kronor if settings and settings.amounts_unit else 1
    # Without the organisation the facts' unit codes cannot be checked; its own error says so.
    facts, fact_lines = _facts(reading, dimensions, kronor) if organisation else ((), ())
    monthly = None
    if organisation is not None:
        data_root = reading.place.data_root
        ledger = (
            ledger_cache.facts(data_root, dimensions)
            if ledger_cache is not None
            else ledger_facts(data_root, dimensions)
        )
        reading.extra.extend(reading.place.shared_diagnostics(ledger.diagnostics))
        if ledger.kontogrupp is not None:
            kept = (d for d in dimensions if d.name != "kontogrupp")
            dimensions = (*kept, ledger.kontogrupp)
        fact_lines = (*fact_lines, *((STORE_FILE, None) for _ in ledger.facts))
        facts = (*facts, *ledger.facts)
        monthly = ledger.monthly
    tables = plan_tables(
        reading.yaml(TABLES_FILE, "tabeller", read_tables, required=False), settings
    )
    intraprenader = reading.yaml(
        INTRAPRENADER_FILE,
        "intraprenader",
        lambda node: read_intraprenader(node, kronor),
        required=False,
    )
    texts = read_texts(reading)
    accepted = reading.yaml(CHECKS_FILE, "kontroller", read_check_config, required=False)
    if accepted and reading.place.locate(CHECKS_FILE)[1] != CHECKS_FILE:
        accepted = [dataclasses.replace(a, shared=True) for a in accepted]
    assignments = reading.yaml(
        ASSIGNMENTS_FILE,
        "uppdrag",
        lambda node: read_assignments(node, organisation, goals),
        required=False,
    )
    portfolios = reading.yaml(
        PORTFOLIOS_FILE,
        "projektportföljer",
        lambda node: read_portfolios(node, organisation, goals),
        required=False,
    )
    changes = budget_changes(reading, organisation, year, kronor)
    forecast_rows = forecasts(reading, organisation, kronor, dimensions)
    outlooks = indicator_forecasts(reading, indicators, year, defined=indicator_lines)
    reading.misplaced()

    if settings is None or organisation is None:
        return None, sorted(reading.diagnostics, key=sort_key)
    shown_forecasts = forecast_facts(settings, organisation, forecast_rows, facts)
    facts = (*facts, *as_facts(shown_forecasts, settings, organisation))
    fact_lines = (*fact_lines, *((r.file, r.line) for r in shown_forecasts))
    lines = SourceLines(
        goals=MappingProxyType(goal_lines),
        indicators=MappingProxyType(indicator_lines),
        values=value_lines,
        value_files=value_files,
        facts=fact_lines,
        intraprenader=tuple(line for line, _ in intraprenader or []),
    )
    workspace = Workspace(
        settings=settings,
        dimensions=dimensions,
        goals=goals,
        indicators=indicators,
        indicator_groups=groups,
        footnotes=footnotes,
        values=values,
        facts=facts,
        tables=tuple(tables),
        intraprenader=tuple(i for _, i in intraprenader or []),
        texts=texts,
        accepted=tuple(accepted or ()),
        assignments=assignments or (),
        portfolios=portfolios or (),
        budget_changes=changes,
        forecasts=forecast_rows,
        indicator_forecasts=outlooks,
        monthly=monthly,
        lines=lines,
    )
    # The report's scope narrows the organisation and the facts before anything is checked.
    workspace, scoped = scope_workspace(workspace, settings_lines)
    diagnostics = (
        reading.diagnostics
        + scoped
        + validate(workspace, workspace.lines)
        + publishing_files(root, settings)
    )
    diagnostics.sort(key=sort_key)
    return (None if has_errors(diagnostics) else workspace), diagnostics


def _goals(
    reading: Reading, *, stances_required: bool
) -> tuple[GoalStructure, dict[str, int | None]]:
    """The goals: the report's own mal.yaml, or the kommun's; in a kommun with both, the
    report's read against KF's goals in the kommun's file."""
    shared = reading.place.shared(GOALS_FILE)
    own = reading.place.locate(GOALS_FILE)[0]  # the report's, or its plan's
    council: GoalStructure | None = None
    if shared is not None and shared.exists() and own.exists() and own != shared:
        council_read = reading.yaml_at(
            shared,
            reading.place.shown_shared(GOALS_FILE),
            "målområden",
            lambda node: read_goals(node, stances_required=False),
            required=False,
        )
        council = council_read[0] if council_read else GoalStructure()
    found = reading.yaml(
        GOALS_FILE,
        "målområden",
        lambda node: read_goals(node, stances_required=stances_required, council=council),
        required=False,
    )
    goals, lines = found or (GoalStructure(), {})
    overlay = reading.yaml(
        ASSESSMENTS_FILE, "bedömningar", lambda node: read_assessments(node, goals), required=False
    )
    return overlay or goals, lines


def _indicators(
    reading: Reading, year: int, lines: dict[str, int | None]
) -> tuple[tuple[Indicator, ...], tuple[IndicatorGroup, ...], tuple[Footnote, ...]]:
    """The kommun's indicators and the report's own, together (one file outside a kommun)."""
    indicators: list[Indicator] = []
    groups: list[IndicatorGroup] = []
    footnotes: list[Footnote] = []
    for path, shown in reading.combined(INDICATORS_FILE):
        found = reading.yaml_at(
            path,
            shown,
            "indikatorer",
            lambda node: read_indicator_file(node, year, lines),
            required=False,
        )
        if found is not None:
            indicators += found[0]
            groups += found[1]
            footnotes += found[2]
    return tuple(indicators), tuple(groups), tuple(footnotes)


def read_value_file(
    reading: Reading,
) -> tuple[tuple[IndicatorValue, ...], tuple[int, ...], tuple[str, ...]]:
    """The indicator values and, parallel to them, the line and the file each was read from
    (the kommun's file first, then the report's own, in a kommun)."""
    values: list[IndicatorValue] = []
    lines: list[int] = []
    files: list[str] = []
    for path, shown in reading.combined(VALUES_FILE):
        rows = read_value_rows(path, reading.sink(shown))
        values += (value for _, value in rows)
        lines += (line for line, _ in rows)
        files += (shown for _ in rows)
    return tuple(values), tuple(lines), tuple(files)


def _facts(
    reading: Reading, dimensions: tuple[Dimension, ...], kronor: int
) -> tuple[tuple[Fact, ...], tuple[tuple[str, int | None], ...]]:
    """The facts of the economy files and, parallel to them, the file and line of each."""
    names = {d.name: {code: m.name for code, m in d.members().items()} for d in dimensions}
    facts: list[Fact] = []
    lines: list[tuple[str, int | None]] = []
    folder, shown = reading.place.locate(ECONOMY_FOLDER)
    if not folder.is_dir():
        return (), ()
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv"):
        if path.name == BUDGET_CHANGES_NAME:
            continue  # not facts: the budget's changes (workspace/budget_changes.py)
        if path.name == FORECASTS_NAME:
            continue  # not facts: the forecasts (workspace/forecasts.py)
        rel = f"{shown}/{path.name}"
        for line, fact in read_facts(path, reading.sink(rel), names, kronor):
            lines.append((rel, line))
            facts.append(fact)
    return tuple(facts), tuple(lines)


def read_texts(reading: Reading) -> tuple[TextSection, ...]:
    found: list[TextSection] = []
    for path in text_files(reading.root / TEXT_FOLDER):
        rel = f"{TEXT_FOLDER}/{path.name}"
        section = read_text(path, rel, reading.sink(rel))
        if section is not None:
            found.append(section)
    return tuple(found)
