"""Collecting diagnostics while reading one file."""

from __future__ import annotations

from dataclasses import dataclass, field

from uppsikt.located.diagnostics import Diagnostic, Location, Severity


@dataclass
class Sink:
    """Collects the diagnostics of one file; every reader of that file reports here."""

    file: str
    """Path relative to the workspace, as shown to the user."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        field_name: str | None = None,
        hint: str = "",
    ) -> None:
        self._add(Severity.ERROR, code, message, line, column, field_name, hint)

    def warning(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        field_name: str | None = None,
        hint: str = "",
    ) -> None:
        self._add(Severity.WARNING, code, message, line, None, field_name, hint)

    def _add(
        self,
        severity: Severity,
        code: str,
        message: str,
        line: int | None,
        column: int | None,
        field_name: str | None,
        hint: str,
    ) -> None:
        location = Location(file=self.file, line=line, column=column, field=field_name)
        self.diagnostics.append(Diagnostic(code, severity, message, location, hint))

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)
