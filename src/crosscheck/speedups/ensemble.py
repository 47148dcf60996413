"""datasketch's LSH Ensemble with its size partitions worked out in arrays.

An LSH Ensemble splits the indexed sets into partitions by size, choosing the bounds that minimize
the expected false positives (a dynamic program over every interval of distinct sizes). datasketch
fills that interval table one numpy call per cell and runs the program in Python loops: a million
calls for a large run, before a single sketch is indexed (docs/performance.md). `size_partitions`
computes the same table from prefix sums and each step of the program as one array operation; it
follows datasketch's recurrence step for step (the test suite compares the two on many size
distributions), so the index is the same. `Ensemble` keeps the
index's band tables itself, with the same bands and keys as datasketch's (see its docstring).

It overrides datasketch's private `_init_optimal_params` and reads its partitions' MinHashLSH
band ranges: `lsh_ensemble` makes one only on the datasketch versions it was verified on and when
those attributes are there, else datasketch's own `MinHashLSHEnsemble` (the same pairs, slower).
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterable
from functools import cache
from typing import Any

import numpy as np
from datasketch import MinHashLSHEnsemble

from crosscheck.speedups.guard import Fallback, missing, version_problem

NAME = "lsh-ensemble"
LIBRARIES: tuple[str, ...] = ("datasketch",)
# What `Ensemble` reads or overrides of datasketch's class and of a new instance of it.
_CLASS_NEEDS = ("_init_optimal_params", "_get_optimal_param", "index", "query")
_INSTANCE_NEEDS = ("indexes", "lowers", "uppers", "h", "m", "threshold", "xqs", "params")


def false_positive_table(sizes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """table[l, u] (l <= u): expected false positives when sets of sizes sizes[l..u] are all taken to
    have size sizes[u], i.e. sum over k of (sizes[u] - sizes[k]) / sizes[u] * counts[k]; 0 below
    the diagonal."""
    s = sizes.astype(np.float64)
    c = counts.astype(np.float64)
    count_before = np.concatenate(([0.0], np.cumsum(c)))
    mass_before = np.concatenate(([0.0], np.cumsum(s * c)))
    n = len(s)
    lower = np.arange(n)[:, None]
    upper = np.arange(n)[None, :]
    in_range = count_before[upper + 1] - count_before[lower]
    mass = mass_before[upper + 1] - mass_before[lower]
    table = in_range - mass / s[None, :]
    table[lower > upper] = 0.0
    return np.maximum(table, 0.0)


def size_partitions(sizes: np.ndarray, counts: np.ndarray, num_part: int) -> list[tuple[int, int]]:
    """Bounds (lowest, highest size, inclusive) of `num_part` partitions of the distinct `sizes`
    (ascending, with their `counts`), as datasketch's `optimal_partitions` chooses them."""
    n = len(sizes)
    if num_part < 2:
        return [(int(sizes[0]), int(sizes[-1]))]
    if num_part >= n:
        return [(int(x), int(x)) for x in sizes]
    nfps = false_positive_table(sizes, counts)
    # after[u1, u] = nfps[u1 + 1, u]: the cost of a last partition that starts after u1 and ends at u.
    after = np.zeros((n, n))
    after[:-1] = nfps[1:]
    u1s = np.arange(n)[:, None]
    us = np.arange(n)[None, :]

    def best(previous: np.ndarray, first: int, u: int | None = None) -> tuple[Any, Any]:
        """min and argmin over u1 in [first, u) of previous[u1] + after[u1, u]; for every u at once
        when u is None (entries with no u1 in range are +inf)."""
        if u is not None:
            candidates = previous[first:u] + after[first:u, u]
            k = int(np.argmin(candidates))
            return candidates[k], first + k
        total = previous[:, None] + after
        total[(u1s < first) | (u1s >= us)] = np.inf
        return total.min(axis=0), None

    if num_part == 2:
        totals = nfps[0, :-1] + nfps[1:, -1]
        u = int(np.argmin(totals))
        return [(int(sizes[0]), int(sizes[u])), (int(sizes[u + 1]), int(sizes[-1]))]
    # cost[u, p - 2]: the best expected false positives of sizes[0..u] in p partitions (as datasketch
    # fills it: rows below p - 1 stay 0).
    cost = np.zeros((n, num_part - 2))
    for p in range(2, num_part):
        previous = nfps[0] if p == 2 else cost[:, p - 3]
        column, _ = best(previous, 0 if p == 2 else p - 2)
        cost[p - 1 :, p - 2] = column[p - 1 :]
    p = num_part
    _total, u = best(cost[:, p - 3], p - 2, n - 1)
    partitions = [(int(sizes[u + 1]), int(sizes[-1]))]
    p -= 1
    while p > 1:
        _total, u1 = best(cost[:, p - 2], p - 2, u)
        partitions.insert(0, (int(sizes[u1 + 1]), int(sizes[u])))
        u = u1
        p -= 1
    partitions.insert(0, (int(sizes[0]), int(sizes[u])))
    return partitions


class Ensemble(MinHashLSHEnsemble):  # type: ignore[misc]  # untyped library
    """datasketch's MinHashLSHEnsemble, with `size_partitions` choosing the partitions and lean band
    tables in place of its per-partition MinHashLSH storage.

    The tables hold what datasketch's would: for each partition, each row count r it uses and each
    band of r hash values (the very bands of its MinHashLSH for r), the keys whose sketch has
    those values there. A band's values are sliced from the sketch's byte-swapped hash values,
    swapped once per sketch, as datasketch's band keys are. A query asks, as datasketch's does, the
    first b bands of the r that its size and each partition's upper size call for; the keys it
    yields are the same (each partition's in another order)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # _tables[partition][r][band]: band bytes -> keys
        self._tables: list[dict[int, list[dict[bytes, list[Hashable]]]]] = [
            {r: [{} for _band in lsh.hashranges] for r, lsh in index.items()} for index in self.indexes
        ]
        self._keys: set[Hashable] = set()

    def _init_optimal_params(self, weights: Any) -> set[int]:
        """datasketch's (b, r) per query size ratio, worked out once per process for each setting
        (numerical integration, the same for every ensemble of these settings)."""
        self.xqs, params = _optimal_params(self.threshold, self.h, self.m, tuple(weights))
        self.params = params.copy()
        rs: set[int] = set()
        for _b, r in self.params:  # as datasketch collects them (numpy integers, in this order)
            rs.add(r)
        return rs

    def is_empty(self) -> bool:
        return not self._keys

    def __contains__(self, key: Hashable) -> bool:
        return key in self._keys

    def _swapped(self, sketch: Any) -> tuple[bytes, int]:
        """The sketch's hash values byte-swapped, as bytes, and the width of one value."""
        if len(sketch) != self.h:
            raise ValueError(f"Expecting minhash with length {self.h}, got {len(sketch)}")
        values = sketch.hashvalues
        return bytes(values.byteswap().data), int(values.itemsize)

    def index(self, entries: Iterable[tuple[Hashable, Any, int]]) -> None:
        """Index (key, MinHash, size) entries, once, as datasketch does."""
        if not self.is_empty():
            raise ValueError("Cannot call index again on a non-empty index")
        listed = list(entries)
        if not listed:
            raise ValueError("entries is empty")
        if any(size <= 0 for _key, _sketch, size in listed):
            raise ValueError("Set size must be positive")
        sizes, counts = np.unique(np.array([size for _key, _sketch, size in listed]), return_counts=True)
        for i, (lower, upper) in enumerate(size_partitions(sizes, counts, len(self.indexes))):
            self.lowers[i], self.uppers[i] = lower, upper
        listed.sort(key=lambda entry: entry[2])
        part = 0
        for key, sketch, size in listed:
            if size > self.uppers[part]:
                part += 1
            if key in self._keys:
                raise ValueError("The given key already exists")
            self._keys.add(key)
            swapped, width = self._swapped(sketch)
            for r, lsh in self.indexes[part].items():
                for table, (start, end) in zip(self._tables[part][r], lsh.hashranges, strict=True):
                    table.setdefault(swapped[start * width : end * width], []).append(key)

    def query(self, minhash: Any, size: int) -> list[Hashable]:
        """Keys of indexed sets that may contain much of the query set (datasketch's `query`), as one
        list, each key once."""
        swapped, width = self._swapped(minhash)
        found: list[Hashable] = []
        for i, index in enumerate(self.indexes):
            upper = self.uppers[i]
            if upper is None:
                continue
            b, r = self._get_optimal_param(upper, size)
            lsh = index[r]
            if b > len(lsh.hashranges):
                raise ValueError("b must be less or equal to the number of hash tables")
            here: set[Hashable] = set()  # a partition's keys: each key is in one partition only
            for table, (start, end) in zip(self._tables[i][r][:b], lsh.hashranges[:b], strict=True):
                keys = table.get(swapped[start * width : end * width])
                if keys:
                    here.update(keys)
            found.extend(here)
        return found


@cache
def _optimal_params(threshold: float, num_perm: int, m: int, weights: tuple[float, float]) -> tuple[Any, Any]:
    """datasketch's own `_init_optimal_params` results (query size ratios and their (b, r))."""
    probe = MinHashLSHEnsemble.__new__(MinHashLSHEnsemble)
    probe.threshold, probe.h, probe.m = threshold, num_perm, m
    MinHashLSHEnsemble._init_optimal_params(probe, weights)
    return probe.xqs, probe.params


def lsh_ensemble(threshold: float, num_perm: int, num_part: int, m: int, speedup: bool = True) -> Any:
    """An LSH Ensemble with these parameters: an `Ensemble` when `speedup` and datasketch is as
    verified, else datasketch's own (with one warning per process on the "crosscheck" logger)."""
    if speedup:
        reason = _problem()
        if reason is None:
            try:
                built = Ensemble(threshold=threshold, num_perm=num_perm, num_part=num_part, m=m)
                reason = missing(built, _INSTANCE_NEEDS) or _bands_problem(built)
            except Exception as exc:  # datasketch changed under the same version: its own class then
                reason = f"it failed to build ({type(exc).__name__}: {exc})"
            if reason is None:
                return built
        _warn_once(Fallback(NAME, reason))
    return MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm, num_part=num_part, m=m)


@cache
def _problem() -> str | None:
    return version_problem(LIBRARIES) or missing(MinHashLSHEnsemble, _CLASS_NEEDS)


def _bands_problem(ensemble: Any) -> str | None:
    for index in ensemble.indexes:
        for lsh in index.values():
            if not hasattr(lsh, "hashranges"):
                return "datasketch's MinHashLSH has no hashranges"
    return None


@cache
def _warn_once(fallback: Fallback) -> None:
    from crosscheck.speedups import describe

    logging.getLogger("crosscheck.speedups").warning(describe([fallback]))
