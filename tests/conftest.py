"""Shared fixtures: the bundled example, built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from uppsikt.examples import bundled_example
from uppsikt.pipeline import BuildResult, build

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "orebro-van-2020"


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The example built into a fresh folder: (output folder, result)."""
    out = tmp_path_factory.mktemp("example") / "rapport"
    result = build(bundled_example(), out)
    assert result.ok, [d.format() for d in result.diagnostics]
    return out, result


@pytest.fixture
def example() -> Path:
    """The bundled example's folder (read only)."""
    return bundled_example()


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the example that a test may change."""
    target = tmp_path / "exempel"
    shutil.copytree(bundled_example(), target)
    return target
