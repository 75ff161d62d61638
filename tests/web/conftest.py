"""Fixtures of the web tests (see web_support.py): two nämnder, their reports and users; a
kommun."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .web_support import World, world  # first: importing it configures Django

# isort: split
from uppsikt.web.models import Kommun
from uppsikt.web.services import kommuner, store
from uppsikt.web.services.process import process

from .kommun_support import kommun_folder

__all__ = ["world"]


@pytest.fixture
def kommun(world: World, tmp_path: Path) -> Kommun:  # noqa: ARG001 - nämnd B must exist
    """The example imported as a kommun (kommun_support.py): reports van-2020 and b-2020."""
    return kommuner.import_kommun(store.folder_files(kommun_folder(tmp_path / "k")), None)


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    """Each test starts without the loaded reports and counts of the tests before it: the
    database gives a new report an earlier one's id."""
    process().reset()
    yield
    process().reset()
