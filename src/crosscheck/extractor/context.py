"""What an extractor needs to know about a whole article: its countries, its people, its anchor date.

Also the small parse helpers shared by the claim extractors (actor, place, attribution, modality).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from crosscheck.extractor.nlp import doc_ents, doc_text, token_forms
from crosscheck.lexicons import load_lexicon, trie_alternation
from crosscheck.models import Modality

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")

REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "report",
        "confirm",
        "announce",
        "state",
        "add",
        "claim",
        "estimate",
        "suggest",
        "insist",
        "write",
        "note",
        "warn",
        "declare",
        "explain",
        "describe",
        "allege",
        "deny",
        "acknowledge",
        "brief",
    }
)
ESTIMATE_WORDS = frozenset(
    {
        "estimate",
        "estimated",
        "estimates",
        "suggest",
        "believe",
        "think",
        "guess",
        "approximate",
        "reckon",
        "calculate",
        "could",  # "the toll could rise to 500": a guess, not a report
        "might",
        "may",
    }
)
PLAN_WORDS = frozenset(
    {
        "plan",
        "plans",
        "intend",
        "expect",
        "propose",
        "aim",
        "pledge",
        "promise",
        "vow",
        "schedule",
        "prepare",
        "will",
        "would",
        "shall",
    }
)
DENIAL_WORDS = frozenset({"deny", "denied", "denies", "reject", "dismiss", "refute"})


def norm_key(text: str) -> str:
    """Lowercase, punctuation-free, single-spaced form used inside subject keys."""
    return _SPACE.sub(" ", _PUNCT.sub("", text.replace("’", "'").lower())).strip()


@dataclass(frozen=True)
class Country:
    """A country as the lexicon names it."""

    key: str
    adjective: str


@cache
def _country_table() -> tuple[dict[str, Country], re.Pattern[str]]:
    """Names exactly as written (case matters: "US" is a country, "us" is not)."""
    lex = load_lexicon("countries")
    table: dict[str, Country] = {}
    for key, entry in lex["countries"].items():
        demonyms = list(entry.get("demonyms") or [])
        country = Country(str(key), str(demonyms[0]) if demonyms else str(key))
        for name in [*entry.get("names", []), *demonyms, key]:
            table[str(name)] = country
    starts = "".join(sorted({re.escape(name[0]) for name in table}))
    return table, re.compile(r"(?=[" + starts + r"])(?<![\w.])(" + trie_alternation(table) + r")(?!\w)(?!\.\w)")


def country_of(text: str) -> Country | None:
    """The country a word or name means ("U.S." -> US, "Nigerien" -> Niger), or None."""
    table, _ = _country_table()
    cleaned = re.sub(r"(?:'s|’s|’|')$", "", text.strip())
    if cleaned.lower().startswith("the "):
        cleaned = cleaned[4:]
    return table.get(cleaned) or table.get(_SPACE.sub(" ", cleaned))


def countries_in(text: str) -> list[tuple[int, int, Country]]:
    """Every country mention in `text` with its offsets, left to right (longest name wins)."""
    table, pattern = _country_table()
    return [
        (m.start(), m.end(), table[_SPACE.sub(" ", m.group(1))])
        for m in pattern.finditer(text)
        if _SPACE.sub(" ", m.group(1)) in table
    ]


@dataclass
class DocContext:
    """Per-article knowledge gathered before claims are made."""

    anchor: date | None
    main_country: Country | None = None
    persons: dict[str, str] = field(default_factory=dict)  # any mention form (normalized) -> full name
    titled: dict[str, str] = field(default_factory=dict)  # normalized core title -> full name

    def resolve_person(self, name: str) -> str:
        """Full name for a mention ("Smith" -> "John Smith") when the article names them fully."""
        key = norm_key(name)
        return self.persons.get(key, name.strip())


def build_context(docs: list[Any], anchor: date | None) -> DocContext:
    """Main country (where the story happens) and the people an article names.

    A country named as a place ("in Niger", "to Chad") weighs more than one named as a party
    ("US troops", "Russian forces"), so a story about US troops in Niger is located in Niger.
    """
    scores: dict[str, float] = {}
    first_seen: dict[str, Country] = {}
    full_names: list[str] = []
    for doc in docs:
        text = doc_text(doc)
        for start, _end, country in countries_in(text):
            before = text[max(0, start - 40) : start].rstrip().lower()
            after = text[_end : _end + 40].lstrip()
            if re.search(r"\b(?:in|to|into|from|inside|within|across|of)$", before):
                weight = 3.0
            elif after.startswith(("'s", "’s")):
                weight = 2.0
            elif country.adjective.lower().rstrip("s") == text[start:_end].lower().rstrip("s"):
                weight = 0.0  # a demonym: a party, not a place
            elif re.match(r"[a-z]", after):
                weight = 0.5  # a name used as an adjective ("US troops", "Peru earthquake")
            else:
                weight = 1.0
            scores[country.key] = scores.get(country.key, 0.0) + weight
            first_seen.setdefault(country.key, country)
        for ent in doc_ents(doc):
            if ent.label_ == "PERSON":
                name = clean_person(ent.text)
                if len(name.split()) >= 2 and country_of(name) is None:
                    full_names.append(name)
    ctx = DocContext(anchor=anchor)
    if scores and max(scores.values()) > 0:
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        ctx.main_country = first_seen[best]
    for name in full_names:
        ctx.persons.setdefault(norm_key(name), name)
    for name in full_names:
        ctx.persons.setdefault(norm_key(name.split()[-1]), name)
    return ctx


def party_mentions(text: str) -> list[tuple[int, int, Country]]:
    """Countries named as parties: demonyms ("Russians", "American") or a name before a people
    noun ("US troops"). Places ("in Niger") and bare names are left out."""
    from crosscheck.extractor.numeric import noun_table

    nouns = noun_table().category
    found = []
    for start, end, country in countries_in(text):
        word = text[start:end]
        following = re.match(r"\s+(?:military\s+|armed\s+|special\s+|security\s+)?([a-z]+)", text[end:])
        if word.lower().rstrip("s") == country.adjective.lower().rstrip("s") or (
            following and following.group(1) in nouns
        ):
            found.append((start, end, country))
    return found


def clean_person(text: str) -> str:
    """A person's name without possessive or honorific."""
    honorifics = {h.rstrip(".") for h in load_lexicon("titles")["honorifics"]}
    name = re.sub(r"(?:'s|’s)$", "", text.strip())
    words = name.split()
    while words and words[0].rstrip(".").lower() in honorifics:
        words = words[1:]
    return " ".join(words)


def nationality_tokens(tokens: Any) -> list[tuple[Any, Country]]:
    """Tokens (in order) that name a country, either alone or as part of a multiword name."""
    result = []
    for token in tokens:
        country = country_of(token.text)
        if country is not None:
            result.append((token, country))
    return result


def actor_for(noun: Any, sent: Any) -> Country | None:
    """The country whose people or forces a noun phrase is about ("US troops" -> US).

    Looks at the noun's own modifiers first, then at the nationality words of its sentence.
    """
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod", "poss", "nummod"):
            for token in child.subtree:
                country = country_of(token.text)
                if country:
                    return country
    for token in noun.lefts:
        country = country_of(token.text)
        if country:
            return country
    return None


def sentence_countries(sent: Any) -> list[tuple[int, Country]]:
    """Country mentions in a sentence as (char offset in doc, country)."""
    return [(sent.start_char + s, c) for s, _e, c in countries_in(sent.text)]


def place_for(noun: Any, sent: Any, ctx: DocContext, actor: Country | None) -> Country | None:
    """The country a claim is located in: a country after in/to/at/from, else another country in the
    sentence, else the article's main country."""
    actor_key = actor.key if actor else None
    in_prep = None
    lowers = token_forms(sent.doc).lower
    for i in range(sent.start, sent.end):
        if lowers[i] in ("in", "to", "into", "inside", "within", "at") and i + 1 < sent.end:
            following = sent.doc[i + 1 : min(i + 4, sent.end)]
            for t in following:
                country = country_of(t.text)
                possessive = t.i + 1 < len(t.doc) and t.doc[t.i + 1].text in ("'", "’", "'s", "’s")
                if country and country.key != actor_key and t.dep_ not in ("compound", "amod") and not possessive:
                    in_prep = in_prep or (abs(t.i - noun.i), country)
                    if abs(t.i - noun.i) < in_prep[0]:
                        in_prep = (abs(t.i - noun.i), country)
                    break
    if in_prep:
        return in_prep[1]
    if ctx.main_country and ctx.main_country.key != actor_key:
        return ctx.main_country
    for _offset, country in sentence_countries(sent):
        if country.key != actor_key:
            return country
    return None


def head_chain(token: Any, limit: int = 8) -> list[Any]:
    """The token and its heads up to the root."""
    chain = [token]
    while chain[-1].head is not chain[-1] and len(chain) < limit:
        chain.append(chain[-1].head)
    return chain


def modality_for(token: Any, sent: Any) -> Modality:
    """estimate / plan / denial / reported, read off the words that govern the claim."""
    chain = head_chain(token)
    lemmas = {t.lemma_.lower() for t in chain} | {t.lower_ for t in chain}
    for t in chain:
        lemmas.update(c.lemma_.lower() for c in t.children if c.dep_ in ("aux", "nsubj", "neg", "advmod"))
    if lemmas & DENIAL_WORDS:
        return Modality.DENIAL
    if lemmas & PLAN_WORDS:
        return Modality.PLAN
    if lemmas & ESTIMATE_WORDS:
        return Modality.ESTIMATE
    return Modality.REPORTED


_ACCORDING = re.compile(r"(?i)\b(?:according to|as reported by|citing)\s+([^,.;]{2,80})")
_TRAILING_REPORT = re.compile(r"(?i),\s*([A-Z][\w.\s-]{1,40}?)\s+(?:reported|said|says|reports)\.?\s*$")


def attribution_for(token: Any, sent: Any) -> str | None:
    """Who says so: "according to X", the subject of a reporting verb, or "..., CNN reported"."""
    match = _ACCORDING.search(sent.text)
    if match:
        return match.group(1).strip()
    for t in head_chain(token):
        if t.lemma_.lower() in REPORTING_VERBS:
            for child in t.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("it", "this", "that"):
                    return _span_text(child)
    root = sent.root
    if root.lemma_.lower() in REPORTING_VERBS:
        for child in root.children:
            if child.dep_ == "nsubj" and child.lower_ not in ("it", "this", "that"):
                return _span_text(child)
    match = _TRAILING_REPORT.search(sent.text)
    if match:
        return match.group(1).strip()
    return None


def _span_text(token: Any) -> str:
    words = list(token.subtree)
    return sent_slice(words)


def sent_slice(tokens: list[Any]) -> str:
    """Text of a contiguous run of tokens."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    return str(doc[tokens[0].i : tokens[-1].i + 1].text)
