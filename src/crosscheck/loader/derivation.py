"""Which sources are not independent: wire copy, near-duplicates, credited reprints, one newsroom.

Near-duplicates: each text becomes its set of word 5-grams; MinHash sketches in an LSH Ensemble
(datasketch) propose pairs where much of one text may be contained in another, and each pair is
then verified exactly on the 5-gram sets, so the sketch never decides alone. Of a verified pair,
the later article derives from the earlier; on the same day a wire agency's copy is the origin,
else the shorter text derives from the longer one that contains it.

Credits: "(with inputs from Reuters)", "(AP) —" datelines, "originally published by ..." make a
whole article derived from that outlet. Sources linked by either, or published by the same
outlet, form one derivation cluster: they count once as an independent source.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import overload

from crosscheck.models import Derivation, DerivationKind, Source
from crosscheck.outlets import article_credits, canonical, is_wire

SHINGLE_WORDS = 5
# Share of one text's 5-grams found in the other above which it reprints that text.
CONTAINMENT = 0.5
# Texts with fewer 5-grams than this (about 55 words) are too short to call copies: two short reports
# of one event share stock phrases ("marched through the centre of the city on Saturday").
MIN_SHINGLES = 50
# The sketch's threshold sits below the exact one so that borderline pairs are still verified.
_SKETCH_THRESHOLD = 0.35
_NUM_PERM = 256
_SKETCH_BATCH = 500  # texts sketched at once (bounds the memory of their encoded shingles)
# Up to this many texts every pair is simply verified; above, sketches propose the pairs to verify.
EXACT_UP_TO = 40
_WORDS = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """The text's word 5-grams, lower-cased."""
    words = _WORDS.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def containment(inner: set[str], outer: set[str]) -> float:
    """Share of `inner` that is in `outer` (exact)."""
    return len(inner & outer) / len(inner) if inner else 0.0


def pairs_to_verify(sets: Sequence[set[str]]) -> set[tuple[int, int]]:
    """Pairs of texts to compare exactly: all of them for a few texts (cheaper than sketching), else
    the pairs the sketches propose."""
    usable = [i for i in range(len(sets)) if len(sets[i]) >= MIN_SHINGLES]
    if len(usable) <= EXACT_UP_TO:
        return {(i, j) for n, i in enumerate(usable) for j in usable[n + 1 :]}
    return candidate_pairs(sets)


def candidate_pairs(sets: Sequence[set[str]]) -> set[tuple[int, int]]:
    """Index pairs (i < j) whose sketches suggest one text is largely contained in the other.

    Sketches are made in batches, so `sets` may compute each set on demand (see `_Shingles`)."""
    sizes = {i: size for i in range(len(sets)) if (size := len(sets[i])) >= MIN_SHINGLES}
    usable = sorted(sizes)
    if len(usable) < 2:
        return set()
    from datasketch import MinHash, MinHashLSHEnsemble

    sketches: dict[int, MinHash] = {}
    for start in range(0, len(usable), _SKETCH_BATCH):
        batch = usable[start : start + _SKETCH_BATCH]
        made = MinHash.bulk([[s.encode("utf-8") for s in sorted(sets[i])] for i in batch], num_perm=_NUM_PERM, seed=1)
        sketches.update(zip(batch, made, strict=True))
    ensemble = MinHashLSHEnsemble(threshold=_SKETCH_THRESHOLD, num_perm=_NUM_PERM, num_part=8)
    ensemble.index([(i, sketches[i], sizes[i]) for i in usable])
    pairs: set[tuple[int, int]] = set()
    for i in usable:
        for j in ensemble.query(sketches[i], sizes[i]):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


class _Shingles(Sequence[set[str]]):
    """The texts' shingle sets, made on demand and only the most recent kept: all of them at once
    would take about 65 MB per 1,000 articles."""

    def __init__(self, texts: Sequence[str], keep: int = 1024) -> None:
        self._texts = texts
        self._keep = keep
        self._made: OrderedDict[int, set[str]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._texts)

    @overload
    def __getitem__(self, index: int) -> set[str]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[set[str]]: ...

    def __getitem__(self, index: int | slice) -> set[str] | Sequence[set[str]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = shingles(self._texts[index])
            if len(self._made) > self._keep:
                self._made.popitem(last=False)
        else:
            self._made.move_to_end(index)
        return made


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


def derive(sources: Sequence[Source]) -> list[Source]:
    """Sources with `derived_from` and `cluster` filled in."""
    links: dict[str, list[Derivation]] = {s.id: [] for s in sources}
    clusters = _Clusters()
    for source in sources:
        clusters.find(source.id)
    sets = _Shingles([s.text for s in sources])
    for i, j in sorted(pairs_to_verify(sets)):
        in_i, in_j = containment(sets[i], sets[j]), containment(sets[j], sets[i])
        if max(in_i, in_j) < CONTAINMENT:
            continue
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
    for source in sources:
        own = canonical(source.outlet) if source.outlet else None
        for credit in article_credits(source.text):
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
