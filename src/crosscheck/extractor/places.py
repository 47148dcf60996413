"""Where things are: one party's position relative to another ("a separate hangar on the base",
"close to the US contingent") and where a group is located ("most US forces are at a base in X")."""

from __future__ import annotations

import re
from typing import Any

from crosscheck.extractor.base import Draft, sentence_text
from crosscheck.extractor.context import attribution_for, country_of, norm_key, party_mentions
from crosscheck.extractor.event_places import event_place_claims
from crosscheck.extractor.nlp import token_forms
from crosscheck.extractor.numeric import noun_table
from crosscheck.lexicons import load_lexicon
from crosscheck.models import ClaimKind, PlaceValue, Subject

# Implied distance of "on the same base" / "close to": within about a kilometre and a half.
SAME_SITE_KM = 1.5
_FACILITY = (
    r"(?:hangar|wing|building|compound|complex|facility|section|area|part|base|camp|barracks|quarters|"
    r"zone|airbase|air base|site|installation|airfield|airport)"
)
_SAME_SITE = re.compile(
    rf"(?i)\b(?:(?:a|the|their|its)\s+)?(?P<facility>(?P<rel>separate|different|own|another|same)\s+(?:military\s+)?"
    rf"{_FACILITY})"
    rf"(?:\s+(?P<prep>at|on|of|in|within|inside)\s+(?P<site>(?:the\s+)?[\w’' -]{{2,40}}?))?"
    rf"(?=[,.;:]|\s+(?:which|in|and|ensuring|where|while|but|near|next)\b|$)"
)
_CLOSE = re.compile(
    r"(?i)\b(?P<rel>close to|next to|near to|near|adjacent to|alongside|beside)\s+(?P<ref>[^,.;]{3,60})"
)
_NAMED_PLACE = re.compile(
    r"\b(?:city|town|village|region|province|state|district|county|capital) of\s+"
    r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)"
)
_QUANTIFIERS = ("most", "all", "some", "half", "many", "few", "majority", "rest", "remainder", "bulk")


def _outside(sent: Any, span: tuple[int, int]) -> list[Any]:
    return [c for s, _e, c in party_mentions(sent.text) if not (span[0] <= s < span[1])]


def position_claims(sent: Any) -> list[Draft]:
    """One party placed on the same site as, or close to, another party."""
    drafts: list[Draft] = []
    text = sent.text
    for match in _SAME_SITE.finditer(text):
        if match.group("rel").lower() != "same" and not match.group("site"):
            continue  # "a separate compound" alone says nothing about distance
        parties = _outside(sent, match.span())
        unique = list(dict.fromkeys(parties))
        if len(unique) < 2:
            continue
        entity, reference = unique[0], unique[1]
        same = match.group("rel").lower() == "same"
        site = match.group("facility") if same else str(match.group("site"))
        drafts.append(
            _position(
                sent,
                match.start(),
                match.end(),
                entity,
                reference,
                site,
                "same site",
                f"place/same-site:{match.group('rel').lower()}",
            )
        )
    for match in _CLOSE.finditer(text):
        ref = match.group("ref")
        ref_countries = [c for _s, _e, c in party_mentions(ref)]
        if not ref_countries:
            continue
        before = [c for _s, _e, c in party_mentions(text[: match.start()])]
        entity = next((c for c in before if c.key != ref_countries[0].key), None)
        if entity is None:
            continue
        drafts.append(
            _position(
                sent,
                match.start(),
                match.end(),
                entity,
                ref_countries[0],
                ref.strip(),
                match.group("rel").lower(),
                "place/close-to",
            )
        )
    return drafts


def _position(
    sent: Any, start: int, end: int, entity: Any, reference: Any, place: str, relation: str, rule: str
) -> Draft:
    base = sent.start_char
    return Draft(
        kind=ClaimKind.PLACE,
        subject=Subject(
            key=f"position|{entity.key}|{reference.key}",
            label=f"where {entity.adjective} forces are relative to {reference.adjective} forces",
        ),
        value=PlaceValue(
            entity=entity.adjective,
            place=place,
            relation=relation,
            distance_km_low=0.0,
            distance_km_high=SAME_SITE_KM,
        ),
        start=base + start,
        end=base + end,
        sentence=sentence_text(sent),
        rule=rule,
        attribution=attribution_for(sent.root, sent),
    )


def location_claims(sent: Any) -> list[Draft]:
    """Where a counted group is: "most US forces in X are stationed at a base in the city of Y"."""
    drafts: list[Draft] = []
    presence = set(load_lexicon("events")["presence_verbs"])
    table = noun_table()
    forms = token_forms(sent.doc)
    for i in range(sent.start, sent.end):
        category = table.category.get(forms.lower[i]) or table.category.get(forms.lemma[i])
        if category is None or forms.pos[i] not in ("NOUN", "PROPN"):
            continue
        token = sent.doc[i]
        countries = list(
            dict.fromkeys(c for t in token.subtree if t.i < token.i and (c := country_of(t.text)) is not None)
        )
        if not countries:
            continue
        holder = token
        quantifier = next((t.lower_ for t in token.lefts if t.lower_ in _QUANTIFIERS), None)
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in _QUANTIFIERS:
            holder = token.head.head
            quantifier = holder.lower_
        if holder.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = holder.head
        if verb.lemma_.lower() not in presence:
            continue
        rest = sent.doc[verb.i + 1 : sent.end]
        named = _NAMED_PLACE.search(rest.text)
        if named is None:
            continue
        prep = next((t for t in rest if t.lower_ in ("at", "in") and t.idx - rest.start_char < named.start()), None)
        start = prep.idx if prep is not None else rest.start_char + named.start()
        end = rest.start_char + named.end()
        actor = "+".join(sorted({c.key for c in countries}))
        adjective = " and ".join(dict.fromkeys(c.adjective for c in countries))
        who = f"{quantifier} of the " if quantifier else ""
        drafts.append(
            Draft(
                kind=ClaimKind.PLACE,
                subject=Subject(
                    key=f"location|{norm_key(category)}|{actor}|{quantifier or '-'}",
                    label=f"where {who}{adjective} {category} are based",
                ),
                value=PlaceValue(entity=f"{who}{adjective} {category}", place=named.group("name"), relation="based in"),
                start=start,
                end=end,
                sentence=sentence_text(sent),
                rule="place/located-in",
                attribution=attribution_for(verb, sent),
            )
        )
    return drafts


_NAMED_LABELS = frozenset({"FAC", "ORG", "GPE", "LOC"})
_IS_AT = re.compile(
    r"(?i)^,?\s*(?:which|that|who)?\s*(?:is|was|are|were|lies|sits|stands)\s+(?:located\s+|situated\s+|based\s+)?"
    r"(?P<rel>next to|close to|near|adjacent to|outside|inside|in|at|"
    r"(?:north|south|east|west)(?:-?(?:east|west))? of)\s+"
    r"(?:the\s+)?"
)


def named_place_claims(sent: Any) -> list[Draft]:
    """Where a named place is ("X, which is next to Y", "X is located in Y"), and where the sentence's
    events happened or people were sent (event_places)."""
    drafts: list[Draft] = event_place_claims(sent)
    ents = [e for e in sent.ents if e.label_ in _NAMED_LABELS]
    if not ents:
        return drafts
    text, base = sent.text, sent.start_char  # one join of the sentence's tokens, not one per entity
    for ent in ents:
        match = _IS_AT.match(text[ent.end_char - base :])
        if match is None:
            continue
        at = ent.end_char + match.end()
        target = next((e for e in ents if e.start_char == at), None)
        if target is None:
            continue
        relation = match.group("rel").lower()
        drafts.append(
            Draft(
                kind=ClaimKind.PLACE,
                subject=Subject(key=f"placeof|{norm_key(ent.text)}", label=f"where {ent.text} is"),
                value=PlaceValue(entity=ent.text, place=target.text, relation=relation),
                start=ent.start_char,
                end=target.end_char,
                sentence=sentence_text(sent),
                rule="place/named-is-at",
            )
        )
    return drafts
