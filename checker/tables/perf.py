"""Performance tables: 项目支出绩效自评表 (one per project) and 项目支出绩效目标表.

Self-evaluation: ``entity`` = 项目名称; rows 年度资金总额/总和, 当年财政拨款, 上年结转资金,
其他资金 with columns ``budget`` (年初预算数), ``adjusted_budget`` (全年预算数), ``executed``
(全年执行数), ``rate`` (执行率), plus 分值/得分 where printed. Exports shift the cells of
some rows against their header; each row is aligned to the header at the offset that puts
its percentages under 执行率 and its numbers under amount columns.

Targets: either one small table per project (项目名称 / 年度资金总额 lines) or one grid with
a row per project (项目名称 and 年度资金总额 columns); each project amount is ``total``.
"""

from __future__ import annotations

import re

from checker.document import Cell
from checker.tables.grid import compact, is_blank, is_number, squash
from checker.tables.model import TableColumn, TableRow
from checker.tables.rows import make_cell, row_line

_FUND_WORDS: tuple[tuple[str, str], ...] = (
    ("年初预算数", "budget"),
    ("全年预算数", "adjusted_budget"),
    ("全年执行数", "executed"),
    ("执行数", "executed"),
    ("执行率", "rate"),
    ("得分", "score"),
    ("分值", "weight"),
)
_FUND_ROW = re.compile(r"当年财政拨款|上年结转|其他资金|年度资金总|财政拨款|资金总额")
_SECTION_END = re.compile(r"年度总体目标|总体目标|绩效指标|年度绩效目标")
ENTITY_WORDS = ("项目名称",)


def split_projects(rows: list[list[Cell]]) -> list[list[list[Cell]]]:
    """One chunk per project: a new chunk starts at a title row or a second 项目名称 row."""
    chunks: list[list[list[Cell]]] = []
    cur: list[list[Cell]] = []
    seen_name = False
    for r in rows:
        first = next((squash(c.text) for c in r if not is_blank(c.text)), "")
        starts = (
            first.endswith("绩效自评表")
            or first.endswith("绩效目标表")
            or (first == "项目名称" and seen_name)
        )
        if starts and cur and (seen_name or not first.startswith("项目名称")):
            chunks.append(cur)
            cur, seen_name = [], False
        if first == "项目名称":
            seen_name = True
        cur.append(r)
    if cur:
        chunks.append(cur)
    return chunks


def entity_of(rows: list[list[Cell]]) -> str:
    for i, r in enumerate(rows):
        vals = [c.text for c in r if not is_blank(c.text)]
        if vals and squash(vals[0]) in ENTITY_WORDS:
            if len(vals) > 1:
                return compact(vals[1])
            # Space-separated exports put the name on the next line.
            nxt = [c.text for c in rows[i + 1] if not is_blank(c.text)] if i + 1 < len(rows) else []
            return compact(nxt[0]) if len(nxt) == 1 else ""
    return ""


def _fund_key(word: str) -> str | None:
    w = squash(word)
    return next((k for t, k in _FUND_WORDS if t in w), None)


def _offset_score(row: list[Cell], header: dict[int, str], offset: int) -> int:
    score = 0
    for j, c in enumerate(row):
        t = squash(c.text)
        if is_blank(t) or not is_number(t):
            continue
        key = header.get(j - offset)
        if key is None:
            score -= 2
        elif key == "rate":
            score += 2 if t.endswith(("%", "％")) else -1
        elif t.endswith(("%", "％")):
            score -= 2
        else:
            score += 1
    return score


def build_self_eval(rows: list[list[Cell]]) -> tuple[list[TableColumn], list[TableRow]]:
    header: dict[int, str] = {}
    columns: list[TableColumn] = []
    out: list[TableRow] = []
    in_funds = False
    for r in rows:
        words = [squash(c.text) for c in r]
        if not in_funds:
            keys = {j: k for j, w in enumerate(words) if (k := _fund_key(w)) is not None}
            if "budget" in keys.values() or "executed" in keys.values():
                header = keys
                columns = [TableColumn(key=k, label=words[j]) for j, k in sorted(keys.items())]
                in_funds = True
            continue
        first = next((w for w in words if w), "")
        if _SECTION_END.search(first):
            break
        label_j = next((j for j, w in enumerate(words) if w and _FUND_ROW.search(w)), None)
        if label_j is None:
            continue
        label = compact(r[label_j].text)
        best = max(range(-2, 4), key=lambda d: (_offset_score(r, header, d), -abs(d)))
        cells = {}
        for hj, key in header.items():
            j = hj + best
            c = r[j] if 0 <= j < len(r) and j != label_j else None
            cells[key] = make_cell(c)
        line, page = row_line(r)
        total = "总额" in label or "总和" in label
        out.append(TableRow(label=label, is_total=total, cells=cells, line=line, page=page))
    return columns, out


def build_target(rows: list[list[Cell]]) -> tuple[list[TableColumn], list[TableRow], str]:
    """(columns, rows, entity); entity is set for one-project tables."""
    header = [squash(c.text) for c in rows[0]] if rows else []
    name_j = next((j for j, w in enumerate(header) if w == "项目名称"), None)
    amount_j = next((j for j, w in enumerate(header) if "资金总额" in w or w in ("金额", "合计")), None)
    col = TableColumn(key="total", label="年度资金总额")
    out: list[TableRow] = []
    if name_j is not None and amount_j is not None:
        for r in rows[1:]:
            if len(r) <= max(name_j, amount_j):
                continue
            name, amount = compact(r[name_j].text), r[amount_j]
            if name and is_number(amount.text):
                line, page = row_line(r)
                out.append(TableRow(label=name, cells={"total": make_cell(amount)}, line=line, page=page))
        return [col], out, ""
    for r in rows:
        vals = [(j, c) for j, c in enumerate(r) if not is_blank(c.text)]
        if not vals:
            continue
        label_cell = next(((j, c) for j, c in vals if _FUND_ROW.search(squash(c.text))), None)
        if label_cell is None:
            continue
        j0 = label_cell[0]
        num = next((c for j, c in vals if j > j0 and is_number(c.text)), None)
        if num is None:
            continue
        line, page = row_line(r)
        out.append(
            TableRow(label=compact(label_cell[1].text), cells={"total": make_cell(num)}, line=line, page=page)
        )
    return [col], out, entity_of(rows)
