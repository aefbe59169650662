"""Identities between printed table cells, evaluated with rounding intervals, and the
blame search that turns failed identities into findings on single cells.

An identity says ``target = Σ sign·term`` (a parent row = its children, 合计 = 基本支出 +
项目支出 …) and holds when the interval of the printed target meets the interval sum of
the printed terms (empty cells count as 0). A *restated* identity says two cells of two
tables print the same quantity; it holds when they agree at the coarser precision.

When identities fail, the cell whose correction makes the most failed identities hold
(without breaking holding ones) is blamed: it becomes the finding's ``stated`` and its
implied value the ``expected``. Within-table and cross-table identities are searched
together, so a wrong line of the summary table is told from the correct row of the
expense table that restates it. A column that repeats another column in every row is
blamed as a whole, once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from checker.numbers import Interval, Num, quantize, slip_pattern
from checker.tables.model import TypedTable

Pos = tuple[int, int, str]  # (table slot in the list analysed, row index, column key)
RowPos = tuple[int, str]  # (row index, column key) inside one table, as builders write it
ZERO = Interval.exact(Decimal(0))
CENT = Decimal("0.01")
MAX_BLAMES = 40


@dataclass(frozen=True)
class Identity:
    code: str  # rule that owns it (T101 … X201)
    target: Pos
    terms: tuple[tuple[Pos, int], ...]  # (cell, sign ±1)
    desc: str  # Chinese, e.g. 合计 = 基本支出 + 项目支出
    optional_terms: bool = False  # the breakdown may be left out entirely
    restated: bool = False  # target and its single term print the same quantity
    # Built on a structure the parser inferred (column meaning, halves, parent row): a
    # failure is worth a note, not an accusation.
    inferred: bool = False

    def cells(self) -> list[Pos]:
        return [self.target, *(p for p, _ in self.terms)]


def in_table(slot: int, ident: Identity) -> Identity:
    """A builder's identity (cells as (row, key) of one table) addressed in the analysed list."""
    return Identity(
        code=ident.code,
        target=(slot, *ident.target),
        terms=tuple(((slot, *p), s) for p, s in ident.terms),
        desc=ident.desc,
        optional_terms=ident.optional_terms,
        restated=ident.restated,
        inferred=ident.inferred,
    )


@dataclass
class Blame:
    """One finding-to-be: a cell, the value the identities imply, the identities it fixes."""

    pos: Pos
    implied: Decimal
    identities: list[Identity]
    tail: bool = False  # every identity it fixes was off by one unit of the last digit only
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
class Garbled:
    """A table where so many identities fail that single cells cannot be blamed."""

    slot: int
    failed: int
    checked: int
    code: str


@dataclass
class Analysis:
    blames: list[Blame]
    unexplained: list[Identity]  # failed identities no single cell explains
    garbled: list[Garbled]

    def blamed_cells(self) -> set[Pos]:
        out = {b.pos for b in self.blames}
        for b in self.blames:
            out.update(p for p, _, _ in b.rows)
        return out


class Values:
    """Printed values of cells as intervals, with overrides for trial corrections."""

    def __init__(self, tables: list[TypedTable]):
        self.tables = tables
        self._cache: dict[Pos, Interval] = {}
        self.overrides: dict[Pos, Interval] = {}
        self.corrected: dict[Pos, Decimal] = {}  # for display: blamed cells and their implied values

    def num(self, pos: Pos) -> Num | None:
        t, r, k = pos
        c = self.tables[t].rows[r].cells.get(k)
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

    def decimals(self, pos: Pos) -> int:
        n = self.num(pos)
        return 2 if pos in self.overrides or n is None else n.decimals

    def computed(self, ident: Identity, without: Pos | None = None) -> Interval:
        total = ZERO
        for p, s in ident.terms:
            if p == without:
                continue
            v = self.get(p)
            total = total + v if s > 0 else total - v
        return total

    def restated_gap(self, ident: Identity) -> Decimal:
        """Difference of the two printed values at the coarser precision."""
        ((term, _),) = ident.terms
        d = min(self.decimals(ident.target), self.decimals(term))
        return abs(quantize(self.get(ident.target).point, d) - quantize(self.get(term).point, d))

    def holds(self, ident: Identity) -> bool:
        if _same_quantity(ident):
            return self.restated_gap(ident) == 0
        return self.get(ident.target).meets(self.computed(ident))

    def implied(self, ident: Identity, pos: Pos) -> Decimal:
        """The value ``pos`` must have for ``ident`` to hold (point arithmetic)."""
        if pos == ident.target:
            return self.computed(ident).point
        sign = next(s for p, s in ident.terms if p == pos)
        rest = self.get(ident.target).point - self.computed(ident, without=pos).point
        return rest if sign > 0 else -rest


def _same_quantity(ident: Identity) -> bool:
    """Two cells that print one quantity: a restatement, or a sum of a single term (a 款
    with one 项 below it). Rounding the same amount twice gives the same digits, so no
    rounding tolerance applies (35.06 over a lone child of 35.05 is a real difference)."""
    return ident.restated or (len(ident.terms) == 1 and ident.terms[0][1] > 0)


def gap(values: Values, ident: Identity) -> Decimal:
    """How far the identity is from holding (0 when it holds)."""
    if _same_quantity(ident):
        return values.restated_gap(ident)
    t, c = values.get(ident.target), values.computed(ident)
    return max(Decimal(0), t.lo - c.hi, c.lo - t.hi)


def is_tail(values: Values, ident: Identity) -> bool:
    """Off by one unit of the last digit only (one cent beyond rounding for sums; in 元
    tables printing whole 元, one 元)."""
    if _same_quantity(ident):
        unit = Decimal(1).scaleb(-min(values.decimals(p) for p in ident.cells()))
        return values.restated_gap(ident) <= unit
    return gap(values, ident) <= _last_digit(values, ident)


def _last_digit(values: Values, ident: Identity) -> Decimal:
    """One unit of the last digit the identity's figures print. Amounts in 万元 are cent
    quantities whatever they print; whole 元 are the ledger's own unit, so an 元 table
    printing no decimals is off by a tail difference when it is off by 1."""
    printed = [n for p in ident.cells() if (n := values.num(p)) is not None]
    if not printed or any(values.tables[p[0]].unit != "元" for p in ident.cells()):
        return CENT
    return max(CENT, Decimal(1).scaleb(-min(n.decimals for n in printed)))


def evaluable(values: Values, ident: Identity) -> bool:
    """A blank target is not checked (sparse layouts leave cells out); nor a restated
    pair with a blank side. For an optional breakdown (年度资金总额 with its 其中 lines)
    left entirely blank, neither: that is an omission, not a contradiction."""
    if values.is_blank(ident.target):
        return False
    if ident.restated or ident.optional_terms:
        return any(not values.is_blank(p) for p, _ in ident.terms)
    return True


def analyse(
    tables: list[TypedTable], per_table: dict[int, list[Identity]], cross: list[Identity]
) -> Analysis:
    """Blame failed identities on cells: per-table identities and cross-table ones together."""
    values = Values(tables)
    garbled: list[Garbled] = []
    idents: list[Identity] = []
    for slot, ids in per_table.items():
        ok = [i for i in dict.fromkeys(ids) if evaluable(values, i)]
        failed = [i for i in ok if not values.holds(i)]
        if _garbled(tables[slot], ok, failed):
            # So many identities fail that the table was most likely read out of place
            # (columns shifted by the layout): one note instead of a flood of errors.
            codes = [i.code for i in failed]
            garbled.append(Garbled(slot, len(failed), len(ok), max(sorted(set(codes)), key=codes.count)))
        else:
            idents += ok
    bad = {g.slot for g in garbled}
    idents += [
        i for i in dict.fromkeys(cross) if evaluable(values, i) and not {p[0] for p in i.cells()} & bad
    ]

    by_cell: dict[Pos, list[Identity]] = defaultdict(list)
    for i in idents:
        for p in i.cells():
            by_cell[p].append(i)
    failing = {i for i in idents if not values.holds(i)}
    blames: list[Blame] = []
    for slot in sorted(per_table):
        if failing and slot not in bad:
            col = _whole_column(tables[slot], slot, values, failing, by_cell)
            if col is not None:
                blames.append(col)
                failing = {i for i in idents if not values.holds(i)}
    parked: set[Identity] = set()
    # Trials per cell, kept between rounds: a correction (or parking) changes only the
    # identities through that cell, so only the cells of those identities are tried again.
    # (Re-trying every cell each round was rounds × cells: seconds on a long report.)
    trials: dict[Pos, list] = {}

    def forget(changed: Iterable[Identity]) -> None:
        for i in changed:
            for p in i.cells():
                trials.pop(p, None)

    while failing - parked and len(blames) < MAX_BLAMES:
        best = _best_cell(values, failing, parked, by_cell, blames, trials)
        if best is None:
            break
        if isinstance(best, set):
            parked |= best
            forget(best)
            continue
        pos, v, fixed = best
        tail = all(is_tail(values, i) for i in fixed)  # judged before the correction
        values.overrides[pos] = Interval.around(v, 2)
        blames.append(Blame(pos=pos, implied=v, identities=fixed, tail=tail))
        for i in by_cell[pos]:  # only identities through the corrected cell change
            if values.holds(i):
                failing.discard(i)
            else:
                failing.add(i)
        forget(by_cell[pos])
    order = {i: n for n, i in enumerate(idents)}
    return Analysis(blames=blames, unexplained=sorted(failing, key=order.__getitem__), garbled=garbled)


def _garbled(table: TypedTable, idents: list[Identity], failed: list[Identity]) -> bool:
    """Too many failures to be typing slips, unless one column repeating another explains them."""
    if len(failed) <= max(8, len(idents) // 4):
        return False
    return not repeated_columns(table)


def repeated_columns(table: TypedTable) -> dict[str, str]:
    """Column key -> the first other column it repeats (the same value in every row where
    either is printed, 3 rows at least). Columns are grouped by their values, so a row of
    thousands of columns costs one pass, not one comparison per pair of columns."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for key in dict.fromkeys(c.key for c in table.columns):
        sig = tuple(None if (n := row.value(key)) is None else n.value for row in table.rows)
        if sum(v is not None for v in sig) >= 3:
            groups[sig].append(key)
    return {k: next(j for j in keys if j != k) for keys in groups.values() if len(keys) > 1 for k in keys}


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


def _best_cell(
    values: Values,
    failing: set[Identity],
    parked: set[Identity],
    by_cell,
    blames: list[Blame],
    trials: dict[Pos, list] | None = None,
):
    """The cell whose correction fixes the most failed identities and breaks none.

    When several cells would do equally well and none of them is a total, the evidence
    does not single one out (两个并列的项目行之一有误): the set of those identities, to be
    reported as they are. None when no cell explains anything."""
    done = {b.pos for b in blames}
    open_ = failing - parked
    scored: list[tuple[tuple, tuple[Pos, Decimal, list[Identity]]]] = []
    trials = {} if trials is None else trials
    for pos in sorted({p for i in open_ for p in i.cells()} - done):
        if pos in trials:
            scored.extend(trials[pos])
            continue
        mark = len(scored)
        tried: set[Decimal] = set()
        for i in by_cell[pos]:
            if i not in open_:
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
            scored.append((key, (pos, v, fixed)))
        trials[pos] = scored[mark:]
    if not scored:
        return None
    top = max(k for k, _ in scored)
    best = next(c for k, c in scored if k == top)
    # Rivals: other cells that would mend the same identities just as well.
    rivals = [c for k, c in scored if k[:3] == top[:3] and c[0] != best[0] and set(c[2]) & set(best[2])]
    if not rivals:
        return best
    # A correction a typing slip explains (digits swapped, one doubled or dropped, ×10)
    # is likelier than an arbitrary one: if exactly one rival is such, it is the one.
    slipped = [c for c in [best, *rivals] if _slip(values, c[0], c[1])]
    if len(slipped) == 1:
        return slipped[0]
    if top[3]:
        return best  # the total, as it is where the mismatch shows
    return {i for _, _, fixed in [best, *rivals] for i in fixed}  # ambiguous: park these identities


def _slip(values: Values, pos: Pos, implied: Decimal) -> bool:
    """Does the printed cell look like a typing slip of ``implied``? (Not merely one digit
    off: any correction is that.)"""
    n = values.num(pos)
    if n is None:
        return False
    shown = f"{quantize(implied, max(n.decimals, 0)):f}" if n.decimals else f"{implied.normalize():f}"
    pattern = slip_pattern(n.text, shown, n.value, implied)
    return pattern is not None and pattern != "一位数字有误"


def _whole_column(
    table: TypedTable, slot: int, values: Values, failing: set[Identity], by_cell
) -> Blame | None:
    """A column that repeats another column in every row, and is what breaks the identities."""
    repeats = repeated_columns(table)
    best: tuple[int, Blame] | None = None
    for k in dict.fromkeys(c.key for c in table.columns):
        for j in [repeats[k]] if k in repeats else []:
            rows = []
            for r in range(len(table.rows)):
                pos = (slot, r, k)
                own = [i for i in by_cell.get(pos, []) if i in failing]
                if not own:
                    continue
                own.sort(key=lambda i, pos=pos: i.target != pos)  # identities defining this cell first
                options = [quantize(values.implied(i, pos), 2) for i in own]
                v = max(options, key=options.count)  # the value most failed identities imply
                rows.append((pos, v, own[options.index(v)]))
            if len(rows) < 2:
                continue
            saved = dict(values.overrides)
            for pos, v, _ in rows:
                values.overrides[pos] = Interval.around(v, 2)
            touched = {i for pos, _, _ in rows for i in by_cell[pos]}
            fixed = sorted((i for i in touched if i in failing and values.holds(i)), key=_ident_key)
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


def _ident_key(i: Identity) -> tuple:
    return (i.target, i.code, i.desc)


def _head_row(table: TypedTable, rows: list[tuple[Pos, Decimal, Identity]]):
    """The total row when it is among the wrong ones, else the first."""
    for item in rows:
        if table.rows[item[0][1]].is_total:
            return item
    return rows[0]
