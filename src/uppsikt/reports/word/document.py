"""The report as a Word document, built on a template the municipality can make its own.

The template (.docx or .dotx) decides the look: fonts, colours, headers and footers, page
size and margins, through its named styles. uppsikt empties its body and writes the report
with those styles: a cover, a table of contents written out (``word.contents``) that Word can
update, headings Word's navigation pane shows, tables with captions, repeating header rows and
footnotes, and the charts as pictures with their text alternatives. The kommun's graphic
profile (typeface, colour) is applied to the default template; a template of the kommun's own
carries its profile itself. A template that lacks a style uppsikt needs is refused with a
message that names the styles, rather than producing a document that looks wrong.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from importlib import resources
from io import BytesIO
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Cm

from uppsikt.reports.charts.images import ChartImages
from uppsikt.reports.cover import cover
from uppsikt.reports.model import Meta, ReportModel, Section
from uppsikt.reports.word import package, wml, xml
from uppsikt.reports.word.blocks import add_block
from uppsikt.reports.word.contents import fill_contents
from uppsikt.reports.word.footnotes import Footnotes
from uppsikt.reports.word.profile import apply_profile
from uppsikt.reports.word.styles import Style, StyleIndex
from uppsikt.reports.word.wml import Element
from uppsikt.reports.word.writer import Writer, style_types

REQUIRED_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "Caption",
    "List Bullet",
    "List Number",
)
"""Styles a template of its own must define; they carry the municipality's graphic profile.
The auxiliary styles (Heading 5–6, TOC Heading, Footnote Text, Footnote Reference,
uppsikt-tabell, uppsikt-tabelltext) are taken from the default template when it lacks them."""
SWEDISH_STYLE_NAMES = {
    "Title": "Rubrik",
    "Subtitle": "Underrubrik",
    "Heading 1": "Rubrik 1",
    "Heading 2": "Rubrik 2",
    "Heading 3": "Rubrik 3",
    "Heading 4": "Rubrik 4",
    "Caption": "Beskrivning",
    "List Bullet": "Punktlista",
    "List Number": "Numrerad lista",
}
"""What Swedish Word calls the required styles, for the error message."""
LANGUAGE = "sv-SE"
TOC_HEADING = "Innehåll"
SHORT_LIST = 6
"""Lists of at most this many items are kept on one page."""
LOGO_WIDTH = Cm(4)
_TEMPLATE_TYPE = b"wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"wordprocessingml.document.main+xml"


class TemplateError(ValueError):
    """The Word template or the logo cannot be used; the message says why, in Swedish, and
    ``path`` is the file at fault."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


def default_template() -> bytes:
    """The neutral template shipped with uppsikt."""
    return (resources.files("uppsikt.reports") / "templates" / "uppsikt-mall.docx").read_bytes()


def render_docx(
    report: ReportModel, images: ChartImages, template: Path | None = None, logo: Path | None = None
) -> bytes:
    """The report as a .docx file built on ``template`` (the default template when None)."""
    document = load_template(template)
    logo_data = read_logo(logo) if logo is not None else None
    meta = report.meta
    if template is None:
        apply_profile(document.styles.element, meta.profile)
    writer = _prepare(document, images)
    _cover(writer, meta, logo_data)
    contents = _contents(writer)
    for index, section in enumerate(report.sections):
        _section(writer, section, 1, page_break=index == 0)
    fill_contents(writer, contents)
    keep_short_lists(writer)
    colophon = cover(meta).colophon
    if colophon:  # at the end, not on the cover's face
        writer.paragraph(colophon, "Footnote Text", space_before=Cm(1))
    writer.pictures.complete()  # the charts' pictures, drawn meanwhile in a worker process
    _section_properties_last(document)
    _properties(document, meta)
    return package.save(document)


# --- template and logo ---------------------------------------------------------------------


def load_template(template: Path | None) -> Document:
    """The template as a document, checked to have every required style."""
    if template is None:
        return docx.Document(BytesIO(default_template()))
    try:
        data = template.read_bytes()
    except OSError as exc:
        message = f"Wordmallen {template} kan inte läsas: {exc.strerror}."
        raise TemplateError(message, template) from exc
    try:
        document = docx.Document(BytesIO(_as_document(data)))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise TemplateError(
            f"Wordmallen {template} är ingen giltig Word-fil (.docx eller .dotx). Spara mallen "
            "i Word som Word-dokument eller Word-mall och försök igen.",
            template,
        ) from exc
    index = StyleIndex(document.styles.element)
    missing = [
        name for name in REQUIRED_STYLES if index.find(name, WD_STYLE_TYPE.PARAGRAPH) is None
    ]
    if missing:
        names = ", ".join(
            f"«{name}»" + (f" ({SWEDISH_STYLE_NAMES[name]})" if name in SWEDISH_STYLE_NAMES else "")
            for name in missing
        )
        raise TemplateError(
            f"Wordmallen {template} saknar formatmallarna {names}. Lägg till formatmallarna "
            f"{names} i mallen, eller ta bort «wordmall» ur uppsikt.yaml för att använda "
            "standardmallen.",
            template,
        )
    return document


def _as_document(data: bytes) -> bytes:
    """A Word template (.dotx) declared as a document, which python-docx can open."""
    with zipfile.ZipFile(BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if _TEMPLATE_TYPE not in types:
            return data
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    content = content.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
                target.writestr(item, content)
    return out.getvalue()


def read_logo(logo: Path) -> bytes:
    """The logo's bytes, checked to be a PNG or JPEG image."""
    try:
        data = logo.read_bytes()
    except OSError as exc:
        raise TemplateError(f"Logotypen {logo} kan inte läsas: {exc.strerror}.", logo) from exc
    if not data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        raise TemplateError(
            f"Logotypen {logo} är ingen PNG- eller JPEG-bild. Spara logotypen som PNG eller "
            "JPEG och ange den filen under «logotyp» i uppsikt.yaml.",
            logo,
        )
    return data


def _prepare(document: Document, images: ChartImages) -> Writer:
    """Empty the template's body and give it what the report needs: the auxiliary styles,
    Swedish as default language, a footnotes part and updating of fields on opening."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    index, styles = _resolve_styles(document)
    xml.set_default_language(document.styles.element, LANGUAGE)
    settings = document.settings.element
    xml.enable_update_fields(settings)
    footnotes = Footnotes(
        document.part,
        styles["Footnote Text"].style_id,
        styles["Footnote Reference"].style_id,
    )
    footnotes.declare_in(settings)
    pictures = package.Pictures(document)
    return Writer(document, images, index, styles, footnotes, pictures, body)


def _resolve_styles(document: Document) -> tuple[StyleIndex, dict[str, Style]]:
    """Every style the renderer uses; auxiliary styles missing from a template of the
    municipality's own are copied from the default template."""
    target = document.styles.element
    index = StyleIndex(target)
    default: StyleIndex | None = None
    found: dict[str, Style] = {}
    for name, style_type in style_types().items():
        style = index.find(name, style_type)
        if style is None:
            if default is None:
                default = StyleIndex(docx.Document(BytesIO(default_template())).styles.element)
            source = default.find(name, style_type)
            if source is None:  # pragma: no cover - the default template has every style
                raise TemplateError(f"Standardmallen saknar formatmallen «{name}».")
            xml.copy_style(target, default.root, source.style_id)
            index = StyleIndex(target)  # the copy, and the bases it brought along
            style = index.find(name, style_type)
            if style is None:  # pragma: no cover - the copy keeps its name and type
                raise TemplateError(f"Formatmallen «{name}» kunde inte kopieras.")
        found[name] = style
    return index, found


def _section_properties_last(document: Document) -> None:
    """The body's section properties moved after the content, where the schema wants them
    (the content was appended after them)."""
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    if section is not None:
        body.append(section)


# --- content -------------------------------------------------------------------------------


def _cover(writer: Writer, meta: Meta, logo: bytes | None) -> None:
    if logo is not None:
        alt = f"{meta.kommun}s logotyp"
        writer.pictures.add(writer.paragraph(), lambda: logo, LOGO_WIDTH, alt, "Logotyp")
    texts = cover(meta)
    writer.paragraph(texts.kommun, "Subtitle", space_before=Cm(5))
    writer.paragraph(texts.title, "Title")
    writer.paragraph(texts.namnd, "Subtitle")
    if texts.year:
        writer.paragraph(texts.year, "Subtitle")
    writer.paragraph(texts.decision, space_before=Cm(1))
    if texts.diarienummer:
        writer.paragraph(texts.diarienummer)


def _contents(writer: Writer) -> Element:
    """The contents' heading and the paragraph the list takes the place of."""
    writer.paragraph(TOC_HEADING, "TOC Heading", page_break=True)
    return writer.paragraph()


def _section(writer: Writer, section: Section, level: int, *, page_break: bool = False) -> None:
    title = f"{section.number} {section.title}" if section.number else section.title
    writer.heading(title, level, page_break=page_break)
    for block in section.blocks:
        add_block(writer, block, level)
    for sub in section.subsections:
        _section(writer, sub, level + 1)


def keep_short_lists(writer: Writer) -> None:
    """Keep every item of a short list but the last with the next, so that Word moves the whole
    list to the next page rather than split it."""
    list_styles = {writer.style_id("List Bullet"), writer.style_id("List Number")}
    run: list[Element] = []
    for element in [*writer.root.iterchildren(), None]:
        style = wml.style_of(element) if element is not None and element.tag == wml.P else None
        if style in list_styles:
            run.append(element)
            continue
        if 1 < len(run) <= SHORT_LIST:
            for item in run[:-1]:
                wml.keep_with_next(item)
        run = []


def _properties(document: Document, meta: Meta) -> None:
    title = f"{meta.shown_title} – {meta.namnd}"
    props = document.core_properties
    props.title = title
    props.subject = f"{meta.title} för {meta.namnd}, {meta.kommun}"
    props.author = meta.kommun
    props.language = LANGUAGE
    props.keywords = f"{meta.report_type}; {meta.year}; {meta.kommun}"
    props.comments = f"Skapad med {meta.generated_by}." if meta.generated_by else ""
    props.last_modified_by = meta.generated_by or "uppsikt"
    props.revision = 1
    now = datetime.now(UTC).replace(microsecond=0)
    props.created = now
    props.modified = now
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header):
            if not part.is_linked_to_previous:
                xml.set_simple_field_text(part._element, "TITLE", title)
