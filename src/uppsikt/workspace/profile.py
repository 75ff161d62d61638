"""Reading the kommun's graphic profile (``publicering.profil``) and the decision date
(``beslutsdatum``) of uppsikt.yaml.

A colour is used for text on white (headings, links, the cover), so it must be written
``#rrggbb`` and reach WCAG 2.1 AA contrast for text against white (4.5:1). The typeface must
be one uppsikt bundles, since the PDF embeds it and the HTML carries it.
"""

from __future__ import annotations

import datetime
import re

from uppsikt.located.yamlfile import Node
from uppsikt.model.settings import BUNDLED_TYPEFACES, Profile

DECISION_DATE_KEY = "beslutsdatum"
PROFILE_KEY = "profil"
_PROFILE_KEYS = ("färg", "accentfärg", "typsnitt")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MIN_CONTRAST = 4.5
"""WCAG 2.1 AA, normal text: the least contrast ratio of a profile colour against white."""


def read_decision_date(node: Node) -> datetime.date | None:
    """``beslutsdatum``: the day the nämnd adopted the report, or None when not written.

    An unquoted date YAML itself cannot construct (2021-02-30) is reported by the YAML
    reader (UPP103) at its line; a text that is no date is reported here (UPP145)."""
    return node.date(
        DECISION_DATE_KEY,
        code="UPP145",
        hint="Skriv dagen då nämnden beslutade rapporten som ÅÅÅÅ-MM-DD, till exempel "
        "beslutsdatum: 2021-02-18, och kontrollera att dagen finns i månaden.",
    )


def read_profile(publishing: Node) -> Profile:
    """``profil`` under ``publicering``; the default profile for what is left out or wrong."""
    child = publishing.child(PROFILE_KEY)
    if child is None:
        return Profile()
    child.check_unknown(_PROFILE_KEYS)
    default = Profile()
    return Profile(
        colour=_colour(child, "färg", default.colour),
        accent=_colour(child, "accentfärg", default.accent),
        font=_typeface(child, default.font),
    )


def contrast_with_white(colour: str) -> float:
    """The WCAG 2.1 contrast ratio of ``#rrggbb`` against white, 1 to 21."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _colour(node: Node, key: str, default: str) -> str:
    written = node.text(key, required=False)
    if not written:
        return default
    if not _COLOUR.match(written):
        node.sink.error(
            "UPP146",
            f"Färgen «{written}» i fältet «{key}» ska skrivas #rrggbb.",
            line=node.key_line(key),
            field_name=key,
            hint="Skriv färgen inom citattecken med sex hexadecimala siffror, "
            f't.ex. {key}: "#1c4e6b".',
        )
        return default
    ratio = contrast_with_white(written)
    if ratio < MIN_CONTRAST:
        shown = f"{int(ratio * 100) / 100:.2f}".replace(".", ",")  # truncated: 4,49 not 4,50
        node.sink.error(
            "UPP146",
            f"Färgen «{written}» i fältet «{key}» har för låg kontrast mot vit bakgrund "
            f"({shown}:1; minst 4,5:1 krävs för text).",
            line=node.key_line(key),
            field_name=key,
            hint="Välj en mörkare nyans av profilfärgen, så att text i den färgen går att läsa "
            "(WCAG 2.1 nivå AA).",
        )
        return default
    return written.lower()


def _typeface(node: Node, default: str) -> str:
    written = node.text("typsnitt", required=False)
    if not written:
        return default
    known = {name.casefold(): name for name in BUNDLED_TYPEFACES}
    found = known.get(" ".join(written.split()).casefold())
    if found is None:
        node.sink.error(
            "UPP147",
            f"Typsnittet «{written}» följer inte med uppsikt.",
            line=node.key_line("typsnitt"),
            field_name="typsnitt",
            hint=f"Använd ett av: {', '.join(BUNDLED_TYPEFACES)} (typsnittet bäddas in i PDF "
            "och HTML, så det måste följa med uppsikt).",
        )
        return default
    return found
