"""Units an indicator may be measured in, with their Swedish display suffix."""

from __future__ import annotations

UNITS: dict[str, str] = {
    "antal": "",
    "procent": " %",
    "månader": "",
    "dagar": "",
    "index": "",
    "kr": "",
    "tkr": "",
    "mnkr": "",
    "årsarbetare": "",
    "betyg": "",
}
"""Each known unit mapped to the suffix written after a value in tables ('29,5 %')."""
