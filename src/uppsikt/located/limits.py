"""Bounds on what uppsikt reads: every file a user hands us is hostile until measured.

One definition, used by every reader (workspace YAML/CSV/Markdown, SIE, CSV and Excel exports,
workspace zips), by the web editor and by the worker processes that parse uploads. A reader
checks what it is about to read against these bounds *before* reading it, and refuses with a
located Swedish message when a bound is passed.

Each bound has a default that a municipality's real files stay far below, and can be changed
by an environment variable ``UPPSIKT_LIMIT_<NAME>`` (e.g. ``UPPSIKT_LIMIT_MAX_ROWS=50000000``)
read when the process starts: the bounds protect the server, so they are the operator's
settings, never a workspace's. docs/limits.md lists them; a test keeps that list complete.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass, field
from decimal import Decimal

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """The bounds in force. Field docs are the documentation (docs/limits.md repeats them)."""

    max_file_bytes: int = field(default=20 * _MB)
    """Largest workspace text file (YAML, CSV, Markdown) read, in bytes."""
    max_import_bytes: int = field(default=2048 * _MB)
    """Largest export file (SIE, CSV, Excel) imported from the command line, in bytes."""
    max_line_chars: int = field(default=100_000)
    """Longest line in a CSV or SIE file, in characters."""
    max_rows: int = field(default=200_000_000)
    """Most rows (lines) read from one export file."""
    yaml_max_depth: int = field(default=40)
    """Deepest nesting of mappings and lists in a YAML file."""
    yaml_max_aliases: int = field(default=100)
    """Most aliases (``*name``) in one YAML file; anchors and aliases are refused past this
    so that an alias bomb («billion laughs») cannot blow up memory."""
    yaml_max_expanded_nodes: int = field(default=1_000_000)
    """Most values (scalars, lists, mappings) the aliases of one YAML file stand for, each
    alias counted as a copy of what it names: nine levels of nine aliases stay under
    ``yaml_max_aliases`` but stand for 9⁹ values, and are refused on this bound, measured
    without expanding them."""
    max_significant_digits: int = field(default=15)
    """Most significant digits in an amount or indicator value (what every renderer and
    Excel can show exactly)."""
    max_abs_value: Decimal = field(default=Decimal(10) ** 15)
    """Largest absolute amount or value (1 000 000 000 000 000 kr is beyond any kommun)."""
    max_decimals: int = field(default=6)
    """Most decimals a table or indicator may ask to show (``decimaler``)."""
    markdown_max_nesting: int = field(default=8)
    """Deepest nesting of quotes (``>``) and lists in a text."""
    xlsx_max_cells: int = field(default=20_000_000)
    """Most cells in a sheet's declared range (rows × columns) read from Excel: calamine holds
    the whole range in memory (about 40 bytes a cell), so this bounds its memory too."""
    xlsx_max_unpacked_bytes: int = field(default=1024 * _MB)
    """Largest total unpacked size of an Excel file's parts, in bytes."""
    zip_max_ratio: int = field(default=200)
    """Largest ratio of unpacked to packed size of one member of a zip (Excel or workspace)."""
    zip_max_members: int = field(default=5000)
    """Most files in a zip (Excel or workspace)."""
    zip_max_unpacked_bytes: int = field(default=500 * _MB)
    """Largest total unpacked size of a workspace zip, in bytes."""
    worker_memory_bytes: int = field(default=4096 * _MB)
    """Address space of the worker process that parses an upload, in bytes."""
    worker_seconds: int = field(default=600)
    """CPU seconds of the worker process that parses an upload."""
    duckdb_memory: str = field(default="2GB")
    """DuckDB's memory limit on every connection to user data."""

    def digits_ok(self, value: Decimal) -> bool:
        """True when ``value`` is finite, within ``max_abs_value`` and has at most
        ``max_significant_digits`` significant digits."""
        if not value.is_finite():
            return False
        if value.copy_abs() >= self.max_abs_value:  # exact: abs() rounds and can overflow
            return False
        digits = value.normalize().as_tuple().digits
        return len(digits) <= self.max_significant_digits


ENV_PREFIX = "UPPSIKT_LIMIT_"


def from_environment(environ: dict[str, str] | None = None) -> Limits:
    """The defaults, with each ``UPPSIKT_LIMIT_<NAME>`` set in ``environ`` applied."""
    env = os.environ if environ is None else environ
    changes: dict[str, object] = {}
    for item in dataclasses.fields(Limits):
        raw = env.get(ENV_PREFIX + item.name.upper())
        if raw is None:
            continue
        default = getattr(Limits(), item.name)
        try:
            if isinstance(default, Decimal):
                changes[item.name] = Decimal(raw)
            elif isinstance(default, int):
                changes[item.name] = int(raw)
            else:
                changes[item.name] = raw
        except (ValueError, ArithmeticError) as exc:
            raise ValueError(
                f"{ENV_PREFIX}{item.name.upper()}={raw!r} är inte ett giltigt värde."
            ) from exc
    return dataclasses.replace(Limits(), **changes)  # type: ignore[arg-type]


@functools.cache
def limits() -> Limits:
    """The bounds in force in this process (read once from the environment)."""
    return from_environment()


def megabytes(size: int) -> str:
    """``size`` in whole MB for messages («20 MB»)."""
    return f"{max(1, round(size / _MB))} MB"
