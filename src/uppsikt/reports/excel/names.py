"""Sheet names of the workbook: a table's caption made short, valid and unique.

Excel allows at most 31 characters (counted in UTF-16 code units), none of ``[ ] : * ? / \\``,
no apostrophe first or last, and no two names that differ only in case; 'History' is reserved.
A caption that is too long is cut between words, never inside one, and a cut does not end on a
word such as 'och' or 'per' or on the first half of a compound ('Vuxenutbildnings-'). When the
caption's first clause does not fit, a later clause that does names the sheet ('Nettokostnad per
enhet'). Two tables that would get the same name are told apart by another clause of the
caption, or else by a number: 'Intraprenadernas resultat (2)'.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

CONTENTS_SHEET = "Innehåll"
SHEET_NAME_MAX = 31
"""Excel's limit, counted in UTF-16 code units."""
RESERVED = frozenset({CONTENTS_SHEET.casefold(), "history"})
FALLBACK = "Tabell"
"""The name of a sheet whose caption has nothing to name it by."""

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_CLAUSES = re.compile(r",\s+|\s+[–—-]\s+|;\s+")
"""Where a caption divides into clauses."""
_PARTS = re.compile(r"\s+och\s+")
"""Where a clause divides into parts that may name a sheet when the caption's name is taken."""
_LOOSE_ENDS = frozenset(
    {
        "och", "eller", "samt", "i", "på", "av", "per", "för", "från", "med", "mot", "till",
        "inom", "om", "under", "över", "vid", "efter", "som", "en", "ett", "den", "det", "de",
    }
)  # fmt: skip
"""Words a shortened name must not end on."""
_TRIM = " -–—,.;'"


def sheet_names(captions: Iterable[str]) -> list[str]:
    """A valid, unique sheet name for each caption, in order."""
    used = set(RESERVED)
    names: list[str] = []
    for caption in captions:
        candidates = _candidates(caption)
        name = next((c for c in candidates if c.casefold() not in used), "")
        number = 2
        while not name:
            suffix = f" ({number})"
            trial = _shorten(candidates[0], SHEET_NAME_MAX - _utf16_len(suffix)) + suffix
            name = "" if trial.casefold() in used else trial.strip()
            number += 1
        used.add(name.casefold())
        names.append(name)
    return names


def sheet_name(caption: str) -> str:
    """The best sheet name for ``caption`` alone: no forbidden characters, at most 31 long."""
    return _candidates(caption)[0]


def _candidates(caption: str) -> list[str]:
    """Names for ``caption``, best first: the caption cut between words, or a later clause
    when the first does not fit; then the other clauses that fit whole."""
    text = _clean(caption)
    if _utf16_len(text) <= SHEET_NAME_MAX:
        return [text or FALLBACK]
    clauses = [c.strip(_TRIM) for c in _CLAUSES.split(text) if c.strip(_TRIM)]
    later = [_capitalised(c) for c in clauses[1:] if _fits(c)]
    parts = [_capitalised(p.strip(_TRIM)) for c in clauses for p in _PARTS.split(c)[1:]]
    cut = _shorten(text, SHEET_NAME_MAX) or FALLBACK
    best = [later[-1]] if later and not _fits(clauses[0]) else []
    return list(dict.fromkeys([*best, cut, *later, *(p for p in parts if _fits(p))]))


def _clean(caption: str) -> str:
    text = _FORBIDDEN.sub(" ", caption)
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split()).strip("'").strip()


def _shorten(text: str, limit: int) -> str:
    """``text`` cut between words to at most ``limit`` (UTF-16) long, not ending on a loose
    word; a first word longer than ``limit`` is cut inside."""
    if _utf16_len(text) <= limit:
        return text.strip(_TRIM) or text
    words = text.split(" ")
    kept: list[str] = []
    for word in words:
        if _utf16_len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    while len(kept) > 1 and (kept[-1].casefold() in _LOOSE_ENDS or kept[-1].endswith("-")):
        kept.pop()
    shortened = " ".join(kept).strip(_TRIM)
    return shortened or _truncate(text, limit).strip(_TRIM)  # one word longer than the limit


def _fits(text: str) -> bool:
    return 0 < _utf16_len(text) <= SHEET_NAME_MAX


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-16 code units (Excel's measure)."""
    while _utf16_len(text) > limit:
        text = text[:-1]
    return text


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
