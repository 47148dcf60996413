"""What several speedups share: a pipeline component whose work is handed to it after it is built,
and the walk to a pipeline's thinc layers of one name."""

from __future__ import annotations

from typing import Any


class Deferred:
    """A pipeline component whose work is handed to it after spaCy has built it (a component
    factory cannot take objects): it passes Docs through until then."""

    def __init__(self) -> None:
        self.work: Any = None

    def __call__(self, doc: Any) -> Any:
        return self.work(doc) if self.work is not None else doc


def thinc_layers(nlp: Any, name: str) -> list[Any]:
    """Every thinc layer called `name` ("maxout", "layernorm") in the models of a pipeline's components."""
    found: list[Any] = []
    for _component_name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            found.extend(node for node in model.walk() if getattr(node, "name", None) == name)
    return found
