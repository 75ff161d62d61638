"""`uppsikt new-year`: the next plan year started from the current one
(uppsikt.workspace.new_year). Registered on the application in cli/main.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from uppsikt.cli.output import EXIT_CANNOT_RUN, EXIT_PROBLEMS, err, out, show

if TYPE_CHECKING:
    from uppsikt.workspace.new_year import NewYear


def new_year(
    source: Annotated[Path, typer.Argument(help="Arbetsytan (en rapport eller en kommun).")],
    target: Annotated[Path, typer.Argument(help="Den nya mappen för nästa år (får inte finnas).")],
) -> None:
    """Starta nästa planår från det nuvarande: struktur, mål och indikatorer, utan årets texter."""
    from uppsikt.workspace.new_year import NewYearError
    from uppsikt.workspace.new_year import new_year as start

    try:
        made = start(source, target)
    except NewYearError as exc:
        show(exc.diagnostics)
        err.print(f"[bold red]fel[/] {escape(exc.message)}", highlight=False)
        if exc.hint:
            err.print(f"Åtgärd: {exc.hint}", markup=False)
        raise typer.Exit(EXIT_PROBLEMS if exc.diagnostics else EXIT_CANNOT_RUN) from None
    for line in summary(made):
        out.print(line, markup=False, highlight=False)


def summary(made: NewYear) -> list[str]:
    """What `uppsikt new-year` carried and what to review, in Swedish."""
    lines = [f"År {made.new_year} är startat från {made.old_year} i {made.target}."]
    lines += [f"  {old} → {new}" for old, new in made.reports if old != "."]
    lines.append(
        f"Fört över som de är: {len(made.copied)} filer (organisation, dimensioner, mappning, "
        "ekonomiska uppgifter, indikatorvärden med hela serien …)."
    )
    lines.append(
        f"Förda över utan årets texter: {len(made.reset)} filer (texterna har bara kvar sina "
        "rubriker; analyser, beskrivningar, iakttagelser och egna bedömningar är tömda; "
        "beslutsdatum och diarienummer borttagna)."
    )
    if made.left_out:
        lines.append(f"Inte förda över: {', '.join(made.left_out)}.")
    if made.reviews:
        lines.append(f"Att granska (märkt «# granska» i filerna), {len(made.reviews)}:")
        lines += [f"  {r.file}: {r.what}" for r in made.reviews]
    lines.append(
        f"Förra årets utfall finns kvar som utfall; ingen budget eller prognos för "
        f"{made.new_year} är skriven. Lägg in budgeten för {made.new_year} i ekonomi/ eller "
        "importera den (uppsikt import --scenario budget)."
    )
    return lines
