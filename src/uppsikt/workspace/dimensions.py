"""Reading organisation.yaml and dimensioner.yaml: trees of members with codes."""

from __future__ import annotations

import re

from uppsikt.located.yamlfile import Node
from uppsikt.model.dimensions import ORGANISATION, Dimension, Member

_CODE = re.compile(r"^[^\s;|{}.]+$")


def read_organisation(node: Node) -> Dimension | None:
    """The organisation dimension ('enhet'); the root of the file is the nämnd itself."""
    root = _member(node, allow_flags=True)
    if root is None:
        return None
    return Dimension(ORGANISATION, "Enhet", (root,))


def read_dimensions(node: Node) -> list[Dimension]:
    dimensions: list[Dimension] = []
    for key in node.data:
        name = str(key)
        child = node.child(name)
        if child is None:
            continue
        if name == ORGANISATION:
            node.sink.error(
                "UPP140",
                "Dimensionen «enhet» beskrivs i organisation.yaml, inte här.",
                line=node.key_line(name),
            )
            continue
        child.check_unknown(("namn", "medlemmar", "driftredovisning"))
        label = child.text("namn")
        members = tuple(
            m
            for m in (_member(n, allow_flags=False) for n in child.nodes("medlemmar", "en medlem"))
            if m is not None
        )
        operating = child.boolean("driftredovisning", default=True)
        dimensions.append(Dimension(name, label or name, members, operating))
    return dimensions


def _member(node: Node, *, allow_flags: bool) -> Member | None:
    allowed = ("kod", "namn", "delar", "intraprenad") if allow_flags else ("kod", "namn", "delar")
    node.check_unknown(allowed)
    code = node.text("kod")
    name = node.text("namn")
    if code and not _CODE.match(code):
        node.sink.error(
            "UPP141",
            f"Koden «{code}» innehåller mellanslag, punkt eller andra otillåtna tecken.",
            line=node.key_line("kod"),
            field_name="kod",
            hint="Använd en kort kod utan mellanslag, t.ex. FS-LED.",
        )
    children = tuple(
        m
        for m in (_member(n, allow_flags=allow_flags) for n in node.nodes("delar", "en enhet"))
        if m is not None
    )
    intraprenad = node.boolean("intraprenad") if allow_flags else False
    if not code or not name:
        return None
    return Member(code=code, name=name, children=children, intraprenad=intraprenad)
