"""Finding figures written by hand in the narrative: "en hyra på 3,3 mnkr", "drygt 84 procent".

A written figure is a number with its unit (mnkr, tkr, kr, procent, procentenheter, or a count
with a noun), its sign (written, or implied by "underskott"/"överskott"), a qualifier
("drygt", "cirka" …) and the precision it is written with. Live references (``{{ … }}``) are
masked before the search: they are rendered from the data and are always right.
"""

from __future__ import annotations

import bisect
import enum
import re
import sys
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.checks.intervals import Interval
from uppsikt.compute.references import REFERENCE
from uppsikt.located.format import SWEDISH_MONTHS
from uppsikt.model.workspace import Workspace


class Unit(enum.Enum):
    """The unit a figure is written in."""

    MNKR = "mnkr"
    TKR = "tkr"
    KR = "kr"
    PERCENT = "procent"
    POINTS = "procentenheter"
    COUNT = "antal"

    @property
    def kronor(self) -> Decimal:
        """Kronor per unit for amounts; 1 for the others."""
        return {Unit.MNKR: Decimal(1_000_000), Unit.TKR: Decimal(1000)}.get(self, Decimal(1))

    @property
    def money(self) -> bool:
        return self in (Unit.MNKR, Unit.TKR, Unit.KR)


@dataclass(frozen=True, slots=True)
class Passage:
    """A piece of narrative: a Markdown file's body, an analysis in mal.yaml, a table comment."""

    file: str
    text: str
    first_line: int | None
    """1-based line of the file where ``text`` starts; None when unknown (YAML strings)."""
    place: str | None = None
    """Where in the file, for texts without a line: 'målområde 1', 'tabell enheter'."""
    heading: str = ""
    """Words that frame the whole passage (a målområde's name, a table's caption)."""
    table: str = ""
    """For a table comment: the id of the table it comments."""
    scope: frozenset[str] = frozenset()
    """Ids of the goal structure the passage is about: its åtagande, or its målområde."""


@dataclass(frozen=True, slots=True)
class WrittenFigure:
    """A figure as written in a passage."""

    passage: Passage
    text: str
    """As written, qualifier and unit included: 'drygt 84 procent'."""
    magnitude: Decimal
    """The number as written, without sign."""
    decimals: int
    """The precision as written: 1 for '3,3', 0 for '84', −2 for 'cirka 1 200'."""
    unit: Unit
    sign: int
    """+1 or −1 when a sign is written or implied ('underskott på'), 0 when not given."""
    explicit_sign: bool
    """Whether the sign is written as '+' or '−' (not implied by a word)."""
    qualifier: str
    """'drygt', 'knappt', 'cirka' …, or '' for none."""
    noun: str
    """For counts: the word after the number ('hushåll'); else ''."""
    start: int
    end: int
    """Offsets of the figure in the passage's text."""
    sentence: tuple[int, int]
    """Offsets of the sentence holding the figure."""

    @property
    def line(self) -> int | None:
        if self.passage.first_line is None:
            return None
        return self.passage.first_line + self.passage.text.count("\n", 0, self.start)

    def interval(self) -> Interval:
        """Every magnitude (in the figure's unit, without sign) the figure may stand for."""
        return qualified_interval(self.magnitude, self.decimals, self.qualifier)


APPROXIMATE = frozenset({"cirka", "ca", "ca.", "ungefär", "omkring", "runt", "kring"})
ABOVE = frozenset({"drygt", "strax över", "dryga"})
BELOW = frozenset({"knappt", "nästan", "närmare", "strax under", "uppemot"})
AT_LEAST = frozenset({"över", "mer än", "minst", "fler än"})
AT_MOST = frozenset({"under", "mindre än", "högst", "färre än"})
SLACK = Decimal("0.05")
"""'cirka X' may be X ± 5 %."""
NUDGE = Decimal("0.10")
"""'drygt X' may be up to 10 % above X, 'knappt X' up to 10 % below."""
UNBOUNDED = Decimal("1e15")


def qualified_interval(magnitude: Decimal, decimals: int, qualifier: str) -> Interval:
    """The magnitudes a figure written as ``qualifier magnitude`` may stand for."""
    rounded = Interval.from_rounded(magnitude, decimals)
    lo, hi = rounded.lo, rounded.hi
    if qualifier in APPROXIMATE:
        lo, hi = lo - SLACK * magnitude, hi + SLACK * magnitude
    elif qualifier in ABOVE:
        # 'drygt 84' is 84 or a little more: not less than the figure itself.
        lo, hi = magnitude, hi + NUDGE * magnitude
    elif qualifier in BELOW:
        lo, hi = lo - NUDGE * magnitude, magnitude
    elif qualifier in AT_LEAST:
        lo, hi = magnitude, UNBOUNDED
    elif qualifier in AT_MOST:
        lo, hi = Decimal(0), magnitude
    return Interval(max(lo, Decimal(0)), hi)


_SPACES = " \u00a0\u2009\u202f"
_NUMBER = re.compile(
    rf"(?<![\w,.\-−–/§])(?P<sign>[+−-]\s?)?"
    rf"(?P<num>\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d\w])"
)
_UNIT = re.compile(
    rf"[{_SPACES}]?(?P<unit>mnkr|mkr|miljoner kronor|miljoner kr|milj\. ?kr|tkr|tusen kronor"
    r"|kronor|kr|procentenheter|procentenhet|%|procent)(?![\w\-–])",
    re.IGNORECASE,
)
_NOUN = re.compile(rf"[{_SPACES}](?P<noun>[a-zåäöé]{{3,}})(?![\w\-])")
_UNIT_NAMES: dict[str, Unit] = {
    "mnkr": Unit.MNKR,
    "mkr": Unit.MNKR,
    "miljoner kronor": Unit.MNKR,
    "miljoner kr": Unit.MNKR,
    "milj. kr": Unit.MNKR,
    "milj.kr": Unit.MNKR,
    "tkr": Unit.TKR,
    "tusen kronor": Unit.TKR,
    "kronor": Unit.KR,
    "kr": Unit.KR,
    "procentenheter": Unit.POINTS,
    "procentenhet": Unit.POINTS,
    "%": Unit.PERCENT,
    "procent": Unit.PERCENT,
}
_QUALIFIER = re.compile(
    r"(?P<q>strax över|strax under|mer än|mindre än|fler än|färre än|drygt|dryga|knappt|cirka"
    r"|ca\.?|ungefär|omkring|runt|kring|nästan|närmare|uppemot|över|under|minst|högst)"
    r"\s+(?:på\s+|om\s+)?$",
    re.IGNORECASE,
)
_SIGN_WORD = re.compile(r"\b(?P<w>minus|plus|underskott\w*|överskott\w*)\b[^.\d]{0,25}$", re.I)
_NOT_A_COUNT = frozenset(
    [
        "och",
        "av",
        "till",
        "i",
        "på",
        "per",
        "mot",
        "eller",
        "som",
        "är",
        "var",
        "blir",
        "blev",
        "med",
        "för",
        "om",
        "under",
        "över",
        "än",
        "att",
        "det",
        "den",
        "de",
        "en",
        "ett",
        "år",
        "års",
        "åren",
        "åres",
        "gånger",
        "gång",
        "timmar",
        "veckor",
        "månader",
        "dagar",
        "minuter",
        *SWEDISH_MONTHS,
        "procent",
        "st",
        "respektive",
        "resp",
        "samt",
        "men",
        "ska",
        "kan",
        "har",
        "hade",
        "fick",
        "gick",
    ]
)
_NOT_A_FIGURE_BEFORE = re.compile(
    r"(målområde|målområdena|nivå|studieväg|kapitel|avsnitt|bilaga|sida|punkt|steg|mål|"
    r"fas|version|nr|nummer|paragraf|kl\.|skala från)\s*$",
    re.IGNORECASE,
)
_COUNT_CUE = re.compile(r"\bantal(?:et)?\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(ska|skall|målet|målvärde\w*|mål är)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9−+\-*])|\n\s*\n|\n(?=\s*(?:[-*|#]|\d+\.))")


def mask_references(text: str) -> str:
    """``text`` with every live reference blanked out, keeping offsets and line numbers."""
    return REFERENCE.sub(lambda m: re.sub(r"[^\n]", "\u2007", m.group(0)), text)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the sentences (and list items, table rows) of ``text``."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def extract(passage: Passage) -> list[WrittenFigure]:
    """Every written figure of a passage, outside live references, in order."""
    text = mask_references(passage.text)
    sentences = sentence_bounds(text)
    future = [_FUTURE.search(text[start:end]) is not None for start, end in sentences]
    figures: list[WrittenFigure] = []
    for match in _NUMBER.finditer(text):
        figure = _figure(passage, text, match, sentences, future)
        if figure is not None:
            figures.append(figure)
    return figures


def _figure(
    passage: Passage,
    text: str,
    match: re.Match[str],
    sentences: list[tuple[int, int]],
    future: list[bool],
) -> WrittenFigure | None:
    raw = match.group("num")
    digits = re.sub(f"[{_SPACES}]", "", raw).replace(",", ".")
    magnitude = Decimal(digits)
    decimals = len(digits.partition(".")[2])
    index = _sentence_of(sentences, match.start())
    if index is None:
        return None
    sentence = sentences[index]
    # Only the words just before a figure qualify it (every pattern on ``before`` is anchored
    # at its end): a bounded window keeps a long sentence with many figures linear.
    before_start = max(sentence[0], match.start() - _BEFORE_WINDOW)
    before = text[before_start : match.start()]
    if _is_list_marker(text, match) or _NOT_A_FIGURE_BEFORE.search(before):
        return None
    after = text[match.end() :]
    unit_match = _UNIT.match(after)
    noun = ""
    end = match.end()
    if unit_match is not None:
        unit = _UNIT_NAMES[unit_match.group("unit").lower()]
        end += unit_match.end()
    else:
        unit_or_none = _table_cell_unit(text, match)
        if unit_or_none is not None:
            unit = unit_or_none
        else:
            noun_match = _NOUN.match(after)
            if noun_match is not None and noun_match.group("noun") not in _NOT_A_COUNT:
                noun = noun_match.group("noun")
                end += noun_match.end()
            elif not _COUNT_CUE.search(before[-80:]):
                return None
            if _is_year(raw, magnitude):
                return None
            unit = Unit.COUNT
    if future[index]:
        return None
    qualifier_match = _QUALIFIER.search(before)
    qualifier = qualifier_match.group("q").lower() if qualifier_match else ""
    if qualifier in ("ca.",):
        qualifier = "ca"
    start = qualifier_match.start() + before_start if qualifier_match else match.start()
    sign = _sign(match.group("sign"), before)
    if qualifier in APPROXIMATE and decimals == 0 and magnitude >= 100:
        decimals = -_trailing_zeros(digits)
    return WrittenFigure(
        passage=passage,
        text=text[start:end].strip(),
        magnitude=magnitude,
        decimals=decimals,
        unit=unit,
        sign=sign,
        explicit_sign=bool(match.group("sign")),
        qualifier=qualifier,
        noun=noun,
        start=start,
        end=end,
        sentence=sentence,
    )


_BEFORE_WINDOW = 200
"""Characters before a figure searched for its qualifier, sign word or a «not a figure» cue."""


def _sentence_of(sentences: list[tuple[int, int]], offset: int) -> int | None:
    """The index of the sentence holding ``offset`` (the bounds are sorted: bisect)."""
    index = bisect.bisect_right(sentences, (offset, sys.maxsize)) - 1
    if index < 0:
        return None
    start, end = sentences[index]
    return index if start <= offset < max(end, start + 1) else None


def _sign(written: str | None, before: str) -> int:
    if written:
        return 1 if written.strip() == "+" else -1
    word = _SIGN_WORD.search(before)
    if word is None:
        return 0
    name = word.group("w").lower()
    return -1 if name.startswith(("minus", "underskott")) else 1


def _is_year(raw: str, magnitude: Decimal) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1900 <= magnitude <= 2100


def _trailing_zeros(digits: str) -> int:
    whole = digits.partition(".")[0]
    return min(len(whole) - len(whole.rstrip("0")), 2)


def _is_list_marker(text: str, match: re.Match[str]) -> bool:
    """'1.' at the start of a line is an item number, not a figure."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    return not text[line_start : match.start()].strip() and text[match.end() : match.end() + 1] in (
        ".",
        ")",
    )


def _table_cell_unit(text: str, match: re.Match[str]) -> Unit | None:
    """In a Markdown table, a bare number takes the unit of its column's header ('| tkr |')."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if not line.lstrip().startswith("|"):
        return None
    column = line[: match.start() - line_start].count("|") - 1
    header = _table_header(text, line_start)
    if header is None or not 0 <= column < len(header):
        return None
    return _UNIT_NAMES.get(header[column].strip().lower())


def _table_header(text: str, line_start: int) -> list[str] | None:
    lines = text[:line_start].split("\n")[:-1]
    block: list[str] = []
    for line in reversed(lines):
        if not line.lstrip().startswith("|"):
            break
        block.append(line)
    if len(block) < 2:
        return None
    return block[-1].strip().strip("|").split("|")


def table_row_label(text: str, offset: int) -> str:
    """The first cell of the Markdown table row at ``offset``, or '' outside tables."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    if not line.startswith("|"):
        return ""
    return line.strip("|").split("|")[0].strip()


def heading_before(text: str, offset: int) -> str:
    """The nearest Markdown heading above ``offset`` (without its '#'), or ''."""
    for line in reversed(text[:offset].split("\n")[:-1]):
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return ""


def passages(ws: Workspace) -> list[Passage]:
    """Every narrative passage of the workspace: text/*.md, mal.yaml, table comments."""
    found = [Passage(t.file, t.markdown, t.body_line, heading=t.title) for t in ws.texts]
    for area in ws.goals.areas:
        where = f"målområde {area.number}"
        texts = [(area.analysis, where, area.name, area.id)]
        for goal in area.goals:
            texts.append(
                (goal.description, f"{where}, {goal.id}", f"{area.name} {goal.text}", area.id)
            )
            texts += [(c.description, f"{where}, {c.id}", c.text, c.id) for c in goal.commitments]
        texts += [
            (d.contribution, f"{where}, inriktning", d.text, area.id) for d in area.directions
        ]
        texts += [
            (t, f"{where}, iakttagelse", area.name, area.id)
            for t in area.positive + area.improvements
        ]
        found += [
            Passage("mal.yaml", t, None, p, h, scope=frozenset({i}))
            for t, p, h, i in texts
            if t.strip()
        ]
    for table in ws.tables:
        if table.comment.strip():
            found.append(
                Passage(
                    table.file or "tabeller.yaml",
                    table.comment,
                    None,
                    f"tabell {table.id}",
                    table.caption,
                    table.id,
                )
            )
    return found
