"""Lexicon files (YAML) shipped inside the package, loaded once and cached; and regexes built from
their phrase lists as tries."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


def trie_alternation(names: Iterable[str]) -> str:
    """A regex matching any of `names` (a space matches any run of whitespace), as a trie: each
    character is tried once per position instead of once per name, and where one name is a prefix
    of another the longer is tried first, so the match is the one longest-first alternation gives."""
    return trie_pattern((name, "") for name in names)


def trie_pattern(entries: Iterable[tuple[str, str]]) -> str:
    """Like `trie_alternation`, with a pattern after each name: (name, tail) pairs, where the tail
    (a word boundary, a lookahead, whitespace...) must match right after that name. Names sharing a
    prefix share its characters; after a whole name, longer names are tried before its tails."""
    trie: dict[str, Any] = {}
    for name, tail in entries:
        node = trie
        for char in name:
            node = node.setdefault(r"\s+" if char == " " else re.escape(char), {})
        node.setdefault("", set()).add(tail)

    def emit(node: dict[str, Any]) -> str:
        branches = [unit + emit(child) for unit, child in sorted(node.items()) if unit]
        tails = sorted(node.get("", ()))
        if tails == [""]:  # a whole name with nothing after it: the rest is optional
            if not branches:
                return ""
            return "(?:" + "|".join(branches) + ")?"
        options = branches + tails
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return emit(trie)
