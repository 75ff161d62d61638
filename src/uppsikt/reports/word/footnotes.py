"""The footnotes part of a Word document: python-docx has none, so it is written as XML.

A template's footnotes part is reused (its own footnotes belong to its cleared body) or, when
it has none, a part with the two separators Word expects is added.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from lxml import etree  # type: ignore[import-untyped]  # python-docx's XML library, untyped

from uppsikt.reports.word import wml
from uppsikt.reports.word.wml import Element, W
from uppsikt.reports.word.xml import SETTINGS_ORDER, child_in_order, new_element

# python-docx has no part class for footnotes: load an existing footnotes part as XML so that
# it can be edited like the parts python-docx knows.
PartFactory.part_type_for.setdefault(CT.WML_FOOTNOTES, XmlPart)


_FOOTNOTE, _ID = W + "footnote", W + "id"


_SEPARATORS = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


class Footnotes:
    """The footnotes part of a document, added when the template has none."""

    def __init__(self, document_part: Any, text_style_id: str, reference_style_id: str) -> None:
        self.text_style_id = text_style_id
        self.reference_style_id = reference_style_id
        part = None
        for rel in document_part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                part = rel.target_part
        if not isinstance(part, XmlPart):
            if part is not None:  # an unparsed part of an unexpected kind: replace it
                document_part.drop_rel(_rel_id(document_part, part))
            part = XmlPart(
                _free_partname(document_part.package, "/word/footnotes.xml"),
                CT.WML_FOOTNOTES,
                parse_xml(_SEPARATORS),
                document_part.package,
            )
            document_part.relate_to(part, RT.FOOTNOTES)
        self.root: Element = part.element
        # The template's own footnotes belong to its (cleared) body.
        for note in self.root.findall(qn("w:footnote")):
            if note.get(qn("w:type")) in (None, "normal"):
                self.root.remove(note)
        self.separator_ids = [note.get(qn("w:id")) for note in self.root]
        self._next_id = 1 + max((int(i) for i in self.separator_ids if i is not None), default=0)

    def add(self, text: str) -> int:
        """Add a footnote with ``text``; return its id for the ``w:footnoteReference``."""
        footnote_id = self._next_id
        self._next_id += 1
        note = etree.SubElement(self.root, _FOOTNOTE, {_ID: str(footnote_id)})
        paragraph = wml.paragraph(note, self.text_style_id)
        mark = wml.run(paragraph, style_id=self.reference_style_id)
        etree.SubElement(mark, W + "footnoteRef")
        text_run = wml.run(paragraph)
        etree.SubElement(text_run, wml.T, {wml.XML_SPACE: "preserve"}).text = " " + text
        return footnote_id

    def declare_in(self, settings: Element) -> None:
        """Name the separator footnotes in the settings, as Word does."""
        footnote_pr = child_in_order(settings, "footnotePr", SETTINGS_ORDER)
        for child in footnote_pr.findall(qn("w:footnote")):
            footnote_pr.remove(child)
        for footnote_id in self.separator_ids:
            if footnote_id is not None:
                footnote_pr.append(new_element("w:footnote", {qn("w:id"): footnote_id}))


def _rel_id(source_part: Any, target: Any) -> str:
    for rel_id, rel in source_part.rels.items():
        if not rel.is_external and rel.target_part is target:
            return str(rel_id)
    raise KeyError(target)


def _free_partname(package: Any, wanted: str) -> PackURI:
    taken = {str(part.partname) for part in package.iter_parts()}
    if wanted not in taken:
        return PackURI(wanted)
    stem = wanted.removesuffix(".xml")
    number = 2
    while f"{stem}{number}.xml" in taken:
        number += 1
    return PackURI(f"{stem}{number}.xml")
