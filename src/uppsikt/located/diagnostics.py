"""User-facing problems as data: a code, a severity, a location, a Swedish message and a hint.

Readers, computations and checks return diagnostics instead of raising, so that one run shows
every problem at once. Exceptions are kept for the case where nothing can run at all.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    """How bad a problem is. Errors stop a build; warnings and notes do not."""

    ERROR = "fel"
    WARNING = "varning"
    NOTE = "notering"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a file with an optional line and column (1-based), or a place in the
    computed report (a table, row and column; an indicator and year), or both."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    """A column name in a CSV file or a key in a YAML file."""
    place: str | None = None
    """A place in the report, e.g. ``tabell enheter, rad FS, kolumn avvikelse``."""

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            text = self.file
            if self.line is not None:
                text += f":{self.line}"
                if self.column is not None:
                    text += f":{self.column}"
            parts.append(text)
        if self.field is not None:
            parts.append(f"fält «{self.field}»")
        if self.place is not None:
            parts.append(self.place)
        return ", ".join(parts) if parts else "(arbetsytan)"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "place": self.place,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Location:
        """The location written by :meth:`to_json` (keys missing or of the wrong type are
        left out, so stored JSON from an older version still reads)."""

        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        def whole(key: str) -> int | None:
            value = data.get(key)
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        return cls(text("file"), whole("line"), whole("column"), text("field"), text("place"))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a workspace, written for the person who must fix it."""

    code: str
    """Stable identifier such as ``UPP101``; documented in docs/diagnostics.md."""
    severity: Severity
    message: str
    """What is wrong, in Swedish."""
    location: Location
    hint: str = ""
    """What to do about it, in Swedish."""

    def format(self) -> str:
        """One line for terminals and editors: location first, so an editor can jump there."""
        text = f"{self.location}: {self.severity.value} [{self.code}] {self.message}"
        if self.hint:
            text += f"\n    Åtgärd: {self.hint}"
        return text

    def to_json(self) -> dict[str, object]:
        """The diagnostic for programs, in the form documented in docs/diagnostics.md."""
        return {
            "code": self.code,
            "severity": JSON_SEVERITY[self.severity],
            "message": self.message,
            "hint": self.hint,
            "location": self.location.to_json(),
        }


JSON_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}
"""The severities' names in JSON (English, stable for programs; Severity's values are Swedish)."""


@dataclass(frozen=True, slots=True)
class SeverityCounts:
    """How many diagnostics there are of each severity."""

    errors: int = 0
    warnings: int = 0
    notes: int = 0

    def to_json(self) -> dict[str, int]:
        return {"errors": self.errors, "warnings": self.warnings, "notes": self.notes}


def severity_counts(diagnostics: Iterable[Diagnostic]) -> SeverityCounts:
    """The number of errors, warnings and notes, in one pass."""
    counts = Counter(d.severity for d in diagnostics)
    return SeverityCounts(counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.NOTE])


def diagnostics_json(diagnostics: Iterable[Diagnostic]) -> dict[str, object]:
    """``{"diagnostics": [...], "summary": {...}}``: the one JSON form of a list of
    diagnostics, written by the command line and stored by the web application."""
    found = tuple(diagnostics)
    return {
        "diagnostics": [d.to_json() for d in found],
        "summary": severity_counts(found).to_json(),
    }


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    loc = diagnostic.location
    return (loc.file or "~", loc.line or 0, loc.column or 0, diagnostic.code)


class WorkspaceNotFoundError(Exception):
    """The workspace folder or its settings file does not exist: nothing can run (exit 2)."""
