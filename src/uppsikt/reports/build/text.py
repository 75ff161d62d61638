"""Sections of narrative text: a Markdown file whose '## ' headings become subsections."""

from __future__ import annotations

from dataclasses import dataclass

from uppsikt.model.narrative import TextSection
from uppsikt.reports.build.context import Context, slug
from uppsikt.reports.model import Block, Section


@dataclass(frozen=True, slots=True)
class _Part:
    title: str
    markdown: str
    line: int


def split_parts(text: TextSection) -> tuple[_Part, list[_Part]]:
    """The text before the first '## ' heading, and each '## ' part after it."""
    titles: list[tuple[str, int]] = [("", text.body_line)]
    bodies: list[list[str]] = [[]]
    for offset, line in enumerate(text.markdown.splitlines()):
        if line.startswith("## "):
            titles.append((line[3:].strip(), text.body_line + offset + 1))
            bodies.append([])
        else:
            bodies[-1].append(line)
    parts = [
        _Part(title, "\n".join(body), line)
        for (title, line), body in zip(titles, bodies, strict=True)
    ]
    return parts[0], parts[1:]


def text_section(
    ctx: Context, name: str, number: str, default_title: str, *, numbered_parts: bool = True
) -> Section:
    """A section from text/<name>.md; '## ' parts become (numbered) subsections."""
    text = ctx.ws.text(name)
    if text is None:
        return Section(name, number, default_title)
    intro, parts = split_parts(text)
    blocks: list[Block] = []
    rendered = ctx.text(intro.markdown, text.file, intro.line)
    if rendered is not None:
        blocks.append(rendered)
    subsections = []
    for index, part in enumerate(parts, start=1):
        part_text = ctx.text(part.markdown, text.file, part.line)
        subsections.append(
            Section(
                id=f"{name}-{slug(part.title)}",
                number=f"{number}.{index}" if numbered_parts and number else "",
                title=part.title,
                blocks=(part_text,) if part_text else (),
            )
        )
    return Section(name, number, text.title or default_title, tuple(blocks), tuple(subsections))
