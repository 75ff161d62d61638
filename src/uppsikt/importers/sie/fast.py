"""A fast, columnar reader of the vouchers of large SIE type 4 files: ledger rows as an Arrow
table, the per-line work done by DuckDB in SQL (multi-threaded).

```python
try:
    table, diagnostics = read_sie_columns(path)   # None when the file has errors
except Unsupported:
    ...                                           # read_sie + ledger_rows instead
```

The text is decoded once (``sie_text.decode``) and split into lines by Arrow; DuckDB
classifies the lines, checks the voucher structure (``#VER``, ``{``, ``#TRANS`` rows, ``}``),
assigns each ``#TRANS`` to its voucher (a running count of ``#VER`` lines) and extracts its
fields with regular expressions. The few distinct dates and object lists are checked and
mapped in Python, and the records outside the vouchers (few) go to the general line reader
(``sie_lines``), so their diagnostics are those of ``read_sie``. The rows are exactly those
``ledger_rows(read_sie(path)[0], dimensions)`` yields.

Whatever the fast path does not take as it is raises ``Unsupported``: ``#RTRANS`` and
``#BTRANS``, ``#KSUMMA``, files without vouchers, lines that are no SIE record, ``#VER`` and
``#TRANS`` lines that are not plain (escapes, missing or extra fields, quoted accounts),
amounts with more than two decimals, object lists that cannot be read.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.fast_checks import (
    BLANK,
    CLOSE,
    MAX_PER_KIND,
    NUM,
    OPEN,
    OTHER,
    SPECIAL,
    STRAY,
    TRANS,
    VER,
    Checks,
    Unsupported,
)
from uppsikt.importers.sie.fast_reconcile import reconcile_columns
from uppsikt.importers.sie.lines import LineReader
from uppsikt.importers.sie.reader import DEFAULT_DIMENSIONS, ledger_rows
from uppsikt.importers.sie.records import Builder
from uppsikt.ledger.model import OBJECT_DIMENSIONS
from uppsikt.ledger.store import ARROW_SCHEMA
from uppsikt.ledger.verify import SAFE_CONFIG
from uppsikt.located.diagnostics import Diagnostic, Severity
from uppsikt.located.limits import limits
from uppsikt.located.sink import Sink

__all__ = ["LEDGER_ARROW_SCHEMA", "MAX_PER_KIND", "Unsupported", "read_sie_columns"]

LEDGER_ARROW_SCHEMA = ARROW_SCHEMA
"""The store's ledger columns (one schema, defined by the store)."""
"""The store's ledger columns (without ``source``), as the fast reader returns them."""

_F = r'(?:"[^"\\\r\n]*"|[^ \t"{}\r\n]+)'
"""A field: quoted without escapes, or bare."""
_CF = rf"({_F})"
_QTY = rf'(?:""|{NUM}|"{NUM}")'
"""A quantity: empty or a number (only checked: it is not stored)."""
_SF = r'(?:"[^"\\ \t\r\n]*"|[^ \t"{}\r\n]+)'
"""A field without spaces or tabs (quoted or not)."""
_OBJ = r'[^{}"\r\n]*(?:"[^"\\{}\r\n]*"[^{}"\r\n]*)*'
"""The content of an object list (quoted codes without braces)."""
_END = r"[ \t\r\n]*$"
_VER_RE = (
    rf"^[ \t]*(?i:#VER)[ \t]+{_CF}[ \t]+{_CF}[ \t]+{_CF}"
    rf"(?:[ \t]+{_F}(?:[ \t]+{_CF}(?:[ \t]+{_F})?)?)?{_END}"
)
"""#VER series number date [text [regdate [sign]]]: groups series, number, date, regdate."""
_VER_SIMPLE = rf"^[ \t]*(?i:#VER) {_SF} {_SF} {_SF}(?: {_F})?{_END}"
"""A #VER whose fields split on single spaces, without regdate."""
_TRANS_RE = (
    rf"^[ \t]*(?i:#TRANS)[ \t]+([^ \t\"{{}}\r\n]+)[ \t]*\{{({_OBJ})\}}"
    rf"[ \t]*([^ \t\"{{}}\r\n]+)"
    rf"(?:[ \t]+{_CF}(?:[ \t]+{_F}(?:[ \t]+{_QTY}(?:[ \t]+{_F})?)?)?)?{_END}"
)
"""#TRANS account {objects} amount [date [text [quantity [sign]]]]: groups account, objects,
amount, date."""
_TRANS_SIMPLE = (
    rf"^[ \t]*(?i:#TRANS)[ \t]+[^ \t\"{{}}\r\n]+[ \t]*\{{{_OBJ}\}}"
    rf"[ \t]*[^ \t\"{{}}\r\n]+(?: {_SF}(?: {_F}(?:[ \t]+{_QTY}(?:[ \t]+{_F})?)?)?)?{_END}"
)
"""A #TRANS whose amount and date split on single spaces."""

_WS = "' \t\r\n'"
"""The white space trimmed from lines, as an SQL literal (real tab, CR and LF)."""
_OPENS = "'{\r\n', '{\n', '{'"
_CLOSES = "'}\r\n', '}\n', '}'"

_CLASSIFY = rf"""
SELECT CASE
    WHEN starts_with(l, '#TRANS ') THEN {TRANS}
    WHEN starts_with(l, '#VER ') THEN {VER}
    WHEN l IN ({_OPENS}) THEN {OPEN}
    WHEN l IN ({_CLOSES}) THEN {CLOSE}
    WHEN trim(l, {_WS}) = '' THEN {BLANK}
    WHEN trim(l, {_WS}) = '{{' THEN {OPEN}
    WHEN trim(l, {_WS}) = '}}' THEN {CLOSE}
    WHEN NOT starts_with(l, '#') THEN {STRAY}
    ELSE (CASE upper(regexp_extract(l, '^#[^ \t\r\n{{}}"]*'))
        WHEN '#TRANS' THEN {TRANS}
        WHEN '#VER' THEN {VER}
        WHEN '#RTRANS' THEN {SPECIAL}
        WHEN '#BTRANS' THEN {SPECIAL}
        WHEN '#KSUMMA' THEN {SPECIAL}
        ELSE {OTHER} END)
    END::UTINYINT AS k
FROM (SELECT ltrim(line, {_WS}) AS l FROM lines)
"""
"""The kind of each line, in the order of the lines."""

_TRANS_PICK = (
    r"^[ \t]*(?i:#TRANS)[ \t]+([^ \t{]+)[ \t]*\{([^}]*)\}[ \t]*([^ \t\r\n]+)"
    r"(?: ([^ \t\r\n]*))?"
)
"""The fields of a #TRANS that matched ``_TRANS_SIMPLE``."""
_VER_PICK = r"^[ \t]*(?i:#VER) ([^ ]+) ([^ ]+) ([^ \r\n]+)()"
"""The fields of a #VER that matched ``_VER_SIMPLE``."""

_ROWS = f"""
CREATE TEMP TABLE r AS
SELECT n, v, m.a AS account, m.o AS objects, m.x AS amount_text, trim(m.d, '"') AS day,
    TRY_CAST(m.x AS DECIMAL(18, 2)) AS amount
FROM (
    SELECT n, v, CASE WHEN regexp_full_match(line, '{_TRANS_SIMPLE}')
        THEN regexp_extract(line, '{_TRANS_PICK}', ['a', 'o', 'x', 'd'])
        ELSE regexp_extract(line, '{_TRANS_RE}', ['a', 'o', 'x', 'd']) END AS m
    FROM lines WHERE k = {TRANS})
"""
"""The #TRANS rows: by a simple regular expression when the line is simple, else by the full
one (an empty account when the line does not match)."""

_VOUCHERS = f"""
CREATE TEMP TABLE h AS
SELECT v, n, m.a = '' AS unmatched, trim(m.a, '"') AS series, trim(m.o, '"') AS number,
    trim(m.d, '"') AS day, trim(m.x, '"') AS regdate
FROM (
    SELECT n, v, CASE WHEN regexp_full_match(line, '{_VER_SIMPLE}')
        THEN regexp_extract(line, '{_VER_PICK}', ['a', 'o', 'd', 'x'])
        ELSE regexp_extract(line, '{_VER_RE}', ['a', 'o', 'd', 'x']) END AS m
    FROM lines WHERE k = {VER})
"""
"""The #VER lines: series, number, date, regdate (``unmatched`` when the line is not plain)."""


def read_sie_columns(
    path: Path, dimensions: Mapping[int, str] = DEFAULT_DIMENSIONS
) -> tuple[pa.Table | None, list[Diagnostic]]:
    """The ledger rows of an SIE file with vouchers as an Arrow table (``LEDGER_ARROW_SCHEMA``,
    in the order of ``ledger_rows``), or ``None`` when the file has any error; and the
    diagnostics. Raises ``Unsupported`` for a file the fast path does not read."""
    unknown = set(dimensions.values()) - set(OBJECT_DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown ledger object fields: {sorted(unknown)}")
    file = str(path)
    try:
        if path.stat().st_size > limits().max_import_bytes:
            raise Unsupported("larger than max_import_bytes (the full reader says so)")
        data = path.read_bytes()
    except OSError as exc:
        raise Unsupported("the file cannot be read") from exc
    sink = Sink(file)
    utf8, encoding = _utf8(data, sink)
    del data
    t.encoding_warning(sink, encoding)
    config = {**SAFE_CONFIG, "memory_limit": limits().duckdb_memory}
    with duckdb.connect(config=config) as con:  # in memory; reads no file (Arrow only)
        return _Reader(con, sink, encoding, dict(dimensions)).read(_lines(utf8))


_BOM = "\ufeff".encode()
_HIGH = "".join(map(chr, range(128, 256)))
"""The characters of bytes 128–255 when read as ISO 8859-1."""


def _utf8(data: bytes, sink: Sink) -> tuple[bytes, str]:
    """The file as UTF-8 and its encoding, as ``sie_text.decode`` detects it; but CP437 and
    Windows-1252 files are read as ISO 8859-1, one character per byte (far faster), and their
    characters 128–255 are put right where they are used (``_Reader.fix``)."""
    trimmed = data.rstrip(b"\x1a")
    sample = Sink(sink.file)
    if not trimmed or trimmed.isspace() or b"\x00" in trimmed:
        raise Unsupported("not an SIE file")
    if trimmed.isascii():
        text, encoding = trimmed.decode("ascii"), "ascii"
    elif _surely_not_utf8(trimmed):
        head = t.decode(_detect_sample(trimmed), sample)
        encoding = head[1] if head is not None else "cp437"
        text = trimmed.decode("latin-1")
    else:
        try:
            text, encoding = trimmed.decode("utf-8"), "utf-8"
            trimmed = trimmed.removeprefix(_BOM)
        except UnicodeDecodeError:
            head = t.decode(_detect_sample(trimmed), sample)
            encoding = head[1] if head is not None else "cp437"
            text = trimmed.decode("latin-1")
    if sample.diagnostics or not t.looks_like_sie(text) or _binary(trimmed):
        raise Unsupported("not an SIE file")
    utf8 = trimmed if encoding in ("ascii", "utf-8") else text.encode("utf-8")
    del text
    if b"\n" not in utf8:
        utf8 = utf8.replace(b"\r", b"\n")  # old Macintosh line ends
    return utf8, encoding


def _surely_not_utf8(data: bytes) -> bool:
    """Whether the first non-ASCII character is not UTF-8 (without decoding it all)."""
    first = _NON_ASCII.search(data)
    if first is None:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data[first.start() : first.start() + 4])
    except UnicodeDecodeError:
        return True
    return False


_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _detect_sample(data: bytes) -> bytes:
    """The bytes that decide between CP437 and Windows-1252 in ``sie_text.decode``: the
    non-ASCII bytes (its count of å, ä and ö in either encoding), with one that is not UTF-8."""
    return data.translate(None, bytes(range(128))) + b"\xff"


def _binary(data: bytes) -> bool:
    """``sie_text.decode``'s test for binary data (control characters in the first 64 kB)."""
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls * 100 > len(sample)


_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 13, 26)) + b"\x7f"


def _lines(data: bytes) -> pa.Table:
    """The lines of the UTF-8 text (each with its line end) and their numbers, without
    copying them one by one: the bytes with the offsets of the line ends."""
    if len(data) >= 2**31:
        raise Unsupported("a file of 2 GB or more")
    ends = np.flatnonzero(np.frombuffer(data, np.uint8) == 10) + 1
    offsets = np.concatenate(([0], ends, [len(data)] if len(data) not in ends[-1:] else []))
    count = len(offsets) - 1
    lines = pa.StringArray.from_buffers(
        count, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)
    )
    return pa.table({"n": pa.array(np.arange(1, count + 1, dtype=np.int64)), "line": lines})


class _Reader(Checks):
    def __init__(
        self, con: duckdb.DuckDBPyConnection, sink: Sink, encoding: str, dimensions: dict[int, str]
    ) -> None:
        super().__init__(con, sink, encoding)
        self.dimensions = dimensions

    def read(self, lines: pa.Table) -> tuple[pa.Table | None, list[Diagnostic]]:
        con, sink = self.con, self.sink
        con.register("lines", lines)
        kinds = con.sql(_CLASSIFY).to_arrow_table().column("k").to_numpy()
        counts = np.bincount(kinds, minlength=8)
        if counts[SPECIAL] or counts[STRAY]:
            raise Unsupported("#RTRANS, #BTRANS, #KSUMMA or a line that is no record")
        if not counts[VER]:
            raise Unsupported("no vouchers")
        self._structure(kinds)
        vouchers = np.cumsum(kinds == VER, dtype=np.int32)
        con.unregister("lines")
        lines = lines.append_column("k", pa.array(kinds)).append_column("v", pa.array(vouchers))
        con.register("lines", lines)
        builder = self._records()
        con.execute(_ROWS)
        con.execute(_VOUCHERS)
        if self.latin:
            right = "".join(self.fix(c) for c in _HIGH)
            con.execute(
                "UPDATE r SET account = translate(account, ?, ?) "
                "WHERE strlen(account) <> length(account)",
                [_HIGH, right],
            )
        unmatched = self.sql(
            "SELECT min(n) FROM (SELECT n FROM r WHERE account = '' "
            "UNION ALL SELECT n FROM h WHERE unmatched)"
        )
        if unmatched[0][0] is not None:
            raise Unsupported(f"line {unmatched[0][0]} is not a plain #VER or #TRANS")
        self._amounts()
        self._dates()
        self._objects()
        sie = builder.finish(sink.file, has_vouchers=True)
        rar = sie.header.fiscal_year(0)
        self._chart(
            sie.chart(), import_file=sink.file.lower().endswith(".si") or not sie.header.rar
        )
        self._balance()
        if rar is not None:
            self._trans_in_year(rar.start, rar.end)
            self._in_year(rar.start, rar.end)
        diagnostics = sink.diagnostics
        if any(d.severity is Severity.ERROR for d in diagnostics):
            return None, diagnostics
        table = self._result(rar.end.year if rar is not None else None)
        problems = reconcile_columns(sie, table, self._first_lines())
        if problems:
            return None, [*diagnostics, *problems]
        budget = [p for p in sie.periods if p.kind == "PBUDGET" and p.year == 0]
        if budget:
            extra = dataclasses.replace(sie, periods=tuple(budget), balances=(), vouchers=())
            table = pa.concat_tables(
                [table, _rows_table(list(ledger_rows(extra, self.dimensions)))]
            )
        return table, diagnostics

    # -- the records outside vouchers, through the general line reader

    def _records(self) -> Builder:
        builder = Builder(self.sink, self.encoding)
        reader = LineReader(self.sink, builder)
        for n, line in self.sql(f"SELECT n, line FROM lines WHERE k = {OTHER} ORDER BY n"):
            reader.feed(self.fix(line), n)
        if builder.checksum_lines:
            raise Unsupported("#KSUMMA")
        return builder

    def _objects(self) -> pa.Table:
        """The distinct object lists with the ledger fields they give."""
        texts = [o for (o,) in self.sql("SELECT DISTINCT objects FROM r")]
        columns: dict[str, list[str]] = {"text": [], **{f: [] for f in OBJECT_DIMENSIONS}}
        for text in texts:
            fields, problem = t.tokenize(self.fix(text))
            pairs = t.parse_objects(tuple(f for f in fields if isinstance(f, str)))
            if (
                problem is not None
                or isinstance(pairs, str)
                or len(fields) != len([f for f in fields if isinstance(f, str)])
            ):
                raise Unsupported(f"object list {{{text}}}")
            mapped: dict[str, str] = {}
            for dimension, code in pairs:
                name = self.dimensions.get(dimension)
                if name is not None and name not in mapped:
                    mapped[name] = code
            columns["text"].append(text)
            for name in OBJECT_DIMENSIONS:
                columns[name].append(mapped.get(name, ""))
        table = pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})
        self.con.register("objects", table)
        return table

    # -- the rows

    def _result(self, fiscal_year: int | None) -> pa.Table:
        """The rows in the order of their lines (DuckDB keeps it through these joins as a rule;
        checked, and sorted when not)."""
        year = f"{fiscal_year}" if fiscal_year is not None else "year(coalesce(td.day, vd.day))"
        table = self.con.sql(
            f"""
            SELECT r.n, {year}::SMALLINT AS year,
                month(coalesce(td.day, vd.day))::TINYINT AS period,
                'utfall' AS scenario, r.account,
                o.ansvar, o.verksamhet, o.projekt, r.amount
            FROM r
            JOIN h USING (v)
            JOIN dates vd ON vd.text = h.day
            LEFT JOIN dates td ON td.text = r.day
            JOIN objects o ON o.text = r.objects
            """
        ).to_arrow_table()
        numbers = table.column("n").to_numpy()
        if len(numbers) > 1 and not bool(np.all(numbers[1:] > numbers[:-1])):
            table = table.sort_by("n")
        return table.drop_columns(["n"]).cast(LEDGER_ARROW_SCHEMA)


def _rows_table(rows: list[Any]) -> pa.Table:
    columns = {name: [getattr(r, name) for r in rows] for name in LEDGER_ARROW_SCHEMA.names}
    columns["scenario"] = [r.scenario.value for r in rows]
    return pa.table(columns, schema=LEDGER_ARROW_SCHEMA)
