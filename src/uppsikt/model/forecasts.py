"""Forecasts of the year's net cost, made in each delårsrapport (ekonomi/prognoser.csv)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from uppsikt.located.format import SWEDISH_MONTHS

MONTHS: tuple[str, ...] = SWEDISH_MONTHS
"""The months' Swedish names; month ``m`` is ``MONTHS[m - 1]``."""


def month_name(month: int) -> str:
    return MONTHS[month - 1]


@dataclass(frozen=True, slots=True)
class Forecast:
    """A full-year forecast of one unit's net cost, made after ``month`` of ``year``."""

    year: int
    month: int
    """The closing month of the delårsrapport the forecast was made in (4: after april)."""
    unit: str
    """The unit's code in the organisation."""
    amount: Decimal
    """In kronor, signed like the economy (costs negative)."""
    file: str = field(default="", compare=False)
    """The file it was read from, as messages name it (not part of its value)."""
    line: int = field(default=0, compare=False)
    """Where the forecast is written in its file (not part of its value)."""
    parts: tuple[tuple[str, str], ...] = ()
    """(dimension, member) pairs sorted by dimension, for a forecast of a part of the unit
    (``kontogrupp``, ``verksamhet``): empty for the whole unit. A unit's forecast is either
    whole or the sum of its parts, never both (workspace/forecasts.py refuses a mix)."""

    def member(self, dimension: str) -> str | None:
        return dict(self.parts).get(dimension)

    @property
    def part_dimensions(self) -> tuple[str, ...]:
        """The dimensions the forecast is split by (sorted); empty for the whole unit."""
        return tuple(name for name, _ in self.parts)


DEFAULT_THRESHOLD = Decimal(1)


@dataclass(frozen=True, slots=True)
class ForecastSettings:
    """``prognos`` in uppsikt.yaml."""

    threshold_percent: Decimal = DEFAULT_THRESHOLD
    """An outcome further than this from the last forecast, in % of the budget, is commented
    on in the section «prognossakerhet» (``tröskel_procent``)."""
    month: int | None = None
    """The closing month of a delårsrapport (``månad``); None: taken from ``period``."""
