"""Reading a whole workspace folder: every file, then the references between files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from uppsikt.ledger.facts import ledger_facts
from uppsikt.ledger.model import STORE_FILE
from uppsikt.located.diagnostics import Diagnostic, WorkspaceNotFoundError, has_errors, sort_key
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node, load_yaml
from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Fact
from uppsikt.model.goals import GoalStructure
from uppsikt.model.indicators import IndicatorValue
from uppsikt.model.narrative import TextSection
from uppsikt.model.settings import Settings
from uppsikt.model.sources import SourceLines
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.checkconfig import CHECKS_FILE, read_check_config
from uppsikt.workspace.dimensions import read_dimensions, read_organisation
from uppsikt.workspace.economy import ECONOMY_FOLDER, read_facts
from uppsikt.workspace.goals import GOALS_FILE, read_goals
from uppsikt.workspace.indicators import INDICATORS_FILE, VALUES_FILE, read_indicator_file
from uppsikt.workspace.indicators import read_values as read_value_rows
from uppsikt.workspace.intraprenader import INTRAPRENADER_FILE, read_intraprenader
from uppsikt.workspace.settings import SETTINGS_FILE, read_settings
from uppsikt.workspace.tables import TABLES_FILE, read_tables
from uppsikt.workspace.texts import TEXT_FOLDER, read_text, text_files
from uppsikt.workspace.validate import validate

ORGANISATION_FILE = "organisation.yaml"
DIMENSIONS_FILE = "dimensioner.yaml"

T = TypeVar("T")


class Reading:
    """The state of one reading: the folder and one sink per file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sinks: list[Sink] = []
        self.extra: list[Diagnostic] = []
        """Diagnostics of readers that keep their own sinks (the ledger)."""

    def sink(self, rel: str) -> Sink:
        sink = Sink(rel)
        self.sinks.append(sink)
        return sink

    def yaml(self, rel: str, what: str, read: Callable[[Node], T], *, required: bool) -> T | None:
        path = self.root / rel
        sink = self.sink(rel)
        if not path.exists() and not required:
            return None
        node = Node.root(load_yaml(path, sink), sink, what)
        return None if node is None else read(node)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for s in self.sinks for d in s.diagnostics] + self.extra


def read_workspace(root: Path) -> tuple[Workspace | None, list[Diagnostic]]:
    """The workspace in ``root`` and every problem found in it, sorted by file and line.

    Returns no workspace when any error was found, since later stages must be able to trust
    the model. Raises WorkspaceNotFoundError when ``root`` is not a folder.
    """
    if not root.is_dir():
        raise WorkspaceNotFoundError(f"Mappen {root} finns inte.")
    reading = Reading(root)
    settings = reading.yaml(SETTINGS_FILE, "inställningar", read_settings, required=True)
    year = settings.year if settings else 0

    organisation = reading.yaml(
        ORGANISATION_FILE, "en organisation", read_organisation, required=True
    )
    others = reading.yaml(DIMENSIONS_FILE, "dimensioner", read_dimensions, required=False) or []
    dimensions = tuple(d for d in (organisation, *others) if d is not None)

    goals_read = reading.yaml(GOALS_FILE, "målområden", read_goals, required=False)
    goals, goal_lines = goals_read or (GoalStructure(), {})

    indicator_lines: dict[str, int | None] = {}
    indicators_read = reading.yaml(
        INDICATORS_FILE,
        "indikatorer",
        lambda node: read_indicator_file(node, year, indicator_lines),
        required=False,
    )
    indicators, groups, footnotes = indicators_read or ((), (), ())
    values, value_lines = read_value_file(reading)

    kronor = settings.amounts_unit.kronor if settings and settings.amounts_unit else 1
    # Without the organisation the facts' unit codes cannot be checked; its own error says so.
    facts, fact_lines = _facts(reading, dimensions, kronor) if organisation else ((), ())
    if organisation is not None:
        ledger = ledger_facts(root, dimensions)
        reading.extra.extend(ledger.diagnostics)
        if ledger.kontogrupp is not None:
            kept = (d for d in dimensions if d.name != "kontogrupp")
            dimensions = (*kept, ledger.kontogrupp)
        fact_lines = (*fact_lines, *((STORE_FILE, None) for _ in ledger.facts))
        facts = (*facts, *ledger.facts)
    tables = reading.yaml(TABLES_FILE, "tabeller", read_tables, required=False) or []
    intraprenader = reading.yaml(
        INTRAPRENADER_FILE,
        "intraprenader",
        lambda node: read_intraprenader(node, kronor),
        required=False,
    )
    texts = read_texts(reading)
    accepted = reading.yaml(CHECKS_FILE, "kontroller", read_check_config, required=False)

    if settings is None or organisation is None:
        return None, sorted(reading.diagnostics, key=sort_key)
    lines = SourceLines(
        goals=MappingProxyType(goal_lines),
        indicators=MappingProxyType(indicator_lines),
        values=value_lines,
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
        lines=lines,
    )
    diagnostics = (
        reading.diagnostics + validate(workspace, lines) + _publishing_files(root, settings)
    )
    diagnostics.sort(key=sort_key)
    return (None if has_errors(diagnostics) else workspace), diagnostics


def read_value_file(reading: Reading) -> tuple[tuple[IndicatorValue, ...], tuple[int, ...]]:
    """The indicator values and, parallel to them, the line each was read from."""
    path = reading.root / VALUES_FILE
    if not path.exists():
        return (), ()
    rows = read_value_rows(path, reading.sink(VALUES_FILE))
    return tuple(value for _, value in rows), tuple(line for line, _ in rows)


def _facts(
    reading: Reading, dimensions: tuple[Dimension, ...], kronor: int
) -> tuple[tuple[Fact, ...], tuple[tuple[str, int | None], ...]]:
    """The facts of the economy files and, parallel to them, the file and line of each."""
    names = {d.name: {code: m.name for code, m in d.members().items()} for d in dimensions}
    facts: list[Fact] = []
    lines: list[tuple[str, int | None]] = []
    folder = reading.root / ECONOMY_FOLDER
    if not folder.is_dir():
        return (), ()
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv"):
        rel = f"{ECONOMY_FOLDER}/{path.name}"
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


_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _signature(path: Path) -> bytes:
    """The first bytes of a file, without reading the rest (a logo may be any size)."""
    with path.open("rb") as file:
        return file.read(8)


def _publishing_files(root: Path, settings: Settings) -> list[Diagnostic]:
    """The Word template and the logo named in the settings exist and are of the right kind."""
    found: list[Diagnostic] = []
    sink = Sink(SETTINGS_FILE)
    publishing = settings.publishing
    if publishing.word_template:
        path = root / publishing.word_template
        if not path.is_file():
            sink.error(
                "UPP135",
                f"Wordmallen {publishing.word_template} finns inte.",
                field_name="wordmall",
                hint="Lägg mallen i arbetsytan och ange sökvägen relativt arbetsytan, eller "
                "ta bort «wordmall» för att använda standardmallen.",
            )
        elif path.suffix.lower() not in (".docx", ".dotx"):
            sink.error(
                "UPP135",
                f"Wordmallen {publishing.word_template} är ingen .docx-fil.",
                field_name="wordmall",
                hint="Spara mallen i Word som .docx (Word-dokument) och ange den filen.",
            )
    if publishing.logo:
        path = root / publishing.logo
        if not path.is_file():
            sink.error(
                "UPP136",
                f"Logotypen {publishing.logo} finns inte.",
                field_name="logotyp",
                hint="Lägg bildfilen i arbetsytan och ange sökvägen relativt arbetsytan.",
            )
        elif not _signature(path).startswith(_IMAGE_SIGNATURES):
            sink.error(
                "UPP136",
                f"Logotypen {publishing.logo} är ingen PNG- eller JPEG-bild.",
                field_name="logotyp",
                hint="Spara logotypen som PNG (helst) eller JPEG.",
            )
    found.extend(sink.diagnostics)
    return found
