"""thinc's maxout layer, with its weights regrouped piece by piece, for the very same numbers.

thinc's maxout multiplies by its weights laid out (nO, nP, nI) and then takes the maximum over the
pieces of each output with a loop over every cell. Here the weights are regrouped once per layer as
(nP * nO, nI), so the maximum over the pieces is an elementwise maximum of whole contiguous blocks.
Each output cell is the same dot product plus the same bias, so the maximum is the same number.

A layer gets this kernel only when it is a plain float32 maxout still running thinc's own
`maxout.forward`, and when the kernel gives thinc's numbers bit for bit on that very layer (checked
on the spot, on a few rows). Training and odd inputs go to thinc's own code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from crosscheck.speedups.parts import thinc_layers

NAME = "maxout"
LIBRARIES: tuple[str, ...] = ("thinc",)
_BY_PIECE = "crosscheck_maxout_by_piece"
_CHECK_ROWS = 5


def _layers(nlp: Any) -> list[Any]:
    return thinc_layers(nlp, NAME)


def _plain(node: Any) -> bool:
    """A maxout layer with all its dimensions and float32 weights (anything else keeps thinc's code)."""
    if not all(node.has_dim(d) for d in ("nO", "nP", "nI")) or not all(node.has_param(p) for p in ("W", "b")):
        return False
    return bool(node.get_param("W").dtype == np.float32 and node.get_param("b").dtype == np.float32)


def applies(nlp: Any) -> bool:
    """Whether the pipeline has maxout layers."""
    return bool(_layers(nlp))


def problem(nlp: Any) -> str | None:
    """What is off with thinc's maxout layers for this kernel (another forward function, other
    numbers), or None."""
    from thinc.layers import maxout

    for node in _layers(nlp):
        if not hasattr(node, "_func"):
            return "thinc's Model has no _func"
        if node._func not in (maxout.forward, forward):
            return "a maxout layer does not run thinc.layers.maxout.forward"
        if _plain(node) and not _same_numbers(node):
            return "the regrouped maxout kernel does not give thinc's numbers on this model"
    return None


def _same_numbers(node: Any) -> bool:
    from thinc.layers import maxout

    X: Any = np.random.default_rng(0).standard_normal((_CHECK_ROWS, node.get_dim("nI"))).astype(np.float32)
    expected, _ = maxout.forward(node, X, False)
    got, _ = forward(node, X, False)
    return bool(got.shape == expected.shape and got.tobytes() == expected.tobytes())


def install(nlp: Any) -> bool:
    """Route the pipeline's plain maxout layers through `forward` (idempotent); False when none is."""
    plain = [node for node in _layers(nlp) if _plain(node)]
    for node in plain:
        node._func = forward
    return bool(plain)


def remove(nlp: Any) -> None:
    """thinc's own maxout again."""
    from thinc.layers import maxout

    for node in _layers(nlp):
        if getattr(node, "_func", None) is forward:
            node._func = maxout.forward


def _by_piece(model: Any) -> tuple[Any, Any]:
    """The layer's weights (nO, nP, nI) and bias (nO, nP) regrouped as (nP * nO, nI) and (nP * nO,),
    kept with the layer until its weights change."""
    W = model.get_param("W")
    b = model.get_param("b")
    kept = model.attrs.get(_BY_PIECE)
    if kept is not None and kept[0] is W and kept[1] is b:
        return kept[2], kept[3]
    nO, nP, nI = model.get_dim("nO"), model.get_dim("nP"), model.get_dim("nI")
    W_piece = np.ascontiguousarray(W.reshape(nO, nP, nI).transpose(1, 0, 2).reshape(nP * nO, nI))
    b_piece = np.ascontiguousarray(b.reshape(nO, nP).T.reshape(nP * nO))
    model.attrs[_BY_PIECE] = (W, b, W_piece, b_piece)
    return W_piece, b_piece


def forward(model: Any, X: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
    """thinc's maxout forward pass, for inference on float32 rows."""
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
