"""Matrix products through numpy's BLAS instead of the BLIS build bundled with thinc.

spaCy's small English pipeline spends most of its time in two network encoders, stacks of maxout
layers whose products thinc sends to BLIS. thinc's own public switch, `use_ops("numpy",
use_blis=False)` while the pipeline loads, gives every layer numpy's BLAS (OpenBLAS in numpy's
wheels) instead: on the machines measured (docs/performance.md) it multiplies these float32
matrices faster on one core. The numbers are the same: each output cell is the same dot product
(the suite compares the annotations with spaCy's, and the kernels check their own layers).

Only where thinc's current backend is its plain CPU one (`NumpyOps`): a GPU or Apple backend is
left alone. BLAS is held to one thread while the pipeline runs (`extractor.nlp.parse`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

NAME = "blas"
LIBRARIES: tuple[str, ...] = ("thinc",)


def applies() -> bool:
    """Whether thinc runs on its plain CPU backend (the one this switch replaces)."""
    from thinc.api import NumpyOps, get_current_ops

    return type(get_current_ops()) is NumpyOps


def problem() -> str | None:
    """What is off with thinc for this switch, or None."""
    import thinc.api

    if not hasattr(thinc.api, "use_ops"):
        return "thinc.api has no use_ops"
    return None


@contextmanager
def switched() -> Iterator[None]:
    """Layers built inside (a pipeline loading) multiply with numpy's BLAS."""
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        yield
