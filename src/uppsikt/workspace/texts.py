"""Reading text/*.md: narrative sections in Markdown."""

from __future__ import annotations

from pathlib import Path

from uppsikt.located.markdown import NESTING_HINT, text_problem
from uppsikt.located.sink import Sink
from uppsikt.located.userfile import FORBIDDEN_HINT, read_user_text
from uppsikt.model.narrative import TextSection

TEXT_FOLDER = "text"


def read_text(path: Path, rel: str, sink: Sink) -> TextSection | None:
    content, clean = read_user_text(path, sink)
    if content is None:
        return None
    if clean:
        problem = text_problem(content)
        if problem is not None:
            sink.error(
                problem.code,
                problem.message,
                line=problem.line,
                column=problem.column,
                hint=FORBIDDEN_HINT if problem.code == "UPP108" else NESTING_HINT,
            )
    lines = content.splitlines()
    title = ""
    body_start = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# "):
            title = line[2:].strip()
            body_start = index + 1
        break
    body = "\n".join(lines[body_start:])
    return TextSection(path.stem, title, body, rel, body_start + 1)


def text_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".md")
