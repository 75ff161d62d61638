"""The kommun's graphic profile on the styles of the default Word template.

The typeface is named on every style and on the document defaults, so all text is set in it
(Word substitutes a similar face where it is not installed); the headings and the title take
the profile's colour. Only the styles change: the report's paragraphs keep naming styles.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from uppsikt.model.settings import Profile
from uppsikt.reports.word import xml
from uppsikt.reports.word.wml import Element

_FONT_ATTRIBUTES = ("ascii", "hAnsi", "eastAsia", "cs")
_COLOURED_STYLES = frozenset({"title", "toc heading", *(f"heading {n}" for n in range(1, 7))})
"""Styles (by name, as Word spells them in lower case) that take the profile's colour."""
_STYLE_ORDER = (
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
)


def apply_profile(styles: Element, profile: Profile) -> None:
    """Set ``profile``'s typeface on every style and its colour on the headings."""
    defaults = xml.child_in_order(styles, "docDefaults", ("docDefaults", "latentStyles", "style"))
    rpr_default = xml.child_in_order(defaults, "rPrDefault", ("rPrDefault", "pPrDefault"))
    rpr = xml.child_in_order(rpr_default, "rPr", ("rPr",))
    xml.child_in_order(rpr, "rFonts", xml.RPR_ORDER)
    for fonts in styles.iter(qn("w:rFonts")):
        _set_font(fonts, profile.font)
    colour = profile.colour.removeprefix("#").upper()
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is None or str(name.get(qn("w:val"), "")).lower() not in _COLOURED_STYLES:
            continue
        style_rpr = xml.child_in_order(style, "rPr", _STYLE_ORDER)
        element = xml.child_in_order(style_rpr, "color", xml.RPR_ORDER)
        for attribute in ("themeColor", "themeTint", "themeShade"):
            element.attrib.pop(qn(f"w:{attribute}"), None)
        element.set(qn("w:val"), colour)


def _set_font(fonts: Element, font: str) -> None:
    for attribute in _FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(f"w:{attribute}Theme"), None)
        fonts.set(qn(f"w:{attribute}"), font)
