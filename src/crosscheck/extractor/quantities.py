"""Numbers with their hedges, as intervals: "around 60" -> 54-66, "more than half" -> (50, 100].

Pure text processing (no spaCy), driven by `lexicons/quantities.yaml`. `parse_quantity` reads
the quantity at the start of a phrase; `find_quantities` scans a sentence for all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from crosscheck.lexicons import load_lexicon, trie_alternation, trie_pattern
from crosscheck.models import Quantity

# Indian grouping first ("1,50,000", "12,34,567": lakhs and crores), then thousands, then plain digits.
_DIGITS = r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "one in three voters", "two out of five": a ratio, read as a share of a group
_RATIO = re.compile(r"(?i)\s+(?:in|out\s+of)\s+(?:every\s+)?")


@dataclass(frozen=True)
class _Hedge:
    id: str
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    approx: bool


@dataclass(frozen=True)
class QuantityMatch:
    """A quantity found in text: where, what, and which rule read it."""

    start: int
    end: int
    quantity: Quantity
    rule: str
    category: str  # "count" | "money" | "distance" | "duration" | "percent"


def _alternation(phrases: list[str]) -> str:
    ordered = sorted({p.lower() for p in phrases}, key=lambda p: (-len(p), p))
    parts = []
    for phrase in ordered:
        escaped = re.escape(phrase).replace(r"\ ", r"\s+")
        parts.append(escaped + (r"\b" if phrase[-1].isalnum() else ""))
    return "|".join(parts)


class _Grammar:
    """Compiled regular expressions and tables built from the lexicon."""

    def __init__(self, lex: dict[str, Any]) -> None:
        self.hedges: dict[str, _Hedge] = {}
        for rule in lex["hedges"]:
            hedge = self._hedge(rule)
            for phrase in rule["phrases"]:
                self.hedges[phrase.lower()] = hedge
        self.hedge_re = re.compile(rf"(?i)(?<![\w$])({_alternation(list(self.hedges))})\s*")
        self.suffix: dict[str, _Hedge] = {}
        for rule in lex["suffix_hedges"]:
            for phrase in rule["phrases"]:
                self.suffix[phrase.lower()] = self._hedge(rule)
        self.suffix_re = re.compile(rf"(?i)\s*({_alternation(list(self.suffix))})")
        self.range_word_re = re.compile(rf"(?i)({_alternation(lex['range_words'])})\s+")
        self.vague = {v["phrase"]: (v["id"], float(v["low"]), float(v["high"])) for v in lex["vague"]}
        self.vague_re = re.compile(rf"(?i)({_alternation(list(self.vague))})(?:\s+of)?")
        self.fractions = {f["phrase"]: float(f["value"]) for f in lex["fractions"]}
        self.fraction_re = re.compile(rf"(?i)({_alternation(list(self.fractions))})(?![\w-])")
        bare = lex["bare_plural_unit"]
        self.bare = (str(bare["id"]), float(bare["low"]), float(bare["high"]))
        words = lex["number_words"]
        self.word_values: dict[str, int] = {**words["units"], **words["tens"]}
        self.scales: dict[str, int] = dict(words["scales"])
        self.abbrev_scales: dict[str, int] = dict(words["abbreviated_scales"])
        number_word = _alternation([*self.word_values, *self.scales])
        self.word_number_re = re.compile(
            rf"(?i)(?:(?:a|one)\s+(?={_alternation(list(self.scales))}))?(?:{number_word})"
            rf"(?:(?:\s+|-)(?:and\s+)?(?:{number_word}))*"
        )
        self.digit_re = re.compile(rf"(?i)({_DIGITS})(?:\s*({_alternation(list(self.scales))}))?(?![\d,.]*\d)")
        long_abbrev = [k for k in self.abbrev_scales if len(k) > 1]
        short_abbrev = [k for k in self.abbrev_scales if len(k) == 1]
        self.abbrev_re = re.compile(
            rf"(?i)(?:\s?({_alternation(long_abbrev)})|({_alternation(short_abbrev)}))(?![\w])"
        )
        # counts abbreviate too ("20.7 mln voters", "14K jobs"), but never with a bare "m" (metres)
        self.count_scales: dict[str, int] = {k.lower(): v for k, v in words["count_scales"].items()}
        spaced = [k for k in self.count_scales if len(k) > 1]
        self.count_abbrev_re = re.compile(rf"(?i)(?:\s?({_alternation(spaced)})\.?|(k))(?![\w])")
        self.units: dict[str, tuple[str, float]] = {}
        for canonical, names in lex["units"].items():
            for spec in names.values():
                for word in spec["words"]:
                    factor = lex["nautical_mile_factor"] if word.startswith("nautical") else spec["factor"]
                    self.units[word.lower()] = (canonical, float(factor))
        self.unit_re = re.compile(rf"(?i)(?:\s*|-)(?:of\s+)?({_alternation(list(self.units))})(?![\w])")
        # searched over every sentence, so a trie (the same matches as the longest-first alternation)
        plural_units = [w.lower() for w in self.units if w.endswith("s") and len(w) > 3]
        self.plural_unit_re = re.compile(rf"(?i)({trie_alternation(plural_units)})(?![\w])")
        self.cur_before = dict(lex["currencies"]["before"])
        self.cur_before_re = re.compile(
            "(" + "|".join(re.escape(k) for k in sorted(self.cur_before, key=lambda k: (-len(k), k))) + r")\s*"
        )
        self.cur_after = {k.lower(): v for k, v in lex["currencies"]["after"].items()}
        self.cur_after_re = re.compile(rf"(?i)\s*(?:of\s+)?({_alternation(list(self.cur_after))})")
        self.range_sep_re = re.compile(r"(?i)\s*(?:-|–|—|to|and)\s*")
        # "all but 0.01 percent": the rest of a whole, 99.99 percent
        self.complement_re = re.compile(rf"(?i)({_alternation(lex['complements'])})\s+")
        self.start_re = self._start_re(lex)

    def _start_re(self, lex: dict[str, Any]) -> re.Pattern[str]:
        """Where a quantity may start: a digit, or a phrase that opens one of the patterns above (a
        hedge, a range word, a currency sign, a vague amount, a fraction, "a", a number word) with
        what that pattern requires right after it. Only the position of a match is used, so the
        phrases form two tries (hedges must not follow "$") instead of one long alternation tried
        phrase by phrase at every word: the same positions, three times faster."""

        def after(phrase: str) -> str:  # what `_alternation` puts after a phrase
            return r"\b" if phrase[-1].isalnum() else ""

        def lowered(phrases: Any) -> list[str]:
            return sorted({p.lower() for p in phrases})

        hedges = [(p, after(p)) for p in lowered(self.hedges)]
        others = [
            *((p, after(p) + r"\s+") for p in lowered(lex["range_words"])),
            *((p, after(p) + r"\s+") for p in lowered(lex["complements"])),
            *((symbol, "") for symbol in self.cur_before),
            *((p, after(p)) for p in lowered(self.vague)),
            *((p, after(p) + r"(?![\w-])") for p in lowered(self.fractions)),
            ("a", r"\s"),  # "one" followed by a space is already a number word
            *((p, after(p)) for p in lowered([*self.word_values, *self.scales])),
        ]
        return re.compile(rf"(?i)(?<![\w.,])(?:\d|(?<!\$){trie_pattern(hedges)}|{trie_pattern(others)})")

    @staticmethod
    def _hedge(rule: dict[str, Any]) -> _Hedge:
        return _Hedge(
            id=str(rule["id"]),
            low=None if rule.get("low") is None else float(rule["low"]),
            high=None if rule.get("high") is None else float(rule["high"]),
            low_inclusive=bool(rule.get("low_inclusive", True)),
            high_inclusive=bool(rule.get("high_inclusive", True)),
            approx=bool(rule.get("approx", False)),
        )

    def words_value(self, text: str) -> float | None:
        """Value of a spelled-out number ("one hundred and fifty" -> 150)."""
        total, current, seen = 0, 0, False
        for word in re.split(r"[\s-]+", text.lower()):
            if word in ("and", ""):
                continue
            if word in ("a", "one") and not seen:
                current, seen = 1, True
                continue
            if word in self.word_values:
                current += self.word_values[word]
            elif word == "hundred":
                current = max(current, 1) * 100
            elif word in self.scales:
                total += max(current, 1) * self.scales[word]
                current = 0
            else:
                return None
            seen = True
        return float(total + current) if seen else None


@cache
def _grammar() -> _Grammar:
    return _Grammar(load_lexicon("quantities"))


@dataclass
class _Number:
    low: float
    high: float
    end: int
    vague: str | None = None  # vague rule id
    fraction: bool = False
    text: str = ""


def _number_at(g: _Grammar, s: str, i: int, currency: bool) -> _Number | None:
    m = g.digit_re.match(s, i)
    if m:
        value = float(m.group(1).replace(",", ""))
        end = m.end()
        if m.group(2):
            value *= g.scales[m.group(2).lower()]
        elif currency:
            a = g.abbrev_re.match(s, end)
            if a:
                value *= g.abbrev_scales[(a.group(1) or a.group(2)).lower()]
                end = a.end()
        else:
            a = g.count_abbrev_re.match(s, end)
            if a:
                value *= g.count_scales[(a.group(1) or a.group(2)).lower()]
                end = a.end()
        return _Number(value, value, end, text=s[i:end])
    m = g.vague_re.match(s, i)
    if m:
        rule_id, low, high = g.vague[re.sub(r"\s+", " ", m.group(1).lower())]
        return _Number(low, high, m.end(), vague=rule_id, text=m.group(1))
    m = g.fraction_re.match(s, i)
    if m:
        value = g.fractions[re.sub(r"\s+", " ", m.group(1).lower())]
        end = m.end()
        of = re.match(r"\s+of\b", s[end:])
        return _Number(value, value, end + (of.end() if of else 0), fraction=True, text=m.group(1))
    m = g.word_number_re.match(s, i)
    if m and (i == 0 or not s[i - 1].isalnum()) and (m.end() == len(s) or not s[m.end()].isalnum()):
        spelled = g.words_value(m.group(0))
        if spelled is not None:
            return _Number(spelled, spelled, m.end(), text=m.group(0))
    return None


def _ratio(g: _Grammar, s: str, number: _Number, currency: str | None) -> tuple[float, int] | None:
    """ "one in three" -> (33.3 percent, end): a small whole count of a larger one that is no year."""
    if currency or number.vague or number.fraction or number.low != number.high:
        return None
    m = _RATIO.match(s, number.end)
    if m is None:
        return None
    whole = _number_at(g, s, m.end(), False)
    if whole is None or whole.vague or whole.fraction or not 0 < number.low < whole.low:
        return None
    # "one in five", "nine out of 10", "one in 1,000"; not "3 in 2019" nor "2 in 35 attacks"
    if "." in whole.text or not (whole.low <= 20 or str(int(whole.low)).rstrip("0") == "1"):
        return None
    return number.low / whole.low * 100, whole.end


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _parse_at(s: str, i: int, allow_bare_unit: bool) -> QuantityMatch | None:
    """Parse the quantity that starts exactly at s[i]."""
    g = _grammar()
    complement = g.complement_re.match(s, i)
    if complement:
        rest = _parse_at(s, complement.end(), allow_bare_unit)
        if rest is None or rest.category != "percent":
            return None
        q = rest.quantity
        whole = Quantity(
            low=0.0 if q.high is None else _round(100 - q.high),
            high=100.0 if q.low is None else _round(100 - q.low),
            low_inclusive=q.high_inclusive,
            high_inclusive=q.low_inclusive,
            unit="percent",
            approx=q.approx,
            hedge=complement.group(1).lower(),
            original=s[i : rest.end].strip(),
        )
        return QuantityMatch(i, rest.end, whole, f"complement+{rest.rule}", "percent")
    j = i
    hedge: _Hedge | None = None
    hedge_text: str | None = None
    ranged = False
    m = g.hedge_re.match(s, j)
    if m:
        hedge = g.hedges[re.sub(r"\s+", " ", m.group(1).lower())]
        hedge_text = re.sub(r"\s+", " ", m.group(1).lower())
        j = m.end()
    else:
        m = g.range_word_re.match(s, j)
        if m:
            ranged, j = True, m.end()
    currency: str | None = None
    m = g.cur_before_re.match(s, j)
    if m:
        currency, j = g.cur_before[m.group(1)], m.end()
    number = _number_at(g, s, j, currency is not None)
    if number is None:
        m = g.plural_unit_re.match(s, j) if allow_bare_unit else None
        if m is None or ranged or currency:
            return None
        canonical, factor = g.units[m.group(1).lower()]
        rule_id, low_n, high_n = g.bare
        qty = Quantity(
            low=_round(low_n * factor),
            high=_round(high_n * factor),
            unit=canonical,
            approx=True,
            hedge=(hedge_text + " " if hedge_text else "") + m.group(1).lower(),
            original=m.group(1),
        )
        return QuantityMatch(i, m.end(), qty, f"{rule_id}", _category(canonical))
    if ranged and (number.vague is not None or number.fraction):
        return None  # "from several countries": a vague amount after "from" starts at the amount
    low_n, high_n, end = number.low, number.high, number.end
    ratio = _ratio(g, s, number, currency) if hedge is None and not ranged else None
    if ratio is not None:
        value, end = ratio
        qty = Quantity(low=_round(value), high=_round(value), unit="percent", original=s[i:end])
        return QuantityMatch(i, end, qty, "ratio", "percent")
    if number.vague is None and not number.fraction:
        sep = g.range_sep_re.match(s, end)
        if sep and (ranged or s[end : sep.end()].strip().lower() in ("-", "–", "—", "to")):
            cur2 = g.cur_before_re.match(s, sep.end())
            second = _number_at(g, s, cur2.end() if cur2 else sep.end(), currency is not None)
            if (
                second
                and second.vague is None
                and not second.fraction
                and second.low >= low_n
                and (not number.text.replace(",", "").replace(".", "").isdigit() or second.text[:1].isdigit())
            ):
                high_n, end, ranged = second.low, second.end, True
        elif ranged:
            return None
    unit = "percent" if number.fraction else "item"
    factor = 1.0
    unit_text: str | None = None
    m = g.unit_re.match(s, end)
    if m and not (m.group(1).lower() in ("m", "mi", "pc") and currency):
        unit_text = m.group(1)
        unit, factor = g.units[unit_text.lower()]
        end = m.end()
    if currency is None:
        m = g.cur_after_re.match(s, end)
        if m and unit == "item":
            currency, end = g.cur_after[re.sub(r"\s+", " ", m.group(1).lower())], m.end()
    if currency:
        unit = currency
    suffix = g.suffix_re.match(s, end)
    if suffix and hedge is None and not ranged:
        hedge = g.suffix[suffix.group(1).lower()]
        hedge_text = suffix.group(1).lower()
        end = suffix.end()
    low: float | None = low_n * factor
    high: float | None = high_n * factor
    low_inc, high_inc, approx = True, True, number.vague is not None
    rule = "exact"
    if ranged:
        rule = "range"
    if number.vague:
        rule = f"vague:{number.vague}"
        hedge_text = (hedge_text + " " if hedge_text else "") + number.text.lower()
        hedge = None if low_n != high_n else hedge
    if hedge is not None:
        rule = f"hedge:{hedge.id}" + (f"+{rule}" if rule != "exact" else "")
        base_low, base_high = low_n * factor, high_n * factor
        low = None if hedge.low is None else base_low * hedge.low
        if hedge.high is None:
            high = 100.0 if number.fraction and hedge.low is not None else None
        else:
            high = base_high * hedge.high
        if hedge.id == "up-to" or hedge.id == "less-than":
            low = None
        low_inc, high_inc = hedge.low_inclusive, hedge.high_inclusive
        if number.fraction and hedge.high is None:
            high_inc = True
        approx = approx or hedge.approx
    original = s[i:end].strip() if factor != 1.0 or unit_text or currency else None
    qty = Quantity(
        low=_round(low),
        high=_round(high),
        low_inclusive=low_inc,
        high_inclusive=high_inc,
        unit=unit,
        approx=approx,
        hedge=hedge_text,
        original=original,
    )
    return QuantityMatch(i, end, qty, rule, _category(unit))


def _category(unit: str) -> str:
    if unit == "item":
        return "count"
    if unit == "km":
        return "distance"
    if unit == "day":
        return "duration"
    if unit == "percent":
        return "percent"
    return "money"


def parse_quantity(text: str) -> Quantity | None:
    """The quantity at the start of `text` ("about two miles from ..." -> 2.9-3.5 km), or None."""
    stripped = text.strip()
    if not stripped:
        return None
    match = _parse_at(stripped, 0, allow_bare_unit=True)
    return match.quantity if match else None


def parse_quantity_match(text: str) -> QuantityMatch | None:
    """Like `parse_quantity`, with the rule id and span."""
    stripped = text.strip()
    return _parse_at(stripped, 0, allow_bare_unit=True) if stripped else None


_BARE_CONTEXT = re.compile(r"(?i)\b(?:for|over|in)\s+(?:the\s+(?:past|last)\s+)?$")


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every quantity in `text`, left to right, without overlaps."""
    g = _grammar()
    found: list[QuantityMatch] = []
    pos = 0
    # The next possible start and the next bare unit, searched again only once `pos` passes them:
    # a match at a position does not depend on where the search began (lookbehinds see the
    # whole text), so the leftmost match at or after `pos` is the one already found.
    m = g.start_re.search(text)
    bare = g.plural_unit_re.search(text)
    while pos < len(text):
        if m is not None and m.start() < pos:
            m = g.start_re.search(text, pos)
        if bare is not None and bare.start() < pos:
            bare = g.plural_unit_re.search(text, pos)
        if (
            bare
            and (m is None or bare.start() < m.start())
            and _BARE_CONTEXT.search(text[: bare.start()])
            and (bare.start() == 0 or not text[bare.start() - 1].isalnum())
        ):
            match = _parse_at(text, bare.start(), allow_bare_unit=True)
            if match:
                found.append(match)
                pos = match.end
                continue
        if m is None:
            break
        match = _parse_at(text, m.start(), allow_bare_unit=False)
        if match is None:
            pos = m.start() + 1
            continue
        found.append(match)
        pos = max(match.end, m.start() + 1)
    return found
