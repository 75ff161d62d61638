"""The command line: uppsikt demo | init | build | check.

Exit codes: 0 = done (no errors), 1 = the workspace has problems (all are listed),
2 = could not run (e.g. the folder does not exist), 70 = an internal error, a bug in uppsikt
(uppsikt.crash; never one of the others).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from uppsikt import __version__
from uppsikt.checks import RULES
from uppsikt.crash import CrashGuard, want_json
from uppsikt.diagnostics import (
    Diagnostic,
    Location,
    Severity,
    WorkspaceNotFoundError,
    has_errors,
)
from uppsikt.examples import bundled_example, write_starter_workspace
from uppsikt.importers.sie import DEFAULT_DIMENSIONS
from uppsikt.ledger.generate import generate as generate_ledger
from uppsikt.ledger.model import OBJECT_DIMENSIONS
from uppsikt.ledger.periods import describe_periods
from uppsikt.ledger.workspace import import_file, remove_import
from uppsikt.model.economy import Scenario
from uppsikt.model.settings import OutputFormat
from uppsikt.pipeline import build as build_pipeline
from uppsikt.pipeline import load_report

app = typer.Typer(
    name="uppsikt",
    help="Nämndens årsberättelse som en byggprodukt av data.",
    no_args_is_help=True,
    add_completion=False,
    cls=CrashGuard,  # an exception escaping a command: exit 70, never 1 (uppsikt.crash)
)
# soft_wrap: one problem per line, whatever the terminal width, so editors can parse it.
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_PROBLEMS = 1
EXIT_CANNOT_RUN = 2

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}


_GROUPS = ((Severity.ERROR, "Fel"), (Severity.WARNING, "Varningar"), (Severity.NOTE, "Noteringar"))


def _show(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
    """Every problem, grouped by severity (errors first), each with its location first so an
    editor can jump there; then a count."""
    for severity, heading in _GROUPS:
        group = [d for d in diagnostics if d.severity is severity]
        if not group:
            continue
        err.print(f"[bold]{heading} ({len(group)})[/]")
        for d in group:
            err.print(f"{d.location}: [{_STYLE[d.severity]}]{d.severity.value}[/] ", end="")
            err.print(f"[{d.code}] {d.message}", markup=False)
            if d.hint:
                err.print(f"    Åtgärd: {d.hint}", markup=False, style="dim")
    if diagnostics:
        errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
        warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
        notes = sum(1 for d in diagnostics if d.severity is Severity.NOTE)
        err.print(f"{errors} fel, {warnings} varningar, {notes} noteringar.")


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
    selected = _formats(formats)
    try:
        result = build_pipeline(workspace, target, selected, allow_errors=allow_errors)
    except WorkspaceNotFoundError as exc:
        err.print(f"[bold red]fel[/] {exc}")
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    _show(result.diagnostics)
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
_JSON_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def _check_target(workspace: Path | None, *, list_rules: bool) -> Path:
    """The workspace to check; with --rules, list the rules and exit instead."""
    if list_rules:
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
    workspace = _check_target(workspace, list_rules=rules)
    if output_format not in CHECK_FORMATS:
        err.print(f"[bold red]fel[/] Okänt format «{output_format}»; använd text eller json.")
        raise typer.Exit(EXIT_CANNOT_RUN)
    as_json = output_format == "json"
    want_json(ctx, as_json)
    try:
        _, diagnostics = load_report(workspace)
    except WorkspaceNotFoundError as exc:
        if as_json:
            _print_json({"error": str(exc)})
        else:
            err.print(f"[bold red]fel[/] {exc}")
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    if as_json:
        _print_json(diagnostics_json(diagnostics))
        if has_errors(diagnostics):
            raise typer.Exit(EXIT_PROBLEMS)
        return
    _show(diagnostics)
    if has_errors(diagnostics):
        raise typer.Exit(EXIT_PROBLEMS)
    if not diagnostics:
        out.print("Inga fel hittades.")
    elif any(d.severity is Severity.WARNING for d in diagnostics):
        out.print("Inga fel, men se varningarna ovan.")
    else:
        out.print("Inga fel; noteringarna ovan är för kännedom.")


def diagnostics_json(diagnostics: Sequence[Diagnostic]) -> dict[str, object]:
    """The diagnostics for programs, in the form documented in docs/diagnostics.md."""
    return {
        "diagnostics": [
            {
                "code": d.code,
                "severity": _JSON_SEVERITY[d.severity],
                "message": d.message,
                "hint": d.hint,
                "location": _location_json(d.location),
            }
            for d in diagnostics
        ],
        "summary": {
            "errors": sum(1 for d in diagnostics if d.severity is Severity.ERROR),
            "warnings": sum(1 for d in diagnostics if d.severity is Severity.WARNING),
            "notes": sum(1 for d in diagnostics if d.severity is Severity.NOTE),
        },
    }


def _location_json(location: Location) -> dict[str, object]:
    return {
        "file": location.file,
        "line": location.line,
        "column": location.column,
        "field": location.field,
        "place": location.place,
    }


def _print_json(data: dict[str, object]) -> None:
    """UTF-8 on stdout whatever the terminal's encoding, keys in the order written."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


@app.command(name="import")
def import_(
    workspace: Annotated[Path, typer.Argument(help="Arbetsytans mapp.")],
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="SIE-, CSV- eller Excelfiler att importera (inte med --remove)."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--källa", help="Källan i import.yaml (CSV/Excel), eller namnet på SIE-källan."
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
            "--ta-bort",
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
    chosen = _scenario(scenario)
    sie_dimensions = _sie_dimensions(dimensions)
    failed = False
    for file in files:
        result = import_file(
            workspace, file, source=source, scenario=chosen, sie_dimensions=sie_dimensions
        )
        _show(result.diagnostics)
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
    result = remove_import(workspace, source)
    _show(result.diagnostics)
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
    known = {s.value: s for s in (Scenario.UTFALL, Scenario.BUDGET, Scenario.PROGNOS)}
    if text not in known:
        err.print(f"[bold red]fel[/] Okänt scenario «{text}»; använd utfall, budget eller prognos.")
        raise typer.Exit(EXIT_CANNOT_RUN)
    return known[text]


def _sie_dimensions(texts: list[str] | None) -> dict[int, str]:
    if not texts:
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


@app.command()
def generate(
    directory: Annotated[Path, typer.Argument(help="Mappen filerna skrivs till.")],
    rows: Annotated[int, typer.Option("--rader", help="Antal rader i huvudboken.")] = 100_000,
    seed: Annotated[int, typer.Option("--frö", help="Samma frö ger samma filer.")] = 1,
) -> None:
    """Skriv en syntetisk huvudbok och budget för en påhittad kommun (SIE 4E och Parquet)."""
    generated = generate_ledger(directory, rows=rows, seed=seed)
    out.print(f"{generated.rows} rader för {generated.year} i {directory}:", markup=False)
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        out.print(f"  {path}", markup=False)


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
    threads: Annotated[int, typer.Option("--trådar", help="Antal trådar som svarar.")] = 8,
    workers: Annotated[
        int,
        typer.Option(
            "--processer",
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
    from uppsikt.web import server  # noqa: PLC0415 - the core never imports the web layer

    if workers > 1:
        # Read by the settings: sessions without a per-process cache (see docs/web.md).
        os.environ["UPPSIKT_WORKERS"] = str(workers)
    server.setup(data)
    from uppsikt.web.services.demo import LOGINS, DemoRefused  # noqa: PLC0415 - after setup

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
    from uppsikt.web import server  # noqa: PLC0415 - the core never imports the web layer

    server.setup(data)
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(["uppsikt manage", *ctx.args])


@app.command()
def version() -> None:
    """Visa versionen."""
    out.print(f"uppsikt {__version__}")
