"""`uppsikt new-year`: the next plan year started from the current one.

A report workspace, or a whole kommun workspace, is copied into a new folder with its
structure (organisation, dimensions, mapping, goals, indicators with their whole series,
tables) and everything that belongs to the year that ended taken out: the year's texts, the
nämnd's own assessments, the decision date, and the accepted findings of ``kontroller.yaml``
but those about indicator values (the values stay in the series).
`år` moves one year on, and a report folder named for the year (``bun-2025``) is renamed.

Outcome is never copied as plan: the economic facts stay as they are (last year's outcome is
the new report's previous year) and no budget or forecast is written for the new year. A
target of the old year that the new year lacks is carried over, marked ``# granska`` in the
file and listed for review.

Everything is written to a temporary folder beside the target, then renamed: all or nothing.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from uppsikt.located.diagnostics import Diagnostic
from uppsikt.located.sink import Sink
from uppsikt.located.userfile import read_user_text
from uppsikt.located.yamlbounds import bounded_yaml
from uppsikt.located.yamlfile import load_yaml
from uppsikt.workspace.budget_changes import BUDGET_CHANGES_FILE
from uppsikt.workspace.kommun import SETTINGS_FILE, Place, is_kommun, report_folders
from uppsikt.workspace.new_year_changes import CHANGES, Review, Turn, keep_accepted
from uppsikt.workspace.texts import TEXT_FOLDER

ACCEPTED = "kontroller.yaml"
"""Accepted findings: only those about indicator values are carried (new_year_changes)."""
_HEADING = re.compile(r"^#{1,6}\s")


class NewYearError(Exception):
    """The new year could not be started; nothing was written."""

    def __init__(
        self, message: str, hint: str = "", diagnostics: tuple[Diagnostic, ...] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.diagnostics = diagnostics


@dataclass(frozen=True, slots=True)
class NewYear:
    """What `new_year` wrote."""

    target: Path
    old_year: int
    new_year: int
    reports: tuple[tuple[str, str], ...]
    """Each report folder, as it was and as it is in the new workspace (``.`` for one)."""
    copied: tuple[str, ...]
    """Files carried as they are (structure, economic facts, indicator values …)."""
    reset: tuple[str, ...]
    """Files carried with the year's texts emptied or its settings moved on."""
    left_out: tuple[str, ...]
    """Files not carried."""
    reviews: tuple[Review, ...]


@dataclass(slots=True)
class _Run:
    turn: Turn
    copied: list[str] = field(default_factory=list)
    reset: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def new_year(source: Path, target: Path) -> NewYear:
    """Start the year after ``source``'s in the new folder ``target``.

    Raises :class:`NewYearError` (in Swedish) when ``target`` exists, ``source`` is no
    workspace, or a file to carry cannot be read; nothing is written then.
    """
    if target.exists() or target.is_symlink():
        raise NewYearError(
            f"Mappen {target} finns redan; nästa år skrivs aldrig över en befintlig mapp.",
            "Ange en ny mapp, t.ex. med det nya året i namnet.",
        )
    if not source.is_dir():
        raise NewYearError(f"Arbetsytan {source} finns inte.", "Ange arbetsytans mapp.")
    if Place.of(source).kommun is not None:
        raise NewYearError(
            f"{source} är en rapport i en kommuns arbetsyta.",
            "Starta nästa år för hela kommunen: ange kommunens mapp.",
        )
    kommun = is_kommun(source)
    roots = report_folders(source) if kommun else (source,)
    if not kommun and not (source / SETTINGS_FILE).is_file():
        raise NewYearError(
            f"{source} är ingen arbetsyta: {SETTINGS_FILE} saknas.",
            "Ange mappen som har uppsikt.yaml, eller en kommuns mapp med rapporter/.",
        )
    if target.resolve().is_relative_to(source.resolve()):
        raise NewYearError(
            f"Mappen {target} ligger i arbetsytan {source}.",
            "Lägg nästa års arbetsyta bredvid den här, inte i den.",
        )
    old = _old_year(source, roots)
    run = _Run(Turn(old, old + 1))
    renamed = {root: _renamed(root, source, run) for root in roots}
    if len(set(renamed.values())) < len(renamed):
        raise NewYearError(
            f"Rapportmapparna får samma namn när {old} byts mot {old + 1}.",
            "Byt namn på rapportmapparna så att varje namn blir unikt även nästa år.",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _copy_tree(source, scratch, renamed, run)
        if run.problems:
            raise NewYearError(
                "Filerna nedan går inte att läsa; inget skrevs.",
                "Rätta felen (uppsikt check visar dem) och försök igen.",
                tuple(run.problems),
            )
        if target.exists():
            raise NewYearError(f"Mappen {target} skapades under tiden; inget skrevs.")
        scratch.rename(target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return NewYear(
        target=target,
        old_year=old,
        new_year=old + 1,
        reports=tuple(
            (_rel(root, source) or ".", renamed[root] or ".") for root in sorted(renamed)
        ),
        copied=tuple(run.copied),
        reset=tuple(run.reset),
        left_out=tuple(run.left_out),
        reviews=tuple(run.turn.reviews),
    )


def _rel(path: Path, base: Path) -> str:
    rel = path.relative_to(base).as_posix()
    return "" if rel == "." else rel


def _old_year(source: Path, roots: tuple[Path, ...]) -> int:
    years: dict[int, list[str]] = {}
    for root in roots:
        rel = _rel(root / SETTINGS_FILE, source)
        problems: list[Diagnostic] = []
        data = _load(root / SETTINGS_FILE, rel, problems)
        if problems:
            raise NewYearError(
                f"{rel} går inte att läsa; inget skrevs.",
                "Rätta felen (uppsikt check visar dem) och försök igen.",
                tuple(problems),
            )
        year = data.get("år") if isinstance(data, dict) else None
        if not isinstance(year, int) or isinstance(year, bool):
            raise NewYearError(
                f"{rel}: «år» saknas eller är inget årtal.",
                "Skriv rapportens år, t.ex. «år: 2025», och försök igen.",
            )
        years.setdefault(year, []).append(rel)
    if len(years) > 1:
        listed = "; ".join(f"{y}: {', '.join(files)}" for y, files in sorted(years.items()))
        raise NewYearError(
            f"Rapporterna gäller olika år ({listed}).",
            "Ett nytt år startas från rapporter för samma år; flytta de andra först.",
        )
    return next(iter(years))


def _renamed(root: Path, source: Path, run: _Run) -> str:
    """A report folder's path in the new workspace: the old year in its name replaced."""
    rel = _rel(root, source)
    if not rel:
        return ""
    folder, _, name = rel.rpartition("/")
    name = re.sub(rf"(?<!\d){run.turn.old}(?!\d)", str(run.turn.new), name)
    return f"{folder}/{name}" if folder else name


def _copy_tree(source: Path, scratch: Path, renamed: dict[Path, str], run: _Run) -> None:
    roots = {_rel(root, source): new for root, new in renamed.items()}
    inside_source = source.resolve()
    for path in sorted(source.rglob("*")):
        rel = _rel(path, source)
        if any(part.startswith(".") for part in rel.split("/")) or path.is_symlink():
            continue  # hidden folders and caches, and links
        if not path.is_file() or not path.resolve().is_relative_to(inside_source):
            continue  # a file reached through a linked folder
        root = _root_of(rel, roots)
        inside = rel[len(root) + 1 :] if root else rel
        new_rel = f"{roots[root]}/{inside}" if roots.get(root) else inside
        if path.name == ACCEPTED and "/" not in inside:
            text: str | None = _accepted(path, rel, new_rel, run)
            if text is None:
                run.left_out.append(rel)
                continue
        else:
            text = _transformed(path, rel, new_rel, inside, is_report=root in roots, run=run)
        destination = scratch / new_rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            shutil.copy2(path, destination)
            run.copied.append(new_rel)
        else:
            destination.write_text(text, encoding="utf-8")
            run.reset.append(new_rel)


def _root_of(rel: str, roots: dict[str, str]) -> str:
    """The report folder ``rel`` lies in ('' for the top of the workspace)."""
    found = ""
    for root in roots:
        if root and (rel == root or rel.startswith(root + "/")) and len(root) > len(found):
            found = root
    return found


def _transformed(
    path: Path, rel: str, new_rel: str, inside: str, *, is_report: bool, run: _Run
) -> str | None:
    """The new text of a file the new year changes, or None to copy it as it is."""
    parts = inside.split("/")
    if is_report and len(parts) == 2 and parts[0] == TEXT_FOLDER and path.suffix == ".md":
        return _headings_only(path, rel, run)
    if inside == BUDGET_CHANGES_FILE:
        return _header_only(path, rel, new_rel, run)
    if len(parts) != 1:
        return None
    change = CHANGES.get(path.name)
    if change is None or (path.name == SETTINGS_FILE and not is_report):
        return None
    problems = len(run.problems)
    data = _load(path, rel, run.problems)
    if data is None:
        return "" if len(run.problems) > problems else None  # broken, or empty: as it is
    change(data, new_rel, run.turn)
    return _dump(data)


def _headings_only(path: Path, rel: str, run: _Run) -> str:
    """A text reset to its headings, for the new year's words to be written under them."""
    sink = Sink(rel)
    text, clean = read_user_text(path, sink)
    run.problems.extend(sink.diagnostics)
    if text is None or not clean:
        return ""
    headings = [line.rstrip() for line in text.splitlines() if _HEADING.match(line)]
    return "\n\n".join(headings) + "\n" if headings else ""


def _header_only(path: Path, rel: str, new_rel: str, run: _Run) -> str:
    """The budget's changes during the old year left out (the file holds the report year's
    only): the header row stays, for the new year's changes."""
    sink = Sink(rel)
    text, clean = read_user_text(path, sink)
    run.problems.extend(sink.diagnostics)
    if text is None or not clean:
        return ""
    header = next((line for line in text.splitlines() if line and not line.startswith("#")), "")
    run.turn.reviews.append(
        Review(new_rel, f"budgetändringarna {run.turn.old} borttagna; bara rubrikraden är kvar")
    )
    return header + "\n" if header else ""


def _load(path: Path, rel: str, problems: list[Diagnostic]) -> Any:
    """A YAML file parsed for round-trip editing; None after reporting why it cannot be."""
    sink = Sink(rel)
    if load_yaml(path, sink) is None:  # the reader's bounds and messages
        problems.extend(sink.diagnostics)
        return None
    text, _ = read_user_text(path, Sink(rel))
    return _yaml().load(text or "")  # a tree of its own: load_yaml's is shared


def _yaml() -> YAML:
    yaml = bounded_yaml()
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # tillhör: [{åtagande: A}]
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _accepted(path: Path, rel: str, new_rel: str, run: _Run) -> str | None:
    """kontroller.yaml as carried, or None when it is left out."""
    data = _load(path, rel, run.problems)
    return _dump(data) if data is not None and keep_accepted(data, new_rel, run.turn) else None
