"""The files the publishing settings name: the Word template and the logo exist and are of
the right kind (checked by their first bytes, never by reading a whole file)."""

from __future__ import annotations

from pathlib import Path

from uppsikt.located.diagnostics import Diagnostic
from uppsikt.located.sink import Sink
from uppsikt.model.settings import Settings
from uppsikt.workspace.settings import SETTINGS_FILE

_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _signature(path: Path) -> bytes:
    """The first bytes of a file, without reading the rest (a logo may be any size)."""
    with path.open("rb") as file:
        return file.read(8)


def publishing_files(root: Path, settings: Settings) -> list[Diagnostic]:
    """The Word template and the logo named in the settings exist and are of the right kind."""
    found: list[Diagnostic] = []
    sink = Sink(SETTINGS_FILE)
    publishing = settings.publishing
    if publishing.word_template:
        path = root / publishing.word_template
        if not path.is_file():
            sink.error(
                "UPP135",
                f"Wordmallen {publishing.word_template} finns inte.",
                field_name="wordmall",
                hint="Lägg mallen i arbetsytan och ange sökvägen relativt arbetsytan, eller "
                "ta bort «wordmall» för att använda standardmallen.",
            )
        elif path.suffix.lower() not in (".docx", ".dotx"):
            sink.error(
                "UPP135",
                f"Wordmallen {publishing.word_template} är ingen .docx-fil.",
                field_name="wordmall",
                hint="Spara mallen i Word som .docx (Word-dokument) och ange den filen.",
            )
    if publishing.logo:
        path = root / publishing.logo
        if not path.is_file():
            sink.error(
                "UPP136",
                f"Logotypen {publishing.logo} finns inte.",
                field_name="logotyp",
                hint="Lägg bildfilen i arbetsytan och ange sökvägen relativt arbetsytan.",
            )
        elif not _signature(path).startswith(_IMAGE_SIGNATURES):
            sink.error(
                "UPP136",
                f"Logotypen {publishing.logo} är ingen PNG- eller JPEG-bild.",
                field_name="logotyp",
                hint="Spara logotypen som PNG (helst) eller JPEG.",
            )
    found.extend(sink.diagnostics)
    return found
