"""The contents list of the Word document, written out when the document is built.

Word fills a TOC field only when someone updates it, and until then shows whatever the field
holds. So the field holds the finished list: once the body is written, every heading Word
would list (Heading 1 to 3) gets a bookmark, and the field's result becomes one paragraph per
heading in the template's TOC 1–3 styles, each a link to its heading. The document reads right
in any program that opens it; Word, asked to update the field, rebuilds the same list with page
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from uppsikt.reports.word import wml, xml
from uppsikt.reports.word.wml import Element
from uppsikt.reports.word.writer import Writer

TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
TOC_DEPTH = 3
BOOKMARK_IDS = 20_000
"""Bookmark ids of the headings, clear of those of footnote references."""


@dataclass(frozen=True, slots=True)
class Entry:
    level: int
    title: str
    bookmark: str


def fill_contents(writer: Writer, anchor: Element) -> list[Entry]:
    """Replace the empty paragraph ``anchor`` by the contents list of every heading after it;
    the headings get the bookmarks the list links to. Returns the entries, in order."""
    levels = {writer.style_id(f"Heading {n}"): n for n in range(1, TOC_DEPTH + 1)}
    entries: list[Entry] = []
    for element in anchor.itersiblings(wml.P):
        level = levels.get(wml.style_of(element) or "")
        if level is None:
            continue
        title = wml.text_of(element).strip()
        if not title:
            continue
        bookmark = f"_Toc{len(entries) + 1:08d}"
        xml.bookmark_paragraph(element, BOOKMARK_IDS + len(entries), bookmark)
        entries.append(Entry(level, title, bookmark))
    paragraphs = [_entry(writer, entry, anchor) for entry in entries] or [anchor]
    first = paragraphs[0]
    after_properties = 1 if len(first) and first[0].tag == wml.PPR else 0
    for run in reversed(xml.field_start(TOC_INSTRUCTION, dirty=True)):
        first.insert(after_properties, run)
    paragraphs[-1].append(xml.field_end())
    if entries:
        anchor.getparent().remove(anchor)
    return entries


def _entry(writer: Writer, entry: Entry, anchor: Element) -> Element:
    paragraph = wml.paragraph(anchor.getparent(), writer.style_id(f"TOC {entry.level}"))
    anchor.addprevious(paragraph)
    paragraph.append(xml.internal_link(entry.bookmark, entry.title))
    return paragraph
