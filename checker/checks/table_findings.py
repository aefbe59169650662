"""From analysed table identities to findings with evidence (T101–T105, T107, X201).

The analysis of a document's tables is done once per check run and shared by the rules,
because blame needs every identity at once: a row, a column and a cross-table identity
that fail together point at the cell they share.
"""

from __future__ import annotations

import dataclasses
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
from checker.checks.table_identity import (
    Analysis,
    Blame,
    Garbled,
    Identity,
    Pos,
    Values,
    analyse,
    in_table,
    is_tail,
)
from checker.checks.table_pairs import cross_identities, fiscal_sums, pairs
from checker.findings import CellRef, Finding, Location
from checker.numbers import parse_number, slip_pattern
from checker.tables.model import Tables, TypedTable

RULE_NAMES = {
    "T101": "table-code-hierarchy",
    "T102": "table-row-total",
    "T103": "table-basic-split",
    "T104": "table-column-total",
    "T105": "table-summary-balance",
    "T107": "table-three-public",
    "X201": "cross-table-restated",
}

_local = threading.local()


def analysis(ctx: CheckContext) -> tuple[list[TypedTable], Analysis]:
    """The tables analysed once per context (the rules of one run share it)."""
    cached = getattr(_local, "cached", None)
    if cached is not None and cached[0] is ctx.tables:
        return cached[1]
    result = analyse_tables(ctx.tables)
    _local.cached = (ctx.tables, result)
    return result


def analyse_tables(tables: Tables) -> tuple[list[TypedTable], Analysis]:
    ts = list(tables.tables)
    per_table = {n: [_mark(ts, in_table(n, i)) for i in all_identities(t)] for n, t in enumerate(ts)}
    cross = [_mark(ts, i) for i in cross_identities(ts, pairs(tables)) + fiscal_sums(tables, ts)]
    return ts, analyse(ts, per_table, cross)


def _mark(ts: list[TypedTable], ident: Identity) -> Identity:
    """An identity touching a table read with doubts is itself inferred."""
    if ident.inferred or all(ts[p[0]].confident for p in ident.cells()):
        return ident
    return dataclasses.replace(ident, inferred=True)


def _doubt(ts: list[TypedTable], idents: list[Identity]) -> str | None:
    """Why the finding cannot accuse a figure: every identity behind it rests on a reading
    the parser inferred. None when one of them was read with confidence."""
    if not idents or not all(i.inferred for i in idents):
        return None
    for i in idents:
        for p in i.cells():
            if ts[p[0]].doubts:
                return f"{table_name(ts[p[0]])}：{ts[p[0]].doubts[0]}"
    return "科目编码印刷不全，上下级关系按编码印出的部分推断"


def _as_note(doubt: str, message: str) -> str:
    return f"{message.removesuffix('。')}（{doubt}；仅供人工核对）。"


def table_findings(ctx: CheckContext, code: str) -> list[Finding]:
    return [f for f in all_findings(ctx) if f.code == code]


def all_findings(ctx: CheckContext) -> list[Finding]:
    ts, a = analysis(ctx)
    values = Values(ts)  # printed values, no corrections: the arithmetic shown
    values.corrected = {b.pos: b.implied for b in a.blames}
    values.corrected.update({p: v for b in a.blames for p, v, _ in b.rows})
    out = [_garbled_finding(ts[g.slot], g) for g in a.garbled]
    for b in a.blames:
        if not b.rows and len(b.identities) == 1 and b.identities[0].target == b.pos:
            # One identity and its total: the total is where it shows, not proven wrong.
            out.append(_unexplained_finding(ts, values, b.identities[0]))
        else:
            out.append(_blame_finding(ts, values, b))
    out += [_unexplained_finding(ts, values, i) for i in a.unexplained]
    # A cell whose "expected" value is the one it prints says nothing a reviewer can act on
    # (the identity fails elsewhere, and that cell is reported on its own).
    return [f for f in out if not _same_value(f.stated, f.expected)]


def _same_value(a: str, b: str) -> bool:
    x, y = parse_number(a.rstrip("%％")), parse_number(b.rstrip("%％"))
    return x is not None and y is not None and x.value == y.value


# --- arithmetic lines -------------------------------------------------------------------


def _text(values: Values, pos: Pos) -> str:
    n = values.num(pos)
    return n.text if n is not None else "0"


def _cell(ts: list[TypedTable], pos: Pos):
    return ts[pos[0]].rows[pos[1]].cells.get(pos[2])


def _desc(ts: list[TypedTable], ident: Identity, pos: Pos) -> str:
    """What the identity says, seen from ``pos`` (a restated pair names the other cell)."""
    if ident.restated:
        other = next(p for p in ident.cells() if p != pos)
        return f"{_where(ts[other[0]], other)}（同一数字）"
    return ident.desc


def _line(
    ts: list[TypedTable], values: Values, ident: Identity, pos: Pos, implied: Decimal, desc: bool = True
) -> str:
    """The identity solved for ``pos``, as a line a person can redo."""
    stated = printed(_cell(ts, pos))
    if ident.restated:
        other = next(p for p in ident.cells() if p != pos)
        shown = _text(values, other)
        fixed = values.corrected.get(other)
        if fixed is not None:  # the other cell is itself wrong: compare with its correction
            t = ts[other[0]]
            shown = (
                f"{format_amount(fixed, like=shown, thousands=uses_thousands(t))}（更正后；表中印为 {shown}）"
            )
        return f"{_desc(ts, ident, pos)}为 {shown}，此处为 {stated}"
    shown = format_amount(implied, like=stated, thousands=uses_thousands(ts[pos[0]]))

    def term(p: Pos) -> str:
        # Another cell found wrong counts with its correction, so the line adds up.
        fixed = values.corrected.get(p) if p != pos else None
        if fixed is None:
            return _text(values, p)
        t = ts[p[0]]
        return f"{format_amount(fixed, like=_text(values, p), thousands=uses_thousands(t))}（更正后）"

    if pos == ident.target:
        expr = signed_terms([(s, term(p)) for p, s in ident.terms])
    else:
        sign = next(s for p, s in ident.terms if p == pos)
        others = [(-s * sign, term(p)) for p, s in ident.terms if p != pos]
        expr = signed_terms([(sign, term(ident.target)), *others])
    line = f"{expr} = {shown}，表中为 {stated}"
    return f"{ident.desc}：{line}" if desc else line


def _cells(ts: list[TypedTable], idents: list[Identity], keep: Pos | None = None) -> list[CellRef]:
    """Every printed cell the identities use (blank ones count as 0 and are left out,
    except the cell the finding is about)."""
    seen: list[Pos] = []
    for i in idents:
        for p in i.cells():
            if p not in seen and (p == keep or printed(_cell(ts, p)) != BLANK):
                seen.append(p)
    return [cell_ref(ts[t], ts[t].rows[r], k) for t, r, k in seen]


def _severity(values: Values, idents: list[Identity]) -> tuple[str, str | None]:
    """A failure by one unit of the last digit is a tail difference: warning."""
    if all(is_tail(values, i) for i in idents):
        return "warning", "尾差"
    return "error", None


def _kind(code: str) -> str:
    return "cross_table" if code.startswith("X") else "table_sum"


def _where(t: TypedTable, pos: Pos) -> str:
    return f"{table_name(t)}“{row_name(t.rows[pos[1]])}”行“{column_label(t, pos[2], t.rows[pos[1]].side)}”列"


# --- findings ---------------------------------------------------------------------------


def _blame_finding(ts: list[TypedTable], values: Values, b: Blame) -> Finding:
    table = ts[b.pos[0]]
    _, r, k = b.pos
    row = table.rows[r]
    stated = printed(row.cells.get(k))
    expected = format_amount(b.implied, like=stated, thousands=uses_thousands(table))
    if b.rows:  # the whole column repeats another one
        other = column_label(table, b.column_of)
        lines = [
            f"{row_name(table.rows[p[1]])}：{_line(ts, values, i, p, v, desc=False)}" for p, v, i in b.rows
        ]
        message = (
            f"{table_name(table)}“{column_label(table, k)}”列各行均与“{other}”列相同（疑似整列误填），"
            f"{len(b.rows)} 行不符合“{_desc(ts, b.rows[0][2], b.rows[0][0])}”；“{row_name(row)}”行应为 {expected}，表中为 {stated}。"
        )
        severity, pattern = "error", "整列重复另一列"
        computation = f"{_desc(ts, b.rows[0][2], b.rows[0][0])}：" + "；".join(lines)
        idents = [i for _, _, i in b.rows]
    else:
        severity, pattern = ("warning", "尾差") if b.tail else ("error", None)
        descs = "、".join(dict.fromkeys(_desc(ts, i, b.pos) for i in b.identities))
        n = values.num(b.pos)
        if pattern is None and n is not None:
            pattern = slip_pattern(stated, expected, n.value, b.implied)
        note = f"（{pattern}）" if pattern else ""
        message = f"{_where(table, b.pos)}为 {stated}，按{descs}应为 {expected}{note}。"
        if len(b.identities) == 1 and _guessed(table):
            # one identity, and the parser guessed positions: not enough to accuse a figure
            severity = "info"
            message = message[:-1] + "（该表的列位置或层级由解析推断，请人工核对）。"
        computation = "；".join(_line(ts, values, i, b.pos, b.implied) for i in b.identities)
        idents = b.identities
    if (doubt := _doubt(ts, idents)) is not None:
        severity, message = "info", _as_note(doubt, message)
    return _cell_finding(ts, b.code, b.pos, idents, severity, stated, expected, message, computation, pattern)


def _unexplained_finding(ts: list[TypedTable], values: Values, ident: Identity) -> Finding:
    table = ts[ident.target[0]]
    _, r, k = ident.target
    row = table.rows[r]
    stated = printed(row.cells.get(k))
    severity, pattern = _severity(values, [ident])
    note = ""
    if _guessed(table):
        # No single cell explains it, and the parser guessed where values or levels sit:
        # as likely a reading artefact as a wrong figure.
        severity, note = "info", "（该表的列位置或层级由解析推断，请人工核对）"
    if ident.restated:
        ((ref, _),) = ident.terms
        expected = values.num(ref).text  # type: ignore[union-attr]  # evaluable: both printed
        n = values.num(ident.target)
        if pattern is None and n is not None:
            pattern = slip_pattern(stated, expected, n.value, values.get(ref).point)
        slip = f"（{pattern}）" if pattern else ""
        message = f"{_where(table, ident.target)}为 {stated}，{_where(ts[ref[0]], ref)}同一数字为 {expected}{slip}{note}。"
        computation = _line(ts, values, ident, ident.target, values.get(ref).point)
    else:
        implied = values.computed(ident).point
        expected = format_amount(implied, like=stated, thousands=uses_thousands(table))
        message = f"{_where(table, ident.target)}为 {stated}，不符合 {ident.desc}，按其余数字应为 {expected}{note}。"
        computation = _line(ts, values, ident, ident.target, implied)
    if (doubt := _doubt(ts, [ident])) is not None:
        severity, message = "info", _as_note(doubt, message)
    return _cell_finding(
        ts, ident.code, ident.target, [ident], severity, stated, expected, message, computation, pattern
    )


def _cell_finding(
    ts: list[TypedTable],
    code: str,
    pos: Pos,
    idents: list[Identity],
    severity: str,
    stated: str,
    expected: str,
    message: str,
    computation: str,
    pattern: str | None,
) -> Finding:
    """A finding about the cell at ``pos``, with the cells of the identities it breaks."""
    table = ts[pos[0]]
    row = table.rows[pos[1]]
    return Finding(
        code=code,
        rule=RULE_NAMES.get(code, "table-sum"),
        severity=severity,
        kind=_kind(code),
        stated=stated,
        expected=expected,
        excerpt=row_excerpt(table, row, focus=pos[2]),
        message=message,
        computation=computation,
        location=cell_location(table, row, pos[2]),
        cells=_cells(ts, idents, keep=pos),
        pattern=pattern,
    )


def _guessed(table: TypedTable) -> bool:
    """The parser placed values in columns, or rows in levels, by inference (its notes say)."""
    return any("推断" in n for n in table.notes)


def _garbled_finding(t: TypedTable, g: Garbled) -> Finding:
    return Finding(
        code=g.code,
        rule=RULE_NAMES.get(g.code, "table-sum"),
        severity="info",
        kind=_kind(g.code),
        stated="",
        expected="",
        excerpt=t.title,
        message=f"{t.title}有 {g.failed}/{g.checked} 个勾稽关系不成立，多半是表格读取时列未对齐，"
        "未逐格报告，请人工核对该表。",
        location=Location(line=t.line, page=t.page, table=t.title),
    )
