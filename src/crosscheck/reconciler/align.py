"""Which claims are about the same thing: alignment on claim frames.

Counts and shares are aligned on their frames (`Claim.frame`), not on their display subject: two
claims meet when kind and unit match and every slot that separates facts is equal or synonymous
(one synonym class for died / killed / dead): the predicate, the theme (unknown on one side joins
the group that has one), what narrows the theme (a nationality, a sub-group), the degree
("seriously" injured), whose figure it is, an earlier event's year, a deadline, and, for a part of
a larger figure in its sentence (a list item, "including ..."), that it is a part. A place separates
two figures only where the source ties it to the figure itself ("1,300 people in Alpha Province",
"12 in Beta"): the place of the clause ("the quake struck near X, killing 2,000") is where the event
happened, not a narrower count, and an article's country is never guessed.

Claims whose frame says neither what happened nor what is counted keep their subject key.
Blocking is by key (a dict), so alignment is linear in the number of claims.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from crosscheck.extractor.context import norm_key
from crosscheck.models import Claim, ClaimKind, Frame

__all__ = ["frame_key", "group_by_frames", "join_unplaced", "merge_spellings", "scoped_place", "subject_key"]

# Two place names in otherwise equal keys this similar are one place spelled two ways
# ("Marrakech" / "Marrakesh"): rapidfuzz ratio, same first letter.
SPELLING_MATCH = 85

_FRAME_KINDS = frozenset({ClaimKind.COUNT, ClaimKind.PERCENT})
# Parts that make a figure a piece of a larger one stated beside it.
_PARTS = frozenset({"item", "including", "of whom", "subgroup", "some of"})
_LOCATIVE = r"(?:in|at|from|across|inside|outside|near|within)"
# The theme of most tolls: a figure with no head noun ("at least 20 were killed") joins it first.
_DEFAULT_THEMES = ("people",)
_UNKNOWN = "?"


def scoped_place(claim: Claim) -> str | None:
    """The frame's place when the source ties it to the figure itself: the place follows the
    claim's words directly ("1,300 people in Alpha Province", "12 in Beta"), within a few words."""
    place = claim.frame.place
    if not place:
        return None
    return place if _tied(claim.text, claim.sentence, place) else None


@lru_cache(maxsize=65536)
def _tied(text: str, sentence: str, place: str) -> bool:
    pattern = (
        re.escape(text)
        + r"(?:\s+[\w'’-]+){0,3}?\s+"
        + _LOCATIVE
        + r"\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,3}?"
        + re.escape(place)
        + r"(?!\w)"
    )
    return re.search(pattern, sentence) is not None


def _time(frame: Frame) -> str:
    time = frame.time
    if time is None or time.relation in ("event", "as_of"):
        return "-"  # as-of times explain a difference (severity); they do not make another fact
    return f"{time.relation}:{time.year or norm_key(time.text or '')}"


def frame_key(claim: Claim, canonical: Callable[[str], str] = norm_key) -> tuple[str, str] | None:
    """The claim's alignment key without its theme, and its theme ('?' when unknown); None when the
    frame says too little (the subject key is used)."""
    if claim.kind not in _FRAME_KINDS:
        return None
    frame = claim.frame
    predicate = frame.predicate_class or (norm_key(frame.predicate) if frame.predicate else None)
    theme = frame.theme_class or (norm_key(frame.theme) if frame.theme else None)
    if predicate is None and theme is None:
        return None
    if claim.kind is ClaimKind.PERCENT and not claim.rule.count("noun:"):
        return None  # a bare share ("turnout was 74%"): its subject names what it is a share of
    unit = getattr(claim.value, "unit", "")
    part = frame.part if frame.part in _PARTS or frame.part_of else "-"
    place = scoped_place(claim)
    parts = [
        claim.kind.value,
        str(unit),
        predicate or "-",
        "+".join(sorted({norm_key(m) for m in frame.modifiers})) or "-",
        frame.degree or "-",
        canonical(frame.holder) if frame.holder else "-",
        _time(frame),
        part or "-",
        canonical(place) if place else "-",
    ]
    return "frame|" + "|".join(parts), theme or _UNKNOWN


def group_by_frames(claims: Iterable[Claim], canonical: Callable[[str], str] = norm_key) -> dict[str, list[Claim]]:
    """Claims with a usable frame, bucketed: one bucket per key and theme, and the claims whose theme
    is unknown joined to the bucket of the same key that has a theme (the default theme first, else
    the best-attested one). Returns buckets keyed by a string; claims without a usable frame are not
    in it (`frame_key` is None for them)."""
    blocks: dict[str, dict[str, list[Claim]]] = {}
    for claim in claims:
        found = frame_key(claim, canonical)
        if found is None:
            continue
        key, theme = found
        blocks.setdefault(key, {}).setdefault(theme, []).append(claim)
    buckets: dict[str, list[Claim]] = {}
    for key, themes in blocks.items():
        unknown = themes.pop(_UNKNOWN, [])
        if unknown and themes:
            target = next((t for t in _DEFAULT_THEMES if t in themes), None)
            if target is None:
                target = max(sorted(themes), key=lambda t: len({c.source for c in themes[t]}))
            themes[target] = [*themes[target], *unknown]
        elif unknown:
            themes[_UNKNOWN] = unknown
        for theme, members in themes.items():
            buckets[f"{key}|{theme}"] = members
    return buckets


# Where a subject key holds the place of the claim: kind -> index of its place part.
_PLACE_PART = {ClaimKind.COUNT: 3, ClaimKind.PERCENT: 3}


_COMPASS = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern|erly|ward|wards)?"
_AFTER_DISTANCE = re.compile(
    r"^\s*(?:\([^()]{1,30}\)\s*)?(?:away\s+)?(?:" + _COMPASS + r"\s+)?(?:of|from)\s+(?:the\s+)?"
    r"((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3})"
)
_DIMENSION = re.compile(
    r"(?i)\b(depth|altitude|height|radius|length|width|range|elevation|diameter)\s+of\s+"
    r"(?:about\s+|around\s+|some\s+)?(?:[\d.,]+\s*[a-z]*\s*\(\s*)?$"  # "a depth of 18.5km (11.5 miles)"
)


def _distance_reference(claim: Claim) -> str | None:
    """What a distance is measured from or of, read off its sentence when the parse found nothing:
    "44 miles (70km) south of Marrakech" -> marrakech; "a depth of 18.5km" -> depth."""
    at = claim.sentence.find(claim.text)
    if at < 0:
        return None
    dimension = _DIMENSION.search(claim.sentence[:at])
    if dimension:
        return dimension.group(1).lower()
    found = _AFTER_DISTANCE.match(claim.sentence[at + len(claim.text) :])
    return norm_key(found.group(1)) if found else None


def subject_key(claim: Claim) -> str:
    """The claim's subject key with its place part kept when the sentence puts the figure in that
    country ("in Chad", "to neighbouring Chad"), else replaced by the place its source ties to the
    figure (or '-'): a country read off the rest of the article or of the sentence is where the story
    happens, not what the figure counts, and it split one fact into several keys."""
    key = claim.subject.key
    if claim.kind is ClaimKind.DISTANCE and key.startswith("distance|") and key.endswith("|-"):
        reference = _distance_reference(claim)
        return f"{key[:-1]}{reference}" if reference else key
    index = _PLACE_PART.get(claim.kind)
    if index is None:
        return key
    parts = key.split("|")
    if len(parts) <= index:
        return key
    if parts[index] != "-" and _named_as_place(parts[index], claim.sentence):
        return key  # "deployed to neighbouring Chad": the sentence puts the figure there
    place = scoped_place(claim)
    parts[index] = norm_key(place) if place else "-"
    return "|".join(parts)


@lru_cache(maxsize=65536)
def _named_as_place(country: str, sentence: str) -> bool:
    pattern = r"\b(?:in|to|into|inside|within|at)\s+(?:the\s+)?(?:neighbou?ring\s+)?" + re.escape(country) + r"(?!\w)"
    return re.search(pattern, sentence) is not None


def merge_spellings(buckets: dict[str, list[Claim]]) -> dict[str, list[Claim]]:
    """Join distance buckets whose keys differ only in the spelling of their reference place."""
    from rapidfuzz import fuzz

    merged: dict[str, list[Claim]] = {}
    seen: dict[str, list[str]] = {}  # key without its last part -> last parts kept so far
    for key in sorted(buckets):
        head, _, last = key.rpartition("|")
        target = key
        if key.startswith("distance|") and last not in ("", "-"):
            kept = seen.setdefault(head, [])
            same = next((k for k in kept if k[0] == last[0] and fuzz.ratio(k, last) >= SPELLING_MATCH), None)
            if same is None:
                kept.append(last)
            else:
                target = f"{head}|{same}"
        merged.setdefault(target, []).extend(buckets[key])
    return merged


def join_unplaced(buckets: dict[str, list[Claim]]) -> dict[str, list[Claim]]:
    """A count or share with no place is compatible with one that has a country: the claims of a
    key whose place part is '-' join the bucket of the same key in the country that most sources
    name (when one country leads); a narrower place (a province, a town) is a part of the whole, so
    an unplaced figure never joins it."""
    from crosscheck.extractor.context import country_of

    families: dict[tuple[str, ...], list[tuple[str, str]]] = {}  # key less its place -> (key, place)
    for key in buckets:
        base, _, unit = key.partition("#")  # "count|...|Niger#item": the unit the reconciler adds
        parts = base.split("|")
        if parts[0] in ("count", "percent") and len(parts) > 3:
            families.setdefault((*parts[:3], *parts[4:], unit), []).append((key, parts[3]))
    merged = dict(buckets)
    for _family, members in sorted(families.items()):
        unplaced = [k for k, place in members if place == "-"]
        placed = [k for k, place in members if place != "-" and country_of(place) is not None]
        if not unplaced or not placed:
            continue
        reach = sorted(((len({c.source for c in buckets[k]}), k) for k in placed), reverse=True)
        if len(reach) > 1 and reach[0][0] == reach[1][0]:
            continue  # two countries as well attested: the figure could be either's
        target = reach[0][1]
        for key in unplaced:
            merged[target] = [*merged[target], *merged.pop(key)]
    return merged
