"""Reading organisation.yaml and dimensioner.yaml: trees of members with codes.

organisation.yaml is one tree whose root is the nämnd (a workspace of one nämnd), or the
municipality: its tops (nämnder, the finansförvaltning) listed under ``nämnder``. Either way
the organisation is a dimension whose roots are the tops.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node
from uppsikt.model.dimensions import ORGANISATION, Dimension, Member, UnitKind

_CODE = re.compile(r"^[^\s;|{}.]+$")
_TOPS = "nämnder"
_TREE_KEYS = ("kod", "namn", "delar", "intraprenad", "typ")
_KINDS = {kind.value: kind for kind in UnitKind}
_KOMMUN_EXAMPLE = (
    "nämnder:\n  - kod: KS\n    namn: Kommunstyrelsen\n  - kod: REV\n    namn: Revisionsnämnden"
)


def organisation_node(data: Any, sink: Sink, what: str) -> Node | None:
    """The root of organisation.yaml. Nämnder written as a list at the root are the likely
    slip of a kommun's organisation: the message shows the form with ``nämnder:``."""
    if isinstance(data, CommentedSeq):
        sink.error(
            "UPP197",
            "organisation.yaml börjar med en lista. En organisation med flera nämnder listar "
            "dem under «nämnder:»; en enda nämnd skrivs med kod, namn och delar överst.",
            line=1,
            hint=f"Skriv «nämnder:» överst och nämnderna indragna under den:\n{_KOMMUN_EXAMPLE}",
        )
        return None
    return Node.root(data, sink, what)


def read_organisation(node: Node) -> Dimension | None:
    """The organisation dimension ('enhet'): its roots are the tops, the nämnder."""
    if node.has(_TOPS):
        return _kommun(node)
    root = _member(node, allow_flags=True, top=True)
    if root is None:
        return None
    return Dimension(ORGANISATION, "Enhet", (root,))


def _kommun(node: Node) -> Dimension | None:
    """A municipality's organisation: ``kommun`` (its name, optional) and ``nämnder``."""
    node.check_unknown(("kommun", _TOPS, *_TREE_KEYS))
    mixed = [key for key in _TREE_KEYS if node.has(key)]
    if mixed:
        node.sink.error(
            "UPP198",
            f"organisation.yaml har både «nämnder» och «{mixed[0]}» överst: en nämnds kod, namn "
            "och delar står under «nämnder», inte bredvid.",
            line=node.key_line(mixed[0]),
            field_name=mixed[0],
            hint="Flytta nämndens uppgifter till ett element i listan «nämnder», eller ta bort "
            "«nämnder» om filen beskriver en enda nämnd.",
        )
    node.text("kommun", required=False)
    written = node.raw(_TOPS)
    if isinstance(written, CommentedSeq) and not written:
        node.sink.error(
            "UPP198",
            "Listan «nämnder» är tom.",
            line=node.key_line(_TOPS),
            field_name=_TOPS,
            hint=f"Skriv kommunens nämnder, var och en med kod och namn:\n{_KOMMUN_EXAMPLE}",
        )
    tops = tuple(
        m
        for m in (_member(n, allow_flags=True, top=True) for n in node.nodes(_TOPS, "en nämnd"))
        if m is not None
    )
    return Dimension(ORGANISATION, "Enhet", tops) if tops else None


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


def _member(node: Node, *, allow_flags: bool, top: bool = False) -> Member | None:
    allowed = _TREE_KEYS if allow_flags else ("kod", "namn", "delar")
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
    kind = _kind(node, top=top) if allow_flags else UnitKind.ENHET
    if not code or not name:
        return None
    return Member(code=code, name=name, children=children, intraprenad=intraprenad, kind=kind)


def _kind(node: Node, *, top: bool) -> UnitKind:
    """``typ``: a nämnd by default at the top, an enhet below; a nämnd only at the top."""
    default = UnitKind.NAMND if top else UnitKind.ENHET
    if not node.has("typ"):
        return default
    kind: UnitKind | None = node.choice("typ", _KINDS)
    if kind is None:
        return default
    if kind.top_only and not top:
        node.sink.error(
            "UPP196",
            "En nämnd står bara överst i organisationen, inte under en annan nämnd eller enhet.",
            line=node.key_line("typ"),
            field_name="typ",
            hint="En nämnd som redovisas under KS skrivs som en egen nämnd under «nämnder:»; "
            "KS rapport tar med den med omfattning: [KS, REV] i uppsikt.yaml. Under en nämnd "
            "är typ förvaltning, enhet eller finansförvaltning.",
        )
        return default
    if top and kind in (UnitKind.FORVALTNING, UnitKind.ENHET):
        node.sink.error(
            "UPP196",
            f"Överst i organisationen står en nämnd (eller finansförvaltningen), inte en "
            f"{kind.value}.",
            line=node.key_line("typ"),
            field_name="typ",
            hint=f"Lägg {kind.value}en i «delar» under sin nämnd, eller ta bort «typ» så är "
            "den en nämnd.",
        )
        return default
    return kind
