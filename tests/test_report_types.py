"""Report types (uppsikt.yaml `rapport`) decide a report's content: the sections it may and
must have, whether stances are required, how målområden are headed and whether empty lists
are left out; and the personnel section `personal` with the HR indicators."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

from build_output import data_rows, docx_text, written
from uppsikt.examples import bundled_example
from uppsikt.loading import LoadedWorkspace
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.model.settings import REPORT_KINDS, EmptyLists, ReportType
from uppsikt.pipeline import build, load_report
from uppsikt.reports.model import ObservationSummary

SECTIONS_KS = (
    "forslag-till-beslut",
    "forvaltningschefens-bedomning",
    "sammanfattande-iakttagelser",
    "malomraden",
    "ekonomi",
    "personal",
    "fem-ar-i-sammandrag",
    "bilaga-intraprenader",
)


def _settings(ws: Path, report_type: str, sections: tuple[str, ...]) -> None:
    """uppsikt.yaml with another report type and `avsnitt`."""
    path = ws / "uppsikt.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^rapport: .*$", f"rapport: {report_type}", text, flags=re.M)
    text = text[: text.index("avsnitt:")] + "avsnitt:\n"
    text += "".join(f"  - {name}\n" for name in sections)
    path.write_text(text, encoding="utf-8")


def _without_stances(ws: Path) -> None:
    """mal.yaml with no `ställningstagande` at all, as KS's report states none."""
    path = ws / "mal.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.lstrip().startswith("ställningstagande:")]
    assert len(kept) < len(lines)
    path.write_text("".join(kept), encoding="utf-8")


def _hr(ws: Path) -> None:
    """Sysselsättningsgrad (with Kvinnor and Män) also belongs to `hr`."""
    path = ws / "indikatorer.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    uppdelning: [K, M]\n    tillhör: [{fem-år: null, grupp: Arbetstid}]\n"
    assert text.count(old) == 1
    path.write_text(
        text.replace(
            old, "    uppdelning: [K, M]\n    tillhör: [{fem-år: null, grupp: Arbetstid}, hr]\n"
        ),
        encoding="utf-8",
    )


def _ks(ws: Path) -> Path:
    _settings(ws, "ks-årsberättelse", SECTIONS_KS)
    _without_stances(ws)
    _hr(ws)
    return ws


def _errors(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> list[str]:
    return [d.format() for d in diagnostics if d.severity is Severity.ERROR]


def _only(diagnostics: tuple[Diagnostic, ...], code: str) -> Diagnostic:
    """The one diagnostic of ``code``."""
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def ks_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as KS's årsberättelse without stances, with a personnel section, built in
    every format."""
    ws = tmp_path_factory.mktemp("ks") / "ks"
    shutil.copytree(bundled_example(), ws)
    _ks(ws)
    out = ws.parent / "ut"
    result = build(ws, out)
    assert result.ok, [d.format() for d in result.diagnostics]
    return out


# --- the table of types ----------------------------------------------------------------------


def test_every_type_has_a_row_and_the_namnd_keeps_inga_angivna() -> None:
    assert set(REPORT_KINDS) == set(ReportType)
    arsberattelse = ReportType.ARSBERATTELSE.kind
    assert arsberattelse.stances_required
    assert arsberattelse.area_prefix
    assert arsberattelse.empty_lists is EmptyLists.NONE_GIVEN
    for kind in (ReportType.KS_ARSBERATTELSE.kind, ReportType.KOMMUNSAMMANSTALLNING.kind):
        assert not kind.stances_required
        assert not kind.area_prefix
        assert kind.empty_lists is EmptyLists.OMIT
        assert "personal" in kind.sections
        assert set(kind.required_sections) <= set(kind.sections)
        assert set(kind.default_sections) <= set(kind.sections)


# --- KS's report: every format, no stances, nothing empty --------------------------------------


def test_ks_report_without_stances_builds_without_empty_lists(ks_build: Path) -> None:
    html = (ks_build / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert "Inga angivna" not in html
    assert soup.find(class_="stance") is None  # no stance stated, none shown
    goals = soup.find_all(class_="goal")
    assert goals
    assert all(
        not any(c.startswith("stance-") for c in g.get_attribute_list("class")) for g in goals
    )
    # Headings are the målområden's names, without "Målområde N:".
    headings = [h.get_text(" ", strip=True) for h in soup.find_all(re.compile("^h[1-6]$"))]
    assert not any(re.search(r"Målområde \d+:", h) for h in headings)
    assert any(h.endswith("Örebro i sin fulla kraft") for h in headings)
    # MO4 and MO5 have no observations: no heading of an empty list under them.
    area = soup.find("section", id="malomrade-4")
    assert isinstance(area, Tag)
    text = area.get_text(" ", strip=True)
    assert "Positiva iakttagelser" not in text
    assert "Förbättringsområden" not in text
    # MO1 has both lists: they stay.
    first = soup.find("section", id="malomrade-1")
    assert isinstance(first, Tag)
    assert "Positiva iakttagelser" in first.get_text()
    # The summary lists only målområden with observations.
    summary = soup.find("table", class_="summary-table")
    assert isinstance(summary, Tag)
    rows = [th.get_text(strip=True) for th in summary.find_all("th", scope="row")]
    assert rows
    assert len(rows) < len(soup.find_all("section", id=re.compile(r"^malomrade-\d+$")))

    word = docx_text(written(ks_build, ".docx"))
    assert "Inga angivna" not in word
    assert "Nämndens åtagande" not in word
    assert "Bidrag genom grunduppdraget" not in word
    assert not re.search(r"Målområde \d+:", word)

    pdf = "\n".join(page.extract_text() for page in PdfReader(written(ks_build, ".pdf")).pages)
    assert "Inga angivna" not in pdf
    assert "Nämndens åtagande" not in pdf
    assert (ks_build / "data" / "datapackage.json").is_file()
    assert written(ks_build, ".xlsx").is_file()


def test_personnel_section_in_html_word_and_data(ks_build: Path) -> None:
    soup = BeautifulSoup((ks_build / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.find("section", id="personal")
    assert isinstance(section, Tag)
    heading = section.find(re.compile("^h[1-6]$"))
    assert heading is not None
    assert "Personal" in heading.get_text()
    table = section.find("table", class_="data-table")
    assert isinstance(table, Tag)
    labels = [th.get_text(strip=True) for th in table.find_all("th", scope="row")]
    assert labels == ["Genomsnittlig sysselsättningsgrad", "Kvinnor", "Män"]
    cells = table.get_text(" ", strip=True)
    assert "97,9" in cells
    assert "96,8" in cells
    assert "96,3" in cells

    word = docx_text(written(ks_build, ".docx"))
    assert "Indikatorer för personalen" in word
    assert "Kvinnor" in word
    assert "96,8" in word

    rows = data_rows(ks_build, "personal")
    assert rows["sysselsattningsgrad"]["utfall-2020"] == "97.9"
    assert rows["sysselsattningsgrad.K"]["utfall-2019"] == "96.8"
    assert rows["sysselsattningsgrad.M"]["utfall-2019"] == "96.3"
    assert rows["sysselsattningsgrad.K"]["typ"] == "uppdelning"


def test_namnd_report_keeps_inga_angivna_and_prefixes(example_copy: Path) -> None:
    """The nämnd's årsberättelse is unchanged: empty lists say so, målområden are numbered."""
    report, diagnostics = load_report(example_copy)
    assert report is not None, _errors(diagnostics)
    areas = next(s for s in report.sections if s.id == "malomraden").subsections
    numbers = range(1, len(areas) + 1)
    assert [a.title.split(":")[0] for a in areas] == [f"Målområde {n}" for n in numbers]
    assert all(len(a.subsections) == 2 for a in areas)
    summary = next(s for s in report.sections if s.id == "sammanfattande-iakttagelser")
    shown = [b for b in summary.blocks if isinstance(b, ObservationSummary)]
    assert len(shown[0].areas) == len(areas)
    assert shown[0].none_given


def test_kommun_summary_is_unnumbered_and_drops_empty_sections(example_copy: Path) -> None:
    _settings(
        example_copy,
        "kommunsammanställning",
        ("forslag-till-beslut", "malomraden", "ekonomi", "egen-text", "fem-ar-i-sammandrag"),
    )
    _without_stances(example_copy)
    (example_copy / "text" / "egen-text.md").write_text("# Egen text\n", encoding="utf-8")
    (example_copy / "text" / "malomraden.md").unlink()  # the type's default title shows
    report, diagnostics = load_report(example_copy)
    assert report is not None, _errors(diagnostics)
    assert report.meta.title == "Kommunsammanställning 2020"
    ids = [s.id for s in report.sections]
    assert "egen-text" not in ids  # a heading with nothing under it is left out
    assert ids == ["forslag-till-beslut", "malomraden", "ekonomi", "fem-ar-i-sammandrag"]
    assert all(s.number == "" for s in report.sections)
    goals = report.sections[1]
    assert goals.title == "Utveckling inom kommunfullmäktiges mål"
    assert all(not a.number and ":" not in a.title for a in goals.subsections)


# --- errors and warnings -----------------------------------------------------------------------


def test_namnd_report_still_requires_a_stance(example_copy: Path) -> None:
    _without_stances(example_copy)
    loaded = LoadedWorkspace.read(example_copy)
    found = [d for d in loaded.diagnostics if d.location.file == "mal.yaml"]
    assert found
    assert all(d.severity is Severity.ERROR for d in found)
    assert any("ställningstagande" in d.message for d in found)
    assert all(d.location.line for d in found)


def test_hr_indicator_without_personal_section_is_a_warning(example_copy: Path) -> None:
    _hr(example_copy)
    loaded = LoadedWorkspace.read(example_copy)
    warning = _only(loaded.diagnostics, "UPP460")
    assert warning.severity is Severity.WARNING
    assert warning.location.file == "indikatorer.yaml"
    assert warning.location.line
    assert "Genomsnittlig sysselsättningsgrad" in warning.message
    assert "personal" in (warning.hint or "")
    assert loaded.report() is not None  # a warning: the report is still built


def test_no_warning_when_the_section_is_listed(example_copy: Path) -> None:
    _hr(example_copy)
    path = example_copy / "uppsikt.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - ekonomi\n", "  - ekonomi\n  - personal\n"), "utf-8")
    report, diagnostics = load_report(example_copy)
    assert report is not None, _errors(diagnostics)
    assert not [d for d in diagnostics if d.code == "UPP460"]
    assert "personal" in [t.id for t in report.tables()]


@pytest.mark.parametrize(
    ("report_type", "section"),
    [
        ("kommunsammanställning", "bilaga-intraprenader"),
        ("kommunsammanställning", "forvaltningschefens-bedomning"),
    ],
)
def test_a_section_the_type_lacks_is_a_located_error(
    example_copy: Path, report_type: str, section: str
) -> None:
    _settings(example_copy, report_type, ("malomraden", "ekonomi", section))
    _without_stances(example_copy)
    loaded = LoadedWorkspace.read(example_copy)
    error = _only(loaded.diagnostics, "UPP143")
    assert error.severity is Severity.ERROR
    assert error.location.file == "uppsikt.yaml"
    lines = (example_copy / "uppsikt.yaml").read_text(encoding="utf-8").splitlines()
    assert error.location.line is not None
    assert section in lines[error.location.line - 1]
    assert section in error.message
    assert report_type in error.message
    # The hint names the sections this type may have.
    assert error.hint is not None
    assert "malomraden" in error.hint
    assert "personal" in error.hint
    assert section not in error.hint.split(":", 1)[1]
    assert loaded.report() is None


def test_the_same_section_is_allowed_in_ks_report(example_copy: Path) -> None:
    _settings(example_copy, "ks-årsberättelse", ("malomraden", "ekonomi", "bilaga-intraprenader"))
    _without_stances(example_copy)
    report, diagnostics = load_report(example_copy)
    assert report is not None, _errors(diagnostics)
    assert [s.id for s in report.sections] == ["malomraden", "ekonomi", "bilaga-intraprenader"]


def test_a_required_section_missing_is_a_located_error(example_copy: Path) -> None:
    _settings(example_copy, "ks-årsberättelse", ("malomraden", "fem-ar-i-sammandrag"))
    _without_stances(example_copy)
    loaded = LoadedWorkspace.read(example_copy)
    error = _only(loaded.diagnostics, "UPP144")
    assert error.location.file == "uppsikt.yaml"
    assert error.location.line is not None
    assert "ekonomi" in error.message


def test_default_sections_follow_the_type(example_copy: Path) -> None:
    path = example_copy / "uppsikt.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("rapport: årsberättelse", "rapport: ks-årsberättelse")
    path.write_text(text[: text.index("avsnitt:")], encoding="utf-8")
    _without_stances(example_copy)
    loaded = LoadedWorkspace.read(example_copy)
    ws = loaded.workspace
    assert ws is not None, _errors(loaded.diagnostics)
    assert ws.settings.sections == ReportType.KS_ARSBERATTELSE.kind.default_sections
