"""What the browser tests share: Debian's Chromium driven by Playwright, and axe-core from npm.

No browser is downloaded: Playwright drives the system's Chromium. The tests are skipped when
Chromium or axe-core is missing (`make test` installs both).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium, closed afterwards."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def describe_violations(violations: list[dict[str, Any]], nodes: int = 5) -> str:
    """axe-core's violations, one line each with the first elements, for a failing assert."""
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" – {len(violation['nodes'])} element"
        )
        for node in violation["nodes"][:nodes]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')!r}")
    return "\n".join(lines)
