"""The ledger's rows as every importer produces them and the store keeps them.

A ledger row is one amount on one account in one period, with the objects (dimensions) it
is booked on. Amounts keep the ledger's own sign convention (debit positive, credit
negative, as in SIE); the mapping turns them into the report's convention (costs negative,
income positive) when facts are made.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from uppsikt.model.economy import Scenario

WHOLE_YEAR = 0
"""``period`` of rows that are not per month: annual budgets, annual results."""

OBJECT_DIMENSIONS = ("ansvar", "verksamhet", "projekt")
"""The object dimensions the store keeps a column for. SIE dimension numbers and CSV columns
are mapped onto these names by the importer's settings (see docs/ledger.md)."""


@dataclass(frozen=True, slots=True)
class LedgerRow:
    year: int
    """The fiscal year (räkenskapsår) the row belongs to, e.g. 2020."""
    period: int
    """Month 1–12, or WHOLE_YEAR."""
    scenario: Scenario
    """utfall (outcome: vouchers, period balances, results) or budget / prognos."""
    account: str
    """Account number as text, e.g. '4010'."""
    amount: Decimal
    """Kronor, ledger sign: debit positive, credit negative."""
    ansvar: str = ""
    """Cost centre / responsibility code; '' when the row has none."""
    verksamhet: str = ""
    """Activity code (verksamhetskod); '' when none."""
    projekt: str = ""
    """Project code; '' when none."""


LEGACY_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger (
    source     VARCHAR  NOT NULL,  -- the stream of exports that brought the row
    year       SMALLINT NOT NULL,
    period     TINYINT  NOT NULL,  -- 1..12, or 0 for the whole year
    scenario   VARCHAR  NOT NULL,  -- 'utfall', 'budget', 'prognos'
    account    VARCHAR  NOT NULL,
    ansvar     VARCHAR  NOT NULL,
    verksamhet VARCHAR  NOT NULL,
    projekt    VARCHAR  NOT NULL,
    amount     DECIMAL(18, 2) NOT NULL  -- kronor, ledger sign (debit +, credit -)
);
CREATE TABLE IF NOT EXISTS imports (
    source      VARCHAR NOT NULL,     -- the stream of exports (källa), e.g. 'huvudbok'
    file        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,     -- 'sie', 'csv', 'xlsx', 'parquet'
    imported_at TIMESTAMP NOT NULL,
    year        SMALLINT NOT NULL,
    scenario    VARCHAR NOT NULL,
    period_from TINYINT NOT NULL,
    period_to   TINYINT NOT NULL,
    rows        BIGINT NOT NULL,
    total       DECIMAL(18, 2) NOT NULL,  -- sum of amounts, for reconciliation
    PRIMARY KEY (source, year, scenario)
);
"""
"""The tables of a ledger store written before the aggregates (``ledger_agg``,
``ledger_agg_year``) existed: still accepted, and given them when next opened for writing."""

AGGREGATE_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger_agg (
    source     VARCHAR  NOT NULL,
    year       SMALLINT NOT NULL,
    period     TINYINT  NOT NULL,
    scenario   VARCHAR  NOT NULL,
    account    VARCHAR  NOT NULL,
    ansvar     VARCHAR  NOT NULL,
    verksamhet VARCHAR  NOT NULL,
    projekt    VARCHAR  NOT NULL,
    amount     DECIMAL(18, 2) NOT NULL,  -- sum of the rows' amounts, ledger sign (as imports.total)
    rows       BIGINT   NOT NULL          -- how many ledger rows the sum is of
);
CREATE TABLE IF NOT EXISTS ledger_agg_year (
    year       SMALLINT NOT NULL,
    scenario   VARCHAR  NOT NULL,
    account    VARCHAR  NOT NULL,
    ansvar     VARCHAR  NOT NULL,
    verksamhet VARCHAR  NOT NULL,
    projekt    VARCHAR  NOT NULL,
    amount     DECIMAL(18, 2) NOT NULL,
    rows       BIGINT   NOT NULL
);
"""
"""``ledger_agg``: ``ledger`` summed over its rows per source, year, period, scenario, account
and ledger object codes; ``ledger_agg_year``: the same summed over sources and periods.
Everything the reports and the mapping read, without the vouchers (``ledger/ledger_agg.py``).
They keep the mapping's inputs (codes, not members), so a change of ``mappning.yaml`` needs no
rebuild."""

LEDGER_SCHEMA = LEGACY_SCHEMA + AGGREGATE_SCHEMA
"""The tables of the workspace's ledger store (``ekonomi.duckdb`` in the workspace)."""

STORE_FILE = "ekonomi.duckdb"
