"""Additive identities inside one table, evaluated with rounding intervals, and the
blame search that turns failed identities into findings on single cells.

An identity says ``target = Σ sign·term`` (a parent row = its children, 合计 = 基本支出 +
项目支出 …). It holds when the interval of the printed target meets the interval sum of
the printed terms (empty cells count as 0). When identities fail, the cell whose
correction makes the most failed identities hold (without breaking holding ones) is
blamed: it becomes the finding's ``stated`` and its implied value the ``expected``. A
column that repeats another column in every row is blamed as a whole, once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from checker.numbers import Interval, Num, quantize
from checker.tables.model import TypedTable

Pos = tuple[int, str]  # (row index in table.rows, column key)
ZERO = Interval.exact(Decimal(0))
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Identity:
    code: str  # rule that owns it (T101 …)
    target: Pos
    terms: tuple[tuple[Pos, int], ...]  # (cell, sign ±1)
    desc: str  # Chinese, e.g. 合计 = 基本支出 + 项目支出
    optional_terms: bool = False  # the breakdown may be left out entirely

    def cells(self) -> list[Pos]:
        return [self.target, *(p for p, _ in self.terms)]


@dataclass
class Blame:
    """One finding-to-be: a cell, the value the identities imply, the identities it fixes."""

    pos: Pos
    implied: Decimal
    identities: list[Identity]
    column_of: str = ""  # whole-column blame: the column this one repeats
    rows: list[tuple[Pos, Decimal, Identity]] = field(default_factory=list)  # whole-column: each row

    @property
    def code(self) -> str:
        # The identity that has the blamed cell as its target explains it best (基本支出 =
        # 人员经费 + 公用经费 rather than 合计 = 基本支出 + 项目支出).
        own = {self.pos} | {p for p, _, _ in self.rows}
        counts: dict[str, int] = defaultdict(int)
        for i in self.identities:
            counts[i.code] += 2 if i.target in own else 1
        return max(sorted(counts), key=lambda c: counts[c])


@dataclass
class Unexplained:
    """A failed identity no single cell explains: reported at its target."""

    identity: Identity
    computed: Interval


@dataclass
class TableAnalysis:
    table: TypedTable
    blames: list[Blame]
    unexplained: list[Unexplained]
    garbled: int = 0  # failed identities, when too many fail to blame single cells
    checked: int = 0
    garbled_code: str = ""

    def blamed_cells(self) -> set[Pos]:
        out = {b.pos for b in self.blames}
        for b in self.blames:
            out.update(p for p, _, _ in b.rows)
        return out


class Values:
    """Printed values of a table's cells as intervals, with overrides for trial corrections."""

    def __init__(self, table: TypedTable):
        self.table = table
        self._cache: dict[Pos, Interval] = {}
        self.overrides: dict[Pos, Interval] = {}

    def num(self, pos: Pos) -> Num | None:
        r, k = pos
        c = self.table.rows[r].cells.get(k)
        return c.num if c else None

    def is_blank(self, pos: Pos) -> bool:
        return self.num(pos) is None

    def get(self, pos: Pos) -> Interval:
        if pos in self.overrides:
            return self.overrides[pos]
        if pos not in self._cache:
            n = self.num(pos)
            self._cache[pos] = n.interval(amount=True) if n is not None else ZERO
        return self._cache[pos]

    def computed(self, ident: Identity, without: Pos | None = None) -> Interval:
        total = ZERO
        for p, s in ident.terms:
            if p == without:
                continue
            v = self.get(p)
            total = total + v if s > 0 else total - v
        return total

    def holds(self, ident: Identity) -> bool:
        return self.get(ident.target).meets(self.computed(ident))

    def implied(self, ident: Identity, pos: Pos) -> Decimal:
        """The value ``pos`` must have for ``ident`` to hold (point arithmetic)."""
        if pos == ident.target:
            return self.computed(ident).point
        sign = next(s for p, s in ident.terms if p == pos)
        rest = self.get(ident.target).point - self.computed(ident, without=pos).point
        return rest if sign > 0 else -rest


def gap(values: Values, ident: Identity) -> Decimal:
    """Distance between the printed target and the computed interval (0 when they meet)."""
    t, c = values.get(ident.target), values.computed(ident)
    return max(Decimal(0), t.lo - c.hi, c.lo - t.hi)


def evaluable(values: Values, ident: Identity) -> bool:
    """A blank target is not checked (sparse layouts leave cells out). For an optional
    breakdown (年度资金总额 with its 其中 lines) left entirely blank, neither: that is an
    omission, not two numbers contradicting each other."""
    if values.is_blank(ident.target):
        return False
    return not ident.optional_terms or any(not values.is_blank(p) for p, _ in ident.terms)


def analyse(table: TypedTable, identities: list[Identity]) -> TableAnalysis:
    values = Values(table)
    idents = [i for i in identities if evaluable(values, i)]
    by_cell: dict[Pos, list[Identity]] = defaultdict(list)
    for i in idents:
        for p in i.cells():
            by_cell[p].append(i)
    failing = {i for i in idents if not values.holds(i)}
    blames: list[Blame] = []
    if _garbled(table, values, idents, failing):
        # So many identities fail that the table was most likely read out of place
        # (columns shifted by the layout): one note instead of a flood of errors.
        codes = [i.code for i in failing]
        return TableAnalysis(
            table=table,
            blames=[],
            unexplained=[],
            garbled=len(failing),
            checked=len(idents),
            garbled_code=max(sorted(set(codes)), key=codes.count),
        )
    if failing:
        col = _whole_column(table, values, failing, by_cell)
        if col is not None:
            blames.append(col)
            failing = {i for i in idents if not values.holds(i)}
        while failing and len(blames) < MAX_BLAMES:
            best = _best_cell(values, failing, by_cell, blames)
            if best is None:
                break
            pos, v, fixed = best
            values.overrides[pos] = Interval.around(v, 2)
            blames.append(Blame(pos=pos, implied=v, identities=fixed))
            failing = {i for i in idents if not values.holds(i)}
    unexplained = [Unexplained(i, values.computed(i)) for i in sorted(failing, key=idents.index)]
    return TableAnalysis(table=table, blames=blames, unexplained=unexplained)


MAX_BLAMES = 25


def _garbled(table: TypedTable, values: Values, idents: list[Identity], failing: set[Identity]) -> bool:
    """Too many failures to be typing slips, unless one column repeating another explains them."""
    if len(failing) <= max(8, len(idents) // 4):
        return False
    keys = _numeric_keys(table)
    return not any(_repeats(table, k, j) for k in keys for j in keys if j != k)


def _trial(values: Values, pos: Pos, v: Decimal, failing: set[Identity], by_cell) -> tuple[list, int]:
    """Fixed failing identities and number of broken holding ones if ``pos`` were ``v``."""
    old = values.overrides.get(pos)
    values.overrides[pos] = Interval.around(v, 2)
    fixed, broken = [], 0
    for i in by_cell[pos]:
        ok = values.holds(i)
        if i in failing and ok:
            fixed.append(i)
        elif i not in failing and not ok:
            broken += 1
    if old is None:
        del values.overrides[pos]
    else:
        values.overrides[pos] = old
    return fixed, broken


def _best_cell(values: Values, failing: set[Identity], by_cell, blames: list[Blame]):
    done = {b.pos for b in blames}
    best, best_key = None, None
    cands = sorted({p for i in failing for p in i.cells()} - done)
    for pos in cands:
        tried: set[Decimal] = set()
        for i in by_cell[pos]:
            if i not in failing:
                continue
            v = quantize(values.implied(i, pos), 2)
            if v in tried or (v < 0 <= values.get(pos).point):
                continue  # a negative amount where a positive one is printed explains nothing
            tried.add(v)
            fixed, broken = _trial(values, pos, v, failing, by_cell)
            score = len(fixed) - broken
            if score < 1:
                continue
            is_target = any(i.target == pos for i in fixed)
            key = (score, len(fixed), not values.is_blank(pos), is_target)
            if best_key is None or key > best_key:
                best, best_key = (pos, v, fixed), key
    return best


def _whole_column(table: TypedTable, values: Values, failing: set[Identity], by_cell) -> Blame | None:
    """A column that repeats another column in every row, and is what breaks the identities."""
    keys = _numeric_keys(table)
    best: tuple[int, Blame] | None = None
    for k in keys:
        for j in keys:
            if j == k or not _repeats(table, k, j):
                continue
            rows = []
            for r in range(len(table.rows)):
                pos = (r, k)
                own = [i for i in by_cell.get(pos, []) if i in failing]
                if not own:
                    continue
                own.sort(key=lambda i: i.target != pos)  # identities defining this cell first
                options = [quantize(values.implied(i, pos), 2) for i in own]
                v = max(options, key=options.count)  # the value most failed identities imply
                rows.append((pos, v, own[options.index(v)]))
            if len(rows) < 2:
                continue
            saved = dict(values.overrides)
            for pos, v, _ in rows:
                values.overrides[pos] = Interval.around(v, 2)
            touched = {i for pos, _, _ in rows for i in by_cell[pos]}
            fixed = [i for i in touched if i in failing and values.holds(i)]
            broken = sum(1 for i in touched if i not in failing and not values.holds(i))
            values.overrides = saved
            score = len(fixed) - broken
            # Each wrong row must be confirmed by two identities (基本支出 = 人员 + 公用 and
            # 合计 = 基本 + 项目): a column that merely equals another (all money is
            # 一般公共预算) and fails one identity per row is not evidence enough.
            if len(fixed) < 2 * len(rows):
                continue
            if score >= 2 and (best is None or score > best[0]):
                head = _head_row(table, rows)
                blame = Blame(pos=head[0], implied=head[1], identities=fixed, column_of=j, rows=rows)
                best = (score, blame)
    if best is None:
        return None
    for pos, v, _ in best[1].rows:
        values.overrides[pos] = Interval.around(v, 2)
    return best[1]


def _head_row(table: TypedTable, rows: list[tuple[Pos, Decimal, Identity]]):
    """The total row when it is among the wrong ones, else the first."""
    for item in rows:
        if table.rows[item[0][0]].is_total:
            return item
    return rows[0]


def _numeric_keys(table: TypedTable) -> list[str]:
    return [c.key for c in table.columns]


def _repeats(table: TypedTable, k: str, j: str) -> bool:
    """Column k equals column j in every row where either is printed (3 rows at least)."""
    n = 0
    for row in table.rows:
        a, b = row.value(k), row.value(j)
        if a is None and b is None:
            continue
        if a is None or b is None or a.value != b.value:
            return False
        n += 1
    return n >= 3
