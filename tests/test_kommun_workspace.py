"""A kommun workspace: shared files once at the top, each report in `rapporter/<namn>/`.

The bundled example rearranged as a kommun with one report must build exactly as the example
does; a report folder may not hold what exists once for the municipality; `uppsikt build` and
`uppsikt check` on the kommun's folder take every report.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from uppsikt.cli.main import app
from uppsikt.located.diagnostics import Severity
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import BuildResult, build, build_kommun, check_kommun, load_report
from uppsikt.workspace.kommun import is_kommun, report_folders

REPORT_FILES = ("uppsikt.yaml", "text", "mal.yaml", "tabeller.yaml", "kontroller.yaml")
"""What the report folder takes from the example; the rest stays the kommun's."""


def as_kommun(example: Path, target: Path, report: str = "van-2020") -> Path:
    """The example as a kommun workspace with one report: its own files in the report folder."""
    shutil.copytree(example, target)
    folder = target / "rapporter" / report
    folder.mkdir(parents=True)
    for name in REPORT_FILES:
        shutil.move(target / name, folder / name)
    return target


def data_files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((folder / "data").iterdir())}


def test_the_example_as_a_kommun_builds_exactly_as_the_example(
    example: Path, tmp_path: Path, example_build: tuple[Path, BuildResult]
) -> None:
    kommun = as_kommun(example, tmp_path / "kommun")
    assert is_kommun(kommun)
    assert [p.name for p in report_folders(kommun)] == ["van-2020"]
    result = build(
        kommun / "rapporter" / "van-2020", tmp_path / "ut", (OutputFormat.HTML, OutputFormat.DATA)
    )
    assert result.ok, [d.format() for d in result.diagnostics]
    built, _ = example_build
    assert data_files(tmp_path / "ut") == data_files(built)
    assert (tmp_path / "ut" / "index.html").read_text(encoding="utf-8") == (
        built / "index.html"
    ).read_text(encoding="utf-8")


def test_shared_files_are_named_from_the_report_folder(example: Path, tmp_path: Path) -> None:
    """A problem in a shared file is named as the report's folder sees it, and as the kommun's
    folder sees it when the whole kommun is checked."""
    kommun = as_kommun(example, tmp_path / "kommun")
    values = kommun / "indikatorvarden.csv"
    values.write_text(values.read_text(encoding="utf-8") + "finns-inte;;2020;1\n", "utf-8")
    _, diagnostics = load_report(kommun / "rapporter" / "van-2020")
    files = {d.location.file for d in diagnostics if d.severity is Severity.ERROR}
    assert files == {"../../indikatorvarden.csv"}
    files = {d.location.file for d in check_kommun(kommun) if d.severity is Severity.ERROR}
    assert files == {"indikatorvarden.csv"}


@pytest.mark.parametrize("shared", ["organisation.yaml", "ekonomi"])
def test_a_report_folder_may_not_hold_the_kommuns_own_files(
    example: Path, tmp_path: Path, shared: str
) -> None:
    kommun = as_kommun(example, tmp_path / "kommun")
    source = kommun / shared
    target = kommun / "rapporter" / "van-2020" / shared
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copy(source, target)
    report, diagnostics = load_report(kommun / "rapporter" / "van-2020")
    assert report is None
    misplaced = [d for d in diagnostics if d.code == "UPP116"]
    assert [d.location.file for d in misplaced] == [shared]
    assert "kommunens mapp" in misplaced[0].message


def test_the_report_and_the_kommun_indicator_values_are_read_together(
    example: Path, tmp_path: Path, example_build: tuple[Path, BuildResult]
) -> None:
    """Values split between the kommun's file and the report's own give the same report."""
    kommun = as_kommun(example, tmp_path / "kommun")
    lines = (kommun / "indikatorvarden.csv").read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("#")]  # comments stay behind
    header, rows = lines[0], lines[1:]
    half = len(rows) // 2
    (kommun / "indikatorvarden.csv").write_text("\n".join([header, *rows[:half]]) + "\n", "utf-8")
    own = kommun / "rapporter" / "van-2020" / "indikatorvarden.csv"
    own.write_text("\n".join([header, *rows[half:]]) + "\n", "utf-8")
    result = build(kommun / "rapporter" / "van-2020", tmp_path / "ut", (OutputFormat.DATA,))
    assert result.ok, [d.format() for d in result.diagnostics]
    assert data_files(tmp_path / "ut") == data_files(example_build[0])


def test_every_report_of_a_kommun_is_built_or_none(example: Path, tmp_path: Path) -> None:
    kommun = as_kommun(example, tmp_path / "kommun")
    second = kommun / "rapporter" / "van-2020-kopia"
    shutil.copytree(kommun / "rapporter" / "van-2020", second)
    out = tmp_path / "ut"
    result = build_kommun(kommun, out, (OutputFormat.HTML,))
    assert result.ok
    assert sorted(p.name for p in out.iterdir()) == ["van-2020", "van-2020-kopia"]
    assert (out / "van-2020-kopia" / "index.html").is_file()

    (second / "uppsikt.yaml").write_text("år: [\n", encoding="utf-8")
    failed = build_kommun(kommun, out, (OutputFormat.HTML,))
    assert not failed.ok
    assert any(
        d.location.file == "rapporter/van-2020-kopia/uppsikt.yaml" for d in failed.diagnostics
    )
    # the earlier build is untouched, and no staging folder is left behind
    assert sorted(p.name for p in out.iterdir()) == ["van-2020", "van-2020-kopia"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_command_line_builds_and_checks_a_whole_kommun(example: Path, tmp_path: Path) -> None:
    kommun = as_kommun(example, tmp_path / "kommun")
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(kommun)])
    assert checked.exit_code == 0, checked.output
    built = runner.invoke(app, ["build", str(kommun), "--out", str(tmp_path / "ut"), "-f", "html"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "ut" / "van-2020" / "index.html").is_file()


def test_a_check_names_the_file_a_value_came_from(example: Path, tmp_path: Path) -> None:
    """A share over 100 % in the kommun's values is located in the kommun's file."""
    kommun = as_kommun(example, tmp_path / "kommun")
    values = kommun / "indikatorvarden.csv"
    text = values.read_text(encoding="utf-8")
    values.write_text(
        text.replace("betyg-grundlaggande;tot;2019;84;", "betyg-grundlaggande;tot;2019;184;"),
        encoding="utf-8",
    )
    _, diagnostics = load_report(kommun / "rapporter" / "van-2020")
    found = [d for d in diagnostics if "betyg-grundlaggande" in (d.location.place or "")]
    assert found, [d.format() for d in diagnostics]
    assert {d.location.file for d in found} == {"../../indikatorvarden.csv"}
    assert {d.location.line for d in found} == {26}


def split_goals(kommun: Path, report: Path) -> None:
    """The example's mal.yaml split in two: KF's structure in the kommun's file, the nämnd's
    stances, åtaganden, analyses and observations in the report's, naming KF's goals by id."""
    yaml = YAML()
    whole = yaml.load((report / "mal.yaml").read_text(encoding="utf-8"))
    council: dict[str, list[dict[str, object]]] = {"målområden": []}
    own: dict[str, list[dict[str, object]]] = {"målområden": []}
    for area in whole["målområden"]:
        council["målområden"].append(
            {
                "id": area["id"],
                "nummer": area["nummer"],
                "namn": area["namn"],
                "kf_mål": [{"id": g["id"], "text": g["text"]} for g in area.get("kf_mål", [])],
                "inriktningar": [{"text": d["text"]} for d in area.get("inriktningar", [])],
            }
        )
        mine = {k: v for k, v in area.items() if k not in ("nummer", "namn", "kf_mål")}
        mine["kf_mål"] = [{k: v for k, v in g.items() if k != "text"} for g in area["kf_mål"]]
        own["målområden"].append(mine)
    for target, data in ((kommun / "mal.yaml", council), (report / "mal.yaml", own)):
        with target.open("w", encoding="utf-8") as file:
            yaml.dump(data, file)


def test_a_reports_goals_name_kfs_goals_by_id(
    example: Path, tmp_path: Path, example_build: tuple[Path, BuildResult]
) -> None:
    kommun = as_kommun(example, tmp_path / "kommun")
    report = kommun / "rapporter" / "van-2020"
    split_goals(kommun, report)
    own = YAML().load((report / "mal.yaml").read_text(encoding="utf-8"))
    assert all("namn" not in a for a in own["målområden"])
    assert all("text" not in g for a in own["målområden"] for g in a["kf_mål"])
    result = build(report, tmp_path / "ut", (OutputFormat.HTML, OutputFormat.DATA))
    assert result.ok, [d.format() for d in result.diagnostics]
    built, _ = example_build
    assert data_files(tmp_path / "ut") == data_files(built)
    assert (tmp_path / "ut" / "index.html").read_text(encoding="utf-8") == (
        built / "index.html"
    ).read_text(encoding="utf-8")


def test_a_report_must_take_a_stance_on_every_kf_goal_and_name_only_kfs(
    example: Path, tmp_path: Path
) -> None:
    kommun = as_kommun(example, tmp_path / "kommun")
    report = kommun / "rapporter" / "van-2020"
    split_goals(kommun, report)
    yaml = YAML()
    own = yaml.load((report / "mal.yaml").read_text(encoding="utf-8"))
    left_out = own["målområden"][0]["kf_mål"].pop(0)["id"]
    own["målområden"][1]["id"] = "MO-FINNS-INTE"
    with (report / "mal.yaml").open("w", encoding="utf-8") as file:
        yaml.dump(own, file)
    _, diagnostics = load_report(report)
    missing = [d for d in diagnostics if d.code == "UPP118"]
    assert any(left_out in d.message and "«MO1»" in d.message for d in missing)
    assert {d.location.file for d in missing} == {"mal.yaml"}
    unknown = [d for d in diagnostics if d.code == "UPP117"]
    assert ["MO-FINNS-INTE" in d.message for d in unknown] == [True]
    assert unknown[0].location.line is not None
