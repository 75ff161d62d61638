"""Fixtures of the browser tests: the real server on each database, Chromium, logged-in pages.

The server fixture is parametrised over SQLite (the default) and PostgreSQL (a database
created for the session and dropped after it); PostgreSQL is skipped when 127.0.0.1:5432 does
not answer. Needs Chromium at /usr/bin/chromium and axe-core from npm; skipped without them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ..browser import AXE, CHROMIUM, chromium
from .support import (
    DEMO_PASSWORD,
    DESKTOP,
    TIMEOUT_MS,
    Server,
    database,
    journey_workspace_zip,
    postgres_available,
)

if not CHROMIUM.exists():
    pytest.skip(f"Chromium saknas: {CHROMIUM} finns inte", allow_module_level=True)
if not AXE.exists():
    pytest.skip(f"axe-core saknas: {AXE} finns inte (kör `npm ci`)", allow_module_level=True)

# Pages are built from the report on first view (read, compute, check); give them time on a
# loaded 2-core machine rather than failing on a slow first load.
expect.set_options(timeout=15_000)

_POSTGRES = postgres_available()
DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(not _POSTGRES, reason="PostgreSQL svarar inte på 127.0.0.1:5432"),
    ),
]

Login = Callable[..., Page]


@pytest.fixture(scope="session", params=DATABASES)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """`uppsikt serve` with the demo loaded, on a fresh database of the parameter's kind."""
    kind: str = request.param
    with database(kind) as db:
        running = Server(db, tmp_path_factory.mktemp(f"web-{kind}") / "data").start()
        try:
            yield running
        finally:
            running.stop()


@pytest.fixture(scope="session")
def journey_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The import example, with its ledger, as a zip an administratör can import."""
    work = tmp_path_factory.mktemp("journey")
    target = work / "van-import.zip"
    target.write_bytes(journey_workspace_zip(work))
    return target


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Browser contexts (separate cookie jars, i.e. users) closed after the test."""
    made: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "sv-SE")
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def log_in(page: Page, server: Server, username: str, password: str = DEMO_PASSWORD) -> Page:
    """Log in through the form, as a person would, and land on the list of reports."""
    page.goto(f"{server.url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1, name="Rapporter")).to_be_visible()
    return page


@pytest.fixture
def login(server: Server, new_context: Callable[..., BrowserContext]) -> Login:
    """login('van-redaktor') → a page of a new context, logged in as that demo user."""

    def make(username: str, **options: Any) -> Page:
        page = new_context(**options).new_page()
        return log_in(page, server, username)

    return make
