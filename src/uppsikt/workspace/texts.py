"""Reading text/*.md: narrative sections in Markdown."""

from __future__ import annotations

from pathlib import Path

from uppsikt.model.narrative import TextSection
from uppsikt.workspace.sink import Sink

TEXT_FOLDER = "text"


def read_text(path: Path, rel: str, sink: Sink) -> TextSection | None:
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        sink.error(
            "UPP102",
            f"Filen är inte UTF-8 (felaktig byte på position {exc.start}).",
            hint="Spara filen som UTF-8.",
        )
        return None
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
