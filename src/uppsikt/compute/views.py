"""Views of the economy: which facts a table, or the organisation's totals, read.

A view is the set of dimensions a source of facts carries: a typed file per enhet gives
{enhet}, a file with enhet and kontogrupp columns gives {enhet, kontogrupp}, a ledger gives
every dimension it maps. Files with the same dimensions make one view. Different views are the
same economy cut differently, so each figure reads exactly ONE view, never two: the view with
the fewest dimensions among those carrying every dimension it needs; between views with as
many dimensions, the first by their dimension names in alphabetical order ({enhet, kontogrupp}
before {enhet, verksamhet}).

The choice is made for each year and scenario on its own, among the views that have posts
of it (a stated total, ``typ: summa``, never makes a view chosen by itself, and holds
whichever view is read for its year and scenario): a budget typed per enhet beside a ledger
that holds only the outcome gives a per-enhet table its budget from the typed file and its
outcome from the ledger, while a year and scenario that both hold is read from the typed
file alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from uppsikt.model.dimensions import Dimension
from uppsikt.model.economy import Fact, Scenario

View = tuple[str, ...]
"""The names of a view's dimensions, sorted."""


def views(facts: Iterable[Fact]) -> dict[View, list[Fact]]:
    """The facts grouped by view, in the order the views first appear."""
    found: dict[View, list[Fact]] = defaultdict(list)
    for fact in facts:
        found[fact.view_dimensions].append(fact)
    return dict(found)


def choose_view(needs: Iterable[str], candidates: Iterable[View]) -> View | None:
    """The view a figure needing ``needs`` reads (see the module's docstring); None when no
    view carries them all."""
    wanted = set(needs)
    carrying = [v for v in candidates if wanted <= set(v)]
    return min(carrying, key=lambda v: (len(v), v), default=None)


def view_facts(facts: Iterable[Fact], needs: Iterable[str]) -> list[Fact]:
    """The facts a figure needing ``needs`` reads: for each year and scenario, those of the
    one view chosen for it (none when no view carries ``needs``)."""
    return read_views(views(facts), needs)


def read_views(grouped: Mapping[View, list[Fact]], needs: Iterable[str]) -> list[Fact]:
    """:func:`view_facts` over facts already grouped by view."""
    wanted = set(needs)
    carrying = sorted((v for v in grouped if wanted <= set(v)), key=lambda v: (len(v), v))
    taken: set[tuple[int, Scenario]] = set()
    found: list[Fact] = []
    for view in carrying:
        # A view is chosen by its posts: stated totals alone (typ: summa) give no rows.
        keys = {(f.year, f.scenario) for f in grouped[view] if f.post} - taken
        found += (f for f in grouped[view] if f.post and (f.year, f.scenario) in keys)
        taken |= keys
    # A stated total is a published figure of its aggregate, whichever view's posts are read
    # for its year and scenario: typed beside an imported ledger, it still holds.
    found += (
        f
        for view in carrying
        for f in grouped[view]
        if not f.post and (f.year, f.scenario) in taken
    )
    return found


def within(
    facts: Iterable[Fact],
    filters: Iterable[tuple[str, tuple[str, ...]]],
    dimensions: Mapping[str, Dimension],
) -> list[Fact]:
    """The facts whose member of each filtered dimension lies in the subtree of one of the
    filter's members (a fact without a member of that dimension is outside)."""
    kept = list(facts)
    for name, members in filters:
        dimension = dimensions.get(name)
        if dimension is None:
            return []
        chosen = set(members)
        inside = {code for code, path in dimension.paths().items() if chosen & set(path)}
        kept = [f for f in kept if f.member(name) in inside]
    return kept
