"""Errors each stage raises, with messages a user understands; the CLI prints them on one line."""

from __future__ import annotations


class CrosscheckError(Exception):
    """Base class: anything the CLI reports as a one-line error with exit code 2."""


class LoadError(CrosscheckError):
    """A path given by the user cannot be read at all."""


class ModelError(CrosscheckError):
    """The spaCy pipeline cannot be loaded."""


class LexiconError(CrosscheckError):
    """A lexicon file inside the package is malformed (a packaging bug)."""
