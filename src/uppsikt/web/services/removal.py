"""Removing what one source brought into a report's ledger (issue #10: an import of the wrong
year made every later build fail, and there was no way back).

The ledger of a private copy of the workspace loses every row and import record of the
source in one DuckDB transaction (the core's remove_import, in a worker like an upload), and
the new store is saved like an upload: one transaction, a new revision of ekonomi.duckdb and a
line in the audit trail, unless someone else changed the ledger meanwhile.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest

from uppsikt.importers.ledger_import import RemovalResult
from uppsikt.isolation import run_isolated
from uppsikt.ledger.model import STORE_FILE
from uppsikt.ledger.verify import connect_untrusted
from uppsikt.web import access
from uppsikt.web.models import ChangeKind, Report, WorkspaceFile
from uppsikt.web.services import audit
from uppsikt.web.services.parsing import remove_source
from uppsikt.web.services.store import materialise, sha256, writable_copy, write_file
from uppsikt.web.services.workers import refusal


@dataclass(frozen=True, slots=True)
class Source:
    """One source in the ledger, for the list with its «Ta bort» button."""

    name: str
    periods: str
    """e.g. «2020 utfall 1–12, 2020 budget 1–12»."""
    rows: int


def sources(report: Report) -> list[Source]:
    """The sources of the report's ledger ([] without one)."""
    if not WorkspaceFile.objects.filter(report=report, path=STORE_FILE, deleted=False).exists():
        return []
    path = materialise(report) / STORE_FILE
    con = connect_untrusted(path)
    try:
        rows = con.execute(
            "SELECT source, year, scenario, min(period_from), max(period_to), sum(rows)"
            " FROM imports GROUP BY source, year, scenario ORDER BY source, year, scenario"
        ).fetchall()
    finally:
        con.close()
    found: dict[str, tuple[list[str], int]] = {}
    for name, year, scenario, first, last, count in rows:
        periods, total = found.get(str(name), ([], 0))
        periods.append(f"{year} {scenario} {first}–{last}")
        found[str(name)] = (periods, total + int(count))
    return [Source(name, ", ".join(p), n) for name, (p, n) in found.items()]


@dataclass(frozen=True, slots=True)
class Removed:
    source: str
    rows: int


def remove(request: HttpRequest, report: Report, source: str) -> Removed | str:
    """Remove ``source`` from the report's ledger; what was removed, or why not (Swedish)."""
    store_row = WorkspaceFile.objects.filter(report=report, path=STORE_FILE, deleted=False).first()
    if store_row is None:
        return "Rapporten har ingen huvudbok; det finns inget att ta bort."
    base = store_row.sha
    copy = writable_copy(report)
    try:
        result = run_isolated(remove_source, str(copy), source)
        if not isinstance(result, RemovalResult):
            return refusal(result, "borttagningen")
        if result.diagnostics:
            return " ".join(
                d.message + (f" {d.hint}" if d.hint else "") for d in result.diagnostics
            )
        ledger = (copy / STORE_FILE).read_bytes()
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    return _save(request, report, source, base, ledger, result.removed_rows)


def _save(
    request: HttpRequest, report: Report, source: str, base: str, ledger: bytes, rows: int
) -> Removed | str:
    user = access.acting_user(request)
    with transaction.atomic():
        locked = access.locked_for_update(report, request, access.Action.EDIT)
        row = (
            WorkspaceFile.objects.select_for_update()
            .filter(report=locked, path=STORE_FILE, deleted=False)
            .first()
        )
        if row is None or row.sha != base:
            return "Någon annan ändrade huvudboken samtidigt. Inget togs bort; försök igen."
        write_file(locked, STORE_FILE, ledger, user)
        audit.record(
            locked,
            user,
            path=STORE_FILE,
            unit=f"källa {source}",
            kind=ChangeKind.LEDGER,
            before=f"sha256 {base[:12]}",
            after=f"Borttagen: {rows} rader från källan {source}; sha256 {sha256(ledger)[:12]}",
        )
    report.revision = locked.revision
    return Removed(source, rows)
