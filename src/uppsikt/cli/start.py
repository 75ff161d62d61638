"""The console script ``uppsikt`` (and ``python -m uppsikt``): starts the command line.

``uppsikt version`` is answered here, before the Typer application is built: Typer 0.29
imports pydantic to check even ``--help`` (about 0.1 s), which would be most of that
command's time. Every other command runs in the application (cli/main.py), which imports
what a command needs only when the command runs.
"""

from __future__ import annotations

import sys

from uppsikt import __version__


def main() -> None:
    """Run the command line on ``sys.argv``."""
    if sys.argv[1:] == ["version"]:
        # The same line as the version command of cli/main.py (tests/test_cli.py compares).
        sys.stdout.write(f"uppsikt {__version__}\n")
        return
    from uppsikt.cli.main import app  # Typer and the commands, only when needed

    app()
