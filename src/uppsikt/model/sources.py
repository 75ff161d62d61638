"""Where things were read: line numbers kept beside the model, so a check can name a line.

Filled by the workspace reader; the model itself never reads a file. Lists run parallel to the
workspace's tuples (``values[i]`` is the line of ``Workspace.values[i]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SourceLines:
    goals: dict[str, int | None] = field(default_factory=dict)
    indicators: dict[str, int | None] = field(default_factory=dict)
    values: list[int] = field(default_factory=list)
    facts: list[tuple[str, int | None]] = field(default_factory=list)
    intraprenader: list[int | None] = field(default_factory=list)

    def value_line(self, index: int) -> int | None:
        return self.values[index] if index < len(self.values) else None
