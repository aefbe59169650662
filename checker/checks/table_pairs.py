"""Which cells of two tables print the same quantity (X201), as restated identities.

Only true identities are compared. Legitimate differences are left alone: 经济分类 vs
功能分类 lines (30113 住房公积金 vs 2210201), 三公 公务接待费 vs 06's 30217 (06 is
basic expense only), all-funds tables vs fiscal-only tables when non-fiscal money exists,
本年收入 vs 总计 (which includes 结转).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from checker.checks.evidence import column_label, row_name, table_name
from checker.checks.table_build import amount_keys, misaligned, top_rows
from checker.checks.table_identity import Identity, Pos
from checker.numbers import compare_restated
from checker.tables.model import TableKind, TableRow, Tables, TypedTable

K = TableKind
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])")


@dataclass(frozen=True)
class Ref:
    table: TypedTable
    row: TableRow
    key: str


def _name(label: str) -> str:
    """Class name without numbering, spaces or （类）: 八、社会保障和就业支出 → 社会保障和就业支出."""
    s = _ENUM.sub("", "".join(label.split()))
    return s.replace("（类）", "").replace("(类)", "")


def _side_row(t: TypedTable, side: str, *labels: str) -> TableRow | None:
    for r in t.rows:
        if (not side or not r.side or r.side == side) and _name(r.label) in labels:
            return r
    return None


def _total(t: TypedTable) -> TableRow | None:
    return next((r for r in t.rows if r.is_total and not r.code and _name(r.label) in ("合计", "总计")), None)


def _ref(t: TypedTable | None, row: TableRow | None, key: str) -> Ref | None:
    if t is None or row is None or key not in row.cells:
        return None
    return Ref(t, row, key)


def _first_amount(t: TypedTable, row: TableRow | None) -> str:
    if row is None:
        return ""
    return next((k for k in amount_keys(t) if row.value(k) is not None), "total")


def _classes(t: TypedTable, side: str = "") -> dict[str, TableRow]:
    """Level-1 (类) lines by name: coded/levelled rows, or enumerated lines of summary tables."""
    if t.kind in (K.SUMMARY, K.FISCAL_SUMMARY):
        rows = [
            r
            for r in t.rows
            if r.side == side and _ENUM.match("".join(r.label.split())) and _name(r.label).endswith("支出")
        ]
    else:
        rows = [t.rows[i] for i in top_rows(t)]
    return {_name(r.label): r for r in rows}


def pairs(tables: Tables) -> Iterator[tuple[Ref, Ref]]:
    """(reference, restated) pairs of cells that must print the same number."""
    t01, t02, t03 = tables.first(K.SUMMARY), tables.first(K.INCOME), tables.first(K.EXPENSE)
    t04, t05, t06 = tables.first(K.FISCAL_SUMMARY), tables.first(K.GPB_EXPENSE), tables.first(K.BASIC_DETAIL)
    if t01 is not None:
        inc = _side_row(t01, "income", "本年收入合计")
        exp = _side_row(t01, "expense", "本年支出合计")
        if t02 is not None:
            yield from _one(_ref(t01, inc, _first_amount(t01, inc)), _ref(t02, _total(t02), "total"))
        if t03 is not None:
            yield from _one(_ref(t01, exp, _first_amount(t01, exp)), _ref(t03, _total(t03), "total"))
            lines, rows = _classes(t01, "expense"), _classes(t03)
            for name, r in lines.items():
                yield from _one(_ref(t01, r, _first_amount(t01, r)), _ref(t03, rows.get(name), "total"))
    if t02 is not None and t04 is not None and "fiscal" in {c.key for c in t02.columns}:
        inc4 = _side_row(t04, "income", "本年收入合计")
        yield from _one(_ref(t02, _total(t02), "fiscal"), _ref(t04, inc4, _first_amount(t04, inc4)))
    if t04 is not None and t05 is not None:
        exp4 = _side_row(t04, "expense", "本年支出合计")
        gpb = "gpb" if exp4 is not None and "gpb" in exp4.cells else _first_amount(t04, exp4)
        yield from _one(_ref(t04, exp4, gpb), _ref(t05, _total(t05), "total"))
        lines, rows = _classes(t04, "expense"), _classes(t05)
        for name, r in lines.items():
            key = "gpb" if "gpb" in r.cells else _first_amount(t04, r)
            yield from _one(_ref(t04, r, key), _ref(t05, rows.get(name), "total"))
    if t05 is not None and t06 is not None:
        for key, word in (("personnel", "人员经费"), ("public", "公用经费")):
            row6 = _side_row(t06, "", f"{word}合计", word)
            if row6 is not None:
                yield from _one(_ref(t05, _total(t05), key), _ref(t06, row6, _first_amount(t06, row6)))
            else:  # budget 基本支出表: a 合计 row with 人员经费 / 公用经费 columns
                yield from _one(_ref(t05, _total(t05), key), _ref(t06, _total(t06), key))
    if t01 is not None and t02 is not None:
        yield from _income_sources(t01, t02)
    yield from _project_targets(tables)
    if t03 is not None and t05 is not None and _all_fiscal_gpb(t01, t04):
        by_code = {r.code: r for r in t05.rows if r.code}
        # Reports printing names without codes (budget tables): a name found once in each
        # table is the same line.
        by_name = _unique_names(t05)
        names3 = _unique_names(t03)
        for r3 in t03.rows:
            if r3.code:
                r5 = by_code.get(r3.code)
            elif r3 is _total(t03):
                r5 = _total(t05)
            else:
                key = _name(r3.label)
                r5 = by_name.get(key) if names3.get(key) is r3 else None
            for key in ("total", "basic", "project"):
                yield from _one(_ref(t03, r3, key), _ref(t05, r5, key))


_SOURCES = (  # income line of the summary table → column of the income table
    ("上级补助", "upper_grant"),
    ("附属单位上缴", "affiliated"),
    ("经营收入", "operating"),
    ("事业收入", "business"),
    ("其他收入", "other"),
    ("一般公共预算", "gpb"),
    ("政府性基金", "gov_fund"),
    ("国有资本", "state_capital"),
)
_FUNDS = ("gpb", "gov_fund", "state_capital")


def _source_lines(t01: TypedTable) -> dict[str, TableRow]:
    """Income lines of the summary table (before 本年收入合计) by the income-table column
    they restate; 其中 lines and lines naming two sources are left out."""
    out: dict[str, TableRow] = {}
    for r in t01.rows:
        if r.side != "income":
            continue
        lab = _name(r.label)
        if lab.endswith("合计") or "总计" in lab:
            break
        keys = [k for w, k in _SOURCES if w in lab]
        if lab.startswith("其中") or len(keys) != 1 or keys[0] in out:
            continue
        out[keys[0]] = r
    return out


def _income_key(t01: TypedTable, row: TableRow) -> str:
    """This year's column of the summary table (本年预算 beside 上年结转 in budgets)."""
    return "current" if "current" in row.cells else _first_amount(t01, row)


def _income_sources(t01: TypedTable, t02: TypedTable) -> Iterator[tuple[Ref, Ref]]:
    """收支总表 income lines vs the 收入表 合计 row, column by column (上级补助收入 …)."""
    if misaligned(t02):
        return  # which value sits under which header is unsure
    total = _total(t02)
    cols = {c.key for c in t02.columns}
    for key, r in _source_lines(t01).items():
        if key in cols:
            yield from _one(_ref(t01, r, _income_key(t01, r)), _ref(t02, total, key))


def fiscal_sums(tables: Tables, ts: list[TypedTable]) -> list[Identity]:
    """决算 收入表 财政拨款收入 = 收支总表 一般公共预算 + 政府性基金 + 国有资本经营 lines."""
    t01, t02 = tables.first(K.SUMMARY), tables.first(K.INCOME)
    if t01 is None or t02 is None or "fiscal" not in {c.key for c in t02.columns}:
        return []
    if any(k in {c.key for c in t02.columns} for k in _FUNDS):
        return []
    slot = {id(t): n for n, t in enumerate(ts)}
    lines = _source_lines(t01)
    target = _pos(slot, Ref(t02, _total(t02), "fiscal")) if _total(t02) is not None else None
    terms = [_pos(slot, Ref(t01, lines[k], _income_key(t01, lines[k]))) for k in _FUNDS if k in lines]
    if target is None or not terms or None in terms or t01.unit != t02.unit:
        return []
    desc = "财政拨款收入 = 收支总表一般公共预算 + 政府性基金 + 国有资本经营财政拨款收入"
    return [Identity(code="X201", target=target, terms=tuple((p, 1) for p in terms), desc=desc)]


def _project_targets(tables: Tables) -> Iterator[tuple[Ref, Ref]]:
    """A project's 年度资金总额 in its 绩效目标表 vs its row in the 项目支出表 (same name)."""
    projects = tables.first(K.PROJECT)
    if projects is None:
        return
    by_name: dict[str, list[TableRow]] = {}
    for r in projects.rows:
        by_name.setdefault(_name(r.label), []).append(r)
    for t in tables.of_kind(K.PERF_TARGET):
        rows = by_name.get(_name(t.entity)) if t.entity else None
        head = next((r for r in t.rows if "资金总额" in r.label or "资金总和" in r.label), None)
        if not rows or len(rows) != 1 or head is None:
            continue  # unnamed, unknown or ambiguous project
        yield from _one(_ref(projects, rows[0], "total"), _ref(t, head, _first_amount(t, head)))


def _unique_names(t: TypedTable) -> dict[str, TableRow]:
    """Code-less, non-total rows by name, for names that occur once in the table."""
    seen: dict[str, list[TableRow]] = {}
    for r in t.rows:
        if not r.code and not r.is_total and r.label:
            seen.setdefault(_name(r.label), []).append(r)
    return {k: v[0] for k, v in seen.items() if len(v) == 1}


def _one(a: Ref | None, b: Ref | None) -> Iterator[tuple[Ref, Ref]]:
    if a is not None and b is not None:
        yield a, b


def _all_fiscal_gpb(t01: TypedTable | None, t04: TypedTable | None) -> bool:
    """All money of the year is general-budget fiscal money: the 01 and 04 grand totals
    agree and the 04 table spends nothing from government funds or state capital."""
    if t01 is None or t04 is None:
        return False
    a = _side_row(t01, "income", "总计", "收入总计")
    b = _side_row(t04, "income", "总计", "收入总计")
    if a is None or b is None:
        return False
    na, nb = a.value(_first_amount(t01, a)), b.value(_first_amount(t04, b))
    if na is None or nb is None or not compare_restated(na, nb).ok:
        return False
    return not any(
        (n := r.value(k)) is not None and n.value != 0
        for r in t04.rows
        for k in ("gov_fund", "state_capital")
    )


def cross_identities(tables: list[TypedTable], pairs_: Iterable[tuple[Ref, Ref]]) -> list[Identity]:
    """Each (reference, restated) pair as an identity: the restated cell is the target, so
    when nothing else tells which side is wrong, the later table's cell is reported."""
    slot = {id(t): n for n, t in enumerate(tables)}
    out = []
    for ref, other in pairs_:
        a, b = _pos(slot, ref), _pos(slot, other)
        if a is None or b is None or a == b or (ref.table.unit or "万元") != (other.table.unit or "万元"):
            continue  # (a table in 元 beside one in 万元 prints other digits for the same amount)
        out.append(Identity(code="X201", target=b, terms=((a, 1),), desc="同一数字", restated=True))
    return out


def _pos(slot: dict[int, int], r: Ref) -> Pos | None:
    s = slot.get(id(r.table))
    if s is None:
        return None
    idx = next((i for i, row in enumerate(r.table.rows) if row is r.row), None)
    return None if idx is None else (s, idx, r.key)


def _where(r: Ref) -> str:
    return f"{table_name(r.table)}“{row_name(r.row)}”行“{column_label(r.table, r.key, r.row.side)}”列"
