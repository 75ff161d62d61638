"""Rounding-aware arithmetic: a published figure is an interval, not a point.

A figure printed as ``−2 220`` (tkr, no decimals) stands for any amount from −2 220,5 to
−2 219,5. A published total is the rounded sum of unrounded amounts, so the sum of the
rounded rows may differ from the rounded total by up to half a unit per figure without
anything being wrong. The helpers here decide, with interval arithmetic, whether a stated
figure (a sum, a difference, a change in per cent) is possible given the rounded figures it
is computed from, and return a :class:`Verdict`:

* ``EXACT``: the figures agree as printed (the result from the printed inputs rounds to the
  stated figure);
* ``ROUNDING``: they disagree as printed, but rounding explains it (a note,
  "avrundningsdifferens");
* ``OUTSIDE``: no amounts that round to the printed figures can produce the stated one; the
  verdict says by how much at least the stated figure is off.

Plain ``Decimal`` arguments are taken as published figures rounded to ``decimals`` decimals
(0 = whole units); pass an :class:`Interval` for a figure of another precision or an exact
one (``Interval.exact``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

Number = Decimal | int


@dataclass(frozen=True, slots=True)
class Interval:
    """The closed interval [lo, hi] of the amounts a figure may stand for."""

    lo: Decimal
    hi: Decimal

    def __post_init__(self) -> None:
        if self.lo > self.hi:
            raise ValueError(f"tomt intervall: [{self.lo}, {self.hi}]")

    @classmethod
    def exact(cls, value: Number) -> Interval:
        """A figure known exactly (computed, not rounded)."""
        return cls(Decimal(value), Decimal(value))

    @classmethod
    def from_rounded(cls, value: Number, decimals: int = 0) -> Interval:
        """A published figure rounded to ``decimals`` decimals: the value ± half a unit.

        ``from_rounded(Decimal("7.9"), 1)`` is [7,85, 7,95]; ``from_rounded(8120, -1)``
        (rounded to tens) is [8 115, 8 125].
        """
        half = Decimal(5).scaleb(-decimals - 1)
        value = Decimal(value)
        return cls(value - half, value + half)

    @property
    def mid(self) -> Decimal:
        """The figure as printed, for an interval made by ``from_rounded`` or ``exact``."""
        return (self.lo + self.hi) / 2

    @property
    def width(self) -> Decimal:
        return self.hi - self.lo

    def contains(self, value: Number | Interval) -> bool:
        """Whether ``value`` (a number, or every point of an interval) lies inside."""
        other = _as_interval(value)
        return self.lo <= other.lo and other.hi <= self.hi

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def gap(self, other: Interval) -> Decimal:
        """The distance between the two intervals; 0 when they overlap."""
        return max(Decimal(0), other.lo - self.hi, self.lo - other.hi)

    def __add__(self, other: Number | Interval) -> Interval:
        o = _as_interval(other)
        return Interval(self.lo + o.lo, self.hi + o.hi)

    def __radd__(self, other: Number) -> Interval:
        return self + other

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __sub__(self, other: Number | Interval) -> Interval:
        return self + -_as_interval(other)

    def __rsub__(self, other: Number) -> Interval:
        return _as_interval(other) - self

    def __mul__(self, factor: Number) -> Interval:
        """Multiplication by a constant (e.g. a unit conversion, or −1)."""
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def __rmul__(self, factor: Number) -> Interval:
        return self * factor

    def __str__(self) -> str:
        return f"[{self.lo}, {self.hi}]"


def _as_interval(value: Number | Interval) -> Interval:
    return value if isinstance(value, Interval) else Interval.exact(value)


def _figure(value: Number | Interval, decimals: int) -> Interval:
    return value if isinstance(value, Interval) else Interval.from_rounded(value, decimals)


class Agreement(enum.Enum):
    EXACT = "exakt"
    ROUNDING = "avrundningsdifferens"
    OUTSIDE = "utanför avrundning"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a stated figure is possible given the figures it is computed from."""

    agreement: Agreement
    computed: Decimal
    """The figure computed from the inputs as printed."""
    possible: Interval
    """Every value the computed figure may take, given the rounding of the inputs."""
    off_by: Decimal = Decimal(0)
    """For ``OUTSIDE``: the stated figure is off by at least this much (0 otherwise)."""

    @property
    def ok(self) -> bool:
        """Exact or within rounding: nothing to report as an error."""
        return self.agreement is not Agreement.OUTSIDE

    def describe(self) -> str:
        """A Swedish phrase for a diagnostic's message."""
        if self.agreement is Agreement.EXACT:
            return "stämmer"
        if self.agreement is Agreement.ROUNDING:
            return f"avrundningsdifferens (beräknat {self.computed})"
        return f"skiljer sig med minst {self.off_by} utöver avrundning (beräknat {self.computed})"


def judge(computed: Decimal, possible: Interval, stated: Interval) -> Verdict:
    """Compare a stated figure with what the inputs allow.

    ``computed`` is the result from the inputs as printed, ``possible`` the interval of
    results the inputs' rounding allows, ``stated`` the interval the stated figure stands for.
    """
    if stated.contains(computed):
        return Verdict(Agreement.EXACT, computed, possible)
    if possible.overlaps(stated):
        return Verdict(Agreement.ROUNDING, computed, possible)
    return Verdict(Agreement.OUTSIDE, computed, possible, possible.gap(stated))


def sum_holds(
    parts: Iterable[Number | Interval], total: Number | Interval, decimals: int = 0
) -> Verdict:
    """Can the rounded ``parts`` add up to the rounded ``total``?"""
    figures = [_figure(p, decimals) for p in parts]
    possible = sum(figures, Interval.exact(0))
    computed = sum((f.mid for f in figures), Decimal(0))
    return judge(computed, possible, _figure(total, decimals))


def difference_holds(
    a: Number | Interval, b: Number | Interval, stated: Number | Interval, decimals: int = 0
) -> Verdict:
    """Can ``a − b`` (e.g. budget − utfall) be the ``stated`` deviation?"""
    first, second = _figure(a, decimals), _figure(b, decimals)
    return judge(first.mid - second.mid, first - second, _figure(stated, decimals))


def change_percent_interval(
    new: Number | Interval, old: Number | Interval, decimals: int = 0
) -> Interval:
    """Every possible change from ``old`` to ``new`` in per cent, (new − old) / |old| × 100.

    Raises ``ValueError`` when ``old`` may be zero: the change is then undefined.
    """
    n, o = _figure(new, decimals), _figure(old, decimals)
    if o.lo <= 0 <= o.hi:
        raise ValueError(f"förändringen i procent är odefinierad när basen kan vara 0 ({o})")
    # For a fixed sign of old, the change is monotone in each argument: the corners bound it.
    corners = [_change(x, y) for x in (n.lo, n.hi) for y in (o.lo, o.hi)]
    return Interval(min(corners), max(corners))


def change_percent_holds(
    new: Number | Interval,
    old: Number | Interval,
    stated: Number | Interval,
    decimals: int = 0,
    percent_decimals: int = 1,
) -> Verdict:
    """Can the change from ``old`` to ``new`` be the ``stated`` per cent (rounded to
    ``percent_decimals``)?"""
    n, o = _figure(new, decimals), _figure(old, decimals)
    possible = change_percent_interval(n, o)
    return judge(_change(n.mid, o.mid), possible, _figure(stated, percent_decimals))


def _change(new: Decimal, old: Decimal) -> Decimal:
    return (new - old) / abs(old) * 100
