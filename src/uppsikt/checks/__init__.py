"""Checks over the computed workspace: small named functions in a registry.

Each rule takes the workspace and its computed figures and returns diagnostics. The full
rule engine (rounding-aware arithmetic, consistency across the report, figures in the text)
grows here; this first set covers what the build itself relies on.

The registry ``RULES`` is a tuple of :class:`RuleInfo`: the rule's function with a stable
name (kebab-case, for people and configuration) and a short description in Swedish. A
``RuleInfo`` is itself callable like the function it wraps, so ``run_checks`` accepts both
registered rules and plain functions (in tests, say).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from uppsikt.checks.structure import missing_values, views_reconcile
from uppsikt.compute.results import Computed
from uppsikt.diagnostics import Diagnostic
from uppsikt.model.workspace import Workspace

Rule = Callable[[Workspace, Computed], list[Diagnostic]]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A registered rule: its function, a stable name and a short Swedish description."""

    name: str
    description: str
    check: Rule

    def __call__(self, ws: Workspace, computed: Computed) -> list[Diagnostic]:
        return self.check(ws, computed)


RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        "vyer-stammer",
        "Ekonomins vyer (per kontogrupp, per verksamhet …) har samma summor som per enhet, "
        "utöver vad avrundning kan förklara.",
        views_reconcile,
    ),
    RuleInfo(
        "varden-finns",
        "En indikator som visas i rapporten har ett värde, eller ett skäl, för varje år den visar.",
        missing_values,
    ),
)


def run_checks(
    ws: Workspace, computed: Computed, rules: tuple[Rule, ...] = RULES
) -> list[Diagnostic]:
    return [d for rule in rules for d in rule(ws, computed)]
