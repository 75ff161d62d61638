"""The Word package's pictures and the .docx file itself.

python-docx looks for an identical picture by hashing every picture already in the package,
and numbers drawings by searching the whole body, for each picture it adds; a report with two
hundred charts spent seconds there. Here each picture becomes a part once (identical pictures
share it) and drawings are numbered by a counter. The package is deflated at the fastest
level: the charts' PNG files, most of its size, are barely compressed (deflating halves them),
and zlib's default level makes the file only a few per cent smaller at twice the time.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from io import BytesIO
from typing import Any
from xml.sax.saxutils import quoteattr

from docx.document import Document
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PACKAGE_URI, PackURI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.parts.image import ImagePart
from lxml import etree  # type: ignore[import-untyped]  # python-docx's XML library, untyped

from uppsikt.reports.word.wml import Element, R, SubElement, W

DEFLATE_LEVEL = 1
"""zlib's fastest level (its default is 6)."""
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
_EXTENT, _EXT = f"{_WP}extent", f".//{_A}xfrm/{_A}ext"
_BLIP, _NAME = f".//{_A}blip", f".//{_PIC}cNvPr"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"

_INLINE = (
    '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<wp:extent cx="0" cy="0"/>'
    '<wp:docPr id="{id}" name="Picture {id}" descr={descr} title={title}/>'
    '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name=""/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed=""/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm>'
    '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    "</wp:inline>"
)


class Pictures:
    """The pictures of one document: each image a part of the package once, each drawing
    numbered. A picture's data is asked for only when the document is complete
    (``complete``), so that the body is written while the charts' PNG files are still being
    drawn in a worker process."""

    def __init__(self, document: Document) -> None:
        self.part = document.part
        package = self.part.package
        self._taken = {str(part.partname) for part in package.iter_parts()}
        self._parts: dict[bytes, tuple[str, Image]] = {}
        self._pending: list[tuple[Element, Callable[[], bytes], int]] = []
        self._next_rid = 1

    def add(
        self,
        parent: Element,
        data: Callable[[], bytes],
        width: int,
        description: str,
        title: str,
    ) -> Element:
        """A run in ``parent`` showing the picture ``data()`` returns (PNG or JPEG),
        ``width`` EMU wide and its height in proportion, with ``description`` and ``title`` as
        its alternative text."""
        inline = etree.fromstring(
            _INLINE.format(
                id=len(self._pending) + 1, descr=quoteattr(description), title=quoteattr(title)
            )
        )
        run = SubElement(parent, R)
        SubElement(run, W + "drawing").append(inline)
        self._pending.append((inline, data, width))
        return run

    def complete(self) -> None:
        """Every picture added: its data made a part of the package, its size and reference
        written into its drawing (in the order added, so that the parts are numbered in
        reading order)."""
        for inline, data, width in self._pending:
            rid, image = self._image(data())
            cx, cy = (str(int(length)) for length in image.scaled_dimensions(width, None))
            for extent in (inline.find(_EXTENT), inline.find(_EXT)):
                extent.set("cx", cx)
                extent.set("cy", cy)
            inline.find(_BLIP).set(_EMBED, rid)
            inline.find(_NAME).set("name", image.filename)
        self._pending.clear()

    def _image(self, data: bytes) -> tuple[str, Image]:
        known = self._parts.get(data)
        if known is None:
            image = Image.from_blob(data)
            number = 1
            while f"/word/media/image{number}.{image.ext}" in self._taken:
                number += 1
            name = f"/word/media/image{number}.{image.ext}"
            self._taken.add(name)
            part = ImagePart.from_image(image, PackURI(name))
            known = (self._relate(part), image)
            self._parts[data] = known
        return known

    def _relate(self, part: ImagePart) -> str:
        """A relationship of the document to the new picture ``part``, under the first free
        id (as python-docx numbers them, without its search for an existing one)."""
        rels = self.part.rels
        while f"rId{self._next_rid}" in rels:
            self._next_rid += 1
        rid = f"rId{self._next_rid}"
        rels.add_relationship(RT.IMAGE, part, rid)
        return rid


def save(document: Document) -> bytes:
    """The document as a .docx file."""
    package: Any = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=DEFLATE_LEVEL) as archive:
        types = _ContentTypesItem.from_parts(parts)  # type: ignore[no-untyped-call]
        archive.writestr("[Content_Types].xml", types.blob)
        archive.writestr(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            archive.writestr(part.partname.membername, part.blob)
            if len(part.rels):
                archive.writestr(part.partname.rels_uri.membername, part.rels.xml)
    return out.getvalue()
