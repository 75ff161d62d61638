"""`python -m uppsikt` runs the command line."""

from uppsikt.cli import app

app()
