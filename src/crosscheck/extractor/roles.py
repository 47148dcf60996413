"""Titles and the roles people hold, read off the words around a person's name.

A title sits before the name ("Police spokesperson Jane Roe"), in an apposition after it ("Jane Roe,
the regional governor,"; "John Doe, CEO of Acme,") or before it ("the governor, Jane Roe,"); a
relative clause gives one too ("Jane Roe, who chairs the board,"). Each mention says who (the name as
written), which title (normalized: "CEO" = "Chief Executive", "Defence Secretary" = "Secretary of
Defense"), of what (an organisation or place: "of the Coast Guard", "Westmarch's", "Peruvian") and
when (a former holder is another fact than the current one). Words come from lexicons/titles.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from crosscheck.extractor.context import Country, clean_person, country_of, norm_key
from crosscheck.extractor.nlp import token_forms
from crosscheck.lexicons import load_lexicon


@dataclass(frozen=True)
class TitleTable:
    """Title words from lexicons/titles.yaml."""

    heads: frozenset[str]
    words: frozenset[str]  # heads, modifiers, departments, abbreviations, status words
    departments: frozenset[str]
    abbreviations: dict[str, str]
    spellings: dict[str, str]
    of_heads: frozenset[str]
    phrases: tuple[tuple[re.Pattern[str], str], ...] = ()
    statuses: dict[str, str] | None = None  # status word -> status name
    unique: frozenset[str] = frozenset()
    unique_of_heads: frozenset[str] = frozenset()
    unqualified: frozenset[str] = frozenset()
    role_verbs: dict[str, str] | None = None
    not_name: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()


@cache
def title_table() -> TitleTable:
    """Load the titles lexicon once."""
    lex = load_lexicon("titles")
    heads = frozenset(w.lower() for h in lex["heads"] for w in h.split())
    departments = frozenset(w for d in lex["departments"] for w in d.lower().split())
    abbreviations = {k.lower(): v for k, v in lex["abbreviations"].items()}
    statuses = {str(w).lower(): name for name, words in lex.get("statuses", {}).items() for w in words}
    words = (
        heads
        | departments
        | frozenset(m.lower() for m in lex["modifiers"])
        | frozenset(abbreviations)
        | frozenset(w for w in statuses if " " not in w)
    )
    phrases = tuple(
        (re.compile(rf"(?<![\w-]){re.escape(str(k))}(?![\w-])(?!\s+(?!of\b)[a-z])"), str(v))
        for k, v in sorted(lex.get("phrases", {}).items(), key=lambda kv: -len(str(kv[0])))
    )
    return TitleTable(
        heads,
        words,
        departments,
        abbreviations,
        dict(lex["spellings"]),
        frozenset(lex["of_heads"]),
        phrases=phrases,
        statuses=statuses,
        unique=frozenset(str(u).lower() for u in lex.get("unique", [])),
        unique_of_heads=frozenset(lex.get("unique_of_heads", [])),
        unqualified=frozenset(str(u).lower() for u in lex.get("unqualified", [])),
        role_verbs={str(k): str(v) for k, v in lex.get("role_verbs", {}).items()},
        not_name=frozenset(str(w).lower() for w in lex.get("not_name_words", [])),
        particles=frozenset(str(w).lower() for w in lex.get("name_particles", [])),
        honorifics=frozenset(str(h).lower().rstrip(".") for h in lex.get("honorifics", [])),
    )


def normalize_title(words: list[str]) -> str:
    """'Defence Secretary' -> 'secretary of defense'; 'Gen' -> 'general'; 'CEO' -> 'chief executive'."""
    table = title_table()
    out: list[str] = []
    for word in words:
        w = word.lower().replace("’", "'")
        if w in ("-", "–"):
            continue
        w = table.abbreviations.get(w, table.abbreviations.get(w.rstrip("."), w))
        for part in w.split():
            out.append(table.spellings.get(part, part))
    if len(out) >= 2 and out[-1] in table.of_heads and out[-2] in table.departments:
        depts: list[str] = []
        while len(out) >= 2 and out[-2] in table.departments:
            depts.insert(0, out.pop(-2))
        out.append("of " + " ".join(depts))
    text = " ".join(out)
    for pattern, replacement in table.phrases:
        text = pattern.sub(replacement, text)
    return text


def is_head(word: str) -> bool:
    """Whether a lower-case word can end a title ("minister", "CEO", "gov.")."""
    table = title_table()
    return word in table.heads or word in table.abbreviations or word.rstrip(".") in table.abbreviations


def is_title_word(word: str) -> bool:
    """Whether a lower-case word can be part of a title."""
    table = title_table()
    return word in table.words or (word.endswith(".") and word.rstrip(".") in table.abbreviations)


@dataclass(frozen=True)
class RoleMention:
    """A person named with a title."""

    person: str  # the name as written, honorifics and title words left out
    name_start: int  # token span of the name
    name_end: int
    title_start: int  # token span of the title with its qualifiers
    title_end: int
    core: str  # normalized title without its status words: "chief executive", "secretary of defense"
    country: Country | None  # a country the title is of ("Peruvian", "of France")
    of: tuple[str, ...]  # what else it is the title of, normalized: "of coast guard", "of westmarch", "to uk"
    status: str | None  # former, outgoing, incoming, acting, late (lexicon names)
    definite: bool  # "the governor, Jane Roe" / "Westmarch's chief minister": one holder is meant
    indefinite: bool  # "a spokesperson, Jane Roe" / "Jane Roe, a former minister": one of several
    shape: str  # before-name, appos-before, appos-after, relative

    @property
    def start(self) -> int:
        """First token of the mention (title or name)."""
        return min(self.name_start, self.title_start)

    @property
    def end(self) -> int:
        """Token after the mention."""
        return max(self.name_end, self.title_end)


# Entities a name is not; a name after a title that the model reads as a product or an event is a name.
_BAD_NAME_ENTS = frozenset(
    {"GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LANGUAGE"}
)
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_DETERMINERS = {"the": True, "a": False, "an": False, "his": True, "her": True, "its": True, "their": True}
_QUALIFIER_PREPS = frozenset({"of", "to", "for", "at"})
_CLOSE_APPOS = frozenset({",", ".", ";", ":", ")", "—", "–", "and", "who", "said", "says", "told"})


class _Scan:
    """One sentence's tokens with what the scan asks of them, looked up once."""

    def __init__(self, sent: Any, known: Container[str]) -> None:
        self.sent = sent
        self.doc = sent.doc
        forms = token_forms(sent.doc)
        self.lower = forms.lower
        self.pos = forms.pos
        self.start, self.end = sent.start, sent.end
        self.known = known
        self.person_start: dict[int, int] = {}  # token -> start of the PERSON entity holding it
        self.ent_start: dict[int, int] = {}  # token -> start of any entity holding it
        for ent in sent.ents:
            for i in range(ent.start, ent.end):
                self.ent_start[i] = ent.start
                if ent.label_ == "PERSON":
                    self.person_start[i] = ent.start

    def text(self, start: int, end: int) -> str:
        return str(self.doc[start:end].text)

    def name_token(self, i: int, first: int) -> bool:
        """Whether token i can be part of a name that starts at token `first`."""
        token = self.doc[i]
        word = self.lower[i]
        if i in self.person_start and i != self.person_start[i]:
            return word not in _POSSESSIVE and token.text[:1].isalpha()  # inside a name: "Martin Luther King"
        if not token.text[:1].isupper() or token.like_num:
            return False
        if self.pos[i] not in ("PROPN", "NOUN", "ADJ", "X") and i not in self.person_start:
            return False
        table = title_table()
        if is_title_word(word) or word in table.not_name or word.rstrip(".") in table.honorifics:
            return False
        if token.ent_type_ in _BAD_NAME_ENTS and self.ent_start.get(i, i) >= first:
            return False  # (an entity that starts before the name is misread: "[Alpha Province Jane Roe]")
        return country_of(token.text) is None

    def valid_name(self, start: int, end: int) -> bool:
        if any(i in self.person_start for i in range(start, end)):
            return True
        if end - start >= 2:
            return True
        return norm_key(self.doc[start].text) in self.known

    def name_after(self, k: int) -> tuple[int, int] | None:
        """The name that starts at token k (a PERSON entity's name ends with it: "PM Jane Roe Leaves")."""
        j = k
        table = title_table()
        end = self.end
        if k in self.person_start and self.person_start[k] == k:
            end = next((i for i in range(k, self.end) if self.person_start.get(i) != k), self.end)
        while j < end and j - k < 6:
            if self.name_token(j, k) or (
                j > k and self.lower[j] in table.particles and j + 1 < self.end and self.name_token(j + 1, k)
            ):
                j += 1
            else:
                break
        if j == k or not self.valid_name(k, j):
            return None
        if not any(i in self.person_start for i in range(k, j)):
            j = min(j, k + (2 if self.headline() else 3))  # "Chancellor Jane Roe Visits Flooded Towns"
        return k, j

    def headline(self) -> bool:
        """Whether the sentence is in title case, as headlines are (every word capitalized)."""
        words = [t for t in self.doc[self.start : self.end] if t.is_alpha and len(t) > 3]
        return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)

    def name_before(self, k: int) -> tuple[int, int] | None:
        """The name that ends at token k (inclusive)."""
        j = k
        table = title_table()
        while j >= self.start and k - j < 6:
            if self.name_token(j, j) or (j < k and self.lower[j] in table.particles and j - 1 >= self.start):
                j -= 1
            else:
                break
        start = j + 1
        while start <= k and self.lower[start] in table.particles:
            start += 1
        if start > k or not self.valid_name(start, k + 1):
            return None
        return start, k + 1


@dataclass
class _Title:
    """A title phrase found around a run of title words."""

    start: int
    end: int  # token after the title's words and qualifiers
    words: list[str]
    country: Country | None = None
    of: list[str] = field(default_factory=list)  # what it is the title of, normalized: "of westmarch", "to uk"
    definite: bool = False
    indefinite: bool = False
    det_start: int | None = None  # where a determiner before it starts

    def qualify(self, prep: str, written: str) -> None:
        """Add "of X" / "to X": a country as the title's country, anything else as what it is of."""
        written = re.sub(r"(?i)^(?:the|a|an)\s+", "", written.strip())
        country = country_of(written)
        if prep == "of" and country is not None and self.country is None:
            self.country = country
            return
        key = f"{prep} {country.key.lower() if country else norm_key(written)}"
        if key not in self.of:
            self.of.append(key)


def role_mentions(sent: Any, known: Container[str] = frozenset()) -> list[RoleMention]:
    """People named with a title in one sentence. `known`: normalized surnames the article names in
    full elsewhere, which may stand alone as a name ("Roe, the governor,")."""
    table = title_table()
    lower = token_forms(sent.doc).lower
    words = table.words
    if not any(lower[i] in words for i in range(sent.start, sent.end)) and "who" not in lower[sent.start : sent.end]:
        return []  # most sentences name no title: one set look-up per token
    scan = _Scan(sent, known)
    mentions: list[RoleMention] = []
    i = scan.start
    while i < scan.end:
        if not is_title_word(lower[i]) or (i in scan.person_start and scan.person_start[i] != i):
            i += 1
            continue
        j = i
        last_head = -1
        while j < scan.end and (is_title_word(lower[j]) or (lower[j] in ("-", "–") and j > i and j + 1 < scan.end)):
            if is_head(lower[j]):
                last_head = j
            j += 1
        if last_head < 0:
            i = j
            continue
        end = last_head + 1
        while end < j and (lower[end] in (table.statuses or {}) or lower[end] in ("-", "–")):
            end += 1  # "President-elect"
        found = _mention(scan, i, end)
        if found is not None:
            mentions.append(found)
        i = j
    if "who" in lower[scan.start : scan.end]:
        mentions.extend(_relative_roles(scan, table))
    return mentions


def _title_at(scan: _Scan, first: int, end: int) -> _Title:
    """The title whose title words run over [first, end): extended left over its country, organisation,
    possessor and determiner, and right over "of/to/for/at X"."""
    words = [scan.doc[k].text for k in range(first, end) if scan.lower[k] not in ("-", "–")]
    title = _Title(first, end, words)
    k = first - 1
    prefix_end = first  # capitalized words just before the title: "CAA CEO", "Coast Guard commander"
    while k >= scan.start:
        word = scan.lower[k]
        token = scan.doc[k]
        if word in _POSSESSIVE and k - 1 >= scan.start:
            owner = k - 1
            while owner - 1 >= scan.start and scan.pos[owner - 1] in ("PROPN", "NOUN") and k - owner < 4:
                owner -= 1
            if scan.pos[owner] not in ("PROPN", "NOUN") or owner in scan.person_start:
                break  # "Roe's spokesperson": whose spokesperson is no organisation
            title.qualify("of", scan.text(owner, k))
            title.definite = True
            title.start = prefix_end = owner
            k = owner - 1
            continue
        if word in _DETERMINERS:
            title.definite = title.definite or _DETERMINERS[word]
            title.indefinite = not _DETERMINERS[word]
            title.det_start = k
            break
        if (country_of(token.text) is not None or scan.pos[k] == "PROPN") and token.text[:1].isupper():
            if k in scan.person_start or token.ent_type_ in _BAD_NAME_ENTS - {"GPE", "NORP", "LOC", "FAC"}:
                break
            title.start = k
        elif not (scan.pos[k] == "ADJ" and token.is_lower):  # "the regional governor": looked past
            break
        k -= 1
    if title.start < prefix_end:
        words = [scan.doc[t].text for t in range(title.start, prefix_end)]
        country = country_of(" ".join(words))
        if country is None and len(words) > 1 and (country := country_of(words[0])) is not None:
            words = words[1:]  # "US Navy commander": the Navy's, and the country's
        elif country is not None:
            words = []
        if country is not None and title.country is None:
            title.country = country
        if words:
            title.qualify("of", " ".join(words))
    k = end
    while k < scan.end and scan.lower[k] in _QUALIFIER_PREPS:
        q_start = k + 1
        q = q_start
        if q < scan.end and scan.lower[q] in ("the", "a", "an"):
            q += 1
        # the parse's object of the preposition ends it, where the parse has one ("to the UK Jane Roe")
        pobj = next((c for c in scan.doc[k].children if c.dep_ == "pobj"), None)
        limit = min(scan.end, pobj.right_edge.i + 1) if pobj is not None and pobj.i >= q_start else scan.end
        while q < limit and q - q_start < 7:
            if q in scan.person_start and q > q_start:
                break
            if q > q_start and scan.lower[q - 1] in title_table().not_name and scan.doc[q].text[:1].isupper():
                break  # "Governor of Alpha Province Jane Roe": the province's name ends at its type word
            before, token = scan.doc[q - 1], scan.doc[q]
            if q > q_start and before.ent_type_ in _PLACE_ENTS and token.ent_iob_ == "O" and token.text[:1].isupper():
                break  # "Ambassador to the UK Jane Roe": the name starts where the place's entity ends
            if (
                scan.pos[q] in ("PROPN", "NOUN")
                or scan.lower[q] == "&"
                or (scan.pos[q] == "ADJ" and q + 1 < scan.end)
                or (scan.lower[q] == "of" and q + 1 < scan.end and scan.doc[q + 1].text[:1].isupper())
            ):
                q += 1
            else:
                break
        if q == q_start or (q == q_start + 1 and scan.lower[q_start] in ("the", "a", "an")):
            break
        body = [scan.lower[t] for t in range(q_start, q) if scan.lower[t] not in ("the", "a", "an")]
        prep = scan.lower[k]
        if prep == "of" and body and all(w in title_table().departments for w in body):
            title.words += ["of", *body]  # "Minister of Defence", "chief of police": the title itself
        else:
            title.qualify(prep, scan.text(q_start, q))
        title.end = q
        k = q
    return title


def _mention(scan: _Scan, first: int, end: int) -> RoleMention | None:
    """The person a run of title words names: after it, after a comma, or before it after a comma."""
    title = _title_at(scan, first, end)
    lower = scan.lower
    k = title.end
    name = scan.name_after(k) if k < scan.end else None
    shape = "before-name"
    if name is not None and title.end > end and scan.lower[end] in ("to", "for", "at"):
        name = None  # "envoy to the UK Jane Roe": the name may be the place's; too unsure
    if name is None and k < scan.end and lower[k] == "," and k + 1 < scan.end:
        after = k + 1
        while after < scan.end and is_title_word(lower[after]):
            after += 1  # "Police Spokesperson, SP Jane Roe"
        name = scan.name_after(after) if after < scan.end else None
        if name is not None and name[1] < scan.end and (lower[name[1]] == "and" or not _closes(scan, name[1])):
            name = None  # "the spokesperson, Jane Roe and John Doe": a list, not one holder
        shape = "appos-before"
    if name is None:
        left = title.det_start if title.det_start is not None else title.start
        k = left - 1
        if k - 2 >= scan.start and lower[k] == "," and scan.doc[k - 1].like_num and lower[k - 2] == ",":
            k -= 2  # "Jane Roe, 45, a nurse"
        if k - 1 >= scan.start and lower[k] == ",":
            name = scan.name_before(k - 1)
            if (
                name is not None
                and title.end < scan.end
                and (not _closes(scan, title.end) or scan.lower[title.end] in ("!", "?", "'", '"', "’", "”"))
            ):
                name = None  # "chanting 'Roe, President!'": a cry, not a title
            shape = "appos-after"
    if name is None:
        return None
    person = _person_text(scan, *name)
    if not person or country_of(person) is not None:
        return None
    core_words, status = _split_status(title.words)
    core = normalize_title(core_words)
    if not core or not any(is_head(w.lower()) for w in core_words):
        return None
    return RoleMention(
        person=person,
        name_start=name[0],
        name_end=name[1],
        title_start=title.start if title.det_start is None else min(title.det_start + 1, title.start),
        title_end=title.end,
        core=core,
        country=title.country,
        of=tuple(title.of),
        status=status,
        definite=title.definite and not title.indefinite,
        indefinite=title.indefinite,
        shape=shape,
    )


def _closes(scan: _Scan, k: int) -> bool:
    """Whether token k can end an apposition: punctuation, a conjunction, a verb."""
    return scan.lower[k] in _CLOSE_APPOS or scan.pos[k] in ("VERB", "AUX", "PUNCT")


def _person_text(scan: _Scan, start: int, end: int) -> str:
    """The name without honorifics or title words at its start ("Gen John Smith" -> "John Smith")."""
    while start < end and (is_title_word(scan.lower[start]) or scan.lower[start] in ("-", "–")):
        start += 1
    return clean_person(scan.text(start, end))


def _split_status(words: list[str]) -> tuple[list[str], str | None]:
    """Title words without their status words ("former", "acting", "-elect"), and the status they give."""
    statuses = title_table().statuses or {}
    core: list[str] = []
    status: str | None = None
    for word in words:
        name = statuses.get(word.lower().rstrip("."))
        if name is None:
            core.append(word)
        else:
            status = status or name
    return core, status


def _relative_roles(scan: _Scan, table: TitleTable) -> list[RoleMention]:
    """ "Jane Roe, who chairs the board," -> Jane Roe is chair of the board."""
    verbs = table.role_verbs or {}
    found: list[RoleMention] = []
    lemmas = token_forms(scan.doc).lemma
    for i in range(scan.start, scan.end):
        role = verbs.get(lemmas[i])
        if role is None or scan.pos[i] != "VERB":
            continue
        verb = scan.doc[i]
        if verb.dep_ != "relcl" or not any(c.dep_ == "nsubj" and c.lower_ == "who" for c in verb.children):
            continue
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        head = verb.head
        name = scan.name_before(head.i)
        if obj is None or name is None:
            continue
        org_tokens = [t for t in obj.subtree if t.i > verb.i]
        if not org_tokens:
            continue
        title = _Title(i, org_tokens[-1].i + 1, [role])
        title.qualify("of", scan.text(org_tokens[0].i, org_tokens[-1].i + 1))
        found.append(
            RoleMention(
                person=_person_text(scan, *name),
                name_start=name[0],
                name_end=name[1],
                title_start=i,
                title_end=org_tokens[-1].i + 1,
                core=role,
                country=title.country,
                of=tuple(title.of),
                status=None,
                definite=True,
                indefinite=False,
                shape="relative",
            )
        )
    return found


def title_label(mention: RoleMention) -> str:
    """The title as a claim shows it: country prefix and capitalized words ("US Secretary of Defense")."""
    title = mention.core.title().replace(" Of ", " of ")
    if mention.status in ("former", "late"):
        title = f"Former {title}"
    elif mention.status == "incoming":
        title = f"Incoming {title}"
    return (f"{mention.country.key} " if mention.country else "") + title


_THIS_COUNTRY = frozenset({"of country", "of nation", "of kingdom", "of republic"})


def role_of(mention: RoleMention, here: Country | None = None) -> str | None:
    """The role a mention names one holder of ("chief minister of westmarch"), or None when the title is
    held by many at once, by someone before (former), or is of nothing named. `here`: the article's
    country, which "the country's king" means."""
    table = title_table()
    if mention.status in ("former", "late") or mention.indefinite:
        return None
    core = mention.core
    unique = core in table.unique or (" of " in core and core.split(" of ")[0].split()[-1] in table.unique_of_heads)
    if not unique:
        return None
    of = list(mention.of)
    country = mention.country.key.lower() if mention.country else None
    if any(q in _THIS_COUNTRY for q in of):
        if here is None or country is not None:
            return None  # "the country's king" in an article that names no country: of where?
        of = [q for q in of if q not in _THIS_COUNTRY]
        country = here.key.lower()
    definite = mention.definite and mention.shape in ("appos-before", "appos-after")
    if not of and not country and not (definite and core in table.unqualified):
        return None  # "Mayor Jane Roe": mayor of where? "the coach, X": of which team?
    if country and " of " in core:
        core = f"{country} {core}"  # "us secretary of defense"
    elif country:
        of.insert(0, f"of {country}")
    status = f"{mention.status} " if mention.status in ("acting", "outgoing", "incoming") else ""
    return " ".join([f"{status}{core}", *of])
