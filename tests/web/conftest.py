"""Fixtures of the web tests (see web_support.py): two nämnder, their reports and users."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from uppsikt.web.services.process import process

from .web_support import world

__all__ = ["world"]


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    """Each test starts without the loaded reports and counts of the tests before it: the
    database gives a new report an earlier one's id."""
    process().reset()
    yield
    process().reset()
