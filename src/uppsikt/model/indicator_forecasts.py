"""Forecasts for indicators: in a delårsrapport, will the year's target be met?
(indikatorprognoser.csv)"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from uppsikt.model.assessment import Assessment
from uppsikt.model.indicators import Indicator


class Outlook(enum.Enum):
    """A forecast assessment of an indicator's target for the year. Shown as symbol and word,
    like an assessment, never by colour alone."""

    MET = "uppfylls"
    PARTLY_MET = "delvis"
    NOT_MET = "uppfylls inte"
    CANNOT_TELL = "går inte att bedöma"

    @property
    def symbol(self) -> str:
        return {
            Outlook.MET: "✔",
            Outlook.PARTLY_MET: "◐",
            Outlook.NOT_MET: "✘",
            Outlook.CANNOT_TELL: "–",
        }[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def assessment(self) -> Assessment:
        """The outcome assessment this forecast foresees."""
        return {
            Outlook.MET: Assessment.MET,
            Outlook.PARTLY_MET: Assessment.PARTLY_MET,
            Outlook.NOT_MET: Assessment.NOT_MET,
            Outlook.CANNOT_TELL: Assessment.NOT_MEASURABLE,
        }[self]


@dataclass(frozen=True, slots=True)
class IndicatorForecast:
    """Whether ``indicator`` will meet its target for ``year``, as forecast after ``month``."""

    indicator: str
    year: int
    month: int
    """The closing month of the delårsrapport the forecast was made in (8: after augusti)."""
    outlook: Outlook
    comment: str = ""
    """A short comment on the forecast (``kommentar``); empty when none is written."""
    file: str = field(default="", compare=False)
    """The file it was read from, as messages name it (not part of its value)."""
    line: int = field(default=0, compare=False)
    """Where the forecast is written in its file (not part of its value)."""


def has_target(indicator: Indicator, year: int) -> bool:
    """Whether ``indicator`` has a target for ``year`` to forecast (a number or a direction)."""
    target = indicator.target(year)
    return target is not None and (target.value is not None or target.direction is not None)


def forecast_at(
    forecasts: Iterable[IndicatorForecast], indicator: str, year: int, month: int
) -> IndicatorForecast | None:
    """The forecast of ``indicator`` for ``year`` made after ``month``, if there is one."""
    return next(
        (f for f in forecasts if f.indicator == indicator and f.year == year and f.month == month),
        None,
    )


def last_month(forecasts: Iterable[IndicatorForecast], year: int) -> int | None:
    """The latest month after which any indicator's target for ``year`` was forecast."""
    return max((f.month for f in forecasts if f.year == year), default=None)


def last_forecast(
    forecasts: Iterable[IndicatorForecast], indicator: str, year: int
) -> IndicatorForecast | None:
    """The latest forecast of ``indicator`` for ``year``."""
    own = [f for f in forecasts if f.indicator == indicator and f.year == year]
    return max(own, key=lambda f: f.month, default=None)
