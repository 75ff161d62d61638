"""The template's styles, indexed once: found by name and type, followed to their bases.

python-docx finds a style by name by wrapping and comparing every style of the template, each
time; a template has hundreds. The index reads ``styles.xml`` once and answers from
dictionaries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE

from uppsikt.reports.word.wml import NUM_ID, NUM_PR, PPR, VAL, Element, W

_TYPES = {
    "paragraph": WD_STYLE_TYPE.PARAGRAPH,
    "character": WD_STYLE_TYPE.CHARACTER,
    "table": WD_STYLE_TYPE.TABLE,
    "numbering": WD_STYLE_TYPE.LIST,
}
_STYLE, _NAME, _BASED_ON, _STYLE_ID = W + "style", W + "name", W + "basedOn", W + "styleId"


@dataclass(frozen=True, slots=True)
class Style:
    """One ``w:style`` of the template."""

    element: Element
    style_id: str
    name: str
    type: WD_STYLE_TYPE


class StyleIndex:
    """The styles of a ``w:styles`` element by (lower-case name, type) and by id. Word
    writes some names in lower case ('heading 1', 'footnote text'), so names are compared
    case-insensitively."""

    def __init__(self, styles: Element) -> None:
        self.root = styles
        self._by_name: dict[tuple[str, WD_STYLE_TYPE], Style] = {}
        self._by_id: dict[str, Style] = {}
        for element in styles.iterchildren(_STYLE):
            self.add(element)

    def add(self, element: Element) -> None:
        """Index the ``w:style`` ``element`` (one copied into the styles after indexing)."""
        name_element = element.find(_NAME)
        name = "" if name_element is None else str(name_element.get(VAL, ""))
        kind = _TYPES.get(str(element.get(W + "type", "paragraph")), WD_STYLE_TYPE.PARAGRAPH)
        style = Style(element, str(element.get(_STYLE_ID, "")), name, kind)
        self._by_name.setdefault((name.lower(), kind), style)
        self._by_id.setdefault(style.style_id, style)

    def find(self, name: str, kind: WD_STYLE_TYPE) -> Style | None:
        """The first style named ``name`` (in any case) of ``kind``, or None."""
        return self._by_name.get((name.lower(), kind))

    def lineage(self, style: Style) -> Iterator[Style]:
        """``style`` and the styles it is based on, nearest first."""
        seen: set[str] = set()
        current: Style | None = style
        while current is not None and current.style_id not in seen:
            yield current
            seen.add(current.style_id)
            based_on = current.element.find(_BASED_ON)
            current = None if based_on is None else self._by_id.get(str(based_on.get(VAL)))

    def numbered(self, style: Style) -> bool:
        """Whether Word numbers paragraphs of ``style`` (through the style or its bases)."""
        return any(s.element.find(f"{PPR}/{NUM_PR}") is not None for s in self.lineage(style))

    def font_size(self, style: Style) -> float | None:
        """The font size in points of ``style`` or the nearest base that sets one."""
        for current in self.lineage(style):
            size = current.element.find(f"{W}rPr/{W}sz")
            if size is not None and size.get(VAL) is not None:
                return int(str(size.get(VAL))) / 2
        return None

    def list_num_id(self, style: Style) -> int | None:
        """The numbering (``w:numId``) the style itself gives its paragraphs, or None."""
        num_id = style.element.find(f"{PPR}/{NUM_PR}/{NUM_ID}")
        return None if num_id is None else int(str(num_id.get(VAL)))
