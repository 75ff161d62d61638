"""User-facing problems as data: a code, a severity, a location, a Swedish message and a hint.

Readers, computations and checks return diagnostics instead of raising, so that one run shows
every problem at once. Exceptions are kept for the case where nothing can run at all.
"""

from __future__ import annotations

import enum
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


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    loc = diagnostic.location
    return (loc.file or "~", loc.line or 0, loc.column or 0, diagnostic.code)


class WorkspaceNotFoundError(Exception):
    """The workspace folder or its settings file does not exist: nothing can run (exit 2)."""
