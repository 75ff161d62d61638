"""No foreign database is trusted (issue #10): a workspace zip could carry an ``ekonomi.duckdb``
whose ledger table is a VIEW over ``read_text('/etc/passwd')``; its content then reached a
redaktör in a check message. A store from outside is accepted only when its schema is exactly
ours, and every connection on user data has external file access off."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from uppsikt.importers.ledger_import import import_file, remove_import
from uppsikt.ledger.facts import ledger_facts
from uppsikt.ledger.model import LEDGER_SCHEMA, STORE_FILE, LedgerRow
from uppsikt.ledger.store import LedgerImportError, LedgerStore, StoreRefused
from uppsikt.ledger.verify import connect_untrusted, verify_store_file
from uppsikt.located.diagnostics import Severity
from uppsikt.model.economy import Scenario

SECRET = "uppsikt-hemlighet-4711"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.key"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def make_store(path: Path, *statements: str) -> Path:
    con = duckdb.connect(str(path))
    for statement in statements:
        con.execute(statement)
    con.close()
    return path


def hostile_view(tmp_path: Path, secret: Path) -> Path:
    """Our imports table, and a ledger that is a view over a file of the server."""
    imports = LEDGER_SCHEMA[LEDGER_SCHEMA.index("CREATE TABLE IF NOT EXISTS imports") :]
    view = (
        "CREATE VIEW ledger AS SELECT content AS source, 2024::SMALLINT AS year, "
        "1::TINYINT AS period, 'utfall' AS scenario, content AS account, '' AS ansvar, "
        f"'' AS verksamhet, '' AS projekt, 1::DECIMAL(18, 2) AS amount "
        f"FROM read_text('{secret}')"
    )
    return make_store(tmp_path / STORE_FILE, imports, view)


def test_our_own_store_is_accepted(tmp_path: Path) -> None:
    LedgerStore(tmp_path / STORE_FILE).close()
    assert verify_store_file(tmp_path / STORE_FILE) is None


def test_a_view_over_a_server_file_is_refused(tmp_path: Path, secret: Path) -> None:
    path = hostile_view(tmp_path, secret)
    reason = verify_store_file(path)
    assert reason is not None
    assert "vyer" in reason
    assert "«ledger»" in reason
    assert SECRET not in reason


def test_the_store_never_reads_the_file_through_the_view(tmp_path: Path, secret: Path) -> None:
    path = hostile_view(tmp_path, secret)
    for read_only in (True, False):
        with pytest.raises(StoreRefused) as refused:
            LedgerStore(path, read_only=read_only)
        assert SECRET not in str(refused.value)
    # and were the schema check bypassed, the connection itself cannot read the file
    con = connect_untrusted(path)
    try:
        with pytest.raises(duckdb.Error) as failed:
            con.execute("SELECT * FROM ledger").fetchall()
        assert SECRET not in str(failed.value)
    finally:
        con.close()


def test_a_hostile_store_becomes_a_diagnostic_never_its_content(
    tmp_path: Path, secret: Path
) -> None:
    hostile_view(tmp_path, secret)
    (tmp_path / "mappning.yaml").write_text("konton: {}\n", encoding="utf-8")
    facts = ledger_facts(tmp_path, ())
    assert facts.facts == ()
    problems = [d for d in facts.diagnostics if d.code == "UPP671"]
    assert [d.severity for d in problems] == [Severity.ERROR]
    assert all(SECRET not in d.message + d.hint for d in facts.diagnostics)
    assert [d.code for d in remove_import(tmp_path, "x").diagnostics] == ["UPP671"]
    (tmp_path / "f.se").write_text(
        '#FLAGGA 0\n#SIETYP 4\n#RAR 0 20240101 20241231\n#VER A 1 20240101 ""\n{\n'
        "#TRANS 1930 {} 1\n#TRANS 4010 {} -1\n}\n",
        encoding="cp437",
    )
    result = import_file(tmp_path, tmp_path / "f.se")
    assert result.summary is None
    assert [d.code for d in result.diagnostics] == ["UPP671"]


@pytest.mark.parametrize(
    ("statements", "words"),
    [
        (("CREATE MACRO peek(p) AS TABLE SELECT * FROM read_text(p)",), "makron"),
        (("CREATE SEQUENCE s",), "sekvenser"),
        (("CREATE SCHEMA other", "CREATE TABLE other.t (a INT)"), "scheman"),
        (("CREATE TABLE extra (a INT)",), "tabeller"),
        (("ALTER TABLE ledger ADD COLUMN note VARCHAR",), "kolumner"),
        (("ALTER TABLE ledger ALTER amount SET DEFAULT 1",), "kolumner"),
        (("CREATE INDEX i ON ledger (account)",), "index"),
        (("CREATE TYPE mood AS ENUM ('a')",), "typer"),
    ],
)
def test_anything_beyond_our_schema_is_refused(
    tmp_path: Path, statements: tuple[str, ...], words: str
) -> None:
    path = make_store(tmp_path / STORE_FILE, LEDGER_SCHEMA, *statements)
    reason = verify_store_file(path)
    assert reason is not None
    assert words in reason, reason
    with pytest.raises(StoreRefused):
        LedgerStore(path, read_only=True)


@pytest.mark.parametrize("data", [b"", b"not a database at all" * 100, b"DUCK" + b"\0" * 5000])
def test_a_damaged_file_gets_a_swedish_reason_never_an_exception(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / STORE_FILE
    path.write_bytes(data)
    reason = verify_store_file(path)
    assert reason is not None
    assert STORE_FILE in reason
    assert verify_store_file(tmp_path / "missing.duckdb") is not None


def test_a_row_the_store_cannot_hold_is_named_in_swedish(tmp_path: Path) -> None:
    """Arrow's own text («Rescaling Decimal value would cause data loss») reached the user."""
    rows = [
        LedgerRow(2024, 1, Scenario.OUTCOME, "4010", Decimal(1)),
        LedgerRow(2024, 2, Scenario.OUTCOME, "4011", Decimal("1.005")),
    ]
    with LedgerStore(tmp_path / STORE_FILE) as store, pytest.raises(LedgerImportError) as failed:
        store.import_rows(rows, source="x", file="x.csv", kind="csv")
    message = str(failed.value)
    assert "«4011»" in message
    assert "1.005" in message
    assert "Rescaling" not in message
    assert "data loss" not in message


_HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(60)
"""


def test_a_store_that_cannot_be_opened_is_a_diagnostic_not_duckdbs_text(tmp_path: Path) -> None:
    """Another process holds the store (DuckDB's file lock): its IOException («Could not set
    lock on file …») escaped as a traceback."""
    (tmp_path / "f.se").write_text(
        '#FLAGGA 0\n#SIETYP 4\n#RAR 0 20240101 20241231\n#VER A 1 20240101 ""\n{\n'
        "#TRANS 1930 {} 1\n#TRANS 4010 {} -1\n}\n",
        encoding="cp437",
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(tmp_path / STORE_FILE)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        result = import_file(tmp_path, tmp_path / "f.se")
        removal = remove_import(tmp_path, "huvudbok")
    finally:
        holder.kill()
        holder.wait()
    assert result.summary is None
    for diagnostics in (result.diagnostics, removal.diagnostics):
        [problem] = diagnostics
        assert problem.code == "UPP671"
        assert "lock" not in problem.message
        assert "IO Error" not in problem.message
