"""The byte level of the columnar SIE reader (``sie_fast``): the file's bytes and encoding,
its lines and the kind of each line, found with array operations over the whole buffer.

The bytes are never decoded as a whole: every character SIE gives a meaning (blanks, quotes,
braces, ``#``, digits, line ends) is ASCII, and in each encoding the reader accepts (ASCII,
UTF-8, CP437, Windows-1252) an ASCII byte is always that character. Only the few distinct
texts that are kept (accounts, object lists, dates, the records outside vouchers) are
decoded, in the file's encoding, as the full reader decodes them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.fast_checks import (
    BLANK,
    CLOSE,
    OPEN,
    OTHER,
    SPECIAL,
    STRAY,
    TRANS,
    VER,
    Unsupported,
)
from uppsikt.located.sink import Sink

Ints = npt.NDArray[np.int64]

_BOM = b"\xef\xbb\xbf"
_SIE_MARK = re.compile(rb"^[ \t]*#(?:FLAGGA|SIETYP)(?![A-Za-z0-9_\x80-\xff])", re.I | re.M)
"""``sie_text.looks_like_sie`` on bytes: a non-ASCII byte after the tag counts as a letter
(it may decode to one), so the fast path never takes a file the full reader would refuse."""
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 13, 26)) + b"\x7f"
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_ONES = np.uint64(0x0101010101010101)
_HIGHS = np.uint64(0x8080808080808080)
_LEADING = 8
_PART = 1 << 24
"""Bytes compared at once when the line ends are looked for."""
_LINES_AT_ONCE = 1 << 20
"""Lines whose leading blanks are counted at once."""
"""Leading blanks looked at with array operations (one word); more are measured one by one."""


def read_padded(path: Path) -> bytearray:
    """The file's bytes with eight line ends after them (``split_lines``), read into one
    buffer (no copy of a large file is made on the usual path)."""
    size = path.stat().st_size
    padded = bytearray(size + 8)
    with path.open("rb") as f:
        if f.readinto(memoryview(padded)[:size]) != size or f.read(1):
            raise Unsupported("the file changed while it was read")
    padded[size:] = b"\n" * 8
    return padded


def file_bytes(padded: bytearray, sink: Sink) -> tuple[bytearray, str]:
    """The file of ``read_padded`` without the DOS end mark, a UTF-8 byte order mark or old
    Macintosh line ends (still padded), and its encoding, as ``sie_text.decode`` detects it;
    ``Unsupported`` when the full reader would not read it as an SIE file. The eight line
    ends change none of the tests (they are ASCII white space)."""
    size = len(padded) - 8
    kept = size
    while kept and padded[kept - 1] == 0x1A:
        kept -= 1
    if kept != size:  # rare: a copy
        padded = padded[:kept] + b"\n" * 8
        size = kept
    sample = bytes(padded[: min(size, 65536)])
    if not size or padded.isspace() or b"\x00" in padded or _binary(sample):
        raise Unsupported("not an SIE file")
    encoding = _encoding(padded, sink)
    if encoding == "utf-8" and padded.startswith(_BOM):
        del padded[: len(_BOM)]
        size -= len(_BOM)
    if _SIE_MARK.search(padded) is None:
        raise Unsupported("not an SIE file")
    if padded.find(b"\n", 0, size) < 0:  # old Macintosh line ends: a copy
        padded = padded[:size].replace(b"\r", b"\n") + b"\n" * 8
    if size >= 2**31:
        raise Unsupported("a file of 2 GB or more")
    return padded, encoding


def _encoding(data: bytes | bytearray, sink: Sink) -> str:
    if data.isascii():
        return "ascii"
    if not _surely_not_utf8(data):
        try:
            codecs.decode(data, "utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
    sample = Sink(sink.file)
    head = t.decode(_detect_sample(data), sample)
    if sample.diagnostics:
        raise Unsupported("not an SIE file")
    return head[1] if head is not None else "cp437"


def _surely_not_utf8(data: bytes | bytearray) -> bool:
    """Whether the first non-ASCII character is not UTF-8 (without decoding it all)."""
    first = _NON_ASCII.search(data)
    if first is None:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data[first.start() : first.start() + 4])
    except UnicodeDecodeError:
        return True
    return False


def _detect_sample(data: bytes | bytearray) -> bytes:
    """The bytes that decide between CP437 and Windows-1252 in ``sie_text.decode``: the
    non-ASCII bytes (its count of å, ä and ö in either encoding), with one that is not UTF-8."""
    return bytes(data.translate(None, bytes(range(128)))) + b"\xff"


def _binary(data: bytes) -> bool:
    """``sie_text.decode``'s test for binary data (control characters in the first 64 kB)."""
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls * 100 > len(sample)


@dataclass(frozen=True, slots=True)
class Lines:
    """The lines of the buffer: line ``i`` (number ``i + 1``) is ``buf[start[i]:end[i]]``
    without its ``\\n``; ``first`` is its first byte that is not blank (space, tab or CR).
    ``buf`` has eight line ends more than the file (every line, the last too, ends with one),
    and ``words[i]`` is the eight bytes from ``i`` as one little-endian number."""

    data: bytes | bytearray
    buf: npt.NDArray[np.uint8]
    words: npt.NDArray[np.uint64]
    start: Ints
    end: Ints
    first: Ints
    kind: npt.NDArray[np.uint8]

    def text(self, i: int, encoding: str) -> str:
        """Line ``i`` decoded as the full reader decodes it (with a CR it may end with)."""
        return decode(self.data[self.start[i] : self.end[i]], encoding)


def decode(raw: bytes | bytearray, encoding: str) -> str:
    return raw.decode(encoding, errors="replace")


def split_lines(padded: bytes | bytearray) -> Lines:
    """The lines and their kinds (``BLANK``, ``OPEN``, ``TRANS`` …), as the full reader's line
    reader would see them: a line is blank, a lone brace or a record by its tag. ``padded``
    is the file with eight line ends more (``file_bytes``)."""
    size = len(padded) - 8
    data = padded
    buf = np.frombuffer(padded, np.uint8)
    words: npt.NDArray[np.uint64] = np.ndarray((size + 1,), "<u8", padded, 0, (1,))
    newlines = np.concatenate(  # in parts: a mask of the whole file would be its size again
        [np.flatnonzero(buf[i : min(i + _PART, size)] == 10) + i for i in range(0, size, _PART)]
        or [np.zeros(0, np.int64)]
    )
    end = newlines if size and padded[size - 1] == 10 else np.append(newlines, size)
    start = np.concatenate(([0], newlines[: len(end) - 1] + 1)).astype(np.int64)
    end = end.astype(np.int64)
    first = _skip_blanks(data, words, start, end)
    word = words[first]
    b0 = (word & np.uint64(0xFF)).astype(np.uint8)
    kind = np.full(len(start), STRAY, np.uint8)
    brace = np.flatnonzero((b0 == ord("{")) | (b0 == ord("}")))
    alone = _last_non_blank(buf, first[brace], end[brace]) == first[brace] + 1
    kind[brace[alone]] = np.where(b0[brace[alone]] == ord("{"), OPEN, CLOSE)
    kind[first == end] = BLANK
    tags = np.flatnonzero(b0 == ord("#"))
    tag = np.full(len(tags), OTHER, np.uint8)
    tagged_word = word[tags]
    tag[tagged(tagged_word, b"#TRANS")] = TRANS
    tag[tagged(tagged_word, b"#VER")] = VER
    rest = np.flatnonzero(tag == OTHER)
    for name in (b"#RTRANS", b"#BTRANS", b"#KSUMMA"):
        tag[rest[tagged(tagged_word[rest], name)]] = SPECIAL
    kind[tags] = tag
    return Lines(padded, buf, words, start, end, first, kind)


STOP = np.zeros(256, bool)
STOP[list(b' \t\r\n{}"')] = True
"""The bytes that end a tag."""


def tagged(word: npt.NDArray[np.uint64], tag: bytes) -> npt.NDArray[np.bool_]:
    """Whether each word starts with ``tag`` (its letters in any case) and a byte that ends
    a tag (a blank, brace, quote or the line end)."""
    size = len(tag)
    mask = np.uint64((1 << 8 * size) - 1)
    case = np.uint64(sum(0x20 << 8 * i for i, c in enumerate(tag) if chr(c).isalpha()))
    target = np.uint64(int.from_bytes(tag.lower(), "little"))
    same = ((word & mask) | case) == target
    after = ((word >> np.uint64(8 * size)) & np.uint64(0xFF)).astype(np.uint8)
    result: npt.NDArray[np.bool_] = same & STOP[after]
    return result


def exactly(word: npt.NDArray[np.uint64], prefix: bytes) -> npt.NDArray[np.bool_]:
    """Whether each word starts with ``prefix`` (at most eight bytes), byte for byte."""
    mask = np.uint64((1 << 8 * len(prefix)) - 1)
    result: npt.NDArray[np.bool_] = (word & mask) == np.uint64(int.from_bytes(prefix, "little"))
    return result


_IS_BLANK = np.zeros(256, bool)
_IS_BLANK[[9, 13, 32]] = True


def _skip_blanks(
    data: bytes | bytearray, words: npt.NDArray[np.uint64], start: Ints, end: Ints
) -> Ints:
    """The first byte of each line that is not a space, tab or CR (the line's end if none)."""
    lead = np.concatenate(  # in parts of a million lines: the test's arrays are 8 bytes a line
        [
            leading_blanks(words[start[i : i + _LINES_AT_ONCE]], b" \t\r")
            for i in range(0, len(start), 1 << 20)
        ]
        or [np.zeros(0, np.int64)]
    )
    first: Ints = np.minimum(start + lead, end)
    for i in np.flatnonzero((lead == 8) & (first < end)).tolist():  # long runs: rare
        line = data[first[i] : end[i]]
        first[i] += len(line) - len(line.lstrip(b" \t\r"))
    return first


_LOW7 = np.uint64(0x7F7F7F7F7F7F7F7F)


def leading_blanks(word: npt.NDArray[np.uint64], blanks: bytes) -> Ints:
    """How many of each word's bytes, from the first, are among ``blanks`` (0 to 8): the
    exact zero-byte test (no borrow between bytes) flags every byte equal to one of them."""
    flags = np.zeros(len(word), np.uint64)
    for b in blanks:
        x = word ^ np.uint64(b * 0x0101010101010101)
        flags |= ~(((x & _LOW7) + _LOW7) | x | _LOW7)
    other = ~flags & _HIGHS
    result: Ints = np.where(other > 0, lowest_flag(other), 8)
    return result


_SEVEN = np.uint64(7)
_BYTE_INDEX = np.uint64(0x0001020304050607)
_TOP = np.uint64(56)


def lowest_flag(flags: npt.NDArray[np.uint64]) -> Ints:
    """The index of the lowest byte whose high bit is set (flags of bytes, 0x80 each): the
    lowest bit alone, shifted to bit 8k and multiplied so that k lands in the top byte."""
    lowest = flags & (~flags + np.uint64(1))
    result: Ints = (((lowest >> _SEVEN) * _BYTE_INDEX) >> _TOP).astype(np.int64)
    return result


def _last_non_blank(buf: npt.NDArray[np.uint8], first: Ints, end: Ints) -> Ints:
    """One past the last byte of each line that is not blank (``first`` when there is none):
    a few bytes back with array operations, longer runs of blanks by ``rstrip``."""
    last = end.copy()
    todo = np.flatnonzero(last > first)
    for _ in range(_LEADING):
        if not len(todo):
            return last
        blank = _IS_BLANK[buf[last[todo] - 1]]
        todo = todo[blank]
        last[todo] -= 1
        todo = todo[last[todo] > first[todo]]
    data = buf.tobytes() if len(todo) else b""
    for i in todo.tolist():
        last[i] = first[i] + len(data[first[i] : last[i]].rstrip(b" \t\r"))
    return last


def find_first(lines: Lines, at: Ints, stops: bytes, words: int, below: int = 0) -> Ints:
    """The position of the first byte at or after each position that is one of ``stops`` or
    less than ``below``, looked for eight bytes at a time in at most ``words`` words (-1 when
    not found so; the caller checks that it is on the same line). A byte equal to a stop is
    a zero byte of the word XOR the stop repeated; the classic tests for a zero byte and for
    a byte less than ``below`` flag exactly the lowest such byte."""
    patterns = [np.uint64(b * 0x0101010101010101) for b in stops]
    less = np.uint64(below * 0x0101010101010101)
    result = np.full(len(at), -1, np.int64)
    row, pos = np.arange(len(at)), at.copy()
    last = len(lines.words) - 1
    for _ in range(words):
        if not len(row):
            break
        word = lines.words[np.minimum(pos, last)]
        found = (word - less) & ~word & _HIGHS if below else np.zeros(len(row), np.uint64)
        for pattern in patterns:
            x = word ^ pattern
            found |= (x - _ONES) & ~x & _HIGHS
        hit = found != 0
        result[row[hit]] = pos[hit] + lowest_flag(found[hit])
        row, pos = row[~hit], pos[~hit] + 8
    return result


def segments(data: bytes | bytearray, start: Ints, end: Ints) -> pa.BinaryArray:
    """The bytes ``data[start[i]:end[i]]`` as a binary array (the ranges in order, apart),
    copied once: every other value of an array over the ranges and the gaps between them."""
    if not len(start):
        return pa.array([], pa.binary())
    offsets = np.empty(2 * len(start) + 1, np.int32)
    offsets[0:-1:2] = start
    offsets[1::2] = end
    offsets[-1] = end[-1]
    both = pa.BinaryArray.from_buffers(
        pa.binary(), 2 * len(start), [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )
    taken: pa.BinaryArray = both.take(pa.array(np.arange(0, 2 * len(start), 2)))
    return taken


def distinct(values: pa.BinaryArray) -> tuple[list[bytes], Ints]:
    """The distinct values and, for each value, the index of its distinct value."""
    encoded = values.dictionary_encode()
    indices = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return encoded.dictionary.to_pylist(), indices
