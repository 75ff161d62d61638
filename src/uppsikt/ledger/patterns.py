"""Code patterns of mappning.yaml and resolving many codes against an ordered list of rules.

A pattern is written as text:

- ``"3"``, ``"4510"``: digits are a prefix: every code starting with them (an account and its
  sub-accounts; ``"4510"`` matches ``4510`` and ``45101``);
- ``"61-69"``: a numeric range on the first as many digits as the bounds have (both bounds have
  the same number of digits): ``6150`` matches since 61 ≤ 61 ≤ 69;
- ``"FS*"``, ``"12*"``, ``"*"``: a prefix of any characters (``"*"`` matches every code);
- anything else, e.g. ``"FS-LED"``: exactly that code.

Digit prefixes are ranges whose bounds are equal (``"3"`` is ``3-3``), so that every pattern is
a range of leading digits, a text prefix or an exact code. Rules are tried in order and the
first that matches wins. Resolving is built for tens of thousands of distinct codes: exact
codes and prefixes are dict lookups per prefix length, ranges a bisection per digit width.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

_DIGITS = re.compile(r"[0-9]+")
_RANGE = re.compile(r"([0-9]+)\s*-\s*([0-9]+)")


class PatternError(ValueError):
    """A pattern that cannot be read; ``args[0]`` is a Swedish message, ``hint`` what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Pattern:
    text: str
    """As written in the file."""
    kind: Literal["range", "prefix", "exact"]
    width: int = 0
    """range: how many leading digits are compared."""
    low: int = 0
    high: int = 0
    value: str = ""
    """prefix or exact: the text."""

    def matches(self, code: str) -> bool:
        if self.kind == "exact":
            return code == self.value
        if self.kind == "prefix":
            return code.startswith(self.value)
        head = code[: self.width]
        return len(head) == self.width and _is_digits(head) and self.low <= int(head) <= self.high

    def overlaps(self, other: Pattern) -> bool:
        """Whether some code matches both patterns."""
        if self.kind == "exact":
            return other.matches(self.value)
        if other.kind == "exact":
            return self.matches(other.value)
        if self.kind == "prefix" and other.kind == "prefix":
            return self.value.startswith(other.value) or other.value.startswith(self.value)
        if self.kind == "range" and other.kind == "range":
            a, b = _scaled(self, other)
            return a[0] <= b[1] and b[0] <= a[1]
        prefix, digits = (self, other) if self.kind == "prefix" else (other, self)
        return prefix.value == "" or _prefix_in_range(prefix, digits)

    def within(self, other: Pattern) -> bool:
        """Whether every code matching this pattern matches ``other`` too (for codes at least as
        long as both patterns' digit widths, as account and object codes are)."""
        if self.kind == "exact":
            return other.matches(self.value)
        if other.kind == "exact":
            return False
        if other.kind == "prefix":
            if self.kind == "prefix":
                return self.value.startswith(other.value)
            return other.value == ""  # a text prefix holds a character no range demands
        if self.kind == "prefix":
            return self.value != "" and _prefix_in_range(self, other)
        a, b = _scaled(self, other)
        return b[0] <= a[0] and a[1] <= b[1]


def parse_pattern(text: str) -> Pattern:
    """The pattern written as ``text``; raises PatternError with a Swedish message."""
    written = text.strip()
    if not written:
        raise PatternError(
            "Ett tomt mönster.", 'Skriv ett konto eller en kod, t.ex. "3" eller "61-69".'
        )
    if "*" in written:
        body = written[:-1]
        if not written.endswith("*") or "*" in body:
            raise PatternError(
                f"Mönstret «{written}» har en asterisk någon annanstans än sist.",
                'Skriv asterisken sist, t.ex. "12*" för alla koder som börjar med 12.',
            )
        if _is_digits(body):
            return Pattern(written, "range", len(body), int(body), int(body))
        return Pattern(written, "prefix", value=body)
    bounds = _RANGE.fullmatch(written)
    if bounds:
        low, high = bounds.groups()
        if len(low) != len(high):
            raise PatternError(
                f"Gränserna i intervallet «{written}» har olika många siffror.",
                'Skriv båda gränserna med lika många siffror, t.ex. "61-69" eller "6100-6999".',
            )
        if int(low) > int(high):
            raise PatternError(
                f"Intervallet «{written}» börjar efter sitt slut.",
                "Skriv den lägre gränsen först.",
            )
        return Pattern(written, "range", len(low), int(low), int(high))
    if _is_digits(written):
        return Pattern(written, "range", len(written), int(written), int(written))
    return Pattern(written, "exact", value=written)


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern mapped to a member, with the line where it is written (None for defaults,
    such as Kommun-Bas groups)."""

    pattern: Pattern
    member: str
    line: int | None = None


def rules_from(pairs: Iterable[tuple[str, str]]) -> tuple[Rule, ...]:
    """Rules from (pattern text, member) pairs; raises PatternError on a bad pattern."""
    return tuple(Rule(parse_pattern(text), member) for text, member in pairs)


class Resolver:
    """Ordered rules compiled for fast lookup: the first matching rule of each code."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self._exact: dict[str, int] = {}
        self._prefixes: dict[int, dict[str, int]] = {}
        widths: dict[int, list[tuple[int, int, int]]] = {}
        for index, rule in enumerate(self.rules):
            pattern = rule.pattern
            if pattern.kind == "exact":
                self._exact.setdefault(pattern.value, index)
            elif pattern.kind == "prefix":
                by_text = self._prefixes.setdefault(len(pattern.value), {})
                by_text.setdefault(pattern.value, index)
            else:
                widths.setdefault(pattern.width, []).append((pattern.low, pattern.high, index))
        self._prefix_tables = sorted(self._prefixes.items())
        self._range_tables: list[tuple[int, list[int], list[int]]] = []
        for width, spans in sorted(widths.items()):
            starts, firsts = _segments(spans)
            self._range_tables.append((width, starts, firsts))

    def index(self, code: str) -> int | None:
        """The position of the first rule matching ``code``, or None."""
        best = self._exact.get(code, _NONE)
        size = len(code)
        for length, by_text in self._prefix_tables:
            if length > size:
                break
            found = by_text.get(code[:length], _NONE)
            best = min(best, found)
        for width, starts, firsts in self._range_tables:
            if width > size:
                break
            head = code[:width]
            if head.isdigit() and head.isascii():
                found = firsts[bisect_right(starts, int(head)) - 1]
                best = min(best, found)
        return None if best == _NONE else best

    def member(self, code: str) -> str | None:
        index = self.index(code)
        return None if index is None else self.rules[index].member

    def resolve(self, codes: Iterable[str]) -> dict[str, str]:
        """Each code mapped to its member; codes that no rule matches are left out."""
        found: dict[str, str] = {}
        rules = self.rules
        for code in codes:
            index = self.index(code)
            if index is not None:
                found[code] = rules[index].member
        return found


def resolve(rules: Sequence[Rule], codes: Iterable[str]) -> dict[str, str]:
    """Each code mapped to the member of the first rule matching it (absent = unmapped)."""
    return Resolver(rules).resolve(codes)


def conflicts(rules: Sequence[Rule]) -> list[tuple[Rule, Rule]]:
    """(earlier, later) pairs of overlapping rules that map some code to different members.

    An earlier rule that lies wholly within a later, wider one is an exception listed before
    the general rule, which is what "the first matching rule wins" is for: not a conflict.
    """
    found: list[tuple[Rule, Rule]] = []
    for first, second in sorted(_candidates(rules), key=lambda pair: (pair[1], pair[0])):
        earlier, later = rules[first], rules[second]
        if earlier.member == later.member or not earlier.pattern.overlaps(later.pattern):
            continue
        exception = earlier.pattern.within(later.pattern)
        if exception and not later.pattern.within(earlier.pattern):
            continue
        found.append((earlier, later))
    return found


def _candidates(rules: Sequence[Rule]) -> set[tuple[int, int]]:
    """(earlier, later) positions of the pairs of rules that may overlap: every pair with a
    text prefix or an exact code, and the digit ranges whose intervals meet, found by a sweep
    over the ranges scaled to one width (a mapping of a few hundred disjoint ranges would
    otherwise cost tens of thousands of comparisons per build)."""
    ranges = [i for i, rule in enumerate(rules) if rule.pattern.kind == "range"]
    others = [i for i, rule in enumerate(rules) if rule.pattern.kind != "range"]
    pairs = {(min(i, j), max(i, j)) for i in others for j in range(len(rules)) if i != j}
    width = max((rules[i].pattern.width for i in ranges), default=0)
    spans = []
    for i in ranges:
        pattern = rules[i].pattern
        factor = 10 ** (width - pattern.width)
        spans.append((pattern.low * factor, (pattern.high + 1) * factor - 1, i))
    spans.sort()
    open_spans: list[tuple[int, int]] = []
    for low, high, i in spans:
        open_spans = [(end, j) for end, j in open_spans if end >= low]
        pairs.update((min(i, j), max(i, j)) for _, j in open_spans)
        open_spans.append((high, i))
    return pairs


_NONE = 1 << 62


def _segments(spans: list[tuple[int, int, int]]) -> tuple[list[int], list[int]]:
    """Ranges of one digit width cut into disjoint segments: the segments' starts, and for
    each segment the first (lowest index) range covering it, so a value is found by bisection.
    A sentinel segment before every range and the one after them hold no range."""
    points = sorted({low for low, _, _ in spans} | {high + 1 for _, high, _ in spans})
    starts = [-1, *points]
    firsts = [_NONE]
    for start in points:
        covering = [index for low, high, index in spans if low <= start <= high]
        firsts.append(min(covering, default=_NONE))
    return starts, firsts


def _is_digits(text: str) -> bool:
    return _DIGITS.fullmatch(text) is not None


def _scaled(a: Pattern, b: Pattern) -> tuple[tuple[int, int], tuple[int, int]]:
    """Both ranges as intervals of the same number of leading digits."""
    width = max(a.width, b.width)

    def scale(p: Pattern) -> tuple[int, int]:
        factor = 10 ** (width - p.width)
        return p.low * factor, (p.high + 1) * factor - 1

    return scale(a), scale(b)


def _prefix_in_range(prefix: Pattern, digits: Pattern) -> bool:
    """Whether the codes of a text prefix (non-empty, not all digits) lie in a digit range."""
    first_other = next(
        i for i, ch in enumerate(prefix.value) if not ch.isascii() or not ch.isdigit()
    )
    if first_other < digits.width:
        return False
    return digits.low <= int(prefix.value[: digits.width]) <= digits.high
