"""The command line as a user meets it: exit codes, messages, and what lands on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from uppsikt.cli.main import app

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]


def test_demo_writes_html_and_data_package(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    assert (out / "data" / "datapackage.json").is_file()
    assert "index.html" in result.output


def test_init_then_check_and_build(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(workspace)]).exit_code == 0
    assert (workspace / "uppsikt.yaml").is_file()
    checked = runner.invoke(app, ["check", str(workspace)])
    assert checked.exit_code == 0, checked.output
    built = runner.invoke(app, ["build", str(workspace), "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Exempelnämnden" in html


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "something.txt").write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert (tmp_path / "something.txt").read_text(encoding="utf-8") == "keep me"


def test_check_of_a_missing_folder_cannot_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "finns inte" in result.output


def _broken_workspace(tmp_path: Path) -> Path:
    workspace = tmp_path / "ws"
    runner.invoke(app, ["init", str(workspace)])
    values = workspace / "indikatorvarden.csv"
    values.write_text(values.read_text(encoding="utf-8") + "okand;tot;2025;1;;;\n", "utf-8")
    drift = workspace / "ekonomi" / "drift.csv"
    drift.write_text(drift.read_text(encoding="utf-8").replace("-8 100", "åtta"), "utf-8")
    return workspace


def test_check_lists_every_problem_with_its_location(tmp_path: Path) -> None:
    workspace = _broken_workspace(tmp_path)
    result = runner.invoke(app, ["check", str(workspace)])
    assert result.exit_code == 1
    assert "indikatorvarden.csv:12: fel [UPP200]" in result.output
    assert "ekonomi/drift.csv:12, fält «belopp»: fel [UPP123]" in result.output
    assert "2 fel" in result.output


def test_failed_build_writes_nothing_and_keeps_the_old_report(tmp_path: Path) -> None:
    workspace = _broken_workspace(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("previous report", encoding="utf-8")
    result = runner.invoke(app, ["build", str(workspace), "--out", str(out)])
    assert result.exit_code == 1
    assert "inget skrevs" in result.output
    assert (out / "index.html").read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_rebuild_replaces_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.txt").write_text("old", encoding="utf-8")
    assert runner.invoke(app, ["demo", str(out)]).exit_code == 0
    assert not (out / "stale.txt").exists()
    assert (out / "index.html").is_file()


def test_every_command_has_help() -> None:
    for command in ("demo", "init", "build", "check", "version"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Usage" in result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to list tracked files")
def test_example_builds_from_a_clean_checkout(tmp_path: Path) -> None:
    """Only the files that belong in the repository are needed (tracked, or new and not
    ignored): copy them alone and build the example there."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    checkout = tmp_path / "checkout"
    for name in listed.stdout.decode().split("\0"):
        if name and (REPO / name).is_file():
            target = checkout / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target)
    env = {**os.environ, "PYTHONPATH": str(checkout / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "uppsikt", "demo", str(tmp_path / "out")],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert str(checkout / "examples" / "orebro-van-2020") in result.stdout
    assert (tmp_path / "out" / "data" / "enheter.csv").is_file()
