"""“三公”经费 tables → one row with ``<half>.<item>`` columns.

Halves: ``budget`` (预算数), ``final`` (决算数), ``prior`` (上年 / an earlier year). Items:
``total`` (合计), ``outbound`` (因公出国(境)费), ``vehicle`` (公务用车购置及运行(维护)费),
``vehicle_purchase``, ``vehicle_running``, ``reception`` (公务接待费). Budget tables that
split each item into 当年预算 / 上年结转 add ``.current`` / ``.carryover``.

Two layouts: wide (items as grouped columns, one data row — 公开09 and most budgets) and
vertical (items as rows, one column per year — some budget reports).
"""

from __future__ import annotations

import re

from checker.document import Cell
from checker.tables.generic import ncols_of
from checker.tables.grid import is_blank, is_number, squash
from checker.tables.headers import header_paths, split_header
from checker.tables.model import TableColumn, TableRow
from checker.tables.rows import make_cell, row_line

ITEM_LABELS = {
    "total": "合计",
    "outbound": "因公出国(境)费",
    "vehicle": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_running": "公务用车运行费",
    "reception": "公务接待费",
    "org_running": "机关运行经费",
}
_YEAR = re.compile(r"((?:19|20)\d\d)")


def item_of(word: str) -> str | None:
    w = squash(word)
    if "机关运行经费" in w:  # printed beside the 三公 items in some regions' tables
        return "org_running"
    if "三公" in w or w in ("合计", "总计"):
        return "total"
    if "因公出国" in w or "出国" in w:
        return "outbound"
    if "购置及运行" in w or w in ("公务用车费", "公务用车"):
        return "vehicle"
    if "公务用车购置" in w or w.endswith("用车购置"):
        return "vehicle_purchase"
    if "公务用车运行" in w or "运行维护" in w:
        return "vehicle_running"
    if "接待" in w:
        return "reception"
    return None


def half_of(word: str, default: str, latest_year: int | None) -> str | None:
    w = squash(word)
    if "决算" in w or "执行" in w:
        return "final"
    if "上年" in w:
        return "prior"
    m = _YEAR.search(w)
    if m and latest_year and int(m.group(1)) < latest_year:
        return "prior"
    if "预算" in w:
        return "budget"
    return None


def _sub_of(word: str) -> str | None:
    w = squash(word)
    if w in ("当年预算", "本年预算", "当年财政拨款"):
        return "current"
    if w.startswith("上年结转"):
        return "carryover"
    return None


def column_key(path: list[str], default_half: str, latest_year: int | None) -> str | None:
    half = item = sub = None
    for w in path:
        if (s := _sub_of(w)) is not None:
            sub = s
            continue
        it = item_of(w)
        if it is None and item == "vehicle":
            # 公务用车购置及运行费 › 购置费 / 运行费 (小计 stays the item itself)
            it = "vehicle_purchase" if "购置" in w else "vehicle_running" if "运行" in w else None
        if it is None:
            half = half or half_of(w, default_half, latest_year)
            continue
        if it == "org_running":
            half = half or half_of(w, default_half, latest_year)
        # 合计/小计 under an item stands for the item itself.
        if item is None or it != "total":
            item = it
    if item is None:
        return None
    key = f"{half or default_half}.{item}"
    return f"{key}.{sub}" if sub else key


def _latest_year(words: list[str]) -> int | None:
    years = [int(m.group(1)) for w in words for m in [_YEAR.search(w)] if m]
    return max(years) if years else None


def build_three_public(rows: list[list[Cell]], default_half: str) -> tuple[list[TableColumn], list[TableRow]]:
    start, numbers_row = split_header(rows)
    header = [r for i, r in enumerate(rows[:start]) if i != numbers_row]
    data = rows[start:]
    first = [squash(r[0].text) for r in data if r]
    if sum(1 for f in first if item_of(f)) >= 2:
        return _vertical(header, data, default_half)
    paths = header_paths(header, ncols_of(rows))
    latest = _latest_year([w for p in paths for w in p])
    columns: list[TableColumn] = []
    keyed: list[tuple[int, str]] = []
    for j, p in enumerate(paths):
        key = column_key(p, default_half, latest)
        if key is None or any(c.key == key for c in columns):
            continue
        label, group = "".join(p[1:] if len(p) > 1 else p), p[0] if p else ""
        if key.endswith(".org_running") and len(p) == 1:
            # one header cell (机关运行经费预算数) is the item, not a group over it; only
            # an earlier year's figure keeps its header as the group that says so
            label, group = ITEM_LABELS["org_running"], p[0] if key.startswith("prior.") else ""
        columns.append(TableColumn(key=key, label=label, group=group))
        keyed.append((j, key))
    out: list[TableRow] = []
    for r in data:
        if all(is_blank(c.text) for c in r):
            continue
        cells = {key: make_cell(r[j] if j < len(r) else None) for j, key in keyed}
        line, page = row_line(r)
        out.append(TableRow(label="合计", is_total=not out, cells=cells, line=line, page=page))
    return columns, out


def _vertical(
    header: list[list[Cell]], data: list[list[Cell]], default_half: str
) -> tuple[list[TableColumn], list[TableRow]]:
    ncols = ncols_of(header + data)
    paths = header_paths(header, ncols)
    latest = _latest_year([w for p in paths for w in p])
    halves = {j: half_of("".join(paths[j]), default_half, latest) or default_half for j in range(1, ncols)}
    columns: list[TableColumn] = []
    cells = {}
    line = page = None
    for r in data:
        if not r:
            continue
        item = item_of(re.sub(r"^(其中[:：]?)?[(（]?\d[)）、.]?", "", squash(r[0].text)))
        if item is None:
            continue
        for j in range(1, min(len(r), ncols)):
            if not paths[j] and not is_number(r[j].text):
                continue
            key = f"{halves[j]}.{item}"
            if key in cells:
                continue
            cells[key] = make_cell(r[j])
            columns.append(TableColumn(key=key, label=ITEM_LABELS[item], group="".join(paths[j])))
        if line is None:
            line, page = row_line(r)
    if not cells:
        return [], []
    return columns, [TableRow(label="合计", is_total=True, cells=cells, line=line, page=page)]
