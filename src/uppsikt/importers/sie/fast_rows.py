"""The fields of the ``#TRANS`` and ``#VER`` lines of the columnar SIE reader (``sie_fast``),
as arrays, without a Python object per row.

A ``#TRANS`` line is cut in three at byte positions found for all lines at once: the head
(indentation, tag, account and object list, up to the ``}``), the amount, and the tail (date,
text, quantity, signature). Heads and tails repeat (a few accounts and object lists; a
voucher's rows share their date and text), so each distinct one is read once, by the regular
expression of its part; amounts are read by array arithmetic into öre. A line whose parts do
not read so (another case of the tag, tabs, an amount that is no plain number …) is read on
its own by the full regular expression, and a line that does not match it either is
``Unsupported``. ``#VER`` lines (one per voucher) are read by one regular expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from uppsikt.importers.sie.fast_checks import AMOUNT_OK, NUM, Unsupported
from uppsikt.importers.sie.fast_scan import (
    Ints,
    Lines,
    decode,
    distinct,
    exactly,
    find_first,
    leading_blanks,
    segments,
)

_F = r'(?:"[^"\\\r\n]*"|[^ \t"{}\r\n]+)'
"""A field: quoted without escapes, or bare."""
_CF = rf"({_F})"
_QTY = rf'(?:""|{NUM}|"{NUM}")'
"""A quantity: empty or a number (only checked: it is not stored)."""
_OBJ = r'[^{}"\r\n]*(?:"[^"\\{}\r\n]*"[^{}"\r\n]*)*'
"""The content of an object list (quoted codes without braces)."""
_END = r"[ \t\r\n]*"
_HEAD = re.compile(rf'[ \t]*#TRANS[ \t]+([^ \t"{{}}\r\n]+)[ \t]*\{{({_OBJ})\}}')
"""A #TRANS line up to its object list: account and object list."""
_TAIL = re.compile(rf"(?:[ \t]+{_CF}(?:[ \t]+{_F}(?:[ \t]+{_QTY}(?:[ \t]+{_F})?)?)?)?{_END}")
"""A #TRANS line after its amount: date (text, quantity and signature only checked)."""
_TRANS = re.compile(
    rf"[ \t]*(?i:#TRANS)[ \t]+([^ \t\"{{}}\r\n]+)[ \t]*\{{({_OBJ})\}}"
    rf"[ \t]*([^ \t\"{{}}\r\n]+){_TAIL.pattern}"
)
"""A whole #TRANS line: account, object list, amount and date."""
_VER = re.compile(
    rf"^[ \t]*(?i:#VER)[ \t]+{_CF}[ \t]+{_CF}[ \t]+{_CF}"
    rf"(?:[ \t]+{_F}(?:[ \t]+{_CF}(?:[ \t]+{_F})?)?)?[ \t\r]*$|^.*$",
    re.M,
)
"""A #VER line: series, number, date and regdate; any other line matches with no groups."""
_AMOUNT_OK = re.compile(AMOUNT_OK)
_NUM = re.compile(NUM)
_LARGE = 10**15
"""Öre from here on (10^13 kr) may have more significant digits than ``limits()`` allows:
the full reader judges them."""


class Texts(dict[str, int]):
    """Distinct texts numbered in the order they are met (``names`` in that order)."""

    def __init__(self, *first: str) -> None:
        super().__init__()
        self.names: list[str] = []
        for name in first:
            self.__missing__(name)

    def __missing__(self, key: str) -> int:
        self.names.append(key)
        value = self[key] = len(self.names) - 1
        return value


@dataclass(frozen=True, slots=True)
class Transactions:
    """The ``#TRANS`` rows in line order; texts as indices into ``Texts``."""

    line: Ints
    """Line numbers."""
    account: Ints
    objects: Ints
    ore: Ints
    """The amount in öre; 0 where ``bad_amount``."""
    bad_amount: npt.NDArray[np.bool_]
    amount_text: dict[int, str]
    """The text of each amount that is not a number, by row."""
    day: Ints
    """The date text (``""`` when there is none)."""


_ROWS_AT_ONCE = 1 << 19
"""``#TRANS`` lines read at once (the arrays of a part of the file, not of all of it)."""


def read_transactions(
    lines: Lines, rows: Ints, encoding: str, accounts: Texts, objects: Texts, days: Texts
) -> Transactions:
    """The ``#TRANS`` lines ``rows`` (line indices, in order), ``_ROWS_AT_ONCE`` at a time."""
    parts = [
        _read_part(lines, rows[i : i + _ROWS_AT_ONCE], encoding, accounts, objects, days)
        for i in range(0, max(len(rows), 1), _ROWS_AT_ONCE)
    ]
    amount_text: dict[int, str] = {}
    for i, part in enumerate(parts):
        amount_text.update({i * _ROWS_AT_ONCE + k: v for k, v in part.amount_text.items()})
    return Transactions(
        line=np.concatenate([p.line for p in parts]),
        account=np.concatenate([p.account for p in parts]),
        objects=np.concatenate([p.objects for p in parts]),
        ore=np.concatenate([p.ore for p in parts]),
        bad_amount=np.concatenate([p.bad_amount for p in parts]),
        amount_text=amount_text,
        day=np.concatenate([p.day for p in parts]),
    )


def _read_part(
    lines: Lines, rows: Ints, encoding: str, accounts: Texts, objects: Texts, days: Texts
) -> Transactions:
    n = len(rows)
    start, end, first = lines.start[rows], lines.end[rows], lines.first[rows]
    account = np.full(n, -1, np.int64)
    objs, day = account.copy(), account.copy()
    ore = np.zeros(n, np.int64)
    plain = _plain_tag(lines, first)
    closing = find_first(lines, first + 7, b"}", 8)  # the head's expression finds the {
    plain &= (closing >= 0) & (closing < end)
    index = np.flatnonzero(plain)
    heads, which = distinct(segments(lines.data, start[index], closing[index] + 1))
    parsed = [_HEAD.fullmatch(decode(h, encoding)) for h in heads]
    head_account = np.array([accounts[m[1]] if m else -1 for m in parsed] + [-1], np.int64)
    head_objects = np.array([objects[m[2]] if m else -1 for m in parsed] + [-1], np.int64)
    account[index], objs[index] = head_account[which], head_objects[which]
    plain[index] &= account[index] >= 0
    index = np.flatnonzero(plain)
    value, after, ok = _chunked_amounts(lines, closing[index] + 1)
    ore[index] = value
    plain[index] &= ok
    index = np.flatnonzero(plain)
    after = after[ok]
    tails, which = distinct(segments(lines.data, after, end[index]))
    dated = [_TAIL.fullmatch(decode(x, encoding)) for x in tails]
    tail_day = np.array([days[(m[1] or "").strip('"')] if m else -1 for m in dated] + [-1])
    day[index] = tail_day[which]
    plain[index] &= day[index] >= 0
    bad_amount = np.zeros(n, bool)
    amount_text: dict[int, str] = {}
    for i in np.flatnonzero(~plain).tolist():
        m = _TRANS.fullmatch(lines.text(int(rows[i]), encoding))
        if m is None:
            raise Unsupported(f"line {rows[i] + 1} is not a plain #TRANS")
        text, date_text = m[3], (m[4] or "").strip('"')
        account[i], objs[i], day[i] = accounts[m[1]], objects[m[2]], days[date_text]
        if _AMOUNT_OK.fullmatch(text):
            ore[i] = int(Decimal(text).scaleb(2))
        elif _NUM.fullmatch(text):
            raise Unsupported("an amount with more than two decimals")
        else:
            bad_amount[i], amount_text[i] = True, text
    if np.any(np.abs(ore) >= _LARGE):
        raise Unsupported("an amount that may pass max_significant_digits")
    return Transactions(rows + 1, account, objs, ore, bad_amount, amount_text, day)


def _plain_tag(lines: Lines, first: Ints) -> npt.NDArray[np.bool_]:
    """Lines whose tag is ``#TRANS`` in capitals followed by a space."""
    return exactly(lines.words[first], b"#TRANS ")


_OTHER = 2**20
_AMOUNT_BYTES = np.full(256, _OTHER, np.int32)
_AMOUNT_BYTES[48:58] = 0
_AMOUNT_BYTES[ord(".")] = 1
"""Per byte of an amount: digits 0, the point 1, anything else ``_OTHER``; summed per
amount, a sum below 2 is digits and at most one point."""


def _chunked_amounts(lines: Lines, at: Ints) -> tuple[Ints, Ints, npt.NDArray[np.bool_]]:
    """The amount after each ``}`` in öre, where it ends, and whether it is a plain amount
    (``AMOUNT_OK``, at most two decimals, shorter than 16 bytes) ended by a blank or the line:
    its end found eight bytes at a time, its bytes checked and its digits read by Arrow."""
    word = lines.words[at]
    lead = leading_blanks(word, b" \t")
    sign = (word >> (8 * np.minimum(lead, 7)).astype(np.uint64)) & np.uint64(0xFF)
    negative = (sign == ord("-")) & (lead < 8)
    pos = at + lead + (negative | (sign == ord("+")))
    stop = find_first(lines, pos, b"", 2, below=0x21)
    length = np.where(stop >= 0, stop - pos, 0)
    ok = (length >= 1) & (length < 16) & (lead < 8)
    ok &= _IN_FIELD[0, lines.buf[np.maximum(stop, 0)]] == 1
    texts = segments(lines.data, pos, pos + np.where(ok, length, 0))
    offsets = np.frombuffer(texts.buffers()[1], np.int32)[: len(pos) + 1]
    values = np.frombuffer(texts.buffers()[2], np.uint8)[: offsets[-1]]
    counted = np.add.reduceat(np.append(_AMOUNT_BYTES[values], 0), offsets[:-1])
    point = pc.find_substring(texts, ".").to_numpy(zero_copy_only=False)
    whole = np.where(point >= 0, point, length)
    fraction = np.where(point >= 0, length - point - 1, 0)
    ok &= (counted < 2) & (fraction <= 2) & ((whole >= 1) | (fraction >= 1))
    strings = pa.StringArray.from_buffers(len(pos), texts.buffers()[1], texts.buffers()[2])
    amounts = pc.cast(pc.if_else(pa.array(ok), strings, "0"), pa.decimal128(18, 2))
    ore = np.frombuffer(amounts.buffers()[1], np.int64)[::2][: len(pos)]
    return np.where(negative, -ore, ore), pos + length, ok


@dataclass(frozen=True, slots=True)
class Vouchers:
    """The ``#VER`` lines in line order."""

    line: Ints
    day: Ints
    """The date text (``""`` when empty)."""
    regdate: Ints
    """The registration date text (``""`` when there is none)."""
    texts: Any
    """Series and number of voucher ``i`` (decoded when a message needs them)."""

    def label(self, i: int) -> str:
        """A voucher as ``Voucher.label`` names it."""
        series, number = self.texts(i)
        return f"{series} {number}".strip() or "(utan serie och nummer)"


def read_vouchers(lines: Lines, rows: Ints, encoding: str, days: Texts) -> Vouchers:
    """The ``#VER`` lines ``rows`` (line indices, in order): their fields found by
    ``_fields``, a line it does not take read by the regular expression."""
    first, end = lines.first[rows], lines.end[rows]
    plain = exactly(lines.words[first], b"#VER")
    starts, stops, count = _fields(lines, first + 4, end, 6)
    plain &= (count >= 3) & (count <= 6)
    quoted = [lines.buf[s] == ord('"') for s in starts]
    day, regdate = np.zeros(len(rows), np.int64), np.zeros(len(rows), np.int64)
    for k, codes in ((2, day), (4, regdate)):
        index = np.flatnonzero(plain & (count > k))
        q = quoted[k][index]
        found, which = distinct(segments(lines.data, starts[k][index] + q, stops[k][index] - q))
        codes[index] = np.array([days[decode(x, encoding)] for x in found] + [0])[which]
    other: dict[int, tuple[str, str]] = {}
    for i in np.flatnonzero(~plain).tolist():
        m = _VER.fullmatch(lines.text(int(rows[i]), encoding))
        if m is None or not m[3]:
            raise Unsupported(f"line {rows[i] + 1} is not a plain #VER")
        series, number, on, registered = ((m[g] or "").strip('"') for g in (1, 2, 3, 4))
        other[i], day[i], regdate[i] = (series, number), days[on], days[registered]

    def texts(i: int) -> tuple[str, str]:
        if i in other:
            return other[i]
        fields = []
        for k in (0, 1):
            q = int(quoted[k][i])
            fields.append(decode(lines.data[starts[k][i] + q : stops[k][i] - q], encoding))
        return fields[0], fields[1]

    return Vouchers(rows + 1, day, regdate, texts)


_IN_FIELD = np.zeros((1, 256), np.int8)
"""1 for the bytes that end a bare field (blanks, CR and the line end)."""
_IN_FIELD[0, list(b" \t\r\n")] = 1
_BLANK = np.zeros(256, bool)
_BLANK[[9, 32]] = True
_FIELD_WORDS = 64
"""A field longer than this many words of eight bytes is read by the regular expression."""


def _fields(lines: Lines, at: Ints, end: Ints, most: int) -> tuple[list[Ints], list[Ints], Ints]:
    """The fields from each position to its line's end, as ``_F`` fields separated by
    blanks: the start and stop of field ``k`` (``starts[k]``, ``stops[k]``) and how many
    there are (-1 when the line does not split so, or has more than ``most``)."""
    n, buf = len(at), lines.buf
    pos, count = at.copy(), np.zeros(n, np.int64)
    starts = [np.zeros(n, np.int64) for _ in range(most)]
    stops = [np.zeros(n, np.int64) for _ in range(most)]
    active = np.arange(n)
    for k in range(most + 1):
        p = pos[active]
        after = p + 1  # one space, as a rule; else the blanks are counted
        line_end = end[active]
        other = np.flatnonzero(~_BLANK[buf[p]] | _BLANK[buf[after]])
        after[other] = p[other] + leading_blanks(lines.words[p[other]], b" \t")
        for i in np.flatnonzero(_BLANK[buf[after]]).tolist():  # more than eight: rare
            run = lines.data[after[i] : line_end[i]]
            after[i] += len(run) - len(run.lstrip(b" \t"))
        c = buf[after]
        ending = (c == 13) | (c == 10)
        closed = ending & ((after == line_end) | ((c == 13) & (after + 1 == line_end)))
        check = np.flatnonzero(ending & ~closed)
        closed[check] = _only_blank(lines, after[check], line_end[check])
        count[active[ending & ~closed]] = -1
        bad = ~ending & ((after == p) | (k == most))
        count[active[bad]] = -1
        active, after = active[~ending & ~bad], after[~ending & ~bad]
        if k == most or not len(active):
            break
        stop, ok = _field(lines, after)
        count[active[~ok]] = -1
        active, after, stop = active[ok], after[ok], stop[ok]
        starts[k][active], stops[k][active] = after, stop
        count[active] = k + 1
        pos[active] = stop
    return starts, stops, count


def _only_blank(lines: Lines, at: Ints, end: Ints) -> npt.NDArray[np.bool_]:
    """Whether only blanks and CRs are left before the line's end."""
    rest = leading_blanks(lines.words[at], b" \t\r")
    result: npt.NDArray[np.bool_] = at + rest >= end
    for i in np.flatnonzero((rest == 8) & ~result).tolist():  # long runs: rare
        result[i] = not lines.data[at[i] : end[i]].strip(b" \t\r")
    return result


def _field(lines: Lines, at: Ints) -> tuple[Ints, npt.NDArray[np.bool_]]:
    """Where the field at each position stops and whether it is an ``_F`` field: a bare one
    up to a blank or the line end, or a quoted one (no escapes) followed by either."""
    buf = lines.buf
    stop = np.full(len(at), -1, np.int64)
    quoted = buf[at] == ord('"')
    bare = np.flatnonzero(~quoted)
    found = find_first(lines, at[bare], b'"{}', _FIELD_WORDS, below=0x21)
    stop[bare] = np.where((found >= 0) & (_IN_FIELD[0, buf[found]] == 1), found, -1)
    inside = np.flatnonzero(quoted)
    found = find_first(lines, at[inside] + 1, b'"\\', _FIELD_WORDS, below=0x0E)
    stop[inside] = np.where((found >= 0) & (buf[found] == ord('"')), found + 1, -1)
    ok = stop > at
    ok &= _IN_FIELD[0, buf[np.maximum(stop, 0)]] == 1
    return stop, ok
