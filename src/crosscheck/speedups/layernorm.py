"""thinc's layer normalization with its very arithmetic, in fewer passes over the array.

The same numpy steps as thinc's `layernorm.forward` (the mean, the variance from the deviations,
the same epsilon and scaling), but the deviations from the mean are computed once instead of twice
and scaled in place. A layer gets this kernel only while it runs thinc's own forward function and
when the kernel gives thinc's numbers bit for bit on that very layer (checked on the spot): a thinc
that changed its arithmetic under the same name keeps its own code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from crosscheck.speedups.parts import thinc_layers

NAME = "layernorm"
LIBRARIES: tuple[str, ...] = ("thinc",)
_CHECK_ROWS = 5


def _layers(nlp: Any) -> list[Any]:
    return thinc_layers(nlp, NAME)


def applies(nlp: Any) -> bool:
    """Whether the pipeline has layer normalizations."""
    return bool(_layers(nlp))


def problem(nlp: Any) -> str | None:
    """What is off with thinc's layernorm layers for this kernel, or None."""
    from thinc.layers import layernorm

    for node in _layers(nlp):
        if not hasattr(node, "_func"):
            return "thinc's Model has no _func"
        if node._func not in (layernorm.forward, forward):
            return "a layernorm layer does not run thinc.layers.layernorm.forward"
        if not _same_numbers(node):
            return "the layer normalization kernel does not give thinc's numbers on this model"
    return None


def _same_numbers(node: Any) -> bool:
    from thinc.layers import layernorm

    if not node.has_dim("nI") or not all(node.has_param(p) for p in ("G", "b")):
        return False
    rng = np.random.default_rng(0)
    X: Any = (rng.standard_normal((_CHECK_ROWS, node.get_dim("nI"))) * 7 + 3).astype(np.float32)
    expected, _ = layernorm.forward(node, X, False)
    got, _ = forward(node, X, False)
    return bool(got.shape == expected.shape and got.tobytes() == expected.tobytes())


def install(nlp: Any) -> bool:
    """Route the pipeline's layer normalizations through `forward` (idempotent)."""
    for node in _layers(nlp):
        node._func = forward
    return True


def remove(nlp: Any) -> None:
    """thinc's own layer normalization again."""
    from thinc.layers import layernorm

    for node in _layers(nlp):
        if getattr(node, "_func", None) is forward:
            node._func = layernorm.forward


def forward(model: Any, X: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
    """thinc's layer normalization for inference on C-contiguous float32 rows."""
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
