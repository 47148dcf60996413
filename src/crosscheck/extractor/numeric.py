"""Counts, money, distances, durations and percentages, with the subject they are about."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
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
from crosscheck.extractor.counted import (
    Counted,
    context_noun,
    degree_of,
    figure_kind,
    follow_on,
    governing,
    holder_of,
    implied,
    lexicon_modifiers,
    lexicon_noun,
    modifiers,
    name_of,
    noun_table,
    number_token,
    of_phrase,
    open_noun,
    parse_misread,
    partitive_noun,
    predicate,
    qualifiers,
    role_of,
    text_misread,
    when,
)
from crosscheck.extractor.dates import parse_date_phrase
from crosscheck.extractor.frames import part_marker, predicate_class, state_phrase, verb_phrase
from crosscheck.extractor.quantities import QuantityMatch, find_quantities
from crosscheck.lexicons import load_lexicon
from crosscheck.models import EMPTY_FRAME, ClaimKind, Frame, Subject

__all__ = ["noun_table", "numeric_claims"]

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
# modifiers alone, so "2,000 killed in Freedonia's mountains" never becomes "Freedonian killed".
PARTY_CATEGORIES = frozenset({"military personnel", "fighters"})
_READ = re.compile(r"(?i)\s*read\b")
_AGE = re.compile(r"(?i)(?:-|\s+)old\b|\s+of\s+age\b")  # "38 years old", "a 54-year-old", "40 years of age"
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


def _role(noun: Any, category: str) -> str:
    """Refine a generic category by the verb beside it: people killed / injured / working; with the
    degree the verb states ("seriously injured")."""
    table = noun_table()
    if category not in table.generic:
        return category
    roles = {**table.roles, **table.category_roles.get(category, {})}
    for child in noun.children:
        if child.dep_ in ("acl", "relcl", "amod") and child.pos_ in ("VERB", "ADJ"):
            lemma = child.lemma_.lower()
            role = roles.get(lemma, roles.get(child.lower_))
            if child.tag_ == "VBG" and role not in table.group_roles:
                role = None  # "people holding passports" hold nothing of a detainee's role
            return _graded(role or f"{category} ({lemma})", child)
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj") and noun.head.pos_ in ("VERB", "ADJ", "AUX"):
        verb = noun.head
        lemma = verb.lemma_.lower()
        if lemma in roles:
            return _graded(roles[lemma], verb)
        for child in verb.children:
            if child.dep_ in ("acomp", "oprd", "xcomp") and child.lemma_.lower() in roles:
                return _graded(roles[child.lemma_.lower()], child)
    return category


def _graded(role: str, verb: Any) -> str:
    degree = degree_of(verb)
    return f"{degree} {role}" if degree and role in noun_table().roles.values() else role


def _kind_role(noun: Any, category: str) -> str:
    """A kind of people or things ("soldiers", "homes") with what happened to them, when a role
    verb says so: "15 soldiers were killed", "650 injured passengers" -> passengers (injured),
    never merged with the soldiers deployed or the passengers aboard."""
    table = noun_table()
    if category in table.generic or category in table.outcomes:
        return category
    anchor = noun
    while anchor.dep_ == "conj" and anchor.head is not anchor:
        anchor = anchor.head
    candidates = [c for c in noun.children if c.dep_ in ("acl", "relcl", "amod") and c.pos_ == "VERB"]
    if anchor.dep_ in ("nsubj", "nsubjpass", "dobj") and anchor.head.pos_ == "VERB":
        candidates.append(anchor.head)
    for verb in candidates:
        role = role_of(verb)
        if role is not None and role != category:  # "freed 39 prisoners": released, not arrested
            return f"{category} ({role})"
    tally = implied(noun)  # "put the toll at about 60 soldiers": soldiers killed
    if tally is not None and tally[2] == "tally" and tally[1] != category:
        return f"{category} ({tally[1]})"
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
        if ent.label_ != "DATE" or _counts_people(ent):
            continue
        value = parse_date_phrase(ent.text, ctx.anchor)
        if value is not None and not value.relative and value.end is not None and value.end.year < ctx.anchor.year - 1:
            return value.end.year if value.granularity != "decade" else value.start.year if value.start else None
    return None


def _counts_people(span: Any) -> bool:
    """A year-like number that counts a lexicon noun after it ("rose to 2012 people"), not a year."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is not None and nxt.tag_ == "NNS" and nxt.lower_ in noun_table().category


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
    heads: list[_Head] = []
    for match in matches:
        start, end = base + match.start, base + match.end
        span = sent.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        rest = text[match.end :]
        if match.category == "duration" and _AGE.match(rest):
            draft = _age_of_thing(match, span, sent, ctx)
            if draft is not None:  # "the 143-year-old firm": how long it has existed
                drafts.append(replace(draft, sentence=sentence_text(sent), as_of=as_of))
            continue  # "a 54-year-old", "Jane Roe, 39 years old": a person's age, no duration
        if match.category == "duration" and _READ.match(rest):
            continue  # "3 min read": a page's reading time
        if match.category != "duration" and rest[:1] == "-" and not rest.startswith("-strong"):
            continue  # "two-star general", "three-member panel": adjectives, not amounts
        if match.category == "duration" and (_WINDOW.search(text[: match.start]) or _RELATIVE.match(rest)):
            continue  # "in the last three years", "a few months after": windows and offsets, not durations
        if match.category in ("count", "percent"):
            if match.quantity.hedge is None and any(s <= start < e for s, e in date_spans) and not _counts_people(span):
                continue
            if text_misread(text, match.start, match.end) is not None:
                continue
        if match.category in ("count", "percent"):
            made = _count_claim(match, span, sent, ctx, places, heads)
            draft = made[0] if made is not None else None
            if made is not None and made[1] is not None:
                heads.append(made[1])
        else:
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


def _age_of_thing(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext) -> Draft | None:
    """ "the 143-year-old firm": the age of a thing that lasts (a firm, a bridge, a treaty) is
    how long it has existed; a person's age is not a duration and gives None."""
    doc = span.doc
    after = [t for t in doc[span.end : min(span.end + 4, sent.end)] if t.lower_ not in ("-", "old")]
    thing = after[0] if after else None
    if thing is None or thing.pos_ != "NOUN" or thing.lemma_.lower() not in noun_table().lasting:
        return None
    lemma = thing.lemma_.lower()
    place = place_for(thing, sent, ctx, None)
    return Draft(
        ClaimKind.DURATION,
        Subject(key=f"duration|age of {lemma}|-|{place.key if place else '-'}", label=f"age of the {lemma}"),
        match.quantity,
        span.start_char,
        thing.idx + len(thing.text),
        "",
        rule=f"duration/{match.rule}+age:{lemma}",
    )


@dataclass(frozen=True)
class _Head:
    """A count or share already claimed in the sentence: the items that follow it inherit its subject
    ("killed 40 people: 12 in Alpha County, 9 in Beta")."""

    category: str
    parts: tuple[str, ...]  # its subject key: category, what, actor, place
    label: str
    noun_rule: str  # the rule that found what the head counts ("noun:killed", "open:plant")
    noun: int  # the index of the token it hangs on
    top: float | None  # its highest figure
    what: str  # what it counts, as its label says it, without actor or place
    start: int = 0  # where its draft starts (its items point to it)
    frame: Frame = EMPTY_FRAME  # its frame hints (its items share theme and predicate)

    @property
    def key(self) -> str:
        """The head's subject key."""
        return "|".join(self.parts)


def _claim_for(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext, places: set[int]) -> Draft | None:
    kind = _KIND[match.category]
    start, end = span.start_char, span.end_char
    rule = f"{match.category}/{match.rule}"
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


def _count_claim(
    match: QuantityMatch, span: Any, sent: Any, ctx: DocContext, places: set[int], heads: list[_Head]
) -> tuple[Draft, _Head | None] | None:
    """A count or a share: what the number counts (a lexicon noun, any plural noun, a verb or noun
    that implies it, or the count before it in the sentence), who and where; and, unless it is a
    list item itself, the head that the bare numbers after it take their subject from."""
    counted = _what_is_counted(match, span, sent, ctx)
    if counted is not None and heads and counted.rule.startswith("passive:"):
        counted = None  # "Of the 22 coaches, 12 were derailed": the coaches, derailed
    if counted is None:
        item = _follow_on_claim(match, span, sent, ctx, heads) if heads else None
        return (item, None) if item is not None else None
    noun = counted.token
    actor = counted.actor or actor_for(noun, sent)
    if actor is None and counted.rule.startswith("open:"):
        actor = _owner(noun)
    if actor is None and counted.category in PARTY_CATEGORIES:
        actor = _sentence_actor(sent, places)
    place = place_for(noun, sent, ctx, actor)
    start, end = span.start_char, span.end_char
    if noun.i >= span.end and noun.i - span.end < 8:
        end = max(end, noun.idx + len(noun.text))
    category = counted.category
    what = counted.what if match.category == "count" else f"share of {counted.what}"
    if match.category == "percent" and counted.rule.startswith("context:"):
        what = counted.what
    holder = _holder(match, span, sent, ctx, category)
    if holder is None and counted.rule.startswith("noun:") and (
        match.category == "percent" or category in noun_table().held
    ):
        # a share or vote count held by no one named: what happened to it tells it apart
        # ("8.7 percent of votes were blank", "100% of ballots were counted")
        pred = governing(noun) or (governing(span.root) if match.category == "percent" else None)
        if pred:
            category += f" ({pred})"
            what += f" ({pred})"
    parts = [match.category, norm_key(category), actor.key if actor else "-", place.key if place else "-"]
    label = _label(actor, what, place)
    if match.category == "percent" and (time := when(span, sent)):
        parts.append(norm_key(time))  # "82 percent in 2002" is not this year's share
        label += f" ({time})"
    top = match.quantity.high if match.quantity.high is not None else match.quantity.low
    frame = _count_frame(counted, span, actor, holder, category)
    base = _Head(match.category, tuple(parts), label, counted.rule, noun.i, top, what, start, frame)
    if holder:
        parts.append(norm_key(holder))
        label += f" ({holder})"
    if counted.part:
        parts.append(counted.part)
        label += " (some of them)" if counted.part == "part" else f" ({counted.part})"
    draft = Draft(
        _KIND[match.category],
        Subject(key="|".join(parts), label=label),
        match.quantity,
        start,
        end,
        "",
        rule=f"{match.category}/{match.rule}+{counted.rule}",
        frame=frame,
    )
    return draft, base


_BARE_RULES = ("verb:", "tally:", "state:", "passive:")
_PARTS = {"part": "some of", "others": "others", "another": "another", "including": "including"}


def _count_frame(counted: Counted, span: Any, actor: Country | None, holder: str | None, category: str) -> Frame:
    """What a count's frame can say beyond its parse: the head noun it counts, what narrows it (a
    nationality, a sub-group), its predicate as the counting rules read it, whose it is, and the part."""
    noun = counted.token
    bare = counted.rule.startswith(_BARE_RULES)
    theme: str | None = None
    words: list[str] = []
    predicate_: str | None = None
    read: str | None = None  # the predicate as the counting rules read it
    if not bare and noun.pos_ in ("NOUN", "PROPN") and noun.i not in range(span.start, span.end):
        if country_of(noun.text) is not None and noun.lower_ != (actor.key.lower() if actor else ""):
            theme = "national"  # "14 Peruvians"
        else:
            theme = str(noun.lemma_).lower()
            words = [w for w in (modifiers(noun, span) or "").split() if w != theme]
        read = predicate(noun)
        predicate_ = _phrase_of(noun, read)
    elif counted.rule.startswith("of-noun:") and noun.pos_ == "NOUN":
        theme = str(noun.lemma_).lower()  # "the lives of 40"
    # what the counting rules read ("were confirmed dead": killed) wins over the bare verb ("confirm")
    found = re.search(r"\(([^()]+)\)$", category)  # "passengers (injured)"
    role = found.group(1) if found else category if bare or category in noun_table().roles.values() else None
    if role is not None and role != read and (predicate_ is None or predicate_class(role) is not None):
        predicate_ = role
    if actor is not None:
        words.insert(0, actor.adjective.lower())
    part = None
    if counted.part:
        part = _PARTS.get(counted.part.split()[0], "subgroup")
    return Frame(predicate=predicate_, theme=theme, modifiers=words, holder=holder, part=part)


def _phrase_of(noun: Any, read: str | None) -> str | None:
    """The predicate a count's verb states as the frames lexicon knows it: the counting rules read a
    bare lemma ("lay", "lose", "test"), the lexicon its phrase ("lay off", "lose life", "test
    positive"); a counted noun with no verb of its own may be in a state ("150 passengers on board",
    "six suspects remain in custody")."""
    if read is None:
        return state_phrase(noun)
    anchor = noun
    while anchor.dep_ == "conj" and anchor.head is not anchor:
        anchor = anchor.head
    verbs = [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
    if anchor.head.pos_ == "VERB":
        verbs.append(anchor.head)
    verb = next((v for v in verbs if v.lemma_.lower() == read), None)
    return verb_phrase(verb) if verb is not None else read


# A resolver answers what a number counts, or NOT_COUNTED when it is no count at all (a model number,
# "one of"), or None to leave the question to the next resolver; they run in this order.
NOT_COUNTED = Counted(None, "", "", "not-counted")
Resolver = Callable[[QuantityMatch, Any, Any, DocContext], Counted | None]


def _by_lexicon(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext) -> Counted | None:
    """A lexicon noun ("12 soldiers"), with its role, subgroup and part ("Eight of the boys")."""
    table = noun_table()
    quantity = match.quantity
    found = lexicon_noun(span, sent)
    if found is None:
        return NOT_COUNTED if parse_misread(span, sent) is not None else None
    noun, category, partitive = found
    if match.category == "count" and (quantity.low or 0) < table.min_value.get(noun.lower_, 0):
        return NOT_COUNTED
    if noun.tag_ == "NN" and quantity.low != 1 and parse_misread(span, sent) == "label":
        return NOT_COUNTED  # "the Falcon 9 rocket": a model number
    rule = f"noun:{norm_key(category)}"
    if category in table.generic:
        category = _generic_role(noun, category)
        rule = f"noun:{norm_key(category)}"
    else:
        category = _kind_role(noun, category)
    narrowing = lexicon_modifiers(noun, span, category)
    if narrowing:  # "25 unidentified bodies", "40 wounded soldiers": a subgroup, not the whole
        category = f"{category} ({narrowing})"
    part = "part" if partitive and match.category == "count" else None
    return Counted(noun, category, category, rule, part=part)


def _by_others(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext) -> Counted | None:
    """ "injured 47 others": more of what the verb says."""
    after = span.doc[span.end] if span.end < sent.end else None
    if after is None or after.lower_ != "others":
        return None
    found = implied(after)
    if found is None or found[2] != "verb":
        return None
    return Counted(after, found[1], found[1], f"verb:{norm_key(found[1])}", part="others")


def _by_open_noun(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext) -> Counted | None:
    """Any plural noun the number modifies ("four plants", "14 Peruvians")."""
    noun = open_noun(span, sent)
    return _open_counted(noun, span, predicate(noun)) if noun is not None else None


def _by_partitive(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext) -> Counted | None:
    """ "Six of the eight bombings" (a part), "7 percent of the population" (a share of it); "one of
    the officials" is a member, not a count."""
    if _one_of(span):
        return NOT_COUNTED
    group = partitive_noun(span)
    if group is None or group.pos_ != "NOUN" or (match.category == "count" and match.quantity.low == 1):
        return None
    pred = predicate(number_token(span)) if match.category == "count" else governing(span.root)
    opened = _open_counted(group, span, pred)
    return replace(opened, part="part") if match.category == "count" else opened


def _by_implication(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext) -> Counted | None:
    """A bare number's verb, toll or governing noun ("80 were hurt", "the toll rose to 261")."""
    found = implied(span.root)
    if found is None:
        return None
    token, category, how = found
    if how == "of-noun":
        category = _role(token, category)
    # "another 300 in Ohio", "four on Sunday"; a toll's own date is when it stood, not a part of it
    narrowed = norm_key(" ".join(qualifiers(span, sent))) or None if how != "tally" else None
    return Counted(token, category, category, f"{how}:{norm_key(category)}", part=narrowed)


def _by_context(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext) -> Counted | None:
    """A bare share: what it is of, from the noun phrase it qualifies ("the abstention rate was
    25 percent"), a change or a level ("rose 12%" vs "rose to 12%")."""
    if match.category != "percent":
        return None
    holder, contrast = _holder_token(span, sent, ctx)
    if contrast:
        return NOT_COUNTED  # "against 33.9 percent": the share before it, held by another (a list item)
    context = context_noun(span.root, sent, holder, frozenset(ctx.persons))
    if context is None:
        return None
    kind = figure_kind(span.root)
    if kind is not None:
        context = f"{context} ({kind})"  # "sales rose 12%" is not "sales stood at 12%"
    return Counted(span.root, context, context, f"context:{norm_key(context)}")


RESOLVERS: tuple[Resolver, ...] = (
    _by_lexicon,
    _by_others,
    _by_open_noun,
    _by_partitive,
    _by_implication,
    _by_context,
)


def _what_is_counted(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext) -> Counted | None:
    """What a number counts, by the first resolver that knows; None when it counts nothing of its own
    (a list item may still take its subject from the count before it)."""
    for resolve in RESOLVERS:
        found = resolve(match, span, sent, ctx)
        if found is NOT_COUNTED:
            return None
        if found is not None:
            return found
    return None


def _one_of(span: Any) -> bool:
    """ "one of the ...": a member picked out of a group."""
    token = number_token(span)
    return token.lower_ in ("one", "1") and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def _generic_role(noun: Any, category: str) -> str:
    """A generic noun's role ("people" killed, injured, rescued): from its verb as before; else from
    a toll it is the figure of ("the death toll rose to 2,012 people"), a state ("people who are in a
    critical condition") or any verb that says what happened to them ("boys brought out")."""
    role = _role(noun, category)
    if role != category:
        return role
    tally = implied(noun)
    if tally is not None and tally[2] == "tally":
        return tally[1]
    pred = predicate(noun)
    return f"{category} ({pred})" if pred else category


def _open_counted(noun: Any, span: Any, pred: str | None) -> Counted:
    """Any counted noun outside the lexicon: its lemma with modifiers and what happened to it."""
    country = country_of(noun.text)
    if country is not None and noun.lower_ != country.key.lower():  # "14 Peruvians"
        category = what = "nationals"
        actor: Country | None = country
    else:
        narrowing = modifiers(noun, span)
        belongs = of_phrase(noun)
        category = " ".join(p for p in (narrowing, noun.lemma_.lower(), belongs) if p)
        what = " ".join(p for p in (narrowing, noun.lower_, belongs) if p)
        actor = None
    if pred:
        category += f" ({pred})"
        what += f" ({pred})"
    return Counted(noun, category, what, f"open:{norm_key(noun.lemma_)}", actor=actor)


def _owner(noun: Any) -> Country | None:
    """The country that has, sends or loses what is counted ("Peru had 21 nationals aboard")."""
    anchor = noun
    while anchor.dep_ == "conj" and anchor.head is not anchor:
        anchor = anchor.head
    if anchor.dep_ != "dobj":
        return None
    for child in anchor.head.children:
        if child.dep_ == "nsubj":
            return country_of(child.text)
    return None


def _holder_token(span: Any, sent: Any, ctx: DocContext) -> tuple[Any | None, bool]:
    """The name holding a share (see `holder_of`), unless it is a country (a place, not a holder)
    or a capitalized first word the article never names as a person ("Turnout amounted to...")."""
    token, contrast = holder_of(span, sent)
    if token is None or country_of(token.text) is not None:
        return None, contrast
    name = name_of(token)
    if token.i == sent.start and len(name.split()) == 1 and ctx.resolve_person(name) == name:
        return None, contrast
    return token, contrast


def _holder(match: QuantityMatch, span: Any, sent: Any, ctx: DocContext, category: str) -> str | None:
    """Whose share or vote count it is ("Roe won 52 percent"): kept in the subject, so one
    candidate's figure is never compared with another's."""
    if match.category != "percent" and category not in noun_table().held:
        return None
    token, contrast = _holder_token(span, sent, ctx)
    if token is None:
        return "the other" if contrast else None
    return ctx.resolve_person(name_of(token))


def _head_for(span: Any, heads: list[_Head], low: float | None) -> _Head:
    """The count a bare number follows: the one whose noun "including" hangs on ("14,500 employees
    in 11 countries, including 6,200 in Canada" -> employees), else the last one before it."""
    token = number_token(span)
    if not (token.dep_ == "pobj" and token.head.lower_ == "including"):
        # the nearest that can hold it ("1,200 stores in 40 markets ... 150 more" are stores)
        return next((head for head in reversed(heads) if _at_least(head, low)), heads[-1])
    governor = token.head.head
    while governor is not None:
        for head in heads:
            if head.noun == governor.i and _at_least(head, low):
                return head
        governor = governor.head if governor.dep_ in ("conj", "appos", "pobj", "prep") else None
    # a part is never more than its whole: "in 11 countries, including 6,200 in Canada" are people
    return next((head for head in reversed(heads) if _at_least(head, low)), heads[-1])


def _at_least(head: _Head, low: float | None) -> bool:
    """Whether a head's figure can hold a part as large as `low`."""
    return low is None or head.top is None or head.top >= low


def _follow_on_claim(
    match: QuantityMatch, span: Any, sent: Any, ctx: DocContext, heads: list[_Head]
) -> Draft | None:
    """A bare number after a count or share in its sentence: a part of it, an item of its list, or
    the share set against it ("won 58 percent of the vote against 42 percent for Stone")."""
    head = _head_for(span, heads, match.quantity.low)
    if head.category != match.category or parse_misread(span, sent) is not None or _one_of(span):
        return None
    token, contrast = holder_of(span, sent, verbs=False)  # never the subject of the head's own verb
    holder = "the other" if contrast else None
    country = country_of(token.text) if token is not None else None
    if token is not None and country is None:
        holder = ctx.resolve_person(name_of(token))
    qualifier = " ".join([holder, *qualifiers(span, sent)]) if holder else None
    if qualifier is None:
        qualifier = follow_on(span, sent)
        if qualifier is None:
            return None
    qualifier = norm_key(qualifier)[:60]
    parts = list(head.parts)
    origin = re.match(r"from (.+)", qualifier)
    country = country or (country_of(origin.group(1).title()) if origin else None)
    label = f"{head.label} ({qualifier})"
    if country is not None and len(parts) > 2:  # "3 Britons, two from Turkey", "Chile with 9": their own
        parts[2] = country.key
        label = f"{country.adjective} {head.what} ({qualifier})"
    words = qualifier.split()
    # "of whom 14", "including 6,200": the words before the number; else the qualifier's ("another")
    part = part_marker(number_token(span)) or next((_PARTS[w] for w in words if w in _PARTS and w != "part"), "item")
    modifiers_ = list(head.frame.modifiers)
    if country is not None and head.frame.theme is not None:
        modifiers_ = [country.adjective.lower(), *(m for m in modifiers_ if country_of(m.title()) is None)]
    # "80 were hurt, four of them seriously": the item's own degree
    degree = next((w for w in words if w in set(noun_table().degrees.values())), head.frame.degree)
    frame = head.frame.model_copy(
        update={
            "part": part,
            "holder": holder if holder != "the other" else None,
            "modifiers": modifiers_,
            "degree": degree,
        }
    )
    return Draft(
        _KIND[match.category],
        Subject(key="|".join([*parts, qualifier]), label=label),
        match.quantity,
        span.start_char,
        span.end_char,
        "",
        rule=f"{match.category}/{match.rule}+list:{head.noun_rule}",
        frame=frame,
        whole=head.start,
    )


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
