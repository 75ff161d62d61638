"""The house design: the decision date and graphic profile in uppsikt.yaml, and the cover they
give the HTML and PDF report (logo, nämnd, title, decision, diarienummer; the colophon at the
end), with the profile's typeface embedded and its colours applied."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
from pathlib import Path

import page
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, PdfObject

from report_fixtures import build_report
from uppsikt.examples import write_starter_workspace
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.located.format import SWEDISH_MONTHS, swedish_date
from uppsikt.model.settings import BUNDLED_TYPEFACES, Profile
from uppsikt.pipeline import load_report
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.html.render import render_html
from uppsikt.reports.model import ReportModel
from uppsikt.reports.pdf.document import render_pdf
from uppsikt.workspace.profile import MIN_CONTRAST, contrast_with_white
from uppsikt.workspace.reader import read_workspace

DECIDED = datetime.date(2021, 2, 18)
NAMND = "Vuxenutbildnings- och arbetsmarknadsnämnden"
DECISION = f"Beslutad av {NAMND} 18 februari 2021"


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    write_starter_workspace(tmp_path)
    return tmp_path


def _settings_with(workspace: Path, text: str) -> Path:
    """uppsikt.yaml with ``text`` added at the end; the file's path."""
    path = workspace / "uppsikt.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path


def _line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if fragment in line)


def _found(diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code == code]


def _decided(report: ReportModel, date: datetime.date | None = DECIDED) -> ReportModel:
    return dataclasses.replace(report, meta=dataclasses.replace(report.meta, decision_date=date))


def _cover_html(html: str) -> str:
    found = re.search(r'<header class="cover">(.*?)</header>', html, re.S)
    assert found is not None
    return found.group(1)


# The Swedish date ---------------------------------------------------------------------------


def test_swedish_date_writes_the_day_and_the_month_in_words() -> None:
    assert swedish_date(DECIDED) == "18 februari 2021"
    assert swedish_date(datetime.date(2020, 1, 1)) == "1 januari 2020"
    assert swedish_date(datetime.date(2020, 12, 31)) == "31 december 2020"
    months = {swedish_date(datetime.date(2021, m, 1)).split()[1] for m in range(1, 13)}
    assert months == set(SWEDISH_MONTHS)
    assert len(months) == 12


# beslutsdatum -------------------------------------------------------------------------------


def test_decision_date_is_read(starter: Path) -> None:
    _settings_with(starter, "beslutsdatum: 2021-02-18\n")
    workspace, diagnostics = read_workspace(starter)
    assert diagnostics == []
    assert workspace is not None
    assert workspace.settings.decision_date == DECIDED


def test_without_decision_date_the_report_is_not_decided(starter: Path) -> None:
    workspace, _ = read_workspace(starter)
    assert workspace is not None
    assert workspace.settings.decision_date is None


@pytest.mark.parametrize("written", ['"2021-02-30"', '"18 februari 2021"', '"2021-2-18"', "[1]"])
def test_a_decision_date_that_is_no_date_is_located(starter: Path, written: str) -> None:
    path = _settings_with(starter, f"beslutsdatum: {written}\n")
    workspace, diagnostics = read_workspace(starter)
    assert workspace is None
    errors = _found(diagnostics, "UPP145")
    assert len(errors) == 1, [d.format() for d in diagnostics]
    assert errors[0].location.file == "uppsikt.yaml"
    assert errors[0].location.line == _line_of(path, "beslutsdatum")
    assert "inget giltigt datum" in errors[0].message
    assert "ÅÅÅÅ-MM-DD" in errors[0].hint


def test_an_impossible_unquoted_date_is_refused_at_its_line(starter: Path) -> None:
    path = _settings_with(starter, "beslutsdatum: 2021-02-30\n")
    workspace, diagnostics = read_workspace(starter)
    assert workspace is None
    lines = [d.location.line for d in diagnostics if d.location.file == "uppsikt.yaml"]
    assert _line_of(path, "beslutsdatum") in lines


# publicering.profil -------------------------------------------------------------------------


def _with_profile(starter: Path, lines: str) -> Path:
    return _settings_with(starter, "publicering:\n  profil:\n" + lines)


def test_profile_is_read(starter: Path) -> None:
    _with_profile(
        starter,
        '    färg: "#0B3D5C"\n    accentfärg: "#7a2e0e"\n    typsnitt: ibm  plex sans\n',
    )
    workspace, diagnostics = read_workspace(starter)
    assert diagnostics == []
    assert workspace is not None
    assert workspace.settings.publishing.profile == Profile(
        colour="#0b3d5c", accent="#7a2e0e", font="IBM Plex Sans"
    )


def test_without_profile_the_default_profile(starter: Path) -> None:
    _settings_with(starter, "publicering:\n  format: [html]\n")
    workspace, _ = read_workspace(starter)
    assert workspace is not None
    assert workspace.settings.publishing.profile == Profile()


@pytest.mark.parametrize(
    ("key", "written", "problem"),
    [
        ("färg", '"blå"', "#rrggbb"),
        ("färg", '"#1c4e6"', "#rrggbb"),
        ("accentfärg", '"#ffcc00"', "kontrast"),
        ("färg", '"#777777"', "kontrast"),
    ],
)
def test_a_colour_that_is_wrong_or_too_light_is_located(
    starter: Path, key: str, written: str, problem: str
) -> None:
    path = _with_profile(starter, f"    {key}: {written}\n")
    workspace, diagnostics = read_workspace(starter)
    assert workspace is None
    errors = _found(diagnostics, "UPP146")
    assert len(errors) == 1, [d.format() for d in diagnostics]
    assert errors[0].location.line == _line_of(path, f"{key}:")
    assert errors[0].location.field == key
    assert problem in errors[0].message


def test_contrast_follows_wcag() -> None:
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    # #767676 is the lightest grey that passes AA on white; #777777 just fails.
    assert contrast_with_white("#767676") >= MIN_CONTRAST > contrast_with_white("#777777")
    assert contrast_with_white(Profile().colour) >= MIN_CONTRAST
    assert contrast_with_white(Profile().accent) >= MIN_CONTRAST


def test_an_unknown_typeface_is_located(starter: Path) -> None:
    path = _with_profile(starter, "    typsnitt: Comic Sans MS\n")
    workspace, diagnostics = read_workspace(starter)
    assert workspace is None
    errors = _found(diagnostics, "UPP147")
    assert len(errors) == 1, [d.format() for d in diagnostics]
    assert errors[0].location.line == _line_of(path, "typsnitt")
    assert all(name in errors[0].hint for name in BUNDLED_TYPEFACES)


def test_an_unknown_key_in_the_profile_is_located(starter: Path) -> None:
    path = _with_profile(starter, '    färgen: "#1c4e6b"\n')
    _, diagnostics = read_workspace(starter)
    unknown = _found(diagnostics, "UPP113")
    assert [d.location.line for d in unknown] == [_line_of(path, "färgen")]


def test_settings_reach_the_report_model(starter: Path) -> None:
    _settings_with(
        starter,
        'beslutsdatum: 2021-02-18\npublicering:\n  profil:\n    färg: "#00563f"\n',
    )
    report, diagnostics = load_report(starter)
    assert report is not None, [d.format() for d in diagnostics]
    assert report.meta.decision_date == DECIDED
    assert report.meta.profile.colour == "#00563f"


# The HTML cover and profile -----------------------------------------------------------------


def test_html_cover_says_who_decided_when_and_the_diarienummer() -> None:
    html = render_html(_decided(build_report()))
    cover = _cover_html(html)
    for text in ("Örebro kommun", NAMND, "Årsberättelse 2020", DECISION, "VAN 2021/123"):
        assert text in cover, text
    assert "Ej beslutad" not in cover
    assert "Skapad med" not in cover
    colophon = html.split("</main>", 1)[1]
    assert "Skapad med uppsikt 0.1.0." in colophon


def test_html_cover_of_a_report_not_yet_decided() -> None:
    cover = _cover_html(render_html(_decided(build_report(), None)))
    assert "Ej beslutad" in cover
    assert "Beslutad av" not in cover


def test_html_carries_the_profile_font_and_colours() -> None:
    report = build_report()
    profiled = dataclasses.replace(
        report, meta=dataclasses.replace(report.meta, profile=Profile(colour="#00563f"))
    )
    html = render_html(profiled)
    assert "--brand: #00563f;" in html
    faces = re.findall(r"@font-face \{(.*?)\}", html, re.S)
    assert len(faces) == 4
    assert all('font-family: "IBM Plex Sans"' in face for face in faces)
    assert all('url("data:font/woff2;base64,' in face for face in faces)
    assert set(re.findall(r"font-weight: (\d+)", "".join(faces))) == {"400", "700"}
    assert not re.search(r"url\(\s*[\"']?(https?:|//)", html), "the HTML must load nothing"


def test_a_profile_value_from_outside_the_reader_never_reaches_the_css() -> None:
    report = build_report()
    hostile = Profile(colour="red;}</style><script>", accent="#000", font='x"; } body {')
    html = render_html(
        dataclasses.replace(report, meta=dataclasses.replace(report.meta, profile=hostile))
    )
    assert "<script>" not in html
    assert f"--brand: {Profile().colour};" in html
    assert '--font-body: "IBM Plex Sans"' in html


def test_html_cover_shows_the_logo(tmp_path: Path) -> None:
    logo = tmp_path / "logotyp.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    cover = _cover_html(render_html(build_report(), logo=logo))
    assert '<img class="cover-logo" src="data:image/png;base64,' in cover
    assert 'alt="Logotyp för Örebro kommun"' in cover
    assert "<img" not in _cover_html(render_html(build_report()))


# The PDF cover ------------------------------------------------------------------------------


def _dict(item: object) -> DictionaryObject:
    resolved = item.get_object() if isinstance(item, PdfObject) else item
    assert isinstance(resolved, DictionaryObject), resolved
    return resolved


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.fixture(scope="module")
def decided_pdf() -> bytes:
    return render_pdf(_decided(build_report()), ChartImages())


def test_pdf_cover_says_who_decided_when_and_the_diarienummer(decided_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(decided_pdf))
    cover = _normalise(reader.pages[0].extract_text())
    for text in ("Örebro kommun", NAMND, "Årsberättelse 2020", DECISION, "VAN 2021/123"):
        assert text in cover, text
    assert "Skapad med" not in cover
    assert "Skapad med uppsikt 0.1.0." in _normalise(reader.pages[-1].extract_text())


def test_pdf_of_a_report_not_yet_decided() -> None:
    pdf = render_pdf(_decided(build_report(), None), ChartImages())
    cover = _normalise(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert "Ej beslutad" in cover
    assert "Beslutad av" not in cover


def test_pdf_embeds_the_profile_typeface_and_stays_pdf_ua(decided_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(decided_pdf))
    names: set[str] = set()
    for pdf_page in reader.pages:
        resources = _dict(pdf_page["/Resources"])
        fonts = _dict(resources["/Font"]) if "/Font" in resources else DictionaryObject()
        names.update(str(_dict(font)["/BaseFont"]).split("+")[-1] for font in fonts.values())
    assert {"IBMPlexSans", "IBMPlexSans-Bold"} <= names, names
    result = page.validate_pdf_bytes(decided_pdf, profile=page.ValidationProfile.PDF_UA_1)
    assert result.rules.failed == 0, [f.message for f in result.failures]


def test_pdf_takes_the_profile_colour() -> None:
    colour = "#00563f"
    report = build_report()
    profiled = dataclasses.replace(
        report, meta=dataclasses.replace(report.meta, profile=Profile(colour=colour))
    )
    expected = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]

    def fills(pdf: bytes) -> list[list[float]]:
        stream = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
        assert stream is not None
        text = stream.get_data().decode("latin-1")
        found = re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:scn|SCN)", text)
        return [[float(v) for v in triple] for triple in found]

    def used(pdf: bytes) -> bool:
        return any(
            all(abs(a - b) < 1e-3 for a, b in zip(c, expected, strict=True)) for c in fills(pdf)
        )

    assert used(render_pdf(profiled, ChartImages()))
    assert not used(render_pdf(report, ChartImages()))
