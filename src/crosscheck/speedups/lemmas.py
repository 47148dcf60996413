"""The model's lemmatizer run once per distinct word form, with the same lemmas.

spaCy's rule lemmatizer works out a token's lemma from its text, part of speech and morphology
alone, but caches only some of its answers (a base form such as a singular noun is worked out again
at every occurrence) and reads every token through a Python Token object. Here each distinct
(text, part of speech, morphology) is handed to the model's own lemmatizer once per process, and
the Doc's lemmas are written in one array. Only spaCy's own Lemmatizer classes in "rule" or
"lookup" mode are wrapped (their answer depends on nothing else); any other lemmatizer is left as
it is. That a lemma depends on (text, part of speech, morphology) alone is spaCy's rule lemmatizer
as verified (`guard.VERIFIED`); the memo reads its `overwrite`, `mode` and `lookups` attributes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer

from crosscheck.speedups.guard import missing
from crosscheck.speedups.parts import Deferred

__all__ = ["FACTORY", "LIBRARIES", "NAME", "applies", "install", "problem", "remove"]

NAME = "lemmas"
LIBRARIES: tuple[str, ...] = ("spacy",)
FACTORY = "crosscheck_lemmas"
_MODES = ("rule", "lookup")


class Lemmas:
    """A memo in front of a spaCy Lemmatizer, run as a pipeline component."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.strings = lemmatizer.vocab.strings
        self.overwrite = bool(lemmatizer.overwrite)
        self.known: dict[tuple[int, int, int], int] = {}

    def _lemma(self, doc: Any, i: int, key: tuple[int, int, int]) -> int:
        """doc[i]'s lemma, asked of the model's lemmatizer and kept under `key` (a memo miss)."""
        found: int = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
        self.known[key] = found
        return found

    def __call__(self, doc: Any) -> Any:
        if not len(doc):
            return doc
        known, overwrite = self.known.get, self.overwrite
        lemmas = []
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if overwrite or lemma == 0:
                key = (orth, pos, morph)
                found = known(key)
                lemma = found if found is not None else self._lemma(doc, i, key)
                changed = True
            lemmas.append(lemma)
        if changed:
            doc.from_array([LEMMA], np.array(lemmas, dtype=np.uint64).reshape(-1, 1))
        return doc


@Language.factory(FACTORY)
def _make(nlp: Any, name: str) -> Deferred:
    return Deferred()  # `install` hands it the memo


def _lemmatizer(nlp: Any) -> Any:
    return nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None


def applies(nlp: Any) -> bool:
    """Whether the pipeline has one of spaCy's own lemmatizers, not yet wrapped."""
    lemmatizer = _lemmatizer(nlp)
    if lemmatizer is None or FACTORY in nlp.pipe_names:
        return False
    return isinstance(lemmatizer, Lemmatizer) and type(lemmatizer).__module__.split(".")[0] == "spacy"


def problem(nlp: Any) -> str | None:
    """What is off with the lemmatizer for the memo, or None."""
    return missing(_lemmatizer(nlp), ("overwrite", "mode", "lookups", "lemmatize", "vocab"))


def install(nlp: Any) -> bool:
    """Put the memo in front of the pipeline's lemmatizer; False (nothing changed) when its mode
    depends on more than the word itself."""
    lemmatizer = _lemmatizer(nlp)
    if lemmatizer.mode not in _MODES:
        return False
    component = nlp.add_pipe(FACTORY, before="lemmatizer")
    component.work = Lemmas(lemmatizer)
    nlp.disable_pipe("lemmatizer")
    return True


def remove(nlp: Any) -> None:
    """spaCy's lemmatizer alone again."""
    if FACTORY in nlp.pipe_names:
        nlp.remove_pipe(FACTORY)
    if "lemmatizer" in nlp.disabled:
        nlp.enable_pipe("lemmatizer")
