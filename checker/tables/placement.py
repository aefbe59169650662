"""Placing a short row's values into the table's numeric columns.

Space-separated exports drop empty cells, so ``2080599 其他行政事业单位养老支出 1783 17783``
in a five-column table could mean any two of the five. The reading chosen keeps the
printed order and satisfies the most arithmetic identities:

* row identities (合计 = 基本支出 + 项目支出; 基本支出 = 人员经费 + 公用经费; 本年收入合计 =
  Σ sources …), with a blank cell meaning zero;
* column identities (a code row = Σ its children; the 合计 row = Σ the 类 rows), using the
  current placement of the other rows (coordinate ascent, a few passes);
* hints: the same row's values in tables already read (a softer vote).

Ties go to the leftmost columns. Nothing is invented: only printed values are placed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from checker.numbers import Interval, parse_number

# (left, right-hand side) identities on canonical keys; one applies to a table when its
# left side and at least two right-hand keys are columns of the table.
IDENTITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("basic", "project", "to_upper", "operating_exp", "to_affiliated")),
    ("basic", ("personnel", "public")),
    ("total", ("fiscal", "upper_grant", "business", "operating", "affiliated", "other")),
    ("total", ("gpb", "gov_fund", "state_capital")),
    ("total", ("current", "carryover")),
    ("total", ("personnel", "public")),
)
# Scores are counted in halves: an identity is worth 2, a value agreeing with a hint 1.
_HINT_WEIGHT = 1
MAX_CANDIDATES = 5000


@dataclass
class SparseRow:
    values: list[str]  # printed values, in order
    parent: int | None = None  # index of the parent row (code hierarchy)
    is_total: bool = False
    level: int | None = None
    hints: dict[int, Decimal] = field(default_factory=dict)  # column index → value seen elsewhere
    placement: tuple[int, ...] = ()
    inferred: bool = False


def identities_for(keys: list[str]) -> list[tuple[int, list[int]]]:
    pos = {k: i for i, k in enumerate(keys)}
    out: list[tuple[int, list[int]]] = []
    for left, right in IDENTITIES:
        rhs = [pos[k] for k in right if k in pos]
        if left in pos and len(rhs) >= 2:
            out.append((pos[left], rhs))
    # Grouped keys (三公: budget.total = budget.outbound + budget.vehicle + budget.reception).
    groups = {k.split(".")[0] for k in keys if "." in k}
    for g in sorted(groups):
        for left, right in (
            ("total", ("outbound", "vehicle", "reception")),
            ("vehicle", ("vehicle_purchase", "vehicle_running")),
        ):
            lk = f"{g}.{left}"
            rhs = [pos[f"{g}.{r}"] for r in right if f"{g}.{r}" in pos]
            if lk in pos and len(rhs) >= 2:
                out.append((pos[lk], rhs))
    return out


# Intervals as integer pairs (units of 10⁻⁶) inside the search loop: exact for printed
# figures (≤ 6 decimals) and much faster than Decimal intervals.
_SCALE = Decimal(10) ** 6
Span = tuple[int, int]
_Z: Span = (0, 0)


def _iv(text: str | None) -> Span:
    if text is None:
        return _Z
    n = parse_number(text)
    if n is None or n.percent:
        return _Z
    iv: Interval = n.interval()
    return int(iv.lo * _SCALE), int(iv.hi * _SCALE)


def _meets(a: Span, b: Span) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


class Placer:
    def __init__(self, rows: list[SparseRow], n: int, keys: list[str]) -> None:
        self.rows = rows
        self.n = n
        self.ids = identities_for(keys)
        # Grouped halves (三公 budget.x / final.x): the same items are usually filled in both.
        pos = {k: j for j, k in enumerate(keys)}
        self.pairs = [
            (pos[k], pos["final." + k.split(".", 1)[1]])
            for k in keys
            if k.startswith("budget.") and "final." + k.split(".", 1)[1] in pos
        ]
        totals = [i for i, r in enumerate(rows) if r.is_total and r.parent is None]
        # Structural parent: the code parent, or the 合计 row for a 类 row.
        self.up: list[int | None] = []
        for r in rows:
            if r.parent is not None:
                self.up.append(r.parent)
            elif r.level == 1 and not r.is_total and len(totals) == 1:
                self.up.append(totals[0])
            else:
                self.up.append(None)
        self.children: dict[int, list[int]] = {}
        for i, p in enumerate(self.up):
            if p is not None:
                self.children.setdefault(p, []).append(i)
        # Parents are decided before their children: totals first, then printed order.
        self.order = totals + [i for i in range(len(rows)) if i not in totals]
        self.grid: list[list[Span]] = [[_Z] * n for _ in rows]
        # Parsed once: each printed value's interval and exact value.
        self.ivs = [[_iv(t) for t in r.values] for r in rows]
        self.exact = [
            [(num.value if (num := parse_number(t)) is not None else None) for t in r.values] for r in rows
        ]
        self.cands: list[list[tuple[int, ...]]] = []
        for r in rows:
            k = min(len(r.values), n)
            cs = list(combinations(range(n), k)) if k < n else [tuple(range(n))]
            self.cands.append(cs[:MAX_CANDIDATES])

    def _vals(self, i: int, placement: tuple[int, ...]) -> list[Span]:
        vals = [_Z] * self.n
        for col, iv in zip(placement, self.ivs[i], strict=False):
            vals[col] = iv
        return vals

    def _set(self, i: int, placement: tuple[int, ...]) -> None:
        self.grid[i] = self._vals(i, placement)
        self.rows[i].placement = placement

    def _row_score(self, vals: list[Span]) -> int:
        score = 0
        for left, rhs in self.ids:
            lo = sum(vals[c][0] for c in rhs)
            hi = sum(vals[c][1] for c in rhs)
            score += 1 if _meets(vals[left], (lo, hi)) else 0
        return score

    def _siblings_sum(self, i: int) -> tuple[list[int], list[int]] | None:
        """Per column, the sum of the parent's other children (lo, hi); None without parent."""
        p = self.up[i]
        if p is None:
            return None
        others = [self.grid[k] for k in self.children.get(p, []) if k != i]
        lo = [sum(r[c][0] for r in others) for c in range(self.n)]
        hi = [sum(r[c][1] for r in others) for c in range(self.n)]
        return lo, hi

    def _parent_score(
        self, i: int, vals: list[Span], placement: tuple[int, ...], base: tuple[list[int], list[int]]
    ) -> int:
        """Agreement with the parent row: values only where the parent has one, and the
        parent equal to the sum of its children (this candidate included)."""
        head = self.grid[self.up[i]]  # type: ignore[index]
        score = sum(1 for col in placement if head[col] != _Z)
        lo, hi = base
        for c in range(self.n):
            score += 1 if _meets(head[c], (lo[c] + vals[c][0], hi[c] + vals[c][1])) else 0
        return score

    def _pair_score(self, placement: tuple[int, ...]) -> int:
        if not self.pairs:
            return 0
        filled = set(placement)
        return sum(1 for a, b in self.pairs if (a in filled) == (b in filled))

    def _hint_score(self, i: int, placement: tuple[int, ...]) -> int:
        hints = self.rows[i].hints
        if not hints:
            return 0
        got = 0
        for col, value in zip(placement, self.exact[i], strict=False):
            if value is not None and hints.get(col) == value:
                got += 1
        return _HINT_WEIGHT * got

    def _best(self, i: int, with_parent: bool) -> tuple[int, ...]:
        best: tuple[int, tuple[int, ...]] | None = None
        order = self.cands[i]
        if with_parent and self.rows[i].placement:
            # The current reading first: another must be strictly better to replace it.
            order = [self.rows[i].placement, *order]
        base = self._siblings_sum(i) if with_parent else None
        for cand in order:
            vals = self._vals(i, cand)
            score = 2 * self._row_score(vals) + self._hint_score(i, cand) + self._pair_score(cand)
            if base is not None:
                score += 2 * self._parent_score(i, vals, cand, base)
            # Strictly better only: ties keep the earlier (leftmost) candidate.
            if best is None or score > best[0]:
                best = (score, cand)
        assert best is not None
        return best[1]

    def run(self, passes: int = 3) -> None:
        for i in range(len(self.rows)):
            self._set(i, self._best(i, with_parent=False))
            self.rows[i].inferred = len(self.cands[i]) > 1
        for _ in range(passes):
            changed = False
            for i in self.order:
                if len(self.cands[i]) <= 1:
                    continue
                b = self._best(i, with_parent=True)
                if b != self.rows[i].placement:
                    self._set(i, b)
                    changed = True
            if not changed:
                break
