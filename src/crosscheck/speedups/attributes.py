"""The model's attribute rules (tag -> part of speech and morphology, pronoun lemmas...) applied by
lookup instead of spaCy's `attribute_ruler`, with the same result.

spaCy runs those rules through its general token Matcher, which tries every rule at every token:
about a sixth of the whole parse. The rules of the English pipelines are plain token tests (tag,
lower-case form, dependency label, whitespace; equal, in a list, not in a list, regex), a few over
two tokens. Compiled here, a token's features are looked up once per distinct combination, and the
rules that match are applied in the ruler's order (a later rule wins, as in spaCy). A pipeline whose
rules use anything else keeps spaCy's component (the patch does not apply).

It reads the ruler's rules through its `patterns` and `attrs` and re-implements the token Matcher's
semantics for those tests: verified on the spaCy versions in `guard.VERIFIED` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language

from crosscheck.speedups.guard import missing
from crosscheck.speedups.parts import Deferred

__all__ = ["FACTORY", "LIBRARIES", "NAME", "applies", "compile_ruler", "install", "problem", "remove"]

NAME = "attribute-rules"
LIBRARIES: tuple[str, ...] = ("spacy",)
FACTORY = "crosscheck_attribute_rules"
_FEATURES = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # positions in a token's feature tuple
_TAG, _LOWER = _FEATURES["TAG"], _FEATURES["LOWER"]
_WRITTEN = (POS, MORPH, LEMMA, TAG, DEP)  # the attributes rules may set, as Doc array columns


@dataclass(frozen=True)
class _Test:
    """One attribute test of a pattern token: `kind` is eq, in, not_in or regex."""

    feature: int
    kind: str
    value: Any

    def passes(self, features: tuple[int, ...], text_of: Any) -> bool:
        value = features[self.feature]
        if self.kind == "eq":
            return bool(value == self.value)
        if self.kind == "in":
            return value in self.value
        if self.kind == "not_in":
            return value not in self.value
        text = text_of(value)
        return text is not None and bool(self.value.search(text))


@dataclass(frozen=True)
class _Pattern:
    rule: int  # the rule's position in the ruler: later rules win
    tokens: tuple[tuple[_Test, ...], ...]
    index: int  # which token of the match gets the attributes


class AttributeRules:
    """A compiled attribute ruler, run as a pipeline component."""

    def __init__(self, vocab: Any, patterns: list[_Pattern], attrs: list[dict[int, int]]) -> None:
        self.vocab = vocab
        self.single = [p for p in patterns if len(p.tokens) == 1]
        self.multi = [p for p in patterns if len(p.tokens) > 1]
        # One-token patterns that require a tag are only tried on tokens with that tag.
        self._by_tag: dict[int, list[_Pattern]] = {}
        self._any_tag: list[_Pattern] = []
        for pattern in self.single:
            tag = next((t.value for t in pattern.tokens[0] if t.feature == _TAG and t.kind == "eq"), None)
            if tag is None:
                self._any_tag.append(pattern)
            else:
                self._by_tag.setdefault(tag, []).append(pattern)
        self.attrs = attrs
        # A lower-case form no test names (and no regex matches) is looked up as one shared key,
        # so the memo grows with the rules' vocabulary, not the corpus's.
        tests = [t for p in patterns for token in p.tokens for t in token if t.feature == _LOWER]
        self._named = {t.value for t in tests if t.kind == "eq"}
        self._named.update(v for t in tests if t.kind in ("in", "not_in") for v in t.value)
        self._regexes = [t.value for t in tests if t.kind == "regex"]
        self._other = next(k for k in range(1, len(self._named) + 2) if k not in self._named)
        self._lower: dict[int, int] = {}
        self._tests: dict[tuple[int, ...], tuple[tuple[int, ...], frozenset[tuple[int, int]]]] = {}
        self._merged: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}

    def _text(self, key: int) -> str | None:
        """A named lower-case form's text; None for the shared key (no regex matched it)."""
        if key == self._other:
            return None
        return str(self.vocab.strings[key]) if key else ""

    def _lower_key(self, lower: int) -> int:
        key = self._lower.get(lower)
        if key is None:
            if len(self._lower) > 1_000_000:
                self._lower.clear()
            text = str(self.vocab.strings[lower]) if lower else ""
            named = lower in self._named or any(r.search(text) for r in self._regexes)
            key = self._lower[lower] = lower if named else self._other
        return key

    def _look(self, features: tuple[int, ...]) -> tuple[tuple[int, ...], frozenset[tuple[int, int]]]:
        """Rules whose one-token pattern matches these features, and (pattern, token) pairs of the
        longer patterns that this token satisfies."""
        found = self._tests.get(features)
        if found is None:
            candidates = [*self._by_tag.get(features[0], ()), *self._any_tag]
            rules = tuple(
                sorted({p.rule for p in candidates if all(t.passes(features, self._text) for t in p.tokens[0])})
            )
            partial = frozenset(
                (n, k)
                for n, p in enumerate(self.multi)
                for k, token in enumerate(p.tokens)
                if all(t.passes(features, self._text) for t in token)
            )
            found = self._tests[features] = (rules, partial)
        return found

    def _merge(self, rules: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """(column, value) to write for a token matched by these rules, applied in rule order."""
        merged = self._merged.get(rules)
        if merged is None:
            values: dict[int, int] = {}
            for rule in sorted(rules):
                values.update(self.attrs[rule])
            merged = self._merged[rules] = tuple((_WRITTEN.index(a), v) for a, v in values.items())
        return merged

    def __call__(self, doc: Any) -> Any:
        n = len(doc)
        if not n:
            return doc
        lower_key, look = self._lower.get, self._tests.get
        looked = []
        for tag, lower, dep, space in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist():
            key = lower_key(lower)
            if key is None:
                key = self._lower_key(lower)
            features = (tag, key, dep, space)
            found = look(features)
            looked.append(found if found is not None else self._look(features))
        extra: dict[int, list[int]] = {}
        if self.multi:
            for start, (_rules, partial) in enumerate(looked):
                for n_pattern, k in partial:
                    if k:
                        continue
                    pattern = self.multi[n_pattern]
                    size = len(pattern.tokens)
                    if start + size <= n and all((n_pattern, j) in looked[start + j][1] for j in range(1, size)):
                        target = start + (pattern.index if pattern.index >= 0 else size + pattern.index)
                        extra.setdefault(target, []).append(pattern.rule)
        if not extra and not any(rules for rules, _partial in looked):
            return doc
        rows = doc.to_array(list(_WRITTEN)).tolist()  # edited as Python lists, written back at once
        for i, (rules, _partial) in enumerate(looked):
            matched = rules + tuple(extra[i]) if i in extra else rules
            if matched:
                row = rows[i]
                for column, value in self._merge(matched):
                    row[column] = value
        doc.from_array(list(_WRITTEN), np.array(rows, dtype=np.uint64))
        return doc


def _compile_test(vocab: Any, name: str, spec: Any) -> _Test | None:
    feature = _FEATURES.get(name)
    if feature is None:
        return None
    if name == "IS_SPACE":
        return _Test(feature, "eq", int(bool(spec))) if isinstance(spec, bool) else None
    if isinstance(spec, str):
        return _Test(feature, "eq", vocab.strings.add(spec) if spec else 0)
    if not isinstance(spec, dict) or len(spec) != 1:
        return None
    ((op, value),) = spec.items()
    if op in ("IN", "NOT_IN") and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return _Test(feature, op.lower(), frozenset(vocab.strings.add(v) if v else 0 for v in value))
    if op == "REGEX" and isinstance(value, str) and name == "LOWER":
        return _Test(feature, "regex", re.compile(value))
    return None


def compile_ruler(ruler: Any) -> AttributeRules | None:
    """The ruler's rules compiled, or None when one of them is outside what this supports."""
    vocab = ruler.vocab
    patterns: list[_Pattern] = []
    for rule, entry in enumerate(ruler.patterns):
        if any(attr not in _WRITTEN for attr in ruler.attrs[rule]):
            return None
        for pattern in entry["patterns"]:
            if not isinstance(pattern, list) or not pattern:
                return None
            tokens = []
            for token in pattern:
                if not isinstance(token, dict) or not token:
                    return None
                tests = [_compile_test(vocab, name, spec) for name, spec in token.items()]
                if any(t is None for t in tests):
                    return None
                tokens.append(tuple(t for t in tests if t is not None))
            index = entry.get("index", 0)
            if not -len(tokens) <= index < len(tokens):
                return None
            patterns.append(_Pattern(rule, tuple(tokens), index))
    return AttributeRules(vocab, patterns, [dict(a) for a in ruler.attrs])


@Language.factory(FACTORY)
def _make(nlp: Any, name: str) -> Deferred:
    return Deferred()  # `install` hands it the compiled rules


def _ruler(nlp: Any) -> Any:
    return nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None


def applies(nlp: Any) -> bool:
    """Whether the pipeline has spaCy's attribute ruler, not yet replaced."""
    return _ruler(nlp) is not None and FACTORY not in nlp.pipe_names


def problem(nlp: Any) -> str | None:
    """What is off with the ruler for compiling it, or None (rules outside what this supports are
    not a problem: the ruler then stays as it is, see `install`)."""
    from spacy.pipeline import AttributeRuler

    ruler = _ruler(nlp)
    if type(ruler) is not AttributeRuler:
        return f"the attribute_ruler is a {type(ruler).__qualname__}, not spaCy's AttributeRuler"
    return missing(ruler, ("patterns", "attrs", "vocab"))


def install(nlp: Any) -> bool:
    """Swap the pipeline's attribute_ruler for its compiled rules; False (nothing changed) when one
    of its rules is outside what they support."""
    rules = compile_ruler(_ruler(nlp))
    if rules is None:
        return False
    component = nlp.add_pipe(FACTORY, before="attribute_ruler")
    component.work = rules
    nlp.disable_pipe("attribute_ruler")
    return True


def remove(nlp: Any) -> None:
    """spaCy's attribute_ruler again."""
    if FACTORY in nlp.pipe_names:
        nlp.remove_pipe(FACTORY)
    if "attribute_ruler" in nlp.disabled:
        nlp.enable_pipe("attribute_ruler")
