"""The common shape: label columns (code, name) on the left, numeric columns on the right.

Used for 收入/支出 tables, 一般公共预算支出表, 政府性基金 / 国有资本经营 tables, 机关运行经费,
政府采购, and any unclassified grid (kept with columns from its headers).
"""

from __future__ import annotations

import re

from checker.document import Cell
from checker.tables.columns import make_columns, path_key
from checker.tables.grid import is_blank, is_code, is_column_numbers_row, is_number, squash
from checker.tables.headers import header_paths, split_header
from checker.tables.model import TableColumn, TableRow
from checker.tables.rows import build_row, link_parents

_LABEL_HEADER = re.compile(r"编码|代码|科目|名称|项目|类型|单位|分类|信息")
_CODE_HEADER = re.compile(r"代码|编码")
_UNIT_HEADER = re.compile(r"(部门|单位).{0,4}(代码|编码)")
_ROW_NUMBER_HEADER = re.compile(r"^(行次|序号|栏次)$")


def ncols_of(rows: list[list[Cell]]) -> int:
    return max((len(r) for r in rows), default=0)


def label_columns(paths: list[list[str]], data: list[list[Cell]]) -> list[int]:
    """Leading columns that hold names or codes rather than amounts."""
    out: list[int] = []
    for j, path in enumerate(paths):
        n_num = n_text = 0
        for r in data:
            t = r[j].text if j < len(r) else ""
            if is_blank(t):
                continue
            if is_number(t) and not (j <= 1 and is_code(t)) and not _code_part(t, path):
                n_num += 1
            else:
                n_text += 1
        head = "".join(path)
        named = bool(path) and path_key(path) is None and bool(_LABEL_HEADER.search(head))
        if n_text > n_num or (named and (n_num == 0 or _CODE_HEADER.search(head))):
            out.append(j)
        else:
            break
    return out


def _code_part(text: str, path: list[str]) -> bool:
    """A 款 / 项 part of a code printed in its own column (``01``), not an amount."""
    t = squash(text)
    return (bool(path) and path[-1] in ("类", "款", "项")) or (len(t) == 2 and t.startswith("0"))


def value_columns(
    paths: list[list[str]], label_cols: list[int]
) -> tuple[list[TableColumn], list[tuple[int, str]]]:
    """Columns right of the labels (行次 columns dropped), with canonical keys."""
    idx = [
        j
        for j in range(len(paths))
        if j not in label_cols and not (paths[j] and _ROW_NUMBER_HEADER.match(paths[j][-1]))
    ]
    cols = make_columns([paths[j] for j in idx])
    return cols, [(j, c.key) for j, c in zip(idx, cols, strict=True)]


def build_generic(rows: list[list[Cell]]) -> tuple[list[TableColumn], list[TableRow]]:
    start, _ = split_header(rows)
    header, data = rows[:start], rows[start:]
    ncols = ncols_of(rows)
    paths = header_paths([r for r in header if not _is_number_row(r)], ncols)
    labels = label_columns(paths, data)
    cols, vcols = value_columns(paths, labels)
    # Codes under a 部门(单位)代码 header number units, not classification items.
    unit_codes = any(_UNIT_HEADER.search("".join(paths[j])) for j in labels)
    out: list[TableRow] = []
    for r in data:
        row = build_row(r, labels, vcols)
        if row is not None:
            if unit_codes and row.code:
                row.code = row.level = None
            out.append(row)
    link_parents(out)
    return cols, out


def _is_number_row(row: list[Cell]) -> bool:
    return is_column_numbers_row(row)


def header_text(rows: list[list[Cell]], limit: int = 4) -> str:
    return "".join(squash(c.text) for r in rows[:limit] for c in r)


def row_labels(rows: list[list[Cell]], limit: int = 60) -> str:
    """The text of the first two cells of each row (row names, for classification)."""
    return "|".join(squash(c.text) for r in rows[:limit] for c in r[:2] if c.text)
