"""Which sources are not independent: wire copy, near-duplicates, credited reprints, one newsroom.

Near-duplicates: each text becomes its set of word 5-grams, kept as sorted 64-bit fingerprints
(8 bytes a 5-gram instead of a string in a set: 10,000 articles fit in about 50 MB); MinHash
sketches in an LSH Ensemble (datasketch) propose pairs where much of one text may be contained in
another, and each pair is then verified on the full fingerprint sets, so the sketch never decides
alone. Of a verified pair,
the later article derives from the earlier; on the same day a wire agency's copy is the origin,
else the shorter text derives from the longer one that contains it.

Credits: "(with inputs from Reuters)", "(AP) —" datelines, "originally published by ..." make a
whole article derived from that outlet. Sources linked by either, or published by the same
outlet, form one derivation cluster: they count once as an independent source.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from crosscheck.models import Derivation, DerivationKind, Source
from crosscheck.outlets import Credit, article_credits, canonical, is_wire

SHINGLE_WORDS = 5
# Share of one text's 5-grams found in the other above which it reprints that text.
CONTAINMENT = 0.5
# Texts with fewer 5-grams than this (about 55 words) are too short to call copies: two short reports
# of one event share stock phrases ("marched through the centre of the city on Saturday").
MIN_SHINGLES = 50
# The sketch's threshold sits below the exact one so that borderline pairs are still verified.
# Sketch size and LSH Ensemble shape: measured on 10,000 benchmark articles, 128 permutations,
# 8 size partitions and 2 band settings find every reprint that 256/8/8 finds, with a third of the
# memory (310 MB instead of 1.1 GB) and half the time.
_SKETCH_THRESHOLD = 0.4
_NUM_PERM = 128
_NUM_PART = 8
_BAND_SETTINGS = 2
# Up to this many texts every pair is simply verified; above, sketches propose the pairs to verify.
EXACT_UP_TO = 40
_WORDS = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """The text's word 5-grams, lower-cased."""
    words = _WORDS.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


class Fingerprinter:
    """Sorted, unique 64-bit fingerprints of a text's word 5-grams (the same set as `shingles`).

    Each distinct word gets a stable 64-bit hash (BLAKE2b, so runs and processes agree, unlike
    Python's `hash`); a 5-gram's fingerprint combines its words' hashes by position in wrapping
    uint64 arithmetic. Two different 5-grams share a fingerprint with odds of about 2**-64."""

    _MULTIPLIERS = np.array(
        [pow(0x9E3779B97F4A7C15, k, 2**64) for k in range(SHINGLE_WORDS - 1, -1, -1)], dtype=np.uint64
    )

    def __init__(self) -> None:
        self._words: dict[str, int] = {}

    def __call__(self, text: str) -> np.ndarray:
        words = _WORDS.findall(text.lower())
        if len(words) < SHINGLE_WORDS:
            return np.empty(0, dtype=np.uint64)
        known = self._words
        for word in set(words).difference(known):  # each new word hashed once per run
            known[word] = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        hashed = np.fromiter(map(known.__getitem__, words), dtype=np.uint64, count=len(words))
        windows = np.lib.stride_tricks.sliding_window_view(hashed, SHINGLE_WORDS)
        return np.unique((windows * self._MULTIPLIERS).sum(axis=1, dtype=np.uint64))


def shared(a: Collection[Any], b: Collection[Any]) -> int:
    """How many shingles two texts share: of two shingle sets, or of two sorted fingerprint arrays."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return len(np.intersect1d(a, b, assume_unique=True))
    assert isinstance(a, set) and isinstance(b, set)
    return len(a & b)


def containment(inner: Collection[Any], outer: Collection[Any]) -> float:
    """Share of `inner` in `outer`."""
    return shared(inner, outer) / len(inner) if len(inner) else 0.0


def pair_array(sets: Sequence[Collection[Any]], sketched: Sequence[Any | None] = ()) -> np.ndarray:
    """Pairs (i < j) of texts to compare exactly, in order, as rows of an array: all of them for a
    few texts (cheaper than sketching), else the pairs the sketches propose (`sketched`: as for
    `candidate_pairs`)."""
    usable = [i for i in range(len(sets)) if len(sets[i]) >= MIN_SHINGLES]
    if len(usable) <= EXACT_UP_TO:
        rows = [(i, j) for n, i in enumerate(usable) for j in usable[n + 1 :]]
        return np.array(rows, dtype=np.int64).reshape(-1, 2)
    return candidate_pairs(sets, sketched)


def shared_counts(sets: Sequence[np.ndarray], pairs: np.ndarray) -> np.ndarray:
    """`shared(sets[i], sets[j])` for every row (i, j) of `pairs`, worked out a row's first text at
    a time: its fingerprints are marked in a table of every fingerprint involved, and all its
    partners' fingerprints are looked up there in one pass (instead of sorting two arrays
    together per pair, as intersect1d does: 3x faster for a million pairs)."""
    out = np.zeros(len(pairs), dtype=np.int64)
    empty = np.array([len(found) == 0 for found in sets], dtype=bool)
    if len(pairs) and empty[pairs].any():  # nothing in common with an empty text
        live = ~empty[pairs].any(axis=1)
        out[live] = shared_counts(sets, pairs[live])
        return out
    if not len(pairs):
        return out
    involved = np.unique(pairs)
    vocabulary, ids = np.unique(np.concatenate([sets[k] for k in involved]), return_inverse=True)
    ids = ids.reshape(-1).astype(np.int32 if len(vocabulary) < 2**31 else np.int64)
    lengths = np.array([len(sets[k]) for k in involved], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths))).tolist()
    own_ids = [ids[starts[p] : starts[p + 1]] for p in range(len(involved))]  # each text's, as table rows
    position = np.full(len(sets), -1, dtype=np.int64)
    position[involved] = np.arange(len(involved))
    marked = np.zeros(len(vocabulary), dtype=np.uint8)
    order = np.argsort(pairs[:, 0], kind="stable")
    firsts = pairs[order, 0]
    bounds = (np.flatnonzero(np.diff(firsts)) + 1).tolist()
    for lo, hi in zip([0, *bounds], [*bounds, len(order)], strict=True):
        rows = order[lo:hi]
        own = own_ids[position[firsts[lo]]]
        marked[own] = 1
        partners = position[pairs[rows, 1]]
        looked = marked[np.concatenate([own_ids[p] for p in partners.tolist()])]
        offsets = np.concatenate(([0], np.cumsum(lengths[partners])[:-1]))
        out[rows] = np.add.reduceat(looked, offsets, dtype=np.int64)
        marked[own] = 0
    return out


def _sketch_values(items: Collection[Any]) -> list[int]:
    """32-bit values a MinHash is made of: the low bits of fingerprints, or hashed strings."""
    if isinstance(items, np.ndarray):
        values: list[int] = (items & np.uint64(0xFFFFFFFF)).tolist()
        return values
    return [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little") for s in sorted(items)]


def sketch_all(sets: Sequence[Collection[Any]]) -> list[Any]:
    """The MinHash sketch of each shingle set (the same sketch whichever call makes it)."""
    if not sets:
        return []  # without importing datasketch (a third of a second)
    from datasketch import MinHash

    return list(MinHash.generator((_sketch_values(s) for s in sets), num_perm=_NUM_PERM, seed=1, hashfunc=int))


def _ensemble() -> Any:
    """The LSH Ensemble for a run: crosscheck.speedups' when the work wants speedups and datasketch
    allows it, else datasketch's own (the same pairs)."""
    from crosscheck import speedups
    from crosscheck.speedups.ensemble import lsh_ensemble

    return lsh_ensemble(_SKETCH_THRESHOLD, _NUM_PERM, _NUM_PART, _BAND_SETTINGS, speedup=speedups.wanted())


def prepare_sketching() -> None:
    """Set up an ensemble now, so that the run's own finds its parameters worked out (a run with
    workers does this while they extract, not after the last text)."""
    _ensemble()


def candidate_pairs(sets: Sequence[Collection[Any]], sketched: Sequence[Any | None] = ()) -> np.ndarray:
    """Index pairs whose sketches suggest one text is largely contained in the other: rows (i, j),
    i < j, sorted (an array: a large run proposes about a hundred pairs per text). `sketched[i]`,
    when given, is sets[i]'s sketch, made earlier."""
    none = np.empty((0, 2), dtype=np.int64)
    sizes = {i: size for i in range(len(sets)) if (size := len(sets[i])) >= MIN_SHINGLES}
    usable = sorted(sizes)
    if len(usable) < 2:
        return none
    sketches = {i: sketched[i] for i in usable if i < len(sketched) and sketched[i] is not None}
    missing = [i for i in usable if i not in sketches]
    sketches.update(zip(missing, sketch_all([sets[i] for i in missing]), strict=True))
    ensemble = _ensemble()
    ensemble.index([(i, sketches[i], sizes[i]) for i in usable])
    count = len(sets)
    found: list[np.ndarray] = []
    for i in usable:
        others = np.fromiter(ensemble.query(sketches[i], sizes[i]), dtype=np.int64)
        others = others[others != i]
        if len(others):
            found.append(np.minimum(others, i) * count + np.maximum(others, i))
    if not found:
        return none
    codes = np.unique(np.concatenate(found))
    return np.stack([codes // count, codes % count], axis=1)


class _Clusters:
    """Union-find over source ids and outlet nodes."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _origin_first(a: Source, b: Source, in_a: float, in_b: float) -> bool:
    """Whether `a` is the origin of the pair (b derives from a)."""
    if a.published and b.published and a.published != b.published:
        return a.published < b.published
    if is_wire(a.outlet) != is_wire(b.outlet):
        return is_wire(a.outlet)
    if abs(in_a - in_b) > 0.05:
        return in_b > in_a  # the text more contained in the other is the excerpt
    return True


def _credit_words(text: str) -> str:
    """A credit as written, without the parentheses around a whole credit line: "(with inputs from
    Reuters)" -> "with inputs from Reuters"; a dateline "(Reuters) -" stays as it is."""
    words = " ".join(text.split())
    if words.startswith("(") and words.endswith(")") and words.count("(") == 1:
        return words[1:-1].strip()
    return words


def outlet_node(name: str) -> str:
    """Union-find node of an outlet."""
    return "outlet:" + canonical(name).lower()


@dataclass(frozen=True)
class TextFeatures:
    """What derivation needs of one text, worked out as soon as the text is read (a run does this
    for each chunk of inputs while the workers extract the next ones)."""

    prints: np.ndarray  # sorted 5-gram fingerprints
    sketch: Any | None  # their MinHash, when made (only texts long enough to pair)
    credits: tuple[Credit, ...]


class Featurizer:
    """TextFeatures of texts, with one word-hash memo for the run. `sketch`: also make the MinHash
    sketches (worth it only when the run will be large enough to use them: `EXACT_UP_TO`)."""

    def __init__(self, sketch: bool) -> None:
        self._fingerprint = Fingerprinter()
        self._sketch = sketch

    def __call__(self, texts: Sequence[str]) -> list[TextFeatures]:
        prints = [self._fingerprint(text) for text in texts]
        long = [k for k, found in enumerate(prints) if len(found) >= MIN_SHINGLES] if self._sketch else []
        sketches = dict(zip(long, sketch_all([prints[k] for k in long]), strict=True))
        return [
            TextFeatures(found, sketches.get(k), tuple(article_credits(text)))
            for k, (found, text) in enumerate(zip(prints, texts, strict=True))
        ]


def derive(sources: Sequence[Source], features: Sequence[TextFeatures | None] = ()) -> list[Source]:
    """Sources with `derived_from` and `cluster` filled in. `features[i]`, when given, holds what
    was already worked out of sources[i].text (the rest is worked out here)."""
    links: dict[str, list[Derivation]] = {s.id: [] for s in sources}
    clusters = _Clusters()
    for source in sources:
        clusters.find(source.id)
    known = [features[i] if i < len(features) else None for i in range(len(sources))]
    todo = [i for i, found in enumerate(known) if found is None]
    for i, found in zip(todo, Featurizer(sketch=False)([sources[i].text for i in todo]), strict=True):
        known[i] = found
    ready = [found for found in known if found is not None]
    sets = [found.prints for found in ready]
    pairs = pair_array(sets, [found.sketch for found in ready])  # only texts with shingles
    common = shared_counts(sets, pairs)
    lengths = np.array([len(found) for found in sets], dtype=np.int64)
    kept = np.maximum(common / lengths[pairs[:, 0]], common / lengths[pairs[:, 1]]) >= CONTAINMENT
    for (i, j), count in zip(pairs[kept].tolist(), common[kept].tolist(), strict=True):
        in_i, in_j = count / len(sets[i]), count / len(sets[j])
        a, b = sources[i], sources[j]
        origin, copy, share = (a, b, in_j) if _origin_first(a, b, in_i, in_j) else (b, a, in_i)
        links[copy.id].append(
            Derivation(
                kind=DerivationKind.NEAR_DUPLICATE,
                source=origin.id,
                outlet=origin.outlet,
                evidence=f"{share:.0%} of its 5-word sequences appear in {origin.id}",
                containment=round(share, 3),
            )
        )
        clusters.union(a.id, b.id)
    by_outlet: dict[str, str] = {}
    for source in sources:
        if source.outlet:
            clusters.union(source.id, outlet_node(source.outlet))
            by_outlet.setdefault(canonical(source.outlet), source.id)
    for source, found in zip(sources, ready, strict=True):
        own = canonical(source.outlet) if source.outlet else None
        for credit in found.credits:
            if credit.outlet == own:
                continue
            origin_id = by_outlet.get(credit.outlet)
            links[source.id].append(
                Derivation(
                    kind=DerivationKind.CREDIT,
                    source=origin_id if origin_id != source.id else None,
                    outlet=credit.outlet,
                    evidence=_credit_words(credit.text),
                )
            )
            clusters.union(source.id, outlet_node(credit.outlet))
    names: dict[str, str] = {}
    for source in sources:
        names.setdefault(clusters.find(source.id), f"c{len(names) + 1}")
    return [s.model_copy(update={"derived_from": links[s.id], "cluster": names[clusters.find(s.id)]}) for s in sources]
