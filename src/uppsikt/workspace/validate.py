"""References between workspace files: every code, id and year must point at something real.

Each file is read on its own first; these checks then catch a value for an undefined indicator,
a table row naming an unknown unit, a year after the report year, and the like.
"""

from __future__ import annotations

from collections import Counter

from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.indicators import TOTAL
from uppsikt.model.settings import BUILT_IN_SECTIONS
from uppsikt.model.sources import SourceLines as Lines
from uppsikt.model.tables import ALL_MEMBERS, INTRAPRENADER, ColumnKind, RowKind, TableDef
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.table_scope import table_scope

_TEXT_REQUIRED = ("forslag-till-beslut", "forvaltningschefens-bedomning")
_UNKNOWN_ROW_HINT = "Rätta koden eller lägg till den i organisationen/dimensionen."
_OUTSIDE_SCOPE = (
    " En enhet under en nämnd utanför rapportens «omfattning» (uppsikt.yaml) finns inte i "
    "rapporten."
)


def _error(code: str, message: str, file: str, line: int | None, hint: str) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, Location(file=file, line=line), hint)


def validate(ws: Workspace, lines: Lines) -> list[Diagnostic]:
    return [
        *_duplicate_codes(ws),
        *_values(ws, lines),
        *_placements(ws, lines),
        *_facts(ws, lines),
        *_tables(ws),
        *_intraprenader(ws, lines),
        *_sections(ws),
    ]


def _duplicate_codes(ws: Workspace) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for dimension in ws.dimensions:
        counts = Counter(m.code for root in dimension.roots for _, m in root.walk())
        file = "organisation.yaml" if dimension.name == ORGANISATION else "dimensioner.yaml"
        found.extend(
            _error(
                "UPP142",
                f"Koden «{code}» används {n} gånger i dimensionen {dimension.name}.",
                file,
                None,
                "Ge varje enhet eller medlem en egen kod.",
            )
            for code, n in counts.items()
            if n > 1
        )
    return found


def _values(ws: Workspace, lines: Lines) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    indicators = {i.id: i for i in ws.indicators}
    footnotes = {f.id for f in ws.footnotes}
    seen: dict[tuple[str, str, int], int] = {}
    year = ws.settings.year
    files = lines.value_files or ("indikatorvarden.csv",) * len(ws.values)
    for line, file, value in zip(lines.values, files, ws.values, strict=True):
        if value.year > year:
            found.append(
                _error(
                    "UPP202",
                    f"Året {value.year} ligger efter rapportåret {year}.",
                    file,
                    line,
                    "Rätta året, eller ändra rapportåret i uppsikt.yaml.",
                )
            )
        indicator = indicators.get(value.indicator)
        if indicator is None and value.indicator in lines.indicators:
            continue  # defined, but invalid: reported where it is defined
        if indicator is None:
            found.append(
                _error(
                    "UPP200",
                    f"Värde för indikatorn «{value.indicator}», som inte är definierad.",
                    file,
                    line,
                    "Definiera indikatorn i indikatorer.yaml eller rätta id:t.",
                )
            )
            continue
        breakdowns = {b.key for b in indicator.breakdowns} | {TOTAL}
        if value.breakdown not in breakdowns:
            found.append(
                _error(
                    "UPP201",
                    f"Indikatorn «{value.indicator}» har ingen uppdelning «{value.breakdown}».",
                    file,
                    line,
                    f"Använd en av: {', '.join(sorted(breakdowns))}, eller lägg till "
                    "uppdelningen i indikatorer.yaml.",
                )
            )
        if value.footnote and value.footnote not in footnotes:
            found.append(_unknown_footnote(value.footnote, file, line))
        key = (value.indicator, value.breakdown, value.year)
        if key in seen:
            found.append(
                _error(
                    "UPP203",
                    f"Värdet för {value.indicator} ({value.breakdown}) {value.year} står "
                    f"redan på rad {seen[key]}.",
                    file,
                    line,
                    "Ta bort den ena raden.",
                )
            )
        seen[key] = line
    return found


def _unknown_footnote(footnote: str, file: str, line: int | None) -> Diagnostic:
    return _error(
        "UPP204",
        f"Fotnoten «{footnote}» är inte definierad.",
        file,
        line,
        "Lägg till den under «fotnoter» i indikatorer.yaml.",
    )


def _placements(ws: Workspace, lines: Lines) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    commitments = ws.goals.commitments()
    areas = {a.id for a in ws.goals.areas}
    footnotes = {f.id for f in ws.footnotes}
    groups = {g.name for g in ws.indicator_groups}
    file = "indikatorer.yaml"
    for group in ws.indicator_groups:
        found.extend(
            _unknown_footnote(f, file, None) for f in group.footnotes if f not in footnotes
        )
    for indicator in ws.indicators:
        line = lines.indicators.get(indicator.id)
        notes = list(indicator.footnotes) + [
            t.footnote for _, t in indicator.targets if t.footnote is not None
        ]
        found.extend(_unknown_footnote(f, file, line) for f in notes if f not in footnotes)
        for m in indicator.placements:
            if m.kind == "åtagande" and m.ref not in commitments:
                found.append(
                    _error(
                        "UPP205",
                        f"Indikatorn «{indicator.id}» hör till åtagandet «{m.ref}», som inte "
                        "finns i mal.yaml.",
                        file,
                        line,
                        "Rätta åtagandets id.",
                    )
                )
            if m.kind == "målområde" and m.ref not in areas:
                found.append(
                    _error(
                        "UPP206",
                        f"Indikatorn «{indicator.id}» hör till målområdet «{m.ref}», som inte "
                        "finns i mal.yaml.",
                        file,
                        line,
                        "Rätta målområdets id.",
                    )
                )
            if m.kind == "fem-år" and groups and m.group not in groups:
                found.append(
                    _error(
                        "UPP207",
                        f"Gruppen «{m.group}» finns inte under «grupper».",
                        file,
                        line,
                        f"Använd en av: {', '.join(sorted(groups))}.",
                    )
                )
    return found


def _facts(ws: Workspace, lines: Lines) -> list[Diagnostic]:
    year = ws.settings.year
    return [
        _error(
            "UPP210",
            f"Året {fact.year} ligger efter rapportåret {year}.",
            file,
            line,
            "Rätta året, eller ändra rapportåret i uppsikt.yaml.",
        )
        for (file, line), fact in zip(lines.facts, ws.facts, strict=True)
        if fact.year > year
    ]


def _tables(ws: Workspace) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    ids: set[str] = set()
    for table in ws.tables:
        if table.id in ids:
            found.append(
                _error("UPP187", f"Tabell-id «{table.id}» används två gånger.", table.file,
                       table.line, "Ge varje tabell ett eget id.")
            )  # fmt: skip
        ids.add(table.id)
        found.extend(_table(ws, table))
    return found


def _table(ws: Workspace, table: TableDef) -> list[Diagnostic]:
    dimension = ws.dimension(table.dimension)
    if dimension is None:
        names = ", ".join(d.name for d in ws.dimensions)
        return [
            _error(
                "UPP188",
                f"Tabellen «{table.id}» har dimensionen «{table.dimension}», som inte finns.",
                table.file,
                table.line,
                f"Använd en av: {names}.",
            )
        ]
    found: list[Diagnostic] = []
    members = dimension.members()
    row_ids: set[str] = set()
    for row in table.rows:
        if row.kind in (RowKind.MEMBER, RowKind.VARAV):
            found.extend(
                _error(
                    "UPP189",
                    f"Raden i tabellen «{table.id}» nämner «{code}», som inte finns i "
                    f"dimensionen {table.dimension}.",
                    table.file,
                    row.line,
                    _UNKNOWN_ROW_HINT + (_OUTSIDE_SCOPE if table.dimension == ORGANISATION else ""),
                )
                for code in row.members
                if code not in members and code not in (INTRAPRENADER, ALL_MEMBERS)
            )
        found.extend(
            _error(
                "UPP191",
                f"Raden «{row.id}» i tabellen «{table.id}» hänvisar till raden «{ref}», som "
                "inte står ovanför.",
                table.file,
                row.line,
                "Hänvisa bara till rader som står tidigare i tabellen.",
            )
            for ref in row.operands
            if ref not in row_ids
        )
        row_ids.add(row.id)
    found.extend(_chart_fits(table))
    found.extend(table_scope(ws, table))
    column_ids: set[str] = set()
    for column in table.columns:
        found.extend(
            _error(
                "UPP192",
                f"Kolumnen «{column.id}» i tabellen «{table.id}» hänvisar till kolumnen "
                f"«{ref}», som inte står före.",
                table.file,
                table.line,
                "Hänvisa bara till kolumner som står tidigare i listan.",
            )
            for ref in column.operands
            if ref not in column_ids
        )
        column_ids.add(column.id)
    return found


def _chart_fits(table: TableDef) -> list[Diagnostic]:
    """A chart asked for can be drawn from the table's columns."""
    kinds = {c.kind for c in table.columns}
    needs = {"avvikelse": ColumnKind.DIFFERENCE, "jämförelse": ColumnKind.AMOUNT}
    if table.chart and needs[table.chart] not in kinds:
        what = (
            "en avvikelsekolumn (typ: skillnad)"
            if table.chart == "avvikelse"
            else "beloppskolumner"
        )
        return [
            _error(
                "UPP194",
                f"Tabellen «{table.id}» ska ha diagrammet «{table.chart}», men saknar {what}.",
                table.file,
                table.line,
                "Lägg till kolumnen, byt diagram eller ta bort «diagram».",
            )
        ]
    return []


def _intraprenader(ws: Workspace, lines: Lines) -> list[Diagnostic]:
    organisation = ws.dimension(ORGANISATION)
    members = organisation.members() if organisation else {}
    found: list[Diagnostic] = []
    for line, item in zip(lines.intraprenader, ws.intraprenader, strict=True):
        member = members.get(item.unit)
        if member is None or not member.intraprenad:
            found.append(
                _error(
                    "UPP193",
                    f"«{item.unit}» är ingen enhet markerad som intraprenad.",
                    "intraprenader.yaml",
                    line,
                    "Ange koden för en enhet med «intraprenad: true» i organisation.yaml.",
                )
            )
    return found


def _sections(ws: Workspace) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for name in ws.settings.sections:
        if ws.text(name) is not None:
            continue
        if name not in BUILT_IN_SECTIONS or name in _TEXT_REQUIRED:
            found.append(
                _error(
                    "UPP195",
                    f"Avsnittet «{name}» saknar sin text: filen text/{name}.md finns inte.",
                    "uppsikt.yaml",
                    None,
                    f"Skapa text/{name}.md eller ta bort avsnittet ur «avsnitt».",
                )
            )
    return found
