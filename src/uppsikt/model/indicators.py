"""Indicators: measured series with targets, breakdowns, footnotes and values per year."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

TOTAL = "tot"
"""The breakdown key of an indicator's total value."""


class Better(enum.Enum):
    """Which direction of change is an improvement."""

    HIGHER = "högre"
    LOWER = "lägre"
    NEITHER = "neutral"


class Direction(enum.Enum):
    """A target given as a direction compared with the previous year."""

    INCREASE = "Öka"
    DECREASE = "Minska"
    MAINTAIN = "Bibehålla"


class IndicatorKind(enum.Enum):
    """What an indicator's percentages are ('slag' in indikatorer.yaml), which decides whether
    0–100 % bounds them. Only per cent needs saying: a count or an amount is what its unit says.
    """

    SHARE = "andel"
    """A part of a whole (the share of pupils who pass): never below 0 or above 100 %."""
    MEASURE = "mått"
    """Any other figure: a change in per cent, a deviation, a rate that may pass 100 %."""


@dataclass(frozen=True, slots=True)
class Target:
    """A målvärde: a number in the indicator's unit, or a direction. Neither means no target."""

    value: Decimal | None = None
    direction: Direction | None = None
    footnote: str | None = None
    """Footnote id explaining the target (or its absence)."""


class MissingReason(enum.Enum):
    """Why a value is missing. The report shows a mark and the reason; never a blank."""

    NEW = "ny-indikator"
    CANNOT_PRODUCE = "kan-inte-tas-fram"
    NOT_MEASURED = "ej-mätt"
    NOT_YET = "ej-tillgänglig"

    @property
    def text(self) -> str:
        return {
            MissingReason.NEW: "Ny indikator, värde saknas för året",
            MissingReason.CANNOT_PRODUCE: "Värdet kan inte tas fram",
            MissingReason.NOT_MEASURED: "Mätningen genomfördes inte",
            MissingReason.NOT_YET: "Värdet finns ännu inte tillgängligt",
        }[self]


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A split of an indicator: Kvinnor/Män, Flickor/Pojkar, or a group with its own split."""

    key: str
    label: str
    unit: str | None = None
    """A unit differing from the indicator's, e.g. a count split into shares (%)."""
    parent: str | None = None
    """The key of the breakdown this one splits further; None for a split of the total."""
    decimals: int | None = None


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an indicator appears: a commitment, a målområde, the five-year summary or HR."""

    kind: str
    """'åtagande', 'målområde', 'fem-år' or 'hr'."""
    ref: str = ""
    """The commitment or målområde id; empty for 'fem-år' and 'hr'."""
    group: str = ""
    """Subheading the indicator is listed under in its table, e.g. 'Kunskapsmål'."""


@dataclass(frozen=True, slots=True)
class DerivedFrom:
    """An indicator computed from other data rather than typed in."""

    table: str
    row: str
    column: str
    scale: str = "tkr"
    """'tkr' or 'mnkr': the unit the table's amount is converted to."""


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name: str
    unit: str
    """One of model.units.UNITS, e.g. 'procent', 'antal', 'månader', 'mnkr', 'index'."""
    decimals: int
    better: Better
    targets: tuple[tuple[int, Target], ...] = ()
    """Target per year."""
    breakdowns: tuple[Breakdown, ...] = ()
    footnotes: tuple[str, ...] = ()
    """Footnote ids attached to the indicator's name."""
    placements: tuple[Placement, ...] = ()
    kolada: str | None = None
    """Kolada KPI id, e.g. 'N01951'."""
    derived: DerivedFrom | None = None
    signed: bool = False
    """Show an explicit plus sign on positive values (deviations)."""
    kind: IndicatorKind | None = None
    """'slag' as written; None when not written, and :meth:`is_share` derives it."""
    part_of: str | None = None
    """The id of the indicator this one is a part of (``del_av``): shown as a «varav» row
    under it and never larger than it."""

    def target(self, year: int) -> Target | None:
        return dict(self.targets).get(year)

    def unit_of(self, breakdown: str = TOTAL) -> str:
        """The unit of a breakdown's values (a breakdown may have its own, e.g. a count split
        into shares)."""
        found = next((b for b in self.breakdowns if b.key == breakdown), None)
        return found.unit if found is not None and found.unit else self.unit

    def is_share(self, breakdown: str = TOTAL) -> bool:
        """Whether the values of ``breakdown`` are shares, which lie between 0 and 100 %: they
        are in per cent, and the indicator is 'slag: andel' or, when 'slag' is not written, not
        'tecken' (a percentage shown with its sign is a change or a deviation). The one rule
        for the reader, the editor and the checks."""
        if self.unit_of(breakdown) != "procent":
            return False
        if self.kind is not None:
            return self.kind is IndicatorKind.SHARE
        return not self.signed


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    indicator: str
    breakdown: str
    year: int
    value: Decimal | None
    missing: MissingReason | None = None
    approximate: bool = False
    """The value is an estimate ('ca 80')."""
    footnote: str | None = None


@dataclass(frozen=True, slots=True)
class Footnote:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class IndicatorGroup:
    """A heading in the five-year summary (e.g. 'Befolkning') with optional footnotes."""

    name: str
    footnotes: tuple[str, ...] = ()
