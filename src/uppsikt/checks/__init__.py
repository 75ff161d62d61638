"""Checks over the computed workspace: small named functions in a registry.

Each rule takes the workspace and its computed figures and returns diagnostics. The full
rule engine (rounding-aware arithmetic, consistency across the report, figures in the text)
grows here; this first set covers what the build itself relies on.
"""

from __future__ import annotations

from collections.abc import Callable

from uppsikt.checks.structure import missing_values, views_reconcile
from uppsikt.compute.results import Computed
from uppsikt.diagnostics import Diagnostic
from uppsikt.model.workspace import Workspace

Rule = Callable[[Workspace, Computed], list[Diagnostic]]

RULES: tuple[Rule, ...] = (views_reconcile, missing_values)


def run_checks(
    ws: Workspace, computed: Computed, rules: tuple[Rule, ...] = RULES
) -> list[Diagnostic]:
    return [d for rule in rules for d in rule(ws, computed)]
