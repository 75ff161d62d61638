"""Findings of the checks that the editors have looked at and accepted, with their reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AcceptedFinding:
    """A finding the editors accept: a published figure kept as published, say.

    It matches a diagnostic with the same ``code`` whose location or message contains
    ``about`` (case-insensitive). The check still lists it, as a note with the reason, and it
    no longer stops the build.
    """

    code: str
    about: str
    reason: str
    line: int | None = None
    shared: bool = False
    """Accepted in the kommun's kontroller.yaml, for every report of the kommun: a report
    without the finding is no reason to warn (another report has it)."""
    note: str = ""
    """A note for the reader (``notering``), printed as a footnote where the figure stands:
    on the row of each indicator ``about`` names (and of the indicators showing the same
    figure elsewhere), on the cell of the year it names («år 2019»). Empty: no note."""
