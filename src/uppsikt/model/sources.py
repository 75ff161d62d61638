"""Where things were read: line numbers kept beside the model, so a check can name a line.

Filled by the workspace reader; the model itself never reads a file. The tuples run parallel to
the workspace's tuples (``values[i]`` is the line of ``Workspace.values[i]``). Like the model,
a SourceLines never changes once built: a re-read builds a new one (``dataclasses.replace``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _no_lines() -> Mapping[str, int | None]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class SourceLines:
    goals: Mapping[str, int | None] = field(default_factory=_no_lines)
    """The line of every id in mal.yaml."""
    indicators: Mapping[str, int | None] = field(default_factory=_no_lines)
    """The line of every indicator defined in indikatorer.yaml (invalid ones too)."""
    values: tuple[int, ...] = ()
    value_files: tuple[str, ...] = ()
    """The file of each value, parallel to ``values``; empty means indikatorvarden.csv (in a
    kommun, values come from the kommun's file and the report's own)."""
    facts: tuple[tuple[str, int | None], ...] = ()
    """The file and line of each fact (no line for the ledger's)."""
    intraprenader: tuple[int | None, ...] = ()

    def value_line(self, index: int) -> int | None:
        return self.values[index] if index < len(self.values) else None
