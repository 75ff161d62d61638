"""Reading ``diagram`` in uppsikt.yaml: which charts the report carries.

```yaml
diagram:
  indikatorer: alla          # alla, inga, urval or a list of indicator ids
  fem_år: urval              # alla, inga, urval (the default) or a list of indicator ids
  axelbrott: true            # may a line chart in a narrow band start away from zero?
```

The older ``publicering.indikatordiagram: false`` still turns every indicator chart off; it
may not be written together with ``diagram``. Whether a listed id is an indicator is checked
when the report is built (UPP149), once the indicators are read.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from uppsikt.located.yamlfile import Node
from uppsikt.model.settings import ChartChoice, ChartMode, ChartSettings

CHARTS_KEY = "diagram"
LEGACY_KEY = "indikatordiagram"
"""``publicering.indikatordiagram``, the older switch for every indicator chart."""
_MODES = {m.value: m for m in ChartMode if m is not ChartMode.LISTED}
_CHOICE_HINT = (
    "Skriv alla, inga, urval eller en lista av indikatorernas id, "
    "t.ex. fem_år: [invanare, elever-sfi]."
)


def read_chart_settings(node: Node) -> ChartSettings:
    """``diagram`` from the root of uppsikt.yaml, or the older ``publicering`` switch."""
    legacy = _legacy(node)
    child = node.child(CHARTS_KEY)
    if child is None:
        if legacy is False:
            off = ChartChoice(ChartMode.NONE)
            return ChartSettings(indicators=off, five_years=off)
        return ChartSettings()
    if legacy is not None:
        node.sink.error(
            "UPP148",
            "Diagrammen väljs både med «publicering.indikatordiagram» och med «diagram».",
            line=node.key_line(CHARTS_KEY),
            field_name=CHARTS_KEY,
            hint="Ta bort «indikatordiagram» under «publicering» och välj diagrammen under "
            "«diagram», t.ex. indikatorer: inga och fem_år: inga.",
        )
    child.check_unknown(("indikatorer", "fem_år", "axelbrott"))
    defaults = ChartSettings()
    return ChartSettings(
        indicators=_choice(child, "indikatorer", defaults.indicators),
        five_years=_choice(child, "fem_år", defaults.five_years),
        axis_break=child.boolean("axelbrott", default=defaults.axis_break),
    )


def _legacy(node: Node) -> bool | None:
    """``publicering.indikatordiagram`` as written (read with the rest of ``publicering``);
    None when it is not written."""
    publishing = node.data.get("publicering")
    if not isinstance(publishing, CommentedMap):
        return None
    value = publishing.get(LEGACY_KEY)
    return value if isinstance(value, bool) else None


def _choice(node: Node, key: str, default: ChartChoice) -> ChartChoice:
    raw = node.raw(key)
    if raw is None:
        return default
    if isinstance(raw, CommentedSeq):
        return _listed(node, key, default)
    written = str(raw).strip() if not isinstance(raw, CommentedMap) else ""
    mode = _MODES.get(written.lower())
    if mode is None:
        shown = f", inte «{written}»" if written else ""
        node.sink.error(
            "UPP148",
            f"«{key}» under «diagram» ska vara alla, inga, urval eller en lista{shown}.",
            line=node.key_line(key),
            field_name=key,
            hint=_CHOICE_HINT,
        )
        return default
    return ChartChoice(mode, limit=default.limit)


def _listed(node: Node, key: str, default: ChartChoice) -> ChartChoice:
    ids: list[str] = []
    lines: list[int | None] = []
    for line, item in node.items(key):
        ident = "" if item is None or isinstance(item, (CommentedMap, CommentedSeq)) else str(item)
        ident = ident.strip()
        problem = ""
        if not ident:
            problem = f"Varje element i «{key}» ska vara en indikators id."
        elif ident in ids:
            problem = f"Indikatorn «{ident}» står två gånger i «{key}»."
        if problem:
            node.sink.error("UPP148", problem, line=line, field_name=key, hint=_CHOICE_HINT)
            continue
        ids.append(ident)
        lines.append(line)
    if not ids:
        return ChartChoice(ChartMode.NONE, limit=default.limit)
    return ChartChoice(ChartMode.LISTED, tuple(ids), tuple(lines), default.limit)
