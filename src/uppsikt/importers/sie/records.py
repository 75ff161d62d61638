"""The records of an SIE file other than the hot voucher rows: one handler per tag, each
checking its fields and adding to the ``SieFile`` being built."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from uppsikt.importers.sie import text as t
from uppsikt.importers.sie.checks import FileChecks
from uppsikt.importers.sie.fields import Bad, FieldReader
from uppsikt.importers.sie.model import (
    Account,
    Balance,
    Dimension,
    FiscalYear,
    Header,
    Objects,
    PeriodBalance,
    SieFile,
    SieObject,
    Transaction,
    UnknownRecord,
    Voucher,
)
from uppsikt.located.sink import Sink

_TEXT_RECORDS = {
    "#FTYP": "ftyp",
    "#FNR": "fnr",
    "#BKOD": "bkod",
    "#FNAMN": "fnamn",
    "#KPTYP": "kptyp",
    "#VALUTA": "valuta",
    "#FORMAT": "format",
    "#SIETYP": "sietyp",
}
_ACCOUNT_FIELDS = {"#KTYP": 1, "#ENHET": 2}


class Builder(FileChecks, FieldReader):
    """Collects the records of one file and builds the ``SieFile`` with its checks."""

    def __init__(self, sink: Sink, encoding: str) -> None:
        super().__init__(sink)
        self.encoding = encoding
        self.header: dict[str, Any] = {}
        self.rar: dict[int, FiscalYear] = {}
        self.accounts: dict[str, list[Any]] = {}
        self.dimensions: list[Dimension] = []
        self.objects: list[SieObject] = []
        self.balances: list[Balance] = []
        self.periods: list[PeriodBalance] = []
        self.vouchers: list[Voucher] = []
        self.voucher_lines: list[int] = []
        self.unknown: list[UnknownRecord] = []
        self.trans_lines: dict[tuple[int, str], int] = {}
        """The line of the first ``#TRANS`` on an account in a voucher read by the line reader,
        by the voucher's index and the account (the fast path's rows are on consecutive
        lines after the ``#VER`` and ``{``)."""
        self.without_objects: list[tuple[int, str]] = []
        """The lines of ``#PSALDO``/``#PBUDGET`` records without an object list."""
        self.checksum_lines: list[int] = []
        self.checksum_value: int | None = None
        self.handlers: dict[str, Callable[[list[t.Field], int], None]] = {
            "#FLAGGA": self._flagga,
            "#PROGRAM": self._program,
            "#GEN": self._gen,
            "#ORGNR": self._texts,
            "#PROSA": self._prosa,
            "#ADRESS": self._texts,
            "#RAR": self._rar,
            "#TAXAR": self._taxar,
            "#OMFATTN": self._omfattn,
            "#KONTO": self._konto,
            "#KTYP": self._account_field,
            "#ENHET": self._account_field,
            "#SRU": self._sru,
            "#DIM": self._dim,
            "#UNDERDIM": self._dim,
            "#OBJEKT": self._objekt,
            "#KSUMMA": self._ksumma,
            **dict.fromkeys(("#IB", "#UB", "#RES", "#OIB", "#OUB"), self._balance),
            **dict.fromkeys(("#PSALDO", "#PBUDGET"), self._period),
            **dict.fromkeys(_TEXT_RECORDS, self._text),
        }

    # -- records

    def record(self, fields: list[t.Field], lineno: int) -> None:
        handler = self.handlers.get(str(fields[0]))
        if handler is None:
            self._unknown(fields, lineno)
            return
        with contextlib.suppress(Bad):
            handler(fields, lineno)

    def _unknown(self, fields: list[t.Field], lineno: int) -> None:
        tag = str(fields[0])
        self.sink.warning(
            t.UNKNOWN_RECORD,
            f"Posten {tag} är okänd i SIE 4B och används inte.",
            line=lineno,
            hint="Ingen åtgärd behövs om posten inte bär belopp som ska importeras.",
        )
        texts = tuple(
            "{" + " ".join(t.quote(s) for s in f) + "}" if isinstance(f, tuple) else f
            for f in fields[1:]
        )
        self.unknown.append(UnknownRecord(tag, texts, lineno))

    def _set(self, key: str, value: object, tag: str, lineno: int) -> None:
        if key in self.header and self.header[key] != value:
            self.sink.warning(
                t.DUPLICATE,
                f"Posten {tag} förekommer flera gånger med olika värden; den sista används.",
                line=lineno,
                hint="Kontrollera att filen kommer från ett enda företag och räkenskapsår.",
            )
        self.header[key] = value

    def _flagga(self, fields: list[t.Field], lineno: int) -> None:
        self._set("flagga", self._int(fields, 1, "flagga", lineno), "#FLAGGA", lineno)

    def _program(self, fields: list[t.Field], lineno: int) -> None:
        texts = tuple(self._field(fields, i, "text", lineno) for i in range(1, len(fields)))
        self._set("program", texts, "#PROGRAM", lineno)

    def _texts(self, fields: list[t.Field], lineno: int) -> None:
        texts = tuple(self._field(fields, i, "text", lineno) for i in range(1, len(fields)))
        self._set(str(fields[0])[1:].lower(), texts, str(fields[0]), lineno)

    def _prosa(self, fields: list[t.Field], lineno: int) -> None:
        text = self._optional(fields, 1, "text", lineno)
        self.header["prosa"] = (*self.header.get("prosa", ()), text)

    def _text(self, fields: list[t.Field], lineno: int) -> None:
        tag = str(fields[0])
        self._set(_TEXT_RECORDS[tag], self._optional(fields, 1, "text", lineno), tag, lineno)

    def _gen(self, fields: list[t.Field], lineno: int) -> None:
        self._set("gen", self._date(fields, 1, "datum", lineno), "#GEN", lineno)
        self._set("gen_sign", self._optional(fields, 2, "signatur", lineno), "#GEN", lineno)

    def _rar(self, fields: list[t.Field], lineno: int) -> None:
        index = self._int(fields, 1, "årsnummer", lineno)
        if len(fields) < 4:
            self.sink.warning(
                t.MISSING_FIELD,
                f"#RAR {index} saknar start- och slutdatum och används inte.",
                line=lineno,
                hint="Ingen åtgärd behövs för en importfil (typ 4I); en exportfil ska ange "
                "räkenskapsårets datum.",
            )
            return
        start = self._date(fields, 2, "startdatum", lineno)
        end = self._date(fields, 3, "slutdatum", lineno)
        if end < start:
            message = f"Räkenskapsåret {index} slutar ({end}) före det börjar ({start})."
            raise self._error(t.BAD_DATE, message, lineno)
        year = FiscalYear(index, start, end)
        if self.rar.get(index, year) != year:
            self.sink.warning(
                t.DUPLICATE,
                f"Räkenskapsår {index} (#RAR) anges två gånger med olika datum; det sista används.",
                line=lineno,
                hint="Kontrollera att filen kommer från ett enda företag.",
            )
        self.rar[index] = year

    def _taxar(self, fields: list[t.Field], lineno: int) -> None:
        self._set("taxar", self._int(fields, 1, "taxeringsår", lineno), "#TAXAR", lineno)

    def _omfattn(self, fields: list[t.Field], lineno: int) -> None:
        self._set("omfattn", self._date(fields, 1, "datum", lineno), "#OMFATTN", lineno)

    def _account(self, number: str) -> list[Any]:
        entry = self.accounts.get(number)
        if entry is None:
            entry = self.accounts[number] = [None, None, None, []]
        return entry

    def _konto(self, fields: list[t.Field], lineno: int) -> None:
        number = self._field(fields, 1, "kontonummer", lineno)
        name = self._optional(fields, 2, "kontonamn", lineno)
        entry = self._account(number)
        if entry[0] is not None and entry[0] != name:
            self.sink.warning(
                t.DUPLICATE,
                f"Konto {t.shown(number)} deklareras två gånger med olika namn; det sista används.",
                line=lineno,
                hint="Kontrollera kontoplanen i bokföringsprogrammet.",
            )
        entry[0] = name

    def _account_field(self, fields: list[t.Field], lineno: int) -> None:
        number = self._field(fields, 1, "kontonummer", lineno)
        value = self._field(fields, 2, "värde", lineno)
        self._account(number)[_ACCOUNT_FIELDS[str(fields[0])]] = value

    def _sru(self, fields: list[t.Field], lineno: int) -> None:
        number = self._field(fields, 1, "kontonummer", lineno)
        entry = self._account(number)
        if len(fields) > 2:  # some exporters write "#SRU 2010" for an account without code
            entry[3].append(self._field(fields, 2, "SRU-kod", lineno))

    def _dim(self, fields: list[t.Field], lineno: int) -> None:
        number = self._int(fields, 1, "dimensionsnummer", lineno)
        name = self._optional(fields, 2, "namn", lineno)
        parent = self._int(fields, 3, "överdimension", lineno) if fields[0] == "#UNDERDIM" else None
        self.dimensions.append(Dimension(number, name, parent))

    def _objekt(self, fields: list[t.Field], lineno: int) -> None:
        dimension = self._int(fields, 1, "dimensionsnummer", lineno)
        code = self._field(fields, 2, "objektkod", lineno)
        self.objects.append(SieObject(dimension, code, self._optional(fields, 3, "namn", lineno)))

    def _balance(self, fields: list[t.Field], lineno: int) -> None:
        kind = str(fields[0])[1:]
        year = self._int(fields, 1, "årsnummer", lineno)
        account = self._account_number(fields, 2, lineno)
        i = 3
        objects: Objects = ()
        if kind in ("OIB", "OUB"):
            objects, i = self._objects(fields, 3, lineno), 4
        amount = self._amount(fields, i, lineno)
        quantity = self.optional_amount(self._optional(fields, i + 1, "kvantitet", lineno), lineno)
        self.balances.append(Balance(kind, year, account, amount, objects, quantity, lineno))

    def _period(self, fields: list[t.Field], lineno: int) -> None:
        year = self._int(fields, 1, "årsnummer", lineno)
        text = self._field(fields, 2, "period", lineno)
        period = t.parse_int(text) if len(text) == 6 else None
        if period is None or not 1 <= period % 100 <= 12:
            message = f"Perioden «{text}» i posten {fields[0]} är inte en månad ÅÅÅÅMM."
            raise self._error(
                t.BAD_DATE, message, lineno, "Skriv perioden som ÅÅÅÅMM, t.ex. 202001."
            )
        account = self._account_number(fields, 3, lineno)
        at = 5
        if len(fields) > 4 and isinstance(fields[4], tuple):
            objects = self._objects(fields, 4, lineno)
        else:  # real exporters leave out an empty object list: read as {}
            objects, at = (), 4
            self.without_objects.append((lineno, str(fields[0])))
        amount = self._amount(fields, at, lineno)
        quantity = self.optional_amount(self._optional(fields, at + 1, "kvantitet", lineno), lineno)
        kind = str(fields[0])[1:]
        self.periods.append(
            PeriodBalance(kind, year, period, account, objects, amount, quantity, lineno)
        )

    def _ksumma(self, fields: list[t.Field], lineno: int) -> None:
        self.checksum_lines.append(lineno)
        if len(fields) > 1:
            self.checksum_value = self._int(fields, 1, "kontrollsumma", lineno)

    # -- vouchers

    def voucher_head(self, fields: list[t.Field], lineno: int) -> Voucher | None:
        """A ``#VER`` read by the general tokenizer (the fast path did not match it)."""
        try:
            series = self._field(fields, 1, "serie", lineno)
            number = self._field(fields, 2, "verifikationsnummer", lineno)
            day = self._date(fields, 3, "verifikationsdatum", lineno)
            text = self._optional(fields, 4, "text", lineno)
            regtext = self._optional(fields, 5, "regdatum", lineno)
            regdate = self.optional_date(regtext, lineno, {}, "#VER")
            sign = self._optional(fields, 6, "signatur", lineno)
        except Bad:
            return None
        return Voucher(series, number, day, text, regdate, sign, ())

    def transaction(self, fields: list[t.Field], lineno: int) -> Transaction | None:
        """A ``#TRANS``, ``#RTRANS`` or ``#BTRANS`` read by the general tokenizer."""
        try:
            account = self._account_number(fields, 1, lineno, stop=False)
            objects = self._objects(fields, 2, lineno)
            amount = self._amount(fields, 3, lineno)
            day = self.optional_date(self._optional(fields, 4, "datum", lineno), lineno, {})
            text = self._optional(fields, 5, "text", lineno)
            quantity = self.optional_amount(self._optional(fields, 6, "kvantitet", lineno), lineno)
            sign = self._optional(fields, 7, "signatur", lineno)
        except Bad:
            return None
        kind = str(fields[0])[1:]
        if kind == "TRANS":
            self.trans_lines.setdefault((len(self.vouchers), account), lineno)
        return Transaction(kind, account, objects, amount, day, text, quantity, sign)

    def add_voucher(self, voucher: Voucher, lineno: int, total: Decimal, *, special: bool) -> None:
        """A complete voucher: it must balance; ``#RTRANS`` rows must be followed by their
        ``#TRANS``."""
        if total:
            self.sink.error(
                t.UNBALANCED,
                f"Verifikation {voucher.label()} ({voucher.date:%Y-%m-%d}) balanserar inte: "
                f"summan av raderna är {total} kr, inte 0.",
                line=lineno,
                hint="Rätta verifikationen i bokföringsprogrammet och exportera på nytt.",
            )
        if special:
            self._check_rtrans(voucher, lineno)
        self.vouchers.append(voucher)
        self.voucher_lines.append(lineno)

    def _check_rtrans(self, voucher: Voucher, lineno: int) -> None:
        rows = voucher.transactions
        for i, row in enumerate(rows):
            if row.kind != "RTRANS":
                continue
            following = rows[i + 1] if i + 1 < len(rows) else None
            if (
                following is None
                or following.kind != "TRANS"
                or (
                    (following.account, following.objects, following.amount)
                    != (row.account, row.objects, row.amount)
                )
            ):
                self.sink.warning(
                    t.RTRANS_WITHOUT_TRANS,
                    f"#RTRANS på konto {t.shown(row.account)} i verifikation {voucher.label()} "
                    "följs inte "
                    "av en likadan #TRANS; raden räknas inte.",
                    line=lineno,
                    hint="Enligt SIE 4B ska varje #RTRANS följas av en identisk #TRANS.",
                )

    # -- the result

    def finish(self, file: str, *, has_vouchers: bool | None = None) -> SieFile:
        """The file read; ``has_vouchers`` when the vouchers were read elsewhere (the
        columnar reader)."""
        self._check_required()
        self._check_periods(bool(self.vouchers) if has_vouchers is None else has_vouchers)
        self._check_vouchers(import_file=file.lower().endswith(".si") or not self.rar)
        header = Header(**self._header_fields())
        accounts = tuple(
            Account(number, e[0], e[1], e[2], tuple(e[3])) for number, e in self.accounts.items()
        )
        return SieFile(
            header=header,
            accounts=accounts,
            dimensions=tuple(self.dimensions),
            objects=tuple(self.objects),
            balances=tuple(self.balances),
            periods=tuple(self.periods),
            vouchers=tuple(self.vouchers),
            unknown=tuple(self.unknown),
            has_checksum=bool(self.checksum_lines),
            voucher_lines=tuple(self.voucher_lines),
            file=file,
        )

    def _header_fields(self) -> dict[str, Any]:
        return {**self.header, "rar": tuple(self.rar.values())}
