"""How surely a typed table was read: the doubts that make its arithmetic a note, not an error.

A table identity (合计 = 基本支出 + 项目支出, 收入总计 = 支出总计) accuses a printed figure
only when the parser knows which column each value sits in. It does not when an amount
column's header matched no known header word (its meaning was guessed from position),
or when a side-by-side 收入 | 支出 table was read without its two halves told apart.
"""

from __future__ import annotations

import re

from checker.tables.model import COLUMN_KEYS, TableKind, TypedTable

# Words a canonical key is made of: COLUMN_KEYS, the halves/groups that prefix them
# (budget.basic, carryover.gpb) and the 三公 items (budget.vehicle_running.current).
_KEY_WORDS = {k for key in COLUMN_KEYS for k in key.split(".")} | {"final", "prior"}
# Columns that hold numbers but no amounts (row numbers, codes, scores, rates).
_NOT_AMOUNT = re.compile(r"行次|栏次|编码|代码|分值|得分|权重|率|%|％|序号")
_SIDE_BY_SIDE = (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY)


def is_canonical(key: str) -> bool:
    """A key read from known header words (``total``, ``budget.basic``), not derived from
    unknown header text nor numbered because two columns claimed one meaning (``total_2``)."""
    return all(part in _KEY_WORDS for part in key.split("."))


def doubts_of(table: TypedTable) -> list[str]:
    """Why the column mapping of ``table`` is inferred rather than read (Chinese, for the
    reviewer); empty when every amount column was named by its header."""
    out: list[str] = []
    if table.kind in _SIDE_BY_SIDE and table.rows and not any(r.side for r in table.rows):
        out.append("收支两方未能区分：表头未识别出收入、支出两半")
    for c in table.columns:
        if is_canonical(c.key) or _NOT_AMOUNT.search(c.label):
            continue
        if any((cell := r.cells.get(c.key)) is not None and cell.num is not None for r in table.rows):
            shown = c.label or "（无表头）"
            out.append(f"金额列“{shown}”的含义未能从表头识别")
    return out
