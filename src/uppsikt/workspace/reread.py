"""Reading a workspace again after a few of its files changed, re-reading only those.

An editor saves one text section or one indicator value at a time; reading the whole
workspace again for each save costs ten times more than reading the one file. When every
changed file is a text section or indikatorvarden.csv, and the earlier read found nothing to
report, the other files would be read into the same model with the same (empty) findings: so
the earlier model is kept and only the changed parts are read, then the whole is validated
again across files, exactly as a full read ends. Anything else is left to
:func:`~uppsikt.workspace.reader.read_workspace`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from uppsikt.located.diagnostics import Diagnostic, has_errors, sort_key
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.indicators import VALUES_FILE
from uppsikt.workspace.reader import Reading, read_texts, read_value_file
from uppsikt.workspace.texts import TEXT_FOLDER
from uppsikt.workspace.validate import validate


def can_reread(changed: Iterable[str]) -> bool:
    """Whether every changed path is one :func:`reread_workspace` reads on its own."""
    return all(p == VALUES_FILE or _is_text(p) for p in changed)


def _is_text(path: str) -> bool:
    folder, _, name = path.partition("/")
    return folder == TEXT_FOLDER and "/" not in name and name.endswith(".md")


def reread_workspace(
    root: Path, previous: Workspace, changed: Iterable[str]
) -> tuple[Workspace | None, list[Diagnostic]]:
    """The workspace in ``root``, which differs from the one ``previous`` was read from only in
    ``changed`` (see :func:`can_reread`), and whose earlier read reported nothing."""
    changed = set(changed)
    if not can_reread(changed):
        raise ValueError(f"kan inte läsas om var för sig: {sorted(changed)}")
    reading = Reading(root)
    lines = previous.lines
    values = previous.values
    if VALUES_FILE in changed:
        values, value_lines, value_files = read_value_file(reading)
        lines = dataclasses.replace(lines, values=value_lines, value_files=value_files)
    texts = previous.texts
    if any(_is_text(p) for p in changed):
        texts = read_texts(reading)
    workspace = dataclasses.replace(previous, values=values, texts=texts, lines=lines)
    diagnostics = reading.diagnostics + validate(workspace, lines)
    diagnostics.sort(key=sort_key)
    return (None if has_errors(diagnostics) else workspace), diagnostics
