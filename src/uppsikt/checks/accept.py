"""Accepted findings (kontroller.yaml): still listed, as notes with the editors' reason.

A published report may keep a figure the checks object to (a figure as the source published
it, a reserve left unused on purpose). The editors record the finding and why they accept
it; the check then shows it as a note, so it no longer stops the build but is never hidden,
and an acceptance that no longer matches anything is reported so that stale ones are removed.
"""

from __future__ import annotations

from dataclasses import replace

from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.model.checks import AcceptedFinding

CHECKS_FILE = "kontroller.yaml"


def _matches(accepted: AcceptedFinding, diagnostic: Diagnostic) -> bool:
    where = f"{diagnostic.location} {diagnostic.message}".casefold()
    return diagnostic.code == accepted.code and accepted.about.casefold() in where


def apply_accepted(
    diagnostics: list[Diagnostic], accepted: tuple[AcceptedFinding, ...]
) -> list[Diagnostic]:
    used: set[AcceptedFinding] = set()
    result: list[Diagnostic] = []
    for diagnostic in diagnostics:
        match = next((a for a in accepted if _matches(a, diagnostic)), None)
        if match is None:
            result.append(diagnostic)
            continue
        used.add(match)
        if diagnostic.severity is Severity.NOTE:
            result.append(diagnostic)
            continue
        result.append(
            replace(
                diagnostic,
                severity=Severity.NOTE,
                message=f"Godtaget ({diagnostic.severity.value}): {diagnostic.message} "
                f"Skäl: {match.reason}",
            )
        )
    for stale in accepted:
        if stale not in used and not stale.shared:
            result.append(
                Diagnostic(
                    "UPP409",
                    Severity.WARNING,
                    f"Det godtagna fyndet {stale.code} «{stale.about}» finns inte längre.",
                    Location(file=CHECKS_FILE, line=stale.line),
                    "Ta bort posten ur kontroller.yaml (felet är rättat), eller rätta «avser» "
                    "så att den träffar fyndet.",
                )
            )
    return result
