"""Counts, money, distances, durations and percentages, with the subject they are about."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from crosscheck.extractor.base import Draft, as_of_in, sentence_text
from crosscheck.extractor.context import (
    Country,
    DocContext,
    actor_for,
    attribution_for,
    countries_in,
    country_of,
    head_chain,
    modality_for,
    norm_key,
    place_for,
)
from crosscheck.extractor.dates import parse_date_phrase
from crosscheck.extractor.quantities import QuantityMatch, find_quantities
from crosscheck.lexicons import load_lexicon
from crosscheck.models import ClaimKind, Subject

_KIND = {
    "count": ClaimKind.COUNT,
    "money": ClaimKind.MONEY,
    "distance": ClaimKind.DISTANCE,
    "duration": ClaimKind.DURATION,
    "percent": ClaimKind.PERCENT,
}
_WINDOW = re.compile(r"(?i)\b(?:in|over|during|within|for)\s+the\s+(?:last|past|previous|next|coming)\s*$")
# Whose people a count is about may be read off the sentence only for parties to a conflict
# ("told the US to remove its 1,000 military personnel"); casualties take an actor from their own
# modifiers alone, so "2,000 killed in Morocco's mountains" never becomes "Moroccan killed".
PARTY_CATEGORIES = frozenset({"military personnel", "fighters"})
_RELATIVE = re.compile(r"(?i)\s*(?:after|before|later|earlier|ago|into|since|from now)\b")
_DIRECTION = re.compile(
    r"^(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern|erly|ward)?$"
)
_STOP_POS = frozenset({"VERB", "AUX", "PUNCT", "SCONJ", "PRON", "PART"})
MONEY_CONTEXT = frozenset(
    {
        "cost",
        "invest",
        "investment",
        "aid",
        "spend",
        "spending",
        "fund",
        "funding",
        "pay",
        "payment",
        "loan",
        "budget",
        "price",
        "worth",
        "damage",
        "ransom",
        "fine",
        "deal",
        "contract",
        "revenue",
        "sell",
        "buy",
        "raise",
        "grant",
        "assistance",
        "support",
        "donate",
        "pledge",
        "compensation",
        "package",
        "bill",
        "debt",
        "salary",
        "profit",
        "loss",
        "sale",
        "value",
        "valuation",
        "bail",
        "reward",
        "bounty",
        "tax",
        "relief",
        "reconstruction",
        "recovery",
        "sanction",
        "settlement",
        "purchase",
        "acquisition",
    }
)


@dataclass(frozen=True)
class NounTable:
    """The counted-noun lexicon as lookup tables."""

    category: dict[str, str]
    generic: frozenset[str]
    min_value: dict[str, float]
    roles: dict[str, str]


@cache
def noun_table() -> NounTable:
    """Counted nouns -> category, and role verbs -> role, from lexicons/nouns.yaml."""
    lex = load_lexicon("nouns")
    category: dict[str, str] = {}
    generic: set[str] = set()
    minimum: dict[str, float] = {}
    for name, entry in lex["categories"].items():
        for noun in entry["nouns"]:
            category[noun.lower()] = name
        if entry.get("generic"):
            generic.add(name)
        for noun, value in (entry.get("min_value") or {}).items():
            minimum[noun.lower()] = float(value)
    roles = {verb: role for role, verbs in lex["roles"].items() for verb in verbs}
    return NounTable(category, frozenset(generic), minimum, roles)


def _counted_noun(span: Any, sent: Any) -> tuple[Any, str] | None:
    """The token a number counts and its category ("1,000 American military personnel" -> personnel)."""
    table = noun_table()
    last = span[-1]
    candidates = []
    doc = span.doc
    for token in doc[last.i + 1 : min(last.i + 7, sent.end)]:
        if token.pos_ in _STOP_POS and token.lower_ not in table.category:
            break
        if token.pos_ == "ADP" and token.lower_ != "of":
            break
        candidates.append(token)
        if token.pos_ == "NOUN" and token.lower_ not in table.category and token.dep_ not in ("compound", "amod"):
            break
    if last.dep_ in ("nummod", "quantmod") and last.head.i > last.i:
        candidates.insert(0, last.head)
    for token in candidates:
        two = f"{token.lower_} {doc[token.i + 1].lower_}" if token.i + 1 < len(doc) else ""
        for form in (two, token.lower_, token.lemma_.lower()):
            if form and form in table.category:
                return token, table.category[form]
    return _implied_count(span)


def _implied_count(span: Any) -> tuple[Any, str] | None:
    """A number that counts without a noun: "the death toll rose to 2,122", "killing at least 20"."""
    table = noun_table()
    root = span.root
    for token in head_chain(root, limit=5):
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() == "toll"]
        if token.pos_ in ("VERB", "AUX") and subjects:
            token = subjects[0]  # "the death toll rose to 2,122"
        if token.lemma_.lower() == "toll":
            kinds = {c.lower_ for c in token.children} | {token.head.lower_}
            if kinds & {"injury", "injuries", "wounded"}:
                return token, "injured"
            return token, "killed"
        if token is not root and token.pos_ in ("VERB", "NOUN"):
            break
    if root.dep_ in ("dobj", "nsubjpass", "nsubj") and root.head.lemma_.lower() in table.roles:
        return root.head, table.roles[root.head.lemma_.lower()]
    return None


def _role(noun: Any, category: str) -> str:
    """Refine a generic category by the verb beside it: people killed / injured / working."""
    table = noun_table()
    if category not in table.generic:
        return category
    for child in noun.children:
        if child.dep_ in ("acl", "relcl", "amod") and child.pos_ in ("VERB", "ADJ"):
            lemma = child.lemma_.lower()
            return table.roles.get(lemma, table.roles.get(child.lower_, f"{category} ({lemma})"))
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj") and noun.head.pos_ in ("VERB", "ADJ", "AUX"):
        verb = noun.head
        lemma = verb.lemma_.lower()
        if lemma in table.roles:
            return table.roles[lemma]
        for child in verb.children:
            if child.dep_ in ("acomp", "oprd", "xcomp") and child.lemma_.lower() in table.roles:
                return table.roles[child.lemma_.lower()]
    return category


def _sentence_actor(sent: Any, place_words: set[int]) -> Country | None:
    """First country named in the sentence that is not a place ("in Niger", "to Chad", "Niger's")."""
    for start, end, country in countries_in(sent.text):
        absolute = sent.start_char + start
        if absolute in place_words or sent.text[end : end + 2] in ("'s", "’s"):
            continue
        return country
    return None


def _place_offsets(sent: Any) -> set[int]:
    """Char offsets of country mentions that follow in/to/from/into/at (they are places, not actors)."""
    offsets = set()
    for start, _end, _country in countries_in(sent.text):
        before = sent.text[:start].rstrip().lower()
        if re.search(r"\b(?:in|to|into|from|at|inside|within|across|of)(?:\s+(?:the\s+)?neighbou?ring)?$", before):
            offsets.add(sent.start_char + start)
    return offsets


def _actors_of(token: Any) -> list[Country]:
    """Countries that modify a noun phrase ("Russian and US forces": Russia, US); an apposition
    such as a dateline's "(Niger)" is not a party."""
    found: list[Country] = []
    for t in token.subtree:
        if t.dep_ in ("appos", "pobj", "npadvmod") or any(
            a.dep_ == "appos" for a in t.ancestors if a.i > token.i - 50 and a in token.subtree
        ):
            continue
        country = country_of(t.text)
        if country and country not in found:
            found.append(country)
    return found


def _label(actor: Country | None, what: str, place: Country | None) -> str:
    parts = [actor.adjective if actor else "", what, f"in {place.key}" if place else ""]
    return " ".join(p for p in parts if p)


def _past_year(sent: Any, ctx: DocContext) -> int | None:
    """A year well before publication that the sentence is about ("since 1960, when a quake killed
    some 12,000"): its numbers are kept apart from the story's own."""
    if ctx.anchor is None:
        return None
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        value = parse_date_phrase(ent.text, ctx.anchor)
        if value is not None and not value.relative and value.end is not None and value.end.year < ctx.anchor.year - 1:
            return value.end.year if value.granularity != "decade" else value.start.year if value.start else None
    return None


def numeric_claims(sent: Any, ctx: DocContext) -> list[Draft]:
    """Every quantity claim in one sentence."""
    drafts: list[Draft] = []
    text = sent.text
    matches = find_quantities(text)
    if not matches:  # most sentences: nothing below is needed
        return drafts
    base = sent.start_char
    as_of = as_of_in(text)
    places = _place_offsets(sent)
    date_spans = [(e.start_char, e.end_char) for e in sent.ents if e.label_ in ("DATE", "TIME", "ORDINAL")]
    past = _past_year(sent, ctx)
    for match in matches:
        start, end = base + match.start, base + match.end
        span = sent.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        after = text[match.end : match.end + 1]
        if match.category != "duration" and after == "-":
            continue  # "two-star general", "three-member panel": adjectives, not amounts
        if match.category == "duration" and (_WINDOW.search(text[: match.start]) or _RELATIVE.match(text[match.end :])):
            continue  # "in the last three years", "a few months after": windows and offsets, not durations
        in_date = any(s <= start < e for s, e in date_spans)
        if match.category in ("count", "percent") and in_date and match.quantity.hedge is None:
            continue
        draft = _claim_for(match, span, sent, ctx, places)
        if draft is not None and past is not None:
            draft = replace(
                draft, subject=Subject(key=f"{draft.subject.key}|@{past}", label=f"{draft.subject.label} (in {past})")
            )
        if draft is not None:
            drafts.append(
                replace(
                    draft,
                    sentence=sentence_text(sent),
                    attribution=attribution_for(span.root, sent),
                    modality=modality_for(span.root, sent),
                    as_of=as_of,
                )
            )
    return drafts


def _claim_for(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext, places: set[int]) -> Draft | None:
    kind = _KIND[match.category]
    start, end = span.start_char, span.end_char
    rule = f"{match.category}/{match.rule}"
    if match.category in ("count", "percent"):
        counted = _counted_noun(span, sent)
        if counted is None:
            return None
        noun, category = counted
        low = match.quantity.low or 0
        if match.category == "count" and low < noun_table().min_value.get(noun.lower_, 0):
            return None
        category = _role(noun, category)
        actor = actor_for(noun, sent)
        if actor is None and category in PARTY_CATEGORIES:
            actor = _sentence_actor(sent, places)
        place = place_for(noun, sent, ctx, actor)
        end = max(end, noun.idx + len(noun.text))
        what = category if match.category == "count" else f"share of {category}"
        key = "|".join([match.category, norm_key(category), actor.key if actor else "-", place.key if place else "-"])
        return Draft(
            kind,
            Subject(key=key, label=_label(actor, what, place)),
            match.quantity,
            start,
            end,
            "",
            rule=f"{rule}+noun:{norm_key(category)}",
        )
    if match.category == "money":
        context = None
        nearby = [t for c in span.root.children if c.dep_ == "prep" for t in c.subtree]  # "$10m in aid"
        around = [*nearby, *head_chain(span.root), *sent]  # what the money is for: nearest noun, else verb
        for token in sorted(around, key=lambda t: t.pos_ != "NOUN"):
            if token.lemma_.lower() in MONEY_CONTEXT:
                context = token.lemma_.lower()
                break
        if context is None:
            verb = next((t for t in head_chain(span.root) if t.pos_ == "VERB"), None)
            context = verb.lemma_.lower() if verb is not None else "amount"
        place = place_for(span.root, sent, ctx, None)
        key = "|".join(["money", context, place.key if place else "-"])
        return Draft(
            kind,
            Subject(key=key, label=_label(None, f"money ({context})", place)),
            match.quantity,
            start,
            end,
            "",
            rule=rule,
        )
    if match.category == "duration":
        return _duration(match, span, sent, ctx, places, rule)
    return _distance(match, span, sent, rule)


def _duration(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext, places: set[int], rule: str) -> Draft:
    presence = set(load_lexicon("events")["presence_verbs"])
    verb = next((t for t in head_chain(span.root) if t.pos_ in ("VERB", "AUX")), None)
    predicate = "duration"
    actors: list[Country] = []
    if verb is not None:
        lemma = verb.lemma_.lower()
        predicate = "presence" if lemma in presence else lemma
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                actors = _actors_of(child)
    elif span.root.head is not span.root:
        predicate = span.root.head.lemma_.lower()
    if not actors:
        first = _sentence_actor(sent, places)
        actors = [first] if first else []
    actor_key = "+".join(sorted(a.key for a in actors)) or "-"
    place = place_for(span.root, sent, ctx, actors[0] if actors else None)
    who = " and ".join(a.adjective for a in actors)
    label = " ".join(p for p in [f"how long: {who}".strip(), predicate, f"in {place.key}" if place else ""] if p)
    key = "|".join(["duration", predicate, actor_key, place.key if place else "-"])
    return Draft(
        ClaimKind.DURATION,
        Subject(key=key, label=label),
        match.quantity,
        span.start_char,
        span.end_char,
        "",
        rule=rule,
    )


def _distance(match: QuantityMatch, span: Any, sent: Any, rule: str) -> Draft:
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and _DIRECTION.match(nxt.lower_) and span.end + 1 < len(doc):
        nxt = doc[span.end + 1]
    reference_tokens: list[Any] = []
    if nxt is not None and nxt.lower_ in ("from", "of", "away"):
        prep = nxt if nxt.lower_ != "away" else (doc[nxt.i + 1] if nxt.i + 1 < len(doc) else nxt)
        reference_tokens = [t for t in prep.subtree if t.i > prep.i] or list(doc[prep.i + 1 : sent.end])
    ref_text = " ".join(t.text for t in reference_tokens)
    ref_countries = [c for _s, _e, c in countries_in(ref_text)]
    ref_ids = {t.i for t in reference_tokens}
    entity_countries = [
        c for t in sent if t.i not in ref_ids and t.i < span.start and (c := country_of(t.text)) is not None
    ]
    entity = entity_countries[0] if entity_countries else None
    reference = next((c for c in ref_countries if entity is None or c.key != entity.key), None)
    if entity is not None and reference is not None:
        key = f"position|{entity.key}|{reference.key}"
        label = f"where {entity.adjective} forces are relative to {reference.adjective} forces"
        return Draft(
            ClaimKind.DISTANCE,
            Subject(key=key, label=label),
            match.quantity,
            span.start_char,
            max(
                span.end_char,
                reference_tokens[0].idx + len(reference_tokens[0].text) if reference_tokens else span.end_char,
            ),
            "",
            rule=f"{rule}+position",
        )
    verb = next((t for t in head_chain(span.root) if t.pos_ in ("VERB", "AUX")), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) if verb is not None else None
    subject_text = "-"
    if subject is not None:
        from crosscheck.extractor.events import event_table

        lemma = subject.lemma_.lower()
        subject_text = event_table().nouns.get(lemma, lemma)
    reference_key = norm_key(" ".join(t.text for t in reference_tokens if t.pos_ in ("PROPN", "NOUN")))[:40] or "-"
    key = f"distance|{subject_text[:40]}|{reference_key}"
    what = f"distance of the {subject_text}" if subject_text != "-" else "distance"
    label = f"{what} from {ref_text[:40]}" if ref_text else what
    return Draft(
        ClaimKind.DISTANCE,
        Subject(key=key, label=label),
        match.quantity,
        span.start_char,
        span.end_char,
        "",
        rule=rule,
    )
