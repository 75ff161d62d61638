"""Measuring the rule 'siffror-i-text' on labelled sentences: precision, recall and F1.

Each case is a piece of Markdown put alone in a workspace's narrative, labelled with what the
rule must do: ``flag`` (a true mismatch, with the live reference(s) it must be matched to),
``ok`` (a correct figure) or ``none`` (a figure about something not in the data). Shared by
the tests (tests/checks/test_narrative.py) and the benchmark (narrative_bench.py) so both
measure the same thing; an evaluation script, so it lives in bench/, not in the package.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from uppsikt.checks.narrative import narrative_figures
from uppsikt.compute.references import REFERENCE, parse
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.model.goals import GoalStructure
from uppsikt.model.narrative import TextSection
from uppsikt.model.workspace import Workspace

EXPECTATIONS = ("flag", "ok", "none")


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    expect: str
    matches: tuple[str, ...] = ()
    """For 'flag': the reference paths the warning may name (any one is right)."""
    held_out: bool = False
    """Written after the rule was tuned, so that its scores estimate unseen text."""


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    diagnostics: tuple[Diagnostic, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.diagnostics)

    @property
    def right_match(self) -> bool:
        """Whether a warning names one of the expected figures (in its reference hint)."""
        named = {
            parse(found.group(0)).path
            for d in self.diagnostics
            for found in REFERENCE.finditer(d.hint)
        }
        # A change is labelled with both values' paths ('new|old'); its hint names the new.
        return any(path.split("|")[0] in named for path in self.case.matches)


@dataclass(frozen=True, slots=True)
class Scores:
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @property
    def cases(self) -> int:
        return (
            self.true_positives + self.false_positives + self.false_negatives + self.true_negatives
        )

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_cases(path: Path) -> list[Case]:
    data: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    cases: list[Case] = []
    for item in data["cases"]:
        expect = str(item["expect"])
        if expect not in EXPECTATIONS:
            raise ValueError(f"okänd förväntan {expect!r} i {item!r}")
        matches = tuple(str(item.get("match", "")).split())
        cases.append(Case(str(item["text"]), expect, matches, bool(item.get("held_out", False))))
    return cases


def isolate(ws: Workspace, markdown: str) -> Workspace:
    """``ws`` with ``markdown`` as its only narrative: no other texts, goals or comments."""
    section = TextSection("fall", "", markdown, "text/fall.md", 1)
    tables = tuple(replace(t, comment="") for t in ws.tables)
    return replace(ws, texts=(section,), goals=GoalStructure(), tables=tables)


def run_case(ws: Workspace, computed: Computed, case: Case) -> Outcome:
    return Outcome(case, tuple(narrative_figures(isolate(ws, case.text), computed)))


def score(outcomes: list[Outcome]) -> Scores:
    """A flag counts as a true positive only when it names the right figure; a flag on the
    wrong figure is both a false alarm and a miss."""
    tp = fp = fn = tn = 0
    for outcome in outcomes:
        wanted = outcome.case.expect == "flag"
        if wanted and outcome.flagged and outcome.right_match:
            tp += 1
        elif wanted:
            fn += 1
            fp += outcome.flagged
        elif outcome.flagged:
            fp += 1
        else:
            tn += 1
    return Scores(tp, fp, fn, tn)
