"""Narrative text: Markdown sections written by people, which may reference computed figures."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextSection:
    id: str
    """File stem in the workspace's text folder, e.g. 'förslag-till-beslut'."""
    title: str
    """From the first '# ' heading in the file; empty when there is none."""
    markdown: str
    """The body without its title line."""
    file: str
    body_line: int
    """1-based line in the file where ``markdown`` starts (to locate references)."""
