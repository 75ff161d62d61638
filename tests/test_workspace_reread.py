"""Reading again only the files a save changed gives the model a whole read gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from uppsikt.examples import bundled_example
from uppsikt.workspace.reader import read_workspace
from uppsikt.workspace.reread import can_reread, reread_workspace


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "exempel"
    shutil.copytree(bundled_example(), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_text_and_value_reread_equal_a_whole_read(copy: Path) -> None:
    before, problems = read_workspace(copy)
    assert before is not None, problems
    _edit(copy / "text" / "ekonomi.md", "## Årets resultat", "## Resultatet för året")
    _edit(
        copy / "indikatorvarden.csv",
        "betyg-grundlaggande;K;2020;86",
        "betyg-grundlaggande;K;2020;87",
    )
    changed = {"text/ekonomi.md", "indikatorvarden.csv"}
    reread, found = reread_workspace(copy, before, changed)
    whole, expected = read_workspace(copy)
    assert reread is not None
    assert whole is not None
    assert reread == whole
    assert reread.lines.values == whole.lines.values
    assert found == expected


def test_a_new_text_file_and_an_error_are_seen(copy: Path) -> None:
    before, _ = read_workspace(copy)
    assert before is not None
    (copy / "text" / "bilaga.md").write_text("# Bilaga\n\nText.\n", encoding="utf-8")
    _edit(
        copy / "indikatorvarden.csv", "betyg-grundlaggande;K;2020;86", "okand-indikator;K;2020;86"
    )
    reread, found = reread_workspace(copy, before, {"text/bilaga.md", "indikatorvarden.csv"})
    whole, expected = read_workspace(copy)
    assert reread is None
    assert whole is None
    assert [d.code for d in found] == [d.code for d in expected]


def test_other_files_are_not_reread_alone() -> None:
    assert can_reread({"text/ekonomi.md", "indikatorvarden.csv"})
    assert not can_reread({"mal.yaml"})
    assert not can_reread({"text/bilder/logo.png"})
    assert not can_reread({"ekonomi/drift.csv"})
