"""What `uppsikt new-year` changes in each YAML file it carries (uppsikt.workspace.new_year).

Each change takes the file's round-trip tree (comments kept), the file's name in the new
workspace and the :class:`Turn` of the year, and edits the tree in place: the year's texts and
assessments left out, settings moved on, values carried from the old year marked
``# granska`` and listed for review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap

from uppsikt.workspace.kommun import SETTINGS_FILE

REVIEW = "granska"
"""The comment that marks a value carried from the old year for the user to review."""

SERIES_FINDINGS = ("UPP420", "UPP421", "UPP422", "UPP423", "UPP425", "UPP429")
"""Accepted findings about indicator values, kept: the values stay in the series. Every other
accepted finding concerned last year's figures and texts and is not carried."""

_YEAR_TEXTS = {
    "målområde": ("analys", "positiva_iakttagelser", "förbättringsområden"),
    "kf_mål": ("beskrivning", "egen_bedömning", "motivering"),
    "åtagande": ("beskrivning", "egen_bedömning", "motivering"),
    "inriktning": ("bidrag",),
}
"""The nämnd's texts and assessments of the year in mal.yaml, emptied (left out)."""

_SETTINGS_DROPPED = ("beslutsdatum", "diarienummer")
_INTRAPRENAD_DROPPED = (
    "bokfört_resultat",
    "ianspråktagande",
    "prognostiserat_ianspråktagande",
    "justeringar",
)
_INTRAPRENAD_REVIEWED = ("ingående_resultat", "budgetomslutning")


@dataclass(frozen=True, slots=True)
class Review:
    """A value carried from the old year that the user should look at."""

    file: str
    """The file in the new workspace, relative to its folder."""
    what: str
    """What to review, in Swedish."""


@dataclass(slots=True)
class Turn:
    """The year that ended and the one that starts, and what to review so far."""

    old: int
    new: int
    reviews: list[Review] = field(default_factory=list)


def _mark(node: CommentedMap, key: Any, note: str) -> None:
    """A ``# granska: note`` comment on ``key``'s line, keeping the comments already there."""
    before = node.ca.items.get(key)
    earlier = before[2].value if before and len(before) > 2 and before[2] is not None else ""
    node.fa.set_block_style()
    node.yaml_add_eol_comment(f"# {REVIEW}", key)
    mark = f" # {REVIEW}: {note}"
    if earlier.startswith("#"):  # a comment on the same line: kept after the mark
        first, _, rest = earlier.partition("\n")
        mark = f"{mark}; {first.lstrip('#').strip()}\n{rest}"
    elif earlier:  # comment lines that follow
        mark += earlier
    node.ca.items[key][2].value = mark


def _maps(data: Any, key: str) -> list[CommentedMap]:
    items = data.get(key) if isinstance(data, dict) else None
    return [i for i in items if isinstance(i, CommentedMap)] if isinstance(items, list) else []


def _drop(node: CommentedMap, keys: tuple[str, ...]) -> bool:
    found = [k for k in keys if k in node]
    for key in found:
        del node[key]
    return bool(found)


def _settings(data: Any, rel: str, turn: Turn) -> None:
    del rel
    if not isinstance(data, CommentedMap):
        return
    data["år"] = turn.new
    _drop(data, _SETTINGS_DROPPED)
    plan = data.get("plan")
    if isinstance(plan, str):  # the year's plan, renamed with its folder (bun-plan-2025)
        data["plan"] = re.sub(rf"(?<!\d){turn.old}(?!\d)", str(turn.new), plan)


def _assessments(data: Any, rel: str, turn: Turn) -> None:
    """A report's texts on the plan's goals (bedomningar.yaml) belong to the year that ended."""
    del rel, turn
    if isinstance(data, CommentedMap) and "bedömningar" in data:
        data["bedömningar"] = []


def _goals(data: Any, rel: str, turn: Turn) -> None:
    del rel, turn
    for area in _maps(data, "målområden"):
        _drop(area, _YEAR_TEXTS["målområde"])
        for goal in _maps(area, "kf_mål"):
            _drop(goal, _YEAR_TEXTS["kf_mål"])
            for commitment in _maps(goal, "åtaganden"):
                _drop(commitment, _YEAR_TEXTS["åtagande"])
        for direction in _maps(area, "inriktningar"):
            _drop(direction, _YEAR_TEXTS["inriktning"])


def _indicators(data: Any, rel: str, turn: Turn) -> None:
    """The old year's target carried to the new year where it has none, marked for review."""
    for indicator in _maps(data, "indikatorer"):
        name = str(indicator.get("id", "?"))
        per_year = indicator.get("målvärden")
        per_year = per_year if isinstance(per_year, CommentedMap) else None
        years = {str(k).strip(): k for k in per_year} if per_year is not None else {}
        if str(turn.new) in years:
            continue
        if "målvärde" in indicator:  # the report year's target: the new year's from now on
            single = indicator["målvärde"]
            if per_year is not None and str(turn.old) not in years:
                per_year[turn.old] = single  # the old year's target stays in its history
            elif per_year is None:
                indicator.insert(
                    list(indicator).index("målvärde") + 1, "målvärden", {turn.old: single}
                )
            _mark(indicator, "målvärde", f"målvärdet för {turn.old}")
            turn.reviews.append(Review(rel, f"{name}: målvärde {single} gäller nu {turn.new}"))
        elif per_year is not None and str(turn.old) in years:
            value = per_year[years[str(turn.old)]]
            per_year[turn.new] = value
            _mark(per_year, turn.new, f"målvärdet för {turn.old}")
            turn.reviews.append(Review(rel, f"{name}: målvärde {value} för {turn.new}"))
        elif "målvärde_fotnot" in indicator:
            _mark(indicator, "målvärde_fotnot", f"fotnoten gällde {turn.old}")
            turn.reviews.append(Review(rel, f"{name}: målvärde saknas; fotnoten gällde {turn.old}"))


def _tables(data: Any, rel: str, turn: Turn) -> None:
    del rel, turn
    for table in _maps(data, "tabeller"):
        _drop(table, ("kommentar",))


def _intraprenader(data: Any, rel: str, turn: Turn) -> None:
    for entry in _maps(data, "intraprenader"):
        _drop(entry, _INTRAPRENAD_DROPPED)
        unit = str(entry.get("enhet", "?"))
        for key in _INTRAPRENAD_REVIEWED:
            if key in entry:
                _mark(entry, key, f"gällde {turn.old}")
        turn.reviews.append(
            Review(
                rel,
                f"{unit}: ingående resultat ska vara utgående ackumulerat resultat {turn.old}; "
                f"budgetomslutningen ska gälla {turn.new}",
            )
        )


def _followed_up(data: Any, rel: str, turn: Turn) -> None:
    """uppdrag.yaml and projekt.yaml: the year's comments emptied, each status reviewed."""
    items = [*_maps(data, "uppdrag")]
    for portfolio in _maps(data, "portföljer"):
        items.extend(_maps(portfolio, "projekt"))
    for item in items:
        _drop(item, ("kommentar",))
        if "status" in item:
            _mark(item, "status", f"status {turn.old}")
    if items:
        kind = "uppdrag" if "uppdrag" in data else "projekt"
        turn.reviews.append(Review(rel, f"statusen för {len(items)} {kind} gällde {turn.old}"))


def keep_accepted(data: Any, new_rel: str, turn: Turn) -> bool:
    """kontroller.yaml with the accepted findings about indicator values only, each marked for
    review; False when none is left and the file is not carried."""
    accepted = data.get("godtagna") if isinstance(data, CommentedMap) else None
    if not isinstance(accepted, list):
        return False
    kept = [a for a in accepted if isinstance(a, CommentedMap) and a.get("kod") in SERIES_FINDINGS]
    if not kept:
        return False
    for finding in kept:
        _mark(finding, "kod", "gäller indikatorvärden som finns kvar")
    accepted[:] = kept
    turn.reviews.append(
        Review(new_rel, f"{len(kept)} godtagna fynd om indikatorernas tidigare värden behålls")
    )
    return True


CHANGES: dict[str, Callable[[Any, str, Turn], None]] = {
    SETTINGS_FILE: _settings,
    "mal.yaml": _goals,
    "bedomningar.yaml": _assessments,
    "indikatorer.yaml": _indicators,
    "tabeller.yaml": _tables,
    "intraprenader.yaml": _intraprenader,
    "uppdrag.yaml": _followed_up,
    "projekt.yaml": _followed_up,
}
