"""Seeded mutations of bytes for bench/fuzz.py: each takes the data and a ``random.Random`` and
returns new data. ``mutate`` applies a few of them and says which (for the saved examples)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

Mutation = Callable[[bytes, random.Random], bytes]

CONTROL = (
    b"\x00",
    b"\x1b",
    b"\x0c",
    b"\x7f",
    b"\x1a",
    b"\r",
    b"\t",
    "\u0085".encode(),
    "\u2028".encode(),
    "\u202e".encode(),
    "\ufeff".encode(),
    b"\xff\xfe",
    b"\xc3",
    b"\xed\xa0\x80",
)
"""Control characters, odd line ends, BOMs, a bidi override and invalid UTF-8."""

ODD_NUMBERS = (
    b"9" * 30,
    b"1" + b"0" * 6250,
    b"-" + b"9" * 40,
    b"1e999999",
    b"1E-999999",
    b"NaN",
    b"-Infinity",
    b"sNaN",
    b"0x1F",
    b"1_000",
    b"-0",
    b"--1",
    b"1,2,3",
    b"1.2.3",
    b"\xc2\xa0",
    b"99999999999999999999.999999999999999999",
    b"0.000000000000000000000000001",
    b"-1",
    b"999999999",
    b"24",
)
ODD_DATES = (
    b"2020-02-30",
    b"20200230",
    b"2020-13-01",
    b"20201301",
    b"00000000",
    b"0000-00-00",
    b"99991231",
    b"-2020-01-01",
    b"2020",
    b"202013",
    b"1e8",
    b"",
)
YAML_TRICKS = (
    b"!!int abc",
    b"!!float x",
    b"!!bool maybe",
    b"!!timestamp 2020-02-30",
    b"!!binary ***",
    b"!!python/object/apply:os.system ['true']",
    b"!!set {a, b}",
    b"!custom 1",
    b"&a [*a]",
    b"*undefined",
    b"<<: *nothing",
    b"? [a, b]\n: c",
    b"'unterminated",
    b'"\\xZZ"',
    b"%YAML 9.9\n---",
    b"---\n...\n---",
    b"|\n\t tab",
    b"@reserved",
    b"{a: 1, a: 1}",
)


def _position(data: bytes, rng: random.Random) -> int:
    return rng.randint(0, len(data))


def _insert(data: bytes, rng: random.Random, piece: bytes) -> bytes:
    at = _position(data, rng)
    return data[:at] + piece + data[at:]


def flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes((rng.randrange(256),))
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= rng.randint(1, 255)
    return bytes(out)


def control(data: bytes, rng: random.Random) -> bytes:
    return _insert(data, rng, rng.choice(CONTROL) * rng.choice((1, 1, 3, 100)))


def huge_number(data: bytes, rng: random.Random) -> bytes:
    """A run of digits (or an inserted field) replaced by an absurd number."""
    digits = [i for i, b in enumerate(data) if 48 <= b <= 57]
    odd = rng.choice(ODD_NUMBERS)
    if not digits or rng.random() < 0.2:
        return _insert(data, rng, odd)
    start = end = rng.choice(digits)
    while start > 0 and 48 <= data[start - 1] <= 57:
        start -= 1
    while end < len(data) and 48 <= data[end] <= 57:
        end += 1
    return data[:start] + odd + data[end:]


def odd_date(data: bytes, rng: random.Random) -> bytes:
    """A date-like run (8 digits or yyyy-mm-dd) replaced by an impossible one."""
    for _ in range(20):
        at = rng.randrange(max(1, len(data)))
        window = data[at : at + 10]
        if len(window) >= 8 and window[:8].isdigit():
            return data[:at] + rng.choice(ODD_DATES) + data[at + 8 :]
        if len(window) == 10 and window[4:5] == b"-" and window[:4].isdigit():
            return data[:at] + rng.choice(ODD_DATES) + data[at + 10 :]
    return _insert(data, rng, rng.choice(ODD_DATES))


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice((50, 300, 3000))
    kind = rng.randrange(5)
    if kind == 0:
        piece = b"[" * depth + b"]" * depth
    elif kind == 1:
        piece = b"{a: " * depth + b"1" + b"}" * depth
    elif kind == 2:
        piece = b"\n" + b"> " * depth + b"text\n"
    elif kind == 3:
        piece = b"\n" + b"".join(b"  " * i + b"- x\n" for i in range(min(depth, 400)))
    else:
        piece = b"{" * depth + b"}" * rng.randint(0, depth)
    return _insert(data, rng, piece)


def long_line(data: bytes, rng: random.Random) -> bytes:
    size = rng.choice((10_000, 131_073, 300_000, 2_000_000))
    return _insert(data, rng, rng.choice((b"x", b"9", b" ", b";", b'"', b"\xc3\xa5")) * size)


def alias_bomb(data: bytes, rng: random.Random) -> bytes:
    """A "billion laughs" YAML document, alone or appended under a new key."""
    levels = rng.choice((5, 9, 12))
    lines = [b'bomb0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = b",".join(b"*a%d" % (i - 1) for _ in range(9))
        lines.append(b"bomb%d: &a%d [%s]" % (i, i, refs))
    bomb = b"\n".join(lines) + b"\n"
    return bomb if rng.random() < 0.3 else data.rstrip(b"\n") + b"\n" + bomb


def yaml_trick(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    colon = line.find(b": ")
    trick = rng.choice(YAML_TRICKS)
    lines[i] = line[: colon + 2] + trick if colon >= 0 else trick
    return b"\n".join(lines)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: _position(data, rng)]


def duplicate_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    j = rng.randrange(len(lines))
    count = rng.choice((1, 1, 2, 1000))
    if len(lines[i]) * count > 8_000_000:
        count = 2
    return b"\n".join(lines[:j] + [lines[i]] * count + lines[j:])


def delete_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    return b"\n".join(lines[:i] + lines[i + rng.randint(1, 3) :])


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def splice(data: bytes, rng: random.Random, other: bytes = b"") -> bytes:
    """Part of ``other`` (or of ``data`` itself) pasted into ``data``."""
    source = other or data
    if not source:
        return data
    start = rng.randrange(len(source))
    piece = source[start : start + rng.randint(1, 400)]
    return _insert(data, rng, piece)


def empty_fields(data: bytes, rng: random.Random) -> bytes:
    """A token between separators emptied (``a;b;c`` → ``a;;c``, ``"x"`` → ``""``)."""
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    parts = lines[i].split(rng.choice((b" ", b";", b",", b'"')))
    if len(parts) > 1:
        parts[rng.randrange(len(parts))] = b""
    lines[i] = rng.choice((b" ", b";", b",", b'"')).join(parts)
    return b"\n".join(lines)


TEXT: tuple[Mutation, ...] = (
    flip,
    control,
    huge_number,
    odd_date,
    deep_nesting,
    long_line,
    truncate,
    duplicate_lines,
    delete_lines,
    swap_lines,
    splice,
    empty_fields,
)
"""Mutations for any text format."""
YAML: tuple[Mutation, ...] = (*TEXT, alias_bomb, yaml_trick, yaml_trick, huge_number)
"""Mutations for YAML: the text ones, more weight on numbers, plus tags and alias bombs."""


def mutate(
    data: bytes,
    rng: random.Random,
    mutations: Sequence[Mutation] = TEXT,
    others: Sequence[bytes] = (),
    most: int = 4,
) -> tuple[bytes, list[str]]:
    """``data`` with 1 to ``most`` mutations applied; and their names."""
    names: list[str] = []
    for _ in range(rng.randint(1, most)):
        mutation = rng.choice(mutations)
        if mutation is splice and others:
            data = splice(data, rng, rng.choice(others))
        else:
            data = mutation(data, rng)
        names.append(mutation.__name__)
    return data, names
