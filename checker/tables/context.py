"""What the lines just before a table say about it: title, number (公开05表), unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.document import Block, Cell
from checker.numbers import normalize_text
from checker.tables.grid import squash

_NUMBER = re.compile(r"公开\s*(\d{1,2})\s*表?")
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元|千元|亿元)")
_UNIT_SPLIT = re.compile(r"单位\s*[:：]\s*万$")
_TITLE_END = re.compile(r"表(?:[(（][^()（）]{0,12}[)）])?$")
_ORDINAL = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[(（][一二三四五六七八九十\d]+[)）])\s*"
)
# 附表1： / 表一、 / 附件2 before a title (read before spaces are removed, so the 1 of
# ``表1 2024年…`` is not taken with the year).
_TABLE_PREFIX = re.compile(
    r"^(?:附件\s*\d{1,2}(?!\d)|附?表\s*(?:[一二三四五六七八九十]+|\d{1,2}(?!\d)))\s*[:：、.．-]?\s*"
)
# What a title line may carry after the title: unit, department, 公开NN表.
_TRAILER = re.compile(
    r"(?:[(（]?单位[:：].*|编制(?:部门|单位)[:：].*|(?:部门|单位名称)[:：].*|公开\d{1,2}表?)$"
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
    t = squash(_TABLE_PREFIX.sub("", normalize_text(text or "").strip()))
    t = _TRAILER.sub("", t) if _TRAILER.search(t) and t.find("表") > 0 else t
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
    for b in prev:
        t = squash(b.text)
        m = _NUMBER.search(t)
        if m and not ctx.number and len(t) <= 12:
            # 公开05表 (also 公开 05 with 表 on the next line)
            ctx.number = f"公开{int(m.group(1)):02d}表"
        if (u := _UNIT.search(t)) is not None:
            ctx.unit, ctx.unit_seen = u.group(1), True
        elif _UNIT_SPLIT.search(t):
            # ``单位:万`` with ``元`` on the next line.
            ctx.unit, ctx.unit_seen = "万元", True
        title = _title_of(b.text)
        if title:
            ctx.title, ctx.line = title, b.line
    return ctx


def _meta_kind(text: str) -> str | None:
    """What a one-line cell above a grid's headers is: title / number / unit / dept."""
    t = squash(text)
    if _NUMBER.fullmatch(t) or (t.startswith("公开") and _NUMBER.search(t) and len(t) <= 8):
        return "number"
    if _UNIT.search(t) or _UNIT_SPLIT.search(t):
        return "unit"
    if t.startswith(("部门：", "部门:", "单位名称", "编制单位", "编制部门")):
        return "dept"
    if _title_of(text):
        return "title"
    return None


def read_preamble(rows: list[list[Cell]]) -> tuple[int, TableContext]:
    """Rows at the top of a grid that hold its title, 公开NN表 number, unit or department
    (DOCX/XLSX tables often carry them inside the table). Returns how many rows they take
    and what they say."""
    ctx = TableContext()
    n = seen = blank = 0
    for r in rows:
        vals = [c.text for c in r if c.text.strip()]
        if not vals:
            # PDF grids interleave empty rows with the title lines (spacing drawn as rows).
            blank += 1
            continue
        kinds = [_meta_kind(v) for v in vals]
        if seen >= 4 or len(vals) > 3 or any(k is None for k in kinds):
            break
        seen += 1
        n += blank
        blank = 0
        for v, k in zip(vals, kinds, strict=True):
            t = squash(v)
            if k == "title" and not ctx.title:
                ctx.title, ctx.line = _title_of(v) or t, r[0].line
            elif k == "number" and (m := _NUMBER.search(t)):
                ctx.number = f"公开{int(m.group(1)):02d}表"
            elif k == "unit":
                u = _UNIT.search(t)
                ctx.unit, ctx.unit_seen = (u.group(1) if u else "万元"), True
        n += 1
    return n, ctx
