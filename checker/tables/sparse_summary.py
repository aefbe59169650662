"""Side-by-side 收入 | 支出 tables in space-separated exports.

With 行次 numbers (决算 01/04): each line is cut into its income and expense parts by the
行次 runs, which go on from line to line on each side. Without them (budget 收支总表): a
line is ``name values [name values]``.
"""

from __future__ import annotations

from checker.document import Cell
from checker.numbers import parse_number
from checker.tables.grid import compact, is_blank, is_number, squash
from checker.tables.model import TableCell, TableColumn, TableRow, TypedTable
from checker.tables.placement import Placer, SparseRow
from checker.tables.rows import is_total_label, make_cell, ordinal_level, row_line
from checker.tables.sparse_columns import NOTE, columns_for, header_words, numbers_row, scan_keys
from checker.tables.summary import link_sub_rows


def build_sparse_summary(
    rows: list[list[Cell]], table: TypedTable
) -> tuple[list[TableColumn], list[TableRow]] | None:
    nr = numbers_row(rows)
    if nr is None:
        return _build_plain(rows, table)
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
    scanned = scan_keys(header_words(rows[:nr]))
    inc_keys = _side_keys(scanned[:n_inc], n_inc)
    exp_keys = _side_keys(scanned[n_inc : n_inc + n_exp], n_exp)
    columns = columns_for(list(dict.fromkeys(inc_keys + exp_keys)))
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
        table.notes.append(NOTE.format(n=inferred))
    link_sub_rows(income + expense)
    return _with_sides(columns, inc_keys, exp_keys), income + expense


def _with_sides(columns: list[TableColumn], inc_keys: list[str], exp_keys: list[str]) -> list[TableColumn]:
    """Which half prints each column (identities are built per half)."""
    for c in columns:
        for side, keys in (("income", inc_keys), ("expense", exp_keys)):
            if c.key in keys:
                c.side_labels[side] = c.label
    return columns


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


def _build_plain(
    rows: list[list[Cell]], table: TypedTable
) -> tuple[list[TableColumn], list[TableRow]] | None:
    """Summary tables without 行次 / 栏次 (budget 收支总表): each line is ``name values
    [name values]``; the header words, printed once per side, give the columns."""
    first = next((i for i, r in enumerate(rows) if any(is_number(c.text) for c in r)), None)
    if first is None:
        return None
    scanned = scan_keys(header_words(rows[:first]))
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
        table.notes.append(NOTE.format(n=inferred))
    rows_out = out["income"] + out["expense"]
    link_sub_rows(rows_out)
    return _with_sides(columns_for(keys), keys, keys), rows_out
