"""The sections of uppsikt.yaml's `avsnitt` against the report type's table (REPORT_KINDS)."""

from __future__ import annotations

from collections.abc import Sequence

from uppsikt.located.yamlfile import Node
from uppsikt.model.settings import BUILT_IN_SECTIONS, ReportType


def section_allowed(name: str, report_type: ReportType, node: Node, line: int | None) -> bool:
    """Whether a section may stand in this type of report; reports one that may not.

    A name uppsikt does not fill itself is a section of text only, allowed in every report
    (its text file is checked with the other files).
    """
    kind = report_type.kind
    if name not in BUILT_IN_SECTIONS or name in kind.sections:
        return True
    node.sink.error(
        "UPP143",
        f"Avsnittet «{name}» finns inte i en rapport av typen {report_type.value}.",
        line=line,
        field_name="avsnitt",
        hint=f"Avsnitt som en {report_type.value} kan ha: {', '.join(kind.sections)}. "
        "Ta bort avsnittet eller ändra «rapport».",
    )
    return False


def required_sections(sections: Sequence[str], report_type: ReportType, node: Node) -> None:
    """Reports each section the type requires that `avsnitt` leaves out."""
    for name in report_type.kind.required_sections:
        if name not in sections:
            node.sink.error(
                "UPP144",
                f"En {report_type.value} ska ha avsnittet «{name}», men det saknas i «avsnitt».",
                line=node.key_line("avsnitt"),
                field_name="avsnitt",
                hint=f"Lägg till «- {name}» under «avsnitt».",
            )
