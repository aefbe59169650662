"""Numbers as printed, and rounding-aware arithmetic on them.

A printed number is exact only to half a unit of its last digit: ``73.10`` stands for
[73.095, 73.105]. Everything here is ``decimal.Decimal``; floats never appear.

Two comparisons follow the design brief:

* a *restated* value (the same quantity printed twice) is compared at the coarser of the
  two precisions (:func:`compare_restated`);
* a *derived* value (sum, share, growth, completion rate) is consistent when the interval
  of possible true results, computed from the input intervals, meets the interval the
  stated value stands for at its own precision (:func:`compare_derived`). When it meets
  only the truncation interval, the author truncated instead of rounding.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from enum import Enum

# Amounts in 万元 are kept to the cent (two decimals) in the underlying ledgers, even when
# a sentence writes 357 or 52.1; their uncertainty is that of a 2-decimal figure.
AMOUNT_DECIMALS = 2

_NUM_RE = re.compile(
    r"^[(（]?\s*(?P<sign>[-−–+])?\s*(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*[)）]?\s*(?P<pct>[%％])?$"
)
_EMPTY = {"", "-", "—", "--", "——", "/", "…", "……", "－", "0.00—"}


def normalize_text(text: str) -> str:
    """NFKC (full-width digits, letters and punctuation to ASCII where NFKC says so)."""
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class Num:
    """A number as printed: its exact value, its text, and its displayed precision."""

    value: Decimal
    text: str
    decimals: int  # digits after the point as written
    percent: bool = False

    def effective_decimals(self, amount: bool = True) -> int:
        """Precision used for uncertainty: amounts are 2-decimal quantities at least."""
        if amount and not self.percent:
            return max(self.decimals, AMOUNT_DECIMALS)
        return self.decimals

    def interval(self, amount: bool = True) -> Interval:
        return Interval.around(self.value, self.effective_decimals(amount))

    def __str__(self) -> str:
        return self.text


def parse_number(text: str) -> Num | None:
    """Parse a printed number (``5,320.16``, ``96.2%``, ``１２．３``); None if it is not one."""
    if text is None:
        return None
    t = normalize_text(text).strip().replace(" ", "")
    if t in _EMPTY:
        return None
    m = _NUM_RE.match(t)
    if not m:
        return None
    digits = m.group("int").replace(",", "")
    frac = m.group("frac") or ""
    try:
        value = Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation:  # pragma: no cover - regex guarantees digits
        return None
    neg = m.group("sign") in ("-", "−", "–") or (t.startswith(("(", "（")) and t.endswith((")", "）")))
    if neg:
        value = -value
    return Num(value=value, text=text.strip(), decimals=len(frac), percent=bool(m.group("pct")))


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", text)


def quantize(value: Decimal, decimals: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    # Decimal.quantize raises InvalidOperation when the result needs more digits than the
    # context precision (28): a 27-digit amount at 2 decimals. Give it the digits it needs.
    if not value.is_finite():
        return value
    need = max(value.adjusted(), 0) + max(decimals, 0) + 2
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, need)
        return value.quantize(Decimal(1).scaleb(-decimals), rounding=rounding)


def fmt(value: Decimal, decimals: int = 2) -> str:
    """Display a computed value the way a report would print it."""
    return f"{quantize(value, decimals):f}"


@dataclass(frozen=True)
class Interval:
    """A closed interval of possible true values, plus the value computed from the
    printed figures themselves (``point``), which is what a reviewer redoes by hand."""

    lo: Decimal
    hi: Decimal
    point: Decimal

    @staticmethod
    def exact(v: Decimal) -> Interval:
        return Interval(v, v, v)

    @staticmethod
    def around(v: Decimal, decimals: int) -> Interval:
        half = Decimal(5).scaleb(-(decimals + 1))
        return Interval(v - half, v + half, v)

    def __abs__(self) -> Interval:
        """The size of a change whichever way it went (its interval mirrored when negative)."""
        return Interval(-self.hi, -self.lo, -self.point) if self.point < 0 else self

    def __add__(self, o: Interval) -> Interval:
        return Interval(self.lo + o.lo, self.hi + o.hi, self.point + o.point)

    def __sub__(self, o: Interval) -> Interval:
        return Interval(self.lo - o.hi, self.hi - o.lo, self.point - o.point)

    def __mul__(self, o: Interval) -> Interval:
        ps = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi]
        return Interval(min(ps), max(ps), self.point * o.point)

    def __truediv__(self, o: Interval) -> Interval:
        if o.lo <= 0 <= o.hi or o.point == 0:
            raise ZeroDivisionError("divisor interval contains zero")
        with localcontext() as ctx:
            ctx.prec = 34
            qs = [self.lo / o.lo, self.lo / o.hi, self.hi / o.lo, self.hi / o.hi]
            point = self.point / o.point
        return Interval(min(qs), max(qs), point)

    def scale(self, k: Decimal) -> Interval:
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b), self.point * k)

    def meets(self, o: Interval) -> bool:
        return self.lo <= o.hi and o.lo <= self.hi

    def contains(self, v: Decimal) -> bool:
        return self.lo <= v <= self.hi


def interval_sum(items: list[Interval]) -> Interval:
    total = Interval.exact(Decimal(0))
    for it in items:
        total = total + it
    return total


class Outcome(str, Enum):
    CONSISTENT = "consistent"
    TAIL = "tail"  # one unit in the last digit (restated) — warning
    TRUNCATED = "truncated"  # derived value matches only when truncated — warning
    MISMATCH = "mismatch"  # error


@dataclass(frozen=True)
class Comparison:
    outcome: Outcome
    expected_text: str  # what the report should have printed, at the stated precision
    pattern: str | None = None  # named slip: ×10, dropped digit, transposition …
    computed: Interval | None = None  # derived comparisons: the interval of true values

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.CONSISTENT


def compare_restated(stated: Num, actual: Num) -> Comparison:
    """Same quantity printed twice: compare at the coarser of the two precisions."""
    d = min(stated.decimals, actual.decimals)
    s, a = quantize(stated.value, d), quantize(actual.value, d)
    expected_text = actual.text
    if s == a:
        return Comparison(Outcome.CONSISTENT, expected_text)
    unit = Decimal(1).scaleb(-d)
    pattern = slip_pattern(stated.text, actual.text, stated.value, actual.value)
    # A tail difference is rounding showing in the last digit; a printed 0 is nothing at all
    # (0 万元 against 1.2 万元 is no rounding, whatever the precision).
    if abs(s - a) == unit and pattern is None and stated.value != 0 and actual.value != 0:
        return Comparison(Outcome.TAIL, expected_text, "尾差")
    return Comparison(Outcome.MISMATCH, expected_text, pattern)


def compare_derived(stated: Num, computed: Interval, *, allow_truncation: bool = True) -> Comparison:
    """Derived value vs the interval of possible true results.

    ``computed`` is in the stated value's own unit (percent values as percent).
    """
    d = stated.decimals
    own = Interval.around(stated.value, d)
    best = quantize(computed.point, d)
    expected_text = f"{best:f}"
    if own.meets(computed):
        return Comparison(Outcome.CONSISTENT, f"{stated.value:f}", computed=computed)
    if allow_truncation:
        unit = Decimal(1).scaleb(-d)
        # Truncation toward zero: printed v stands for [v, v+unit) (or (v-unit, v] if negative).
        trunc = (
            Interval(stated.value, stated.value + unit, stated.value)
            if stated.value >= 0
            else Interval(stated.value - unit, stated.value, stated.value)
        )
        # Half-open on the far side: a computed interval that only touches the far end
        # does not count.
        if trunc.lo <= computed.hi and computed.lo < trunc.hi:
            return Comparison(Outcome.TRUNCATED, expected_text, "截尾而非四舍五入", computed)
    pattern = slip_pattern(stated.text, expected_text, stated.value, best)
    return Comparison(Outcome.MISMATCH, expected_text, pattern, computed)


def slip_pattern(stated_text: str, expected_text: str, stated: Decimal, expected: Decimal) -> str | None:
    """Name a typing slip between two printed numbers, if one explains the difference."""
    if stated == expected:
        return None
    s, e = digits_of(stated_text).lstrip("0"), digits_of(expected_text).lstrip("0")
    if s and e and len(s) == len(e) + 1 and any(s[:i] + s[i + 1 :] == e for i in range(len(s))):
        return "重复一位数字" if _has_duplicate_adjacent(s, e) else "多写一位数字"
    if s and e and len(e) == len(s) + 1 and any(e[:i] + e[i + 1 :] == s for i in range(len(e))):
        return "漏写一位数字"
    if s and len(s) == len(e):
        diffs = [i for i in range(len(s)) if s[i] != e[i]]
        if (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and s[diffs[0]] == e[diffs[1]]
            and s[diffs[1]] == e[diffs[0]]
        ):
            return "相邻数字颠倒"
        if len(diffs) == 1 and diffs[0] < len(s) - 1:
            return "一位数字有误"
    if stated != 0 and expected != 0:
        with localcontext() as ctx:
            ctx.prec = 34
            ratio = abs(expected / stated)
        for k, name in (
            (Decimal(10), "约为 10 倍（疑似漏写一位或小数点错位）"),
            (Decimal(100), "约为 100 倍（疑似小数点错位）"),
            (Decimal("0.1"), "约为十分之一（疑似多写一位或小数点错位）"),
            (Decimal("0.01"), "约为百分之一（疑似小数点错位）"),
        ):
            if abs(ratio - k) <= k * Decimal("0.006"):
                return name
    return None


def _has_duplicate_adjacent(longer: str, shorter: str) -> bool:
    return any(
        longer[i] == longer[i + 1] and longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer) - 1)
    )


def pct(part: Interval, whole: Interval) -> Interval:
    """part / whole × 100, as an interval."""
    return (part / whole).scale(Decimal(100))


def floor_to(value: Decimal, decimals: int) -> Decimal:
    return quantize(value, decimals, ROUND_FLOOR)
