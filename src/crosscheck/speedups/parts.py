"""What several speedups share: a pipeline component whose work is handed to it after it is built."""

from __future__ import annotations

from typing import Any


class Deferred:
    """A pipeline component whose work is handed to it after spaCy has built it (a component
    factory cannot take objects): it passes Docs through until then."""

    def __init__(self) -> None:
        self.work: Any = None

    def __call__(self, doc: Any) -> Any:
        return self.work(doc) if self.work is not None else doc
