"""Matching a written figure to the computed figure it most likely speaks of, and judging it.

Each candidate of a compatible kind is scored from the context: the words naming it (a unit,
kontogrupp, indicator) found near the figure, the words for its meaning ('avvikelse',
'ökade', 'budget') and the year. A figure is consistent when a well-scored candidate lies in
the interval the figure stands for (its rounding and qualifier); only a figure with no such
candidate, whose best match is clearly ahead of the rivals, gets a confidence worth telling.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from uppsikt.checks.intervals import Interval
from uppsikt.checks.narrative_candidates import Candidate, Kind, Measure
from uppsikt.checks.narrative_extract import (
    Unit,
    WrittenFigure,
    heading_before,
    mask_references,
    sentence_bounds,
    table_row_label,
)
from uppsikt.compute.references import ReferenceKind

W_NAME, W_MEASURE, W_YEAR = 0.55, 0.30, 0.15
FLOOR = 0.45
"""Below this score a figure is not matched at all (it speaks of something not in the data)."""
CLOSE = 0.1
NAMED = 0.6
"""A name score below this lowers the match in proportion: a word or two in common is weak."""
"""A consistent candidate this close to the best score makes the figure consistent."""

_STOP = frozenset(
    [
        "och",
        "som",
        "med",
        "för",
        "till",
        "efter",
        "inom",
        "att",
        "har",
        "av",
        "på",
        "en",
        "ett",
        "de",
        "det",
        "den",
        "minst",
        "totalt",
        "varav",
        "inkl",
        "verksamhet",
        "verksamheten",
        "person",
        "personer",
        "elever",
        "samt",
        "eller",
        "per",
        "mot",
    ]
)
_WORD = re.compile(r"[a-zåäöéü]+")
_YEAR = re.compile(r"(?<!\d)(?P<pre>\b(?:än|med|mot|från|jämfört med)\s+)?(?P<y>(?:19|20)\d\d)\b")

_SUBGROUP = re.compile(r"\b(?:bland|av|utom) (?:dem|de|dessa)\b")
"""'bland dem som …', 'av dem som …': the figure is about a part, which the data seldom has."""
_BREAKDOWN_AFTER = re.compile(r"\s*(?:av|bland|för)\s+(?:kvinnor|män|flickor|pojkar)")
_HEAD = re.compile(
    r"(?P<head>[a-zåäöé]+)(?:\s+(?:mot|än) budget\w*)?\s+(?P<prep>på|om|med|till)\s+$"
)
_CUES: dict[Measure, re.Pattern[str]] = {
    Measure.DEVIATION: re.compile(
        r"avvik|överskott|underskott|än budget|mot budget|\bvisar\b|budgeterat|prognos"
    ),
    Measure.BUDGET: re.compile(
        r"(?<!mot )(?<!än )budget(?!avvik)|(?<!än )budgeter|\bram(en)?\b|anslag|reserv"
    ),
    Measure.OUTCOME: re.compile(r"utfall|bokslut|\bblev\b|uppgick|kostade|landade|kostnad(en)?\b"),
    Measure.CHANGE: re.compile(
        r"ökade|ökat|ökning|minskade|minskat|minskning|sjönk|steg|förändr|"
        r"(?:mer|mindre|högre|lägre|fler|färre) än (?!budget|prognos|planerat)"
        r"|jämfört med (?!budget)"
    ),
    Measure.SHARE: re.compile(r"av budget|av omslutning|av ramen|överskred|underskred"),
    Measure.VALUE: re.compile(r"andel|antal|\bvar\b|uppgick|\bblev\b|\bfick\b|\bhade\b"),
    Measure.OPENING: re.compile(r"ingående"),
    Measure.BOOKED: re.compile(r"bokför|årets resultat"),
    Measure.ADJUSTED: re.compile(r"justera"),
    Measure.BEFORE_RULE: re.compile(r"\bföre\b"),
    Measure.CAP: re.compile(r"\btak|7 %|sju procent"),
    Measure.CLOSING: re.compile(r"utgående|förs över|överförs"),
}
_DEFAULTS = frozenset({Measure.OUTCOME, Measure.VALUE, Measure.BOOKED})
"""Meanings a figure has when no word says otherwise."""
_SPECIFIC = (Measure.DEVIATION, Measure.CHANGE, Measure.SHARE, Measure.BUDGET)
"""Meanings whose words, when present, outweigh the generic ones ('blev', 'var')."""
_IMPLIED = {Unit.COUNT: "antal", Unit.PERCENT: "andel"}
"""A count is an 'antal' and a per cent often an 'andel' even when the word is not written."""


@functools.lru_cache(maxsize=4096)
def stems(phrase: str) -> tuple[str, ...]:
    """The content words of ``phrase``, cut to a stem that also finds inflections and compounds
    ('försörjning' finds 'försörjningen' and 'försörjningsstöd')."""
    words = [w for w in _WORD.findall(phrase.lower()) if w not in _STOP and len(w) >= 3]
    return tuple(dict.fromkeys(w if len(w) <= 4 else w[: max(4, len(w) - 2)] for w in words))


@dataclass(frozen=True, slots=True)
class Context:
    """The words around a figure, each with a weight for how close it is."""

    words: tuple[tuple[str, float], ...]
    sentence: str
    offset: int
    """The figure's offset in ``sentence``."""
    years: tuple[tuple[int, bool], ...]
    """Years named in the sentence, each with whether it is a comparison ('än 2019')."""
    head: str
    """The word the figure belongs to, in 'en hyra på 3,3 mnkr' 'hyra'; '' when none."""
    preposition: str
    """The word between head and figure: 'på', 'om', 'med' …"""
    in_table: bool
    """Whether the figure is a cell of a Markdown table."""
    noun: str
    """For a count, the noun counted."""
    names_found: frozenset[str] = frozenset()
    """Candidates' names written whole in the sentence (lower case)."""
    memo: dict[object, float] = field(default_factory=dict, compare=False, hash=False, repr=False)
    """Scores already worked out in this context: every candidate asks about the same stems
    and cues, so each is computed once (a several-fold speed-up on a whole narrative)."""


_WINDOW = 400
"""Characters on each side of a figure that make its context: a real sentence is shorter, and
a bound keeps a text with one endless «sentence» of many figures linear (found by fuzzing)."""


def context(figure: WrittenFigure) -> Context:
    text = _masked(figure.passage.text)
    start = max(figure.sentence[0], figure.start - _WINDOW)
    end = min(figure.sentence[1], figure.end + _WINDOW)
    sentence = text[start:end].lower()
    offset = figure.start - start
    words: list[tuple[str, float]] = []
    for match in _WORD.finditer(sentence):
        distance = match.start() - offset if match.start() > offset else offset - match.end()
        if match.start() > offset:
            distance = int(distance * 1.5)  # a name after the figure is less likely its own
        words.append((match.group(), 1.0 - 0.4 * min(max(distance, 0), 200) / 200))
    weaker: list[tuple[str, float]] = [
        (table_row_label(text, figure.start), 1.0),
        (heading_before(text, figure.start), 0.6),
        (_previous_sentence(text, start), 0.5),
        (figure.passage.heading, 0.5),
        (figure.passage.place or "", 0.4),
    ]
    for phrase, weight in weaker:
        words += [(w, weight) for w in _WORD.findall(phrase.lower())]
    if figure.unit in _IMPLIED:
        words.append((_IMPLIED[figure.unit], 0.8))
    years = tuple((int(m.group("y")), bool(m.group("pre"))) for m in _YEAR.finditer(sentence))
    head = _HEAD.search(sentence[max(0, offset - 80) : offset])
    return Context(
        tuple(words),
        sentence,
        offset,
        years,
        head.group("head") if head else "",
        head.group("prep") if head else "",
        bool(table_row_label(text, figure.start)),
        figure.noun,
    )


@functools.lru_cache(maxsize=64)
def _masked(text: str) -> str:
    """The passage with its references masked, once per passage, not once per figure."""
    return mask_references(text)


def _previous_sentence(text: str, start: int) -> str:
    shift = max(0, start - 2 * _WINDOW)  # only the last sentence is wanted: a bounded look back
    bounds = [
        (a + shift, b + shift)
        for a, b in sentence_bounds(text[shift:start])
        if text[a + shift : b + shift].strip()
    ]
    if not bounds:
        return ""
    paragraph_break = "\n\n" in text[bounds[-1][1] : start]
    return "" if paragraph_break else text[bounds[-1][0] : bounds[-1][1]]


def _hit(stem: str, ctx: Context) -> float:
    found = ctx.memo.get(stem)
    if found is not None:
        return found
    best = 0.0
    for word, weight in ctx.words:
        if (word.startswith(stem) or (len(stem) >= 5 and stem in word)) and weight > best:
            best = weight
    ctx.memo[stem] = best
    return best


def name_score(candidate: Candidate, ctx: Context) -> float:
    """How well the words near the figure name what the candidate is about (0–1)."""
    best = 0.0
    for phrase in candidate.names:
        keys = stems(phrase)
        if keys:
            found = sum(_hit(k, ctx) for k in keys)
            score = 0.7 * min(found / min(len(keys), 3), 1.0) + 0.3 * found / len(keys)
            # More words of a name found is better ('Nettokostnad Verksamhet Arbetsmarknad'
            # over 'Nettokostnad'); may lift the score a little above 1.
            score += 0.03 * min(found, 3)
            name = phrase.lower()
            if name in ctx.names_found:
                # The whole name, as in 'Verksamhet försörjning', beats a part of it
                # ('Försörjning', a unit under it, unless written alone).
                longer = any(name in other and name != other for other in ctx.names_found)
                score = score * 0.7 if longer else score + 0.15
            best = max(best, score)
    if candidate.detail and not any(_hit(k, ctx) for k in stems(candidate.detail)):
        best *= 0.6  # a breakdown ('kvinnor') the text does not name
    if ctx.noun and any(
        ctx.noun.startswith(k) or k in ctx.noun for p in candidate.names for k in stems(p)
    ):
        best += 0.2  # the counted noun is the indicator's ('1 885 feriepraktikplatser')
    frame = stems(candidate.frame)
    if frame and best < 1.0:
        best = min(1.0, best + 0.2 * sum(_hit(k, ctx) for k in frame) / len(frame))
    return best


def _cue(measure: Measure, ctx: Context) -> float:
    """How strongly a word for ``measure`` stands near the figure: less with distance, and
    less in another clause ('uppgick till 183,7 mnkr, vilket är 14,8 mnkr mer än budgeterat')."""
    found = ctx.memo.get(measure)
    if found is not None:
        return found
    best = 0.0
    for match in _CUES[measure].finditer(ctx.sentence):
        lo, hi = sorted((match.start(), ctx.offset))
        clauses = ctx.sentence.count(",", lo, hi)
        distance = hi - lo
        best = max(best, (1.0 - 0.4 * min(distance, 200) / 200) * 0.7**clauses)
    ctx.memo[measure] = best
    return best


def measure_score(candidate: Candidate, ctx: Context, figure: WrittenFigure) -> float:
    if candidate.kind is Kind.POINTS:
        return 1.0
    found = _cue(candidate.measure, ctx)
    specific = max((_cue(m, ctx) for m in _SPECIFIC if m is not candidate.measure), default=0)
    if candidate.measure in _DEFAULTS and specific > found:
        found = min(found, 0.3)
    if candidate.measure is Measure.CHANGE and any(
        y == candidate.year - 1 and c for y, c in ctx.years
    ):
        found = 1.0
    if figure.sign != 0 and not figure.explicit_sign and candidate.measure is Measure.DEVIATION:
        found = 1.0  # 'underskott på', 'överskott på'
    if found == 0 and candidate.measure in _DEFAULTS and not ctx.in_table:
        others = (m for m in _CUES if m not in _DEFAULTS and m is not candidate.measure)
        if not any(_cue(m, ctx) for m in others):
            found = 0.5
    return found


def year_score(candidate: Candidate, ctx: Context, report_year: int) -> float:
    named = {y for y, comparison in ctx.years if not comparison}
    if candidate.year == report_year:
        return 1.0 if not named or report_year in named else 0.2
    return 1.0 if candidate.year in named else 0.0


def compatible(unit: Unit, kind: Kind) -> bool:
    if unit.money:
        return kind is Kind.MONEY
    return {Unit.PERCENT: Kind.PERCENT, Unit.POINTS: Kind.POINTS, Unit.COUNT: Kind.COUNT}[
        unit
    ] is kind


def in_written_unit(candidate: Candidate, figure: WrittenFigure) -> Decimal:
    return candidate.value / figure.unit.kronor if figure.unit.money else candidate.value


_SIGNED_BY_WORD = frozenset(
    {Measure.DEVIATION, Measure.BOOKED, Measure.ADJUSTED, Measure.BEFORE_RULE, Measure.CLOSING}
)


def consistent(figure: WrittenFigure, candidate: Candidate) -> bool:
    """Whether the candidate, as far as its own rounding goes, is what the figure says."""
    value = in_written_unit(candidate, figure)
    spread = _uncertainty(candidate)
    signed = figure.sign != 0 and (figure.explicit_sign or candidate.measure in _SIGNED_BY_WORD)
    if signed:
        stated = figure.interval() * figure.sign
        return stated.overlaps(Interval(value - spread, value + spread))
    magnitude = abs(value)
    return figure.interval().overlaps(
        Interval(max(magnitude - spread, Decimal(0)), magnitude + spread)
    )


def _uncertainty(candidate: Candidate) -> Decimal:
    """Half the width of the values a candidate may stand for: indicator values are
    published, rounded figures; table cells are exact."""
    if candidate.references[0].kind is not ReferenceKind.INDICATOR:
        return Decimal(0)
    half = Decimal(5).scaleb(-candidate.decimals - 1)
    return 2 * half if candidate.measure is Measure.CHANGE else half


def same_value(a: Candidate, b: Candidate) -> bool:
    """Two candidates of (nearly) the same value, such as a net cost in two tables: choosing
    between them does not change the verdict."""
    tolerance = max(_uncertainty(a), _uncertainty(b), abs(b.value) * Decimal("0.005"))
    return abs(a.value - b.value) <= tolerance


@dataclass(frozen=True, slots=True)
class Match:
    """A written figure, the candidate it most likely speaks of, and the verdict."""

    figure: WrittenFigure
    candidate: Candidate
    score: float
    confidence: float
    """How sure the match is, 0–1: the score, lowered when a rival of another value is close."""
    consistent: bool


def match(figure: WrittenFigure, pool: list[Candidate], report_year: int) -> Match | None:
    """The figure's most likely candidate, or None when nothing scores above FLOOR."""
    ctx = context(figure)
    usable = [c for c in pool if compatible(figure.unit, c.kind)]
    written = {p.lower() for c in usable for p in c.names if p.lower() in ctx.sentence}
    ctx = replace(
        ctx,
        names_found=frozenset(
            n for n in written if re.search(rf"\b{re.escape(n)}\b", ctx.sentence)
        ),
    )
    scored: list[tuple[float, Candidate]] = []
    for candidate in usable:
        named = name_score(candidate, ctx)
        meaning = measure_score(candidate, ctx, figure)
        score = (
            W_NAME * named + W_MEASURE * meaning + W_YEAR * year_score(candidate, ctx, report_year)
        ) * head_fit(candidate, ctx)
        if (
            not candidate.detail
            and candidate.references[0].kind is ReferenceKind.INDICATOR
            and _BREAKDOWN_AFTER.match(ctx.sentence, ctx.offset + len(figure.text))
        ):
            score *= 0.7  # '50 procent av männen' is not the total
        scope = figure.passage.scope
        if scope and candidate.scope and not scope & candidate.scope:
            score *= 0.5  # a text about one åtagande seldom quotes another's indicator
        elif scope and not candidate.scope:
            score *= 0.7  # nor, usually, a cell of an economic table
        # Both what a figure is about and what it measures must be named to match at all.
        score *= min(1.0, named / NAMED) * (1.0 if meaning > 0 else 0.6)
        scored.append((score, candidate))
    if not scored:
        return None
    scored.sort(key=lambda sc: -sc[0])
    best_score, best = scored[0]
    if best_score < FLOOR:
        return None
    for score, candidate in scored:
        if score < best_score - CLOSE:
            break
        if consistent(figure, candidate):
            return Match(figure, candidate, score, score, True)
    # Among the mismatching candidates, the one the figure is most likely a slip for is near
    # it in value as well as in words.
    plausible = [(s * closeness(figure, c), s, c) for s, c in scored if s >= FLOOR]
    effective, best_score, best = max(plausible, key=lambda t: t[0])
    # A candidate the figure agrees with is another reading under which the text is right.
    rival = max((s for s, c in scored if consistent(figure, c)), default=0.0)
    clarity = min(1.0, 0.5 + (best_score - rival) / 0.4)
    confidence = min(1.0, effective * clarity)
    if _SUBGROUP.search(ctx.sentence[: ctx.offset]):
        confidence *= 0.6
    return Match(figure, best, best_score, confidence, False)


def head_fit(candidate: Candidate, ctx: Context) -> float:
    """1 when the word the figure belongs to fits the candidate, less when it names something
    else: in 'en hyra på 3,3 mnkr' the figure is a rent, not the unit's deviation."""
    if not ctx.head:
        return 1.0
    if ctx.preposition == "med":
        changes = (Measure.CHANGE, Measure.DEVIATION, Measure.SHARE)
        return 1.0 if candidate.measure in changes else 0.6
    if ctx.preposition == "till":
        return 0.6 if candidate.measure is Measure.CHANGE else 1.0
    if _CUES[candidate.measure].search(ctx.head):
        return 1.0
    phrases = (*candidate.names, candidate.frame)
    if any(ctx.head.startswith(k) or k in ctx.head for p in phrases for k in stems(p)):
        return 1.0
    return 0.5


def closeness(figure: WrittenFigure, candidate: Candidate) -> float:
    """1 when the written figure is within a factor of two of the candidate, falling fast
    beyond: a figure ten times off is more likely about something else than a slip."""
    written = figure.magnitude
    actual = abs(in_written_unit(candidate, figure))
    if written == 0 or actual == 0:
        return 0.0
    ratio = float(min(written, actual) / max(written, actual))
    return 1.0 if ratio >= 0.5 else (ratio / 0.5) ** 2
