"""Typed, located access to YAML files: every value knows its line, every problem is reported."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from uppsikt.located.limits import limits
from uppsikt.located.numbers import NUMBER_HINT, number_problem, parse_number
from uppsikt.located.sink import Sink
from uppsikt.located.userfile import read_user_text
from uppsikt.located.yamlbounds import Refused, bounded_yaml

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_yaml(path: Path, sink: Sink) -> Any:
    """The parsed document, or None after reporting why it could not be read.

    The file is read within the bounds of :mod:`uppsikt.located.userfile` and parsed by
    :mod:`uppsikt.located.yamlbounds` (nesting, aliases, characters); whatever the YAML
    library raises becomes a diagnostic with the line and column where they are known.
    """
    text, clean = read_user_text(path, sink)
    if text is None or not clean:
        return None
    try:
        return _parse(text)
    except Refused as exc:
        sink.error(exc.code, exc.message, line=exc.line, column=exc.column, hint=exc.hint)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        sink.error(
            "UPP103",
            f"Filen går inte att tolka som YAML: {exc.problem or exc.context}.",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="Kontrollera indrag, kolon och citattecken på raden.",
        )
    except Exception as exc:  # any other error of the YAML library is reported too
        sink.error(
            "UPP103",
            f"Filen går inte att tolka som YAML ({type(exc).__name__}: {_short(exc)}).",
            hint="Kontrollera filen; skriv gärna om den med en textredigerare.",
        )
    return None


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:200] + "…"


@functools.lru_cache(maxsize=64)
def _parse(text: str) -> Any:
    """A document parsed once per content: parsing with line numbers is most of the time it
    takes to read a workspace, and a workspace read again (by the web application after a
    save, say) mostly has the same files. The readers only read the tree; only successful
    parses are kept, so a broken file is reported every time."""
    return bounded_yaml().load(text)


class Node:
    """A YAML mapping with its file, reporting problems with line numbers as values are read."""

    def __init__(self, data: CommentedMap, sink: Sink, line: int | None = None) -> None:
        self.data = data
        self.sink = sink
        self.line = line if line is not None else _line_of_map(data)
        self._read: set[str] = set()

    @classmethod
    def root(cls, data: Any, sink: Sink, what: str) -> Node | None:
        if data is None and sink.failed:
            return None  # the file could not be read, and the reason is reported
        if not isinstance(data, CommentedMap):
            sink.error(
                "UPP104",
                f"Filen ska innehålla {what} (nycklar med värden), men gör inte det.",
                line=1,
                hint="Se exemplet i docs/workspace.md.",
            )
            return None
        return cls(data, sink)

    def key_line(self, key: str) -> int | None:
        try:
            return int(self.data.lc.key(key)[0]) + 1
        except (KeyError, TypeError, AttributeError):
            return self.line

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> Any:
        self._read.add(key)
        return self.data.get(key)

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.raw(key)
        if value is None:
            if required:
                self.sink.error(
                    "UPP110",
                    f"Fältet «{key}» saknas.",
                    line=self.line,
                    field_name=key,
                    hint=f"Lägg till «{key}: …».",
                )
            return default
        if isinstance(value, (CommentedMap, CommentedSeq)):
            self._wrong_type(key, "en text")
            return default
        return str(value).strip() if not isinstance(value, str) else value.strip()

    def integer(self, key: str, *, required: bool = True, default: int = 0) -> int:
        value = self.raw(key)
        if value is None:
            if required:
                self.text(key)  # reports the missing field
            return default
        whole = self._whole(key, value)
        if whole is None or not self._bounded(key, Decimal(whole)):
            return default
        return whole

    def decimals(self, key: str) -> int | None:
        """``decimaler``: None when absent, else a whole number from 0 to ``max_decimals``
        (None after reporting anything else)."""
        value = self.raw(key)
        if value is None:
            return None
        whole = self._whole(key, value)
        if whole is None:
            return None
        bound = limits().max_decimals
        if not 0 <= whole <= bound:
            self.sink.error(
                "UPP126",
                f"Antalet decimaler ska vara 0–{bound}, inte {_shown(whole)}.",
                line=self.key_line(key),
                field_name=key,
                hint=f"Skriv ett heltal från 0 till {bound}.",
            )
            return None
        return whole

    def _whole(self, key: str, value: Any) -> int | None:
        """``value`` as a whole number, or None after reporting that it is not one."""
        parsed: int | Decimal | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            parsed = value
        elif not isinstance(value, (bool, CommentedMap, CommentedSeq)):
            parsed = parse_number(str(value))
        if parsed is None or parsed != int(parsed):
            self._wrong_type(key, "ett heltal")
            return None
        return int(parsed)

    def boolean(self, key: str, *, default: bool = False) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._wrong_type(key, "true eller false")
            return default
        return value

    def number(self, key: str, *, required: bool = True) -> Decimal | None:
        value = self.raw(key)
        if value is None:
            if required:
                self.text(key)
            return None
        if isinstance(value, bool):
            self._wrong_type(key, "ett tal")
            return None
        parsed = (
            parse_number(str(value))
            if not isinstance(value, (CommentedMap, CommentedSeq))
            else None
        )
        if parsed is None:
            self._wrong_type(key, "ett tal")
            return None
        return parsed if self._bounded(key, parsed) else None

    def _bounded(self, key: str, value: Decimal) -> bool:
        """Whether ``value`` is within the bounds of every number read; reports it if not."""
        problem = number_problem(value)
        if problem is not None:
            self.sink.error(
                "UPP125", problem, line=self.key_line(key), field_name=key, hint=NUMBER_HINT
            )
        return problem is None

    def date(self, key: str, *, code: str, hint: str) -> datetime.date | None:
        """A date written ÅÅÅÅ-MM-DD (a YAML date, or a text that reads as one); None when
        not written, or after reporting ``code`` with ``hint`` when it is no real date."""
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        written = "" if isinstance(value, (CommentedMap, CommentedSeq)) else str(value).strip()
        if _ISO_DATE.match(written):
            try:
                return datetime.date.fromisoformat(written)
            except ValueError:
                pass
        self.sink.error(
            code,
            f"«{written or '…'}» i fältet «{key}» är inget giltigt datum.",
            line=self.key_line(key),
            field_name=key,
            hint=hint,
        )
        return None

    def choice(self, key: str, options: dict[str, Any], *, required: bool = True) -> Any:
        """One of ``options`` (keys as written in the file), or None after reporting."""
        written = self.text(key, required=required)
        if not written:
            return None
        if written not in options:
            allowed = ", ".join(options)
            self.sink.error(
                "UPP112",
                f"Okänt värde «{written}» i fältet «{key}».",
                line=self.key_line(key),
                field_name=key,
                hint=f"Använd ett av: {allowed}.",
            )
            return None
        return options[written]

    def items(self, key: str) -> Iterator[tuple[int | None, Any]]:
        """(line, item) for each element of a list; reports a value that is not a list."""
        value = self.raw(key)
        if value is None:
            return
        if not isinstance(value, CommentedSeq):
            self._wrong_type(key, "en lista")
            return
        for index, item in enumerate(value):
            try:
                line: int | None = int(value.lc.item(index)[0]) + 1
            except (KeyError, TypeError, AttributeError):
                line = self.key_line(key)
            yield line, item

    def nodes(self, key: str, what: str) -> Iterator[Node]:
        """Each mapping in the list under ``key``; reports elements that are not mappings."""
        for line, item in self.items(key):
            if isinstance(item, CommentedMap):
                yield Node(item, self.sink, line)
            else:
                self.sink.error(
                    "UPP111",
                    f"Varje element i «{key}» ska vara {what} med nycklar och värden.",
                    line=line,
                    field_name=key,
                    hint="Se exemplet i docs/workspace.md.",
                )

    def strings(self, key: str) -> tuple[str, ...]:
        found: list[str] = []
        for line, item in self.items(key):
            if isinstance(item, (CommentedMap, CommentedSeq)) or item is None:
                self.sink.error(
                    "UPP111",
                    f"Varje element i «{key}» ska vara en text.",
                    line=line,
                    field_name=key,
                )
            else:
                found.append(str(item).strip())
        return tuple(found)

    def child(self, key: str) -> Node | None:
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, CommentedMap):
            self._wrong_type(key, "nycklar med värden")
            return None
        return Node(value, self.sink, self.key_line(key))

    def check_unknown(self, allowed: tuple[str, ...]) -> None:
        """Report keys that no reader knows: a typo would otherwise be silently ignored."""
        for key in self.data:
            if str(key) not in allowed:
                self.sink.error(
                    "UPP113",
                    f"Okänt fält «{key}».",
                    line=self.key_line(str(key)),
                    field_name=str(key),
                    hint=f"Tillåtna fält här: {', '.join(allowed)}.",
                )

    def _wrong_type(self, key: str, expected: str) -> None:
        self.sink.error(
            "UPP114",
            f"Fältet «{key}» ska vara {expected}.",
            line=self.key_line(key),
            field_name=key,
            hint="Rätta värdet (se docs/workspace.md).",
        )


def _shown(value: int) -> str:
    return str(value) if abs(value) < 10**40 else "ett tal med fler än 40 siffror"


def _line_of_map(data: CommentedMap) -> int | None:
    try:
        return int(data.lc.line) + 1
    except (TypeError, AttributeError):
        return None
