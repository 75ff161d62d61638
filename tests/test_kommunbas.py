"""Kommun-Bas as shipped default data: classes, groups and the kontogrupp dimension."""

from __future__ import annotations

from uppsikt.ledger import kommunbas
from uppsikt.ledger.patterns import resolve, rules_from


def test_data_loads_with_classes_1_to_8() -> None:
    chart = kommunbas.kommun_bas()
    assert [c.code for c in chart.classes] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert chart.account_class("5")
    assert chart.account_class("5").name == "Personalkostnader"  # type: ignore[union-attr]
    assert [c.code for c in chart.classes if not c.result] == ["1", "2"]
    assert chart.version.startswith("Kommun-Bas")


def test_groups_lie_under_their_class() -> None:
    chart = kommunbas.kommun_bas()
    for klass in chart.classes:
        assert klass.groups, klass.code
        for group in klass.groups:
            assert len(group.code) == 2
            assert group.code.startswith(klass.code)
            assert group.name
    found = chart.group("4510")
    assert found is not None
    assert (found.code, found.name) == ("45", "Köp av huvudverksamhet")
    assert chart.group("3310") is None  # not a group of the chart: unmapped, never guessed


def test_codes_are_unique() -> None:
    chart = kommunbas.kommun_bas()
    codes = [g.code for c in chart.classes for g in c.groups]
    assert len(codes) == len(set(codes))


def test_dimension_of_classes_and_of_groups() -> None:
    classes = kommunbas.dimension("klass")
    assert [m.code for m in classes.roots] == ["3", "4", "5", "6", "7", "8"]
    assert all(not m.children for m in classes.roots)
    groups = kommunbas.dimension("grupp")
    paths = groups.paths()
    assert paths["60"] == ("6", "60")
    assert paths["88"] == ("8", "88")
    assert "10" not in paths  # balance accounts only with result_only=False
    assert "10" in kommunbas.dimension("grupp", result_only=False).paths()


def test_patterns_map_accounts_onto_classes_and_groups() -> None:
    chart = kommunbas.kommun_bas()
    by_group = rules_from(chart.patterns("grupp"))
    assert resolve(by_group, ["4510", "6010", "8810", "1930", "3310"]) == {
        "4510": "45",
        "6010": "60",
        "8810": "88",
    }
    by_class = rules_from(chart.patterns("klass"))
    assert resolve(by_class, ["4510", "1930"]) == {"4510": "4"}
