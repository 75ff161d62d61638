"""mappning.yaml: accounts onto kontogrupper, ledger objects onto enheter and verksamheter.

```yaml
konton:
  ignorera: ["1", "2"]          # balance accounts: not part of the result
  kommun-bas: grupp              # optional: accounts no own rule matches, by Kommun-Bas
  kontogrupp:                    # own groups, tried before Kommun-Bas; or the text
    6A: ["60"]                   # kommun-bas-klass / kommun-bas-grupp instead of a mapping
    6B: ["61-69"]
enhet:
  från: ansvar                   # ansvar | verksamhet | projekt
  regler:
    "1100-1199": FS-LED
verksamhet:
  från: verksamhet
  regler:
    "1*": POL
```

Patterns are described in :mod:`uppsikt.ledger.patterns`. Reading reports every problem with
its line (UPP601 for patterns and settings); :func:`validate_mapping` checks the members
against the workspace's dimensions (UPP602) and warns of conflicting rules (UPP603).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from uppsikt.ledger import kommunbas
from uppsikt.ledger.kommunbas import Level
from uppsikt.ledger.model import OBJECT_DIMENSIONS
from uppsikt.ledger.patterns import (
    Pattern,
    PatternError,
    Resolver,
    Rule,
    conflicts,
    parse_pattern,
)
from uppsikt.located.diagnostics import Diagnostic
from uppsikt.located.sink import Sink
from uppsikt.located.yamlfile import Node, load_yaml
from uppsikt.model.dimensions import ORGANISATION, Dimension, Member

MAPPING_FILE = "mappning.yaml"
KONTOGRUPP = "kontogrupp"
IGNORED = ""
"""The member of ignored accounts in :meth:`Mapping.account_resolver`."""
TARGETS = (ORGANISATION, "verksamhet")
"""The dimensions a ledger object can be mapped onto."""
_SHORTHANDS: dict[str, Level] = {"kommun-bas-klass": "klass", "kommun-bas-grupp": "grupp"}


@dataclass(frozen=True, slots=True)
class ObjectMapping:
    """One target dimension fed from one ledger object, e.g. enhet ← ansvar."""

    dimension: str
    source: str
    """The ledger object: ansvar, verksamhet or projekt."""
    rules: tuple[Rule, ...]
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Mapping:
    file: str
    ignore: tuple[Rule, ...] = ()
    """Accounts outside the result (member IGNORED)."""
    kontogrupp: tuple[Rule, ...] = ()
    """The municipality's own rules, tried before Kommun-Bas."""
    kommun_bas: Level | None = None
    """Accounts that no own rule matches go to their Kommun-Bas class or group."""
    objects: tuple[ObjectMapping, ...] = ()
    kontogrupp_line: int | None = None

    def account_rules(self) -> tuple[Rule, ...]:
        """Every account rule in order: ignored, own groups, then Kommun-Bas."""
        defaults: tuple[Rule, ...] = ()
        if self.kommun_bas is not None:
            pairs = kommunbas.kommun_bas().patterns(self.kommun_bas)
            defaults = tuple(Rule(parse_pattern(text), member) for text, member in pairs)
        return self.ignore + self.kontogrupp + defaults

    def account_resolver(self) -> Resolver:
        """Accounts onto kontogrupp members; ignored accounts resolve to IGNORED."""
        return Resolver(self.account_rules())

    def object_mapping(self, dimension: str) -> ObjectMapping | None:
        return next((o for o in self.objects if o.dimension == dimension), None)

    @property
    def maps_accounts(self) -> bool:
        return bool(self.kontogrupp) or self.kommun_bas is not None


def load_mapping(path: Path, file: str = MAPPING_FILE) -> tuple[Mapping | None, list[Diagnostic]]:
    """The mapping in ``path`` (shown as ``file``), or None with the reasons."""
    sink = Sink(file)
    node = Node.root(load_yaml(path, sink), sink, "en mappning")
    mapping = read_mapping(node) if node is not None else None
    return (None if sink.failed else mapping), sink.diagnostics


def read_mapping(node: Node) -> Mapping:
    """Every problem is reported to the node's sink; the result holds the readable rules."""
    node.check_unknown(("konton", *TARGETS))
    sink = node.sink
    ignore: tuple[Rule, ...] = ()
    kontogrupp: tuple[Rule, ...] = ()
    level: Level | None = None
    kontogrupp_line: int | None = None
    accounts = node.child("konton")
    if accounts is not None:
        accounts.check_unknown(("ignorera", "kommun-bas", KONTOGRUPP))
        if accounts.has("ignorera"):
            patterns = _patterns(accounts, "ignorera", sink)
            ignore = tuple(Rule(p, IGNORED, line) for line, p in patterns)
        level = accounts.choice("kommun-bas", {lv: lv for lv in kommunbas.LEVELS}, required=False)
        kontogrupp_line = accounts.key_line(KONTOGRUPP) if accounts.has(KONTOGRUPP) else None
        kontogrupp, shorthand = _kontogrupp(accounts, sink)
        if shorthand is not None:
            if level is not None and level != shorthand:
                sink.error(
                    "UPP601",
                    f"«kommun-bas: {level}» och «kontogrupp: kommun-bas-{shorthand}» säger emot "
                    "varandra.",
                    line=kontogrupp_line,
                    field_name=KONTOGRUPP,
                    hint="Ange Kommun-Bas på ett ställe.",
                )
            level = shorthand
    objects = tuple(o for o in (_object_mapping(node, t) for t in TARGETS) if o is not None)
    return Mapping(sink.file, ignore, kontogrupp, level, objects, kontogrupp_line)


def _kontogrupp(accounts: Node, sink: Sink) -> tuple[tuple[Rule, ...], Level | None]:
    """The own rules, or the Kommun-Bas level written as a shorthand text."""
    value = accounts.raw(KONTOGRUPP)
    line = accounts.key_line(KONTOGRUPP)
    if value is None:
        return (), None
    if isinstance(value, str):
        if value.strip() in _SHORTHANDS:
            return (), _SHORTHANDS[value.strip()]
        sink.error(
            "UPP601",
            f"«kontogrupp: {value}» är varken en lista över grupper eller ett känt värde.",
            line=line,
            field_name=KONTOGRUPP,
            hint="Skriv grupperna med sina kontomönster (t.ex. «INT: ['3']»), eller "
            "kommun-bas-klass eller kommun-bas-grupp.",
        )
        return (), None
    if not isinstance(value, CommentedMap):
        accounts.child(KONTOGRUPP)  # reports the wrong type
        return (), None
    groups = Node(value, sink, line)
    rules: list[Rule] = []
    for key in value:
        member = _code_text(key) or ""
        rules.extend(Rule(p, member, ln) for ln, p in _patterns(groups, str(key), sink))
    return tuple(rules), None


def _object_mapping(node: Node, target: str) -> ObjectMapping | None:
    child = node.child(target)
    if child is None:
        return None
    child.check_unknown(("från", "regler"))
    source = child.choice("från", {s: s for s in OBJECT_DIMENSIONS})
    rules: list[Rule] = []
    value = child.raw("regler")
    if value is None:
        child.text("regler")  # reports the missing field
    elif not isinstance(value, CommentedMap):
        child.sink.error(
            "UPP601",
            "«regler» ska vara mönster med den medlem de mappas på, en per rad.",
            line=child.key_line("regler"),
            field_name="regler",
            hint='Skriv t.ex. «"1100-1199": FS-LED».',
        )
    else:
        table = Node(value, child.sink, child.key_line("regler"))
        for key in value:
            line = table.key_line(str(key))
            pattern = _parse(_code_text(key), line, table.sink)
            member = _code_text(value[key])
            if member is None or not member:
                table.sink.error(
                    "UPP601",
                    f"Mönstret «{key}» saknar en medlem att mappas på.",
                    line=line,
                    field_name="regler",
                    hint=f"Skriv en kod ur dimensionen {target} efter kolonet.",
                )
            elif pattern is not None:
                rules.append(Rule(pattern, member, line))
    if source is None:
        return None
    return ObjectMapping(target, source, tuple(rules), child.line)


def _patterns(node: Node, key: str, sink: Sink) -> Iterator[tuple[int | None, Pattern]]:
    """(line, Pattern) for each pattern under ``key``: a list, or a single text."""
    value = node.data.get(key)
    node.raw(key)
    items: Iterable[tuple[int | None, Any]]
    if isinstance(value, CommentedSeq):
        items = node.items(key)
    elif value is None or isinstance(value, CommentedMap):
        sink.error(
            "UPP601",
            f"«{key}» ska ha en lista med kontomönster.",
            line=node.key_line(key),
            field_name=key,
            hint='Skriv t.ex. «["3"]» eller «["50-56", "58"]».',
        )
        return
    else:
        items = [(node.key_line(key), value)]
    for line, item in items:
        pattern = _parse(_code_text(item), line, sink)
        if pattern is not None:
            yield line, pattern


def _parse(text: str | None, line: int | None, sink: Sink) -> Pattern | None:
    if text is None:
        sink.error(
            "UPP601",
            'Ett mönster ska vara en text, t.ex. "3" eller "61-69".',
            line=line,
            hint="Skriv mönstret inom citattecken.",
        )
        return None
    try:
        return parse_pattern(text)
    except PatternError as exc:
        sink.error("UPP601", str(exc), line=line, hint=exc.hint)
        return None


def _code_text(value: Any) -> str | None:
    """A code as written: YAML reads an unquoted 0123 as a number, whose width it keeps."""
    if isinstance(value, bool) or value is None or isinstance(value, (CommentedMap, CommentedSeq)):
        return None
    if isinstance(value, int):
        width = getattr(value, "_width", None)
        return str(value).zfill(width) if isinstance(width, int) else str(value)
    if isinstance(value, float):
        return None
    return str(value).strip()


def kontogrupp_dimension(mapping: Mapping, declared: Dimension | None) -> Dimension | None:
    """The kontogrupp dimension the mapping feeds: the workspace's own (dimensioner.yaml)
    and, when Kommun-Bas is used, its classes or groups after the own members."""
    if mapping.kommun_bas is None:
        return declared
    chart = kommunbas.dimension(mapping.kommun_bas)
    if declared is None:
        return chart
    own = declared.members()
    extra = tuple(_without(member, own) for member in chart.roots if member.code not in own)
    return Dimension(declared.name, declared.label, declared.roots + extra, declared.operating)


def _without(member: Member, codes: dict[str, Member]) -> Member:
    children = tuple(_without(c, codes) for c in member.children if c.code not in codes)
    return Member(member.code, member.name, children)


def validate_mapping(mapping: Mapping, dimensions: Iterable[Dimension], sink: Sink) -> None:
    """Members against the workspace's dimensions (UPP602); conflicting rules (UPP603)."""
    by_name = {d.name: d for d in dimensions}
    kontogrupp = kontogrupp_dimension(mapping, by_name.get(KONTOGRUPP))
    if mapping.kontogrupp:
        _check_members(mapping.kontogrupp, KONTOGRUPP, kontogrupp, "dimensioner.yaml", sink)
    for objects in mapping.objects:
        where = "organisation.yaml" if objects.dimension == ORGANISATION else "dimensioner.yaml"
        _check_members(
            objects.rules, objects.dimension, by_name.get(objects.dimension), where, sink
        )
    for rules in (mapping.kontogrupp, *(o.rules for o in mapping.objects)):
        for earlier, later in conflicts(rules):
            sink.warning(
                "UPP603",
                f"Mönstret «{later.pattern.text}» (→ {later.member}) överlappar mönstret "
                f"«{earlier.pattern.text}» (→ {earlier.member}) på rad {earlier.line}; koder "
                f"som båda matchar mappas på {earlier.member}, eftersom den första regeln gäller.",
                line=later.line,
                hint="Gör mönstren disjunkta, eller skriv det smalare mönstret först om det är "
                "ett undantag från det bredare.",
            )


def _check_members(
    rules: tuple[Rule, ...], name: str, dimension: Dimension | None, where: str, sink: Sink
) -> None:
    if dimension is None:
        sink.error(
            "UPP602",
            f"Dimensionen {name} finns inte, så reglerna har inget att mappa på.",
            line=rules[0].line if rules else None,
            hint=f"Beskriv dimensionen {name} i {where}.",
        )
        return
    members = dimension.members()
    for rule in rules:
        if rule.member not in members:
            sink.error(
                "UPP602",
                f"«{rule.member}» finns inte i dimensionen {name}.",
                line=rule.line,
                field_name=rule.pattern.text,
                hint=f"Lägg till {rule.member} i {where} eller rätta koden.",
            )
