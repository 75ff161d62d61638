"""Kommun-Bas, SKR's chart of accounts for municipalities, shipped as default data.

The classes (1–8) and their two-digit groups with names are read from the package data file
``uppsikt/ledger/data/kommun-bas.yaml``. A mapping can use them as kontogrupp members without
listing them (``kommun-bas: klass`` or ``kommun-bas: grupp`` in mappning.yaml), and
:func:`dimension` builds the matching kontogrupp dimension.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from ruamel.yaml import YAML

from uppsikt.model.dimensions import Dimension, Member

Level = Literal["klass", "grupp"]
"""How finely accounts are grouped: by class (first digit) or by group (first two digits)."""

LEVELS: tuple[Level, ...] = ("klass", "grupp")
DATA_FILE = "kommun-bas.yaml"


@dataclass(frozen=True, slots=True)
class AccountGroup:
    """A two-digit kontogrupp, e.g. 45 Köp av huvudverksamhet."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class AccountClass:
    """A kontoklass (first digit of the account), with its groups."""

    code: str
    name: str
    short_name: str
    """A short heading for tables, e.g. 'Material och tjänster'."""
    result: bool
    """True for result accounts (classes 3–8), False for balance accounts (1–2)."""
    groups: tuple[AccountGroup, ...]


@dataclass(frozen=True, slots=True)
class ChartOfAccounts:
    version: str
    classes: tuple[AccountClass, ...]

    def account_class(self, code: str) -> AccountClass | None:
        """The class of an account, a group or a class code ('4510', '45', '4')."""
        return next((c for c in self.classes if code[:1] == c.code), None)

    def group(self, code: str) -> AccountGroup | None:
        """The group of an account or group code ('4510', '45'); None when not in the chart."""
        klass = self.account_class(code)
        if klass is None:
            return None
        return next((g for g in klass.groups if code[:2] == g.code), None)

    def patterns(self, level: Level, *, result_only: bool = True) -> tuple[tuple[str, str], ...]:
        """(account pattern, member code) pairs that map accounts onto classes or groups."""
        pairs: list[tuple[str, str]] = []
        for klass in self.classes:
            if result_only and not klass.result:
                continue
            if level == "klass":
                pairs.append((klass.code, klass.code))
            else:
                pairs.extend((group.code, group.code) for group in klass.groups)
        return tuple(pairs)

    def members(self, level: Level, *, result_only: bool = True) -> tuple[Member, ...]:
        """Classes as members; with level 'grupp' each class has its groups as children, so
        that tables can show the classes as subtotals of the groups."""
        members: list[Member] = []
        for klass in self.classes:
            if result_only and not klass.result:
                continue
            children = (
                tuple(Member(g.code, g.name) for g in klass.groups) if level == "grupp" else ()
            )
            members.append(Member(klass.code, klass.short_name, children))
        return tuple(members)


@functools.cache
def kommun_bas() -> ChartOfAccounts:
    """The shipped chart (read once). A broken data file is a bug in uppsikt: it raises."""
    text = resources.files("uppsikt.ledger").joinpath("data", DATA_FILE).read_text("utf-8")
    data: Any = YAML(typ="safe").load(text)
    classes = tuple(
        AccountClass(
            code=str(item["kod"]),
            name=str(item["namn"]),
            short_name=str(item.get("kortnamn") or item["namn"]),
            result=bool(item["resultat"]),
            groups=tuple(
                AccountGroup(str(group["kod"]), str(group["namn"])) for group in item["grupper"]
            ),
        )
        for item in data["klasser"]
    )
    return ChartOfAccounts(str(data["version"]), classes)


def dimension(
    level: Level, *, name: str = "kontogrupp", label: str = "Kontogrupp", result_only: bool = True
) -> Dimension:
    """A kontogrupp dimension of Kommun-Bas classes, or of groups under their classes."""
    return Dimension(name, label, kommun_bas().members(level, result_only=result_only))
