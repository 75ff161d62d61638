"""Screenshots of the example's HTML report and Word document, for looking at the layout.

    .venv/bin/python scripts/preview_html_word.py OUT_DIR

Writes OUT_DIR/html-<width>-<part>.png (the cover, the economy tables and an indicator table
at 375, 768 and 1280 px, Debian's Chromium through Playwright) and OUT_DIR/docx-NN.png (pages
of the Word document converted by LibreOffice, then pdftoppm). Not for git.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from uppsikt.examples import bundled_example
from uppsikt.pipeline import build

CHROMIUM = "/usr/bin/chromium"
WIDTHS = (375, 768, 1280)
PARTS = {
    "omslag": "body",
    "ekonomi": 'table:has(caption:text-matches("nettokostnad per enhet", "i"))',
    "indikatorer": 'table:has(th:text-matches("Målvärde"))',
}
WORD_PAGES = (1, 2, 3, 10, 20)


def html_shots(site: Path, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto((site / "index.html").as_uri())
            for name, selector in PARTS.items():
                found = page.locator(selector).first
                if found.count() == 0:
                    continue
                path = out / f"html-{width}-{name}.png"
                if name == "omslag":
                    page.screenshot(path=str(path))
                else:
                    found.scroll_into_view_if_needed()
                    # The table's scroll region, so that a cut-off table shows as one.
                    region = found.locator("xpath=ancestor-or-self::*[@role='region'][1]")
                    (region if region.count() else found).screenshot(path=str(path))
            page.close()
        browser.close()


def word_shots(docx: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        pdf = Path(tmp) / (docx.stem + ".pdf")
        for number in WORD_PAGES:
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "60",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    "-png",
                    "-singlefile",
                    str(pdf),
                    str(out / f"docx-{number:02d}"),
                ],
                check=False,
                capture_output=True,
            )


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    site = out / "rapport"
    result = build(bundled_example(), site)
    if not result.ok:
        sys.exit("\n".join(d.format() for d in result.diagnostics))
    html_shots(site, out)
    word = next(site.glob("*.docx"))
    word_shots(word, out)
    print(
        f"PNG: {len(list(out.glob('html-*.png')))} HTML and {len(list(out.glob('docx-*.png')))}"
        f" Word pictures in {out}"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: preview_html_word.py OUT_DIR")
    main(Path(sys.argv[1]).resolve())
