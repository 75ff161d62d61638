"""The HTML report's tables on screens from a phone to a desktop: none overflows silently.

At 1024 px and wider every table of figures (and the summary of observations) fits its column
without scrolling. On narrower screens a table
that does not fit sits in a scroll region the keyboard can reach (role="region", named by the
caption, tabindex="0"), its first column stays in view while the rest scrolls, every column can
be scrolled into view, and the cue "Svep i sidled …" shows above it; a table that fits shows no
cue. The page itself never scrolls sideways (nor does a table written in the narrative widen
it).

Needs Chromium at /usr/bin/chromium (skipped without it); no browser is downloaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from uppsikt.examples import bundled_example
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import build
from uppsikt.reports.publish import REPORT_FILE

from .browser import CHROMIUM, chromium

TIMEOUT_MS = 20_000
WIDTHS = (375, 768, 1024, 1280)
FITTING_FROM = 1024
"""From this width on, every table fits without scrolling."""

if not CHROMIUM.exists():
    pytest.skip(f"Chromium saknas: {CHROMIUM} finns inte", allow_module_level=True)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The example's HTML report, built into a fresh folder."""
    out = tmp_path_factory.mktemp("responsive") / "rapport"
    result = build(bundled_example(), out, formats=(OutputFormat.HTML,))
    assert result.ok, [d.format() for d in result.diagnostics]
    return (out / REPORT_FILE).as_uri()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request: pytest.FixtureRequest, browser: Browser, url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    opened.goto(url, wait_until="load")
    try:
        yield opened
    finally:
        context.close()


_MEASURE = """() => [...document.querySelectorAll(".data-table, .summary-table")].map(table => {
    const region = table.closest(".table-wrap");
    const block = table.closest(".table-block");
    const cue = block ? block.querySelector(".scroll-cue") : null;
    const cueStyle = cue ? getComputedStyle(cue) : null;
    const first = [
        table.querySelector("thead th:first-child"),
        ...table.querySelectorAll("tbody th[scope=row]"),
    ].filter(Boolean);
    return {
        caption: table.caption ? table.caption.textContent.trim() : "",
        inRegion: region !== null,
        role: region ? region.getAttribute("role") : null,
        label: region ? region.getAttribute("aria-label") : null,
        tabindex: region ? region.getAttribute("tabindex") : null,
        overflowX: region ? getComputedStyle(region).overflowX : null,
        scrollWidth: region ? region.scrollWidth : table.scrollWidth,
        clientWidth: region ? region.clientWidth : table.clientWidth,
        sticky: first.length > 0 && first.every(c => getComputedStyle(c).position === "sticky"),
        cueShown: cue !== null && cueStyle.visibility === "visible" && cue.offsetHeight > 0,
    };
})"""


def _tables(page: Page) -> list[dict[str, Any]]:
    tables: list[dict[str, Any]] = page.evaluate(_MEASURE)
    assert tables, "the report has no tables"
    return tables


def _width(page: Page) -> int:
    size = page.viewport_size
    assert size is not None
    return int(size["width"])


def test_the_page_never_scrolls_sideways(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"


def test_every_table_is_in_a_named_focusable_scroll_region(page: Page) -> None:
    for table in _tables(page):
        assert table["inRegion"], table["caption"]
        assert table["role"] == "region", table["caption"]
        assert table["tabindex"] == "0", table["caption"]
        assert table["overflowX"] in ("auto", "scroll"), table["caption"]
        label = table["label"] or ""
        assert label, table["caption"]
        assert table["caption"].startswith(label.strip()), (label, table["caption"])


def test_no_table_overflows_silently(page: Page) -> None:
    width = _width(page)
    tables = _tables(page)
    overflowing = [t for t in tables if t["scrollWidth"] > t["clientWidth"]]
    if width >= FITTING_FROM:
        assert not overflowing, [
            f"{t['caption']}: {t['scrollWidth']} > {t['clientWidth']}" for t in overflowing
        ]
    elif width <= 400:
        assert overflowing, "at phone width some tables are expected to scroll"
    for table in overflowing:
        assert table["sticky"], f"first column not sticky: {table['caption']}"
        assert table["cueShown"], f"no cue above: {table['caption']}"
    for table in tables:
        if table not in overflowing:
            assert not table["cueShown"], f"a cue above a table that fits: {table['caption']}"


def test_every_column_can_be_scrolled_into_view_beside_the_first(page: Page) -> None:
    """Scrolled to its end, a table shows its last column whole, its first column still in
    place at the region's left edge."""
    results: list[dict[str, Any]] = page.evaluate(
        """() => [...document.querySelectorAll(".table-wrap")]
            .filter(region => region.scrollWidth > region.clientWidth)
            .map(region => {
                region.scrollLeft = region.scrollWidth;
                const box = region.getBoundingClientRect();
                const row = region.querySelector("tbody tr:has(td)") || region.querySelector("tr");
                const cells = [...row.children];
                const first = cells[0].getBoundingClientRect();
                const last = cells[cells.length - 1].getBoundingClientRect();
                return {
                    caption: region.querySelector("caption").textContent.trim(),
                    scrolled: region.scrollLeft > 0,
                    firstLeft: first.left - box.left,
                    lastRight: last.right - box.right,
                };
            })"""
    )
    if _width(page) >= FITTING_FROM:
        assert not results
    for table in results:
        assert table["scrolled"], table["caption"]
        assert abs(table["firstLeft"]) <= 1, table
        assert table["lastRight"] <= 1, table
