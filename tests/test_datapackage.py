"""The data package writer: a valid Tabular Data Package with the model's numbers, as they are."""

from __future__ import annotations

import csv
import dataclasses
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from frictionless import Package, validate

from report_fixtures import SCRIPT_LABEL, build_report, economic_table, indicator_table
from uppsikt.reports.datapackage.writer import (
    plain_number,
    resource_name,
    slug,
    write_datapackage,
)
from uppsikt.reports.model import ReportModel, Section, Table


@pytest.fixture(scope="module")
def report() -> ReportModel:
    return build_report()


@pytest.fixture(scope="module")
def folder(report: ReportModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paket")
    write_datapackage(report, path)
    return path


@pytest.fixture(scope="module")
def descriptor(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return data


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _header(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[0].split(",")


def _fields(descriptor: dict[str, Any], resource: int) -> dict[str, dict[str, Any]]:
    fields: list[dict[str, Any]] = descriptor["resources"][resource]["schema"]["fields"]
    return {field["name"]: field for field in fields}


def _with_tables(report: ReportModel, *tables: Table) -> ReportModel:
    return dataclasses.replace(report, sections=(Section("tabeller", "1", "Tabeller", tables),))


def test_package_is_valid(folder: Path) -> None:
    result = validate(folder / "datapackage.json")
    assert result.valid, result.flatten(["type", "note"])


def test_package_name_and_title(descriptor: dict[str, Any]) -> None:
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["name"] == (
        "1880-vuxenutbildnings-och-arbetsmarknadsnamnden-arsberattelse-2020"
    )
    assert descriptor["title"] == (
        "Årsberättelse 2020 – Vuxenutbildnings- och arbetsmarknadsnämnden, Örebro kommun"
    )


def test_one_resource_per_table_in_order(descriptor: dict[str, Any], folder: Path) -> None:
    resources = descriptor["resources"]
    assert [r["name"] for r in resources] == ["driftredovisning", "indikatorer"]
    assert [r["title"] for r in resources] == ["Driftredovisning", "Indikatorer för målområdet"]
    for resource in resources:
        assert resource["path"] == f"{resource['name']}.csv"
        assert (folder / resource["path"]).is_file()
        assert resource["profile"] == "tabular-data-resource"
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == (
            "csv",
            "text/csv",
            "utf-8",
        )
        assert resource["schema"]["missingValues"] == [""]
    assert "Belopp i tkr." in resources[0]["description"]
    assert "Fotnot 1: Inklusive statsbidrag." in resources[0]["description"]


def test_economic_schema(descriptor: dict[str, Any], folder: Path) -> None:
    header = ["id", "rad", "typ", "budget", "utfall", "avvikelse", "andel"]
    assert _header(folder / "driftredovisning.csv") == header
    fields = _fields(descriptor, 0)
    assert list(fields) == header
    assert fields["utfall"] == {
        "name": "utfall",
        "title": "Utfall 2020",
        "type": "number",
        "unit": "tkr",
    }
    assert fields["andel"]["unit"] == "procent"
    assert all(fields[name]["type"] == "string" for name in ("id", "rad", "typ"))


def test_indicator_schema(descriptor: dict[str, Any], folder: Path) -> None:
    header = ["id", "rad", "typ", "enhet", "y2019", "y2020", "mal", "bedomning"]
    assert _header(folder / "indikatorer.csv") == header
    fields = _fields(descriptor, 1)
    assert list(fields) == header
    assert "unit" not in fields["y2020"]  # units are per row
    assert fields["y2020"]["type"] == "number"
    assert fields["mal"]["type"] == "string"  # holds the text target 'Öka'
    assert "uppfyllt" in fields["bedomning"]["constraints"]["enum"]


def test_numbers_are_written_plainly(folder: Path) -> None:
    rows = {row["id"]: row for row in _read_csv(folder / "driftredovisning.csv")}
    assert rows["netto"]["utfall"] == "-10326.4"
    assert rows["intakter"]["avvikelse"] == "2910.6"  # no '+'
    assert rows["intakter"]["andel"] == "106.44"  # not rounded, no '%'
    assert rows["ovrigt"]["budget"] == "0"  # '-0' normalised
    assert rows["personal"]["utfall"] == "80"  # approximate: the number only
    assert rows["personal"]["avvikelse"] == ""  # missing
    assert rows["ovrigt"]["rad"] == SCRIPT_LABEL
    assert rows["personal"]["typ"] == "varav"


def test_numbers_equal_the_model(folder: Path) -> None:
    table = economic_table()
    written = {row["id"]: row for row in _read_csv(folder / "driftredovisning.csv")}
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells, strict=True):
            text = written[row.id][column.id]
            if cell.value is None:
                assert text == ""
            else:
                assert Decimal(text) == cell.value


def test_frictionless_reads_the_numbers(folder: Path) -> None:
    package = Package(folder / "datapackage.json")
    rows = package.get_table_resource("driftredovisning").read_rows()
    netto = next(row for row in rows if row["id"] == "netto")
    assert netto["utfall"] == Decimal("-10326.4")
    assert netto["andel"] is None


def test_indicator_rows(folder: Path) -> None:
    rows = _read_csv(folder / "indikatorer.csv")
    assert [row["typ"] for row in rows] == ["rubrik", "rad", "uppdelning", "uppdelning", "rad"]
    assert rows[0] == {
        "id": "utbildning",
        "rad": "Utbildning",
        "typ": "rubrik",
        "enhet": "",
        "y2019": "",
        "y2020": "",
        "mal": "",
        "bedomning": "",
    }
    assert [row["enhet"] for row in rows] == list(indicator_table().row_units)
    assert [row["bedomning"] for row in rows] == ["", "uppfyllt", "", "", "ej uppfyllt"]
    assert (rows[1]["y2020"], rows[1]["mal"]) == ("83.75", "Öka")
    assert rows[3]["y2019"] == ""  # missing with a reason: still empty


def test_csv_uses_unix_line_ends(folder: Path) -> None:
    data = (folder / "indikatorer.csv").read_bytes()
    assert b"\r" not in data
    assert data.endswith(b"\n")


def test_resource_names_are_sanitised_and_unique(report: ReportModel, tmp_path: Path) -> None:
    first = dataclasses.replace(economic_table(), id="Drift/Redovisning 2020")
    second = dataclasses.replace(economic_table(), id="drift-redovisning-2020")
    write_datapackage(_with_tables(report, first, second), tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == ["drift-redovisning-2020", "drift-redovisning-2020-2"]
    assert validate(tmp_path / "datapackage.json").valid


def test_clashing_column_ids_are_renamed(report: ReportModel, tmp_path: Path) -> None:
    table = economic_table()
    columns = (dataclasses.replace(table.columns[0], id="rad"), *table.columns[1:])
    write_datapackage(_with_tables(report, dataclasses.replace(table, columns=columns)), tmp_path)
    assert _header(tmp_path / "driftredovisning.csv")[:4] == ["id", "rad", "typ", "rad-2"]
    assert validate(tmp_path / "datapackage.json").valid


def test_report_without_tables(report: ReportModel, tmp_path: Path) -> None:
    write_datapackage(dataclasses.replace(report, sections=()), tmp_path / "ny")
    descriptor = json.loads((tmp_path / "ny" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["resources"] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-10326.4", "-10326.4"),
        ("1E+3", "1000"),
        ("0.50", "0.50"),
        ("-0", "0"),
        ("-0.00", "0.00"),
        ("1234567.891", "1234567.891"),
    ],
)
def test_plain_number(value: str, expected: str) -> None:
    assert plain_number(Decimal(value)) == expected


def test_slug_and_resource_name() -> None:
    assert slug("1880-Vuxenutbildnings- och arbetsmarknadsnämnden-Årsberättelse 2020") == (
        "1880-vuxenutbildnings-och-arbetsmarknadsnamnden-arsberattelse-2020"
    )
    assert resource_name("Tabell 4.1: Ekonomi") == "tabell-4.1-ekonomi"
