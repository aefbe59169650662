"""What the lines just before a table say about it: title, number (公开05表), unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.document import Block
from checker.tables.grid import squash

_NUMBER = re.compile(r"公开\s*(\d{1,2})\s*表?")
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元|千元|亿元)")
_UNIT_SPLIT = re.compile(r"单位\s*[:：]\s*万$")
_TITLE_END = re.compile(r"表(?:[(（][^()（）]{0,12}[)）])?$")
_ORDINAL = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[(（][一二三四五六七八九十\d]+[)）])\s*"
)
# Section headings naming the whole set (2024年度部门决算报表), not one table.
_COLLECTION = re.compile(r"^((19|20)\d\d年度?)?(部门|单位)?(决算|预算)(公开)?报?表格?$")
# How far back a title may sit: a few short lines (number, department, unit, a note).
LOOKBACK = 7


@dataclass
class TableContext:
    title: str = ""
    number: str = ""
    unit: str = "万元"
    unit_seen: bool = False
    line: int | None = None


def _title_of(text: str) -> str | None:
    """The table title a short line states, or None."""
    t = squash(text)
    if not t or len(t) > 60 or "：" in t[:6] or t.startswith(("注", "说明", "单位", "部门：", "部门:")):
        return None
    t = _ORDINAL.sub("", t)
    t = _NUMBER.sub("", t) if t.startswith("公开") else t
    if _TITLE_END.search(t) and len(t) >= 4 and not _COLLECTION.match(t):
        return t
    return None


def read_context(blocks: list[Block], index: int) -> TableContext:
    """Scan the non-table blocks before ``blocks[index]`` (stopping at the previous table)."""
    ctx = TableContext()
    prev: list[Block] = []
    j = index - 1
    while j >= 0 and len(prev) < LOOKBACK:
        b = blocks[j]
        if b.kind == "table":
            break
        prev.append(b)
        j -= 1
    prev.reverse()
    joined_prev = ""
    for b in prev:
        t = squash(b.text)
        m = _NUMBER.search(t)
        if m and not ctx.number and len(t) <= 12:
            ctx.number = f"公开{int(m.group(1)):02d}表"
        if (u := _UNIT.search(t)) is not None:
            ctx.unit, ctx.unit_seen = u.group(1), True
        elif _UNIT_SPLIT.search(t):
            # ``单位:万`` with ``元`` on the next line.
            ctx.unit, ctx.unit_seen = "万元", True
        if t.startswith("公开") and len(t) <= 4 and not ctx.number:
            joined_prev = t
        elif joined_prev and t.startswith("表") and not ctx.number:
            m = _NUMBER.search(joined_prev + t)
            if m:
                ctx.number = f"公开{int(m.group(1)):02d}表"
        title = _title_of(b.text)
        if title:
            ctx.title, ctx.line = title, b.line
    return ctx
