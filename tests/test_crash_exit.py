"""A crash is never a user error (issue #10): an exception escaping a command ends with exit
70, a Swedish sentence on standard error, and under ``check --format json`` a JSON object on
standard output; through Typer's runner and through the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from uppsikt import loading, pipeline
from uppsikt.cli import main as cli
from uppsikt.cli import output as cli_output
from uppsikt.cli.crash import EXIT_INTERNAL
from uppsikt.examples import write_starter_workspace

SCRIPT = Path(sys.executable).parent / "uppsikt"
"""The console script installed next to the Python that runs the tests (make test: .venv)."""


def _boom(*_args: object, **_kwargs: object) -> object:
    raise ValueError("internt testfel: något gick sönder")


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    write_starter_workspace(root)
    return root


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pipeline fails internally, as a bug would make it (the commands import the pipeline
    module when they run, and call its functions through it)."""
    monkeypatch.setattr(pipeline, "load_report", _boom)
    monkeypatch.setattr(pipeline, "build", _boom)


def test_exit_codes_are_distinct() -> None:
    assert EXIT_INTERNAL not in (0, cli_output.EXIT_PROBLEMS, cli_output.EXIT_CANNOT_RUN)


@pytest.mark.usefixtures("broken")
def test_check_crash_exits_70_with_a_swedish_sentence(starter: Path) -> None:
    result = CliRunner().invoke(cli.app, ["check", str(starter)])
    assert result.exit_code == EXIT_INTERNAL
    assert "Internt fel i uppsikt (ValueError: internt testfel" in result.stderr
    assert "inte i arbetsytan" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.usefixtures("broken")
def test_check_json_crash_prints_an_object(starter: Path) -> None:
    result = CliRunner().invoke(cli.app, ["check", str(starter), "--format", "json"])
    assert result.exit_code == EXIT_INTERNAL
    data = json.loads(result.stdout)
    assert data == {
        "internal_error": {"type": "ValueError", "message": "internt testfel: något gick sönder"}
    }


@pytest.mark.usefixtures("broken")
def test_build_crash_exits_70(starter: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.app, ["build", str(starter), "--out", str(tmp_path / "ut")])
    assert result.exit_code == EXIT_INTERNAL
    assert "Internt fel" in result.stderr
    assert not (tmp_path / "ut").exists()


def test_a_crash_deep_in_the_pipeline(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only the command's own call: a function the pipeline calls raises."""
    monkeypatch.setattr(loading, "run_checks", _boom)
    result = CliRunner().invoke(cli.app, ["check", str(starter), "-f", "json"])
    assert result.exit_code == EXIT_INTERNAL
    assert json.loads(result.stdout)["internal_error"]["type"] == "ValueError"


@pytest.mark.usefixtures("broken")
def test_debug_shows_the_traceback(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPPSIKT_DEBUG", "1")
    result = CliRunner().invoke(cli.app, ["check", str(starter)])
    assert result.exit_code == EXIT_INTERNAL
    assert "Traceback" in result.stderr


def test_user_errors_keep_their_codes(starter: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli.app, ["check", str(starter)]).exit_code == 0
    assert runner.invoke(cli.app, ["check", str(tmp_path / "finns-inte")]).exit_code == 2
    (starter / "uppsikt.yaml").write_text("år: [", encoding="utf-8")
    assert runner.invoke(cli.app, ["check", str(starter)]).exit_code == 1


_CRASHING = """
import sys
from uppsikt import pipeline
from uppsikt.cli import main as cli
def boom(*args, **kwargs):
    raise RuntimeError("internt testfel")

pipeline.load_report = boom
sys.argv = ["uppsikt", *sys.argv[1:]]
sys.exit(cli.app())
"""


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


def test_console_script_crash_through_a_subprocess(starter: Path, tmp_path: Path) -> None:
    """The installed script runs the Typer app (pyproject's [project.scripts]); a crash in it,
    forced through sitecustomize in a subprocess, ends with 70 and JSON on stdout."""
    assert SCRIPT.exists()
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import uppsikt.pipeline as p\n"
        "def boom(*a, **k):\n"
        "    raise RuntimeError('internt testfel')\n"
        "p.load_report = boom\n",
        encoding="utf-8",
    )
    path = os.pathsep.join(p for p in (str(hook), os.environ.get("PYTHONPATH")) if p)
    result = _run([str(SCRIPT), "check", str(starter), "--format", "json"], PYTHONPATH=path)
    assert result.returncode == EXIT_INTERNAL, result.stderr
    assert json.loads(result.stdout) == {
        "internal_error": {"type": "RuntimeError", "message": "internt testfel"}
    }
    assert "Internt fel i uppsikt (RuntimeError: internt testfel)" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_same_app_as_a_module_process(starter: Path) -> None:
    result = _run([sys.executable, "-c", _CRASHING, "check", str(starter)])
    assert result.returncode == EXIT_INTERNAL, result.stderr
    assert "Internt fel" in result.stderr
    ok = _run([str(SCRIPT), "check", str(starter)])
    assert ok.returncode == 0, ok.stderr
