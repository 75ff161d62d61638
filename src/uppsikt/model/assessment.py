"""Goal fulfilment (måluppfyllelse) of an indicator or a commitment."""

from __future__ import annotations

import enum


class Assessment(enum.Enum):
    """Goal fulfilment of an indicator or commitment. Shown as symbol and text, never colour."""

    MET = "uppfyllt"
    PARTLY_MET = "delvis uppfyllt"
    NOT_MET = "ej uppfyllt"
    NOT_MEASURABLE = "kan inte bedömas"

    @property
    def symbol(self) -> str:
        return {
            Assessment.MET: "✔",
            Assessment.PARTLY_MET: "◐",
            Assessment.NOT_MET: "✘",
            Assessment.NOT_MEASURABLE: "–",
        }[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()
