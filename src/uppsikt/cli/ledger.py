"""The ledger's commands: ``uppsikt import`` (and ``import --remove``) and ``uppsikt generate``.

Registered on the application in cli/main.py; kept apart so that each module stays small.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from uppsikt.cli.output import EXIT_CANNOT_RUN, EXIT_PROBLEMS, err, out, show
from uppsikt.ledger.model import OBJECT_DIMENSIONS
from uppsikt.located.diagnostics import has_errors
from uppsikt.model.economy import Scenario

# The importers and the generator (DuckDB, pyarrow) are imported by the commands that use
# them, so that the rest of the command line starts fast (cli/main.py).


def import_(
    workspace: Annotated[Path, typer.Argument(help="Arbetsytans mapp.")],
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="SIE-, CSV- eller Excelfiler att importera (inte med --remove)."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", help="Källan i import.yaml (CSV/Excel), eller namnet på SIE-källan."
        ),
    ] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="utfall, budget eller prognos (CSV/Excel).")
    ] = None,
    dimensions: Annotated[
        list[str] | None,
        typer.Option(
            "--sie-dimension",
            help="SIE-dimension till huvudbokens objekt, t.ex. 20=verksamhet (standard: "
            "1=ansvar och 6=projekt).",
        ),
    ] = None,
    remove: Annotated[
        str | None,
        typer.Option(
            "--remove",
            help="Ta bort allt som källan förde in i huvudboken (alla år och scenarier), "
            "helt eller inte alls, i stället för att importera.",
        ),
    ] = None,
) -> None:
    """Importera exporter från ekonomisystemet till arbetsytans huvudbok, hel fil eller inget;
    eller ta bort en källas import med --remove KÄLLA."""
    if not workspace.is_dir():
        err.print(f"[bold red]fel[/] Mappen {workspace} finns inte.")
        raise typer.Exit(EXIT_CANNOT_RUN)
    if remove is not None:
        _remove_import(workspace, remove, files or [])
        return
    if not files:
        err.print("[bold red]fel[/] Ange filerna att importera, eller --remove KÄLLA.")
        raise typer.Exit(EXIT_CANNOT_RUN)
    from uppsikt.importers.ledger_import import import_file
    from uppsikt.ledger.periods import describe_periods

    chosen = _scenario(scenario)
    sie_dimensions = _sie_dimensions(dimensions)
    failed = False
    for file in files:
        result = import_file(
            workspace, file, source=source, scenario=chosen, sie_dimensions=sie_dimensions
        )
        show(result.diagnostics)
        if result.summary is None:
            err.print(f"{file}: importen avbröts; huvudboken är oförändrad.", markup=False)
            failed = True
            continue
        for group in result.summary.groups:
            out.print(
                f"{file}: {group.rows} rader, {group.scenario.value} {group.year}, "
                f"perioder {describe_periods(group.periods)}, summa {group.total} kr"
                + (f" (ersatte {group.replaced} rader)" if group.replaced else ""),
                markup=False,
            )
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)


def _remove_import(workspace: Path, source: str, files: list[Path]) -> None:
    """``import --remove SOURCE``: all of the source's rows, or nothing."""
    if files:
        err.print("[bold red]fel[/] Ange inga filer tillsammans med --remove.")
        raise typer.Exit(EXIT_CANNOT_RUN)
    from uppsikt.importers.ledger_import import remove_import

    result = remove_import(workspace, source)
    show(result.diagnostics)
    if has_errors(result.diagnostics):
        err.print("Inget togs bort; huvudboken är oförändrad.", markup=False)
        raise typer.Exit(EXIT_PROBLEMS)
    out.print(f"Källan «{source}»: {result.removed_rows} rader borttagna.", markup=False)
    for record in result.imports:
        out.print(
            f"  kvar: {record.source}, {record.scenario.value} {record.year}, perioder "
            f"{record.period_from}–{record.period_to}, {record.rows} rader",
            markup=False,
        )


def _scenario(text: str | None) -> Scenario | None:
    if text is None:
        return None
    known = {s.value: s for s in (Scenario.OUTCOME, Scenario.BUDGET, Scenario.FORECAST)}
    if text not in known:
        err.print(f"[bold red]fel[/] Okänt scenario «{text}»; använd utfall, budget eller prognos.")
        raise typer.Exit(EXIT_CANNOT_RUN)
    return known[text]


def _sie_dimensions(texts: list[str] | None) -> dict[int, str]:
    if not texts:
        from uppsikt.importers.sie.reader import DEFAULT_DIMENSIONS

        return dict(DEFAULT_DIMENSIONS)
    found: dict[int, str] = {}
    for text in texts:
        number, _, field = text.partition("=")
        if not number.isdigit() or field not in OBJECT_DIMENSIONS:
            err.print(
                f"[bold red]fel[/] «{text}»: skriv t.ex. 20=verksamhet "
                f"(objekt: {', '.join(OBJECT_DIMENSIONS)})."
            )
            raise typer.Exit(EXIT_CANNOT_RUN)
        found[int(number)] = field
    return found


def generate(
    directory: Annotated[
        Path | None, typer.Argument(help="Mappen filerna skrivs till (inte med --kommun).")
    ] = None,
    rows: Annotated[int, typer.Option("--rows", help="Antal rader i huvudboken.")] = 100_000,
    seed: Annotated[int, typer.Option("--seed", help="Samma frö ger samma filer.")] = 1,
    kommun: Annotated[
        Path | None,
        typer.Option(
            "--kommun",
            help="Skriv i stället en hel kommuns arbetsyta i mappen: organisation, huvudbok "
            "importerad till ekonomi.duckdb, KF:s mål och en rapport per nämnd under rapporter/.",
        ),
    ] = None,
    namnder: Annotated[
        int, typer.Option("--namnder", help="Antal nämnder (med --kommun; minst 4).")
    ] = 15,
    units: Annotated[
        int, typer.Option("--units", help="Antal enheter i förvaltningarna (med --kommun).")
    ] = 300,
) -> None:
    """Skriv en syntetisk huvudbok och budget för en påhittad kommun (SIE 4E och Parquet), eller
    med --kommun en hel kommuns arbetsyta med rapporter."""
    if (directory is None) == (kommun is None):
        err.print("[bold red]fel[/] Ange antingen en mapp eller --kommun MAPP.")
        raise typer.Exit(EXIT_CANNOT_RUN)
    if kommun is not None:
        _generate_kommun(kommun, rows=rows, seed=seed, namnder=namnder, units=units)
        return
    assert directory is not None
    from uppsikt.synthetic.generate import generate as generate_ledger

    generated = generate_ledger(directory, rows=rows, seed=seed)
    out.print(f"{generated.rows} rader för {generated.year} i {directory}:", markup=False)
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        out.print(f"  {path}", markup=False)


def _generate_kommun(folder: Path, *, rows: int, seed: int, namnder: int, units: int) -> None:
    from uppsikt.synthetic.workspace import KommunFolderInUse, generate_kommun

    if namnder < 4 or units < namnder - 2 or rows < 0:
        err.print(
            "[bold red]fel[/] Kommunen behöver minst 4 nämnder (KS, REV, VAL och en till), "
            "minst en enhet per förvaltning (--units minst --namnder − 2) och --rows ≥ 0."
        )
        raise typer.Exit(EXIT_CANNOT_RUN)
    try:
        generated = generate_kommun(folder, rows=rows, seed=seed, namnder=namnder, units=units)
    except KommunFolderInUse:
        err.print(
            f"[bold red]fel[/] Mappen {folder} innehåller annat än en genererad kommun; "
            "ange en tom mapp."
        )
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    scaled = generated.scaled
    count = sum(len(scaled.units_of(board.code)) for board in scaled.boards)
    out.print(
        f"{scaled.municipality.name} i {folder}: {len(scaled.boards) - 1} nämnder, en "
        f"finansförvaltning, {count} enheter, {rows} rader för "
        f"{generated.ledger.year} i ekonomi.duckdb, {len(generated.reports)} rapporter:",
        markup=False,
    )
    for spec in generated.reports:
        out.print(f"  rapporter/{spec.folder} ({spec.kind}, omfattning {spec.scope})", markup=False)
