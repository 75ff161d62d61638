"""Docs that cannot rot: every diagnostic code and every workspace key is documented."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src").rglob("*.py"))


def test_every_diagnostic_code_is_documented() -> None:
    used = set(re.findall(r'"(UPP\d{3})"', _source()))
    documented = set(
        re.findall(r"\| (UPP\d{3}) \|", (REPO / "docs" / "diagnostics.md").read_text())
    )
    assert used, "no diagnostic codes found in the source"
    assert used - documented == set(), "undocumented codes"
    assert documented - used == set(), "documented codes that are no longer used"


def test_every_workspace_key_is_documented() -> None:
    """Keys the readers accept (in check_unknown tuples) appear in the workspace docs
    (docs/workspace.md, and docs/ledger.md for the ledger's files)."""
    doc = "\n".join(
        (REPO / "docs" / name).read_text(encoding="utf-8") for name in ("workspace.md", "ledger.md")
    )
    keys: set[str] = set()
    for tuple_text in re.findall(r"check_unknown\(\s*\(([^)]*)\)", _source()):
        keys |= set(re.findall(r'"([^"]+)"', tuple_text))
    for name in re.findall(r"_KEYS = \(([^)]*)\)", _source()):
        keys |= set(re.findall(r'"([^"]+)"', name))
    missing = sorted(k for k in keys if k not in doc)
    assert missing == []
