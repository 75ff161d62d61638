"""Reading a workspace's text files (YAML, CSV, Markdown) within bounds.

Every file is measured before it is read (``limits().max_file_bytes``), decoded strictly as
UTF-8, and searched for characters no renderer can take: C0 and C1 control characters other
than tab and line breaks, lone surrogates and the non-characters U+FFFE and U+FFFF. XML (Word,
Excel) forbids most of them and typst (PDF) stumbles on them, so they are refused here, with
the line and column, rather than stripped in each renderer; the reader is the one place that
decides what a report may contain. :func:`forbidden_character` is the rule, shared with the
YAML reader (for escapes such as ``"\\e"``) and the web editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from uppsikt.located.limits import limits, megabytes
from uppsikt.located.sink import Sink

_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Forbidden:
    """A character no renderer can take, and where it is (1-based line and column)."""

    char: str
    line: int
    column: int

    @property
    def name(self) -> str:
        return f"U+{ord(self.char):04X}"

    def message(self) -> str:
        return (
            f"Otillåtet tecken {self.name} (ett styrtecken eller icke-tecken som inte kan visas)."
        )


FORBIDDEN_HINT = (
    "Ta bort tecknet; det kommer ofta med vid kopiering från andra program. "
    "Tabb och radbrytning är tillåtna."
)


def forbidden_character(text: str) -> Forbidden | None:
    """The first character of ``text`` that no renderer can take, or None."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    before = text[: match.start()]
    line = before.count("\n") + 1
    column = match.start() - (before.rfind("\n") + 1) + 1
    return Forbidden(match.group(), line, column)


def read_user_text(path: Path, sink: Sink, *, encoding: str = "utf-8") -> tuple[str | None, bool]:
    """(the text of ``path`` or None, whether it is free of forbidden characters).

    None after reporting a file that is missing, unreadable, too large or not UTF-8. A text
    with a forbidden character is returned (so that a reader may go on and report the rest)
    with ``False``, after reporting the first such character with its line and column.
    """
    bound = limits().max_file_bytes
    try:
        with path.open("rb") as file:
            data = file.read(bound + 1)  # never more than the bound, whatever the file's size
        if len(data) > bound:
            size = max(path.stat().st_size, len(data))
            sink.error(
                "UPP105",
                f"Filen är för stor ({megabytes(size)}; högst {megabytes(bound)}).",
                hint="Dela upp innehållet eller kontrollera att det är rätt fil.",
            )
            return None, False
    except FileNotFoundError:
        sink.error(
            "UPP101", "Filen saknas.", hint=f"Skapa filen {path.name} (se docs/workspace.md)."
        )
        return None, False
    except OSError as exc:
        sink.error(
            "UPP101",
            f"Filen kan inte läsas ({exc.strerror or type(exc).__name__}).",
            hint="Kontrollera att det är en vanlig fil som går att läsa.",
        )
        return None, False
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        sink.error(
            "UPP102",
            f"Filen är inte UTF-8 (felaktig byte på position {exc.start}).",
            line=data.count(b"\n", 0, exc.start) + 1,
            hint="Spara filen som UTF-8 i din textredigerare (i Excel: Spara som → CSV UTF-8).",
        )
        return None, False
    found = forbidden_character(text)
    if found is not None:
        sink.error(
            "UPP108", found.message(), line=found.line, column=found.column, hint=FORBIDDEN_HINT
        )
        return text, False
    return text, True
