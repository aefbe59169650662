"""Tables from space-separated exports (``Block.sparse``): empty cells are gone and header
cells are broken into fragments, one per line.

Columns come from the ``栏次 1 2 3 …`` row (how many numeric columns there are) and the
header words read in order from the joined fragments; grouped headers (本年支出 › 基本支出 ›
人员经费) lose their order in fragments, so when the words read do not give one column
per 栏次 number the national standard layout of the table kind is used. Each row's values
are then placed into those columns by :mod:`placement`.
"""

from __future__ import annotations

from decimal import Decimal

from checker.document import Cell
from checker.numbers import parse_number
from checker.tables.basic_detail import build_basic_detail_tokens
from checker.tables.columns import WORDS, word_key
from checker.tables.grid import compact, is_blank, is_column_numbers_row, is_number, squash
from checker.tables.model import TableCell, TableColumn, TableKind, TableRow, TypedTable
from checker.tables.perf import build_self_eval, build_target
from checker.tables.placement import Placer, SparseRow
from checker.tables.rows import (
    ORDINAL_L1,
    is_total_label,
    label_and_code,
    link_parents,
    make_cell,
    ordinal_level,
    row_line,
)
from checker.tables.summary import link_sub_rows
from checker.tables.three_public import ITEM_LABELS

_THREE_ITEMS = ["total", "outbound", "vehicle", "vehicle_purchase", "vehicle_running", "reception"]
# National standard column orders, used when fragments do not give the order.
STANDARD: dict[TableKind, list[list[str]]] = {
    TableKind.INCOME: [["total", "fiscal", "upper_grant", "business", "operating", "affiliated", "other"]],
    TableKind.EXPENSE: [["total", "basic", "project", "to_upper", "operating_exp", "to_affiliated"]],
    TableKind.GPB_EXPENSE: [
        ["total", "basic", "personnel", "public", "project"],
        ["total", "basic", "project"],
    ],
    TableKind.GOV_FUND: [
        ["carry_in", "income", "total", "basic", "project", "carry_out"],
        ["total", "basic", "project"],
    ],
    TableKind.STATE_CAPITAL: [
        ["total", "basic", "project"],
        ["carry_in", "income", "total", "basic", "project", "carry_out"],
    ],
    TableKind.THREE_PUBLIC: [
        [f"budget.{i}" for i in _THREE_ITEMS] + [f"final.{i}" for i in _THREE_ITEMS],
        [f"budget.{i}" for i in _THREE_ITEMS],
    ],
}
_LABELS = {
    "total": "合计",
    "basic": "基本支出",
    "personnel": "人员经费",
    "public": "公用经费",
    "project": "项目支出",
    "fiscal": "财政拨款收入",
    "upper_grant": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
    "to_upper": "上缴上级支出",
    "operating_exp": "经营支出",
    "to_affiliated": "对附属单位补助支出",
    "gpb": "一般公共预算财政拨款",
    "gov_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
    "carry_in": "年初结转和结余",
    "income": "本年收入",
    "carry_out": "年末结转和结余",
}
# 经济分类 lines carrying the 三公 items (政府支出经济分类: 30212 因公出国(境)费用, 30217
# 公务接待费, 30231 公务用车运行维护费, 31013 公务用车购置).
_THREE_PUBLIC_CODES = {
    "30212": "outbound",
    "30217": "reception",
    "30231": "vehicle_running",
    "31013": "vehicle_purchase",
}
_NOTE = "原文为空格分隔的表格（空单元格未保留），{n} 行的数值按行列合计关系推断所在列"


def scan_keys(text: str) -> list[str]:
    """Column keys named in ``text``, in order, longest header word first at each point."""
    words = sorted(WORDS, key=lambda w: -len(w[0]))
    out: list[str] = []
    i = 0
    while i < len(text):
        for w, key in words:
            if text.startswith(w, i):
                out.append(key)
                i += len(w)
                break
        else:
            i += 1
    return out


def choose_keys(kind: TableKind, scanned: list[str], n: int) -> list[str]:
    scan_ok = len(scanned) == n and len(set(scanned)) == n and "total" not in scanned[1:]
    if scan_ok:
        return scanned
    for template in STANDARD.get(kind, []):
        if len(template) == n:
            return template
    if len(set(scanned)) >= n:
        seen: list[str] = []
        for k in scanned:
            if k not in seen:
                seen.append(k)
        return seen[:n]
    return [f"col{j + 1}" for j in range(n)]


def _label_of(key: str) -> str:
    if "." in key:
        _half, item = key.split(".", 1)
        return ITEM_LABELS.get(item, item)
    return _LABELS.get(key, key)


def _columns(keys: list[str]) -> list[TableColumn]:
    out = []
    for k in keys:
        group = {"budget": "预算数", "final": "决算数"}.get(k.split(".")[0], "") if "." in k else ""
        out.append(TableColumn(key=k, label=_label_of(k), group=group))
    return out


def _numbers_row(rows: list[list[Cell]]) -> int | None:
    return next((i for i, r in enumerate(rows[:40]) if is_column_numbers_row(r)), None)


def _split_values(row: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    """(label cells, trailing value cells)."""
    cells = [c for c in row if not is_blank(c.text)]
    k = len(cells)
    while k > 0 and is_number(cells[k - 1].text):
        k -= 1
    # A lone code with nothing after it is a label, not a value.
    return cells[:k], cells[k:]


def build_sparse(
    kind: TableKind, rows: list[list[Cell]], table: TypedTable, prior: list[TypedTable] | None = None
) -> tuple[list[TableColumn], list[TableRow]]:
    prior = prior or []
    if kind is TableKind.BASIC_DETAIL:
        return build_basic_detail_tokens(rows)
    if kind is TableKind.PERF_SELF_EVAL:
        return build_self_eval(rows)
    if kind is TableKind.PERF_TARGET:
        cols, trows, entity = build_target(rows)
        table.entity = entity
        return cols, trows
    if kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
        built = _build_summary(rows, table)
        if built is not None:
            return built
    return _build_grid(kind, rows, table, prior)


def _header_text(rows: list[list[Cell]]) -> str:
    return "".join(squash(c.text) for r in rows for c in r)


def _build_grid(
    kind: TableKind, rows: list[list[Cell]], table: TypedTable, prior: list[TypedTable]
) -> tuple[list[TableColumn], list[TableRow]]:
    nr = _numbers_row(rows)
    if nr is None:
        # No 栏次 row: the widest data row tells the number of columns.
        data = [r for r in rows if any(is_number(c.text) for c in r)]
        header = rows[: rows.index(data[0])] if data else rows
        n = max((len(_split_values(r)[1]) for r in data), default=0)
    else:
        header, data = rows[:nr], rows[nr + 1 :]
        n = sum(1 for c in rows[nr] if squash(c.text).isdigit())
    keys = choose_keys(kind, scan_keys(_header_text(header)), n)
    columns = _columns(keys)
    out: list[TableRow] = []
    srows: list[SparseRow] = []
    value_cells: list[list[Cell]] = []
    for r in data:
        label_cells, values = _split_values(r)
        label, code = label_and_code([c.text for c in label_cells])
        if not label and not code and not values:
            continue
        line, page = row_line(r)
        out.append(
            TableRow(
                label=label or ("合计" if kind is TableKind.THREE_PUBLIC and not out else ""),
                code=code,
                level={3: 1, 5: 2, 7: 3}.get(len(code)) if code else None,
                is_total=(is_total_label(label) and not code) or (kind is TableKind.THREE_PUBLIC and not out),
                line=line,
                page=page,
            )
        )
        srows.append(SparseRow(values=[c.text for c in values]))
        value_cells.append(values)
    link_parents(out)
    for tr, sr in zip(out, srows, strict=True):
        sr.parent, sr.is_total, sr.level = tr.parent, tr.is_total, tr.level
        sr.hints = _hints(tr, keys, kind, prior)
    placer = Placer(srows, n, keys)
    placer.run()
    inferred = 0
    for tr, sr, values in zip(out, srows, value_cells, strict=True):
        cells = {k: TableCell(text="") for k in keys}
        for col, cell in zip(sr.placement, values, strict=False):
            cells[keys[col]] = make_cell(cell)
        tr.cells = cells
        inferred += 1 if sr.inferred else 0
    if inferred:
        table.notes.append(_NOTE.format(n=inferred))
    return columns, out


def _hints(row: TableRow, keys: list[str], kind: TableKind, prior: list[TypedTable]) -> dict[int, Decimal]:
    """Values of the same row in tables read before (same code, or the summary's sources)."""
    out: dict[int, Decimal] = {}
    pos = {k: i for i, k in enumerate(keys)}
    related = {
        TableKind.EXPENSE: (TableKind.EXPENSE, TableKind.GPB_EXPENSE),
        TableKind.GPB_EXPENSE: (TableKind.EXPENSE, TableKind.GPB_EXPENSE),
    }.get(kind, ())
    for t in prior:
        if kind is TableKind.THREE_PUBLIC and t.kind is TableKind.BASIC_DETAIL:
            # The economic lines of the 三公 items (fiscal basic spending only: a weak vote
            # that breaks ties between readings the sums allow equally).
            for code, item in _THREE_PUBLIC_CODES.items():
                r = t.by_code(code)
                n = r.value("total") if r is not None else None
                if n is not None and f"final.{item}" in pos:
                    out.setdefault(pos[f"final.{item}"], n.value)
        if t.kind in related and row.code:
            other = t.by_code(row.code)
            if other is not None:
                for k, c in other.cells.items():
                    n = c.num
                    if k in pos and n is not None:
                        out.setdefault(pos[k], n.value)
        if kind is TableKind.INCOME and row.is_total and t.kind is TableKind.SUMMARY:
            for r in t.rows:
                n = r.value("total")
                if r.side != "income" or n is None:
                    continue
                k = word_key(ORDINAL_L1.sub("", r.label))
                if k in ("gpb",):
                    k = "fiscal"
                if k in pos and pos[k] not in out:
                    out[pos[k]] = n.value
    return out


def _build_summary(
    rows: list[list[Cell]], table: TypedTable
) -> tuple[list[TableColumn], list[TableRow]] | None:
    nr = _numbers_row(rows)
    if nr is None:
        return _build_summary_plain(rows, table)
    words = [squash(c.text) for c in rows[nr]]
    sides: list[int] = []
    for w in words:
        if w == "栏次":
            sides.append(0)
        elif w.isdigit() and sides:
            sides[-1] += 1
    if len(sides) != 2:
        return None
    n_inc, n_exp = sides
    scanned = scan_keys(_header_text(rows[:nr]))
    inc_keys = _side_keys(scanned[:n_inc], n_inc)
    exp_keys = _side_keys(scanned[n_inc : n_inc + n_exp], n_exp)
    columns = _columns(list(dict.fromkeys(inc_keys + exp_keys)))
    income: list[TableRow] = []
    expense: list[TableRow] = []
    expect = {"income": None, "expense": None}
    inferred = 0
    for r in rows[nr + 1 :]:
        groups = _summary_groups(r, expect)
        for side, (label_cells, values) in groups.items():
            label = "".join(compact(c.text) for c in label_cells)
            keys = inc_keys if side == "income" else exp_keys
            if not label:
                continue
            line, page = row_line(label_cells or r)
            row = TableRow(label=label, side=side, is_total=is_total_label(label), line=line, page=page)
            row.level = ordinal_level(label)
            placer = Placer([SparseRow(values=[c.text for c in values])], len(keys), keys)
            placer.run()
            sr = placer.rows[0]
            inferred += 1 if sr.inferred else 0
            row.cells = {k: TableCell(text="") for k in keys}
            for col, cell in zip(sr.placement, values, strict=False):
                row.cells[keys[col]] = make_cell(cell)
            (income if side == "income" else expense).append(row)
    if inferred:
        table.notes.append(_NOTE.format(n=inferred))
    link_sub_rows(income + expense)
    return columns, income + expense


def _side_keys(scanned: list[str], n: int) -> list[str]:
    if len(scanned) == n and len(set(scanned)) == n:
        return scanned
    return ["total"] + [f"col{j + 2}" for j in range(n - 1)]


def _summary_groups(
    row: list[Cell], expect: dict[str, int | None]
) -> dict[str, tuple[list[Cell], list[Cell]]]:
    """Split one printed line into its income part and expense part by the 行次 numbers,
    which run on from the previous line on each side."""
    side = "income"
    got: dict[str, tuple[list[Cell], list[Cell]]] = {"income": ([], []), "expense": ([], [])}
    has_no = {"income": False, "expense": False}
    for c in row:
        t = squash(c.text)
        if is_blank(t):
            continue
        num = parse_number(t)
        if num is None:
            if side == "income" and (got["income"][0] or has_no["income"]):
                side = "expense"
            got[side][0].append(c)
            continue
        is_int = t.isdigit()
        if (
            is_int
            and side == "income"
            and has_no["income"]
            and expect["expense"] is not None
            and int(t) == expect["expense"]
        ):
            side = "expense"
        if is_int and not has_no[side] and (expect[side] is None or int(t) == expect[side]):
            has_no[side] = True
            expect[side] = int(t) + 1
            continue
        got[side][1].append(c)
    return got


_EXPENSE_WORDS = ("支出", "结转下年", "年末", "结余分配")


def _build_summary_plain(
    rows: list[list[Cell]], table: TypedTable
) -> tuple[list[TableColumn], list[TableRow]] | None:
    """Summary tables without 行次 / 栏次 (budget 收支总表): each line is ``name values
    [name values]``; the header words, printed once per side, give the columns."""
    first = next((i for i, r in enumerate(rows) if any(is_number(c.text) for c in r)), None)
    if first is None:
        return None
    scanned = scan_keys(_header_text(rows[:first]))
    half = len(scanned) // 2
    if half == 0 or scanned[:half] != scanned[half:]:
        return None
    keys = scanned[:half]
    out: dict[str, list[TableRow]] = {"income": [], "expense": []}
    inferred = 0
    for r in rows[first:]:
        segments: list[tuple[list[Cell], list[Cell]]] = []
        for c in r:
            if is_blank(c.text):
                continue
            if is_number(c.text) and segments:
                segments[-1][1].append(c)
            elif not is_number(c.text):
                segments.append(([c], []))
        for k, (label_cells, values) in enumerate(segments[:2]):
            label = "".join(compact(c.text) for c in label_cells)
            if len(segments) == 2:
                side = "income" if k == 0 else "expense"
            else:
                side = "expense" if any(w in label for w in _EXPENSE_WORDS) else "income"
            placer = Placer([SparseRow(values=[c.text for c in values])], len(keys), keys)
            placer.run()
            sr = placer.rows[0]
            inferred += 1 if sr.inferred else 0
            line, page = row_line(label_cells)
            row = TableRow(label=label, side=side, is_total=is_total_label(label), line=line, page=page)
            row.level = ordinal_level(label)
            row.cells = {key: TableCell(text="") for key in keys}
            for col, cell in zip(sr.placement, values, strict=False):
                row.cells[keys[col]] = make_cell(cell)
            out[side].append(row)
    if inferred:
        table.notes.append(_NOTE.format(n=inferred))
    rows_out = out["income"] + out["expense"]
    link_sub_rows(rows_out)
    return _columns(keys), rows_out
