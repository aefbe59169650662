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
from checker.tables.basic_detail import build_basic_detail_tokens
from checker.tables.columns import word_key
from checker.tables.grid import is_blank, is_number, squash
from checker.tables.hierarchy import infer_hierarchy
from checker.tables.model import TableCell, TableColumn, TableKind, TableRow, TypedTable
from checker.tables.perf import build_self_eval, build_target
from checker.tables.placement import Placer, SparseRow
from checker.tables.rows import ORDINAL_L1, is_total_label, label_and_code, link_parents, make_cell, row_line
from checker.tables.sparse_columns import NOTE, choose_keys, columns_for, header_words, numbers_row, scan_keys
from checker.tables.sparse_summary import build_sparse_summary

_HIERARCHICAL = (TableKind.EXPENSE, TableKind.GPB_EXPENSE, TableKind.BASIC_DETAIL, TableKind.INCOME)
# 经济分类 lines carrying the 三公 items (30212 因公出国(境)费用, 30217 公务接待费, 30231
# 公务用车运行维护费, 31013 公务用车购置): hints for placing a sparse 三公 row.
_THREE_PUBLIC_CODES = {
    "30212": "outbound",
    "30217": "reception",
    "30231": "vehicle_running",
    "31013": "vehicle_purchase",
}


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
        built = build_sparse_summary(rows, table)
        if built is not None:
            return built
    return _build_grid(kind, rows, table, prior)


def _split_values(row: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    """(label cells, trailing value cells)."""
    cells = [c for c in row if not is_blank(c.text)]
    k = len(cells)
    while k > 0 and is_number(cells[k - 1].text):
        k -= 1
    # A lone code with nothing after it is a label, not a value.
    return cells[:k], cells[k:]


def _build_grid(
    kind: TableKind, rows: list[list[Cell]], table: TypedTable, prior: list[TypedTable]
) -> tuple[list[TableColumn], list[TableRow]]:
    nr = numbers_row(rows)
    if nr is None:
        # No 栏次 row: the widest data row tells the number of columns.
        data = [r for r in rows if any(is_number(c.text) for c in r)]
        header = rows[: rows.index(data[0])] if data else rows
        n = max((len(_split_values(r)[1]) for r in data), default=0)
    else:
        header, data = rows[:nr], rows[nr + 1 :]
        n = sum(1 for c in rows[nr] if squash(c.text).isdigit())
    keys = choose_keys(kind, scan_keys(header_words(header)), n)
    columns = columns_for(keys)
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
    _fill(out, srows, value_cells, keys)
    if not any(r.code for r in out) and "total" in keys and kind in _HIERARCHICAL:
        # Names only: the 合计 column (always printed, leftmost) gives the hierarchy, and
        # the values are placed again knowing each row's parent.
        if infer_hierarchy(out, ["total"], prefer_flat=kind is TableKind.BASIC_DETAIL):
            for tr, sr in zip(out, srows, strict=True):
                sr.parent, sr.level, sr.placement = tr.parent, tr.level, ()
            placer = Placer(srows, n, keys)
            placer.run()
            _fill(out, srows, value_cells, keys)
    inferred = sum(1 for sr in srows if sr.inferred)
    if inferred:
        table.notes.append(NOTE.format(n=inferred))
    return columns, out


def _fill(
    out: list[TableRow], srows: list[SparseRow], value_cells: list[list[Cell]], keys: list[str]
) -> None:
    for tr, sr, values in zip(out, srows, value_cells, strict=True):
        cells = {k: TableCell(text="") for k in keys}
        for col, cell in zip(sr.placement, values, strict=False):
            cells[keys[col]] = make_cell(cell)
        tr.cells = cells


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
