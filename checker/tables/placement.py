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
from fractions import Fraction
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
_HINT_WEIGHT = Fraction(1, 2)
_ZERO = Interval.exact(Decimal(0))
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


def _iv(text: str | None) -> Interval:
    if text is None:
        return _ZERO
    n = parse_number(text)
    return n.interval() if n is not None and not n.percent else _ZERO


class Placer:
    def __init__(self, rows: list[SparseRow], n: int, keys: list[str]) -> None:
        self.rows = rows
        self.n = n
        self.ids = identities_for(keys)
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
        self.grid: list[list[Interval]] = [[_ZERO] * n for _ in rows]
        self.cands: list[list[tuple[int, ...]]] = []
        for r in rows:
            k = min(len(r.values), n)
            cs = list(combinations(range(n), k)) if k < n else [tuple(range(n))]
            self.cands.append(cs[:MAX_CANDIDATES])

    def _vals(self, i: int, placement: tuple[int, ...]) -> list[Interval]:
        vals = [_ZERO] * self.n
        for col, text in zip(placement, self.rows[i].values, strict=False):
            vals[col] = _iv(text)
        return vals

    def _set(self, i: int, placement: tuple[int, ...]) -> None:
        self.grid[i] = self._vals(i, placement)
        self.rows[i].placement = placement

    def _row_score(self, vals: list[Interval]) -> int:
        score = 0
        for left, rhs in self.ids:
            acc = _ZERO
            for c in rhs:
                acc = acc + vals[c]
            score += 1 if vals[left].meets(acc) else 0
        return score

    def _parent_score(self, i: int, vals: list[Interval], placement: tuple[int, ...]) -> int:
        """Agreement with the parent row: values only where the parent has one, and the
        parent equal to the sum of its children (this candidate included)."""
        p = self.up[i]
        if p is None:
            return 0
        head = self.grid[p]
        score = sum(1 for col in placement if head[col].point != 0)
        kids = self.children.get(p, [])
        for c in range(self.n):
            acc = _ZERO
            for k in kids:
                acc = acc + (vals[c] if k == i else self.grid[k][c])
            score += 1 if head[c].meets(acc) else 0
        return score

    def _hint_score(self, i: int, placement: tuple[int, ...]) -> Fraction:
        hints = self.rows[i].hints
        if not hints:
            return Fraction(0)
        got = 0
        for col, text in zip(placement, self.rows[i].values, strict=False):
            n = parse_number(text)
            if n is not None and col in hints and hints[col] == n.value:
                got += 1
        return _HINT_WEIGHT * got

    def _best(self, i: int, with_parent: bool) -> tuple[int, ...]:
        best: tuple[Fraction, tuple[int, ...]] | None = None
        order = self.cands[i]
        if with_parent and self.rows[i].placement:
            # The current reading first: another must be strictly better to replace it.
            order = [self.rows[i].placement, *order]
        for cand in order:
            vals = self._vals(i, cand)
            score = Fraction(self._row_score(vals)) + self._hint_score(i, cand)
            if with_parent:
                score += self._parent_score(i, vals, cand)
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
