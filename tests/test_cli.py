"""The command line as a user meets it: exit codes, messages, and what lands on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from uppsikt.cli.main import app
from uppsikt.ledger.model import STORE_FILE

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


COMMANDS = (
    "demo",
    "init",
    "build",
    "check",
    "import",
    "generate",
    "new-year",
    "serve",
    "manage",
    "version",
)


def test_every_command_has_help() -> None:
    assert set(typer.main.get_command(app).commands) == set(COMMANDS)  # type: ignore[attr-defined]
    for command in COMMANDS:
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Usage" in result.output


def _documented(command: str) -> str:
    """The section of docs/cli.md on ``uppsikt COMMAND``."""
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    _, _, rest = text.partition(f"## `uppsikt {command}")
    assert rest, f"docs/cli.md has no section on uppsikt {command}"
    return rest.split("\n## ", maxsplit=1)[0]


def test_every_option_is_english_and_documented() -> None:
    """Options in one language, as the commands are (the help texts stay Swedish), and each
    listed in docs/cli.md under its command."""
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        section = _documented(name)
        for param in command.params:
            for option in (*param.opts, *param.secondary_opts):
                if not option.startswith("-") or option == "--help":
                    continue
                assert option.isascii(), f"uppsikt {name} {option}"
                assert f"`{option}`" in section, f"uppsikt {name} {option} not in docs/cli.md"


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, check=False
    )


def test_version_is_answered_before_typer_loads() -> None:
    """`uppsikt version` prints what the Typer command prints, without loading Typer."""
    started = _python(
        "-c",
        "import sys; sys.argv = ['uppsikt', 'version']\n"
        "from uppsikt.cli.start import main; main()\n"
        "print(sorted(m for m in ('typer', 'rich') if m in sys.modules))",
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout == runner.invoke(app, ["version"]).stdout + "[]\n"


HEAVY = ("ibis", "pyarrow", "duckdb", "pandas", "django", "docx", "xlsxwriter", "typst")


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    """Building the application (what --help does) loads none of the pipeline's libraries, nor
    the pipeline itself: each command imports them when it runs (a fast start)."""
    started = _python(
        "-c",
        "import sys, typer\n"
        "from uppsikt.cli.main import app\n"
        "typer.main.get_command(app)\n"
        "loaded = ('uppsikt.pipeline', 'uppsikt.loading', 'uppsikt.web', *sys.argv[1:])\n"
        "print(sorted(m for m in loaded if m in sys.modules))",
        *HEAVY,
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout == "[]\n"


def test_check_of_a_workspace_without_a_ledger_loads_no_ledger_libraries() -> None:
    """DuckDB, Ibis and pyarrow only for a workspace with a ledger (ledger/facts.py)."""
    example = REPO / "examples" / "orebro-van-2020"
    assert not (example / STORE_FILE).exists()
    started = _python(
        "-c",
        "import sys, pathlib\n"
        "from uppsikt.pipeline import load_report\n"
        f"load_report(pathlib.Path({str(example)!r}))\n"
        "print(sorted(m for m in ('ibis', 'pyarrow', 'duckdb', 'pandas') if m in sys.modules))",
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout == "[]\n"


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
