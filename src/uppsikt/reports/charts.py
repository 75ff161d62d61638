"""Drawing charts of the report model as SVG (and PNG where a format needs it).

PLACEHOLDER: being replaced by the real chart renderer. The interface stays:
``ChartImages(scale).svg(chart) -> str`` and ``.png(chart) -> bytes``.
"""

from __future__ import annotations

from html import escape

import vl_convert

from uppsikt.reports.model import Chart


def render_svg(chart: Chart) -> str:
    """A standalone, accessible SVG document of ``chart``."""
    title = escape(chart.title)
    desc = escape(chart.description)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="240" viewBox="0 0 480 240" '
        f'role="img" aria-labelledby="{chart.id}-title {chart.id}-desc">'
        f'<title id="{chart.id}-title">{title}</title><desc id="{chart.id}-desc">{desc}</desc>'
        '<rect x="0" y="0" width="480" height="240" fill="#ffffff"/>'
        f'<text x="10" y="20" font-family="sans-serif" font-size="12">{title}</text></svg>'
    )


class ChartImages:
    """Each chart drawn once per build, whichever renderers ask for it."""

    def __init__(self, scale: float = 2.0) -> None:
        self.scale = scale
        self._svg: dict[str, str] = {}
        self._png: dict[str, bytes] = {}

    def svg(self, chart: Chart) -> str:
        if chart.id not in self._svg:
            self._svg[chart.id] = render_svg(chart)
        return self._svg[chart.id]

    def png(self, chart: Chart) -> bytes:
        if chart.id not in self._png:
            self._png[chart.id] = bytes(vl_convert.svg_to_png(self.svg(chart), scale=self.scale))
        return self._png[chart.id]
