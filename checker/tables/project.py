"""项目支出(预算)表: rows per 一级项目 (level 1) and 二级项目 (level 2, parent = the 一级
row above), a 类型 row (专项业务支出 …) above them, and the 合计 row."""

from __future__ import annotations

import re

from checker.document import Cell
from checker.tables.generic import label_columns, ncols_of, value_columns
from checker.tables.grid import compact, is_blank
from checker.tables.headers import header_paths, split_header
from checker.tables.model import TableColumn, TableRow
from checker.tables.rows import is_total_label, make_cell, row_line

_TYPE_CODE = re.compile(r"^\d+\s*[-－—]?\s*")


def build_project(rows: list[list[Cell]]) -> tuple[list[TableColumn], list[TableRow]]:
    start, numbers_row = split_header(rows)
    header = [r for i, r in enumerate(rows[:start]) if i != numbers_row]
    data = rows[start:]
    paths = header_paths(header, ncols_of(rows))
    labels = label_columns(paths, data)
    cols, vcols = value_columns(paths, labels)
    level_of = {}
    for j in labels:
        joined = "".join(paths[j])
        if "一级项目" in joined:
            level_of[j] = 1
        elif "二级项目" in joined:
            level_of[j] = 2
    unit_cols = {j for j in labels if "单位" in "".join(paths[j]) and j not in level_of}
    out: list[TableRow] = []
    last_l1: int | None = None
    for r in data:
        cells_text = {j: compact(r[j].text) if j < len(r) else "" for j in labels}
        cells = {key: make_cell(r[j] if j < len(r) else None) for j, key in vcols}
        named = [(level_of[j], cells_text[j]) for j in labels if j in level_of and cells_text[j]]
        if named:
            level, label = named[-1]
        else:
            level = None
            parts = [cells_text[j] for j in labels if j not in unit_cols and cells_text[j]]
            label = _TYPE_CODE.sub("", parts[-1]) if parts else ""
        if not label and all(is_blank(c.text) for c in cells.values()):
            continue
        line, page = row_line(r)
        row = TableRow(
            label=label,
            level=level,
            is_total=level is None and is_total_label(label),
            cells=cells,
            line=line,
            page=page,
        )
        if level == 1:
            last_l1 = len(out)
        elif level == 2:
            row.parent = last_l1
        elif row.is_total or level is None:
            last_l1 = None
        out.append(row)
    return cols, out
