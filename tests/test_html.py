"""The HTML renderer: structure, accessibility, Swedish formatting and escaping."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup, Tag

from report_fixtures import MISSING_REASON, SCRIPT_LABEL, build_report
from uppsikt.located.format import MINUS, MISSING_MARK, NBSP
from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.html.render import render_html
from uppsikt.reports.model import Chart, ChartGroup, ChartKind, ChartSeries, ReportModel, Section


@pytest.fixture(scope="module")
def report() -> ReportModel:
    return build_report()


@pytest.fixture(scope="module")
def html(report: ReportModel) -> str:
    return render_html(report)


@pytest.fixture(scope="module")
def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _tag(found: object) -> Tag:
    assert isinstance(found, Tag), found
    return found


def _table(soup: BeautifulSoup, caption_start: str) -> Tag:
    for caption in soup.find_all("caption"):
        if caption.get_text().startswith(caption_start):
            return _tag(caption.find_parent("table"))
    raise AssertionError(f"no table with caption {caption_start!r}")


def _row(table: Tag, label_start: str) -> Tag:
    for header in table.select("tbody th"):
        if header.get_text().startswith(label_start):
            return _tag(header.find_parent("tr"))
    raise AssertionError(f"no row {label_start!r}")


def _cell_texts(row: Tag) -> list[str]:
    return [td.get_text().strip() for td in row.find_all("td")]


def _all_sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _all_sections(section.subsections)


def test_document_head(soup: BeautifulSoup) -> None:
    assert _tag(soup.html)["lang"] == "sv"
    assert soup.find("meta", charset="utf-8") is not None
    viewport = _tag(soup.find("meta", attrs={"name": "viewport"}))
    assert "width=device-width" in str(viewport["content"])
    title = _tag(soup.title).get_text()
    assert title == "Årsberättelse 2020 – Vuxenutbildnings- och arbetsmarknadsnämnden"


def test_document_is_self_contained(soup: BeautifulSoup) -> None:
    assert soup.find("script") is None
    assert soup.find("link") is None
    assert soup.find(src=True) is None
    style = _tag(soup.find("style")).get_text()
    assert "@media print" in style
    assert ".visually-hidden" in style


def test_cover(soup: BeautifulSoup) -> None:
    headings = soup.find_all("h1")
    assert [h.get_text() for h in headings] == ["Årsberättelse 2020"]
    cover = _tag(soup.find("header")).get_text()
    assert "Örebro kommun" in cover
    assert "Vuxenutbildnings- och arbetsmarknadsnämnden" in cover
    assert "VAN 2021/123" in cover


def test_cover_without_diarienummer(report: ReportModel) -> None:
    meta = dataclasses.replace(report.meta, diarienummer="")
    html = render_html(dataclasses.replace(report, meta=meta))
    assert "Diarienummer" not in html


def test_toc_links_every_section(soup: BeautifulSoup, report: ReportModel) -> None:
    nav = _tag(soup.find("nav"))
    label_id = str(nav["aria-labelledby"])
    assert soup.find(id=label_id) is not None
    links = {str(a["href"]) for a in nav.find_all("a")}
    section_ids = {s.id for s in _all_sections(report.sections)}
    assert links == {f"#{sid}" for sid in section_ids}
    for sid in section_ids:
        assert _tag(soup.find(id=sid)).name == "section"


def test_section_heading_levels(soup: BeautifulSoup) -> None:
    def heading(section_id: str) -> Tag:
        section = _tag(soup.find("section", id=section_id))
        return _tag(section.find(["h2", "h3", "h4", "h5", "h6"]))

    assert (heading("sammanfattning").name, heading("sammanfattning").text) == (
        "h2",
        "1 Sammanfattning",
    )
    assert (heading("ekonomi-drift").name, heading("ekonomi-drift").text) == ("h3", "2.1 Drift")
    assert heading("ekonomi-drift-detalj").name == "h4"
    assert (heading("bilaga").name, heading("bilaga").text) == ("h2", "Bilaga: Begrepp")


def test_ids_are_unique(soup: BeautifulSoup) -> None:
    ids = [str(tag["id"]) for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_text_html_is_inserted_as_is(soup: BeautifulSoup) -> None:
    section = _tag(soup.find("section", id="sammanfattning"))
    assert _tag(section.find("em")).get_text() == "pandemin"


def test_table_headers_have_scope(soup: BeautifulSoup) -> None:
    for table in soup.select("table"):
        assert table.find("caption") is not None
        head_cells = table.select("thead th")
        assert head_cells
        assert all(th["scope"] == "col" for th in head_cells)
        for th in table.select("tbody th"):
            assert th["scope"] in {"row", "colgroup"}


def test_table_caption_includes_unit_note(soup: BeautifulSoup) -> None:
    caption = _tag(_table(soup, "Driftredovisning").caption).get_text(" ", strip=True)
    assert caption == "Driftredovisning Belopp i tkr."


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Intäkter", ["45 210", "48 121", "+2 911", "106,4 %"]),
        ("Kostnader", ["−55 000", "−58 447", "+3,4", "29,5 %"]),
        ("Nettokostnad", ["−9 790", "−10 326", "−536", ""]),
    ],
)
def test_numbers_formatted_the_swedish_way(
    soup: BeautifulSoup, label: str, expected: list[str]
) -> None:
    row = _row(_table(soup, "Driftredovisning"), label)
    assert _cell_texts(row) == [text.replace(" ", NBSP) for text in expected]
    assert all("num" in td["class"] for td in row.find_all("td"))


def test_true_minus_and_no_break_space(soup: BeautifulSoup) -> None:
    row = _row(_table(soup, "Driftredovisning"), "Nettokostnad")
    assert _cell_texts(row)[1] == f"{MINUS}10{NBSP}326" == "\u221210\u00a0326"
    kostnader = _row(_table(soup, "Driftredovisning"), "Kostnader")
    assert _cell_texts(kostnader)[3] == "29,5\u00a0%"


def test_approximate_value_and_negative_zero(soup: BeautifulSoup) -> None:
    table = _table(soup, "Driftredovisning")
    assert _cell_texts(_row(table, "varav"))[1] == "ca 80"
    assert _cell_texts(_row(table, "Övrigt"))[:2] == ["0", "0"]  # -0 and -0.2: never "−0"


def test_missing_value_shows_mark_and_reason(soup: BeautifulSoup) -> None:
    cell = _row(_table(soup, "Driftredovisning"), "varav").find_all("td")[2]
    mark = _tag(cell.find(class_="missing"))
    assert mark.get_text() == MISSING_MARK
    assert mark["title"] == MISSING_REASON
    assert mark["aria-hidden"] == "true"
    assert _tag(cell.find(class_="visually-hidden")).get_text() == MISSING_REASON


def test_not_applicable_value_is_an_empty_cell(soup: BeautifulSoup) -> None:
    cell = _row(_table(soup, "Driftredovisning"), "varav").find_all("td")[3]
    assert cell.get_text() == ""
    assert not cell.find_all(True)


def test_row_kinds(soup: BeautifulSoup) -> None:
    economic = _table(soup, "Driftredovisning")
    assert "row-summa" in _row(economic, "Nettokostnad")["class"]
    assert "row-exkl" in _row(economic, "Nettokostnad exkl")["class"]
    assert "row-varav" in _row(economic, "varav")["class"]
    assert _tag(_row(economic, "varav").th).get_text() == "varav personalkostnader"

    indicators = _table(soup, "Indikatorer")
    heading = _tag(_row(indicators, "Utbildning").th)
    assert heading["scope"] == "colgroup"
    assert heading["colspan"] == "5"  # label + 3 columns + assessment
    assert {"row-uppdelning", "level-1"} <= set(_row(indicators, "Kvinnor")["class"])
    assert {"row-uppdelning", "level-2"} <= set(_row(indicators, "Under 25")["class"])


def test_text_cell(soup: BeautifulSoup) -> None:
    row = _row(_table(soup, "Indikatorer"), "Andel godkända")
    assert _cell_texts(row)[:3] == [f"81,2{NBSP}%", f"83,8{NBSP}%", "Öka"]


def test_assessment_shows_symbol_and_text(soup: BeautifulSoup) -> None:
    table = _table(soup, "Indikatorer")
    assert _tag(table.select("thead th")[-1]).get_text() == "Bedömning"
    cell = _row(table, "Andel godkända").find_all("td")[-1]
    symbol = _tag(cell.find(class_="symbol"))
    assert symbol.get_text() == "✔"
    assert symbol["aria-hidden"] == "true"
    assert cell.get_text(" ", strip=True) == "✔ Uppfyllt"
    assert _row(table, "Antal deltagare").find_all("td")[-1].get_text(" ", strip=True) == (
        "✘ Ej uppfyllt"
    )
    assert _row(table, "Kvinnor").find_all("td")[-1].get_text() == ""


def test_footnote_links_resolve(soup: BeautifulSoup) -> None:
    links = soup.select("sup a")
    # a label, a cell and a missing value in one table; a label and a missing value in the other
    assert len(links) == 5
    for link in links:
        target = _tag(soup.find(id=str(link["href"]).removeprefix("#")))
        assert target.name == "li"
        assert link["aria-label"] == f"Fotnot {link.get_text()}"
        assert target["value"] == link.get_text()
    intakter = _row(_table(soup, "Driftredovisning"), "Intäkter")
    assert _tag(intakter.th).find("a", href="#driftredovisning-fn-1") is not None


def test_every_internal_link_resolves(soup: BeautifulSoup) -> None:
    for link in soup.find_all("a", href=True):
        href = str(link["href"])
        assert href.startswith("#")
        assert soup.find(id=href[1:]) is not None, href


def test_footnotes_listed_below_table(soup: BeautifulSoup) -> None:
    block = _tag(_table(soup, "Driftredovisning").find_parent(class_="table-block"))
    items = _tag(block.find("ol", class_="footnotes")).find_all("li")
    assert [li.get_text() for li in items] == [  # in reading order, a missing value's reason too
        "Inklusive statsbidrag.",
        MISSING_REASON + ".",
        "Andelen beräknas inte för små belopp.",
    ]
    comment = _tag(block.find(class_="table-comment"))
    assert _tag(comment.find("strong")).get_text() == "underskott"


def test_plain_strings_are_escaped(soup: BeautifulSoup, html: str) -> None:
    assert soup.find("script") is None
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    row = _row(_table(soup, "Driftredovisning"), "Övrigt")
    assert _tag(row.th).get_text() == SCRIPT_LABEL


def test_observations(soup: BeautifulSoup) -> None:
    section = _tag(soup.find("section", id="arbete"))
    block = _tag(section.find(class_="observations"))
    headings = block.find_all("h4")
    assert [h.get_text() for h in headings] == ["Positiva iakttagelser", "Förbättringsområden"]
    positive = _tag(headings[0].find_next_sibling("ul"))
    assert [li.get_text() for li in positive.find_all("li")] == [
        "Fler har fått arbete.",
        "Kortare väntetider.",
    ]
    assert _tag(headings[1].find_next_sibling("p")).get_text() == "Inga angivna."


def test_observation_summary(soup: BeautifulSoup) -> None:
    table = _table(soup, "Sammanfattande iakttagelser per målområde")
    columns = [th.get_text() for th in table.select("thead th")]
    assert columns == ["Målområde", "Positiva iakttagelser", "Förbättringsområden"]
    row = _row(table, "Arbete")
    assert _tag(row.th)["scope"] == "row"
    positive, improvements = row.find_all("td")
    assert len(positive.find_all("li")) == 2
    assert improvements.find("ul") is None
    assert _tag(improvements.find(class_="visually-hidden")).get_text() == "Inga angivna"


def test_goals(soup: BeautifulSoup) -> None:
    articles = _tag(soup.find("section", id="arbete")).find_all("article")
    assert len(articles) == 2
    goal = articles[0]
    heading = _tag(goal.find("h4"))
    assert _tag(heading.find(class_="goal-kicker")).get_text() == "Kommunfullmäktiges mål:"
    assert _tag(heading.find(class_="goal-text")).get_text() == "Fler människor i arbete"
    assert _tag(goal.find(class_="stance")).get_text() == "Nämndens åtagande"
    assert "vuxenutbildningen" in goal.get_text()

    commitment = _tag(goal.find(class_="commitment"))
    title = "Fler ska gå vidare till arbete eller studier"
    assert _tag(commitment.find("h5")).get_text() == title
    assessment = _tag(commitment.find(class_="assessment"))
    assert assessment.get_text(" ", strip=True) == "Bedömning: ◐ Delvis uppfyllt"
    assert _tag(assessment.find(class_="symbol"))["aria-hidden"] == "true"
    indicators = [li.get_text() for li in _tag(commitment.find("ul")).find_all("li")]
    assert indicators == ["Andel godkända kurser", "Antal deltagare"]
    assert _tag(commitment.find("em")).get_text() == "delvis"

    assert "Bedöms inte som relevant" in articles[1].get_text()
    assert articles[1].find(class_="commitment") is None


def test_directions(soup: BeautifulSoup) -> None:
    directions = _tag(soup.find(class_="directions"))
    assert _tag(directions.find("h4")).get_text() == "Kommunfullmäktiges inriktningar"
    direction = _tag(directions.find(class_="direction"))
    assert _tag(direction.find("h5")).get_text() == "Samverkan med näringslivet ska öka"
    assert "branschråd" in direction.get_text()


def test_empty_report_renders(report: ReportModel) -> None:
    html = render_html(dataclasses.replace(report, sections=()))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("main") is not None
    assert soup.find("section") is None


# Charts


def _trend(ident: str, title: str) -> Chart:
    values = (Decimal("29.5"), None, Decimal("32.0"))
    return Chart(
        id=ident,
        kind=ChartKind.TREND,
        title=title,
        categories=("2018", "2019", "2020"),
        series=(ChartSeries("Totalt", values),),
        unit="procent",
        decimals=1,
        description=f"Linjediagram: {title}, 2018–2020. Totalt: 2018 29,5 %, 2020 32,0 %.",
    )


DEVIATION = Chart(
    id="avvikelse-drift",
    kind=ChartKind.DIVERGING,
    title="Avvikelse mot budget <per enhet>",
    categories=("Försörjning", "Arbetsmarknad"),
    series=(ChartSeries("Avvikelse", (Decimal(-9704), Decimal(6978))),),
    unit="tkr",
    decimals=0,
    description="Stapeldiagram över avvikelse mot budget.",
)
TRENDS = ChartGroup(
    "diagram-arbete",
    "Utvecklingen för indikatorerna",
    (_trend("trend-godkanda", "Andel godkända kurser"), _trend("trend-arbete", "Andel i arbete")),
)


@pytest.fixture(scope="module")
def chart_report(report: ReportModel) -> ReportModel:
    """The test report with a chart in section 2.1 and a group of charts in section 4."""

    def add(section: Section) -> Section:
        subsections = tuple(add(s) for s in section.subsections)
        blocks = section.blocks
        if section.id == "ekonomi-drift":
            blocks = (*blocks, DEVIATION)
        elif section.id == "arbete":
            blocks = (*blocks, TRENDS)
        return dataclasses.replace(section, blocks=blocks, subsections=subsections)

    return dataclasses.replace(report, sections=tuple(add(s) for s in report.sections))


@pytest.fixture(scope="module")
def chart_images() -> ChartImages:
    return ChartImages()


@pytest.fixture(scope="module")
def chart_html(chart_report: ReportModel, chart_images: ChartImages) -> str:
    return render_html(chart_report, chart_images)


@pytest.fixture(scope="module")
def chart_soup(chart_html: str) -> BeautifulSoup:
    return BeautifulSoup(chart_html, "html.parser")


def _figure(soup: BeautifulSoup, title: str) -> Tag:
    for caption in soup.find_all("figcaption"):
        if caption.get_text() == title:
            return _tag(caption.find_parent("figure"))
    raise AssertionError(f"no figure captioned {title!r}")


def test_chart_is_a_figure_with_caption_and_inline_svg(chart_soup: BeautifulSoup) -> None:
    section = _tag(chart_soup.find("section", id="ekonomi-drift"))
    figure = _figure(chart_soup, DEVIATION.title)
    assert figure.find_parent("section") is section
    children = [c.name for c in figure.find_all(recursive=False)]
    assert children == ["figcaption", "svg"]
    svg = _tag(figure.svg)
    assert svg["role"] == "img"
    title_id, desc_id = str(svg["aria-labelledby"]).split()
    assert _tag(svg.find(id=title_id)).get_text() == DEVIATION.title
    assert _tag(svg.find(id=desc_id)).get_text() == DEVIATION.description
    assert f"{MINUS}9{NBSP}704" in [t.get_text() for t in svg.find_all("text")]


def test_chart_group_is_a_labelled_grid_of_figures(chart_soup: BeautifulSoup) -> None:
    group = _tag(chart_soup.find(id=TRENDS.id))
    assert group["role"] == "group"
    heading = _tag(chart_soup.find(id=str(group["aria-labelledby"])))
    assert heading.name == "h4"  # section 4.1 is h3
    assert heading.get_text() == TRENDS.title
    grid = _tag(group.find(class_="chart-grid"))
    captions = [_tag(f.figcaption).get_text() for f in grid.find_all("figure")]
    assert captions == [c.title for c in TRENDS.charts]
    assert len(grid.find_all("svg")) == 2


def test_chart_markup_is_escaped_and_ids_unique(chart_soup: BeautifulSoup, chart_html: str) -> None:
    assert "Avvikelse mot budget &lt;per enhet&gt;" in chart_html
    ids = [str(tag["id"]) for tag in chart_soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_charts_are_drawn_by_the_given_images(chart_html: str, chart_images: ChartImages) -> None:
    for chart in (DEVIATION, *TRENDS.charts):
        assert chart_images.svg(chart) in chart_html


def test_chart_styles(chart_soup: BeautifulSoup) -> None:
    style = _tag(chart_soup.find("style")).get_text()
    assert ".chart-grid" in style
    assert "grid-template-columns" in style
    print_rules = style[style.index("@media print") :]
    assert "break-inside: avoid" in print_rules
    assert ".chart" in print_rules
