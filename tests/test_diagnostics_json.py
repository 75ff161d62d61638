"""The one JSON form of diagnostics (docs/diagnostics.md), shared by the CLI and the web."""

from __future__ import annotations

from uppsikt.cli.output import diagnostics_json as cli_json
from uppsikt.located.diagnostics import (
    Diagnostic,
    Location,
    Severity,
    SeverityCounts,
    diagnostics_json,
    severity_counts,
)

FOUND = (
    Diagnostic(
        "UPP123",
        Severity.ERROR,
        "«åtta» är inte ett tal.",
        Location("ekonomi/drift.csv", 12, field="belopp"),
        "Skriv ett tal, t.ex. -10 326 eller 6,20.",
    ),
    Diagnostic("UPP420", Severity.WARNING, "Olika värden.", Location(place="utfall 2025")),
    Diagnostic("UPP430", Severity.NOTE, "Notering.", Location()),
    Diagnostic("UPP431", Severity.NOTE, "Notering.", Location()),
)


def test_one_diagnostic_in_the_documented_form() -> None:
    assert FOUND[0].to_json() == {
        "code": "UPP123",
        "severity": "error",
        "message": "«åtta» är inte ett tal.",
        "hint": "Skriv ett tal, t.ex. -10 326 eller 6,20.",
        "location": {
            "file": "ekonomi/drift.csv",
            "line": 12,
            "column": None,
            "field": "belopp",
            "place": None,
        },
    }
    assert list(FOUND[0].to_json()) == ["code", "severity", "message", "hint", "location"]


def test_counts_and_summary() -> None:
    assert severity_counts(FOUND) == SeverityCounts(errors=1, warnings=1, notes=2)
    assert severity_counts(()) == SeverityCounts()
    data = diagnostics_json(iter(FOUND))
    assert data["summary"] == {"errors": 1, "warnings": 1, "notes": 2}
    assert data["diagnostics"] == [d.to_json() for d in FOUND]


def test_the_cli_writes_the_core_form() -> None:
    assert cli_json(FOUND) == diagnostics_json(FOUND)


def test_a_location_reads_back_from_json() -> None:
    for d in FOUND:
        assert Location.from_json(d.location.to_json()) == d.location
    assert Location.from_json({"line": "12", "place": 3, "column": True}) == Location()
