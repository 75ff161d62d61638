"""What the cover of every format says, worded once: the HTML, PDF and Word covers show the
same lines, and the colophon (which program made the report) goes at the end, not on the
cover's face."""

from __future__ import annotations

from dataclasses import dataclass

from uppsikt.located.format import swedish_date
from uppsikt.reports.model import Meta

NOT_DECIDED = "Ej beslutad"


@dataclass(frozen=True, slots=True)
class Cover:
    """The cover's texts, from the top down; an empty text is left out."""

    kommun: str
    namnd: str
    title: str
    """The report title with its year ('Årsberättelse 2020'), '(utkast)' for a draft."""
    year: str
    """'År 2020' when the title does not carry the year, otherwise empty."""
    decision: str
    """'Beslutad av Vuxenutbildningsnämnden 18 februari 2021', or 'Ej beslutad'."""
    diarienummer: str
    """'Diarienummer: VAN 2021/12', or empty."""
    colophon: str
    """'Skapad med uppsikt 0.1.0.', printed at the end of the report; empty when unknown."""


def cover(meta: Meta) -> Cover:
    """The cover texts of a report."""
    decision = NOT_DECIDED
    if meta.decision_date is not None:
        decision = f"Beslutad av {meta.namnd} {swedish_date(meta.decision_date)}"
    return Cover(
        kommun=meta.kommun,
        namnd=meta.namnd,
        title=meta.shown_title,
        year="" if str(meta.year) in meta.title else f"År {meta.year}",
        decision=decision,
        diarienummer=f"Diarienummer: {meta.diarienummer}" if meta.diarienummer else "",
        colophon=f"Skapad med {meta.generated_by}." if meta.generated_by else "",
    )
