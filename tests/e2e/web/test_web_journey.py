"""The journey of a report through the web application, in a real browser against the real
server: an administratör imports a workspace; the nämnd's redaktör writes a text (Markdown,
preview), enters an indicator value, uploads a SIE file, runs the checks and submits the report
for review; the administratör adopts it; the adopted report refuses edits; the administratör
reopens it with a reason; the PDF is downloaded. Also: keyboard-only use, and one nämnd's
redaktör cannot reach another nämnd's report.

Elements are found by role and accessible name in Swedish, which also proves the labels exist.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page, expect
from pypdf import PdfReader

from .conftest import Login
from .support import DEMO_NAMND, DEMO_PASSWORD, VAN, Server, assert_accessible, sie_file

MARKDOWN = (
    "Nämndens resultat avviker med {{ tabell.enheter.netto.avvikelse | mnkr }} mot budget.\n\n"
    "Skrivet i webbläsaren av e2e-testet.\n"
)
BROKEN = "\nSiffran {{ tabell.finns-inte.netto.avvikelse | mnkr }} finns inte.\n"
"""A reference to a table the report does not have: an error (UPP310) for the checks."""
REOPEN_REASON = "Nämnden rättar en siffra efter beslut (e2e)."


def report_nav(page: Page, name: str) -> Locator:
    """A link of the report's own navigation (the main menu has an «Översikt» too)."""
    return page.get_by_role("navigation", name="Rapportens delar").get_by_role("link", name=name)


def status_message(page: Page) -> Locator:
    return page.locator(".meddelanden")


def take_step(page: Page, button: str, became: str, reason: str = "") -> None:
    step = page.locator("form.steg").filter(has=page.get_by_role("button", name=button))
    if reason:
        step.get_by_role("textbox").fill(reason)
    step.get_by_role("button", name=button).click()
    expect(status_message(page)).to_contain_text(f"rapporten är nu «{became}»")


def import_journey_report(admin: Page, server: Server, journey_zip: Path) -> str:
    """The administratör imports the workspace for the nämnd; the new report's URL."""
    admin.get_by_role("link", name="Importera arbetsyta").click()
    admin.get_by_label("Nämnd").select_option(label=VAN)
    admin.get_by_label("Arbetsyta (zip)").set_input_files(journey_zip)
    admin.get_by_role("button", name="Importera").click()
    expect(status_message(admin)).to_contain_text("Arbetsytan är importerad")
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Årsberättelse 2020")
    assert re.fullmatch(rf"{re.escape(server.url)}/rapporter/\d+/", admin.url), admin.url
    return admin.url


def write_text(editor: Page, report: str) -> None:
    """Write a text with a reference the checks will refuse; the preview already says so."""
    editor.goto(report)
    editor.get_by_role("link", name="Förvaltningschefens bedömning").click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Förvaltningschefens bedömning")
    editor.get_by_label("Text (Markdown)").fill(MARKDOWN + BROKEN)
    editor.get_by_role("button", name="Förhandsgranska").click()
    preview = editor.locator("#forhandsvisning")
    expect(preview).to_contain_text("Nämndens resultat avviker med")
    expect(preview).to_contain_text("mnkr")
    expect(preview).to_contain_text("finns-inte")
    editor.get_by_role("button", name="Spara", exact=True).click()
    expect(status_message(editor)).to_contain_text("Texten är sparad")
    expect(editor.get_by_label("Text (Markdown)")).to_have_value(MARKDOWN + BROKEN)


def enter_indicator_value(editor: Page) -> None:
    report_nav(editor, "Indikatorer").click()
    editor.get_by_role("link", name="Antal elever på SFI som skrivs ut före nivå D").click()
    field = editor.get_by_label("Värde, Totalt, 2020")
    expect(field).to_have_value("383")
    field.fill("tre")
    expect(editor.locator("#fel-tot-2020")).not_to_be_empty()
    field.fill("384")
    expect(editor.locator("#fel-tot-2020")).to_be_empty()
    editor.get_by_role("button", name="Spara värden").click()
    expect(status_message(editor)).to_contain_text("1 värde sparat")
    expect(editor.get_by_label("Värde, Totalt, 2020")).to_have_value("384")


def upload_sie(editor: Page, work: Path) -> None:
    report_nav(editor, "Ekonomi").click()
    sie = work / "omforing-2020.se"
    sie.write_bytes(sie_file(vouchers=2))
    editor.get_by_label("Fil (SIE, CSV eller Excel)").set_input_files(sie)
    editor.get_by_role("button", name="Ladda upp och importera").click()
    result = editor.locator("#importresultat")
    expect(result).to_contain_text("Importerad.", timeout=60_000)
    summary = result.get_by_role("table", name="Det här importerades")
    expect(summary.get_by_role("row").filter(has_text="utfall")).to_contain_text("2020")
    assert_accessible(editor, "importens sammanfattning")
    editor.reload()
    expect(editor.get_by_role("table", name="De senaste importerna")).to_contain_text("Importerad")


def run_checks_and_fix(editor: Page) -> None:
    """The checks list the broken reference as an error with a link to the text; the
    redaktör follows it, corrects the text, and the checks find no errors any more."""
    report_nav(editor, "Kontroller").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Kontroller")
    errors = editor.get_by_role("region", name=re.compile(r"^Fel \(1\)"))
    expect(errors).to_contain_text("UPP310")
    expect(errors).to_contain_text("finns-inte")
    errors.get_by_role(
        "link", name=re.compile("^Redigera texten forvaltningschefens-bedomning")
    ).click()
    area = editor.get_by_label("Text (Markdown)")
    expect(area).to_have_value(MARKDOWN + BROKEN)
    area.fill(MARKDOWN)
    editor.get_by_role("button", name="Spara", exact=True).click()
    expect(status_message(editor)).to_contain_text("Texten är sparad")
    report_nav(editor, "Kontroller").click()
    expect(editor.get_by_role("region", name=re.compile(r"^Fel \(0\)"))).to_be_visible()
    editor.get_by_role("button", name="Kör kontrollerna igen").click()
    expect(editor.get_by_role("status")).to_contain_text("0 fel")


def assert_refuses_edits(editor: Page, stale: Page, report: str) -> None:
    """An adopted report: a form opened before the adoption is refused with the reason, and
    the pages offer no editing."""
    stale.get_by_label("Text (Markdown)").fill("Ändring efter fastställandet.")
    with stale.expect_response(lambda r: r.request.method == "POST") as answer:
        stale.get_by_role("button", name="Spara", exact=True).click()
    assert answer.value.status == 403
    expect(stale.get_by_role("heading", level=1)).to_have_text("Åtkomst nekad")
    expect(stale.get_by_role("main")).to_contain_text("fastställd och därmed låst")
    editor.goto(report + "text/forvaltningschefens-bedomning/")
    expect(editor.get_by_text("rapporten är låst för ändringar")).to_be_visible()
    expect(editor.get_by_label("Text (Markdown)")).not_to_be_editable()
    expect(editor.get_by_label("Text (Markdown)")).to_have_value(MARKDOWN)
    expect(editor.get_by_role("button", name="Spara", exact=True)).to_have_count(0)
    editor.goto(report + "ekonomi/")
    expect(editor.get_by_role("button", name="Ladda upp och importera")).to_have_count(0)
    editor.goto(report)
    expect(editor.get_by_role("button", name="Skicka för granskning")).to_have_count(0)


def reopen(admin: Page, report: str) -> None:
    admin.goto(report)
    admin.get_by_role("button", name="Återöppna rapporten").click()
    # The reason is required: the browser refuses the empty form (required), and so does
    # the server when the browser's check is bypassed.
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Årsberättelse 2020")
    expect(admin.locator(".rapportstatus")).to_contain_text("Fastställd")
    take_step(admin, "Återöppna rapporten", "Utkast", reason=REOPEN_REASON)
    report_nav(admin, "Historik").click()
    transitions = admin.get_by_role("table", name="Statusändringar, senaste först")
    expect(transitions.get_by_role("row").nth(1)).to_contain_text(REOPEN_REASON)
    changes = admin.get_by_role("table", name="Ändringar, senaste först", exact=True)
    expect(changes).to_contain_text("Import till huvudboken")
    expect(changes).to_contain_text("Indikatorvärde")
    expect(changes).to_contain_text("Skrivet i webbläsaren av e2e-testet.")


def download_pdf(editor: Page, work: Path) -> None:
    report_nav(editor, "Publicera").click()
    with editor.expect_download(timeout=120_000) as info:
        editor.get_by_role("link", name=re.compile(r"^Ladda ner PDF")).click()
    target = work / "rapport.pdf"
    info.value.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-"), data[:20]
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 5
    text = "".join(page.extract_text() or "" for page in reader.pages[:12])
    assert "Skrivet i webbläsaren av e2e-testet." in text


def test_report_journey(
    server: Server,
    login: Login,
    journey_zip: Path,
    tmp_path: Path,
) -> None:
    admin = login("admin")
    report = import_journey_report(admin, server, journey_zip)

    editor = login("van-redaktor")
    write_text(editor, report)
    enter_indicator_value(editor)
    upload_sie(editor, tmp_path)
    run_checks_and_fix(editor)

    # A tab the redaktör left open on the text, to try to save after the adoption.
    stale = editor.context.new_page()
    stale.goto(report + "text/forvaltningschefens-bedomning/")

    editor.goto(report)
    take_step(editor, "Skicka för granskning", "För granskning")
    expect(editor.get_by_role("button", name="Fastställ rapporten")).to_have_count(0)

    admin.goto(report)
    take_step(admin, "Fastställ rapporten", "Fastställd")

    assert_refuses_edits(editor, stale, report)
    reopen(admin, report)

    editor.goto(report)
    expect(editor.locator(".rapportstatus")).to_contain_text("Utkast")
    download_pdf(editor, tmp_path)


def tab_to(page: Page, target: Locator, limit: int = 60) -> int:
    """Press Tab until ``target`` has the focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return presses
    raise AssertionError(f"{target} fick aldrig fokus med Tab ({limit} tryck)")


def test_keyboard_only_login_and_edit(
    server: Server, new_context: Callable[..., BrowserContext]
) -> None:
    """Logging in and saving a text with the keyboard alone: Tab, typing and Enter."""
    page = new_context().new_page()
    page.goto(f"{server.url}/konto/logga-in/")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    assert tab_to(page, skip) == 1, "the skip link is the first stop"
    username, password = page.get_by_label("Användarnamn"), page.get_by_label("Lösenord")
    tab_to(page, username)
    page.keyboard.type("demo-redaktor")
    page.keyboard.press("Tab")
    assert password.evaluate("element => element === document.activeElement")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Rapporter")).to_be_visible()

    link = page.get_by_role("link", name=re.compile("demo"))
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(DEMO_NAMND)
    tab_to(page, page.get_by_role("link", name="Förslag till beslut"))
    page.keyboard.press("Enter")
    area = page.get_by_label("Text (Markdown)")
    tab_to(page, area)
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\nTillagt med tangentbordet.")
    tab_to(page, page.get_by_role("button", name="Spara", exact=True), limit=5)
    page.keyboard.press("Enter")
    expect(status_message(page)).to_contain_text("Texten är sparad")
    expect(area).to_have_value(re.compile(r"Tillagt med tangentbordet\.\s*$"))


def test_redaktor_cannot_open_another_namnds_report(server: Server, login: Login) -> None:
    """Each nämnd's redaktör at the other nämnd's report: the 404 page, in Swedish and without
    internals, for the report and pages under it; it is not in their list of reports either."""
    ks = login("ks")
    ks.goto(f"{server.url}/")
    hrefs = {
        namnd: ks.get_by_role("row")
        .filter(has_text=namnd)
        .get_by_role("link")
        .first.get_attribute("href")
        for namnd in (VAN, DEMO_NAMND)
    }
    for user, other in (("van-redaktor", DEMO_NAMND), ("demo-redaktor", VAN)):
        page = login(user)
        expect(page.get_by_role("row").filter(has_text=other)).to_have_count(0)
        for suffix in (
            "",
            "text/forslag-till-beslut/",
            "indikatorer/",
            "ladda-ner/pdf/",
            "arbetsyta.zip",
        ):
            answer = page.goto(f"{server.url}{hrefs[other]}{suffix}")
            assert answer is not None
            assert answer.status == 404, (user, suffix, answer.status)
            expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
            body = page.locator("body").inner_text()
            assert "Felkod: 404" in body
            for internal in (
                "Traceback",
                "Django",
                "DEBUG",
                "Http404",
                "Rapporten finns inte",
                "/src/",
            ):
                assert internal not in body, (user, suffix, internal)
