"""A kommun workspace made from the bundled example for the web tests: the example's shared
files at the top, its report in ``rapporter/van-2020/`` and, when asked for, a second nämnd
(code B, with no money) in the organisation and its report in ``rapporter/b-2020/``. The
example's report then covers the whole kommun (``omfattning: kommun``: its facts have no unit,
which only a report of the whole kommun may have) and reads without errors; B's report has
errors, which is all the same to the tests of who may do what."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from kommun_files import add_namnd
from uppsikt.examples import bundled_example

REPORT_FILES = ("uppsikt.yaml", "text", "mal.yaml", "tabeller.yaml", "kontroller.yaml")
"""What a report folder takes from the example (as tests/test_kommun_workspace.py)."""


def kommun_folder(target: Path, second: bool = True) -> Path:
    """The example as a kommun workspace in ``target``."""
    shutil.copytree(bundled_example(), target)
    report = target / "rapporter" / "van-2020"
    report.mkdir(parents=True)
    for name in REPORT_FILES:
        shutil.move(target / name, report / name)
    settings = report / "uppsikt.yaml"
    if second:
        add_namnd(target / "organisation.yaml", "Testkommun", "{kod: B, namn: Nämnd B}")
        text = settings.read_text(encoding="utf-8")
        settings.write_text(text + "omfattning: kommun\n", encoding="utf-8")
        other = target / "rapporter" / "b-2020"
        shutil.copytree(report, other)
        (other / "uppsikt.yaml").write_text(
            text.replace("nämnd_kort: VAN", "nämnd_kort: B") + "omfattning: B\n",
            encoding="utf-8",
        )
    return target


def zipped(folder: Path, top: str = "kommun") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()
