"""Reading kontroller.yaml: findings of the checks that the editors have accepted."""

from __future__ import annotations

import re

from uppsikt.located.yamlfile import Node
from uppsikt.model.checks import AcceptedFinding

CHECKS_FILE = "kontroller.yaml"
_CODE = re.compile(r"UPP\d{3}")


def read_check_config(node: Node) -> list[AcceptedFinding]:
    node.check_unknown(("godtagna",))
    found: list[AcceptedFinding] = []
    for child in node.nodes("godtagna", "ett godtaget fynd"):
        child.check_unknown(("kod", "avser", "skäl", "notering"))
        code = child.text("kod")
        about = child.text("avser")
        reason = child.text("skäl")
        if code and not _CODE.fullmatch(code):
            child.sink.error(
                "UPP408",
                f"«{code}» är ingen kod för en kontroll.",
                line=child.key_line("kod"),
                hint="Skriv koden som uppsikt check visar den, till exempel UPP421.",
            )
            continue
        if code and about and reason:
            note = child.text("notering", required=False)
            found.append(AcceptedFinding(code, about, reason, child.line, note=note))
    return found
