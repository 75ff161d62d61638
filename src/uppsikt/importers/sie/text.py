"""The text level of SIE files: diagnostic codes, character encoding, fields and checksums.

By the specification (SIE filformat 4B) a file is CP437 (``#FORMAT PC8``), one record a line,
a record is a tag (``#KONTO``) and fields separated by spaces or tabs; a field with spaces is
quoted, and a quote or backslash inside it is escaped with a backslash; an object list is a
field in braces, ``{1 "1100" 6 "P7"}``.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from uppsikt.located.sink import Sink

# Diagnostic codes of the SIE reader (documented in docs/diagnostics.md).
UNREADABLE = "UPP650"
NOT_SIE = "UPP651"
ENCODING = "UPP652"
BAD_FIELD = "UPP653"
MISSING_FIELD = "UPP654"
NOT_A_NUMBER = "UPP655"
BAD_DATE = "UPP656"
UNKNOWN_RECORD = "UPP657"
VOUCHER_STRUCTURE = "UPP658"
UNBALANCED = "UPP659"
ACCOUNT_NOT_IN_CHART = "UPP660"
DATE_OUTSIDE_YEAR = "UPP661"
CHECKSUM = "UPP662"
STRAY_LINE = "UPP663"
RTRANS_WITHOUT_TRANS = "UPP664"
DUPLICATE = "UPP665"
NO_OBJECT_LIST = "UPP672"
OTHER_YEAR = "UPP673"
TRANS_OUTSIDE_YEAR = "UPP674"

Field = str | tuple[str, ...]
"""A field: text, or the subfields of an object list (``{…}``)."""

_TOKEN_RE = re.compile(r'"((?:[^"\\]|\\.)*)"|(\{)|(\})|([^ \t"{}]+)|(")')
"""One field, brace or stray quote. Blanks between them are skipped by ``findall`` (they are the
only characters no alternative matches); a leading ``[ \t]*`` here would be tried again at
every blank of a run of blanks with nothing after it: quadratic (found by fuzzing)."""
_ESCAPE_RE = re.compile(r'\\([\\"])')
_AMOUNT_RE = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
"""A number, written without ambiguity (digits, then an optional point and digits): an
ambiguous pattern backtracks quadratically on a long run of digits."""
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 13, 26)) + b"\x7f"
_ASCII = bytes(range(128))
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_LATIN_LETTERS = (0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6)
"""å ä ö Å Ä Ö in Windows-1252 and ISO 8859-1/15."""
_PC8_LETTERS = (0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99)
"""The same letters in CP437."""
_SIE_MARK_RE = re.compile(r"^[ \t]*#(?:FLAGGA|SIETYP)\b", re.IGNORECASE | re.MULTILINE)


def decode(data: bytes, sink: Sink) -> tuple[str, str] | None:
    """The text of an SIE file and its encoding, or ``None`` (reported) when it is not text.

    CP437 by the specification; valid UTF-8 with non-ASCII characters is read as UTF-8, and
    a file whose å, ä and ö are the bytes of Windows-1252 rather than CP437 as Windows-1252
    (``encoding_warning`` tells the user, once the file is known to be SIE).
    """
    data = data.rstrip(b"\x1a")  # DOS end-of-file mark
    if not data.strip():
        sink.error(NOT_SIE, "Filen är tom.", hint="Exportera SIE-filen på nytt.")
        return None
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if b"\x00" in data or controls * 100 > len(sample):
        sink.error(
            NOT_SIE,
            "Filen är inte en SIE-fil: den innehåller binära data, inte text.",
            hint="Välj den SIE-fil som bokföringsprogrammet exporterat (typ 1–4, .se eller .si).",
        )
        return None
    if data.isascii():
        return data.decode("ascii"), "ascii"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return text.removeprefix("\ufeff"), "utf-8"
    high = data.translate(None, _ASCII)  # one pass; what is left is short
    latin = sum(high.count(bytes((b,))) for b in _LATIN_LETTERS)
    pc8 = sum(high.count(bytes((b,))) for b in _PC8_LETTERS)
    if latin > pc8:
        return data.decode("cp1252", errors="replace"), "cp1252"
    return data.decode("cp437"), "cp437"


def encoding_warning(sink: Sink, encoding: str) -> None:
    """A warning when the file was not CP437 (or plain ASCII)."""
    name = {"utf-8": "UTF-8", "cp1252": "Windows-1252 (ISO 8859-1)"}.get(encoding)
    if name is None:
        return
    sink.warning(
        ENCODING,
        f"Filen är kodad som {name}, inte som CP437 (PC8) som SIE-standarden föreskriver; "
        "den läses som " + name + ".",
        hint="Kontrollera å, ä och ö i kontonamn och texter efter importen; exportera gärna "
        "med teckenkodning PC8/CP437.",
    )


def looks_like_sie(text: str) -> bool:
    """Whether the text has a ``#FLAGGA`` or ``#SIETYP`` record at all."""
    return _SIE_MARK_RE.search(text) is not None


def tokenize(line: str) -> tuple[list[Field], str | None]:
    """The fields of a line (the tag first) and a problem, if the line cannot be split."""
    fields: list[Field] = []
    group: list[str] | None = None
    for quoted, opening, closing, bare, stray_quote in _TOKEN_RE.findall(line):
        if opening:
            if group is not None:
                return fields, "en objektlista inom en objektlista"
            group = []
        elif closing:
            if group is None:
                return fields, "en avslutande klammer } utan inledande {"
            fields.append(tuple(group))
            group = None
        elif stray_quote:
            return fields, "ett citattecken som inte avslutas"
        else:
            token = bare or (_ESCAPE_RE.sub(r"\1", quoted) if "\\" in quoted else quoted)
            (fields if group is None else group).append(token)
    if group is not None:
        return fields, "en objektlista som inte avslutas med }"
    return fields, None


def parse_objects(content: tuple[str, ...]) -> tuple[tuple[int, str], ...] | str:
    """An object list's pairs, or a description of what is wrong with it."""
    if len(content) % 2:
        return "objektlistan har inte par av dimension och objekt"
    pairs: list[tuple[int, str]] = []
    for i in range(0, len(content), 2):
        dimension = content[i]
        if not dimension.isdigit() or not dimension.isascii() or len(dimension) > 9:
            return f"«{dimension[:20]}» är inte ett dimensionsnummer"
        pairs.append((int(dimension), content[i + 1]))
    return tuple(pairs)


def parse_amount(text: str) -> Decimal | None:
    """An amount such as ``-1250.00``, ``1250``, ``.5``; ``None`` when it is not one."""
    if _AMOUNT_RE.fullmatch(text) is None:
        return None
    return Decimal(text)


def parse_date(text: str) -> date | None:
    """A date YYYYMMDD, or ``None`` when it is not a valid date."""
    if len(text) != 8 or not text.isdigit() or not text.isascii():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def parse_int(text: str) -> int | None:
    """A whole number of at most 18 digits (a longer one is no year, period or dimension,
    and int() refuses more than 4 300 digits)."""
    if re.fullmatch(r"[-+]?\d{1,18}", text) is None:
        return None
    return int(text)


def checksum(records: Iterable[list[Field]], encoding: str) -> int:
    """The CRC-32 of ``#KSUMMA``: over each record's tag and fields, without separators,
    quotes or braces, in the file's encoding (as the specification's examples compute it)."""
    crc = 0
    for fields in records:
        parts: list[str] = []
        for item in fields:
            if isinstance(item, tuple):
                parts.extend(item)
            else:
                parts.append(item)
        crc = zlib.crc32("".join(parts).encode(encoding, errors="replace"), crc)
    return crc


def shown(value: str, size: int = 40) -> str:
    """A value for a message: «4010», «(tomt)» when it is empty, cut to ``size``
    characters («999…») when it is longer."""
    if not value:
        return "«(tomt)»"
    return f"«{value if len(value) <= size else value[: size - 1] + '…'}»"


def quote(text: str) -> str:
    """A field as written: always quoted, with backslash escapes; control characters
    (forbidden by the specification) become spaces."""
    if "\\" in text or '"' in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"')
    if not text.isprintable():
        text = _CONTROL_RE.sub(" ", text)
    return f'"{text}"'
