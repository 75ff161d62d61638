"""The fictional municipality of the generated ledger: nämnder, enheter and their ansvar codes,
activity codes, and a Kommun-Bas-like chart of accounts grouped by kind of voucher."""

from __future__ import annotations

from dataclasses import dataclass

MUNICIPALITY = "Ekeby kommun"
ORGANISATION_NUMBER = "212000-9999"


@dataclass(frozen=True, slots=True)
class Unit:
    """An enhet of the report: the ansvar codes booked on it and their activity codes."""

    code: str
    name: str
    board: str
    ansvar: tuple[str, ...]
    activities: tuple[str, ...]
    weight: int
    """Relative volume of bookings."""
    pattern: str
    """The mappning.yaml rule mapping the ansvar codes onto the unit."""


NAMNDER = (
    ("KS", "Kommunstyrelsen"),
    ("BUN", "Barn- och utbildningsnämnden"),
    ("SN", "Socialnämnden"),
    ("TN", "Tekniska nämnden"),
)

UNITS = (
    Unit("KS-LED", "Kommunledning", "KS", ("1100", "1110"), ("110", "140"), 1, "1100-1199"),
    Unit("KS-SERV", "Servicefunktioner", "KS", ("1210", "1220", "1230"), ("140",), 1, "12*"),
    Unit("BUN-FSK", "Förskola", "BUN", ("2110", "2120", "2130"), ("407",), 3, "21*"),
    Unit("BUN-GRS", "Grundskola", "BUN", ("2210", "2220", "2230", "2240"), ("425",), 4, "22*"),
    Unit("BUN-GYM", "Gymnasieskola", "BUN", ("2310", "2320"), ("430",), 2, "23*"),
    Unit("SN-ALD", "Äldreomsorg", "SN", ("3110", "3120", "3130"), ("510", "511"), 5, "31*"),
    Unit("SN-LSS", "Funktionsstöd", "SN", ("3210", "3220"), ("520",), 2, "32*"),
    Unit("SN-IFO", "Individ- och familjeomsorg", "SN", ("3310", "3320"), ("570",), 2, "33*"),
    Unit("TN-GATA", "Gata och park", "TN", ("4110", "4120"), ("210", "220"), 1, "41*"),
    Unit("TN-FAST", "Fastighet", "TN", ("4210", "4220"), ("260",), 2, "42*"),
    Unit("TN-KOST", "Kost och städ", "TN", ("4310",), ("280",), 1, "43*"),
)

ACTIVITIES = (
    # member, name, mappning.yaml pattern, activity codes (with names)
    ("POL", "Politisk verksamhet", "110", (("110", "Nämnd- och styrelseverksamhet"),)),
    ("ADM", "Administration", "14*", (("140", "Administration och service"),)),
    ("FSK", "Förskola", "407", (("407", "Förskola"),)),
    ("GRS", "Grundskola", "425", (("425", "Grundskola"),)),
    ("GYM", "Gymnasieskola", "430", (("430", "Gymnasieskola"),)),
    ("ALD", "Äldreomsorg", "51*", (("510", "Hemtjänst"), ("511", "Särskilt boende"))),
    ("LSS", "Stöd enligt LSS", "52*", (("520", "Insatser enligt LSS"),)),
    ("IFO", "Individ- och familjeomsorg", "57*", (("570", "Individ- och familjeomsorg"),)),
    ("GATA", "Gator och parker", "210-229", (("210", "Gator och vägar"), ("220", "Parker"))),
    ("FAST", "Fastighetsförvaltning", "26*", (("260", "Fastighetsförvaltning"),)),
    ("KOST", "Kost och städ", "28*", (("280", "Måltidsverksamhet"),)),
)

PROJECTS = (("P101", "Digitalisering"), ("P202", "Ny förskola Ekbacken"), ("P303", "Trygghet"))

KONTOGRUPPER = (
    ("INT", "Verksamhetens intäkter", ("3",)),
    ("KOP", "Köp av verksamhet och material", ("4",)),
    ("PERS", "Personalkostnader", ("5",)),
    ("LOKAL", "Lokalkostnader", ("61-62",)),
    ("OVR", "Övriga kostnader", ("63-69", "70-77", "79")),
    ("AVS", "Avskrivningar", ("78",)),
    ("FIN", "Finansiella poster", ("8",)),
)
"""kontogrupp members and their account patterns (classes 1–2 are ignored)."""


@dataclass(frozen=True, slots=True)
class Account:
    number: str
    name: str
    kontogrupp: str | None
    """None: a balance account (ignored in the result)."""
    sign: int = 1
    """+1 booked as debit (costs), −1 as credit (income)."""
    scale: int = 0
    """Typical amount of one transaction, kronor."""
    weight: int = 1
    """How often it is booked within its kind of voucher."""


@dataclass(frozen=True, slots=True)
class VoucherKind:
    name: str
    """The voucher text."""
    share: int
    """Tenths of all vouchers."""
    counter: str
    """The balance account that balances the voucher."""
    accounts: tuple[Account, ...]


KINDS = (
    VoucherKind(
        "Kundfaktura",
        1,
        "1510",
        (
            Account("3110", "Försäljning av varor", "INT", -1, 8_000),
            Account("3210", "Taxor och avgifter", "INT", -1, 3_000, 2),
            Account("3310", "Hyror och arrenden", "INT", -1, 15_000),
            Account("3410", "Bidrag från staten", "INT", -1, 150_000),
            Account("3510", "Försäljning av verksamhet", "INT", -1, 40_000),
        ),
    ),
    VoucherKind(
        "Lön",
        3,
        "1930",
        (
            Account("5010", "Löner månadsavlönade", "PERS", 1, 30_000, 4),
            Account("5110", "Löner timavlönade", "PERS", 1, 8_000),
            Account("5410", "Sociala avgifter enligt lag", "PERS", 1, 10_000, 2),
            Account("5510", "Pensionskostnader", "PERS", 1, 6_000),
            Account("5810", "Övriga personalkostnader", "PERS", 1, 3_000),
        ),
    ),
    VoucherKind(
        "Leverantörsfaktura",
        5,
        "2440",
        (
            Account("4010", "Köp av huvudverksamhet", "KOP", 1, 60_000),
            Account("4410", "Material och varor", "KOP", 1, 2_500, 3),
            Account("4610", "Lämnade bidrag", "KOP", 1, 20_000),
            Account("6110", "Lokalhyror", "LOKAL", 1, 50_000),
            Account("6210", "Fastighetsservice", "LOKAL", 1, 12_000),
            Account("6410", "Förbrukningsinventarier", "OVR", 1, 4_000, 2),
            Account("6510", "Kontorsmaterial och trycksaker", "OVR", 1, 1_500, 2),
            Account("6910", "Konsulttjänster", "OVR", 1, 25_000),
            Account("7010", "Resor och transporter", "OVR", 1, 3_000),
            Account("7610", "Försäkringar", "OVR", 1, 10_000),
        ),
    ),
    VoucherKind(
        "Avskrivningar och räntor",
        1,
        "1930",
        (
            Account("7810", "Avskrivningar", "AVS", 1, 40_000),
            Account("8410", "Räntekostnader", "FIN", 1, 5_000),
            Account("8310", "Ränteintäkter", "FIN", -1, 2_000),
        ),
    ),
)

BALANCE_ACCOUNTS = (
    Account("1510", "Kundfordringar", None),
    Account("1930", "Bank", None),
    Account("2440", "Leverantörsskulder", None),
)


Activity = tuple[str, str, str, tuple[tuple[str, str], ...]]
"""An activity member: its code, name, mappning.yaml pattern and activity codes (with names)."""


@dataclass(frozen=True, slots=True)
class Municipality:
    """What the generator books on: the fixed one below (``DEFAULT``) or a larger one
    (:mod:`uppsikt.synthetic.scaled`). The chart of accounts is the same for every one."""

    name: str
    organisation_number: str
    namnder: tuple[tuple[str, str], ...]
    units: tuple[Unit, ...]
    activities: tuple[Activity, ...]
    projects: tuple[tuple[str, str], ...]

    def combinations(self) -> tuple[tuple[str, str, int], ...]:
        """(ansvar, activity code, weight) of every object combination booked on."""
        return tuple(
            (ansvar, activity, unit.weight)
            for unit in self.units
            for ansvar in unit.ansvar
            for activity in unit.activities
        )

    def unit_by_ansvar(self) -> dict[str, Unit]:
        return {ansvar: unit for unit in self.units for ansvar in unit.ansvar}


DEFAULT = Municipality(MUNICIPALITY, ORGANISATION_NUMBER, NAMNDER, UNITS, ACTIVITIES, PROJECTS)
"""The municipality of ``uppsikt generate FOLDER``: 4 nämnder and 11 units."""


def result_accounts() -> tuple[Account, ...]:
    return tuple(a for kind in KINDS for a in kind.accounts)


def all_accounts() -> tuple[Account, ...]:
    return tuple(sorted((*result_accounts(), *BALANCE_ACCOUNTS), key=lambda a: a.number))


def combinations() -> tuple[tuple[str, str, int], ...]:
    """(ansvar, activity code, weight) of every object combination of ``DEFAULT``."""
    return DEFAULT.combinations()


def activity_member(code: str) -> str:
    return next(m for m, _, _, codes in ACTIVITIES if any(c == code for c, _ in codes))


def unit_of(ansvar: str) -> Unit:
    return next(u for u in UNITS if ansvar in u.ansvar)
