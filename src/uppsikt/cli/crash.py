"""An internal error is never a user error: what ends a command unexpectedly gets its own exit.

uppsikt's commands exit with 0 (done), 1 (the workspace has problems, all listed) or 2 (could
not run). An exception that escapes a command is a bug in uppsikt, not a problem in the
workspace, and a script must be able to tell the two apart: it ends with
:data:`EXIT_INTERNAL` (70, ``EX_SOFTWARE`` of sysexits.h), a Swedish sentence on standard error
asking the user to report it (the exception's type and a short text; the traceback only with
``UPPSIKT_DEBUG=1``), and, under ``check --format json``, a JSON object on standard output:
``{"internal_error": {"type": "ValueError", "message": "…"}}`` (docs/diagnostics.md).

Implemented once, as the command group of the Typer application (:class:`CrashGuard`), so it
holds for every command whether run from the console script or from Typer's test runner.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

import typer
from typer.core import TyperGroup

from uppsikt.cli.output import print_json

EXIT_INTERNAL = 70
"""Exit code of an internal error (EX_SOFTWARE); documented in docs/diagnostics.md."""

DEBUG_VARIABLE = "UPPSIKT_DEBUG"
JSON_KEY = "uppsikt.json_output"
"""Key in the Click context's shared ``meta``: set by a command whose output is JSON."""


def short_text(exc: BaseException, limit: int = 300) -> str:
    """The exception's message on one line, cut to ``limit`` characters."""
    try:
        text = " ".join(str(exc).split())
    except Exception:  # a message that cannot be shown is no reason to fail
        text = ""
    return text if len(text) <= limit else text[:limit] + "…"


def report(exc: BaseException, *, as_json: bool) -> None:
    """Tell the user (and, under JSON output, the program) that uppsikt failed internally."""
    kind = type(exc).__name__
    message = short_text(exc)
    if as_json:
        print_json({"internal_error": {"type": kind, "message": message}})
    if os.environ.get(DEBUG_VARIABLE) == "1":
        traceback.print_exception(exc, file=sys.stderr)
    shown = f"{kind}: {message}" if message else kind
    sys.stderr.write(
        f"Internt fel i uppsikt ({shown}).\n"
        "Det här är ett fel i programmet, inte i arbetsytan. Rapportera det gärna till "
        "uppsikts utvecklare, med kommandot du körde och texten ovan.\n"
        f"Kör kommandot igen med {DEBUG_VARIABLE}=1 för att se hela felspåret.\n"
    )
    sys.stderr.flush()


class CrashGuard(TyperGroup):
    """The application's command group: an exception escaping a command ends with exit 70."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # the commands' own exits and Typer's usage errors
        except Exception as exc:  # the one place that catches them all
            report(exc, as_json=bool(ctx.meta.get(JSON_KEY)))
            raise typer.Exit(EXIT_INTERNAL) from exc


def want_json(ctx: Any, as_json: bool) -> None:
    """Record that the running command writes JSON, so that a crash is reported as JSON."""
    ctx.meta[JSON_KEY] = as_json
