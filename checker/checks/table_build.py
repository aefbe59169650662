"""Which additive identities each table kind must satisfy (rules T101–T105, T107; the
funding block of performance tables under T102, 政府采购 under T104).

Builders only describe identities (cells and signs); evaluation and blame live in
``table_identity``. Rows and columns are found by canonical key, classification code
and, for the summary tables and the 三公 table, by the printed labels every region uses.
"""

from __future__ import annotations

import dataclasses
import re

from checker.checks.evidence import column_label, row_name
from checker.checks.table_identity import Identity
from checker.checks.table_identity import RowPos as Pos
from checker.tables.model import TableKind, TypedTable
from checker.tables.rows import misread_code

# Columns that are not amounts (row numbers, scores, rates, codes).
_NOT_AMOUNT_KEYS = {"rate"}
_NOT_AMOUNT_LABEL = re.compile(r"行次|栏次|编码|代码|分值|得分|权重|率|%|％|序号|项目名称|科目名称")

HIERARCHY_KINDS = {
    TableKind.INCOME,
    TableKind.EXPENSE,
    TableKind.GPB_EXPENSE,
    TableKind.BASIC_DETAIL,
    TableKind.GOV_FUND,
    TableKind.STATE_CAPITAL,
    TableKind.PROJECT,
    TableKind.ORG_RUNNING,
}
SUMMARY_KINDS = {TableKind.SUMMARY, TableKind.FISCAL_SUMMARY}
_ENUM = re.compile(r"^[一二三四五六七八九十]+[、.．]")
# Lines that detail the line above (其中、（一）、1.、by fund: 一般公共预算拨款结转 …).
_SUB_LINE = re.compile(r"^(?:其中|[（(]|\d+[.、．]|一般公共预算|政府性基金|国有资本|财政专户|单位资金)")


_TEXT = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def amount_keys(table: TypedTable) -> list[str]:
    """Columns holding amounts: a header that names something, not a row number, score or
    rate, and no words among its cells (a column of names or codes read out of place)."""
    out = []
    for c in table.columns:
        if not c.label or c.key in _NOT_AMOUNT_KEYS or _NOT_AMOUNT_LABEL.search(c.label):
            continue
        cells = [r.cells[c.key] for r in table.rows if c.key in r.cells]
        if any(_TEXT.search(x.text) for x in cells):
            continue
        out.append(c.key)
    return out


def _has(table: TypedTable, *keys: str) -> bool:
    present = {c.key for c in table.columns}
    return all(k in present for k in keys)


def children_of(table: TypedTable) -> dict[int, list[int]]:
    """Parent row → child rows: from the parser's ``parent`` where it set any, else from
    classification codes (7 → 5 → 3 digits)."""
    kids: dict[int, list[int]] = {}
    if any(r.parent is not None for r in table.rows):
        for i, r in enumerate(table.rows):
            if r.parent is not None and not r.is_total and 0 <= r.parent < len(table.rows) and r.parent != i:
                kids.setdefault(r.parent, []).append(i)
        return kids
    by_code = {r.code: i for i, r in enumerate(table.rows) if r.code and r.code.isdigit()}
    for i, r in enumerate(table.rows):
        code = r.code or ""
        if r.is_total or not code.isdigit() or len(code) not in (5, 7):
            continue
        p = by_code.get(code[: len(code) - 2])
        if p is not None:
            kids.setdefault(p, []).append(i)
    return kids


def top_rows(table: TypedTable) -> list[int]:
    """Level-1 rows (类): parser level 1, or 3-digit codes, never totals."""
    out = []
    for i, r in enumerate(table.rows):
        if r.is_total or r.parent is not None:
            continue
        if r.level == 1 or (r.code and r.code.isdigit() and len(r.code) == 3):
            out.append(i)
    return out


def _sum(code: str, target: Pos, parts: list[Pos], desc: str, signs: list[int] | None = None) -> Identity:
    signs = signs or [1] * len(parts)
    return Identity(code=code, target=target, terms=tuple(zip(parts, signs, strict=True)), desc=desc)


# --- T101 -----------------------------------------------------------------------------


def hierarchy(table: TypedTable) -> list[Identity]:
    if table.kind not in HIERARCHY_KINDS:
        return []
    keys = amount_keys(table)
    out = []
    for p, kids in children_of(table).items():
        parent = table.rows[p]
        for k in keys:
            if k not in parent.cells and not any(k in table.rows[c].cells for c in kids):
                continue
            desc = f"“{row_name(parent)}”= 下级科目之和（{column_label(table, k)}）"
            ident = _sum("T101", (p, k), [(c, k) for c in kids], desc)
            if any(misread_code(table.rows[c].code) for c in kids):
                # a child placed by the printed part of an incomplete code (301 2)
                ident = dataclasses.replace(ident, inferred=True)
            out.append(ident)
    return out


# --- T104 -----------------------------------------------------------------------------


def _total_rows(table: TypedTable) -> list[int]:
    return [
        i
        for i, r in enumerate(table.rows)
        if r.is_total and not r.code and not r.side and ("合计" in r.label or "总计" in r.label)
    ]


def column_totals(table: TypedTable) -> list[Identity]:
    if table.kind not in HIERARCHY_KINDS or table.kind == TableKind.BASIC_DETAIL:
        return []
    tops = top_rows(table)
    if not tops:
        return []
    out = []
    for t in _total_rows(table):
        for k in amount_keys(table):
            desc = f"“{table.rows[t].label}”= 各类之和（{column_label(table, k)}）"
            out.append(_sum("T104", (t, k), [(i, k) for i in tops], desc))
    return out


# --- T102 / T103 ----------------------------------------------------------------------

_EXPENSE_PARTS = ("basic", "project", "to_upper", "operating_exp", "to_affiliated")
_INCOME_SOURCES = ("fiscal", "upper_grant", "business", "operating", "affiliated", "other")
_FISCAL_PARTS = ("gpb", "gov_fund", "state_capital")


def _row_identity(
    table: TypedTable, code: str, target: str, parts: list[str], signs=None, side: str = ""
) -> list[Identity]:
    """``target = Σ parts`` on every row (of one half, in summary tables) printing any of them."""
    labels = [column_label(table, k, side) for k in parts]
    signs = signs or [1] * len(parts)
    rhs = labels[0] + "".join(
        f" {'+' if s > 0 else '−'} {lab}" for s, lab in zip(signs[1:], labels[1:], strict=True)
    )
    desc = f"{column_label(table, target, side)} = {rhs}"
    return [
        _sum(code, (i, target), [(i, k) for k in parts], desc, list(signs))
        for i, r in enumerate(table.rows)
        if (not side or r.side == side) and (target in r.cells or any(k in r.cells for k in parts))
    ]


def _halves_of(table: TypedTable) -> list[tuple[str, set[str]]]:
    """(side, keys that side prints): the income and expense halves of a summary table
    have their own columns; other tables are one half with all columns."""
    if table.kind in SUMMARY_KINDS and any(c.side_labels for c in table.columns):
        return [
            (side, {c.key for c in table.columns if side in c.side_labels}) for side in ("income", "expense")
        ]
    return [("", {c.key for c in table.columns})]


def misaligned(table: TypedTable) -> bool:
    """Rows print more values than the header has columns (a column without header holds
    numbers): which value sits under which header is unsure, so row identities are not
    checked (a column alone still is)."""
    return any(
        not c.label and any((x := r.cells.get(c.key)) is not None and x.text.strip() for r in table.rows)
        for c in table.columns
    )


def row_identities(table: TypedTable) -> list[Identity]:
    if table.kind in (TableKind.PERF_SELF_EVAL, TableKind.PERF_TARGET, TableKind.THREE_PUBLIC):
        return []
    if misaligned(table):
        return []
    out: list[Identity] = []
    for side, present in _halves_of(table):
        for p in _halves(table):  # "" and, for 预算/决算 side by side, the other half (budget.)
            if {f"{p}total", f"{p}basic", f"{p}project"} <= present:
                parts = [f"{p}{k}" for k in _EXPENSE_PARTS if f"{p}{k}" in present]
                out += _row_identity(table, "T102", f"{p}total", parts, side=side)
            elif {f"{p}total", f"{p}personnel", f"{p}public", f"{p}project"} <= present:
                # no 基本支出 column: 合计 = 人员经费 + 公用经费 + 项目支出
                parts = [f"{p}personnel", f"{p}public", f"{p}project"]
                out += _row_identity(table, "T102", f"{p}total", parts, side=side)
        if {"total", "current", "carryover"} <= present:
            out += _row_identity(table, "T102", "total", ["current", "carryover"], side=side)
    if table.kind == TableKind.INCOME and not _has(table, "current") and _has(table, "total"):
        sources = [k for k in _INCOME_SOURCES if _has(table, k)]
        if "fiscal" not in sources:
            sources = [k for k in _FISCAL_PARTS if _has(table, k)] + sources
        if len(sources) >= 2:
            out += _row_identity(table, "T102", "total", sources)
    if table.kind in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL) and _has(
        table, "carry_out", "carry_in", "income", "total"
    ):
        out += _row_identity(table, "T102", "carry_out", ["carry_in", "income", "total"], [1, 1, -1])
    return out


def basic_split(table: TypedTable) -> list[Identity]:
    if misaligned(table):
        return []
    out: list[Identity] = []
    for side, present in _halves_of(table):
        for p in _halves(table):
            if {f"{p}basic", f"{p}personnel", f"{p}public"} <= present:
                out += _row_identity(table, "T103", f"{p}basic", [f"{p}personnel", f"{p}public"], side=side)
            elif (
                table.kind == TableKind.BASIC_DETAIL
                and {f"{p}total", f"{p}personnel", f"{p}public"} <= present
            ):
                out += _row_identity(table, "T103", f"{p}total", [f"{p}personnel", f"{p}public"], side=side)
    return out


def _halves(table: TypedTable) -> list[str]:
    """Key prefixes of the halves a table prints side by side: "" and e.g. "budget."."""
    prefixes = {c.key.rsplit(".", 1)[0] + "." for c in table.columns if "." in c.key}
    return ["", *sorted(p for p in prefixes if p in ("budget.", "final.", "prior."))]


# --- T105 -----------------------------------------------------------------------------


def _norm(label: str) -> str:
    return "".join(label.split())


def _side_rows(table: TypedTable, side: str) -> list[int]:
    return [i for i, r in enumerate(table.rows) if r.side == side]


def _heads(table: TypedTable, idx: list[int], pattern: re.Pattern[str]) -> list[tuple[int, list[int]]]:
    """Enumerated lines (一、…) with the unnumbered sub-lines that follow each."""
    out: list[tuple[int, list[int]]] = []
    for i in idx:
        lab = _norm(table.rows[i].label)
        if pattern.match(lab):
            out.append((i, []))
        elif out and lab and not lab.startswith(("……", "…")):
            out[-1][1].append(i)
    return out


def _carry_groups(table: TypedTable, idx: list[int]) -> list[tuple[int, list[int]]]:
    """Between 本年…合计 and 总计: lines about 结转/结余/分配, each with its sub-lines."""
    out: list[tuple[int, list[int]]] = []
    for i in idx:
        lab = _norm(table.rows[i].label)
        if any(w in lab for w in ("结转", "结余", "分配")) and not _SUB_LINE.match(lab):
            out.append((i, []))
        elif out and lab:
            out[-1][1].append(i)
    return out


def _group_terms(table: TypedTable, groups, key: str) -> list[Pos]:
    """A line's own value, or the sum of its sub-lines when the line itself is blank."""
    terms: list[Pos] = []
    for head, subs in groups:
        if table.rows[head].value(key) is None and any(table.rows[s].value(key) is not None for s in subs):
            terms += [(s, key) for s in subs]
        else:
            terms.append((head, key))
    return terms


def _head_breakdowns(table: TypedTable, idx: list[int], keys: list[str]) -> list[Identity]:
    """An enumerated line = the unnumbered lines under it (一、财政拨款收入 = 一般公共预算拨款
    收入 + 政府性基金 + 国有资本经营; 一、本年支出 = （一）+（二）+（三）). Lists headed
    其中 are partial and not summed; totals and 结转 lines end a list."""
    out: list[Identity] = []
    groups: list[tuple[int, list[int]]] = []
    for i in idx:
        lab = _norm(table.rows[i].label)
        if _ENUM.match(lab):
            groups.append((i, []))
        elif not lab or lab.startswith("…"):
            continue
        elif table.rows[i].is_total or any(w in lab for w in ("合计", "总计", "结转", "结余", "分配")):
            groups.append((-1, []))  # ends the list above
        elif groups and groups[-1][0] >= 0:
            groups[-1][1].append(i)
    for head, subs in groups:
        if head < 0 or not subs or any(_norm(table.rows[s].label).startswith("其中") for s in subs):
            continue
        for k in keys:
            side = table.rows[head].side
            desc = f"“{_norm(table.rows[head].label)}”= 其下各项之和（{column_label(table, k, side)}）"
            ident = _sum("T105", (head, k), [(s, k) for s in subs], desc)
            out.append(dataclasses.replace(ident, optional_terms=True))
    return out


_NUMERALS = "一二三四五六七八九十"


def _ordinal(label: str) -> int | None:
    m = re.match(r"^([一二三四五六七八九十]+)[、.．]", _norm(label))
    if not m:
        return None
    w = m.group(1)
    if len(w) == 1:
        return _NUMERALS.index(w) + 1
    if len(w) == 2 and w[0] == "十":
        return 10 + _NUMERALS.index(w[1]) + 1
    if len(w) == 2 and w[1] == "十":
        return 10 * (_NUMERALS.index(w[0]) + 1)
    return None


def _one_run(table: TypedTable, heads: list[int]) -> bool:
    """The enumerated lines count 一、二、三 … once, without starting over."""
    nums = [_ordinal(table.rows[h].label) for h in heads]
    return bool(nums) and nums == list(range(1, len(nums) + 1))


def summary(table: TypedTable) -> list[Identity]:
    if table.kind not in SUMMARY_KINDS:
        return []
    out: list[Identity] = []
    totals: dict[str, int] = {}
    for side, word in (("income", "收入"), ("expense", "支出")):
        idx = _side_rows(table, side)
        sub = next((i for i in idx if _norm(table.rows[i].label).endswith(f"本年{word}合计")), None)
        tot = next((i for i in reversed(idx) if "总计" in table.rows[i].label), None)
        if tot is not None:
            totals[side] = tot
        keys = [k for k in amount_keys(table) if any(k in table.rows[i].cells for i in idx)]
        out += _head_breakdowns(table, idx, keys)
        if sub is None:
            # Budget summaries print no 本年…合计 line: the 总计 is the enumerated lines'
            # sum (结转 lines, when printed, are among them).
            lines = _heads(table, [i for i in idx if tot is not None and i < tot], _ENUM)
            if not _one_run(table, [h for h, _ in lines]):
                continue  # 一、本年支出 with its own 一、二、… under it: levels unknown
            for k in keys if tot is not None and lines else []:
                terms = _group_terms(table, lines, k)
                desc = f"{word}总计 = 各{word}项目之和（{column_label(table, k, side)}）"
                out.append(_sum("T105", (tot, k), terms, desc))  # type: ignore[arg-type]
            continue
        before = [i for i in idx if i < sub]
        lines = _heads(table, before, _ENUM)
        for k in keys:
            terms = _group_terms(table, lines, k)
            if terms:
                desc = f"本年{word}合计 = 各{word}项目之和（{column_label(table, k, side)}）"
                out.append(_sum("T105", (sub, k), terms, desc))
        if tot is None:
            continue
        between = _carry_groups(table, [i for i in idx if sub < i < tot])
        for k in keys:
            desc = f"{word}方总计 = 本年{word}合计 + 结转结余等（{column_label(table, k, side)}）"
            out.append(_sum("T105", (tot, k), [(sub, k), *_group_terms(table, between, k)], desc))
    if "income" in totals and "expense" in totals:
        # Each half's row total is ``total``; a half printing none (its columns unread)
        # gives no balance to check.
        inc, exp = table.rows[totals["income"]], table.rows[totals["expense"]]
        if "total" in inc.cells and "total" in exp.cells:
            out.append(
                _sum(
                    "T105", (totals["income"], "total"), [(totals["expense"], "total")], "收入总计 = 支出总计"
                )
            )
    halves = dict(_halves_of(table))
    present = halves.get("expense", halves.get("", set()))
    if table.kind == TableKind.FISCAL_SUMMARY and "total" in present:
        parts = [k for k in _FISCAL_PARTS if k in present]
        side = "expense" if "expense" in halves else ""
        if len(parts) >= 2:
            out += [
                i
                for i in _row_identity(table, "T105", "total", parts, side=side)
                if table.rows[i.target[0]].side in ("expense", "")
            ]
    return out


# --- T107 -----------------------------------------------------------------------------

_TP_ITEMS = {
    "total": lambda s: s in ("合计", "总计") or s.endswith("合计"),
    "abroad": lambda s: "出国" in s,
    "car": lambda s: ("购置及运行" in s or s.endswith("小计")) and "出国" not in s,
    "purchase": lambda s: "购置费" in s and "运行" not in s,
    "run": lambda s: "运行" in s and "购置及" not in s and "购置和" not in s,
    "reception": lambda s: "接待" in s,
}


def _classify(label: str) -> str | None:
    s = _norm(label).removeprefix("其中：").removeprefix("其中:")
    for name in ("abroad", "purchase", "run", "car", "reception", "total"):
        if _TP_ITEMS[name](s):
            return name
    return None


def three_public(table: TypedTable) -> list[Identity]:
    if table.kind != TableKind.THREE_PUBLIC:
        return []
    out: list[Identity] = []
    # Wide layout: one column per item, halves 预算数 / 决算数 (and per item 当年预算 /
    # 上年结转 in budgets). The parser's canonical keys say which column is which; only
    # without them are headers read.
    groups = _tp_keyed(table) or _tp_labelled(table)
    for cols in groups.values():
        for i, r in enumerate(table.rows):
            if not any(k in r.cells for k in cols.values()):
                continue
            out += _tp_identities(table, cols, lambda name, i=i, cols=cols: (i, cols[name]))
    # Long layout: one row per item, columns are years / 预算 / 决算.
    rows: dict[str, int] = {}
    for i, r in enumerate(table.rows):
        name = _classify(r.label)
        if name:
            rows.setdefault(name, i)
    if len(rows) >= 3:
        for k in amount_keys(table):
            out += _tp_identities(table, rows, lambda name, k=k, rows=rows: (rows[name], k))
    return out + _tp_item_funds(table)


_TP_KEYS = {
    "total": "total",
    "outbound": "abroad",
    "vehicle": "car",
    "vehicle_purchase": "purchase",
    "vehicle_running": "run",
    "reception": "reception",
}


def _tp_keyed(table: TypedTable) -> dict[str, dict[str, str]]:
    """Columns by half (budget./final./"") and fund (""/.current/.carryover), from keys
    such as ``budget.vehicle_running.current``."""
    groups: dict[str, dict[str, str]] = {}
    for c in table.columns:
        parts = c.key.split(".")
        half = parts[0] + "." if parts[0] in ("budget", "final") else ""
        rest = parts[1:] if half else parts
        if not rest or rest[0] not in _TP_KEYS or len(rest) > 2:
            continue
        fund = rest[1] if len(rest) == 2 else ""
        groups.setdefault(half + fund, {})[_TP_KEYS[rest[0]]] = c.key
    # per item: 小计 = 当年预算 + 上年结转 (a group of its own, handled by _tp_item_funds)
    return {g: cols for g, cols in groups.items() if len(cols) >= 2}


def _tp_labelled(table: TypedTable) -> dict[str, dict[str, str]]:
    groups: dict[str, dict[str, str]] = {}
    for c in table.columns:
        name = _classify(c.label)
        if name:
            groups.setdefault(c.group, {}).setdefault(name, c.key)
    return groups


def _tp_item_funds(table: TypedTable) -> list[Identity]:
    """Budget 三公 tables: each item's 小计 = 当年预算 + 上年结转."""
    keys = {c.key for c in table.columns}
    out = []
    for k in sorted(keys):
        cur, carry = f"{k}.current", f"{k}.carryover"
        if cur in keys and carry in keys:
            desc = f"{column_label(table, k)} = 当年预算 + 上年结转"
            for i, r in enumerate(table.rows):
                if k in r.cells or cur in r.cells:
                    out.append(_sum("T107", (i, k), [(i, cur), (i, carry)], desc))
    return out


def _tp_identities(table, have: dict, pos) -> list[Identity]:
    out = []
    if all(n in have for n in ("total", "abroad", "car", "reception")):
        out.append(
            _sum(
                "T107",
                pos("total"),
                [pos("abroad"), pos("car"), pos("reception")],
                "三公经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费",
            )
        )
    if all(n in have for n in ("car", "purchase", "run")):
        out.append(
            _sum(
                "T107",
                pos("car"),
                [pos("purchase"), pos("run")],
                "公务用车购置及运行维护费 = 购置费 + 运行维护费",
            )
        )
    return out


# --- funding block of performance tables (T102) -------------------------------------

_FUND_TOTAL = re.compile(r"资金总额|资金总和|^合计$")
_FUND_PART = re.compile(r"财政拨款|结转|其他资金|自筹|单位资金|财政专户")


def funding(table: TypedTable) -> list[Identity]:
    """年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, per amount column."""
    if table.kind not in (TableKind.PERF_SELF_EVAL, TableKind.PERF_TARGET):
        return []
    tot = next((i for i, r in enumerate(table.rows) if _FUND_TOTAL.search(_norm(r.label))), None)
    if tot is None:
        return []
    parts = [i for i, r in enumerate(table.rows) if i != tot and _FUND_PART.search(_norm(r.label))]
    if not parts:
        return []
    label = table.rows[tot].label
    return [
        dataclasses.replace(
            _sum(
                "T102",
                (tot, k),
                [(i, k) for i in parts],
                f"{label} = 各资金来源之和（{column_label(table, k)}）",
            ),
            optional_terms=True,
        )
        for k in amount_keys(table)
    ]


# --- 政府采购 (T104) ----------------------------------------------------------------


def procurement(table: TypedTable) -> list[Identity]:
    """政府采购支出合计 = 货物 + 工程 + 服务."""
    if table.kind != TableKind.PROCUREMENT:
        return []
    tot = next((i for i, r in enumerate(table.rows) if "采购支出合计" in _norm(r.label)), None)
    parts = [
        i
        for i, r in enumerate(table.rows)
        if "采购" in r.label and any(w in _norm(r.label) for w in ("货物", "工程", "服务")) and i != tot
    ]
    if tot is None or len(parts) < 2:
        return []
    return [
        _sum("T104", (tot, k), [(i, k) for i in parts], "政府采购支出合计 = 货物 + 工程 + 服务支出")
        for k in amount_keys(table)
    ]


def project_types(table: TypedTable) -> list[Identity]:
    """项目支出表: a project-type line (311 专项业务支出) = the 一级 projects listed under it."""
    if table.kind is not TableKind.PROJECT:
        return []
    out: list[Identity] = []
    rows = table.rows
    for i, r in enumerate(rows):
        if r.level is not None or r.is_total or r.parent is not None or not r.label:
            continue
        kids: list[int] = []
        for j in range(i + 1, len(rows)):
            if rows[j].level is None:
                break
            if rows[j].level == 1:
                kids.append(j)
        if not kids:
            continue
        for k in amount_keys(table):
            if k in r.cells or any(k in rows[c].cells for c in kids):
                desc = f"“{row_name(r)}”= 所列一级项目之和（{column_label(table, k)}）"
                out.append(_sum("T101", (i, k), [(c, k) for c in kids], desc))
    return out


# A real budget table has fewer than 40 columns. A "row" of thousands of values is noise
# (or hostile input), and the identity search must stay bounded on it: only the first
# MAX_COLUMNS columns are considered, and the table is noted as partly checked.
MAX_COLUMNS = 200


def capped(table: TypedTable) -> TypedTable:
    """The table as the identities see it: at most MAX_COLUMNS columns."""
    if len(table.columns) <= MAX_COLUMNS:
        return table
    note = f"表格有 {len(table.columns)} 列，超过 {MAX_COLUMNS} 列上限：只核对前 {MAX_COLUMNS} 列的表内关系"
    if note not in table.notes:
        table.notes.append(note)
    return table.model_copy(update={"columns": table.columns[:MAX_COLUMNS]})


def all_identities(table: TypedTable) -> list[Identity]:
    """Every identity of one table, cells as (row, key); ``in_table`` addresses them."""
    full = table
    table = capped(table)
    ids = (
        hierarchy(table)
        + project_types(table)
        + row_identities(table)
        + basic_split(table)
        + column_totals(table)
    )
    ids += summary(table) + three_public(table) + funding(table) + procurement(table)
    if table is not full:
        keep = {c.key for c in table.columns}
        ids = [i for i in ids if all(p[1] in keep for p in i.cells())]
    return list(dict.fromkeys(ids))
