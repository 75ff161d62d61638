"""The files of a generated ledger besides the Parquet: SIE 4E text and the workspace's
mappning.yaml, organisation.yaml and dimensioner.yaml."""

from __future__ import annotations

import datetime
from pathlib import Path

import duckdb

from uppsikt import __version__
from uppsikt.importers.sie.model import Account, Dimension, FiscalYear, Header, SieFile, SieObject
from uppsikt.importers.sie.write import write_sie as write_sie_file
from uppsikt.synthetic import kommun as synthetic
from uppsikt.synthetic.kommun import DEFAULT, Municipality

SIE_DIMENSIONS = (
    ("ansvar", 1, "Ansvar"),
    ("projekt", 6, "Projekt"),
    ("verksamhet", 20, "Verksamhet"),
)
"""Ledger object, SIE dimension number, name: 1 and 6 are SIE's cost centre and project; 20 is
the first free number."""
_BATCH = 200_000
_TYPES = {"1": "T", "2": "S", "3": "I", "8": "K"}


def write_sie(
    con: duckdb.DuckDBPyConnection, view: str, path: Path, year: int, m: Municipality = DEFAULT
) -> None:
    """The generated rows of ``view`` as SIE 4E: budget as #PBUDGET, vouchers as #VER."""
    sql = f"""
    SELECT CASE WHEN scenario = 'budget'
        THEN '#PBUDGET 0 ' || strftime(make_date(year, period, 1), '%Y%m') || ' ' || account
             || ' ' || {_objects()} || ' ' || amount::VARCHAR
        ELSE (CASE WHEN line = 0 THEN '#VER A ' || voucher || ' ' || strftime(date, '%Y%m%d')
                   || ' "' || {_texts()}[kind + 1] || '"' || chr(13) || chr(10) || '{{'
                   || chr(13) || chr(10) ELSE '' END)
             || '   #TRANS ' || account || ' ' || {_objects()} || ' ' || amount::VARCHAR
             || (CASE WHEN line = 3 THEN chr(13) || chr(10) || '}}' ELSE '' END)
        END
    FROM {view}
    """
    with path.open("wb") as out:
        out.write(_header(year, m))
        reader = con.sql(sql).to_arrow_reader(_BATCH)
        for batch in reader:
            lines = batch.column(0).to_pylist()
            out.write(("\r\n".join(lines) + "\r\n").encode("cp437"))


def _objects() -> str:
    """The SQL of a row's object list, e.g. {1 "1100" 20 "407"}."""
    parts = [
        f"""CASE WHEN {column} <> '' THEN '{number} "' || {column} || '"' END"""
        for column, number, _ in SIE_DIMENSIONS
    ]
    return f"'{{' || concat_ws(' ', {', '.join(parts)}) || '}}'"


def _texts() -> str:
    return "[" + ", ".join(f"'{kind.name}'" for kind in synthetic.KINDS) + "]"


def _header(year: int, m: Municipality) -> bytes:
    """Identification, dimensions, objects and accounts, written by the SIE writer."""
    header = Header(
        flagga=0,
        program=("uppsikt", __version__),
        format="PC8",
        gen=datetime.date(year + 1, 2, 15),
        sietyp="4",
        orgnr=(m.organisation_number,),
        fnamn=m.name,
        rar=(FiscalYear(0, datetime.date(year, 1, 1), datetime.date(year, 12, 31)),),
    )
    objects = [
        SieObject(1, ansvar, f"{unit.name} {ansvar}") for unit in m.units for ansvar in unit.ansvar
    ]
    objects += [SieObject(6, code, name) for code, name in m.projects]
    objects += [
        SieObject(20, code, name) for _, _, _, codes in m.activities for code, name in codes
    ]
    accounts = [
        Account(a.number, a.name, _TYPES.get(a.number[0], "K")) for a in synthetic.all_accounts()
    ]
    sie = SieFile(
        header=header,
        accounts=tuple(accounts),
        dimensions=tuple(Dimension(number, name) for _, number, name in SIE_DIMENSIONS),
        objects=tuple(objects),
    )
    return write_sie_file(sie, checksum=False)


def write_workspace_files(folder: Path, m: Municipality = DEFAULT) -> tuple[Path, Path, Path]:
    """mappning.yaml, organisation.yaml and dimensioner.yaml for the generated ledger."""
    mapping = folder / "mappning.yaml"
    organisation = folder / "organisation.yaml"
    dimensions = folder / "dimensioner.yaml"
    mapping.write_text(mapping_yaml(m), encoding="utf-8")
    organisation.write_text(_organisation_yaml(m), encoding="utf-8")
    dimensions.write_text(dimensions_yaml(m), encoding="utf-8")
    return mapping, organisation, dimensions


def generated_note(m: Municipality) -> str:
    """The first line of every generated YAML file."""
    return f"# Genererad av uppsikt generate: {m.name} är en påhittad kommun."


def mapping_yaml(m: Municipality) -> str:
    lines = [generated_note(m), "konton:", '  ignorera: ["1", "2"]', "  kontogrupp:"]
    for code, _, patterns in synthetic.KONTOGRUPPER:
        lines.append(f"    {code}: [{', '.join(quoted(p) for p in patterns)}]")
    lines += ["enhet:", "  från: ansvar", "  regler:"]
    lines += [f"    {quoted(unit.pattern)}: {unit.code}" for unit in m.units]
    lines += ["verksamhet:", "  från: verksamhet", "  regler:"]
    lines += [f"    {quoted(pattern)}: {member}" for member, _, pattern, _ in m.activities]
    return "\n".join(lines) + "\n"


def _organisation_yaml(m: Municipality) -> str:
    lines = [generated_note(m), "kod: KOMMUN", f"namn: {quoted(m.name)}"]
    lines.append("delar:")
    for code, name in m.namnder:
        lines += [f"  - kod: {code}", f"    namn: {quoted(name)}", "    delar:"]
        lines += [
            f"      - {{kod: {unit.code}, namn: {quoted(unit.name)}}}"
            for unit in m.units
            if unit.board == code
        ]
    return "\n".join(lines) + "\n"


def dimensions_yaml(m: Municipality) -> str:
    lines = [generated_note(m), "kontogrupp:", "  namn: Kontogrupp", "  medlemmar:"]
    lines += [
        f"    - {{kod: {code}, namn: {quoted(name)}}}" for code, name, _ in synthetic.KONTOGRUPPER
    ]
    lines += ["verksamhet:", "  namn: Verksamhet", "  medlemmar:"]
    lines += [f"    - {{kod: {code}, namn: {quoted(name)}}}" for code, name, _, _ in m.activities]
    return "\n".join(lines) + "\n"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
