"""Claim frames: what happened, to what, where and when, as slots claims can be aligned on.

An extractor that knows more than the parse shows (what a number counts, the list it is an item
of) gives its draft a partial `Frame`; `complete` fills the slots it left open from the sentence's
parse: the predicate (the verb or state that governs the claim), the place the sentence names for
it, and the time it holds. Synonym classes come from `lexicons/frames.yaml`; each class a frame
takes is recorded in the claim's rule (`pred:killed`, `theme:workers`).

A slot stays null when the sentence does not say: a place is never guessed for the whole article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from crosscheck.extractor.base import Draft
from crosscheck.extractor.context import country_of, head_chain, norm_key
from crosscheck.lexicons import load_lexicon
from crosscheck.models import (
    ClaimKind,
    DateValue,
    FrameTime,
    NameValue,
    PlaceValue,
    QuoteValue,
    TitleValue,
)

__all__ = ["FrameTable", "complete", "frame_table", "place_level", "predicate_class", "theme_class", "with_frames"]

# Prepositions that put a claim somewhere ("in Alpha County", "near the border", "at the plant").
_LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "across", "within", "around", "throughout", "on"})
_ORIGIN = frozenset({"from", "to", "into", "off"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Verbs that say who said something, not what happened: never a claim's predicate.
_SAYING = frozenset(
    {
        "say",
        "tell",
        "report",
        "announce",
        "add",
        "state",
        "confirm",
        "claim",
        "note",
        "write",
        "according",
        "quote",
        "estimate",
        "believe",
        "think",
        "know",
        "show",
        "indicate",
        "suggest",
    }
)
_WEAK = frozenset({"be", "have", "include", "get", "make", "do", "become", "remain", "seem", "appear", "go", "come"})
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DEGREE = re.compile(r"^(seriously|slightly|fatally|critically|severely|lightly) (.+)$")


@dataclass(frozen=True)
class FrameTable:
    """The frames lexicon as lookups."""

    predicates: dict[str, str]  # lemma or phrase -> class id
    money_predicates: dict[str, str]
    themes: dict[str, str]  # lemma -> class id
    levels: dict[str, str]  # word in a place name -> level
    parts: dict[str, str]  # marker -> part name


@cache
def frame_table() -> FrameTable:
    """`lexicons/frames.yaml` as lookup tables (a class id also stands for itself)."""
    lex = load_lexicon("frames")

    def classes(section: str) -> dict[str, str]:
        table: dict[str, str] = {}
        for name, words in lex[section].items():
            table.setdefault(str(name), str(name))
            for word in words:
                table[str(word).lower()] = str(name)
        return table

    levels = {str(word): str(level) for level, words in lex["place_levels"].items() for word in words}
    parts = {str(word): str(part) for part, words in lex["parts"].items() for word in words}
    return FrameTable(classes("predicates"), classes("money_predicates"), classes("themes"), levels, parts)


def predicate_class(lemma: str | None, kind: ClaimKind | None = None, theme: str | None = None) -> str | None:
    """The synonym class of a predicate lemma or phrase ("die" -> killed, "lay off" -> cut), with the
    money sense for money ("save $2bn" -> saved) and the theme's phrase ("lost their lives" -> killed)."""
    if not lemma:
        return None
    table = frame_table()
    lemma = lemma.lower()
    if theme and f"{lemma} {theme}" in table.predicates:
        return table.predicates[f"{lemma} {theme}"]
    if kind is ClaimKind.MONEY and lemma in table.money_predicates:
        return table.money_predicates[lemma]
    found = table.predicates.get(lemma)
    if found is None and " " in lemma:  # "cut job", "complete withdrawal": the first word that has one
        found = next((table.predicates[w] for w in lemma.split() if w in table.predicates), None)
    return found


def theme_class(lemma: str | None) -> str | None:
    """The synonym class of a counted head noun ("employee" -> workers), or None."""
    if not lemma:
        return None
    return frame_table().themes.get(lemma.lower())


def place_level(name: str, label: str = "") -> str:
    """country, region, city or site: a country by the lexicon, else by the words of its name, else
    by its entity label (a facility is a site, a location a region, any other named place a city)."""
    if country_of(name) is not None:
        return "country"
    levels = frame_table().levels
    for word in reversed(norm_key(name).split()):
        if word in levels:
            return levels[word]
    if label == "FAC":
        return "site"
    if label == "LOC":
        return "region"
    return "city"


def split_degree(role: str) -> tuple[str | None, str]:
    """ "seriously injured" -> ("seriously", "injured")."""
    match = _DEGREE.match(role)
    return (match.group(1), match.group(2)) if match else (None, role)


# --- from the parse -----------------------------------------------------------------------------------


def verb_of(token: Any) -> Any | None:
    """The word that says what happened in the claim's clause: the first verb above it that is not a
    saying or weak verb (with a state adjective a copula takes: "were left injured")."""
    for word in head_chain(token, limit=6)[1:] if token.pos_ != "VERB" else head_chain(token, limit=6):
        lemma = word.lemma_.lower()
        if word.pos_ == "VERB" and lemma in _SAYING:
            return None  # "said 40 people": the saying, nothing of what happened
        if word.pos_ in ("VERB", "AUX") and lemma in _WEAK:
            for child in word.children:
                if child.dep_ in ("acomp", "oprd", "xcomp") and child.pos_ in ("ADJ", "VERB"):
                    return child
            continue
        if word.pos_ == "VERB":
            return word
    return None


def lemma_with_particle(verb: Any) -> str:
    """A verb's lemma with its particle ("lay off", "bring out")."""
    particle = next((str(c.lower_) for c in verb.children if c.dep_ == "prt"), None)
    lemma = str(verb.lemma_).lower()
    return f"{lemma} {particle}" if particle else lemma


def place_in(sent: Any, token: Any, kind: ClaimKind, attached_only: bool = False) -> tuple[str, str] | None:
    """The place the sentence names for a claim: a named place (entity) after a locative preposition,
    the one attached to the claim's own words or clause first, else the nearest one before the
    sentence's verb ends; with its level."""
    chain = {t.i for t in head_chain(token, limit=8)}
    best: tuple[int, int, Any] | None = None
    for ent in sent.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        root = ent.root
        prep = root.head if root.dep_ == "pobj" else None
        while prep is not None and prep.dep_ == "conj" and prep.head is not prep:  # "in A and B"
            prep = prep.head.head if prep.head.dep_ == "pobj" else None
        if root.dep_ == "conj":
            first = root.head
            prep = first.head if first.dep_ == "pobj" else prep
        if prep is None or prep.pos_ != "ADP":
            continue
        if prep.head.like_num and prep.head.i != token.i and prep.head.i not in chain:
            continue  # "40 people: 12 in Alpha County": the place of another number, a list item
        word = prep.lower_
        if word not in _LOCATIVE and not (word in _ORIGIN and kind is not ClaimKind.DISTANCE):
            continue
        # its own words ("12 in Beta", however the parse hangs it), then its clause, then the sentence
        own = prep.head.i == token.i or 0 < prep.i - token.i <= 2
        attached = 0 if own else 1 if prep.head.i in chain else 2
        if attached and attached_only:
            continue
        distance = abs(root.i - token.i)
        if best is None or (attached, distance) < best[:2]:
            best = (attached, distance, ent)
    if best is None or best[0] == 2 or attached_only:
        after = _name_after(sent, token)  # "12 in Beta": a name the parser did not tag as a place
        if after is not None:
            return after
    if best is None:
        return None
    ent = best[2]
    return _place_name(str(ent.text), str(ent.label_))


def _place_name(text: str, label: str) -> tuple[str, str]:
    text = re.sub(r"^(?i:the)\s+", "", text).strip()
    country = country_of(text)
    return (country.key if country is not None else text), place_level(text, label)


def _name_after(sent: Any, token: Any) -> tuple[str, str] | None:
    """A proper name right after a number and a locative preposition ("12 in Beta")."""
    doc = token.doc
    i = token.i + 1
    if i + 1 >= sent.end or doc[i].lower_ not in _LOCATIVE or doc[i + 1].pos_ != "PROPN":
        return None
    j = i + 1
    while j < sent.end and doc[j].pos_ == "PROPN":
        j += 1
    return _place_name(str(doc[i + 1 : j].text), "")


def time_in(sent: Any, token: Any, anchor: date | None) -> FrameTime | None:
    """When the claim holds, from a date its clause is tied to: "since 2014", "by the end of 2031",
    "in 1999" (an earlier event, when before the publication year)."""
    chain = {t.i for t in head_chain(token, limit=8)}
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        root = ent.root
        prep = root.head if root.dep_ == "pobj" else None
        if prep is None or (prep.head.i not in chain and prep.head.i != token.i):
            continue
        word = prep.lower_
        year_match = _YEAR.search(str(ent.text))
        year = int(year_match.group(1)) if year_match else None
        if word == "since":
            return FrameTime(relation="since", text=f"since {ent.text}", year=year)
        if word in ("by", "before", "until"):
            return FrameTime(relation="by", text=f"{word} {ent.text}", year=year)
        if word in ("in", "during") and year is not None and anchor is not None and year < anchor.year:
            return FrameTime(relation="earlier", text=f"{word} {ent.text}", year=year)
    return None


_PART_KINDS = frozenset({ClaimKind.COUNT, ClaimKind.PERCENT, ClaimKind.MONEY, ClaimKind.MEASURE})


def part_marker(token: Any) -> str | None:
    """How a figure is a part of a larger one, from the words that introduce it: "including $3bn",
    "of whom 12", "another 300", "a further 20"."""
    parts = frame_table().parts
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in parts:
        return parts[head.lower_]
    for child in token.children:
        if child.dep_ in ("det", "amod", "advmod") and child.lower_ in parts and child.i < token.i:
            return parts[child.lower_]
    doc = token.doc
    if token.i >= 2 and f"{doc[token.i - 2].lower_} {doc[token.i - 1].lower_}" in parts:
        return parts[f"{doc[token.i - 2].lower_} {doc[token.i - 1].lower_}"]  # "of whom 12"
    if token.i >= 1 and doc[token.i - 1].lower_ in parts and doc[token.i - 1].lower_ in ("including", "another"):
        return parts[doc[token.i - 1].lower_]
    return None


# --- completing a draft's frame -----------------------------------------------------------------------


def complete(draft: Draft, doc: Any, anchor: date | None, attached_only: bool = False) -> Draft:
    """The draft with its frame's open slots filled from its sentence, and the classes it took in its rule."""
    frame = draft.frame
    span = doc.char_span(draft.start, draft.end, alignment_mode="expand")
    token = span.root if span is not None and len(span) else None
    sent = token.sent if token is not None else None
    updates: dict[str, Any] = {}
    value = draft.value
    if isinstance(value, TitleValue | NameValue) and frame.holder is None:
        updates["holder"] = value.person
        if frame.theme is None:
            updates["theme"] = value.title if isinstance(value, TitleValue) else value.role
    elif isinstance(value, QuoteValue):
        updates.setdefault("holder", frame.holder or value.speaker)
        updates.setdefault("predicate", frame.predicate or "say")
    elif isinstance(value, PlaceValue) and frame.theme is None:
        updates["theme"] = value.entity
        updates.setdefault("predicate", frame.predicate or value.relation)
    if frame.predicate is None and "predicate" not in updates and token is not None:
        if isinstance(value, DateValue) and draft.subject.key.startswith("date|"):
            event = draft.subject.key.split("|")[1]
            updates["predicate"] = event or None
        else:
            verb = verb_of(token)
            if verb is not None:
                updates["predicate"] = lemma_with_particle(verb)
    if frame.part is None and token is not None and draft.kind in _PART_KINDS:
        part = part_marker(token)
        if part is not None:
            updates["part"] = part
    predicate = updates.get("predicate", frame.predicate)
    if predicate and frame.degree is None:
        degree, bare = split_degree(predicate)
        if degree is not None:
            updates["degree"] = degree
            updates["predicate"] = predicate = bare
    theme = updates.get("theme", frame.theme)
    if frame.predicate_class is None and predicate:
        found = predicate_class(predicate, draft.kind, theme)
        if found is None and theme:  # "40 deaths", "150 arrests": the head noun is the event
            found = predicate_class(theme, draft.kind)
        if found is not None:
            updates["predicate_class"] = found
    elif frame.predicate_class is None and theme and draft.kind in (ClaimKind.COUNT, ClaimKind.PERCENT):
        found = predicate_class(theme, draft.kind)
        if found is not None:
            updates["predicate_class"] = found
    if frame.theme_class is None and theme:
        found = theme_class(theme)
        if found is not None:
            updates["theme_class"] = found
    if frame.place is None and sent is not None and token is not None:
        place = place_in(sent, token, draft.kind, attached_only)
        if place is not None:
            updates["place"], updates["place_level"] = place
    elif frame.place is not None and frame.place_level is None:
        updates["place_level"] = place_level(frame.place)
    if frame.time is None:
        time = _time_of(draft, sent, token, anchor)
        if time is not None:
            updates["time"] = time
    if not updates:
        return draft
    new = frame.model_copy(update=updates)
    rule = draft.rule
    if new.predicate_class and "+pred:" not in rule:
        rule += f"+pred:{new.predicate_class}"
    if new.theme_class and "+theme:" not in rule:
        rule += f"+theme:{new.theme_class}"
    return replace(draft, frame=new, rule=rule)


def _time_of(draft: Draft, sent: Any, token: Any, anchor: date | None) -> FrameTime | None:
    if draft.as_of:
        year_match = _YEAR.search(draft.as_of)
        return FrameTime(relation="as_of", text=draft.as_of, year=int(year_match.group(1)) if year_match else None)
    earlier = re.search(r"\|@(\d{4})$", draft.subject.key)
    if earlier:
        return FrameTime(relation="earlier", text=None, year=int(earlier.group(1)))
    if isinstance(draft.value, DateValue):
        if draft.value.since:
            return FrameTime(relation="since", text=None, year=draft.value.start.year if draft.value.start else None)
        return None
    if sent is None or token is None:
        return None
    return time_in(sent, token, anchor)


def with_frames(drafts: list[Draft], doc: Any, anchor: date | None) -> list[Draft]:
    """Every draft of one parsed paragraph with its frame completed (offsets are the paragraph's)."""
    done: list[Draft] = []
    heads: dict[int, Draft] = {}
    for draft in drafts:
        item = draft.whole is not None
        finished = complete(draft, doc, anchor, attached_only=item)
        if not item:
            heads.setdefault(finished.start, finished)
        else:  # a list item is where its own words say, else where its head is
            head = heads.get(draft.whole) if draft.whole is not None else None
            if finished.frame.place is None and head is not None and head.frame.place is not None:
                frame = finished.frame.model_copy(
                    update={"place": head.frame.place, "place_level": head.frame.place_level}
                )
                finished = replace(finished, frame=frame)
        done.append(finished)
    return done
