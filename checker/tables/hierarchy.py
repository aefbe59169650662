"""Hierarchy of tables printed without classification codes (names only).

Rows numbered ``一、`` are 类 (level 1). Below each, the rows are split into consecutive
groups whose first row equals the sum of the rest (within rounding, in every numeric
column): a 款 with its 项 (two levels), or plain items (one level, economic tables). The
split must also add up to the 类 row. No names are assumed; only the printed sums decide.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from checker.numbers import Interval, parse_number
from checker.tables.model import TableRow
from checker.tables.rows import ordinal_level

Vec = tuple[Interval, ...]
_ZERO = Interval.exact(Decimal(0))


def _vec(row: TableRow, keys: list[str]) -> Vec:
    out = []
    for k in keys:
        c = row.cells.get(k)
        n = parse_number(c.text) if c is not None else None
        out.append(n.interval() if n is not None and not n.percent else _ZERO)
    return tuple(out)


def _add(a: Vec, b: Vec) -> Vec:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _meets(a: Vec, b: Vec) -> bool:
    return all(x.meets(y) for x, y in zip(a, b, strict=True))


def _nonzero(v: Vec) -> bool:
    return any(x.point != 0 for x in v)


class _Splitter:
    def __init__(self, vecs: list[Vec]) -> None:
        self.v = vecs
        self.zero = tuple(_ZERO for _ in vecs[0]) if vecs else ()

    def sum(self, lo: int, hi: int) -> Vec:
        acc = self.zero
        for i in range(lo, hi):
            acc = _add(acc, self.v[i])
        return acc

    def split(self, lo: int, hi: int, depth: int, target: Vec) -> list[tuple[int, int, int]] | None:
        """Groups (head, first child, end) covering [lo, hi) at ``depth`` levels below the
        target; depth 1 = all rows are leaves."""
        if lo >= hi:
            return None
        if depth == 1:
            return [] if _meets(self.sum(lo, hi), target) else None
        return self._groups(lo, hi, depth, target, self.zero)

    def _groups(
        self, pos: int, hi: int, depth: int, target: Vec, acc: Vec, budget: list[int] | None = None
    ) -> list[tuple[int, int, int]] | None:
        budget = budget if budget is not None else [20000]
        if pos == hi:
            return [] if _meets(acc, target) else None
        for end in range(pos + 2, hi + 1):
            budget[0] -= 1
            if budget[0] < 0:
                return None
            head = self.v[pos]
            if not _nonzero(head):
                continue
            inner = self.split(pos + 1, end, depth - 1, head)
            if inner is None:
                continue
            rest = self._groups(end, hi, depth, target, _add(acc, head), budget)
            if rest is not None:
                return [(pos, pos + 1, end), *rest]
        return None


def _assign(
    rows: list[TableRow],
    idx: list[int],
    sp: _Splitter,
    lo: int,
    hi: int,
    depth: int,
    parent: int | None,
    level: int,
    target: Vec,
) -> bool:
    groups = sp.split(lo, hi, depth, target)
    if groups is None:
        return False
    if depth == 1:
        for k in range(lo, hi):
            rows[idx[k]].level, rows[idx[k]].parent = level, parent
        return True
    for head, first, end in groups:
        rows[idx[head]].level, rows[idx[head]].parent = level, parent
        _assign(rows, idx, sp, first, end, depth - 1, idx[head], level + 1, sp.v[head])
    return True


def infer_hierarchy(rows: list[TableRow], keys: list[str], prefer_flat: bool = False) -> bool:
    """Set level/parent on code-less rows from the printed sums; True when it worked."""
    if not keys or any(r.code for r in rows):
        return False
    body = [i for i, r in enumerate(rows) if r.label and not r.is_total]
    if not body:
        return False
    vecs = [_vec(rows[i], keys) for i in body]
    sp = _Splitter(vecs)
    tops = [k for k, i in enumerate(body) if ordinal_level(rows[i].label) == 1]
    depths = (1, 2) if prefer_flat else (2, 1)
    ok = True
    if tops:
        bounds = [*tops, len(body)]
        for t, nxt in itertools.pairwise(bounds):
            rows[body[t]].level = 1
            if nxt - t <= 1:
                continue
            if not any(_assign(rows, body, sp, t + 1, nxt, d, body[t], 2, vecs[t]) for d in depths):
                ok = False
        return ok
    total = next((r for r in rows if r.is_total), None)
    if total is None:
        return False
    target = _vec(total, keys)
    for d in (1, 2, 3) if prefer_flat else (3, 2, 1):
        if _assign(rows, body, sp, 0, len(body), d, None, 1, target):
            return True
    return False
