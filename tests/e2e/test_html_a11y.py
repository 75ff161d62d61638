"""The HTML report in a real browser: axe-core finds no WCAG 2.1 A/AA violations, the page
works without JavaScript, prints sensibly, and the skip link is the first stop for the keyboard.

Needs Chromium at /usr/bin/chromium and axe-core from npm (``npm ci`` at the repository root);
the module is skipped when either is missing. No browser is downloaded: Playwright drives the
system's Chromium.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from uppsikt.examples import bundled_example
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import build
from uppsikt.reports.model import ReportModel, Section
from uppsikt.reports.publish import REPORT_FILE

from .browser import AXE, CHROMIUM, WCAG_TAGS, chromium, describe_violations

TIMEOUT_MS = 20_000

if not CHROMIUM.exists():
    pytest.skip(f"Chromium saknas: {CHROMIUM} finns inte", allow_module_level=True)
if not AXE.exists():
    pytest.skip(
        f"axe-core saknas: {AXE} finns inte (kör `npm ci` i repots rot)", allow_module_level=True
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ReportModel]:
    """The example built into a fresh folder: (output folder, report model)."""
    out = tmp_path_factory.mktemp("a11y") / "rapport"
    result = build(bundled_example(), out, formats=(OutputFormat.HTML,))
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.report is not None
    return out, result.report


@pytest.fixture(scope="module")
def url(built: tuple[Path, ReportModel]) -> Iterator[str]:
    """The report served over HTTP on a free port of 127.0.0.1."""
    folder, _ = built
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{REPORT_FILE}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _open(browser: Browser, url: str, **context_options: Any) -> Page:
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url, wait_until="load")
    return page


def _sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _sections(section.subsections)


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 360, "height": 740}],
    ids=["desktop", "mobile"],
)
def test_axe_finds_no_wcag_violations(browser: Browser, url: str, viewport: dict[str, int]) -> None:
    page = _open(browser, url, viewport=viewport)
    try:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})""", WCAG_TAGS
        )
    finally:
        page.context.close()
    violations: list[dict[str, Any]] = result["violations"]
    assert result["passes"], "axe ran no checks at all"
    assert not violations, "axe-core:\n" + describe_violations(violations)


def test_page_works_without_javascript(
    browser: Browser, url: str, built: tuple[Path, ReportModel]
) -> None:
    _, report = built
    page = _open(browser, url, java_script_enabled=False)
    try:
        for section in _sections(report.sections):
            heading = page.locator(f"[id='{section.id}'] > :is(h2, h3, h4, h5, h6)").first
            assert heading.is_visible(), section.id
            assert section.title in heading.inner_text()
        for table in report.tables():
            name = re.compile("^" + re.escape(table.caption))
            assert page.get_by_role("table", name=name).first.is_visible(), table.caption
        toc_links = page.locator("nav a")
        assert toc_links.count() >= len(list(_sections(report.sections)))
    finally:
        page.context.close()


def test_print_stylesheet(browser: Browser, url: str) -> None:
    page = _open(browser, url)
    try:
        has_print_rules = page.evaluate(
            """() => [...document.styleSheets].some(sheet =>
                [...sheet.cssRules].some(rule =>
                    rule instanceof CSSMediaRule && rule.media.mediaText.includes("print")))"""
        )
        assert has_print_rules, "no @media print rules"
        page.emulate_media(media="print")
        assert page.get_by_role("table").first.is_visible()
        clipped = page.evaluate(
            """() => [...document.querySelectorAll("table")].filter(table => {
                for (let box = table.parentElement; box; box = box.parentElement) {
                    if (["auto", "scroll", "hidden"].includes(getComputedStyle(box).overflowX))
                        return true;
                }
                return false;
            }).map(table => table.caption ? table.caption.textContent.trim() : "?")"""
        )
        assert not clipped, f"tables clipped or scrolling on paper: {clipped}"
        nav = page.locator("nav").first
        box = nav.bounding_box()
        assert box is not None
        assert box["width"] > 0
        assert box["height"] > 0
        assert not page.locator(".skip-link").is_visible()
    finally:
        page.context.close()


def test_skip_link_is_first_and_moves_focus_to_main(browser: Browser, url: str) -> None:
    page = _open(browser, url)
    try:
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => ({
                cls: document.activeElement.className,
                href: document.activeElement.getAttribute("href"),
                text: document.activeElement.textContent.trim(),
            })"""
        )
        assert "skip-link" in focused["cls"], focused
        skip = page.locator(".skip-link")
        assert skip.is_visible(), "the skip link must show when focused"
        box = skip.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["y"] >= 0
        target = focused["href"].removeprefix("#")
        assert page.locator("main").get_attribute("id") == target

        page.keyboard.press("Enter")
        assert page.evaluate("() => location.hash") == f"#{target}"
        page.keyboard.press("Tab")
        in_main = page.evaluate(
            """id => document.getElementById(id).contains(document.activeElement)
                && document.activeElement !== document.getElementById(id)""",
            target,
        )
        assert in_main, "after the skip link, the next Tab stop must be inside main"
    finally:
        page.context.close()
