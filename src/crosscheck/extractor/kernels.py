"""Faster arithmetic for the model's neural layers, with the very same numbers.

spaCy's small English pipeline spends most of its time in two network encoders (the shared
tok2vec and the entity recognizer's own), each a stack of maxout layers. Three changes make them
cheaper without changing a single output value (the suite compares the annotations with spaCy's):

- Matrix products go through numpy's BLAS instead of the BLIS build bundled with thinc (thinc's own
  `NumpyOps(use_blis=False)` switch). On the machines measured (benchmarks/results.md) numpy's
  OpenBLAS multiplies the layers' float32 matrices 1.6-2.5x faster on one core. BLAS is held to one
  thread while the pipeline runs: the worker processes already use every core, and a product then
  never depends on how many threads split it.
- A maxout layer multiplies by its weights regrouped piece by piece (computed once per layer), so
  the maximum over the pieces is an elementwise maximum of whole contiguous blocks instead of
  thinc's loop over every cell. Each output cell is the same dot product plus the same bias, so the
  maximum is the same number.
- Layer normalization takes the same numpy steps as thinc's (the mean, the variance from the
  deviations, the scaling) but works out the deviations once and scales them in place.

`install(nlp)` applies them to a loaded pipeline and keeps thinc's own code for any layer it does
not recognize (another thinc, a layer with other dimensions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

_MAXOUT_WEIGHTS = "crosscheck_maxout_by_piece"


def install(nlp: Any) -> int:
    """Route the pipeline's layers through the faster kernels; returns how many maxout layers changed.
    Idempotent."""
    from thinc.api import NumpyOps
    from thinc.layers import layernorm, maxout

    ops = NumpyOps(use_blis=False)
    changed = 0
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:
                node.ops = ops
            if node.name == "maxout" and node._func in (maxout.forward, _maxout_forward) and _plain(node):
                node._func = _maxout_forward
                changed += 1
            if node.name == "layernorm" and node._func in (layernorm.forward, _layernorm_forward):
                node._func = _layernorm_forward
    return changed


def _plain(node: Any) -> bool:
    """A maxout layer with all its dimensions and float32 weights (anything else keeps thinc's code)."""
    if not all(node.has_dim(d) for d in ("nO", "nP", "nI")) or not all(node.has_param(p) for p in ("W", "b")):
        return False
    return bool(node.get_param("W").dtype == np.float32 and node.get_param("b").dtype == np.float32)


def _by_piece(model: Any) -> tuple[Any, Any]:
    """The layer's weights (nO, nP, nI) and bias (nO, nP) regrouped as (nP * nO, nI) and (nP * nO,),
    kept with the layer until its weights change."""
    W = model.get_param("W")
    b = model.get_param("b")
    kept = model.attrs.get(_MAXOUT_WEIGHTS)
    if kept is not None and kept[0] is W and kept[1] is b:
        return kept[2], kept[3]
    nO, nP, nI = model.get_dim("nO"), model.get_dim("nP"), model.get_dim("nI")
    W_piece = np.ascontiguousarray(W.reshape(nO, nP, nI).transpose(1, 0, 2).reshape(nP * nO, nI))
    b_piece = np.ascontiguousarray(b.reshape(nO, nP).T.reshape(nP * nO))
    model.attrs[_MAXOUT_WEIGHTS] = (W, b, W_piece, b_piece)
    return W_piece, b_piece


def _maxout_forward(model: Any, X: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
    from thinc.layers import maxout

    if is_train or X.dtype != np.float32 or X.ndim != 2:  # training and odd input: thinc's own code
        return maxout.forward(model, X, is_train)
    nO, nP = model.get_dim("nO"), model.get_dim("nP")
    W_piece, b_piece = _by_piece(model)
    Y = model.ops.gemm(X, W_piece, trans2=True)
    Y += b_piece
    pieces = Y.reshape(Y.shape[0], nP, nO)
    best = np.maximum(pieces[:, 0, :], pieces[:, 1, :]) if nP > 1 else pieces[:, 0, :].copy()
    for p in range(2, nP):
        np.maximum(best, pieces[:, p, :], out=best)

    def backprop(d_best: Any) -> Any:  # inference only: the pipeline is never trained here
        raise NotImplementedError("crosscheck's maxout kernel does not train")

    return best, backprop


def _layernorm_forward(model: Any, X: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
    """thinc's layer normalization with its very arithmetic (numpy's `mean` and `var` steps, the
    same scaling), the deviations from the mean computed once instead of twice and the scaling
    done in place: a third fewer passes over the array."""
    from thinc.layers import layernorm

    if is_train or X.dtype != np.float32 or X.ndim != 2 or not X.flags["C_CONTIGUOUS"]:
        return layernorm.forward(model, X, is_train)
    count = np.intp(X.shape[1])
    mean = np.add.reduce(X, axis=1, keepdims=True)  # X.mean(axis=1, keepdims=True)
    np.true_divide(mean, count, out=mean, casting="unsafe")
    dist = np.subtract(X, mean)
    var = np.add.reduce(np.square(dist), axis=1, keepdims=True)  # X.var(axis=1, keepdims=True)
    np.true_divide(var, count, out=var, casting="unsafe")
    var += 1e-08
    np.multiply(dist, var ** (-1.0 / 2.0), out=dist)  # (X - mean) * var ** (-1/2)
    np.multiply(dist, model.get_param("G"), out=dist)
    dist += model.get_param("b")

    def backprop(d_out: Any) -> Any:  # inference only: the pipeline is never trained here
        raise NotImplementedError("crosscheck's layer normalization kernel does not train")

    return dist, backprop


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS limited to one thread for the duration (restored afterwards)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
