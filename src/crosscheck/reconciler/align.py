"""Which claims are about the same thing: alignment keys built from claim frames and subject keys.

Two claims from different sources meet when their keys are equal. The keys are the extractor's
subject keys, corrected where a slot was noise, and frame keys where the frame knows more:

- A country read off the rest of the article or of the sentence is where the story happens, not what
  a figure counts: a count's or share's place part is kept only when the sentence puts the figure in
  that country ("in Chad", "to neighbouring Chad"), else it is the place the source ties to the figure
  itself ("1,300 people in Alpha Province", "12 in Beta"), else unknown; and an unknown place joins
  the country most sources name (`join_unplaced`), never a province or town (a part of the whole).
- A distance whose reference the parse missed takes it from the words after it ("31 miles (50km)
  south of X") or the dimension before it ("a depth of 12.5km"); two spellings of one reference
  place are one (`merge_spellings`).
- A count of an open-class noun ("30 fire service teams", "17 coaches") is keyed on its theme and
  modifiers, actor, degree, holder, time and part, and grouped by the synonym class of its predicate;
  a predicate outside the lexicon is unknown and joins the best-attested class (`group_by_frames`).

Blocking is by key (dicts), so alignment is linear in the number of claims.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from crosscheck.extractor.context import norm_key
from crosscheck.models import Claim, ClaimKind, Frame

__all__ = [
    "frame_key",
    "group_by_frames",
    "join_unplaced",
    "merge_holders",
    "merge_spellings",
    "scoped_place",
    "subject_key",
]

# Two place names in otherwise equal keys this similar are one place spelled two ways
# ("Varnholt" / "Varnhold"): rapidfuzz ratio, same first letter.
SPELLING_MATCH = 85

_LOCATIVE = r"(?:in|at|from|across|inside|outside|near|within)"
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


def _singular(word: str) -> str:
    """ "ambulances" -> "ambulance": a lemma the tagger left plural (a capitalized noun)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def frame_key(claim: Claim, canonical: Callable[[str], str] = norm_key) -> tuple[str, str] | None:
    """For a count of an open-class noun ("four plants", "30 fire service teams"): its alignment key
    without its predicate, and its predicate's synonym class, '?' when it has none: a verb outside
    the lexicon ("press", "emerge", "occur") is read from the clause around the count and too often
    says nothing of what is counted. None for other claims (their subject key is used)."""
    if claim.kind is not ClaimKind.COUNT or "+open:" not in claim.rule or "+list:" in claim.rule:
        return None
    frame = claim.frame
    if not frame.theme:
        return None
    parts = claim.subject.key.split("|")
    actor = parts[2] if len(parts) > 2 else "-"
    theme = frame.theme_class or _singular(norm_key(frame.theme))
    words = [_singular(norm_key(m)) for m in frame.modifiers]
    place = scoped_place(claim)
    parts = [
        "count",
        str(getattr(claim.value, "unit", "")),
        " ".join([*words, theme]),
        actor,
        frame.degree or "-",
        canonical(frame.holder) if frame.holder else "-",
        _time(frame),
        frame.part or "-",
        canonical(place) if place else "-",
    ]
    return "open|" + "|".join(parts), frame.predicate_class or _UNKNOWN


def group_by_frames(claims: Iterable[Claim], canonical: Callable[[str], str] = norm_key) -> dict[str, list[Claim]]:
    """Open-class counts bucketed by `frame_key`: one bucket per key and predicate class, and the
    claims whose predicate has no class joined to the best-attested class of the same key.
    Claims without a frame key are left out."""
    blocks: dict[str, dict[str, list[Claim]]] = {}
    for claim in claims:
        found = frame_key(claim, canonical)
        if found is None:
            continue
        key, predicate = found
        blocks.setdefault(key, {}).setdefault(predicate, []).append(claim)
    buckets: dict[str, list[Claim]] = {}
    for key, classes in blocks.items():
        unknown = classes.pop(_UNKNOWN, [])
        if unknown and classes:
            target = max(sorted(classes), key=lambda t: len({c.source for c in classes[t]}))
            classes[target] = [*classes[target], *unknown]
        elif unknown:
            classes[_UNKNOWN] = unknown
        for predicate, members in classes.items():
            buckets[f"{key}|{predicate}"] = members
    return buckets


# Where a subject key holds the place of the claim: kind -> index of its place part.
_PLACE_PART = {ClaimKind.COUNT: 3, ClaimKind.PERCENT: 3, ClaimKind.DATE: 2, ClaimKind.TIME: 2}
_PLACE_INDEX = {kind.value: index for kind, index in _PLACE_PART.items()}


_COMPASS = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern|erly|ward|wards)?"
_AFTER_DISTANCE = re.compile(
    r"^\s*(?:\([^()]{1,30}\)\s*)?(?:away\s+)?(?:" + _COMPASS + r"\s+)?(?:of|from)\s+(?:the\s+)?"
    r"((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3})"
)
_DIMENSION = re.compile(
    r"(?i)\b(depth|altitude|height|radius|length|width|range|elevation|diameter)\s+of\s+"
    r"(?:about\s+|around\s+|some\s+)?(?:[\d.,]+\s*[a-z]*\s*\(\s*)?$"  # "a depth of 12.5km (7.8 miles)"
)


def _distance_reference(claim: Claim) -> str | None:
    """What a distance is measured from or of, read off its sentence when the parse found nothing:
    "31 miles (50km) south of Varnholt" -> varnholt; "a depth of 12.5km" -> depth."""
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
    """A count, share, date or time with no place is compatible with one that has a country: the claims of a
    key whose place part is '-' join the bucket of the same key in the country that most sources
    name (when one country leads); a narrower place (a province, a town) is a part of the whole, so
    an unplaced figure never joins it."""
    from crosscheck.extractor.context import country_of

    families: dict[tuple[str, ...], list[tuple[str, str]]] = {}  # key less its place -> (key, place)
    for key in buckets:
        base, _, unit = key.partition("#")  # "count|...|Niger#item": the unit the reconciler adds
        parts = base.split("|")
        index = _PLACE_INDEX.get(parts[0])
        if index is not None and len(parts) > index:
            families.setdefault((*parts[:index], *parts[index + 1 :], unit), []).append((key, parts[index]))
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


def merge_holders(buckets: dict[str, list[Claim]]) -> dict[str, list[Claim]]:
    """Join count and share buckets whose keys differ only in how their holder is named ("Roe",
    "Jane Roe", "party leader Jane Roe"): one person by the names matcher; a holder that could be
    two of the keys' people ("J. Roe" beside Jane and John Roe) joins neither."""
    from crosscheck.reconciler.names import cluster_names

    families: dict[tuple[str, str], dict[str, str]] = {}  # (key less holder, unit) -> holder -> key
    for key, claims in buckets.items():
        base, _, unit = key.partition("#")
        head, _, last = base.rpartition("|")
        if not head.startswith(("percent|", "count|")) or not claims:
            continue
        if all(c.frame.holder is not None and norm_key(c.frame.holder) == last for c in claims):
            families.setdefault((head, unit), {})[last] = key
    merged = dict(buckets)
    for _family, keys in sorted(families.items()):
        if len(keys) < 2:
            continue
        weight = {holder: len({c.source for c in buckets[key]}) for holder, key in keys.items()}
        for cluster in cluster_names(sorted(keys), weight):
            if cluster.ambiguous or len(cluster.names) < 2:
                continue
            target = keys[max(cluster.names, key=lambda n: (weight[n], len(n), n))]
            for name in cluster.names:
                if keys[name] != target:
                    merged[target] = [*merged[target], *merged.pop(keys[name])]
    return merged
