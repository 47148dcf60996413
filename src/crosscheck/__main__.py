"""`python -m crosscheck` runs the CLI."""

from crosscheck.cli import main

if __name__ == "__main__":  # worker processes import this module too and must not run the CLI
    main()
