"""News organizations: naming a source's outlet, and finding the credits that make a source derived.

Shared by the loader (outlet of each source, whole-article credits) and the reconciler (a claim
whose sentence says "according to Reuters" comes from Reuters, whoever printed it). The names
come from `lexicons/outlets.yaml`; a domain not listed there is its own outlet name (the site's part
of it: `riverpost.example.com` on a host that gives each site a subdomain, as the lexicon lists them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from crosscheck.lexicons import load_lexicon

_IP_ADDRESS = re.compile(r"[\d.]+|[0-9a-f:]*:[0-9a-f:.]*", re.IGNORECASE)
# How far into an article a dateline credit ("NAIROBI, May 3 (Reuters) -") may sit.
_DATELINE_REACH = 600
# How far the lead may run for "officials confirmed to CBS News" to name the article's own outlet.
_LEAD_REACH = 1000


@dataclass(frozen=True)
class Outlet:
    """One news organization from the lexicon."""

    name: str
    names: tuple[str, ...]
    domains: tuple[str, ...]
    wire: bool


@dataclass(frozen=True)
class Credit:
    """A credit line in an article: which outlet, the words, where."""

    outlet: str
    text: str
    start: int


@cache
def outlets() -> tuple[Outlet, ...]:
    """Every outlet of the lexicon."""
    data = load_lexicon("outlets")
    return tuple(
        Outlet(
            name=str(entry["name"]),
            names=tuple(str(n) for n in entry.get("names", [])) or (str(entry["name"]),),
            domains=tuple(str(d).lower() for d in entry.get("domains", [])),
            wire=bool(entry.get("wire", False)),
        )
        for entry in data["outlets"]
    )


@cache
def _by_name() -> dict[str, Outlet]:
    table: dict[str, Outlet] = {}
    for outlet in outlets():
        for name in (outlet.name, *outlet.names):
            table.setdefault(name, outlet)
            table.setdefault(name.lower(), outlet)
    return table


@cache
def _name_pattern() -> str:
    names = sorted({n for o in outlets() for n in (o.name, *o.names)}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n) for n in names) + ")"


def canonical(name: str) -> str:
    """The lexicon's name for an outlet name or abbreviation ("AP" -> "Associated Press"); else the name."""
    cleaned = " ".join(name.split()).strip(" .,;:")
    outlet = _by_name().get(cleaned) or _by_name().get(cleaned.lower())
    return outlet.name if outlet else cleaned


def is_wire(name: str | None) -> bool:
    """Whether the outlet is a news agency whose copy others reprint."""
    if not name:
        return False
    outlet = _by_name().get(canonical(name))
    return bool(outlet and outlet.wire)


@dataclass(frozen=True)
class _Hosts:
    """The lexicon's rules for reading a site's domain off a host name."""

    second_levels: frozenset[str]
    shared: frozenset[str]  # "example.com"; "blogspot" for "blogspot.*"
    versions: frozenset[str]  # www, m, amp: the same site
    sections: frozenset[str]  # news, blog: a part of the site below


@cache
def _hosts() -> _Hosts:
    data = load_lexicon("outlets").get("hosts", {})

    def labels(key: str) -> frozenset[str]:
        return frozenset(str(label).lower().removesuffix(".*") for label in data.get(key, []))

    return _Hosts(labels("second_levels"), labels("shared_hosts"), labels("version_labels"), labels("section_labels"))


def registered_domain(host: str) -> str:
    """The site's domain: 'www.bbc.co.uk' -> 'bbc.co.uk', 'edition.cnn.com' -> 'cnn.com'; on a host that
    gives each site a subdomain, the site's: 'www.riverpost.example.com' -> 'riverpost.example.com'."""
    rules = _hosts()
    labels = [label for label in host.lower().strip(".").split(".") if label]
    while len(labels) > 2 and labels[0] in rules.versions:
        labels = labels[1:]
    size = 3 if len(labels) >= 3 and labels[-2] in rules.second_levels and len(labels[-1]) == 2 else 2
    domain, below = labels[-size:], labels[:-size]
    if below and (".".join(domain) in rules.shared or domain[0] in rules.shared):
        site = below[-1]  # the label left of the shared host; any before it are the site's own
        if site not in rules.versions | rules.sections:
            return ".".join([site, *domain])
    return ".".join(domain)


def outlet_from_url(url: str) -> str | None:
    """Outlet of a URL: the lexicon name for its domain, else the site's domain itself."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return None
    if "." not in host or _IP_ADDRESS.fullmatch(host):
        return None
    for outlet in outlets():
        for domain in outlet.domains:
            if host == domain or host.endswith("." + domain):
                return outlet.name
    return registered_domain(host)


# An outlet abbreviation followed by a capitalized word is a person's initials: "according to AP Singh".
_NOT_A_NAME = r"(?!\s+(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)[A-Z][a-z])"


@cache
def _names_only() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_name_pattern()})\b")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    name = _name_pattern()
    return {
        # "NAIROBI, May 3 (Reuters) -", "Lagos (Nigeria), May 3 (ANI):", "(AP) —"
        "dateline": re.compile(rf"\((?P<name>{name})\)\s*[-–—:]"),
        # the outlet's own reporting: "two officials confirmed to CBS News", "told Reuters"
        "own": re.compile(
            rf"\b(?:told|confirmed\s+to|said\s+to|in\s+an\s+interview\s+with)\s+(?:the\s+)?(?P<name>{name})\b"
            rf"{_NOT_A_NAME}"
        ),
        # whole-article credits
        "inputs": re.compile(
            rf"\(?\b(?:with\s+)?(?:additional\s+)?inputs?\s+(?:from|by)\s+(?:the\s+)?(?P<name>{name})\b[^)\n]*\)?",
            re.IGNORECASE,
        ),
        "origin": re.compile(
            rf"\b(?:(?:originally|first)\s+(?:appeared|published|ran)\s+(?:in|on|by|at)|"
            rf"(?:republished|reprinted|syndicated)\s+(?:from|with\s+permission\s+(?:from|of)))\s+"
            rf"(?:the\s+)?(?P<name>{name})\b",
            re.IGNORECASE,
        ),
        "copyright": re.compile(rf"(?:©|\(c\)|\bCopyright)\s*(?:\d{{4}}\s*)?(?:the\s+)?(?P<name>{name})\b"),
        # one sentence's source: "according to Reuters", "as reported by CNN", "CNN reported"
        "cited": re.compile(
            rf"\b(?:[Aa]ccording\s+to\s+(?:(?:a\s+)?reports?\s+(?:from|by|in)\s+|a\s+report\s+(?:from|by|in)\s+)?|"
            rf"(?:[Aa]s\s+)?(?:[Ff]irst\s+)?[Rr]eported\s+by\s+|(?:told|confirmed\s+to|said\s+to)\s+)(?:the\s+)?"
            rf"(?P<name>{name})\b{_NOT_A_NAME}"
            rf"|\b(?P<name2>{name})\s+(?:first\s+)?(?:reported|quoted|cited)\b"
        ),
    }


def outlet_from_text(text: str) -> str | None:
    """The publishing outlet named by the text itself: a wire dateline ("(Reuters) -"), or the lead's
    "officials confirmed to CBS News" when the outlet is not a news agency and nothing credits another
    outlet (copy that says "told Reuters" is usually Reuters' story reprinted)."""
    match = _patterns()["dateline"].search(text[:_DATELINE_REACH])
    if match:
        return canonical(match.group("name"))
    match = _patterns()["own"].search(text[:_LEAD_REACH])
    if not match or is_wire(match.group("name")) or article_credits(text):
        return None
    return canonical(match.group("name"))


# Words without which each credit pattern cannot match. The patterns try hundreds of outlet names
# at every position of a whole article; these plain searches rule most articles out first.
_CREDIT_WORDS = {
    "inputs": ("input",),
    "origin": ("originally", "first", "republished", "reprinted", "syndicated"),
}
_COPYRIGHT_MARKS = ("©", "(c)", "Copyright")
# Letters that case-insensitive patterns match to ASCII letters, but that `str.lower` does not turn
# into them (dotted and dotless i, long s, Kelvin sign): a text with one is searched in full.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _credit_keys(text: str) -> list[str]:
    """The credit patterns that may match `text` (each needs its words, in any letter case)."""
    if any(mark in text for mark in _FOLDS_TO_ASCII):
        keys = list(_CREDIT_WORDS)
    else:
        lowered = text.lower()
        keys = [key for key, words in _CREDIT_WORDS.items() if any(word in lowered for word in words)]
    if any(mark in text for mark in _COPYRIGHT_MARKS):
        keys.append("copyright")
    return keys


def article_credits(text: str) -> list[Credit]:
    """Credits that make a whole article derived from another outlet ("(with inputs from Reuters)")."""
    found: dict[str, Credit] = {}
    match = _patterns()["dateline"].search(text[:_DATELINE_REACH])
    if match:
        found[canonical(match.group("name"))] = Credit(canonical(match.group("name")), match.group(0), match.start())
    for key in _credit_keys(text):
        for match in _patterns()[key].finditer(text):
            names = [match.group("name")]
            if key == "inputs":  # "(With inputs from PTI and ANI)": every agency named
                names += [m.group(0) for m in _names_only().finditer(match.group(0), match.end("name") - match.start())]
            for name in names:
                outlet = canonical(name)
                found.setdefault(outlet, Credit(outlet, match.group(0).strip(), match.start()))
    return sorted(found.values(), key=lambda c: c.start)


# Words one of the "cited" pattern's branches needs: most sentences have none, and this literal
# search is several times faster than the pattern with its alternatives at every position.
_CITE_HINT = re.compile(r"ccording|eported|told|onfirmed|said\s+to|quoted|cited")


def cited_outlet(sentence: str) -> str | None:
    """The outlet a sentence cites for its facts ("according to Reuters"), or None."""
    if not _CITE_HINT.search(sentence):
        return None
    match = _patterns()["cited"].search(sentence)
    if not match:
        return None
    return canonical(match.group("name") or match.group("name2"))
