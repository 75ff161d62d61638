"""Reading an SIE file into a ``SieFile``, every problem a diagnostic with its line.

Built for speed on large type 4 files. The text is decoded once; one precompiled regular
expression finds each voucher whose lines are all plain (``#VER``, ``{``, ``#TRANS`` rows,
``}``), and a second splits its rows into account, object list, amount and the rest of the
line, whose date, text, quantity and signature are cached by its text (a voucher's rows share
them), as are dates and object lists. The lines between those vouchers, and any voucher the
fast path does not take as it is, go to the general line reader (``sie_lines``), which reports
problems with their exact line. The garbage collector is paused while the records are built
(``paused_collector``).
"""

from __future__ import annotations

import gc
import operator
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.lines import LineReader
from uppsikt.importers.sie.model import Objects, SieFile, Transaction, Voucher
from uppsikt.importers.sie.records import Builder
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.located.sink import Sink

_F = r'(?:"([^"\\\n]*)"|([^ \t"{}\r\n]+))'
"""A field: quoted (no escapes) or bare; two groups, one of them empty."""
_D = r'(\d{8}|"\d{8}"|"")'
"""A date field, possibly quoted or empty."""
_BLOCK_RE = re.compile(
    rf"^[ \t]*#VER[ \t]+{_F}[ \t]+{_F}[ \t]+(\d{{8}})"
    rf"(?:[ \t]+{_F}(?:[ \t]+{_D}(?:[ \t]+{_F})?)?)?[ \t\r]*\n"
    r"[ \t]*\{[ \t\r]*\n((?:[ \t]*#TRANS[ \t].*\n)*)[ \t]*\}[ \t\r]*(\n|\Z)",
    re.MULTILINE,
)
"""A voucher whose lines are all plain: the #VER fields and the block of #TRANS lines."""
_NUMBER = r"[-+]?(?:\d{1,20}(?:\.\d{0,20})?|\.\d{1,20})"
"""A number of at most 20 digits on either side of the point, written without ambiguity
(digits, then an optional point and digits: an ambiguous pattern backtracks quadratically on a
long run of digits); longer ones go to the line reader, which reports them."""
_ROW_RE = re.compile(
    r'^[ \t]*#TRANS[ \t]+([^ \t"{}\r\n]+)[ \t]*\{([^}"\n]*(?:"[^"\\\n]*"[^}"\n]*)*)\}'
    rf"[ \t]*({_NUMBER})(.*)\n",
    re.MULTILINE,
)
"""A #TRANS line: account, object list, amount and the rest of the line (its tail), which
``_TAIL_RE`` reads (tails repeat: a voucher's rows share their date and text)."""
_TAIL_RE = re.compile(
    rf"(?:[ \t]+{_D}(?:[ \t]+{_F}(?:[ \t]+({_NUMBER}|\"\")(?:[ \t]+{_F})?)?)?)?[ \t\r]*"
)
"""A plain #TRANS line's tail: date, text, quantity and signature, each optional."""
_MAX_TAILS = 100_000
"""At most this many tails are kept (they repeat; a file of unique tails would fill memory)."""
_MAX_PER_CODE = 100
"""More diagnostics of one code than this are summarised in one."""


def parse_sie(data: bytes, file: str) -> tuple[SieFile | None, list[Diagnostic]]:
    """The file's content, or ``None`` when it has errors; and every diagnostic."""
    sink = Sink(file)
    decoded = t.decode(data, sink)
    if decoded is None:
        return None, sink.diagnostics
    text, encoding = decoded
    if not t.looks_like_sie(text):
        sink.error(
            t.NOT_SIE,
            "Filen är inte en SIE-fil: den saknar posterna #FLAGGA och #SIETYP.",
            line=1,
            hint="Välj den SIE-fil som bokföringsprogrammet exporterat (typ 1–4, .se eller .si).",
        )
        return None, sink.diagnostics
    t.encoding_warning(sink, encoding)
    if "\n" not in text:
        text = text.replace("\r", "\n")  # old Macintosh line ends
    builder = Builder(sink, encoding)
    with paused_collector():
        _Reader(sink, builder).scan(text)
        if builder.checksum_lines:
            _verify_checksum(text.split("\n"), builder, sink)
        sie = builder.finish(file)
    diagnostics = _capped(sink.diagnostics)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return None, diagnostics
    return sie, diagnostics


@contextmanager
def paused_collector() -> Iterator[None]:
    """The garbage collector paused while millions of records are made: it would otherwise
    scan the growing heap again and again for cycles that records cannot form. Afterwards the
    new objects go to the collector's oldest generation without a scan (the first allocation
    after ``gc.enable()`` would scan them all), unless something else has frozen objects
    (``gc.unfreeze`` would release those too)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()


def _verify_checksum(lines: list[str], builder: Builder, sink: Sink) -> None:
    """``#KSUMMA`` first and last: the last one's CRC-32 must match the records between."""
    marks = builder.checksum_lines
    if not marks:
        return
    if builder.checksum_value is None or len(marks) < 2:
        sink.error(
            t.CHECKSUM,
            "Filen börjar med #KSUMMA men har ingen kontrollsumma i slutet: den kan vara avkortad.",
            line=marks[0],
            hint="Exportera filen på nytt från bokföringsprogrammet.",
        )
        return
    records: list[list[t.Field]] = []
    for line in lines[marks[0] : marks[-1] - 1]:
        stripped = line.strip()
        if stripped and stripped not in ("{", "}"):
            fields, problem = t.tokenize(stripped)
            if problem is None:
                records.append(fields)
    encoding = "cp437" if builder.encoding == "ascii" else builder.encoding
    if t.checksum(records, encoding) != builder.checksum_value:
        sink.error(
            t.CHECKSUM,
            "Kontrollsumman (#KSUMMA) stämmer inte med filens innehåll: filen har ändrats efter "
            "exporten eller är skadad.",
            line=marks[-1],
            hint="Exportera filen på nytt från bokföringsprogrammet och ändra den inte för hand.",
        )


def _capped(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """At most ``_MAX_PER_CODE`` diagnostics per code, and one saying how many were left out."""
    counts: dict[str, int] = {}
    kept: list[Diagnostic] = []
    for d in diagnostics:
        counts[d.code] = counts.get(d.code, 0) + 1
        if counts[d.code] <= _MAX_PER_CODE:
            kept.append(d)
    for code, count in counts.items():
        if count > _MAX_PER_CODE:
            first = next(d for d in diagnostics if d.code == code)
            kept.append(
                Diagnostic(
                    code,
                    first.severity,
                    f"… och {count - _MAX_PER_CODE} fler av samma slag ({count} i alla).",
                    first.location,
                    first.hint,
                )
            )
    return kept


class _Dates(dict[str, date | None]):
    """Date fields by their text (``20200131``, ``"20200131"``, ``""``); ``None`` for an empty
    field. An invalid date is not stored: the fast path notices and leaves the voucher to the
    line reader, which reports it."""

    def __missing__(self, key: str) -> date | None:
        value = t.parse_date(key.strip('"'))
        if value is None:
            raise _Decline
        self[key] = value
        return value


class _Objects(dict[str, Objects]):
    """Object lists by their text between the braces."""

    def __missing__(self, key: str) -> Objects:
        fields, problem = t.tokenize(key)
        parsed = t.parse_objects(tuple(f for f in fields if isinstance(f, str)))
        if problem is not None or isinstance(parsed, str):
            raise _Decline
        self[key] = parsed
        return parsed


class _Decline(Exception):
    """The fast path does not take this voucher as it is; the line reader will."""


class _Tails(dict[str, tuple[date | None, str, Decimal | None, str]]):
    """The date, text, quantity and signature of a ``#TRANS`` line by its tail (the text
    after the amount). A tail that is not plain is not stored: the voucher is declined."""

    def __init__(self, dates: _Dates) -> None:
        super().__init__()
        self.dates = dates

    def __missing__(self, key: str) -> tuple[date | None, str, Decimal | None, str]:
        m = _TAIL_RE.fullmatch(key)
        if m is None:
            raise _Decline
        on, t1, t2, quantity, by1, by2 = m.groups("")
        value = (
            self.dates[on],
            t1 or t2,
            Decimal(quantity) if quantity and quantity != '""' else None,
            by1 or by2,
        )
        if len(self) < _MAX_TAILS:
            self[key] = value
        return value


class _Reader:
    """Vouchers on the fast path, everything else through the line reader."""

    def __init__(self, sink: Sink, builder: Builder) -> None:
        self.sink = sink
        self.builder = builder
        self.lines = LineReader(sink, builder)
        self.dates = _Dates({"": None, '""': None})
        self.objects = _Objects({"": ()})
        self.tails = _Tails(self.dates)

    def scan(self, text: str) -> None:
        lines = self.lines
        take = self._voucher
        position, lineno = 0, 1
        for m in _BLOCK_RE.finditer(text):
            start, end = m.span()
            if start != position:
                gap = text[position:start]
                lines.feed(gap, lineno)
                lineno += gap.count("\n")
            if lines.head is not None or lines.block is not None:
                lines.interrupt(lineno, f"rad {lineno} börjar en ny verifikation")
            try:
                lineno += take(m, lineno)
            except _Decline:
                block = m.group(0)
                lines.feed(block, lineno)
                lineno += block.count("\n")
            position = end
        lines.feed(text[position:], lineno)
        lines.interrupt(lineno + text.count("\n", position), "filen tar slut (filen är avkortad)")

    def _voucher(self, m: re.Match[str], lineno: int) -> int:
        """A voucher matched by ``_BLOCK_RE``: taken as it is (the number of line ends it
        spans), or declined (``_Decline``)."""
        s1, s2, n1, n2, day, x1, x2, regdate, g1, g2, body, end = m.groups("")
        rows = _ROW_RE.findall(body)
        if len(rows) != body.count("\n"):
            raise _Decline
        objects, tails, new, amount = self.objects, self.tails, tuple.__new__, Decimal
        transactions = tuple(
            [
                new(Transaction, ("TRANS", account, objects[objs], amount(value), *tails[tail]))
                for account, objs, value, tail in rows
            ]
        )
        dates = self.dates
        voucher = new(
            Voucher,
            (
                s1 or s2,
                n1 or n2,
                dates[day],
                x1 or x2,
                dates[regdate] if regdate else None,
                g1 or g2,
                transactions,
            ),
        )
        total = sum(map(_AMOUNT, transactions), _ZERO)
        self.builder.add_voucher(voucher, lineno, total, special=False)
        return len(rows) + 2 + len(end)  # #VER, {, the rows and }


_ZERO = Decimal(0)
_AMOUNT = operator.itemgetter(3)
