"""From analysed table identities to findings with evidence (T101–T105, T107).

The analysis of a document's tables is done once per check run and shared by the rules,
because blame needs every identity of a table at once (a row and a column identity that
fail together point at the cell they share).
"""

from __future__ import annotations

import threading
from decimal import Decimal

from checker.checks.context import CheckContext
from checker.checks.evidence import (
    BLANK,
    cell_location,
    cell_ref,
    column_label,
    format_amount,
    printed,
    row_excerpt,
    row_name,
    signed_terms,
    table_name,
    uses_thousands,
)
from checker.checks.table_build import all_identities
from checker.checks.table_identity import CENT, Blame, Identity, Pos, TableAnalysis, Values, analyse, gap
from checker.findings import CellRef, Finding, Location
from checker.tables.model import Tables, TypedTable

RULE_NAMES = {
    "T101": "table-code-hierarchy",
    "T102": "table-row-total",
    "T103": "table-basic-split",
    "T104": "table-column-total",
    "T105": "table-summary-balance",
    "T107": "table-three-public",
}

_local = threading.local()


def analyses(ctx: CheckContext) -> list[TableAnalysis]:
    """All tables analysed once per context (the rules of one run share it)."""
    cached = getattr(_local, "cached", None)
    if cached is not None and cached[0] is ctx.tables:
        return cached[1]
    result = analyse_tables(ctx.tables)
    _local.cached = (ctx.tables, result)
    return result


def analyse_tables(tables: Tables) -> list[TableAnalysis]:
    out = []
    for t in tables.tables:
        ids = all_identities(t)
        if ids:
            out.append(analyse(t, ids))
    return out


def table_findings(ctx: CheckContext, code: str) -> list[Finding]:
    out: list[Finding] = []
    for a in analyses(ctx):
        for f in findings_of(a):
            if f.code == code:
                out.append(f)
    return out


def findings_of(a: TableAnalysis) -> list[Finding]:
    if a.garbled:
        return [_garbled_finding(a)]
    values = Values(a.table)  # printed values, no corrections: the arithmetic shown
    out = [_blame_finding(a.table, values, b) for b in a.blames]
    for u in a.unexplained:
        out.append(_unexplained_finding(a.table, values, u.identity))
    return out


# --- arithmetic lines -------------------------------------------------------------------


def _text(values: Values, pos: Pos) -> str:
    n = values.num(pos)
    return n.text if n is not None else "0"


def _line(table: TypedTable, values: Values, ident: Identity, pos: Pos, implied: Decimal) -> str:
    """The identity solved for ``pos``, as a line a person can redo."""
    thousands = uses_thousands(table)
    stated = printed(_cell(table, pos))
    shown = format_amount(implied, like=stated, thousands=thousands)
    if pos == ident.target:
        expr = signed_terms([(s, _text(values, p)) for p, s in ident.terms])
    else:
        sign = next(s for p, s in ident.terms if p == pos)
        others = [(-s * sign, _text(values, p)) for p, s in ident.terms if p != pos]
        expr = signed_terms([(sign, _text(values, ident.target)), *others])
    return f"{ident.desc}：{expr} = {shown}，表中为 {stated}"


def _cell(table: TypedTable, pos: Pos):
    return table.rows[pos[0]].cells.get(pos[1])


def _cells(table: TypedTable, idents: list[Identity], keep: Pos | None = None) -> list[CellRef]:
    """Every printed cell the identities use (blank ones count as 0 and are left out,
    except the cell the finding is about)."""
    seen: list[Pos] = []
    for i in idents:
        for p in i.cells():
            if p not in seen and (p == keep or printed(_cell(table, p)) != BLANK):
                seen.append(p)
    return [cell_ref(table, table.rows[r], k) for r, k in seen]


def _severity(values: Values, idents: list[Identity]) -> tuple[str, str | None]:
    """A failure by one cent beyond rounding is a tail difference (warning)."""
    worst = max((gap(values, i) for i in idents), default=Decimal(0))
    return ("warning", "尾差") if worst <= CENT else ("error", None)


# --- findings ---------------------------------------------------------------------------


def _blame_finding(table: TypedTable, values: Values, b: Blame) -> Finding:
    r, k = b.pos
    row = table.rows[r]
    stated = printed(row.cells.get(k))
    expected = format_amount(b.implied, like=stated, thousands=uses_thousands(table))
    where = f"{table_name(table)}“{row_name(row)}”行“{column_label(table, k)}”列"
    if b.rows:  # the whole column repeats another one
        other = column_label(table, b.column_of)
        lines = [f"{row_name(table.rows[p[0]])}：{_line(table, values, i, p, v)}" for p, v, i in b.rows]
        message = (
            f"{table_name(table)}“{column_label(table, k)}”列各行均与“{other}”列相同（疑似整列误填），"
            f"{len(b.rows)} 行不符合“{b.rows[0][2].desc}”；“{row_name(row)}”行应为 {expected}，表中为 {stated}。"
        )
        severity, pattern = "error", "整列重复另一列"
        computation = "；".join(lines)
        idents = [i for _, _, i in b.rows]
    else:
        severity, pattern = _severity(values, b.identities)
        descs = "、".join(dict.fromkeys(i.desc for i in b.identities))
        message = f"{where}为 {stated}，按{descs}应为 {expected}。"
        if pattern is None and stated and expected:
            from checker.numbers import slip_pattern

            n = values.num(b.pos)
            if n is not None:
                pattern = slip_pattern(stated, expected, n.value, b.implied)
        if pattern and pattern != "尾差":
            message = f"{where}为 {stated}，按{descs}应为 {expected}（{pattern}）。"
        if len(b.identities) == 1 and _guessed(table):
            # one identity, and the parser guessed positions: not enough to accuse a figure
            severity = "info"
            message = message[:-1] + "（该表的列位置或层级由解析推断，请人工核对）。"
        computation = "；".join(_line(table, values, i, b.pos, b.implied) for i in b.identities)
        idents = b.identities
    return Finding(
        code=b.code,
        rule=RULE_NAMES.get(b.code, "table-sum"),
        severity=severity,
        kind="table_sum",
        stated=stated,
        expected=expected,
        excerpt=row_excerpt(table, row),
        message=message,
        computation=computation,
        location=cell_location(table, row, k),
        cells=_cells(table, idents, keep=b.pos),
        pattern=pattern,
    )


def _unexplained_finding(table: TypedTable, values: Values, ident: Identity) -> Finding:
    r, k = ident.target
    row = table.rows[r]
    stated = printed(row.cells.get(k))
    implied = values.computed(ident).point
    expected = format_amount(implied, like=stated, thousands=uses_thousands(table))
    severity, pattern = _severity(values, [ident])
    note = ""
    if _guessed(table):
        # No single cell explains it, and the parser guessed where values or levels sit:
        # as likely a reading artefact as a wrong figure.
        severity, note = "info", "（该表的列位置或层级由解析推断，请人工核对）"
    return Finding(
        code=ident.code,
        rule=RULE_NAMES.get(ident.code, "table-sum"),
        severity=severity,
        kind="table_sum",
        stated=stated,
        expected=expected,
        excerpt=row_excerpt(table, row),
        message=f"{table_name(table)}“{row_name(row)}”行“{column_label(table, k)}”列为 {stated}，"
        f"与“{ident.desc}”不符，按其余数字应为 {expected}{note}。",
        computation=_line(table, values, ident, ident.target, implied),
        location=cell_location(table, row, k),
        cells=_cells(table, [ident], keep=ident.target),
        pattern=pattern,
    )


def _guessed(table: TypedTable) -> bool:
    """The parser placed values in columns, or rows in levels, by inference (its notes say)."""
    return any("推断" in n for n in table.notes)


def _garbled_finding(a: TableAnalysis) -> Finding:
    t = a.table
    return Finding(
        code=a.garbled_code,
        rule=RULE_NAMES.get(a.garbled_code, "table-sum"),
        severity="info",
        kind="table_sum",
        stated="",
        expected="",
        excerpt=t.title,
        message=f"{t.title}有 {a.garbled}/{a.checked} 个勾稽关系不成立，多半是表格读取时列未对齐，"
        "未逐格报告，请人工核对该表。",
        location=Location(line=t.line, page=t.page, table=t.title),
    )
