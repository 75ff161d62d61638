"""What every section builder needs: the workspace, its computed figures, and a way to turn
narrative Markdown (with live references) into report text while collecting problems."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from uppsikt.compute.followup import FollowUp
from uppsikt.compute.references import REFERENCE, Figures, resolve_references
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.located.markdown import NESTING_HINT, text_problem
from uppsikt.located.userfile import FORBIDDEN_HINT
from uppsikt.model.workspace import Workspace
from uppsikt.reports.build.markdown import REFERENCE_END, REFERENCE_START, parse
from uppsikt.reports.model import Text
from uppsikt.reports.richtext import RichText

REFERENCE_MARKS = (REFERENCE_START, REFERENCE_END)

_SLUG = re.compile(r"[^a-z0-9]+")
_FOLD = str.maketrans("åäöéü", "aaoeu")


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower().translate(_FOLD)).strip("-")


@dataclass
class Context:
    ws: Workspace
    computed: Computed
    diagnostics: list[Diagnostic] = field(default_factory=list)
    followup: FollowUp | None = None
    """The nämnder's goals followed up, where the report type asks for it and the report is
    in a kommun (uppsikt.loading reads the nämnder's reports); None otherwise."""

    def __post_init__(self) -> None:
        self.figures = Figures(
            tables=self.computed.tables,
            values=self.computed.values,
            indicators={i.id: i for i in self.ws.indicators},
            intraprenader={r.intraprenad.unit: r for r in self.computed.intraprenader},
        )

    @property
    def year(self) -> int:
        return self.ws.settings.year

    def text(self, markdown: str, file: str, first_line: int | None = None) -> Text | None:
        """Markdown with references resolved, parsed; None for blank text."""
        if not markdown.strip():
            return None
        problem = text_problem(markdown)
        if problem is not None:
            # Text files are measured while read; this catches the Markdown of YAML fields.
            line = None if first_line is None else first_line + problem.line - 1
            self.diagnostics.append(
                Diagnostic(
                    problem.code,
                    Severity.ERROR,
                    problem.message,
                    Location(file=file, line=line),
                    FORBIDDEN_HINT if problem.code == "UPP108" else NESTING_HINT,
                )
            )
            return None
        return Text(self._rich(markdown, file, first_line))

    def _rich(self, markdown: str, file: str, first_line: int | None) -> RichText:
        """Parsed once, references resolved. Each reference is marked before it is resolved,
        so that the tree knows where the figures stand (text that holds the marks itself is
        parsed without: the marks must mean nothing else)."""
        if any(mark in markdown for mark in REFERENCE_MARKS):
            resolved, problems = resolve_references(markdown, self.figures, file, first_line)
            self.diagnostics.extend(problems)
            return parse(resolved)
        marked = REFERENCE.sub(lambda m: REFERENCE_START + m.group(0) + REFERENCE_END, markdown)
        resolved, problems = resolve_references(marked, self.figures, file, first_line)
        self.diagnostics.extend(problems)
        plain = resolved.replace(REFERENCE_START, "").replace(REFERENCE_END, "")
        return parse(plain, resolved)
