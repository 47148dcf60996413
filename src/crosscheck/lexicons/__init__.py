"""Lexicon files (YAML) shipped inside the package, loaded once and cached."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from crosscheck.errors import LexiconError

# PyYAML's safe loader, compiled against libyaml when the wheel has it (10x faster on the lexicons).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_yaml(text: str) -> Any:
    """A YAML document read with the safe loader (in C when libyaml is there; same documents)."""
    return yaml.load(text, Loader=_LOADER)


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    """Load `lexicons/<name>.yaml`; raises LexiconError when it is missing or malformed."""
    try:
        text = resources.files("crosscheck.lexicons").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
        data = safe_yaml(text)
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"lexicon {name!r} cannot be read: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != 1:
        raise LexiconError(f"lexicon {name!r} has no 'version: 1' mapping")
    return data
