"""What the command line prints: diagnostics for people (grouped, location first) and for
programs (one JSON shape, documented in docs/diagnostics.md), and the exit codes."""

from __future__ import annotations

import json
import sys

from rich.console import Console

from uppsikt.located import diagnostics as located
from uppsikt.located.diagnostics import Diagnostic, Severity

# soft_wrap: one problem per line, whatever the terminal width, so editors can parse it.
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_PROBLEMS = 1
EXIT_CANNOT_RUN = 2

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}


_GROUPS = ((Severity.ERROR, "Fel"), (Severity.WARNING, "Varningar"), (Severity.NOTE, "Noteringar"))


def show(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
    """Every problem, grouped by severity (errors first), each with its location first so an
    editor can jump there; then a count."""
    for severity, heading in _GROUPS:
        group = [d for d in diagnostics if d.severity is severity]
        if not group:
            continue
        err.print(f"[bold]{heading} ({len(group)})[/]")
        for d in group:
            err.print(f"{d.location}: [{_STYLE[d.severity]}]{d.severity.value}[/] ", end="")
            err.print(f"[{d.code}] {d.message}", markup=False)
            if d.hint:
                err.print(f"    Åtgärd: {d.hint}", markup=False, style="dim")
    if diagnostics:
        counts = located.severity_counts(diagnostics)
        err.print(f"{counts.errors} fel, {counts.warnings} varningar, {counts.notes} noteringar.")


def diagnostics_json(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> dict[str, object]:
    """The diagnostics for programs: the core's one JSON form (docs/diagnostics.md)."""
    return located.diagnostics_json(diagnostics)


def print_json(data: dict[str, object]) -> None:
    """UTF-8 on stdout whatever the terminal's encoding, keys in the order written."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
