"""A whole kommun workspace at scale (``uppsikt generate --kommun``): the organisation of a
:mod:`~uppsikt.synthetic.scaled` municipality, its dimensions and mapping, the generated ledger
imported into ``ekonomi.duckdb`` by the store's own import, KF's goals, and under
``rapporter/`` an årsberättelse per nämnd, KS's ks-årsberättelse and the
kommunsammanställning (docs/kommun.md). The same arguments give the same files."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from uppsikt.ledger.model import STORE_FILE
from uppsikt.ledger.store import LedgerStore
from uppsikt.synthetic.files import dimensions_yaml, generated_note, mapping_yaml, quoted
from uppsikt.synthetic.generate import DEFAULT_YEAR, GeneratedLedger, generate
from uppsikt.synthetic.report_files import (
    GOAL_AREAS,
    ReportSpec,
    kf_goals_yaml,
    report_specs,
    write_report,
)
from uppsikt.synthetic.scaled import ScaledMunicipality, scaled_municipality

REPORTS = "rapporter"
LEDGER_SOURCE = "huvudbok"
BUDGET_SOURCE = "budget"


class KommunFolderInUse(Exception):
    """The target folder holds files that uppsikt generate did not write."""


@dataclass(frozen=True, slots=True)
class GeneratedKommun:
    folder: Path
    scaled: ScaledMunicipality
    ledger: GeneratedLedger
    """The ledger as generated (its Parquet files are removed once imported)."""
    reports: tuple[ReportSpec, ...]


def generate_kommun(
    folder: Path,
    *,
    rows: int,
    seed: int,
    namnder: int = 15,
    units: int = 300,
    year: int = DEFAULT_YEAR,
) -> GeneratedKommun:
    """Write a complete kommun workspace into ``folder`` (empty, or written by an earlier run,
    whose files are replaced)."""
    scaled = scaled_municipality(namnder, units, seed)
    m = scaled.municipality
    _clear(folder, generated_note(m))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "organisation.yaml").write_text(_organisation_yaml(scaled), encoding="utf-8")
    (folder / "dimensioner.yaml").write_text(dimensions_yaml(m), encoding="utf-8")
    (folder / "mappning.yaml").write_text(mapping_yaml(m), encoding="utf-8")
    (folder / "mal.yaml").write_text(kf_goals_yaml(generated_note(m)), encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix=".uppsikt-generate-", dir=folder) as tmp:
        ledger = generate(
            Path(tmp), rows=rows, seed=seed, year=year, municipality=m, write_sie_text=False
        )
        with LedgerStore(folder / STORE_FILE) as store:
            store.import_parquet(ledger.parquet, source=LEDGER_SOURCE)
            store.import_parquet(ledger.budget_parquet, source=BUDGET_SOURCE)
            store.connection.execute("CHECKPOINT")
    specs = report_specs(scaled, year)
    for spec in specs:
        write_report(folder / REPORTS / spec.folder, spec, m, seed)
    return GeneratedKommun(folder, scaled, ledger, specs)


def _clear(folder: Path, note: str) -> None:
    """Remove what an earlier run wrote; refuse a folder with anything else in it."""
    if not folder.exists() or not any(folder.iterdir()):
        return
    organisation = folder / "organisation.yaml"
    written = organisation.is_file() and organisation.read_text("utf-8").startswith(
        note.split(":", maxsplit=1)[0]
    )
    if not written:
        raise KommunFolderInUse(str(folder))
    for name in ("organisation.yaml", "dimensioner.yaml", "mappning.yaml", "mal.yaml", STORE_FILE):
        (folder / name).unlink(missing_ok=True)
    (folder / f"{STORE_FILE}.wal").unlink(missing_ok=True)
    shutil.rmtree(folder / REPORTS, ignore_errors=True)


def _organisation_yaml(scaled: ScaledMunicipality) -> str:
    m = scaled.municipality
    lines = [generated_note(m), f"kommun: {quoted(m.name)}", "nämnder:"]
    for board in scaled.boards:
        lines += [f"  - kod: {board.code}", f"    namn: {quoted(board.name)}"]
        if board.kind != "nämnd":
            lines.append(f"    typ: {board.kind}")
        if board.administration is None:
            continue
        code, name = board.administration
        lines += ["    delar:", f"      - kod: {code}", f"        namn: {quoted(name)}"]
        lines += ["        typ: förvaltning", "        delar:"]
        lines += [
            f"          - {{kod: {unit.code}, namn: {quoted(unit.name)}}}"
            for unit in scaled.units_of(board.code)
        ]
    return "\n".join(lines) + "\n"


__all__ = ["GOAL_AREAS", "GeneratedKommun", "KommunFolderInUse", "generate_kommun"]
