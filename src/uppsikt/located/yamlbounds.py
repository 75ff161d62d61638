"""YAML parsed within bounds: nesting depth, aliases, and characters in values.

ruamel composes a document into a node tree and then constructs Python objects from it;
both walk the tree recursively, and an alias makes a node appear once in the file but many
times in the tree that readers (and messages) walk. The composer here counts, while it
composes and before anything is constructed:

- the nesting depth (``limits().yaml_max_depth``): a document nested deeper is refused at the
  line where it passes the bound, long before Python's recursion limit;
- the aliases (``yaml_max_aliases``), and the values they stand for, each alias counted as
  a copy of what it names (``yaml_max_expanded_nodes``), measured on the shared nodes
  without expanding them, so that an alias bomb («billion laughs») is refused at once;
- aliases that name a node still open (a document that contains itself);
- characters no renderer can take in a value, written as an escape (``"\\e"``), which the
  file scan of :mod:`uppsikt.located.userfile` cannot see.

The constructor turns an error that the library lets escape as a plain Python error (an
impossible date, ``!!int tolv``, an integer of 5 000 digits) into a located ConstructorError.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from uppsikt.located.limits import limits
from uppsikt.located.userfile import FORBIDDEN_HINT, forbidden_character


class Refused(Exception):
    """A document refused for passing a bound, with its diagnostic."""

    def __init__(self, code: str, message: str, mark: Any, hint: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line: int | None = mark.line + 1 if mark is not None else None
        self.column: int | None = mark.column + 1 if mark is not None else None
        self.hint = hint


_ALIAS_HINT = (
    "Skriv ut värdena i stället för att hänvisa till dem med & och *; "
    "uppsikts filer behöver inga alias."
)


class BoundedComposer(Composer):
    """ruamel's composer, counting depth, aliases and expanded size as it composes."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False
        self._bounds = limits()
        self.aliases = 0
        self.expanded = 0
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        bounds = self._bounds
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            self.aliases += 1
            if self.aliases > bounds.yaml_max_aliases:
                raise Refused(
                    "UPP107",
                    f"Filen har fler än {bounds.yaml_max_aliases} alias (*namn).",
                    event.start_mark,
                    _ALIAS_HINT,
                )
            node = super().compose_node(parent, index)
            if node.end_mark is None:
                raise Refused(
                    "UPP107",
                    f"Aliaset *{event.anchor} hänvisar till en lista eller tabell som innehåller "
                    "aliaset självt.",
                    event.start_mark,
                    _ALIAS_HINT,
                )
            self._count(self._size(node), event.start_mark)
            return node
        if self.depth >= bounds.yaml_max_depth:
            raise Refused(
                "UPP106",
                f"Filen är nästlad djupare än {bounds.yaml_max_depth} nivåer.",
                event.start_mark,
                "Skriv innehållet med färre nivåer av listor och nycklar (se docs/workspace.md).",
            )
        return super().compose_node(parent, index)

    def compose_scalar_node(self, anchor: Any) -> Any:
        event = self.parser.peek_event()
        value = event.value if isinstance(event.value, str) else ""
        if event.style == ">":
            value = value.replace("\a", "")  # ruamel marks the folds of a folded scalar so
        found = forbidden_character(value)
        if found is not None:
            raise Refused("UPP108", found.message(), event.start_mark, FORBIDDEN_HINT)
        return super().compose_scalar_node(anchor)

    def _count(self, size: int, mark: Any) -> None:
        self.expanded += size
        bound = self._bounds.yaml_max_expanded_nodes
        if self.expanded > bound:
            raise Refused(
                "UPP107",
                f"Filens alias (*namn) står för fler än {bound:_} värden när de skrivs ut.".replace(
                    "_", "\u00a0"
                ),
                mark,
                _ALIAS_HINT,
            )

    def _size(self, node: Node) -> int:
        """The number of nodes under ``node`` with every alias expanded, without expanding."""
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        size = 1
        if isinstance(node, SequenceNode):
            size += sum(self._size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            size += sum(self._size(key) + self._size(value) for key, value in node.value)
        self._sizes[id(node)] = size
        return size


class LocatingConstructor(RoundTripConstructor):
    """ruamel's round-trip constructor; a plain error while constructing a value becomes a
    ConstructorError at the value's line."""

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        try:
            return super().construct_non_recursive_object(node, tag)
        except (YAMLError, Refused):
            raise
        except (ValueError, TypeError, ArithmeticError, KeyError, IndexError) as exc:
            problem = " ".join(str(exc).split())[:200]
            raise ConstructorError(
                None, None, f"värdet kan inte läsas ({problem})", node.start_mark
            ) from exc


def bounded_yaml() -> YAML:
    """A round-trip YAML loader with the bounds above."""
    yaml = YAML(typ="rt")
    yaml.Composer = BoundedComposer
    yaml.Constructor = LocatingConstructor
    return yaml
