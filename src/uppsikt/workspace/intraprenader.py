"""Reading intraprenader.yaml."""

from __future__ import annotations

from decimal import Decimal

from uppsikt.located.yamlfile import Node
from uppsikt.model.intraprenad import Adjustment, Intraprenad

INTRAPRENADER_FILE = "intraprenader.yaml"
_KEYS = (
    "enhet", "namn", "ingående_resultat", "budgetomslutning", "bokfört_resultat",
    "ianspråktagande", "prognostiserat_ianspråktagande", "justeringar",
)  # fmt: skip


def read_intraprenader(node: Node, kronor_per_unit: int) -> list[tuple[int | None, Intraprenad]]:
    node.check_unknown(("intraprenader",))
    scale = Decimal(kronor_per_unit)
    found: list[tuple[int | None, Intraprenad]] = []
    for child in node.nodes("intraprenader", "en intraprenad"):
        child.check_unknown(_KEYS)
        unit = child.text("enhet")
        name = child.text("namn")
        opening = child.number("ingående_resultat")
        turnover = child.number("budgetomslutning")
        booked = child.number("bokfört_resultat", required=False)
        drawn = child.number("ianspråktagande", required=False) or Decimal(0)
        planned = child.number("prognostiserat_ianspråktagande", required=False)
        adjustments: list[Adjustment] = []
        for adj in child.nodes("justeringar", "en justering"):
            adj.check_unknown(("namn", "belopp"))
            amount = adj.number("belopp")
            if amount is not None:
                adjustments.append(Adjustment(adj.text("namn"), amount * scale))
        if not unit or not name or opening is None or turnover is None:
            continue
        if turnover <= 0:
            child.sink.error(
                "UPP190",
                "Budgetomslutningen ska vara ett positivt belopp.",
                line=child.key_line("budgetomslutning"),
                hint="Ange intraprenadens budgeterade omslutning (bruttokostnader) utan "
                "minustecken.",
            )
        found.append(
            (
                child.line,
                Intraprenad(
                    unit=unit,
                    name=name,
                    opening_result=opening * scale,
                    budget_turnover=turnover * scale,
                    booked_result=None if booked is None else booked * scale,
                    adjustments=tuple(adjustments),
                    drawn=drawn * scale,
                    planned_use=None if planned is None else planned * scale,
                ),
            )
        )
    return found
