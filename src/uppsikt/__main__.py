"""`python -m uppsikt` runs the command line."""

from uppsikt.cli.start import main

main()
