"""Side-by-side 收入 | 支出 tables (公开01/04, budget 收支总表 / 财政拨款收支总表).

Each printed line holds one income row and one expense row; they become two TableRows
with ``side="income"`` / ``side="expense"``. 行次 columns are dropped.
"""

from __future__ import annotations

import re

from checker.document import Cell
from checker.numbers import interval_sum
from checker.tables.columns import make_columns
from checker.tables.generic import ncols_of
from checker.tables.headers import header_paths, split_header
from checker.tables.model import TableColumn, TableRow
from checker.tables.rows import build_row, ordinal_level

_ROW_NO = re.compile(r"^(行次|栏次|序号)$")
_LABEL = re.compile(r"^(项目|科目|收入项目|支出项目|名称)")


def side_split(paths: list[list[str]]) -> int | None:
    """Index of the first expense-side column."""
    for j, p in enumerate(paths):
        if j > 0 and p and p[0].startswith("支出") and not paths[j - 1][:1] == p[:1]:
            return j
    labels = [j for j, p in enumerate(paths) if p and _LABEL.match(p[-1])]
    return labels[1] if len(labels) > 1 else None


def _strip_side(path: list[str]) -> list[str]:
    return path[1:] if path and path[0] in ("收入", "支出") and len(path) > 1 else path


def build_summary(rows: list[list[Cell]]) -> tuple[list[TableColumn], list[TableRow]] | None:
    start, numbers_row = split_header(rows)
    header = [r for i, r in enumerate(rows[:start]) if i != numbers_row]
    ncols = ncols_of(rows)
    paths = header_paths(header, ncols)
    split = side_split(paths)
    if split is None:
        return None
    columns: list[TableColumn] = []
    sides: list[tuple[str, int, list[tuple[int, str]]]] = []
    for side, lo, hi in (("income", 0, split), ("expense", split, ncols)):
        idx = [j for j in range(lo + 1, hi) if not (paths[j] and _ROW_NO.match(paths[j][-1]))]
        cols = make_columns([_strip_side(paths[j]) for j in idx])
        for c in cols:
            # Both halves share keys (each half's row total is ``total``); one column per
            # key, with the header each half prints for it.
            have = next((x for x in columns if x.key == c.key), None)
            if have is None:
                have = c
                columns.append(c)
            have.side_labels[side] = c.label
        sides.append((side, lo, [(j, c.key) for j, c in zip(idx, cols, strict=True)]))
    out: list[TableRow] = []
    expense: list[TableRow] = []
    for r in rows[start:]:
        for side, lo, vcols in sides:
            row = build_row(r, [lo], vcols, side=side)
            if row is None or not row.label:
                continue
            (out if side == "income" else expense).append(row)
    rows_out = out + expense
    link_sub_rows(rows_out)
    return columns, rows_out


def link_sub_rows(rows: list[TableRow]) -> None:
    """Un-numbered (or （一）-numbered) rows under a ``一、`` row of the same side are its
    parts (一、财政拨款收入 › 一般公共预算拨款收入 …) when they add up to it; printed sums decide,
    so a heading followed by unrelated lines is left alone."""
    groups: list[tuple[int, list[int]]] = []
    head: int | None = None
    for i, r in enumerate(rows):
        lvl = ordinal_level(r.label)
        if r.is_total or (head is not None and rows[head].side != r.side):
            head = None
        if r.is_total:
            continue
        if lvl == 1:
            head = i
            groups.append((i, []))
        elif head is not None and lvl in (None, 2):
            groups[-1][1].append(i)
    for h, kids in groups:
        if kids and _adds_up(rows[h], [rows[k] for k in kids]):
            for k in kids:
                rows[k].level, rows[k].parent = 2, h


def _adds_up(head: TableRow, parts: list[TableRow]) -> bool:
    keys = [k for k, c in head.cells.items() if c.num is not None]
    if not keys:
        return False
    for k in keys:
        total = interval_sum([p.value(k).interval() for p in parts if p.value(k) is not None])
        if not head.value(k).interval().meets(total):  # type: ignore[union-attr]
            return False
    return True
