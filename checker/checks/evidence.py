"""Evidence for table findings: rows as printed, cell references, locations, numbers
printed the way the table prints them.

Small and stable on purpose: the table rules (T1xx, X2xx) build every finding with these,
and other rules may import them to cite a table cell.
"""

from __future__ import annotations

from decimal import Decimal

from checker.findings import CellRef, Location
from checker.numbers import quantize
from checker.tables.model import TableCell, TableRow, TypedTable

BLANK = "（空白）"


def row_name(row: TableRow) -> str:
    """Code and label as a reviewer finds the row: ``2080599 其他行政事业单位养老支出``."""
    return f"{row.code} {row.label}".strip() if row.code else row.label


def table_name(table: TypedTable) -> str:
    """Title as printed, with the project for per-project tables (绩效自评表（某项目）)."""
    title = table.title or "表格"
    return f"{title}（{table.entity}）" if table.entity else title


def column_label(table: TypedTable, key: str, side: str = "") -> str:
    """Header as printed; grouped headers as ``基本支出/小计``; in summary tables the
    header of the given half (``side``: income / expense)."""
    col = table.column(key)
    if col is None:
        return key
    label = col.label_for(side)
    if label != col.label:
        return label or key
    if col.group and not col.label.startswith(col.group):  # parsers may already join them
        return f"{col.group}/{col.label}"
    return col.label or key


def printed(cell: TableCell | None) -> str:
    """The cell text as printed; a blank cell (read as zero) says so."""
    if cell is None or not cell.text.strip():
        return BLANK
    return cell.text.strip()


EXCERPT_MAX = 80


def row_excerpt(table: TypedTable, row: TableRow, focus: str = "") -> str:
    """The row as printed: code, label, then its non-empty cells in column order, joined
    by single spaces. A row longer than 80 characters keeps its name and the cells nearest
    the ``focus`` column (the cell the finding is about)."""
    order = [c.key for c in table.columns]
    keys = [k for k in order if k in row.cells] + [k for k in row.cells if k not in order]
    keys = [k for k in keys if row.cells[k].text.strip()]
    name = row_name(row)
    texts = [row.cells[k].text.strip() for k in keys]
    line = " ".join([name, *texts] if name else texts)
    if len(line) <= EXCERPT_MAX or focus not in keys:
        return line
    lo = hi = keys.index(focus)
    budget = EXCERPT_MAX - len(name) - 1 - len(texts[lo])
    while True:  # widen around the focus cell, right first, while it fits
        grown = False
        for j in (hi + 1, lo - 1):
            if 0 <= j < len(texts) and (j > hi or j < lo) and len(texts[j]) + 1 <= budget:
                budget -= len(texts[j]) + 1
                lo, hi = min(lo, j), max(hi, j)
                grown = True
        if not grown:
            break
    return " ".join([name, *texts[lo : hi + 1]] if name else texts[lo : hi + 1])


def cell_ref(table: TypedTable, row: TableRow, key: str) -> CellRef:
    cell = row.cells.get(key)
    return CellRef(
        table=table.title,
        row=row_name(row),
        column=column_label(table, key, row.side),
        text=printed(cell),
        line=(cell.line if cell and cell.line is not None else row.line),
        page=(cell.page if cell and cell.page is not None else row.page),
    )


def cell_location(table: TypedTable, row: TableRow, key: str) -> Location:
    cell = row.cells.get(key)
    return Location(
        line=(cell.line if cell and cell.line is not None else row.line) or table.line,
        page=(cell.page if cell and cell.page is not None else row.page) or table.page,
        table=table.title,
        row=row_name(row),
        column=column_label(table, key, row.side),
    )


def uses_thousands(table: TypedTable) -> bool:
    """Does the table print thousands separators (``5,320.16``)?"""
    return any("," in c.text for r in table.rows for c in r.cells.values())


def format_amount(value: Decimal, *, like: str = "", thousands: bool = False) -> str:
    """A computed amount printed like the table prints it: two decimals when the cell
    it stands for shows two (``1,383.39``), else no trailing zeros (``1783``, ``2355.7``)."""
    digits = like.split(".", 1)[1] if "." in like else ""
    decimals = len([ch for ch in digits if ch.isdigit()])
    if decimals >= 2:
        v = quantize(value, decimals)
    else:
        v = quantize(value, 2).normalize()
        if v == v.to_integral_value():
            v = quantize(v, 0)
    text = f"{v:,f}" if thousands else f"{v:f}"
    return text


def signed_terms(parts: list[tuple[int, str]]) -> str:
    """``a + b − c`` from (sign, text) pairs; the first term carries a minus only if negative."""
    out = ""
    for i, (sign, text) in enumerate(parts):
        if i == 0:
            out = text if sign > 0 else f"−{text}"
        else:
            out += f" {'+' if sign > 0 else '−'} {text}"
    return out
