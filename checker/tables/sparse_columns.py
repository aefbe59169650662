"""Columns of space-separated tables: how many (the 栏次 row) and which (header words
read in order, or the national standard order of the kind when fragments lose it)."""

from __future__ import annotations

from checker.document import Cell
from checker.tables.columns import WORDS
from checker.tables.grid import is_column_numbers_row, squash
from checker.tables.model import TableColumn, TableKind
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
NOTE = "原文为空格分隔的表格（空单元格未保留），{n} 行的数值按行列合计关系推断所在列"


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


def label_of(key: str) -> str:
    if "." in key:
        _half, item = key.split(".", 1)
        return ITEM_LABELS.get(item, item)
    return _LABELS.get(key, key)


def columns_for(keys: list[str]) -> list[TableColumn]:
    out = []
    for k in keys:
        group = {"budget": "预算数", "final": "决算数"}.get(k.split(".")[0], "") if "." in k else ""
        out.append(TableColumn(key=k, label=label_of(k), group=group))
    return out


def numbers_row(rows: list[list[Cell]]) -> int | None:
    return next((i for i, r in enumerate(rows[:40]) if is_column_numbers_row(r)), None)


def header_words(rows: list[list[Cell]]) -> str:
    return "".join(squash(c.text) for r in rows for c in r)
