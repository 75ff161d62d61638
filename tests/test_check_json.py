"""`uppsikt check --format json`: diagnostics for programs, with the same exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from uppsikt.checks import RULES, RuleInfo
from uppsikt.cli.main import app

runner = CliRunner()
LOCATION_KEYS = ["file", "line", "column", "field", "place"]


def _workspace(tmp_path: Path) -> Path:
    workspace = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(workspace)]).exit_code == 0
    return workspace


def _broken(tmp_path: Path) -> Path:
    workspace = _workspace(tmp_path)
    values = workspace / "indikatorvarden.csv"
    values.write_text(values.read_text(encoding="utf-8") + "okand;tot;2025;1;;;\n", "utf-8")
    drift = workspace / "ekonomi" / "drift.csv"
    drift.write_text(drift.read_text(encoding="utf-8").replace("-8 100", "åtta"), "utf-8")
    return workspace


def test_a_clean_workspace_gives_an_empty_list_and_exit_0(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(_workspace(tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "diagnostics": [],
        "summary": {"errors": 0, "warnings": 0, "notes": 0},
    }
    assert result.stderr == ""


def test_errors_are_listed_with_their_locations_and_exit_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(_broken(tmp_path)), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data) == ["diagnostics", "summary"]
    assert data["summary"] == {"errors": 2, "warnings": 0, "notes": 0}
    for item in data["diagnostics"]:
        assert list(item) == ["code", "severity", "message", "hint", "location"]
        assert list(item["location"]) == LOCATION_KEYS
    by_code = {d["code"]: d for d in data["diagnostics"]}
    assert by_code["UPP123"]["severity"] == "error"
    assert by_code["UPP123"]["location"] == {
        "file": "ekonomi/drift.csv",
        "line": 12,
        "column": None,
        "field": "belopp",
        "place": None,
    }
    assert "«åtta»" in by_code["UPP123"]["message"]
    assert by_code["UPP123"]["hint"]
    assert by_code["UPP200"]["location"]["file"] == "indikatorvarden.csv"
    assert by_code["UPP200"]["location"]["line"] == 12
    # Nothing for people on stderr in JSON mode.
    assert result.stderr == ""


def test_a_warning_gives_exit_0(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    values = workspace / "indikatorvarden.csv"
    lines = values.read_text(encoding="utf-8").splitlines()
    values.write_text("\n".join(x for x in lines if ";M;2024;" not in x) + "\n", "utf-8")
    result = runner.invoke(app, ["check", str(workspace), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"] == {"errors": 0, "warnings": 1, "notes": 0}
    (item,) = data["diagnostics"]
    assert (item["code"], item["severity"]) == ("UPP402", "warning")
    assert item["location"]["file"] == "indikatorvarden.csv"
    assert item["location"]["place"].startswith("indikator ")


def test_a_missing_folder_cannot_run_also_in_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nowhere"), "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert list(data) == ["error"]
    assert "finns inte" in data["error"]


def test_an_unknown_format_cannot_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(_workspace(tmp_path)), "--format", "xml"])
    assert result.exit_code == 2
    assert "Okänt format" in result.output


def test_human_output_is_unchanged_by_default(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(_broken(tmp_path))])
    assert result.exit_code == 1
    assert "ekonomi/drift.csv:12, fält «belopp»: fel [UPP123]" in result.output
    assert not result.stdout.lstrip().startswith("{")


def test_json_is_utf8_whatever_the_terminal_encoding(tmp_path: Path) -> None:
    workspace = _broken(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    done = subprocess.run(
        [sys.executable, "-m", "uppsikt", "check", str(workspace), "--format", "json"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout.decode("utf-8"))
    assert any("«åtta»" in d["message"] for d in data["diagnostics"])


def test_every_rule_has_a_name_and_a_swedish_description() -> None:
    assert isinstance(RULES, tuple)
    names = [rule.name for rule in RULES]
    assert len(set(names)) == len(names)
    for rule in RULES:
        assert isinstance(rule, RuleInfo)
        assert rule.name == rule.name.lower()
        assert " " not in rule.name
        assert rule.description.endswith(".")
        assert callable(rule.check)
