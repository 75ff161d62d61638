"""Reading tabeller.yaml: economic table definitions."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from uppsikt.located.yamlfile import Node
from uppsikt.model.economy import Scenario
from uppsikt.model.tables import (
    ALL_MEMBERS,
    MAX_DIMENSIONS,
    ColumnDef,
    ColumnKind,
    RowDef,
    RowKind,
    TableDef,
    TableFilter,
)

TABLES_FILE = "tabeller.yaml"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

STANDARD_COLUMNS = (
    ColumnDef("utfall-fg", ColumnKind.AMOUNT, scenario=Scenario.OUTCOME, year_offset=-1),
    ColumnDef("utfall", ColumnKind.AMOUNT, scenario=Scenario.OUTCOME),
    ColumnDef("budget", ColumnKind.AMOUNT, scenario=Scenario.BUDGET),
    ColumnDef("avvikelse", ColumnKind.DIFFERENCE, operands=("utfall", "budget")),
    ColumnDef("forandring", ColumnKind.CHANGE, operands=("utfall", "utfall-fg")),
    ColumnDef("forandring-procent", ColumnKind.CHANGE_PERCENT, operands=("utfall", "utfall-fg")),
)
"""The columns of most economic tables: bokslut last year and this year, budget, avvikelse,
förändring tkr and %. In a delårsrapport the 'utfall' column is read as prognos."""

_ROW_KINDS = {k.value: k for k in RowKind}
CHART_KINDS = ("avvikelse", "jämförelse")
_COLUMN_KINDS = {k.value: k for k in ColumnKind}


def read_tables(node: Node) -> list[TableDef]:
    node.check_unknown(("tabeller",))
    return [t for t in (_table(n) for n in node.nodes("tabeller", "en tabell")) if t]


def _table(node: Node) -> TableDef | None:
    node.check_unknown(
        ("id", "rubrik", "underavsnitt", "dimension", "dimensioner", "filter", "radrubrik",
         "kolumner", "rader", "kommentar", "avsnitt", "diagram")
    )  # fmt: skip
    ident = node.text("id")
    if ident and not _ID.match(ident):
        node.sink.error("UPP180", f"Tabell-id «{ident}» är ogiltigt.", line=node.key_line("id"))
    caption = node.text("rubrik")
    dimensions = _dimensions(node)
    filters = _filters(node)
    rows = _rows(node)
    columns = _columns(node)
    if not (ident and caption and dimensions and columns is not None and filters is not None):
        return None
    return TableDef(
        id=ident,
        caption=caption,
        dimension=dimensions[0],
        breakdown=dimensions[1:],
        filters=filters,
        rows=tuple(rows),
        columns=columns,
        section=node.text("avsnitt", required=False) or "ekonomi",
        subsection=node.text("underavsnitt", required=False),
        row_header=node.text("radrubrik", required=False),
        comment=node.text("kommentar", required=False),
        chart=node.choice("diagram", {c: c for c in CHART_KINDS}, required=False) or "",
        file=node.sink.file,
        line=node.line,
    )


def _dimensions(node: Node) -> tuple[str, ...]:
    """``dimension: enhet``, or ``dimensioner: [enhet, kontogrupp]`` for nested rows."""
    if node.has("dimension") and node.has("dimensioner"):
        node.sink.error(
            "UPP153",
            "Tabellen anger både «dimension» och «dimensioner».",
            line=node.key_line("dimensioner"),
            hint="Skriv «dimension: enhet» för en dimension, eller «dimensioner: [enhet, "
            "kontogrupp]» för rader uppdelade i flera nivåer.",
        )
        return ()
    if not node.has("dimensioner"):
        dimension = node.text("dimension")
        return (dimension,) if dimension else ()
    names = node.strings("dimensioner")
    if not 1 <= len(names) <= MAX_DIMENSIONS or len(set(names)) != len(names):
        node.sink.error(
            "UPP153",
            f"«dimensioner» ska vara en lista av 1–{MAX_DIMENSIONS} olika dimensioner.",
            line=node.key_line("dimensioner"),
            hint="T.ex. «dimensioner: [enhet, kontogrupp]»: varje enhet, följd av dess "
            "uppdelning per kontogrupp.",
        )
        return ()
    return names


def _filters(node: Node) -> tuple[TableFilter, ...] | None:
    """``filter: {enhet: ÖKA, kontogrupp: [KG3, KG4]}``; None after an error."""
    raw = node.raw("filter")
    if raw is None:
        return ()
    line = node.key_line("filter")
    if not isinstance(raw, CommentedMap) or not raw:
        node.sink.error(
            "UPP154",
            "«filter» ska ange dimensioner med en medlem eller en lista av medlemmar.",
            line=line,
            hint="T.ex. «filter: {enhet: ÖKA}» eller «filter: {kontogrupp: [KG3, KG4]}».",
        )
        return None
    filters: list[TableFilter] = []
    for key, value in raw.items():
        codes = _codes(value)
        if not codes or any(not c for c in codes) or isinstance(value, CommentedMap):
            node.sink.error(
                "UPP154",
                f"Filtret för dimensionen «{key}» ska vara en medlem eller en lista av medlemmar.",
                line=line,
                hint=f"T.ex. «{key}: KOD» eller «{key}: [KOD1, KOD2]».",
            )
            return None
        filters.append(TableFilter(str(key).strip(), codes, line))
    return tuple(filters)


def _rows(node: Node) -> list[RowDef]:
    if node.raw("rader") == ALL_MEMBERS:
        # «rader: alla»: a row per member at the table's level, and their total.
        line = node.key_line("rader")
        return [
            RowDef(ALL_MEMBERS, RowKind.MEMBER, members=(ALL_MEMBERS,), line=line),
            RowDef("totalt", RowKind.SUM, label="Totalt", line=line),
        ]
    rows: list[RowDef] = []
    ids: set[str] = set()
    for child in node.nodes("rader", "en rad"):
        row = _row(child)
        if row is None:
            continue
        if row.id in ids:
            child.sink.error(
                "UPP181",
                f"Rad-id «{row.id}» finns redan i tabellen.",
                line=child.line,
                hint="Ge raden ett eget id med «id: …».",
            )
            continue
        ids.add(row.id)
        rows.append(row)
    return rows


def _row(node: Node) -> RowDef | None:
    node.check_unknown((*_ROW_KINDS, "id", "namn", "visa_tom", "av", "indrag"))
    kinds = [k for k in _ROW_KINDS if node.has(k)]
    if len(kinds) != 1:
        node.sink.error(
            "UPP182",
            "En rad ska ange precis ett av: rad, varav, summa, exkl, rubrik.",
            line=node.line,
            hint="T.ex. «- rad: FS» eller «- summa: Nettokostnad».",
        )
        return None
    kind = _ROW_KINDS[kinds[0]]
    value = node.raw(kinds[0])
    label = node.text("namn", required=False)
    members: tuple[str, ...] = ()
    operands: tuple[str, ...] = ()
    if kind in (RowKind.MEMBER, RowKind.VARAV):
        members = _codes(value)
    elif kind is RowKind.EXCLUDING:
        operands = _codes(value)
        if len(operands) < 2:
            node.sink.error(
                "UPP183",
                "En exkl-rad ska ange minst två rad-id: totalen och det som dras bort.",
                line=node.line,
                hint="T.ex. «- exkl: [netto, intra]».",
            )
            return None
    else:  # SUM and HEADING: the value is the label
        label = label or str(value or "").strip()
        operands = _codes(node.raw("av")) if node.has("av") else ()
    indent = node.boolean("indrag")
    if indent and kind is not RowKind.MEMBER:
        node.sink.error(
            "UPP155",
            "«indrag» gäller bara rader med «rad»: en varav-rad visas alltid indragen.",
            line=node.key_line("indrag"),
            hint="Ta bort «indrag», eller gör raden till «- rad: …» om den ska räknas med i "
            "summan.",
        )
    ident = node.text("id", required=False) or (members[0] if len(members) == 1 else "")
    if not ident:
        node.sink.error(
            "UPP184",
            "Raden behöver ett id.",
            line=node.line,
            hint="Lägg till «id: …» (används i referenser och öppna data).",
        )
        return None
    return RowDef(
        id=ident,
        kind=kind,
        label=label,
        members=members,
        operands=operands,
        keep_empty=node.boolean("visa_tom"),
        indent=indent and kind is RowKind.MEMBER,
        line=node.line,
    )


def _codes(value: Any) -> tuple[str, ...]:
    if isinstance(value, CommentedSeq):
        return tuple(str(v).strip() for v in value)
    if value is None:
        return ()
    return (str(value).strip(),)


def _columns(node: Node) -> tuple[ColumnDef, ...] | None:
    raw = node.raw("kolumner")
    if raw is None or raw == "standard":
        return STANDARD_COLUMNS
    if raw == "standard-kort":
        return STANDARD_COLUMNS[:4]
    if not isinstance(raw, CommentedSeq):
        node.sink.error(
            "UPP185",
            "«kolumner» ska vara standard, standard-kort eller en lista av kolumner.",
            line=node.key_line("kolumner"),
        )
        return None
    columns: list[ColumnDef] = []
    for child in node.nodes("kolumner", "en kolumn"):
        child.check_unknown(("id", "typ", "rubrik", "scenario", "år", "av", "decimaler"))
        kind = child.choice("typ", _COLUMN_KINDS)
        ident = child.text("id")
        scenario = None
        operands: tuple[str, ...] = ()
        if kind is ColumnKind.AMOUNT:
            scenario = child.choice("scenario", {s.value: s for s in Scenario})
        elif kind is not None:
            operands = _codes(child.raw("av"))
            if len(operands) != 2:
                child.sink.error(
                    "UPP186",
                    f"Kolumnen «{ident}» ska ange två kolumner i «av».",
                    line=child.line,
                    hint="T.ex. «av: [utfall, budget]».",
                )
                continue
        if kind is None or not ident or (kind is ColumnKind.AMOUNT and scenario is None):
            continue
        columns.append(
            ColumnDef(
                id=ident,
                kind=kind,
                label=child.text("rubrik", required=False),
                scenario=scenario,
                year_offset=child.integer("år", required=False),
                operands=operands,
                decimals=child.decimals("decimaler"),
            )
        )
    return tuple(columns)
