"""The general, line-by-line reader of SIE records: every line tokenized and handed to the
record handlers (``sie_records``), voucher blocks followed by a small state machine.

It reads what the fast path (``sie_parse``) does not: the records outside vouchers, and any
voucher whose lines are not all plain ``#TRANS`` rows (``#RTRANS``, ``#BTRANS``, escapes,
blank lines, errors). Its diagnostics carry the exact line.
"""

from __future__ import annotations

from decimal import Decimal

from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.model import Transaction, Voucher
from uppsikt.importers.sie.records import Builder
from uppsikt.located.sink import Sink

_ROWS = ("#TRANS", "#RTRANS", "#BTRANS")


class LineReader:
    """Reads lines; keeps its state (a voucher waiting for ``{`` or being read) between
    chunks of lines, so the fast path can hand it the lines between the vouchers it reads."""

    def __init__(self, sink: Sink, builder: Builder) -> None:
        self.sink = sink
        self.builder = builder
        self.head: tuple[Voucher | None, int] | None = None
        """A ``#VER`` read and waiting for its ``{``, and its line (``None``: it had errors)."""
        self.open: tuple[Voucher | None, int] | None = None
        """The voucher whose block is being read, and its line."""
        self.block: list[Transaction] | None = None
        self.total = Decimal(0)
        self.special = False
        """The open voucher has ``#RTRANS`` or ``#BTRANS`` rows."""

    def feed(self, chunk: str, lineno: int) -> None:
        """The lines of ``chunk`` (whole lines), the first being line ``lineno``."""
        lines = chunk.split("\n")
        if lines[-1] == "":
            lines.pop()
        for number, line in enumerate(lines, lineno):
            if self.block is None:
                self._outside(line.rstrip("\r"), number)
            elif line.strip() == "}":
                self._close()
            else:
                self._in_block(line.rstrip("\r"), number)

    def interrupt(self, lineno: int, why: str) -> None:
        """A new voucher starts (or the file ends) at ``lineno``: nothing may be pending."""
        if self.block is not None:
            self._unclosed(lineno, why)
        elif self.head is not None:
            self._unopened(lineno, why)

    # -- voucher blocks

    def _outside(self, line: str, lineno: int) -> None:
        """A line outside a voucher block; ``{`` opens the block of the ``#VER`` before."""
        stripped = line.strip()
        if stripped == "{":
            if self.head is None:
                self.sink.error(
                    t.VOUCHER_STRUCTURE,
                    "En klammer { utan föregående #VER.",
                    line=lineno,
                    hint="Varje verifikations rader ska stå mellan { och } direkt efter dess #VER.",
                )
            self.open, self.head, self.special = self.head, None, False
            self.block, self.total = [], Decimal(0)
            return
        if not stripped:
            return
        if self.head is not None:
            self._unopened(lineno, f"rad {lineno} är en annan post")
        if stripped == "}":
            self.sink.error(
                t.VOUCHER_STRUCTURE,
                "En klammer } utan föregående {.",
                line=lineno,
                hint="Kontrollera att varje verifikation börjar med #VER och {.",
            )
            return
        fields = self._record(stripped, lineno)
        if fields is not None and fields[0] == "#VER":
            self.head = (self.builder.voucher_head(fields, lineno), lineno)
        elif fields is not None and fields[0] in _ROWS:
            self.sink.error(
                t.VOUCHER_STRUCTURE,
                f"Posten {fields[0]} står utanför en verifikation.",
                line=lineno,
                hint="Transaktioner ska stå mellan { och } direkt efter sin #VER.",
            )

    def _in_block(self, line: str, lineno: int) -> None:
        """A line in a voucher block other than the closing brace."""
        fields = self._record(line.strip(), lineno, in_voucher=True)
        if fields is None or self.block is None:
            return
        tag = fields[0]
        if tag in _ROWS:
            row = self.builder.transaction(fields, lineno)
            if row is not None:
                self.block.append(row)
                if row.kind == "TRANS":
                    self.total += row.amount
                else:
                    self.special = True
            return
        self._unclosed(lineno, f"rad {lineno} är en annan post")
        if tag == "#VER":
            self.head = (self.builder.voucher_head(fields, lineno), lineno)
        else:
            self.builder.record(fields, lineno)

    def _record(
        self, stripped: str, lineno: int, *, in_voucher: bool = False
    ) -> list[t.Field] | None:
        """Tokenize and hand a record to the builder; its fields, if it is one."""
        if not stripped:
            return None
        if not stripped.startswith("#"):
            report = self.sink.error if in_voucher else self.sink.warning
            report(
                t.STRAY_LINE,
                f"Raden är ingen SIE-post (börjar inte med #): «{stripped[:40]}».",
                line=lineno,
                hint="Ta bort raden, eller exportera filen på nytt om den är skadad.",
            )
            return None
        fields, problem = t.tokenize(stripped)
        if problem is not None:
            self.sink.error(
                t.BAD_FIELD,
                f"Raden kan inte delas upp i fält: {problem}.",
                line=lineno,
                hint='Fält med mellanslag skrivs inom citattecken; \\" och \\\\ inom dem.',
            )
            return None
        tag = str(fields[0]).upper()
        fields[0] = tag
        if tag != "#VER" and tag not in _ROWS and not in_voucher:
            self.builder.record(fields, lineno)
        return fields

    def _close(self) -> None:
        opened, self.open = self.open, None
        block, self.block = self.block, None
        if opened is None or block is None:
            return  # no #VER: already reported
        head, ver_line = opened
        if head is not None:  # else the #VER had errors, already reported
            voucher = head._replace(transactions=tuple(block))
            self.builder.add_voucher(voucher, ver_line, self.total, special=self.special)

    def _unclosed(self, lineno: int, why: str) -> None:
        opened, self.open, self.block = self.open, None, None
        label = opened[0].label() if opened is not None and opened[0] is not None else ""
        self.sink.error(
            t.VOUCHER_STRUCTURE,
            f"Verifikation {label} avslutas inte med }}: {why}.".replace("  ", " "),
            line=opened[1] if opened is not None else lineno,
            hint="Exportera filen på nytt från bokföringsprogrammet; en avkortad eller skadad "
            "fil kan inte importeras.",
        )

    def _unopened(self, lineno: int, why: str) -> None:
        head, self.head = self.head, None
        label = head[0].label() if head is not None and head[0] is not None else ""
        self.sink.error(
            t.VOUCHER_STRUCTURE,
            f"Verifikation {label} följs inte av {{: {why}.".replace("  ", " "),
            line=head[1] if head is not None else lineno,
            hint="Efter #VER ska verifikationens rader stå mellan { och }. Exportera filen på "
            "nytt från bokföringsprogrammet.",
        )
