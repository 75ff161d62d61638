"""The command line: uppsikt demo | init | build | check | import | generate | new-year | serve.

Exit codes: 0 = done (no errors), 1 = the workspace has problems (all are listed),
2 = could not run (e.g. the folder does not exist), 70 = an internal error, a bug in uppsikt
(uppsikt.cli.crash; never one of the others).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from uppsikt import __version__
from uppsikt.cli import ledger as cli_ledger
from uppsikt.cli import new_year as cli_new_year
from uppsikt.cli.crash import CrashGuard, want_json
from uppsikt.cli.output import (
    EXIT_CANNOT_RUN,
    EXIT_PROBLEMS,
    diagnostics_json,
    err,
    out,
    print_json,
    show,
)
from uppsikt.located.diagnostics import Severity, WorkspaceNotFoundError, has_errors
from uppsikt.model.settings import OutputFormat

# A fast start: `uppsikt version` and `--help` load no more than Typer and Rich. Each command
# imports the pipeline (Ibis, DuckDB, pyarrow, the renderers) and the web layer (Django) when
# it runs; the layers (docs/architecture.md) keep the core from importing the web layer.

app = typer.Typer(
    name="uppsikt",
    help="Nämndens årsberättelse som en byggprodukt av data.",
    no_args_is_help=True,
    add_completion=False,
    cls=CrashGuard,  # an exception escaping a command: exit 70, never 1 (uppsikt.cli.crash)
)


def _formats(text: str | None) -> tuple[OutputFormat, ...] | None:
    if not text:
        return None
    known = {f.value: f for f in OutputFormat}
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        err.print(f"[bold red]fel[/] Okänt format: {', '.join(unknown)}.", markup=True)
        err.print(f"Använd några av: {', '.join(known)}, åtskilda med kommatecken.")
        raise typer.Exit(EXIT_CANNOT_RUN)
    return tuple(known[n] for n in names)


def _build(
    workspace: Path, target: Path, formats: str | None = None, *, allow_errors: bool = False
) -> None:
    from uppsikt import pipeline
    from uppsikt.workspace.kommun import is_kommun

    selected = _formats(formats)
    if is_kommun(workspace):
        _build_kommun(workspace, target, selected, allow_errors=allow_errors)
        return
    try:
        result = pipeline.build(workspace, target, selected, allow_errors=allow_errors)
    except WorkspaceNotFoundError as exc:
        err.print(f"[bold red]fel[/] {exc}")
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    show(result.diagnostics)
    if not result.ok and not result.draft:
        err.print(
            "Rapporten byggdes inte; inget skrevs i utmappen. Rätta felen ovan och försök igen"
            + (
                "; fel i filerna hindrar även ett utkast."
                if allow_errors
                else ", eller bygg ett utkast med --allow-errors."
            )
        )
        raise typer.Exit(EXIT_PROBLEMS)
    if result.draft:
        err.print(
            "[bold red]Utkast:[/] rapporten byggdes trots felen ovan och är märkt "
            "«UTKAST – innehåller fel». Publicera den inte."
        )
    out.print(f"Rapporten är byggd i [bold]{target}[/]:")
    for path in result.written:
        out.print(f"  {path}", markup=False)


def _build_kommun(
    kommun: Path,
    target: Path,
    selected: tuple[OutputFormat, ...] | None,
    *,
    allow_errors: bool,
) -> None:
    """Every report of a kommun workspace, each into its own folder of ``target``."""
    from uppsikt import pipeline

    result = pipeline.build_kommun(kommun, target, selected, allow_errors=allow_errors)
    show(result.diagnostics)
    failed = [name for name, report in result.reports if report.report is None]
    if failed:
        err.print(
            f"Rapporterna byggdes inte ({', '.join(failed)} har fel); inget skrevs i utmappen. "
            "Rätta felen ovan och försök igen"
            + ("." if allow_errors else ", eller bygg utkast med --allow-errors.")
        )
        raise typer.Exit(EXIT_PROBLEMS)
    if result.draft:
        err.print("[bold red]Utkast:[/] rapporter med fel är märkta «UTKAST – innehåller fel».")
    out.print(f"{len(result.reports)} rapporter är byggda i [bold]{target}[/]:")
    for path in result.written:
        out.print(f"  {path}", markup=False)


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Mappen rapporten skrivs till.")] = Path(
        "uppsikt-demo"
    ),
    formats: Annotated[
        str | None, typer.Option("--format", "-f", help="Format att bygga, t.ex. html,data.")
    ] = None,
) -> None:
    """Bygg exemplet (Örebro, Vuxenutbildnings- och arbetsmarknadsnämnden, Årsberättelse 2020)."""
    from uppsikt.examples import bundled_example

    example = bundled_example()
    out.print(f"Exemplet: {example}", markup=False)
    _build(example, directory, formats)
    out.print(f"Öppna [bold]{directory / 'index.html'}[/] i en webbläsare.")


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Mappen arbetsytan skapas i (ny eller tom).")],
) -> None:
    """Skapa en liten, giltig arbetsyta med kommentarer att börja från."""
    if directory.exists() and any(directory.iterdir()):
        err.print(f"[bold red]fel[/] Mappen {directory} finns redan och är inte tom.")
        err.print("Välj en ny mapp, eller töm den här först.")
        raise typer.Exit(EXIT_CANNOT_RUN)
    from uppsikt.examples import write_starter_workspace

    written = write_starter_workspace(directory)
    out.print(f"Arbetsytan är skapad i [bold]{directory}[/]:")
    for path in written:
        out.print(f"  {path}", markup=False)
    out.print(f"Bygg den med: uppsikt build {directory} --out {directory}-rapport", markup=False)


@app.command()
def build(
    workspace: Annotated[Path, typer.Argument(help="Arbetsytans mapp.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Mappen rapporten skrivs till.")],
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="Format att bygga, t.ex. html,pdf (standard: inställningarna i uppsikt.yaml, "
            "annars html, data, docx, pdf och xlsx).",
        ),
    ] = None,
    allow_errors: Annotated[
        bool,
        typer.Option(
            "--allow-errors",
            help="Bygg även när arbetsytan har fel; rapporten märks då som utkast.",
        ),
    ] = False,
) -> None:
    """Bygg rapporten (HTML, öppna data, Word, PDF och Excel) från en arbetsyta."""
    _build(workspace, out_dir, formats, allow_errors=allow_errors)


CHECK_FORMATS = ("text", "json")


def _check_target(workspace: Path | None, *, list_rules: bool) -> Path:
    """The workspace to check; with --rules, list the rules and exit instead."""
    if list_rules:
        from uppsikt.checks import RULES

        for rule in RULES:
            out.print(f"[bold]{rule.name}[/]: {rule.description}")
        raise typer.Exit(0)
    if workspace is None:
        err.print("[bold red]fel[/] Ange arbetsytans mapp: uppsikt check MAPP.")
        raise typer.Exit(EXIT_CANNOT_RUN)
    return workspace


@app.command()
def check(
    ctx: typer.Context,
    workspace: Annotated[Path | None, typer.Argument(help="Arbetsytans mapp.")] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="text (för människor, standard) eller json (för program; till stdout).",
        ),
    ] = "text",
    rules: Annotated[
        bool, typer.Option("--rules", help="Lista kontrollerna (namn och beskrivning) och avsluta.")
    ] = False,
) -> None:
    """Läs in och kontrollera en arbetsyta; visa alla problem på en gång."""
    from uppsikt import pipeline

    workspace = _check_target(workspace, list_rules=rules)
    if output_format not in CHECK_FORMATS:
        err.print(f"[bold red]fel[/] Okänt format «{output_format}»; använd text eller json.")
        raise typer.Exit(EXIT_CANNOT_RUN)
    as_json = output_format == "json"
    want_json(ctx, as_json)
    from uppsikt.workspace.kommun import is_kommun

    try:
        if is_kommun(workspace):
            diagnostics = pipeline.check_kommun(workspace)
        else:
            _, diagnostics = pipeline.load_report(workspace)
    except WorkspaceNotFoundError as exc:
        if as_json:
            print_json({"error": str(exc)})
        else:
            err.print(f"[bold red]fel[/] {exc}")
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    if as_json:
        print_json(diagnostics_json(diagnostics))
        if has_errors(diagnostics):
            raise typer.Exit(EXIT_PROBLEMS)
        return
    show(diagnostics)
    if has_errors(diagnostics):
        raise typer.Exit(EXIT_PROBLEMS)
    if not diagnostics:
        out.print("Inga fel hittades.")
    elif any(d.severity is Severity.WARNING for d in diagnostics):
        out.print("Inga fel, men se varningarna ovan.")
    else:
        out.print("Inga fel; noteringarna ovan är för kännedom.")


# The ledger's commands, defined in cli_ledger.py, listed after check.
app.command(name="import")(cli_ledger.import_)
app.command()(cli_ledger.generate)
app.command(name="new-year")(cli_new_year.new_year)  # cli/new_year.py


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Adressen servern lyssnar på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Porten.")] = 8000,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="Datamappen (databas, nyckel, cache); standard UPPSIKT_DATA eller ./uppsikt-data.",
        ),
    ] = None,
    threads: Annotated[int, typer.Option("--threads", help="Antal trådar som svarar.")] = 8,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            help="Antal processer (fler än 1: gunicorn, en kärna var); standard 1 (waitress).",
        ),
    ] = 1,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Ladda exemplet och demoanvändare i en tom databas (inte i HTTPS-läge).",
        ),
    ] = False,
) -> None:
    """Starta webbapplikationen; med --demo får en tom databas exemplet och demoanvändare."""
    from uppsikt.web import server

    if workers > 1:
        # Read by the settings: the processes share the background checks' time.
        os.environ["UPPSIKT_WORKERS"] = str(workers)
    server.setup(data)
    from uppsikt.web.services.demo import LOGINS, DemoRefused  # after setup: Django is ready

    try:
        prepared = server.prepare(demo=demo)
    except DemoRefused as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    out.print(f"uppsikt körs på [bold]http://{shown}:{port}/[/] (avsluta med Ctrl+C).")
    for note in prepared.notes:
        out.print(note, markup=False)
    if prepared.passwords:
        out.print(
            "Demo laddad. Logga in som (lösenorden visas bara nu; spara dem eller byt med "
            "«uppsikt manage changepassword»):",
            markup=False,
        )
        for login in LOGINS:
            out.print(
                f"  {login.username:<14} {prepared.passwords[login.username]}  {login.role}",
                markup=False,
            )
    server.serve(host, port, threads, workers)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(
    ctx: typer.Context,
    data: Annotated[Path | None, typer.Option("--data", help="Datamappen.")] = None,
) -> None:
    """Webbapplikationens administration (Djangos kommandon), t.ex. «manage createsuperuser»."""
    from uppsikt.web import server

    server.setup(data)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["uppsikt manage", *ctx.args])


@app.command()
def version() -> None:
    """Visa versionen."""
    out.print(f"uppsikt {__version__}")
