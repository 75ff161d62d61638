"""The rule 'prognos-i-text' (UPP492): in a delårsrapport, the economy text calls the year's
forecast a surplus, a deficit or balance while the computed forecast deviation (prognos −
budget for the nämnd) says otherwise.

Words are a weak signal, so the rule is conservative and prefers missing a case to a false
alarm: it reads only sentences that speak of the forecast (a word such as «prognos» or
«helår»), and leaves out a sentence that holds a negation or a hedge («inte», «risk», «kan»),
another year or the period's outcome («hittills», «föregående år»), the accumulated result, a
part of the nämnd (a unit, a kontogrupp or a verksamhet by name), or words of two kinds
(«överskott … underskott»). Live references are masked: they are rendered from the data.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import Decimal

from uppsikt.checks.narrative_extract import mask_references, sentence_bounds
from uppsikt.compute.results import Computed
from uppsikt.located.diagnostics import Diagnostic, Location, Severity
from uppsikt.located.format import number
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.economy import Scenario
from uppsikt.model.narrative import TextSection
from uppsikt.model.workspace import Workspace
from uppsikt.workspace.forecasts import FORECASTS_FILE

CODE = "UPP492"
ECONOMY_SECTION = "ekonomi"
"""The economy section; a section that shows economic tables (``avsnitt`` in tabeller.yaml)
is read too."""


class Stance(enum.Enum):
    """What a sentence says of the forecast deviation."""

    SURPLUS = "överskott"
    DEFICIT = "underskott"
    BALANCE = "balans"


STANCE_WORDS: tuple[tuple[Stance, str], ...] = (
    (Stance.SURPLUS, r"överskott\w*"),
    (Stance.SURPLUS, r"positiva?\s+(?:budget)?avvikelse\w*"),
    (Stance.DEFICIT, r"underskott\w*"),
    (Stance.DEFICIT, r"negativa?\s+(?:budget)?avvikelse\w*"),
    (Stance.DEFICIT, r"budgetöverskridande\w*"),
    (Stance.DEFICIT, r"överskrid\w*\s+budget\w*"),
    (Stance.BALANCE, r"i\s+balans"),
    (Stance.BALANCE, r"i\s+nivå\s+med\s+budget\w*"),
    (Stance.BALANCE, r"enligt\s+budget\w*"),
    (Stance.BALANCE, r"håll\w*\s+budget\w*"),
)
"""The words for a forecast deviation, one definition: each a regular expression matched as
whole words, case-insensitively."""

FORECAST_CUE = r"prognos\w*|prognostiser\w*|helår\w*|årets\s+slut"
"""A sentence speaks of the forecast only with one of these."""
SKIPPED = (
    # negation and hedges: the sentence may say the opposite of its stance word
    r"inte|ej|icke|ingen|inget|inga|varken|utan|knappast|"
    r"risk\w*|kan|kunna|kunde|skulle|eventuell\w*|befar\w*|hotar|osäker\w*|"
    # another time than the year's forecast, or the accumulated result
    r"hittills|perioden|periodens|föregående|fjol\w*|förra|tidigare|"
    r"ackumulera\w*|ianspråk\w*"
)
"""A sentence with one of these is left unread."""

_STANCES = [(stance, re.compile(rf"\b(?:{word})\b", re.I)) for stance, word in STANCE_WORDS]
_CUE = re.compile(rf"\b(?:{FORECAST_CUE})\b", re.I)
_SKIPPED = re.compile(rf"\b(?:{SKIPPED})\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WORD = re.compile(r"[^\W\d_]{5,}")
GENERIC = frozenset(
    {"nämnd", "nämnden", "enhet", "enheten", "kostnader", "intäkter", "övriga", "gemensam"}
)
"""Words of a part's name too general to say that a sentence is about the part."""


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence's word for the forecast deviation, where it is written."""

    stance: Stance
    words: str
    line: int


def forecast_text_contradicts(ws: Workspace, computed: Computed) -> list[Diagnostic]:
    """UPP492: in a delårsrapport of one nämnd with a forecast for the year, a sentence of the
    economy text whose word for the forecast deviation the computed deviation contradicts:
    «överskott» where it is negative, «underskott» where it is positive (by a display unit or
    more), «i balans» where it is further from 0 than ``prognos.tröskel_procent`` of the
    budget."""
    settings = ws.settings
    organisation = ws.dimension(ORGANISATION)
    year = settings.year
    if (
        not settings.report_type.kind.interim
        or organisation is None
        or len(organisation.roots) != 1
        or not any(f.scenario is Scenario.FORECAST and f.year == year for f in ws.facts)
    ):
        return []
    namnd = organisation.roots[0]
    budget = computed.organisation.total(year, Scenario.BUDGET)
    deviation = computed.deviation
    unit = settings.display_unit
    limit = abs(budget) * settings.forecast.threshold_percent / 100
    parts = _part_words(ws, namnd.name)
    found: list[Diagnostic] = []
    for text in _economy_texts(ws):
        for said in statements(text, parts, year):
            if _contradicts(said.stance, deviation, Decimal(unit.kronor), limit):
                found.append(_diagnostic(ws, text, said, namnd.name, deviation, budget))
    return found


def _diagnostic(
    ws: Workspace,
    text: TextSection,
    said: Statement,
    name: str,
    deviation: Decimal,
    budget: Decimal,
) -> Diagnostic:
    unit = ws.settings.display_unit
    shown = number(deviation / unit.kronor, unit.decimals, signed=True)
    what = _what(said.stance, deviation, budget, ws.settings.forecast.threshold_percent)
    return Diagnostic(
        CODE,
        Severity.WARNING,
        f"Texten säger «{said.words}» om prognosen, men prognosen för {name} avviker från "
        f"budgeten med {shown} {unit.value} (prognos − budget): {what}.",
        Location(file=text.file, line=said.line),
        f"Rätta texten, eller prognosen i {FORECASTS_FILE}. Gäller meningen en del av "
        "nämnden, nämn delen (enheten, kontogruppen eller verksamheten) i meningen.",
    )


def statements(text: TextSection, parts: frozenset[str], year: int) -> list[Statement]:
    """The sentences of ``text`` that say one thing of the whole forecast deviation."""
    masked = mask_references(text.markdown)
    found: list[Statement] = []
    for start, end in sentence_bounds(masked):
        sentence = masked[start:end]
        if not _CUE.search(sentence) or _SKIPPED.search(sentence):
            continue
        if any(int(y) != year for y in _YEAR.findall(sentence)) or _names_part(sentence, parts):
            continue
        said = [(s, m) for s, pattern in _STANCES for m in pattern.finditer(sentence)]
        if not said or len({s for s, _ in said}) > 1:
            continue
        stance, first = min(said, key=lambda item: item[1].start())
        line = text.body_line + masked.count("\n", 0, start + first.start())
        found.append(Statement(stance, " ".join(first.group(0).split()), line))
    return found


def _contradicts(stance: Stance, deviation: Decimal, display: Decimal, limit: Decimal) -> bool:
    if stance is Stance.SURPLUS:
        return deviation <= -display
    if stance is Stance.DEFICIT:
        return deviation >= display
    return abs(deviation) > max(limit, display)


def _what(stance: Stance, deviation: Decimal, budget: Decimal, threshold: Decimal) -> str:
    kind = "ett överskott" if deviation > 0 else "ett underskott"
    if stance is not Stance.BALANCE or budget == 0:
        return kind
    share = number(abs(deviation) / abs(budget) * 100, 1)
    return (
        f"{kind} på {share} % av budgeten, mer än tröskeln {number(threshold, 1)} % "
        "(prognos.tröskel_procent)"
    )


def _economy_texts(ws: Workspace) -> list[TextSection]:
    names = [ECONOMY_SECTION, *(t.section for t in ws.tables)]
    return [t for t in ws.texts if t.id in dict.fromkeys(names)]


def _part_words(ws: Workspace, whole: str) -> frozenset[str]:
    """The significant words of the names of the nämnd's parts: its units below the top, and
    the members of the other dimensions (kontogrupp, verksamhet). Words of the nämnd's own
    name say nothing of a part."""
    own = {w.casefold() for w in _WORD.findall(whole)}
    names = [
        member.name
        for dimension in ws.dimensions
        for code, member in dimension.members().items()
        if dimension.name != ORGANISATION or len(dimension.paths()[code]) > 1
    ]
    words = {w.casefold() for name in names for w in _WORD.findall(name)}
    return frozenset(w for w in words - own - GENERIC if not any(w in o for o in own))


def _names_part(sentence: str, parts: frozenset[str]) -> bool:
    """Whether a word of the sentence is a part's word, or an inflection of one (the same
    beginning, all but the last two letters of the longer: «grundskola», «grundskolan»)."""
    for written in _WORD.findall(sentence):
        word = written.casefold()
        for part in parts:
            common = _common_prefix(word, part)
            if common >= max(5, max(len(word), len(part)) - 2):
                return True
    return False


def _common_prefix(a: str, b: str) -> int:
    """The length of the beginning ``a`` and ``b`` share."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
