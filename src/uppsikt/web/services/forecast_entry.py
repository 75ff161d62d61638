"""The page «Prognos» of a report: a delårsrapport's full-year forecast per unit, entered in tkr.

One row per unit with a budget for the year (or with a forecast already): its budget, its
outcome, the year's previous forecast, and this report's forecast, read from and written to
ekonomi/prognoser.csv (forecast_file.py) for the report's year and closing month
(``prognos.månad``, else the last month of ``period``). Every posted value is checked before
anything is saved, and every problem is named with its unit; a unit with a budget left without
a forecast is a warning (the check UPP491 says the same), not a refusal. The save is one
compare-and-swap of all the form's units (forecast_save.py).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from uppsikt.located.format import MINUS, NBSP, number
from uppsikt.located.numbers import NUMBER_HINT, number_problem, parse_number
from uppsikt.model.dimensions import ORGANISATION
from uppsikt.model.economy import Scenario
from uppsikt.model.forecasts import month_name
from uppsikt.model.settings import ReportType
from uppsikt.web.models import ChangeKind, Report
from uppsikt.web.services.forecast_file import form_rows, parse_shown, shown, with_amounts
from uppsikt.web.services.forecast_save import Target, current_text
from uppsikt.web.services.loaded import Loaded, load
from uppsikt.web.services.locking import Unit, unit_hash
from uppsikt.workspace.forecasts import FORECASTS_FILE

TKR = Decimal(1000)
FIELD = "p-"
"""A unit's input is named ``p-<code>``."""
EXAMPLE = f"t.ex. {MINUS}10 340 eller {MINUS}10 340,5"


class State(enum.Enum):
    FORM = "form"
    """A delårsrapport with its closing month: the form."""
    YEAR = "year"
    """An årsberättelse: the year's forecasts, read-only."""
    NONE = "none"
    """No form and no table; :attr:`Entry.explanation` says why."""


@dataclass(frozen=True, slots=True)
class EntryRow:
    index: int
    code: str
    name: str
    budget: str
    """The year's budget in tkr, as shown."""
    outcome: str
    """The workspace's outcome for the year in tkr, '' without one."""
    previous: str
    """The year's latest forecast before this report's, with its month; '' without one."""
    current: Decimal | None
    """This report's forecast as saved, in kronor; None without one."""
    value: str
    """The input's text (tkr)."""
    has_budget: bool
    detailed: str
    """The sum of the unit's rows in tkr, when the file divides its forecast by kontogrupp or
    verksamhet (not edited here); '' otherwise."""
    error: str = ""
    mine: str | None = None
    """After a conflict: what this user wrote (the input then shows what is saved)."""

    @property
    def field(self) -> str:
        return FIELD + self.code

    @property
    def id(self) -> str:
        return f"prognos-{self.index}"

    @property
    def label(self) -> str:
        return self.name if self.name == self.code else f"{self.name} ({self.code})"


@dataclass(frozen=True, slots=True)
class YearRow:
    label: str
    budget: str
    outcome: str
    forecasts: tuple[str, ...]
    """One per month of :attr:`YearTable.months`, '' where the unit has none."""


@dataclass(frozen=True, slots=True)
class YearTable:
    months: tuple[str, ...]
    rows: tuple[YearRow, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    state: State
    explanation: str = ""
    target: Target | None = None
    rows: tuple[EntryRow, ...] = ()
    base: str = ""
    """The hash of the form's units as saved when the page was made."""
    kronor: int = 1
    """Kronor per unit of the file's amounts (``beloppsenhet``)."""
    table: YearTable | None = None

    @property
    def month_name(self) -> str:
        return "" if self.target is None else month_name(self.target.month)

    def unit(self, changes: Mapping[str, str | None]) -> Unit:
        """The form's units as one unit of compare-and-swap, changed by ``changes``."""
        if self.target is None:
            raise ValueError("no form without a target")
        year, month = self.target.year, self.target.month
        codes = tuple(r.code for r in self.rows)
        return Unit(
            path=FORECASTS_FILE,
            key=f"prognoser {year} efter {month_name(month)}",
            kind=ChangeKind.WORKSPACE,
            read=lambda text: shown(text, year, month, codes),
            apply=lambda text: with_amounts(text, year, month, changes),
        )


@dataclass(frozen=True, slots=True)
class Problem:
    target: str
    """The id of the input the problem belongs to; '' for the form as a whole."""
    message: str


@dataclass(frozen=True, slots=True)
class Posted:
    rows: tuple[EntryRow, ...]
    changes: Mapping[str, str | None]
    """Each changed unit's amount as the file will write it; None: its row removed."""
    errors: tuple[Problem, ...]
    warnings: tuple[str, ...]


def tkr(kronor: Decimal) -> str:
    """An amount in tkr with the decimals it has (−10 340, −10 340,5)."""
    value = kronor / TKR
    exponent = value.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number(value, decimals)


def written(amount: Decimal) -> str:
    """An amount as the file writes it: spaces between thousands, hyphen-minus (-10 340)."""
    return tkr(amount * TKR).replace(NBSP, " ").replace(MINUS, "-")


def entry(report: Report) -> Entry:
    """The page's content for ``report`` as its files are now."""
    loaded = load(report)
    ws = loaded.ws
    if ws is None or loaded.computed is None:
        return Entry(
            State.NONE,
            "Arbetsytan kan inte läsas just nu, så enheterna och deras budget är okända. "
            "Rätta felen under Kontroller först.",
        )
    settings = ws.settings
    kronor = settings.amounts_unit.kronor if settings.amounts_unit else 1
    if settings.report_type is ReportType.DELARSRAPPORT:
        month = settings.report_month
        if month is None:
            return Entry(
                State.NONE,
                "Rapportens sista månad är okänd. Skriv den i uppsikt.yaml, som «period: "
                "januari–augusti» eller «prognos: {månad: 8}».",
            )
        return _form(report, loaded, Target(settings.year, month, report.kommun_id is not None))
    if settings.report_type.kind.interim or settings.report_type.kind.plan:
        return Entry(State.NONE, _NOT_INTERIM)
    return Entry(State.YEAR, _ANNUAL, table=_year_table(loaded), kronor=kronor)


_NOT_INTERIM = (
    "Prognoser för helåret lämnas i delårsrapporterna. Den här rapporten är ingen "
    "delårsrapport, så här finns inget att fylla i."
)
_ANNUAL = (
    "Prognoser lämnas i årets delårsrapporter. Årsberättelsen visar dem här, bredvid "
    "budgeten och utfallet; de ändras i respektive delårsrapport."
)


def _form(report: Report, loaded: Loaded, target: Target) -> Entry:
    ws, computed = loaded.ws, loaded.computed
    organisation = ws.dimension(ORGANISATION) if ws else None
    if ws is None or computed is None or organisation is None:
        return Entry(State.NONE, "Organisationen kan inte läsas; se Kontroller.")
    kronor = ws.settings.amounts_unit.kronor if ws.settings.amounts_unit else 1
    text = current_text(report, FORECASTS_FILE, target.shared)
    members = organisation.members()
    leaves = [code for code in organisation.paths() if not members[code].children]
    saved = form_rows(text, target.year, target.month, tuple(leaves))
    earlier = _earlier(loaded, target)
    rows: list[EntryRow] = []
    for code in leaves:
        budget = computed.organisation.amount((code,), target.year, Scenario.BUDGET)
        written_amount = saved.amounts.get(code)
        amount = parse_number(written_amount) if written_amount is not None else None
        current = None if amount is None else amount * kronor
        parts = [parse_number(a) for a in saved.detailed.get(code, ())]
        detailed = sum((p for p in parts if p is not None), Decimal(0)) * kronor
        if budget == 0 and current is None and not parts:
            continue
        outcome = computed.organisation.amount((code,), target.year, Scenario.OUTCOME)
        rows.append(
            EntryRow(
                index=len(rows) + 1,
                code=code,
                name=members[code].name,
                budget=tkr(budget),
                outcome="" if outcome == 0 else tkr(outcome),
                previous=earlier.get(code, ""),
                current=current,
                value="" if current is None else tkr(current),
                has_budget=budget != 0,
                detailed=tkr(detailed) if parts else "",
            )
        )
    codes = tuple(r.code for r in rows)
    base = unit_hash(shown(text, target.year, target.month, codes))
    return Entry(State.FORM, target=target, rows=tuple(rows), base=base, kronor=kronor)


def _given(loaded: Loaded, year: int) -> dict[tuple[str, int], Decimal]:
    """Each unit's forecast of ``year`` by month, in kronor: its row, or the sum of its rows
    per kontogrupp or verksamhet."""
    found: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for forecast in loaded.ws.forecasts if loaded.ws else ():
        if forecast.year == year:
            found[forecast.unit, forecast.month] += forecast.amount
    return found


def _earlier(loaded: Loaded, target: Target) -> dict[str, str]:
    """Each unit's latest forecast of the year made before the report's month."""
    found: dict[str, tuple[int, Decimal]] = {}
    for (unit, month), amount in sorted(_given(loaded, target.year).items()):
        if month < target.month:
            found[unit] = (month, amount)
    return {u: f"{tkr(a)} (efter {month_name(m)})" for u, (m, a) in found.items()}


def _year_table(loaded: Loaded) -> YearTable | None:
    ws, computed = loaded.ws, loaded.computed
    organisation = ws.dimension(ORGANISATION) if ws else None
    if ws is None or computed is None or organisation is None:
        return None
    year = ws.settings.year
    given = _given(loaded, year)
    months = tuple(sorted({m for _, m in given}))
    if not months:
        return None
    members = organisation.members()
    rows = []
    for code in organisation.paths():
        if not any((code, m) in given for m in months):
            continue
        name = members[code].name
        rows.append(
            YearRow(
                name if name == code else f"{name} ({code})",
                tkr(computed.organisation.amount((code,), year, Scenario.BUDGET)),
                tkr(computed.organisation.amount((code,), year, Scenario.OUTCOME)),
                tuple(tkr(given[code, m]) if (code, m) in given else "" for m in months),
            )
        )
    return YearTable(tuple(f"Prognos efter {month_name(m)}" for m in months), tuple(rows))


def read_post(entry: Entry, data: Mapping[str, str]) -> Posted:
    """The form's values checked, every problem named with its unit; ``changes`` holds only
    what differs from what is saved (a field absent from the post is left as it is)."""
    by_code = {r.code: r for r in entry.rows}
    errors = [
        Problem(
            "",
            f"Enheten «{key.removeprefix(FIELD)}» finns inte bland rapportens enheter med "
            "budget. Ladda om sidan och skriv prognoserna igen.",
        )
        for key in data
        if key.startswith(FIELD) and key.removeprefix(FIELD) not in by_code
    ]
    rows: list[EntryRow] = []
    changes: dict[str, str | None] = {}
    warnings: list[str] = []
    for row in entry.rows:
        if row.field not in data:
            rows.append(row)
            continue
        text = data[row.field].strip()
        if row.detailed:
            errors.append(Problem(row.id, f"{row.label}: {_DETAILED}"))
            rows.append(replace(row, value=text, error=_DETAILED))
            continue
        amount, error = _amount(text)
        rows.append(replace(row, value=text, error=error))
        if error:
            errors.append(Problem(row.id, f"{row.label}: {error}"))
            continue
        kronor = None if amount is None else amount * TKR
        if kronor is None and row.has_budget:
            warnings.append(
                f"{row.label} har en budget men ingen prognos efter {entry.month_name}."
            )
        if kronor != row.current:
            changes[row.code] = None if kronor is None else written(kronor / entry.kronor)
    return Posted(tuple(rows), changes, tuple(errors), tuple(warnings))


_DETAILED = (
    "Prognosen är uppdelad per kontogrupp eller verksamhet i prognoser.csv och ändras i filen, "
    "inte här."
)


def _amount(text: str) -> tuple[Decimal | None, str]:
    """The amount in tkr written in ``text`` ('' → None), or why it is not one."""
    if not text:
        return None, ""
    value = parse_number(text)
    if value is None or "%" in text:
        return None, f"«{text}» är inget belopp. Skriv prognosen i tkr, {EXAMPLE}."
    problem = number_problem(value)
    if problem is not None:
        return None, f"{problem} {NUMBER_HINT}"
    return value, ""


def after_conflict(rows: tuple[EntryRow, ...], saved: str, kronor: int) -> tuple[EntryRow, ...]:
    """The rows after a conflict: each input shows what is saved now (so that saving again
    overwrites nothing unseen), and what this user wrote is shown beside it."""
    now = parse_shown(saved)
    found = []
    for row in rows:
        amount = parse_number(now[row.code]) if row.code in now else None
        value = "" if amount is None else tkr(amount * kronor)
        found.append(replace(row, mine=row.value, value=value, error=""))
    return tuple(found)
