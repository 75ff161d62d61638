"""A fictional municipality of any size for ``uppsikt generate --kommun``: KS first with the
two nämnder reported under it (Revisionsnämnden, Valnämnden), the other nämnder each with a
förvaltning and its units, and a finansförvaltning. Deterministic for a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass

from uppsikt.synthetic.kommun import ACTIVITIES, PROJECTS, Activity, Municipality, Unit

MUNICIPALITY = "Storeby kommun"
ORGANISATION_NUMBER = "212000-9998"
FINANCE = ("FIN", "Finansförvaltningen")
UNDER_KS = (("REV", "Revisionsnämnden"), ("VAL", "Valnämnden"))
"""Nämnder reported in KS's report (ks-årsberättelse), each a top of its own."""

EXTRA_ACTIVITIES: tuple[Activity, ...] = (
    ("MILJO", "Miljö och bygg", "24-25", (("240", "Miljö- och hälsoskydd"), ("250", "Bygglov"))),
    ("RTJ", "Räddningstjänst", "29*", (("290", "Räddningstjänst"),)),
    ("KUL", "Kultur och fritid", "35-36", (("350", "Bibliotek"), ("360", "Fritidsverksamhet"))),
    ("VUX", "Vuxenutbildning", "44*", (("440", "Vuxenutbildning"),)),
    ("AMA", "Arbetsmarknadsåtgärder", "58*", (("580", "Arbetsmarknadsåtgärder"),)),
)

NAMNDER = (
    # code, name, the activity codes its units book on
    ("BUN", "Barn- och utbildningsnämnden", ("407", "425")),
    ("SN", "Socialnämnden", ("570", "520")),
    ("VON", "Vård- och omsorgsnämnden", ("510", "511")),
    ("TN", "Tekniska nämnden", ("210", "220", "280")),
    ("KFN", "Kultur- och fritidsnämnden", ("350", "360")),
    ("MBN", "Miljö- och byggnadsnämnden", ("240", "250")),
    ("GVN", "Gymnasie- och vuxenutbildningsnämnden", ("430", "440")),
    ("AMN", "Arbetsmarknadsnämnden", ("580",)),
    ("FSN", "Fastighetsnämnden", ("260",)),
    ("RN", "Räddningsnämnden", ("290",)),
    ("SBN", "Samhällsbyggnadsnämnden", ("210", "250")),
    ("OFN", "Överförmyndarnämnden", ("140",)),
)
"""The nämnder after KS, REV and VAL, in order; beyond these: Nämnd 16, Nämnd 17 …"""

PLACES = (
    "Ekbacken", "Norrby", "Söderåsen", "Lindhagen", "Björkhaga", "Västerlund", "Östermalm",
    "Tallbo", "Granbacka", "Sjöstaden", "Bergsjön", "Ängby", "Lillån", "Hagaby", "Rosendal",
    "Kvarnby", "Mossen", "Lövsta", "Aspudden", "Furuhöjd",
)  # fmt: skip
KS_UNITS = (
    "Ekonomiavdelningen", "HR-avdelningen", "Kansliavdelningen", "Kommunikationsavdelningen",
    "IT-avdelningen", "Upphandlingsenheten", "Näringslivsenheten", "Planeringsavdelningen",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Board:
    """A top of organisation.yaml: a nämnd, or the finansförvaltning."""

    code: str
    name: str
    kind: str
    """``nämnd`` or ``finansförvaltning`` (organisation.yaml's ``typ``)."""
    administration: tuple[str, str] | None
    """The förvaltning (code, name) that holds the units; None: booked on the top itself."""


@dataclass(frozen=True, slots=True)
class ScaledMunicipality:
    municipality: Municipality
    boards: tuple[Board, ...]
    """In organisation.yaml's order: KS, REV, VAL, the other nämnder, the finansförvaltning."""

    def units_of(self, board: str) -> tuple[Unit, ...]:
        """The units under a top's förvaltning (none for a top booked on itself)."""
        return tuple(u for u in self.municipality.units if u.board == board and u.code != board)


def scaled_municipality(namnder: int, units: int, seed: int) -> ScaledMunicipality:
    """``namnder`` nämnder (KS, REV, VAL and namnder − 3 others) and a finansförvaltning;
    ``units`` units spread over KS's and the other nämnder's förvaltningar."""
    if namnder < 4:
        raise ValueError("a kommun needs at least 4 nämnder (KS, REV, VAL and one more)")
    if units < namnder - 2:
        raise ValueError("every förvaltning needs a unit: units >= namnder - 2")
    rng = random.Random(seed)
    others = [_other(i) for i in range(namnder - 3)]
    activities_of = {"KS": ("110", "140"), **{code: acts for code, _, acts in others}}
    boards = [Board("KS", "Kommunstyrelsen", "nämnd", ("KLK", "Kommunledningskontoret"))]
    boards += [Board(code, name, "nämnd", None) for code, name in UNDER_KS]
    boards += [Board(c, n, "nämnd", (f"{c}-F", _administration(n))) for c, n, _ in others]
    boards.append(Board(*FINANCE, "finansförvaltning", None))
    with_units = [b for b in boards if b.administration is not None]
    made: list[Unit] = []
    for number, board in enumerate(boards, start=1):
        if board.administration is None:
            own: tuple[str, ...] = ("140",) if board.kind == "finansförvaltning" else ("110",)
            made.append(_unit(board.code, board.name, board.code, number, 0, own, 1))
            continue
        count = units // len(with_units) + (with_units.index(board) < units % len(with_units))
        for index in range(1, count + 1):
            pool = activities_of[board.code]
            acts = tuple(sorted(rng.sample(pool, min(len(pool), 1 + rng.randrange(2)))))
            place = PLACES[(index - 1) % len(PLACES)]
            round_ = (index - 1) // len(PLACES)
            name = f"{_activity_name(acts[0])} {place}" + (f" {round_ + 1}" if round_ else "")
            if board.code == "KS":
                name = KS_UNITS[index - 1] if index <= len(KS_UNITS) else f"Avdelning {index}"
            code = f"{board.code}-{index:03d}"
            made.append(_unit(code, name, board.code, number, index, acts, rng.randint(1, 5)))
    municipality = Municipality(
        MUNICIPALITY,
        ORGANISATION_NUMBER,
        tuple((b.code, b.name) for b in boards),
        tuple(made),
        (*ACTIVITIES, *EXTRA_ACTIVITIES),
        PROJECTS,
    )
    return ScaledMunicipality(municipality, tuple(boards))


def _other(index: int) -> tuple[str, str, tuple[str, ...]]:
    if index < len(NAMNDER):
        return NAMNDER[index]
    number = index + 4
    return f"N{number}", f"Nämnd {number}", NAMNDER[index % len(NAMNDER)][2]


def _administration(board_name: str) -> str:
    """Barn- och utbildningsnämnden → Barn- och utbildningsförvaltningen."""
    if board_name.endswith("nämnden"):
        return board_name.removesuffix("nämnden") + "förvaltningen"
    return f"Förvaltningen för {board_name}"


def _activity_name(code: str) -> str:
    return next(
        name
        for _, _, _, codes in (*ACTIVITIES, *EXTRA_ACTIVITIES)
        for activity, name in codes
        if activity == code
    )


def _unit(
    code: str, name: str, board: str, number: int, index: int, acts: tuple[str, ...], weight: int
) -> Unit:
    """A unit with one to three ansvar codes: two digits for the top, three for the unit, one
    for the ansvar (``0100`` … for a top booked on itself), all under one prefix rule."""
    prefix = f"{number:02d}{index:03d}"
    count = 1 + (number + index) % 3
    ansvar = tuple(f"{prefix}{a}" for a in range(1, count + 1))
    return Unit(code, name, board, ansvar, acts, weight, f"{prefix}*")
