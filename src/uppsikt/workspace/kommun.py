"""A kommun workspace: the municipality's shared files at the top, each report in its folder.

```
kommun/                      the municipality, once
  organisation.yaml          every nämnd, förvaltning and unit (several tops)
  dimensioner.yaml, mappning.yaml, import.yaml, ekonomi.duckdb, ekonomi/*.csv
  mal.yaml                   KF's målområden and goals
  indikatorer.yaml, indikatorvarden.csv    indicators shared by every report
  tabeller.yaml, intraprenader.yaml, kontroller.yaml   defaults for every report
  rapporter/
    van-2020/                one report: a workspace of its own files
      uppsikt.yaml           which nämnd(er), which report, which year
      text/*.md              its texts
      mal.yaml, tabeller.yaml …   its own version of a default file, when it has one
      indikatorer.yaml, indikatorvarden.csv   its own indicators and values, added to the shared
```

A report folder is read as a workspace: a file it holds is its own; a file it lacks is the
kommun's. The organisation, the dimensions, the mapping and the economic facts exist once, in
the kommun's folder: a report folder may not hold them. Indicators and indicator values are
the kommun's and the report's together. A workspace that is not inside a kommun's `rapporter/`
folder is read exactly as before: a kommun with one report.

A report may name the year's verksamhetsplan (``plan: bun-plan-2025``, another folder of
``rapporter/``): a file of PLANNED it lacks is then the plan's before it is the kommun's, and
the plan's indicators and values are read with the kommun's and the report's (workspace/plan.py).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from uppsikt.located.diagnostics import Diagnostic

REPORTS_FOLDER = "rapporter"
"""The folder of a kommun workspace that holds one folder per report."""
SETTINGS_FILE = "uppsikt.yaml"
KOMMUN_MARK = "organisation.yaml"
"""A kommun's folder holds its organisation; a report folder never does."""

SHARED_ONLY = (
    "organisation.yaml",
    "dimensioner.yaml",
    "mappning.yaml",
    "import.yaml",
    "ekonomi.duckdb",
    "ekonomi",
)
"""What exists once for the municipality: never in a report folder of a kommun."""
COMBINED = ("indikatorer.yaml", "indikatorvarden.csv")
"""The kommun's and the report's together (and the plan's, for a report with a plan)."""
PLANNED = ("mal.yaml", "indikatorer.yaml", "indikatorvarden.csv", "tabeller.yaml",
           "intraprenader.yaml")  # fmt: skip
"""What a report with a plan (``plan`` in uppsikt.yaml) reads from the plan's folder where it
has none of its own: the year's goals, indicators and their history, tables, intraprenader."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a report's files are: its own folder, and the kommun's when it is in one."""

    root: Path
    """The report's folder (the workspace as given)."""
    kommun: Path | None = None
    """The kommun's folder, when ``root`` is one of its reports."""
    plan: Path | None = None
    """The folder of the year's verksamhetsplan the report names (``plan``), once checked."""

    @classmethod
    def of(cls, root: Path) -> Place:
        parent = root.parent
        if parent.name == REPORTS_FOLDER and (parent.parent / KOMMUN_MARK).is_file():
            return cls(root, parent.parent)
        return cls(root)

    def own(self, rel: str) -> Path:
        return self.root / rel

    def shared(self, rel: str) -> Path | None:
        """The kommun's file ``rel``; None outside a kommun."""
        return None if self.kommun is None else self.kommun / rel

    def locate(self, rel: str) -> tuple[Path, str]:
        """The file ``rel`` as the report sees it, and its name in messages: the report's own
        when it has one (or is no kommun's report), else the kommun's, named from the report's
        folder (``../../tabeller.yaml``), so that every name opens from the same place."""
        own = self.own(rel)
        if rel in SHARED_ONLY and self.kommun is not None:
            return self.kommun / rel, self.shown_shared(rel)
        planned = self.planned(rel)
        if not own.exists() and planned is not None and planned.exists():
            return planned, self.shown_planned(rel)
        shared = self.shared(rel)
        if own.exists() or shared is None or not shared.exists():
            return own, rel
        return shared, self.shown_shared(rel)

    def shown_shared(self, rel: str) -> str:
        return posixpath.join("..", "..", rel)

    def planned(self, rel: str) -> Path | None:
        """The plan's file ``rel``; None without a plan or for a file a plan does not give."""
        return None if self.plan is None or rel not in PLANNED else self.plan / rel

    def shown_planned(self, rel: str) -> str:
        """A plan's file named from the report's folder: ``../bun-plan-2025/mal.yaml``."""
        name = "" if self.plan is None else self.plan.name
        return posixpath.join("..", name, rel)

    def shared_diagnostics(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Diagnostics of the kommun's files (the ledger's), named from the report's folder."""
        if self.kommun is None:
            return list(diagnostics)
        return [
            d
            if d.location.file is None
            else replace(d, location=replace(d.location, file=self.shown_shared(d.location.file)))
            for d in diagnostics
        ]

    @property
    def data_root(self) -> Path:
        """The folder of the organisation, the ledger and the economic facts."""
        return self.kommun or self.root


def report_folders(kommun: Path) -> tuple[Path, ...]:
    """The report folders of a kommun workspace, by name; empty for a one-report workspace."""
    folder = kommun / REPORTS_FOLDER
    if not folder.is_dir() or not (kommun / KOMMUN_MARK).is_file():
        return ()
    return tuple(
        sorted(p for p in folder.iterdir() if p.is_dir() and (p / SETTINGS_FILE).is_file())
    )


def is_kommun(folder: Path) -> bool:
    """A kommun workspace: its reports in ``rapporter/``, no report of its own at the top."""
    return not (folder / SETTINGS_FILE).exists() and bool(report_folders(folder))


def kommun_name(report: Path, file: str) -> str:
    """A file named from a report's folder (``text/a.md``, ``../../mal.yaml``), named from the
    kommun's folder instead (``rapporter/ks/text/a.md``, ``mal.yaml``)."""
    return posixpath.normpath(posixpath.join(REPORTS_FOLDER, report.name, file))
