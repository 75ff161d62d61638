"""The bounds on what uppsikt reads: one definition, settable by the operator, documented."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from uppsikt.located.limits import Limits, from_environment

DOC = Path(__file__).resolve().parents[1] / "docs" / "limits.md"


def test_every_limit_is_documented_and_nothing_else() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(encoding="utf-8"), re.M))
    assert documented == {f.name for f in dataclasses.fields(Limits)}


def test_environment_overrides_a_default() -> None:
    changed = from_environment(
        {"UPPSIKT_LIMIT_MAX_ROWS": "1000", "UPPSIKT_LIMIT_DUCKDB_MEMORY": "1GB"}
    )
    assert changed.max_rows == 1000
    assert changed.duckdb_memory == "1GB"
    assert changed.max_line_chars == Limits().max_line_chars


def test_a_bad_setting_names_the_variable() -> None:
    with pytest.raises(ValueError, match="UPPSIKT_LIMIT_MAX_ROWS"):
        from_environment({"UPPSIKT_LIMIT_MAX_ROWS": "många"})


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("-10326000", True),
        ("123456789012345", True),  # 15 significant digits
        ("1234567890123456", False),  # 16
        ("0.000000000000001", True),  # one significant digit
        ("12345678901234567890123456789", False),  # the 29 digits of issue #10
        ("1E+15", False),  # at the magnitude bound
        ("NaN", False),
        ("Infinity", False),
    ],
)
def test_digits_ok(text: str, ok: bool) -> None:
    assert Limits().digits_ok(Decimal(text)) is ok
