"""Moved to crosscheck.speedups.ensemble, with every other patch of a third-party library.

Kept only so that tests/test_derivation.py's three ensemble tests (now also in
tests/test_speedups.py) import until they are dropped there; then this file goes.
"""

from crosscheck.speedups.ensemble import Ensemble, _optimal_params, size_partitions

__all__ = ["Ensemble", "_optimal_params", "size_partitions"]
