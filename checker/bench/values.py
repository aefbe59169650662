"""How a printed value is changed: amounts (a digit changed, dropped, doubled or swapped;
×10, ÷10), percentages (±0.1, ±1, ×10) and table cells, each printed the way the report
prints numbers; and whether a change is a real contradiction rather than a rounding."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

from checker.numbers import Interval, compare_derived, compare_restated, parse_number


def _digit_positions(s: str) -> list[int]:
    return [i for i, ch in enumerate(s) if ch.isdigit()]


def mutate_amount(text: str, kind: str, rng: random.Random) -> str | None:
    """Return a mutated printing of ``text`` (e.g. 73.11), or None if the kind does not apply.

    Thousands separators are removed before mutating and put back after, so the result is
    a well-formed number printed the way the report prints numbers."""
    if "," in text:
        out = _mutate_plain(text.replace(",", ""), kind, rng)
        return _group_thousands(out) if out is not None else None
    return _mutate_plain(text, kind, rng)


def _group_thousands(plain: str) -> str:
    whole, _, frac = plain.partition(".")
    grouped = f"{int(whole):,}"
    return f"{grouped}.{frac}" if frac else grouped


def _mutate_plain(text: str, kind: str, rng: random.Random) -> str | None:
    digits = _digit_positions(text)
    if not digits:
        return None
    if kind == "digit_change":
        i = rng.choice(digits)
        d = rng.choice([c for c in "0123456789" if c != text[i]])
        if i == digits[0] and d == "0" and len(digits) > 1 and "." not in text[: i + 2]:
            d = rng.choice("123456789".replace(text[i], ""))
        out = text[:i] + d + text[i + 1 :]
    elif kind in ("shift_x10", "shift_div10"):
        n = parse_number(text)
        if n is None or n.value == 0:
            return None
        v = n.value * 10 if kind == "shift_x10" else n.value / 10
        decimals = max(n.decimals - 1, 0) if kind == "shift_x10" else n.decimals + 1
        out = f"{v:.{decimals}f}"
    elif kind == "digit_drop":
        if len(digits) < 2:
            return None
        i = rng.choice(digits)
        out = text[:i] + text[i + 1 :]
        if out.startswith("0") and len(out) > 1 and out[1].isdigit():
            return None
        out = out.strip(".")
    elif kind == "digit_dup":
        i = rng.choice(digits)
        out = text[:i] + text[i] + text[i:]
    elif kind == "transpose":
        pairs = [(a, b) for a, b in itertools.pairwise(digits) if b == a + 1 and text[a] != text[b]]
        pairs += [
            (a, b)
            for a, b in itertools.pairwise(digits)
            if b == a + 2 and text[a + 1] in ".," and text[a] != text[b]
        ]
        if not pairs:
            return None
        a, b = rng.choice(pairs)
        out = text[:a] + text[b] + text[a + 1 : b] + text[a] + text[b + 1 :]
        if out.startswith("0") and len(out) > 1 and out[1].isdigit():
            return None
    else:
        return None
    if out == text or parse_number(out) is None:
        return None
    n0, n1 = parse_number(text), parse_number(out)
    if n0 is None or n1 is None or n0.value == n1.value:
        return None
    return out


def mutate_percent(text: str, kind: str) -> str | None:
    n = parse_number(text)
    if n is None:
        return None
    step = {
        "pct_plus_0.1": Decimal("0.1"),
        "pct_minus_0.1": Decimal("-0.1"),
        "pct_plus_1": Decimal(1),
        "pct_minus_1": Decimal(-1),
    }
    if kind in step:
        v = n.value + step[kind]
        decimals = max(n.decimals, 1) if "0.1" in kind else n.decimals
    elif kind == "pct_x10":
        v = n.value * 10
        decimals = n.decimals
    else:
        return None
    if v < 0 or v == n.value:
        return None
    return f"{v:.{decimals}f}"


def is_real_error(original: str, replacement: str, lo: str = "", hi: str = "", table: str = "") -> bool:
    """Does the replacement really contradict the report? A variant must hold exactly one
    known error, so a change within rounding is not a mutation: 9619.41 → 9619.4 and
    17.67 → 17.667 print the same quantity; a rate 110.25 → 110.15 may still be what
    5.27 / 4.78 gives ([110.03, 110.47]); ``lo``/``hi`` are that interval, as recorded on
    the consistent verdict of the unmutated claim. ``table`` is the table figure a restated
    amount was found equal to: 1.220 for a table's 1.2 is no contradiction either."""
    a, b = parse_number(original), parse_number(replacement)
    if a is None or b is None:
        return True  # words (大于 → 小于): always a contradiction
    if compare_restated(b, a).ok:
        return False
    t = parse_number(table) if table else None
    if t is not None and compare_restated(b, t).ok:
        return False
    if lo and hi:
        return not compare_derived(b, Interval(Decimal(lo), Decimal(hi), Decimal(lo))).ok
    return True


# How far a mutated cell must move, in units of its last digit. A sum of n printed addends
# is only known to n half-units (a 302 line over twenty 302xx lines: ±0.105), so a cell
# that must break a sum moves beyond any such tolerance; a restated cell (the same figure
# in another table, or a coincidence no identity links) moves beyond the usual ones.
MIN_SHIFT = {"table_sum": 100, "restated_cell": 10}


def mutate_cell(text: str, kind: str, rng: random.Random) -> str | None:
    """A changed table cell that is a contradiction, not a rounding artefact: 237.57 →
    237.58 under a parent of twelve children must not be reported, so it is not a mutation."""
    n = parse_number(text)
    for _ in range(12):
        rep = mutate_amount(text, "digit_change", rng)
        m = parse_number(rep) if rep else None
        if rep is None or m is None or n is None or not is_real_error(text, rep):
            continue
        if abs(m.value - n.value) < Decimal(MIN_SHIFT.get(kind, 1)).scaleb(-n.decimals):
            continue
        return rep
    return None
