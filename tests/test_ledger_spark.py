"""The aggregation is written once: on PySpark it gives exactly the facts it gives on DuckDB.

Needs the ``spark`` extra (pyspark) and a Java runtime; skipped without them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from uppsikt.ledger.aggregate import facts_from_arrow, ledger_facts, unmapped_summary
from uppsikt.ledger.model import LedgerRow
from uppsikt.ledger.store import ARROW_SCHEMA, LEDGER_COLUMNS, record_batch
from uppsikt.model.economy import Scenario
from uppsikt.synthetic.generate import GeneratedLedger, generate

pytest.importorskip("pyspark", reason="pyspark saknas (installera uppsikt[spark])")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Java saknas: PySpark behöver en Java-runtime", allow_module_level=True)

from pyspark.sql import SparkSession

ODD_ROWS = [
    # Codes no rule maps and rows without objects, so that null members are compared too.
    LedgerRow(2024, 3, Scenario.OUTCOME, "4999", Decimal("12.34"), "2110", "407"),
    LedgerRow(2024, 3, Scenario.OUTCOME, "4010", Decimal("-0.01"), "9999", "999"),
    LedgerRow(2024, 4, Scenario.OUTCOME, "5010", Decimal("100.00")),
    LedgerRow(2023, 0, Scenario.BUDGET, "3110", Decimal("-5.50"), "1100", ""),
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[GeneratedLedger, Path]:
    folder = tmp_path_factory.mktemp("spark")
    ledger = generate(folder, rows=5_000, seed=11)
    parts = [
        pq.read_table(path).select(list(LEDGER_COLUMNS)).cast(ARROW_SCHEMA)
        for path in (ledger.parquet, ledger.budget_parquet)
    ]
    table = pa.concat_tables([*parts, pa.Table.from_batches([record_batch(ODD_ROWS)])])
    path = folder / "ledger.parquet"
    pq.write_table(table, path)
    return ledger, path


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    warehouse = tmp_path_factory.mktemp("warehouse")
    session = (
        SparkSession.builder.master("local[1]")
        .appName("uppsikt-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.driver.memory", "512m")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_pyspark_and_duckdb_give_identical_facts(
    generated: tuple[GeneratedLedger, Path], spark: Any
) -> None:
    ledger, path = generated
    duck = ibis.duckdb.connect()
    duck_ledger = duck.read_parquet(path, table_name="ledger")
    spark.read.parquet(str(path)).createOrReplaceTempView("ledger")
    spark_ledger = ibis.pyspark.connect(spark).table("ledger")

    on_duckdb = facts_from_arrow(ledger_facts(duck_ledger, ledger.mapping).to_pyarrow())
    on_spark = facts_from_arrow(ledger_facts(spark_ledger, ledger.mapping).to_pyarrow())
    assert len(on_duckdb) > 100
    assert any(len(f.dimensions) < 3 for f in on_duckdb)  # null members are compared too
    assert on_spark == on_duckdb  # sorted tuples of Facts: Decimal amounts compared exactly

    assert unmapped_summary(spark_ledger, ledger.mapping) == unmapped_summary(
        duck_ledger, ledger.mapping
    )
    duck.disconnect()
