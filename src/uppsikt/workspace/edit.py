"""Editing a workspace's files one unit at a time: pure functions from a file's text to its
new text, for the web application's forms (and any other editor).

Each function changes one editable unit (a text section, one KF-mål's stance, one målområde's
analysis and observations, one indicator value) and leaves the rest of the file as it was:
YAML through ruamel's round trip (comments, order and layout kept), CSV line by line. Input
is validated as the workspace reader would; a problem raises :class:`EditError` with a
Swedish message saying what to do.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from uppsikt.located.markdown import text_problem
from uppsikt.located.numbers import number_problem, parse_number
from uppsikt.located.userfile import forbidden_character
from uppsikt.located.yamlbounds import Refused, bounded_yaml
from uppsikt.model.goals import Stance
from uppsikt.model.indicators import TOTAL, Indicator, MissingReason
from uppsikt.workspace.edit_csv import HeaderError, parse_rows
from uppsikt.workspace.edit_csv import cells_of as _cells

MISSING_REASONS: tuple[str, ...] = tuple(r.value for r in MissingReason)
VALUE_COLUMNS = ("indikator", "uppdelning", "år", "värde", "saknas", "ca", "fotnot")
_SECTION = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_MAX_TEXT = 200_000


class EditError(ValueError):
    """An edit that cannot be made, with a message for the user (Swedish)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        """The form field the problem belongs to, when one does."""


# --- text/<section>.md -------------------------------------------------------------------


def text_path(section: str) -> str:
    """The workspace path of a text section's file; refuses names that are not sections."""
    if not _SECTION.match(section):
        raise EditError(f"«{section}» är inget giltigt avsnittsnamn.")
    return f"text/{section}.md"


def set_text(markdown: str) -> str:
    """A text section's new content: line endings normalised, one final newline."""
    text = markdown.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > _MAX_TEXT:
        raise EditError(f"Texten är för lång ({len(text)} tecken; högst {_MAX_TEXT}).", "markdown")
    problem = text_problem(text)
    if problem is not None:  # the reader's rule, so that a saved text always builds
        raise EditError(f"Rad {problem.line}: {problem.message}", "markdown")
    return text.rstrip("\n") + "\n" if text.strip() else ""


# --- mal.yaml --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AreaText:
    """The editable parts of a målområde: analysis and observations."""

    analysis: str = ""
    positive: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StanceText:
    """The editable parts of a KF-mål: the nämnd's stance and its account (Markdown)."""

    stance: str
    description: str = ""


def _yaml() -> YAML:
    yaml = bounded_yaml()  # the reader's bounds on nesting, aliases and characters
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load(text: str) -> Any:
    try:
        return _yaml().load(text)
    except (YAMLError, Refused, ValueError, TypeError, ArithmeticError, RecursionError) as exc:
        raise EditError(
            "mal.yaml går inte att läsa som YAML; rätta filen först (se Kontroller)."
        ) from exc


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _areas(data: Any) -> CommentedSeq:
    areas = data.get("målområden") if isinstance(data, CommentedMap) else None
    if not isinstance(areas, CommentedSeq):
        raise EditError("mal.yaml har inga målområden.")
    return areas


def _area(data: Any, area_id: str) -> CommentedMap:
    for area in _areas(data):
        if isinstance(area, CommentedMap) and str(area.get("id")) == area_id:
            return area
    raise EditError(f"Målområdet «{area_id}» finns inte i mal.yaml.")


def _goal(data: Any, goal_id: str) -> CommentedMap:
    for area in _areas(data):
        goals = area.get("kf_mål") if isinstance(area, CommentedMap) else None
        for goal in goals if isinstance(goals, CommentedSeq) else ():
            if isinstance(goal, CommentedMap) and str(goal.get("id")) == goal_id:
                return goal
    raise EditError(f"KF-målet «{goal_id}» finns inte i mal.yaml.")


def _block(text: str) -> str | LiteralScalarString:
    """Markdown as YAML: a literal block when it has several lines, else plain."""
    cleaned = set_text(text).rstrip("\n")
    return LiteralScalarString(cleaned + "\n") if "\n" in cleaned else cleaned


def _lines(items: tuple[str, ...], field: str) -> CommentedSeq:
    seq = CommentedSeq()
    for item in items:
        line = " ".join(item.split())
        found = forbidden_character(line)
        if found is not None:
            raise EditError(found.message(), field)
        if line:
            seq.append(line)
    if len(seq) > 50:
        raise EditError("Högst 50 punkter per lista.", field)
    return seq


def _set(node: CommentedMap, key: str, value: Any, after: tuple[str, ...]) -> None:
    """Set ``key``, or insert it after the last of ``after`` present (keeps the file's order)."""
    if key in node:
        node[key] = value
        return
    keys = list(node.keys())
    position = max((keys.index(k) + 1 for k in after if k in node), default=len(keys))
    node.insert(position, key, value)


@functools.lru_cache(maxsize=16)
def _parsed(text: str) -> Any:
    """A file parsed for reading only, shared between calls: a page reads every målområde and
    KF-mål of the same text, and parsing it each time would cost a fifth of a second each.
    Callers must not change the tree (the set_* functions parse their own)."""
    return _load(text)


def read_area(text: str, area_id: str) -> AreaText:
    area = _area(_parsed(text), area_id)
    return AreaText(
        analysis=str(area.get("analys") or ""),
        positive=tuple(str(p) for p in area.get("positiva_iakttagelser") or ()),
        improvements=tuple(str(p) for p in area.get("förbättringsområden") or ()),
    )


def set_area(text: str, area_id: str, new: AreaText) -> str:
    """mal.yaml with one målområde's analysis and observations replaced."""
    data = _load(text)
    area = _area(data, area_id)
    order = ("id", "nummer", "namn")
    _set(area, "analys", _block(new.analysis), order)
    _set(area, "positiva_iakttagelser", _lines(new.positive, "positive"), (*order, "analys"))
    _set(
        area,
        "förbättringsområden",
        _lines(new.improvements, "improvements"),
        (*order, "analys", "positiva_iakttagelser"),
    )
    return _dump(data)


def read_stance(text: str, goal_id: str) -> StanceText:
    goal = _goal(_parsed(text), goal_id)
    return StanceText(str(goal.get("ställningstagande") or ""), str(goal.get("beskrivning") or ""))


def set_stance(text: str, goal_id: str, new: StanceText) -> str:
    """mal.yaml with one KF-mål's stance and account replaced.

    A goal with åtaganden keeps the stance åtagande and one without cannot take it, as the
    reader requires; the åtaganden themselves are not edited here.
    """
    known = {s.value for s in Stance}
    if new.stance not in known:
        raise EditError(
            f"Okänt ställningstagande «{new.stance}»; välj {', '.join(sorted(known))}.", "stance"
        )
    data = _load(text)
    goal = _goal(data, goal_id)
    has_commitments = bool(goal.get("åtaganden"))
    if has_commitments and new.stance != Stance.COMMITMENTS.value:
        raise EditError("Målet har åtaganden, så ställningstagandet måste vara åtagande.", "stance")
    if not has_commitments and new.stance == Stance.COMMITMENTS.value:
        raise EditError(
            "Målet har inga åtaganden; välj grunduppdrag eller ej-relevant "
            "(åtaganden läggs till i mal.yaml).",
            "stance",
        )
    _set(goal, "ställningstagande", new.stance, ("id", "text"))
    _set(goal, "beskrivning", _block(new.description), ("id", "text", "ställningstagande"))
    return _dump(data)


# --- indikatorvarden.csv --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValueCell:
    """One row of indikatorvarden.csv as written: the value text or why it is missing."""

    value: str = ""
    missing: str = ""
    approximate: bool = False
    footnote: str = ""


def check_value(indicator: Indicator, breakdown: str, year: int, cell: ValueCell) -> ValueCell:
    """The cell normalised (number written with decimal comma), or EditError saying why not."""
    keys = {TOTAL, *(b.key for b in indicator.breakdowns)}
    if breakdown not in keys:
        raise EditError(
            f"Indikatorn «{indicator.id}» har ingen uppdelning «{breakdown}».", "breakdown"
        )
    if not 1900 <= year <= 2200:
        raise EditError(f"Året {year} är inte rimligt.", "year")
    text = cell.value.strip()
    if not text:
        if cell.missing not in MISSING_REASONS:
            raise EditError("Ange ett värde, eller välj varför värdet saknas.", "value")
        return ValueCell("", cell.missing, False, cell.footnote.strip())
    for name, written in (("value", text), ("footnote", cell.footnote)):
        found = forbidden_character(written)
        if found is not None:
            raise EditError(found.message(), name)
    if cell.missing:
        raise EditError(
            "Ett värde som finns kan inte samtidigt sakna skäl; töm «saknas».", "missing"
        )
    number = parse_number(text)
    if number is None:
        shown = text if len(text) <= 60 else f"{text[:60]}…"
        raise EditError(f"«{shown}» är inget tal; skriv t.ex. 1 250 eller 29,5.", "value")
    problem = number_problem(number)  # the reader's rule: what is saved can be read and shown
    if problem is not None:
        raise EditError(problem, "value")
    if indicator.is_share(breakdown) and not Decimal(0) <= number <= Decimal(100):
        raise EditError(f"{_plain(number)} % är en andel och ligger utanför 0–100.", "value")
    if indicator.unit_of(breakdown) == "antal" and number < 0 and not indicator.signed:
        raise EditError("Ett antal kan inte vara negativt.", "value")
    return ValueCell(_plain(number), "", cell.approximate, cell.footnote.strip())


def _plain(number: Decimal) -> str:
    return format(number, "f").replace(".", ",")


def _parse_rows(text: str) -> tuple[list[str], int, list[str]]:
    try:
        return parse_rows(text)
    except HeaderError as exc:
        raise EditError(str(exc)) from exc


def _matches(cells: dict[str, str], indicator: str, breakdown: str, year: int) -> bool:
    return (
        cells["indikator"] == indicator
        and (cells["uppdelning"] or TOTAL) == breakdown
        and cells["år"] == str(year)
    )


def read_value(text: str, indicator: str, breakdown: str, year: int) -> ValueCell | None:
    """The row for (indicator, breakdown, year), or None when the file has none."""
    return read_values(text).get((indicator, breakdown, str(year)))


@functools.lru_cache(maxsize=16)
def read_values(text: str) -> dict[tuple[str, str, str], ValueCell]:
    """Every row of indikatorvarden.csv by (indicator, breakdown, year as written); the first
    row wins, as in a file read top down. Cached: a table page reads every cell of one text."""
    lines, start, header = _parse_rows(text)
    found: dict[tuple[str, str, str], ValueCell] = {}
    for line in lines[start + 1 :] if start >= 0 else ():
        cells = _cells(line, header)
        if cells is None:
            continue
        key = (cells["indikator"], cells["uppdelning"] or TOTAL, cells["år"])
        found.setdefault(
            key,
            ValueCell(
                cells["värde"],
                cells.get("saknas", ""),
                cells.get("ca", "").lower() in ("ja", "x", "1", "true"),
                cells.get("fotnot", ""),
            ),
        )
    return found


def set_value(text: str, indicator: Indicator, breakdown: str, year: int, cell: ValueCell) -> str:
    """indikatorvarden.csv with the row for (indicator, breakdown, year) set to ``cell``.

    The row is replaced where it is, or added after the indicator's last row (at the end for
    a new indicator); comments and every other row stay as they were.
    """
    checked = check_value(indicator, breakdown, year, cell)
    lines, start, header = _parse_rows(text)
    if start < 0:
        header = list(VALUE_COLUMNS)
        lines = [*lines, ";".join(header) + "\n"]
        start = len(lines) - 1
    for column, wanted in (("saknas", checked.missing), ("ca", checked.approximate)):
        if wanted and column not in header:
            raise EditError(f"indikatorvarden.csv saknar kolumnen «{column}»; lägg till den först.")
    row = _row(header, indicator.id, breakdown, year, checked)
    last_of_indicator = None
    for index in range(start + 1, len(lines)):
        cells = _cells(lines[index], header)
        if cells is None:
            continue
        if _matches(cells, indicator.id, breakdown, year):
            ending = lines[index][len(lines[index].rstrip("\r\n")) :] or "\n"
            lines[index] = row + ending
            return "".join(lines)
        if cells["indikator"] == indicator.id:
            last_of_indicator = index
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    position = len(lines) if last_of_indicator is None else last_of_indicator + 1
    lines.insert(position, row + "\n")
    return "".join(lines)


def _row(header: list[str], indicator: str, breakdown: str, year: int, cell: ValueCell) -> str:
    values = {
        "indikator": indicator,
        "uppdelning": breakdown,
        "år": str(year),
        "värde": cell.value,
        "saknas": cell.missing,
        "ca": "ja" if cell.approximate else "",
        "fotnot": cell.footnote,
    }
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="").writerow([values.get(h, "") for h in header])
    return out.getvalue()
