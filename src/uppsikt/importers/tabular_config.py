"""import.yaml: how the accounting system's CSV and Excel exports are read.

```yaml
källor:
  huvudbok-2020:                 # the source's name (uppsikt import … --source NAMN)
    fil: export/huvudbok-*.csv   # optional: which files the source reads (a glob pattern)
    format: csv                  # csv | xlsx; default: from fil
    avgränsare: ";"              # csv: ";", "," or "tab"; default: detected from the header
    kodning: cp1252              # csv: utf-8 | cp1252; default: detected
    blad: Huvudbok               # xlsx: the sheet (default: the first)
    tecken: huvudbok             # huvudbok (debit +) | rapport (costs −, flipped on import)
    scenario: utfall             # for rows without a scenario column
    kolumner:                    # uppsikt's field ← the export's column header
      år: År
      period: Period
      konto: Konto
      belopp: Belopp
```

Problems in the file are reported with their lines: UPP630, and the generic YAML codes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Literal

from uppsikt.located.diagnostics import Diagnostic
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node, load_yaml
from uppsikt.model.economy import Scenario

IMPORT_FILE = "import.yaml"

FIELDS = ("år", "period", "datum", "scenario", "konto", "ansvar", "verksamhet", "projekt", "belopp")
"""uppsikt's fields that a column can be mapped to."""

LEDGER_SCENARIOS = {s.value: s for s in (Scenario.OUTCOME, Scenario.BUDGET, Scenario.FORECAST)}

Format = Literal["csv", "xlsx"]
_FORMATS: dict[str, Format] = {"csv": "csv", "xlsx": "xlsx"}
_DELIMITERS = {";": ";", ",": ",", "tab": "\t", "\t": "\t"}
_ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "cp1252": "cp1252", "windows-1252": "cp1252"}
_KEYS = ("fil", "format", "avgränsare", "kodning", "blad", "tecken", "scenario", "kolumner")


class Sign(enum.Enum):
    """The export's sign convention."""

    LEDGER = "huvudbok"
    """Debit positive, credit negative (costs +, income −), as the ledger keeps it."""
    REPORT = "rapport"
    """Costs negative, income positive, as in a report: flipped on import."""


@dataclass(frozen=True, slots=True)
class SourceSpec:
    name: str
    format: Format
    columns: tuple[tuple[str, str], ...]
    """(field, column header) pairs, in FIELDS order."""
    file: str = ""
    """A glob pattern of the files this source reads, relative to the workspace ('' = any)."""
    delimiter: str | None = None
    """None: detected from the header."""
    encoding: str | None = None
    """'utf-8' or 'cp1252'; None: detected (a warning when not UTF-8)."""
    sheet: str | None = None
    """None: the first sheet."""
    sign: Sign = Sign.LEDGER
    scenario: Scenario = Scenario.OUTCOME
    line: int | None = None

    def column(self, field: str) -> str | None:
        """The header of the column mapped to ``field``, or None."""
        return next((header for name, header in self.columns if name == field), None)


@dataclass(frozen=True, slots=True)
class ImportConfig:
    file: str
    sources: tuple[SourceSpec, ...]

    def source(self, name: str) -> SourceSpec | None:
        return next((s for s in self.sources if s.name == name), None)

    def for_file(self, relative: str) -> list[SourceSpec]:
        """The sources whose ``fil`` pattern matches a path relative to the workspace."""
        path = PurePosixPath(relative.replace("\\", "/"))
        return [
            s
            for s in self.sources
            if s.file and (fnmatch(str(path), s.file) or fnmatch(path.name, s.file))
        ]


def load_import_config(
    path: Path, file: str = IMPORT_FILE
) -> tuple[ImportConfig | None, list[Diagnostic]]:
    """The settings in ``path`` (shown as ``file``), or None with the reasons."""
    sink = Sink(file)
    node = Node.root(load_yaml(path, sink), sink, "importinställningar")
    config = read_import_config(node) if node is not None else None
    return (None if sink.failed else config), sink.diagnostics


def read_import_config(node: Node) -> ImportConfig:
    node.check_unknown(("källor",))
    sources: list[SourceSpec] = []
    table = node.child("källor")
    if table is None:
        node.text("källor")  # reports the missing field
    else:
        for key in table.data:
            child = table.child(str(key))
            if child is None:
                continue
            source = _source(str(key), child)
            if source is not None:
                sources.append(source)
    return ImportConfig(node.sink.file, tuple(sources))


def _source(name: str, node: Node) -> SourceSpec | None:
    node.check_unknown(_KEYS)
    sink = node.sink
    file = node.text("fil", required=False)
    fmt: Format | None = _format_of(file) if file and not node.has("format") else None
    if fmt is None:
        fmt = node.choice("format", _FORMATS)
    delimiter = node.choice("avgränsare", _DELIMITERS, required=False)
    encoding = node.choice("kodning", _ENCODINGS, required=False)
    sheet = node.text("blad", required=False) or None
    sign = node.choice("tecken", {s.value: s for s in Sign}, required=False) or Sign.LEDGER
    scenario = node.choice("scenario", LEDGER_SCENARIOS, required=False) or Scenario.OUTCOME
    for key, value, only in (
        ("avgränsare", delimiter, "csv"),
        ("kodning", encoding, "csv"),
        ("blad", sheet, "xlsx"),
    ):
        if value is not None and fmt is not None and fmt != only:
            sink.error(
                "UPP630",
                f"«{key}» gäller bara format {only}, men källan «{name}» har format {fmt}.",
                line=node.key_line(key),
                field_name=key,
                hint=f"Ta bort «{key}» eller rätta formatet.",
            )
    columns = _columns(name, node)
    if fmt is None or columns is None:
        return None
    return SourceSpec(
        name, fmt, columns, file, delimiter, encoding, sheet, sign, scenario, node.line
    )


def _format_of(file: str) -> Format | None:
    suffix = PurePosixPath(file).suffix.lower()
    return _FORMATS.get(suffix.removeprefix("."))


def _columns(name: str, node: Node) -> tuple[tuple[str, str], ...] | None:
    table = node.child("kolumner")
    if table is None:
        if not node.has("kolumner"):
            node.text("kolumner")  # reports the missing field
        return None
    table.check_unknown(FIELDS)
    written = {f: table.text(f, required=False) for f in FIELDS if table.has(f)}
    columns = tuple((f, written[f]) for f in FIELDS if written.get(f))
    fields = {f for f, _ in columns}
    problems: list[str] = []
    if "belopp" not in fields:
        problems.append("«belopp» (kolumnen med beloppen)")
    if not fields & {"år", "datum", "period"}:
        problems.append("«år», «datum» eller «period» (året raderna hör till)")
    for problem in problems:
        node.sink.error(
            "UPP630",
            f"Källan «{name}» anger ingen kolumn för {problem}.",
            line=table.line,
            field_name="kolumner",
            hint="Lägg till fältet under «kolumner» med kolumnens rubrik i exportfilen.",
        )
    return None if problems else columns
