"""`python -m uppsikt` runs the command line."""

from uppsikt.cli.main import app

app()
