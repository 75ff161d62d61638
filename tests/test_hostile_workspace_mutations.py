"""Mutated workspaces (issue #10): a few hundred seeded random mutations of the example's
YAML, CSV and Markdown files; reading each (``pipeline.load_report``) ends in diagnostics,
never in an exception. Deterministic: the same seed gives the same mutations, and a failure
names the mutation so it can be turned into a test of its own."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from uppsikt.examples import bundled_example
from uppsikt.pipeline import load_report

SEED = 20261204
COUNT = 300

# Snippets that have crashed or may crash a reader: deep nesting, aliases, YAML tags with bad
# values, impossible dates, numbers out of bounds, control characters, long lines, nested
# quotes, unicode that is not text.
HOSTILE = (
    "[" * 60 + "]" * 60,
    "{a: " * 60 + "1" + "}" * 60,
    "&a [1, 2]",
    "*a",
    "*nope",
    "!!int tolv",
    "!!float många",
    "!!bool kanske",
    "!!timestamp 2020-13-45",
    "2020-02-30",
    "!!binary ===",
    "!!python/object:os.system ls",
    "9" * 30,
    "-" + "1" * 28,
    "1e400",
    ".nan",
    "0," + "0" * 40 + "1",
    "999999999",
    "-1",
    "24",
    "\x1b[31m",
    "\x00",
    "\x07",
    "\ufffe",
    "\u2028",
    "\U0001f600" * 5,
    '"\\e\\a\\x01"',
    '"' + "x" * 140_000 + '"',
    "> " * 25 + "citat",
    "\n" + "".join("  " * i + "- punkt\n" for i in range(15)),
    "{{ tabell.enheter.netto.avvikelse | mnkr:999999999 }}",
    "{{ " + "a." * 200 + " }}",
    "<<: *a",
    "? [a, b]\n: c",
    "---\nx: 1",
    "%YAML 1.1\n---",
    ";;;;;;;;;;;;",
    '"',
    "\t",
)

Mutation = Callable[[random.Random, bytes], bytes]


def _flip_byte(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]


def _insert_byte(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    byte = rng.choice([0, 7, 9, 10, 13, 27, 0x7F, 0x85, 0xA0, 0xC3, 0xFF, rng.randrange(256)])
    return data[:at] + bytes([byte]) + data[at:]


def _delete_span(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 40) :]


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _delete_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def _duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    lines.insert(at, lines[at])
    return b"".join(lines)


def _swap_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return b"".join(lines)


def _hostile_snippet(rng: random.Random, data: bytes) -> bytes:
    """A value, or a whole line's tail, replaced by a hostile snippet."""
    lines = _lines(data)
    at = rng.randrange(len(lines))
    line = lines[at]
    snippet = rng.choice(HOSTILE).encode("utf-8", "surrogatepass")
    for separator in (b": ", b";", b"- ", b"# "):
        if separator in line:
            head = line[: line.index(separator) + len(separator)]
            lines[at] = head + snippet + b"\n"
            break
    else:
        lines[at] = snippet + b"\n" + line
    return b"".join(lines)


def _replace_number(rng: random.Random, data: bytes) -> bytes:
    """A number written in the file replaced by one out of bounds or oddly written."""
    text = data.decode("utf-8", "replace")
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if not digits:
        return data
    at = rng.choice(digits)
    value = rng.choice(["9" * 28, "0,000000000000000001", "-1", "24", "999999999", "1 2 3", "٣"])
    return (text[:at] + value + text[at + 1 :]).encode("utf-8")


MUTATIONS: tuple[Mutation, ...] = (
    _flip_byte,
    _insert_byte,
    _delete_span,
    _truncate,
    _delete_line,
    _duplicate_line,
    _swap_lines,
    _hostile_snippet,
    _hostile_snippet,
    _replace_number,
    _replace_number,
)


def _files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv", ".md")
    )


def test_no_mutation_makes_the_reader_raise(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(bundled_example(), root)
    files = [p for p in _files(root) if p.name != "README.md"]
    originals = {p: p.read_bytes() for p in files}
    rng = random.Random(SEED)
    failures: list[str] = []
    refused = 0
    for number in range(COUNT):
        path = rng.choice(files)
        mutate = rng.choice(MUTATIONS)
        path.write_bytes(mutate(rng, originals[path]))
        try:
            report, diagnostics = load_report(root)
        except Exception as exc:  # what the test is looking for
            failures.append(
                f"#{number} {mutate.__name__} on {path.relative_to(root)}: "
                f"{type(exc).__name__}: {str(exc)[:200]}"
            )
        else:
            refused += report is None
            assert report is not None or diagnostics
        path.write_bytes(originals[path])
    assert failures == []
    assert refused > COUNT // 4  # the mutations do reach the readers' checks


@pytest.mark.parametrize("snippet", HOSTILE)
def test_every_hostile_snippet_in_every_kind_of_file(tmp_path: Path, snippet: str) -> None:
    root = tmp_path / "ws"
    shutil.copytree(bundled_example(), root)
    for rel in ("tabeller.yaml", "indikatorvarden.csv", "text/ekonomi.md"):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        separator = ";" if rel.endswith(".csv") else ": "
        lines = text.splitlines()
        index = next(i for i, line in enumerate(lines) if separator in line and i > 3)
        head = lines[index][: lines[index].index(separator) + len(separator)]
        lines[index] = head + snippet
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    load_report(root)  # diagnostics or a report; never an exception
