"""A synthetic ledger of any size for a fictional municipality (``uppsikt generate``).

The ledger has a year of vouchers (utfall) and a monthly budget, booked on the units, activity
codes and Kommun-Bas-like accounts of :mod:`uppsikt.synthetic.kommun`. Every voucher balances:
three result lines (costs debit, income credit) and a line on a balance account that takes
the opposite of their sum. The rows are computed by DuckDB from row numbers with ``hash()``,
so generation is parallel, fast (100 million rows in well under a minute) and deterministic:
the same rows, seed and year always give the same files.

Written: ``huvudbok.parquet`` (the vouchers: the ledger columns plus voucher number and date)
and ``budget.parquet`` (the budget: the ledger columns), both as SIE 4E text ``huvudbok.se``
(CP437, #PBUDGET and #VER) up to SIE_MAX_ROWS rows, and the workspace files that fit them:
``mappning.yaml``, ``organisation.yaml`` and ``dimensioner.yaml``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import duckdb

from uppsikt.ledger.aggregate import MappingTables
from uppsikt.synthetic import kommun as synthetic
from uppsikt.synthetic.files import write_sie, write_workspace_files
from uppsikt.synthetic.kommun import DEFAULT, Municipality

DEFAULT_YEAR = 2024
SIE_MAX_ROWS = 5_000_000
"""Larger ledgers are written as Parquet only (SIE text would be gigabytes)."""
LINES_PER_VOUCHER = 4
"""Three result lines and the balancing line."""
PARQUET_FILE = "huvudbok.parquet"
BUDGET_FILE = "budget.parquet"
SIE_FILE = "huvudbok.se"


@dataclass(frozen=True, slots=True)
class GeneratedLedger:
    folder: Path
    parquet: Path
    """The vouchers (utfall)."""
    budget_parquet: Path
    sie: Path | None
    """None when the ledger has more than SIE_MAX_ROWS rows."""
    mapping_file: Path
    organisation_file: Path
    dimensions_file: Path
    year: int
    rows: int
    voucher_rows: int
    budget_rows: int
    mapping: MappingTables
    """mappning.yaml resolved for every code of the ledger."""


def generate(
    folder: Path,
    *,
    rows: int,
    seed: int,
    year: int = DEFAULT_YEAR,
    municipality: Municipality = DEFAULT,
    write_sie_text: bool = True,
) -> GeneratedLedger:
    """Write a ledger of exactly ``rows`` rows (vouchers and budget) and its workspace files.

    ``write_sie_text`` False writes Parquet only (the kommun workspace imports the Parquet)."""
    if rows < 0:
        raise ValueError("rows must not be negative")
    folder.mkdir(parents=True, exist_ok=True)
    m = municipality
    budget_rows = _budget_rows(rows, m)
    voucher_rows = rows - budget_rows
    sie = folder / SIE_FILE if rows <= SIE_MAX_ROWS and write_sie_text else None
    with duckdb.connect() as con:
        con.execute(_macros(m))
        budget = _budget_sql(budget_rows, voucher_rows, seed, year, m)
        con.execute(f"CREATE VIEW budget AS {budget}")
        con.execute(f"CREATE VIEW vouchers AS {_voucher_sql(voucher_rows, seed, year, m)}")
        columns = "year, period, scenario, account, ansvar, verksamhet, projekt, amount"
        _copy(con, f"SELECT {columns}, voucher, date FROM vouchers", folder / PARQUET_FILE)
        _copy(con, f"SELECT {columns} FROM budget", folder / BUDGET_FILE)
        if sie is not None:
            con.execute("CREATE VIEW generated AS FROM budget UNION ALL FROM vouchers")
            write_sie(con, "generated", sie, year, m)
        elif (folder / SIE_FILE).exists():
            (folder / SIE_FILE).unlink()  # from an earlier, smaller run: no longer matches
    files = write_workspace_files(folder, m)
    return GeneratedLedger(
        folder,
        folder / PARQUET_FILE,
        folder / BUDGET_FILE,
        sie,
        *files,
        year=year,
        rows=rows,
        voucher_rows=voucher_rows,
        budget_rows=budget_rows,
        mapping=generated_mapping(m),
    )


def _copy(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> None:
    escaped = str(path).replace("'", "''")
    con.execute(
        f"COPY ({query}) TO '{escaped}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)"
    )


def generated_mapping(m: Municipality = DEFAULT) -> MappingTables:
    """The generated mappning.yaml resolved for every code the ledger can contain."""
    return MappingTables(
        accounts={a.number: a.kontogrupp for a in synthetic.all_accounts()},
        ignored=frozenset(a.number for a in synthetic.BALANCE_ACCOUNTS),
        enhet={ansvar: unit.code for unit in m.units for ansvar in unit.ansvar},
        verksamhet={code: member for member, _, _, codes in m.activities for code, _ in codes},
        enhet_from="ansvar",
        verksamhet_from="verksamhet",
    )


def _budget_keys(m: Municipality) -> list[tuple[str, str, str, float]]:
    """(ansvar, activity, account, expected amount per voucher) of every budget key: what one
    voucher books on the key on average, so that budget ≈ utfall."""
    combos = m.combinations()
    combo_weight = sum(w for _, _, w in combos)
    keys: list[tuple[str, str, str, float]] = []
    for ansvar, activity, weight in combos:
        for kind in synthetic.KINDS:
            kind_weight = sum(a.weight for a in kind.accounts)
            for account in kind.accounts:
                share = (kind.share / 10) * (account.weight / kind_weight)
                lines = (LINES_PER_VOUCHER - 1) * share * weight / combo_weight
                keys.append(
                    (ansvar, activity, account.number, lines * account.sign * account.scale)
                )
    return keys


def _budget_rows(rows: int, m: Municipality) -> int:
    """A few percent of the rows (a row per key and month when there is room), so that the
    rest is a whole number of vouchers."""
    wanted = min(rows // 5, max(12 * len(_budget_keys(m)), rows // 50))
    return rows - LINES_PER_VOUCHER * ((rows - wanted) // LINES_PER_VOUCHER)


def _budget_sql(budget_rows: int, voucher_rows: int, seed: int, year: int, m: Municipality) -> str:
    """Row j budgets key j mod K (K keys); a key's rows share its annual amount and take the
    months in turn, so that every key is budgeted in full whenever there are K rows or more."""
    keys = _budget_keys(m)
    rng = random.Random(seed)
    factor = {u.code: round(rng.uniform(0.94, 1.06), 3) for u in m.units}
    unit_of = m.unit_by_ansvar()
    vouchers = voucher_rows / LINES_PER_VOUCHER
    annual = [
        round(amount * vouchers * factor[unit_of[ansvar].code], 2) for ansvar, _, _, amount in keys
    ]
    count = len(keys)
    return f"""
    SELECT {year}::SMALLINT AS year, (1 + (j // {count}) % 12)::TINYINT AS period,
        'budget'::g_scenario AS scenario,
        {_enums([k[2] for k in keys], "g_account")}[k + 1] AS account,
        {_enums([k[0] for k in keys], "g_ansvar")}[k + 1] AS ansvar,
        {_enums([k[1] for k in keys], "g_activity")}[k + 1] AS verksamhet,
        ''::g_project AS projekt,
        CAST(round({_list(annual)}[k + 1]
                   / ({budget_rows} // {count} + (k < {budget_rows} % {count})::INT), 0)
             AS DECIMAL(18, 2)) AS amount,
        NULL::BIGINT AS voucher, NULL::DATE AS date, NULL::INT AS line, NULL::INT AS kind
    FROM (SELECT range AS j, range % {count} AS k FROM range({budget_rows}))
    """


def _voucher_sql(voucher_rows: int, seed: int, year: int, m: Municipality) -> str:
    vouchers = max(voucher_rows // LINES_PER_VOUCHER, 1)
    combos = [c for ansvar, activity, w in m.combinations() for c in [(ansvar, activity)] * w]
    projects = [code for code, _ in m.projects]
    kinds = [i for i, kind in enumerate(synthetic.KINDS) for _ in range(kind.share)]
    counters = [kind.counter for kind in synthetic.KINDS]
    return f"""
    SELECT {year}::SMALLINT AS year, period, 'utfall'::g_scenario AS scenario,
        CASE WHEN line = 3 THEN {_enums(counters, "g_account")}[kind + 1]
             ELSE {_enums(_pool()[0], "g_account")}[g_index(kind, h)] END AS account,
        CASE WHEN line = 3 THEN ''::g_ansvar
             ELSE {_enums([c[0] for c in combos], "g_ansvar")}[c + 1] END AS ansvar,
        CASE WHEN line = 3 THEN ''::g_activity
             ELSE {_enums([c[1] for c in combos], "g_activity")}[c + 1] END AS verksamhet,
        CASE WHEN line = 3 OR (h >> 40) % 25 <> 0 THEN ''::g_project
             ELSE {_enums(projects, "g_project")}[(h >> 45) % {len(projects)} + 1] END AS projekt,
        CAST(ore::DOUBLE / 100 AS DECIMAL(18, 2)) AS amount,
        voucher, make_date({year}, period, 1 + (hv % 28)::INT) AS date, line, kind
    FROM (
        SELECT *, (h >> 30) % {len(combos)} AS c
        FROM (
            SELECT voucher, period, kind, hv, unnest([h0, h1, h2, 0]) AS h,
                unnest([o0, o1, o2, -(o0 + o1 + o2)]) AS ore, unnest([0, 1, 2, 3]) AS line
            FROM (
                SELECT *, g_ore(kind, h0) AS o0, g_ore(kind, h1) AS o1, g_ore(kind, h2) AS o2
                FROM (
                    SELECT *, {_list(kinds)}[hv % {len(kinds)} + 1] AS kind
                    FROM (
                        SELECT range + 1 AS voucher,
                            (1 + range * 12 // {vouchers})::TINYINT AS period,
                            g_hash(range, {seed} + 7919) AS hv,
                            g_hash(4 * range, {seed}) AS h0,
                            g_hash(4 * range + 1, {seed}) AS h1,
                            g_hash(4 * range + 2, {seed}) AS h2
                        FROM range({voucher_rows // LINES_PER_VOUCHER})
                    )
                )
            )
        )
    )
    """


def _pool() -> tuple[list[str], list[int], list[int], list[int]]:
    """Every kind's accounts in one list, each repeated by its weight: the account numbers,
    their signed scales, and each kind's offset and length in the list."""
    accounts: list[str] = []
    scales: list[int] = []
    offsets: list[int] = []
    lengths: list[int] = []
    for kind in synthetic.KINDS:
        pool = [a for a in kind.accounts for _ in range(a.weight)]
        offsets.append(len(accounts))
        lengths.append(len(pool))
        accounts += [a.number for a in pool]
        scales += [a.sign * a.scale for a in pool]
    return accounts, scales, offsets, lengths


def _macros(m: Municipality) -> str:
    """g_ore: the amount of a result line in öre, from its kind of voucher and hash: the
    account's typical amount times 0.5–1.5."""
    _, scales, offsets, lengths = _pool()
    accounts = [a.number for a in synthetic.all_accounts()]
    ansvar = [code for unit in m.units for code in unit.ansvar]
    activities = [code for _, _, _, codes in m.activities for code, _ in codes]
    projects = [code for code, _ in m.projects]
    return f"""
    SET enable_progress_bar = false;
    CREATE TYPE g_scenario AS ENUM ('utfall', 'budget');
    CREATE TYPE g_account AS ENUM ({_list(accounts)[1:-1]});
    CREATE TYPE g_ansvar AS ENUM ({_list(["", *ansvar])[1:-1]});
    CREATE TYPE g_activity AS ENUM ({_list(["", *activities])[1:-1]});
    CREATE TYPE g_project AS ENUM ({_list(["", *projects])[1:-1]});
    CREATE MACRO g_hash(i, seed) AS (hash(i, seed) >> 1)::BIGINT;
    CREATE MACRO g_index(kind, h) AS
        {_list(offsets)}[kind + 1] + (h >> 20) % {_list(lengths)}[kind + 1] + 1;
    CREATE MACRO g_ore(kind, h) AS
        {_list(scales)}[g_index(kind, h)] * (5000 + h % 10007) // 100;
    """


def _enums(values: list[str], enum: str) -> str:
    """A DuckDB list literal of ENUM values: picking from it is cheap, and it is written to
    Parquet as text with a dictionary."""
    return f"({_list(values)}::{enum}[])"


def _list(values: list[str] | list[int] | list[float]) -> str:
    """A DuckDB list literal."""
    items = [f"'{v}'" if isinstance(v, str) else repr(v) for v in values]
    return "[" + ", ".join(items) + "]"
