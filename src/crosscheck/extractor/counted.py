"""What a number counts.

A number counts the noun it modifies: a lexicon noun ("12 soldiers": military personnel) or any
other plural noun ("four plants", "14 Peruvians"), keyed by its lemma and modifiers. A bare number
takes what it counts from its verb ("80 were hurt"), from a noun that governs it ("the lives of
40", "the number of wounded at 173") or from the count before it in its sentence ("killed 40
people: 12 in Alpha County..."). Forms that only look like counts (times, ages, model numbers,
label numbers, phone numbers, years) are filtered here, before any of that.

Rules are data in `lexicons/nouns.yaml` (`categories`, `roles`, `open`); each returns the rule id
recorded on the claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from crosscheck.extractor.context import Country, country_of, head_chain, norm_key
from crosscheck.lexicons import load_lexicon

_STOP_POS = frozenset({"VERB", "AUX", "PUNCT", "SCONJ", "PRON", "PART"})
# What may stand between a number and the noun it counts: adjectives, compounds, a hyphen.
_MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN", "ADV", "NUM", "VERB"})
_CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
_QUALIFYING_PREPS = frozenset({"in", "at", "on", "from", "across", "near", "outside", "inside", "among"})


@dataclass(frozen=True)
class NounTable:
    """The counted-noun lexicon as lookup tables."""

    category: dict[str, str]
    generic: frozenset[str]
    min_value: dict[str, float]
    roles: dict[str, str]
    not_counted: frozenset[str]
    collective: frozenset[str]
    ignore_modifiers: frozenset[str]
    weak_verbs: frozenset[str]
    degrees: dict[str, str]
    tallies: frozenset[str]
    states: frozenset[str]
    time_after: re.Pattern[str]
    label_before: frozenset[str]
    held: frozenset[str]
    outcomes: frozenset[str]
    group_roles: frozenset[str]
    address_words: frozenset[str]
    change_verbs: frozenset[str]
    lasting: frozenset[str]
    category_roles: dict[str, dict[str, str]]


@cache
def noun_table() -> NounTable:
    """Counted nouns -> category, role verbs -> role and the open-class rules, from lexicons/nouns.yaml."""
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
    open_ = lex["open"]
    degrees = {word: name for name, words in open_["degrees"].items() for word in words}
    markers = sorted(open_["time_after"], key=lambda m: (-len(m), m))
    time_after = re.compile(
        r"(?i)^(?::\d|\.\d\d?\s*[ap]\.?m\b|\s*(?:"
        + "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in markers)
        + r")(?![\w]))"
    )
    return NounTable(
        category,
        frozenset(generic),
        minimum,
        roles,
        frozenset(w.lower() for w in open_["not_counted"]),
        frozenset(w.lower() for w in open_["collective"]),
        frozenset(w.lower() for w in open_["ignore_modifiers"]),
        frozenset(w.lower() for w in open_["weak_verbs"]),
        degrees,
        frozenset(w.lower() for w in open_["tallies"]),
        frozenset(w.lower() for w in open_["states"]),
        time_after,
        frozenset(w.lower() for w in open_["label_before"]),
        frozenset(open_["held"]),
        frozenset(open_["outcomes"]),
        frozenset(lex.get("group_roles", [])),
        frozenset(w.lower() for w in open_["address_words"]),
        frozenset(w.lower() for w in open_["change_verbs"]),
        frozenset(w.lower() for w in open_["lasting"]),
        {
            name: {verb: role for role, verbs in entry["roles"].items() for verb in verbs}
            for name, entry in lex["categories"].items()
            if entry.get("roles")
        },
    )


@dataclass(frozen=True)
class Counted:
    """What a number counts: the token it hangs on, the category (subject key part), how it reads
    in a label, and the rule that found it. `actor` overrides the country read off the noun
    ("14 Peruvians"); `part` marks a subset or a list item ("Six of the eight bombings")."""

    token: Any
    category: str
    what: str
    rule: str
    actor: Country | None = None
    part: str | None = None


def number_token(span: Any) -> Any:
    """The token of a quantity span that carries its digits or number word ("some 200" -> 200)."""
    for token in reversed(span):
        if token.like_num or token.pos_ == "NUM":
            return token
    return span.root


# --- forms that look like amounts but are not ------------------------------------------------------


def text_misread(text: str, start: int, end: int) -> str | None:
    """Why the number at text[start:end] is not an amount, from its characters alone, or None:
    a time ("9:12", "7.20 pm", "2211 GMT"), an ordinal or decade ("3rd", "1990s", "9am"), a model or
    product number ("F-16", "COVID-19"), an age ("aged 25")."""
    table = noun_table()
    after = text[end : end + 12]
    if after[:1].isalpha():
        return "glued"  # "3rd", "1990s", "9am", "12GW"
    if table.time_after.match(after):
        return "time"
    before = text[max(0, start - 12) : start]
    if before.endswith(":") and before[-2:-1].isdigit():
        return "time"
    if re.search(r"[A-Za-z]-$", before):
        return "model"  # "F-16", "COVID-19", "MH-17"
    word = re.search(r"([A-Za-z.#]+)\s*$", before)
    if word and word.group(1).lower().rstrip(".") in table.label_before:
        return "label"  # "aged 25", "No. 10", "page 12", "Route 66"
    return None


def _determined(noun: Any) -> bool:
    """Whether a noun has a determiner or adjective before it ("a record", "the highest")."""
    doc = noun.doc
    return noun.i > 0 and doc[noun.i - 1].pos_ in ("DET", "ADJ", "PRON")


def parse_misread(span: Any, sent: Any) -> str | None:
    """Why a number with no lexicon noun is not an amount, from its parse: a label or model number
    right after a name or noun ("Falcon 9", "Flight 370", "Article 5"), an age between commas after a
    name ("Smith, 39,"), one of several numbers in a row (a phone number), or a bare year."""
    doc = span.doc
    first, last = span[0], span[-1]
    prev = doc[first.i - 1] if first.i > sent.start else None
    nxt = doc[last.i + 1] if last.i + 1 < sent.end else None
    table = noun_table()
    if (
        prev is not None
        and prev.pos_ in ("PROPN", "NOUN")
        and prev.whitespace_
        and prev.lemma_.lower() not in table.tallies
        and (prev.pos_ == "PROPN" or (prev.lower_ not in table.category and not _determined(prev)))
    ):
        return "label"  # "Falcon 9", "Flight 370", "Route 66"; not "a record 25.4 percent", "toll 261"
    if (
        prev is not None
        and nxt is not None
        and prev.text == ","
        and nxt.text in (",", ")", ".")
        and prev.i > sent.start
        and doc[prev.i - 1].pos_ == "PROPN"
    ):
        return "age"  # "Jane Roe, 39, said"
    if (prev is not None and prev.like_num) or (nxt is not None and nxt.like_num and nxt.pos_ == "NUM"):
        return "digits"  # "020 7946 0958"
    text = span.text.strip()
    if re.fullmatch(r"1[89]\d\d|20[0-3]\d", text):
        return "year"  # "in 2002", "the 2024 Olympics": a year the date parser did not mark
    if nxt is not None and nxt.pos_ == "PROPN":
        names = [t for t in doc[nxt.i : min(nxt.i + 4, sent.end)] if t.pos_ == "PROPN"]
        if names and names[-1].lower_.rstrip(".") in table.address_words:
            return "address"  # "10 Downing Street", "1600 Pennsylvania Avenue"
    return None


# --- the noun a number counts -----------------------------------------------------------------------


def lexicon_noun(span: Any, sent: Any) -> tuple[Any, str, bool] | None:
    """The lexicon noun a number counts, its category, and whether it is reached through "of the"
    (a part of a group: "Eight of the boys"), or None."""
    table = noun_table()
    last = span[-1]
    candidates = []
    doc = span.doc
    partitive = False
    for token in doc[last.i + 1 : min(last.i + 7, sent.end)]:
        if token.pos_ in _STOP_POS and token.lower_ not in table.category:
            break
        if token.pos_ in ("VERB", "AUX") and token.tag_ not in ("VBN", "VBD"):
            break  # "21 million lives on the island": a verb, not the noun "lives"
        if token.pos_ == "CCONJ":
            break  # "killed at least 290 and wounded 500": the next clause's participle
        if token.pos_ == "ADP" and token.lower_ != "of":
            break
        if token.lower_ == "of" and token.i + 1 < sent.end and doc[token.i + 1].pos_ in ("DET", "PRON"):
            partitive = True  # "150,000 of its customers", not "10.6 mln of votes"
        candidates.append(token)
        if token.pos_ == "NOUN" and token.lower_ not in table.category and token.dep_ not in ("compound", "amod"):
            break
    if last.dep_ in ("nummod", "quantmod") and last.head.i > last.i:
        candidates.insert(0, last.head)
    for token in candidates:
        two = f"{token.lower_} {doc[token.i + 1].lower_}" if token.i + 1 < len(doc) else ""
        plural_head = token.head.i > token.i and token.head.tag_ in ("NNS", "NNPS")
        if two not in table.category and token.dep_ == "compound" and plural_head:
            continue  # "eight bomb blasts" count blasts, not bombs
        for form in (two, token.lower_, token.lemma_.lower()):
            if form and form in table.category:
                through_of = partitive and any(t.lower_ == "of" and t.i < token.i for t in candidates)
                return token, table.category[form], through_of
    return None


def open_noun(span: Any, sent: Any) -> Any | None:
    """Any noun a number counts that the lexicon does not list ("four plants", "14 Peruvians"): the
    noun the number modifies, over adjectives and compounds; plural unless the noun names a group
    ("a 21 million population"). Units, measures and "times" are not counted."""
    table = noun_table()
    doc = span.doc
    root = number_token(span)
    head = root.head
    while head.pos_ == "NUM" and head.head is not head and head.head.i > head.i:  # "two F-16 jets"
        head = head.head
    if (
        root.dep_ not in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod")
        or head.i <= span[-1].i
        or head.i >= sent.end
        or head.pos_ not in ("NOUN", "PROPN")
    ):
        head = None
        for token in doc[span[-1].i + 1 : min(span[-1].i + 5, sent.end)]:
            if token.tag_ == "HYPH" or (token.pos_ in ("ADJ", "NOUN", "PROPN") and token.dep_ in ("compound", "amod")):
                continue
            if token.pos_ in ("NOUN", "PROPN"):
                head = token
            break
    if head is None:
        return None
    between = doc[span[-1].i + 1 : head.i]
    if any(t.pos_ not in _MODIFIER_POS and t.tag_ != "HYPH" for t in between):
        return None
    lemma = head.lemma_.lower()
    if lemma in table.not_counted or head.lower_ in table.not_counted:
        return None
    demonym = country_of(head.text) is not None and head.text[:1].isupper()
    if head.pos_ == "PROPN" and head.tag_ != "NNPS" and not demonym:
        return None
    plural = demonym or head.tag_ in ("NNS", "NNPS") or (head.lower_ != lemma and head.lower_.endswith("s"))
    if not plural and lemma not in table.collective:
        return None  # "the Falcon 9 rocket", "a 2-2 draw", "one church each": no count of a kind
    return head


def partitive_noun(span: Any) -> Any | None:
    """The group a number is a part of: "Six of the eight bombings" -> bombings, "7 percent of the
    population" -> population."""
    for root in (number_token(span), span.root):
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    countable = pobj.tag_ in ("NNS", "NNPS") or pobj.lemma_.lower() in noun_table().collective
                    if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN") and countable:
                        return pobj  # not "one of hope"
    return None


def modifiers(noun: Any, span: Any) -> str:
    """The words that narrow a counted noun, in order ("foreign cave diving", "high-street travel"),
    without numbers, countries (the actor) and words that say nothing of the kind ("other", "more")."""
    table = noun_table()
    doc = noun.doc
    start = noun.left_edge.i
    if span[-1].i < noun.i:
        start = max(start, span[-1].i + 1)
    words = []
    for token in doc[start : noun.i]:
        if token.like_num or token.pos_ in ("DET", "PRON", "PUNCT", "ADP", "CCONJ", "PART") or token.tag_ == "HYPH":
            continue
        if token.lower_ in table.ignore_modifiers or country_of(token.text) is not None:
            continue
        if token.i in range(span.start, span.end):
            continue
        words.append(token.lower_)
    return " ".join(words)


def lexicon_modifiers(noun: Any, span: Any, category: str) -> str:
    """The adjectives that make a lexicon noun a subgroup ("unidentified bodies", "wounded
    soldiers"), without those its category already says ("military personnel") or a role."""
    table = noun_table()
    named = set(category.split()) | set(table.roles.values())
    words = []
    for child in noun.lefts:
        if child.dep_ != "amod" or child.pos_ not in ("ADJ", "VERB") or child.i < span.start:
            continue
        word = child.lower_
        if word in table.ignore_modifiers or word in named or country_of(child.text) is not None:
            continue
        if word in table.category or child.lemma_.lower() in table.roles or child.like_num:
            continue
        words.append(word)
    return " ".join(words)


def of_phrase(noun: Any) -> str:
    """A name the counted noun belongs to ("units of the National Disaster Force"): up to four words."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("PROPN", "NOUN") and not pobj.like_num:
                    words = [t.text for t in pobj.subtree if t.pos_ in ("PROPN", "NOUN", "ADJ")][:4]
                    if words:
                        return "of " + " ".join(words)
    return ""


def _first_conjunct(token: Any) -> Any:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def predicate(noun: Any) -> str | None:
    """What happened to what is counted, read off its verb ("were derailed" -> derail, "aboard",
    "among the dead" -> killed), as a role from the lexicon where one fits, with a degree adverb
    ("seriously injured"); None when only a weak verb (be, have, include) governs it."""
    table = noun_table()
    for child in noun.children:
        if child.dep_ in ("acl", "relcl", "amod") and child.pos_ == "VERB" and child.lemma_ not in table.weak_verbs:
            return _verb_role(child)
        if child.dep_ in ("acl", "relcl") and child.pos_ == "AUX":
            state = _state(child)
            if state:
                return state
    anchor = _first_conjunct(noun)
    verb = anchor.head
    if anchor.dep_ in _CLAUSE_DEPS and verb.pos_ in ("VERB", "AUX"):
        state = _state(verb)
        if state:
            return state
        lemma = verb.lemma_.lower()
        if lemma not in table.weak_verbs and verb.pos_ == "VERB":
            return _verb_role(verb)
        for child in verb.children:
            if child.dep_ in ("acomp", "oprd", "xcomp") and child.lemma_.lower() in table.roles:
                return _verb_role(child)
    for child in noun.children:
        if child.dep_ == "advmod" and child.lower_ in table.states:
            return str(child.lower_)  # "21 nationals aboard"
    return None


def governing(token: Any) -> str | None:
    """What happened to what a share is of: the predicate of the share itself, else the first verb
    above it that says more than that it exists ("25 percent of voters abstained", "100% of ballots
    were counted", "one in three voters declined")."""
    found = predicate(token)
    if found:
        return found
    table = noun_table()
    chain = head_chain(token, limit=6)
    for below, verb in pairwise(chain):
        if below.dep_ == "appos":
            return None  # "the minority - just 6 percent of the population - was targeted"
        if verb.pos_ == "VERB":
            return None if verb.lemma_.lower() in table.weak_verbs else _verb_role(verb)
    return None


def role_of(verb: Any) -> str | None:
    """The lexicon role a verb gives what it governs ("were killed", "brought out" -> rescued),
    with its degree ("seriously injured"), or None when the verb names no role."""
    table = noun_table()
    lemma = str(verb.lemma_).lower()
    particle = next((str(c.lower_) for c in verb.children if c.dep_ == "prt"), None)
    if lemma in table.roles or str(verb.lower_) in table.roles or f"{lemma} {particle}" in table.roles:
        return _verb_role(verb)
    return None


def degree_of(verb: Any) -> str | None:
    """The degree an adverb gives a role ("seriously injured" -> seriously), or None."""
    table = noun_table()
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in table.degrees:
            return table.degrees[child.lower_]
    return None


def _verb_role(verb: Any) -> str:
    table = noun_table()
    lemma = str(verb.lemma_).lower()
    particle = next((str(c.lower_) for c in verb.children if c.dep_ == "prt"), None)
    if particle and f"{lemma} {particle}" in table.roles:
        lemma = f"{lemma} {particle}"  # "brought out" -> rescued
    role = table.roles.get(lemma, table.roles.get(str(verb.lower_), lemma))
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in table.degrees:
            return f"{table.degrees[child.lower_]} {role}"
    return role


def _state(verb: Any) -> str | None:
    """A state a copula states: "were among the dead" -> killed, "are in a critical condition",
    "were said to be seriously hurt" -> seriously injured."""
    table = noun_table()
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "among":
            for pobj in child.children:
                for word in (pobj, *pobj.children):
                    if word.lemma_.lower() in table.roles or word.lower_ in table.roles:
                        return _verb_role(word)
        if child.dep_ == "prep" and child.lower_ == "in":
            for pobj in child.children:
                if pobj.lemma_.lower() == "condition":
                    adjectives = [a.lower_ for a in pobj.children if a.dep_ == "amod"]
                    return " ".join([*adjectives, "condition"])
        if child.dep_ in ("xcomp", "ccomp", "acomp") and child.lemma_.lower() in table.roles:
            return _verb_role(child)
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            inner = _state(child)
            if inner:
                return inner
    return None


# --- a bare number: its verb, the noun that governs it ------------------------------------------------


def implied(root: Any) -> tuple[Any, str, str] | None:
    """A number that counts without a noun, and the rule: "the death toll rose to 1,730",
    "the number injured rose to 1,945", "killing at least 20", "80 were hurt", "517 were in a
    critical condition", "the lives of 40", "put the number of wounded at 173"."""
    table = noun_table()
    for token in head_chain(root, limit=5):
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in table.tallies]
        if token.pos_ in ("VERB", "AUX") and subjects:
            token = subjects[0]  # "the death toll rose to 1,730"
        if token.lemma_.lower() in table.tallies:
            found = _tally(token)
            if found:
                return token, found, "tally"
        if token.pos_ == "VERB" and root.dep_ == "pobj" and root.head.lower_ in ("to", "at"):
            for child in token.children:  # "deaths rose sharply to 261", "arrests stood at 1,200"
                category = table.category.get(child.lower_)
                if child.dep_ == "nsubj" and child.tag_ == "NNS" and category and category not in table.generic:
                    return child, category, "tally"
        if token is not root and token.pos_ in ("VERB", "NOUN"):
            break
    head = root.head
    if root.dep_ in ("dobj", "nsubjpass", "nsubj") and (role := role_of(head)) is not None:
        return head, role, "verb"
    if root.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("AUX", "VERB"):
        state = _state(head)
        if state:
            return head, state, "state"
    if root.dep_ == "nsubjpass" and head.pos_ == "VERB" and head.lemma_.lower() not in table.weak_verbs:
        return head, _verb_role(head), "passive"  # "12 were derailed": what happened is all we know
    if root.dep_ == "pobj" and head.lower_ in ("of", "at", "to"):
        governor = head.head
        if governor.pos_ == "VERB":  # "put the number of wounded at 173"
            objects = [c for c in governor.children if c.dep_ == "dobj"]
            governor = objects[0] if objects else governor
        if governor.pos_ == "NOUN":
            lemma = governor.lemma_.lower()
            if lemma in table.tallies:
                found = _tally(governor)
                if found:
                    return governor, found, "tally"
                return implied(governor) if governor is not root else None  # "a total of 517 were..."
            if governor.lower_ in table.category or lemma in table.category:
                category = table.category.get(governor.lower_, table.category.get(lemma, lemma))
                return governor, category, "of-noun"  # "the lives of 40"
            if lemma in table.collective:
                return governor, lemma, "of-noun"  # "a crowd of 5,000"
    return None


def _tally(token: Any) -> str | None:
    """What a toll, number or tally counts: "death toll" -> killed, "the number injured" -> injured,
    "the number of casualties" -> casualties."""
    table = noun_table()
    words = {c.lower_ for c in token.children} | {token.head.lower_}
    if token.lemma_.lower() == "toll":
        if words & {"injury", "injuries", "wounded"}:
            return "injured"
        return "killed"
    for child in token.children:
        if child.dep_ in ("acl", "amod") and (child.lemma_.lower() in table.roles or child.lower_ in table.category):
            return table.category.get(child.lower_) or _verb_role(child)
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                form = str(pobj.lower_)
                if form in table.category or pobj.lemma_.lower() in table.category:
                    return table.category.get(form, table.category.get(pobj.lemma_.lower(), form))
    return None


# --- list items and follow-ons ------------------------------------------------------------------------


def qualifiers(span: Any, sent: Any) -> list[str]:
    """What narrows a bare number: "another", a degree ("four seriously"), the place or time right
    after it ("12 in Alpha County", "four on Sunday")."""
    table = noun_table()
    root = number_token(span)
    doc = span.doc
    parts: list[str] = []
    for child in root.children:
        if child.dep_ == "det" and child.lower_ in ("another", "other"):
            parts.append("another")
        if child.dep_ == "advmod" and child.lower_ in table.degrees:
            parts.append(table.degrees[child.lower_])
    after = doc[span[-1].i + 1] if span[-1].i + 1 < sent.end else None
    if after is not None and after.lower_ == "others":
        parts.append("others")  # "and 47 others": more of the same, not a kind of their own
        after = doc[after.i + 1] if after.i + 1 < sent.end else None
    if after is not None and after.lower_ in ("each", "per", "every") and after.i + 1 < sent.end:
        unit = doc[after.i + 1]
        if unit.pos_ == "NOUN":
            parts.append(f"{after.lower_} {unit.lower_}")  # "four each day"
            after = None
    if after is not None and after.pos_ == "ADP" and after.lower_ in _QUALIFYING_PREPS:
        objects = [c for c in after.children if c.dep_ == "pobj"]
        if objects:  # the object and what narrows it, not what follows it ("in Britain, 544 shops")
            pobj = objects[0]
            kept = doc[pobj.left_edge.i : pobj.i + 1]
            words = [t.text for t in kept if t.pos_ in ("PROPN", "NOUN", "ADJ", "NUM")][:4]
            if words:
                parts.append(f"{after.lower_} {' '.join(words)}")
    return parts


def when(span: Any, sent: Any) -> str | None:
    """The time a figure is of, stated right after it ("82 percent in 2002", "22 percent in the first
    round"): a preposition whose object is a date or an ordinal."""
    doc = span.doc
    for token in doc[span[-1].i + 1 : min(span[-1].i + 5, sent.end)]:
        if token.pos_ in ("VERB", "AUX", "PUNCT", "CCONJ"):
            return None
        if token.pos_ == "ADP" and token.lower_ in ("in", "during", "on", "at", "for", "since", "by"):
            words = [t for t in token.subtree if t.i > token.i]
            if any(t.ent_type_ in ("DATE", "ORDINAL") for t in words):
                kept = [t.text for t in words if t.pos_ in ("PROPN", "NOUN", "ADJ", "NUM")][:4]
                return f"{token.lower_} {' '.join(kept)}" if kept else None
    return None


def follow_on(span: Any, sent: Any) -> str | None:
    """What sets a bare number apart from the count before it in its sentence: "12 in Alpha
    County" -> "in alpha county", "Chile with 9" -> "chile", "four seriously" -> "seriously",
    "including 6,200 in Canada", "another 300", "12 were children"; None when nothing does."""
    table = noun_table()
    root = number_token(span)
    head = root.head
    parts: list[str] = []
    if head.lower_ in ("including", "includes", "include"):
        parts.append("including")
    parts.extend(qualifiers(span, sent))
    if root.dep_ == "pobj" and head.lower_ in ("with", "on", "at"):
        name = name_before(head)
        if name is not None:
            parts.append(" ".join(t.text for t in name.subtree if t.pos_ == "PROPN" and t.i <= name.i))
    if root.dep_ == "pobj" and head.lower_ in ("against", "versus", "vs", "to") and not parts:
        parts.append(f"{head.lower_} (other)")
    weak = head.lemma_.lower() in table.weak_verbs
    if root.dep_ in ("nsubj", "nsubjpass", "dobj") and head.pos_ == "VERB" and not weak:
        parts.append(_verb_role(head))
    if root.dep_ == "nsubj" and head.lemma_ == "be":
        for child in head.children:  # "12 were children", "3 were crew members"
            if child.dep_ == "attr" and child.pos_ in ("NOUN", "PROPN"):
                parts.append(_phrase(child))
    return norm_key(" ".join(parts))[:60] if parts else None


def name_before(prep: Any) -> Any | None:
    """The name a preposition follows, over a comma ("Chile with 9", "Roe, on 34 percent")."""
    doc = prep.doc
    i = prep.i - 1
    comma = i >= 0 and doc[i].text == ","
    if comma:
        i -= 1
    name = doc[i] if i >= 0 and doc[i].pos_ == "PROPN" else None
    if name is None and prep.head.pos_ == "PROPN" and prep.head.i < prep.i:
        name = prep.head
    if name is not None and prep.lower_ == "with" and (comma or _last_name_token(name).dep_ == "dobj"):
        return None  # "beat Roe(,) with 65 percent": the share is the subject's; "Chile with 9" is Chile's
    if name is not None and not comma and _last_name_token(name).dep_ == "dobj":
        return None
    return name


_CONTRAST = frozenset({"against", "versus", "vs", "vs."})


def holder_of(span: Any, sent: Any, verbs: bool = True) -> tuple[Any | None, bool]:
    """Who holds a share, and whether the share is set against another ("against 33.9 percent"):
    the name it is "for" ("33.9 percent for Jane Roe"), the name before "on"/"with" ("Roe, on 34
    percent"), or the named subject or object of its verb ("Roe won 52 percent"); a share set
    against another never takes its verb's subject, which holds the other share; nor does a list
    item (`verbs=False`), whose verb is its head's."""
    token = span.root
    doc = span.doc
    prep = token.head if token.dep_ == "pobj" else None
    contrast = prep is not None and (
        prep.lower_ in _CONTRAST or (prep.lower_ in ("with", "to") and prep.head.lower_ == "compared")
    )
    after = doc[span[-1].i + 1] if span[-1].i + 1 < sent.end else None
    if after is not None and after.lower_ == "for":
        for word in doc[after.i + 1 : min(after.i + 8, sent.end)]:
            if word.pos_ == "PROPN" and (word.dep_ == "pobj" or word.head.dep_ == "pobj" or word.head.i == after.i):
                return _last_name_token(word), contrast
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "for":
            for pobj in child.children:
                if pobj.pos_ == "PROPN":
                    return pobj, contrast
    if contrast:
        return None, True
    for word in (token, *token.lefts):
        if word.dep_ == "pobj" and word.head.lower_ in ("on", "with", "at"):
            name = name_before(word.head)
            if name is not None:
                return name, False  # "Roe, on 34 percent"
    for verb in head_chain(token, limit=5)[1:]:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for child in verb.children:
            if verbs and child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.pos_ == "PROPN":
                return child, False
            relative = child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in ("who", "which", "that")
            if relative and verb.dep_ == "relcl" and verb.head.pos_ == "PROPN":
                return verb.head, False  # "Da Silva, who got 37.5 percent"
        break
    return None, False


def _last_name_token(word: Any) -> Any:
    """The head of a run of names ("Ana" -> "Silva" in "Ana da Silva")."""
    while word.dep_ == "compound" and word.head.pos_ == "PROPN" and word.head.i > word.i:
        word = word.head
    return word


def name_of(token: Any) -> str:
    """The whole name a token is part of ("da Silva" for "Silva"): its entity, else its compound names."""
    if token.ent_type_:
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                return str(ent.text)
    words = [t.text for t in token.subtree if t.pos_ == "PROPN" and t.i <= token.i]
    return " ".join(words) or str(token.text)


def context_noun(token: Any, sent: Any, holder: Any | None = None, known: frozenset[str] = frozenset()) -> str | None:
    """What a bare percentage is of, from the noun phrase it qualifies: "the 25-percent abstention
    rate" -> abstention rate, "turnout amounted to 74.62%" -> turnout, "the rate was 25 percent"."""
    head = token.head
    if head.i > token.i and head.pos_ == "NOUN" and head.i < sent.end:
        return _phrase(head)
    for verb in head_chain(token, limit=5)[1:]:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for child in verb.children:
            if child.dep_ not in ("nsubj", "nsubjpass") or child.i == token.i or child in token.subtree:
                continue
            if holder is not None and child.i == holder.i:
                continue
            if child.pos_ == "NOUN" or (
                child.pos_ == "PROPN" and child.i == sent.start and not child.n_lefts and child.lower_ not in known
            ):  # "Turnout amounted to 74.62%": a common noun capitalized as the first word
                return _phrase(child)
        lemma = verb.lemma_.lower()
        if lemma not in noun_table().weak_verbs:
            return f"share ({lemma})"
        break
    return None


def figure_kind(token: Any) -> str | None:
    """Whether a bare percentage is a change ("rose 12%", "fell by 3 percent": "rise by", "fall by")
    rather than a level ("rose to 4%", "stood at 4%"), or what its own verb says of it ("60% sold")."""
    table = noun_table()
    for child in token.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" and child.lemma_.lower() not in table.weak_verbs:
            return _verb_role(child)
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() in table.change_verbs:
        return f"{head.head.lemma_.lower()} by"  # "fell by 3 percent"
    if token.dep_ in ("dobj", "npadvmod", "advmod", "attr") and head.lemma_.lower() in table.change_verbs:
        return f"{head.lemma_.lower()} by"  # "rose 12%"
    return None


def _phrase(noun: Any) -> str:
    words = [t.lower_ for t in noun.lefts if t.dep_ in ("compound", "amod") and not t.like_num and t.pos_ != "NUM"]
    words = [w for w in words if w not in ("percent", "per", "cent", "%")]
    return " ".join([*words, noun.lemma_.lower()])
