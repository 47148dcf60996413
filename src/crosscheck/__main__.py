"""`python -m crosscheck` runs the CLI."""

from crosscheck.cli import main

main()
