"""The load object: one read, the later stages on first use and once, from any thread."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from uppsikt import loading
from uppsikt.checks import run_checks
from uppsikt.compute.results import compute
from uppsikt.examples import write_starter_workspace
from uppsikt.loading import LoadedWorkspace
from uppsikt.located.diagnostics import Diagnostic, has_errors, sort_key
from uppsikt.model.settings import OutputFormat
from uppsikt.reports.build.report import build_report
from uppsikt.workspace.reader import read_workspace


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _counted(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count the calls of ``loading.<name>``, which still does its work."""
    calls: list[int] = []
    real: Callable[..., Any] = getattr(loading, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(loading, name, counting)
    return calls


@pytest.fixture
def with_error(tmp_path: Path) -> Path:
    """The starter workspace with views that disagree beyond rounding (UPP401, an error of the
    checks: the workspace itself is read and computed)."""
    workspace = tmp_path / "ws"
    write_starter_workspace(workspace)
    _edit(
        workspace / "ekonomi" / "kontogrupper.csv",
        "2025;utfall;OVR;-7 480",
        "2025;utfall;OVR;-7 490",
    )
    return workspace


def test_the_findings_are_those_of_the_stages_chained(example: Path) -> None:
    loaded = LoadedWorkspace.read(example)
    ws, expected = read_workspace(example)
    assert ws is not None
    computed, found = compute(ws)
    expected += found
    expected += run_checks(ws, computed)
    report, found = build_report(ws, computed)
    expected += found
    expected.sort(key=sort_key)
    assert loaded.workspace == ws
    assert loaded.diagnostics == tuple(expected)
    assert loaded.report() == report


def test_the_stages_run_on_first_use_and_once(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    computing = _counted(monkeypatch, "compute")
    checking = _counted(monkeypatch, "run_checks")
    building = _counted(monkeypatch, "build_report")
    loaded = LoadedWorkspace.read(example)
    assert (computing, checking, building, loaded.checked) == ([], [], [], False)
    assert loaded.computed is loaded.computed
    assert loaded.read_diagnostics == ()
    assert (len(computing), checking, loaded.checked) == (1, [], False)
    assert loaded.report() is loaded.report()
    assert loaded.checked
    assert loaded.diagnostics is loaded.diagnostics
    assert (len(computing), len(checking), len(building)) == (1, 1, 1)


def test_threads_share_one_computation(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checking = _counted(monkeypatch, "run_checks")
    loaded = LoadedWorkspace.read(example)
    start = threading.Barrier(8)
    seen: list[tuple[Diagnostic, ...]] = []

    def ask() -> None:
        start.wait()
        seen.append(loaded.diagnostics)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checking) == 1
    assert len(seen) == 8
    assert all(s is seen[0] for s in seen)


def test_a_reader_that_gives_up_silently_is_a_bug(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "read_workspace", lambda _root, **_: (None, []))
    with pytest.raises(AssertionError, match="no error says why"):
        LoadedWorkspace.read(example)


def test_a_workspace_not_read_has_only_its_reading_errors(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    write_starter_workspace(workspace)
    (workspace / "uppsikt.yaml").write_text("år: [", encoding="utf-8")
    loaded = LoadedWorkspace.read(workspace)
    assert loaded.workspace is None
    assert loaded.computed is None
    assert has_errors(loaded.read_diagnostics)
    assert loaded.diagnostics == loaded.read_diagnostics
    assert loaded.report(allow_errors=True) is None
    result = loaded.publish(tmp_path / "ut")
    assert result.report is None
    assert not (tmp_path / "ut").exists()


def test_errors_give_a_report_only_as_a_draft(with_error: Path, tmp_path: Path) -> None:
    loaded = LoadedWorkspace.read(with_error)
    assert [d.code for d in loaded.diagnostics] == ["UPP401"]
    assert loaded.read_diagnostics == ()
    assert loaded.report() is None
    draft = loaded.report(allow_errors=True)
    assert draft is not None
    assert draft.meta.draft
    refused = loaded.publish(tmp_path / "ut", (OutputFormat.HTML,))
    assert (refused.ok, refused.written) == (False, ())
    assert not (tmp_path / "ut").exists()
    published = loaded.publish(tmp_path / "ut", (OutputFormat.HTML,), allow_errors=True)
    assert published.draft
    assert published.written
    assert all(p.is_file() for p in published.written)


def test_a_reread_of_a_text_equals_a_whole_read(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = LoadedWorkspace.read(example_copy)
    assert before.workspace is not None
    old_lines = before.workspace.lines
    rereads = _counted(monkeypatch, "reread_workspace")
    _edit(example_copy / "text" / "ekonomi.md", "## Årets resultat", "## Resultatet för året")
    _edit(
        example_copy / "indikatorvarden.csv",
        "betyg-grundlaggande;K;2020;86",
        "betyg-grundlaggande;K;2020;87",
    )
    after = before.reread(["text/ekonomi.md", "indikatorvarden.csv"])
    whole = LoadedWorkspace.read(example_copy)
    assert len(rereads) == 1
    assert after.root == before.root
    assert after.workspace is not None
    assert after.workspace == whole.workspace
    assert after.diagnostics == whole.diagnostics
    assert after.workspace != before.workspace
    assert before.workspace.lines is old_lines  # the earlier object is untouched


def test_other_files_and_earlier_errors_are_read_whole(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rereads = _counted(monkeypatch, "reread_workspace")
    loaded = LoadedWorkspace.read(example_copy)
    assert loaded.reread(["mal.yaml"]).workspace == loaded.workspace
    assert loaded.reread([]).workspace == loaded.workspace
    (example_copy / "uppsikt.yaml").write_text("år: [", encoding="utf-8")
    broken = loaded.reread(["uppsikt.yaml"])
    assert broken.workspace is None
    assert broken.reread(["text/ekonomi.md"]).workspace is None
    assert rereads == []


def test_the_records_cannot_be_changed(example: Path) -> None:
    loaded = LoadedWorkspace.read(example)
    ws, computed = loaded.workspace, loaded.computed
    assert ws is not None
    assert computed is not None
    with pytest.raises(TypeError):
        computed.assessments["x"] = computed.assessments[ws.indicators[0].id]  # type: ignore[index]
    with pytest.raises(TypeError):
        ws.lines.indicators["x"] = 1  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ws.lines.values = ()  # type: ignore[misc]
    assert isinstance(ws.lines.values, tuple)
    assert isinstance(ws.lines.facts, tuple)
