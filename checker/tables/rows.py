"""Data rows → TableRow: code, label, level, parent, total flag, cells by column key."""

from __future__ import annotations

import re

from checker.document import Cell
from checker.tables.grid import compact, is_blank, is_code, squash
from checker.tables.model import TableCell, TableRow

_TOTAL_EXACT = {"合计", "总计", "小计", "收入总计", "支出总计", "本年收入合计", "本年支出合计"}
ORDINAL_L1 = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_ORDINAL_L2 = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
_DOTS = {"…", "……", "...", "......"}
_CODE_PREFIX = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*[-－—]?\s*(?=\D)")
# A code whose 款/项 part was printed with one digit (``301 | 2`` for 30102): kept as
# printed, with a space, so it never matches a code nor makes a hierarchy of its own.
_MISREAD = re.compile(r"^(\d{3}(?:\d{2})?) \d$")


def misread_code(code: str | None) -> bool:
    return bool(code and _MISREAD.match(code))


def code_head(code: str) -> str:
    """The well-printed part of a misread code (``301 2`` → ``301``), else the code."""
    m = _MISREAD.match(code)
    return m.group(1) if m else code


def is_total_label(label: str) -> bool:
    t = squash(label)
    return t in _TOTAL_EXACT or (len(t) > 2 and t.endswith(("合计", "总计")) and not t.startswith("其中"))


def code_level(code: str | None) -> int | None:
    if not code:
        return None
    return {3: 1, 5: 2, 7: 3}.get(len(code))


def ordinal_level(label: str) -> int | None:
    if ORDINAL_L1.match(label):
        return 1
    if _ORDINAL_L2.match(label):
        return 2
    return None


def label_and_code(cells: list[str]) -> tuple[str, str | None]:
    """The row's name (spaces removed) and its classification code, from the label cells."""
    code: str | None = None
    parts: list[str] = []
    for t in cells:
        s = squash(t)
        printed = compact(t)
        if not s or s in _DOTS:
            continue
        if code is None and is_code(s):
            code = s
            continue
        if code is not None and len(code) in (3, 5) and len(s) == 2 and s.isdigit():
            code += s  # codes printed in 类 | 款 | 项 columns: 208 | 01 | 09
            continue
        if code is not None and len(code) in (3, 5) and len(s) == 1 and s.isdigit():
            code += f" {s}"  # a part printed with one digit: which code it is stays unknown
            continue
        if s.isdigit():
            continue  # a unit's own number (310001), not a classification code
        if code is None and (m := _CODE_PREFIX.match(s)):
            # ``2080109 社会保险经办机构`` in one cell.
            code = m.group(1)
            printed = _CODE_PREFIX.sub("", printed, count=1)
        part = printed
        if not parts or parts[-1] != part:  # merged cells repeated by the reader: 合计 | 合计
            parts.append(part)
    return "".join(parts), code


def make_cell(c: Cell | None) -> TableCell:
    if c is None:
        return TableCell(text="")
    return TableCell(text=c.text.strip(), line=c.line, page=c.page)


def row_line(row: list[Cell]) -> tuple[int | None, int | None]:
    for c in row:
        if c.line is not None:
            return c.line, c.page
    return None, None


def build_row(
    row: list[Cell], label_cols: list[int], value_cols: list[tuple[int, str]], side: str = ""
) -> TableRow | None:
    """One TableRow, or None for a row with neither a name nor any value."""
    texts = [row[j].text if j < len(row) else "" for j in label_cols]
    label, code = label_and_code(texts)
    # a number in the name columns: a 科目 code, or a unit's own number (the table decides)
    unit_no = next((squash(t) for t in texts if squash(t).isdigit() and len(squash(t)) >= 3), None)
    cells = {key: make_cell(row[j] if j < len(row) else None) for j, key in value_cols}
    if not label and not code and all(is_blank(c.text) for c in cells.values()):
        return None
    line, page = row_line(row)
    if misread_code(code):
        level = (code_level(code_head(code or "")) or 0) + 1
    else:
        level = code_level(code) if code else ordinal_level(label)
    return TableRow(
        label=label,
        code=code,
        level=level,
        is_total=is_total_label(label) and not code,
        unit_no=unit_no,
        side=side,
        cells=cells,
        line=line,
        page=page,
    )


def link_units(rows: list[TableRow]) -> bool:
    """Departments and their units by number (310 → 310001): parent = the nearest row above
    whose number is a proper prefix. True when the numbers gave a hierarchy."""
    numbered = [r for r in rows if r.unit_no]
    if len(numbered) < 2:
        return False
    linked = False
    seen: list[tuple[str, int]] = []
    for i, r in enumerate(rows):
        if not r.unit_no:
            continue
        parent = next((j for u, j in reversed(seen) if r.unit_no != u and r.unit_no.startswith(u)), None)
        if parent is not None:
            r.parent = parent
            r.level = (rows[parent].level or 1) + 1
            linked = True
        else:
            r.level = 1
        seen.append((r.unit_no, i))
    return linked


def link_parents(rows: list[TableRow]) -> None:
    """Parent by code prefix (2080109 → 20801 → 208), nearest such row above."""
    last: dict[str, int] = {}
    for i, r in enumerate(rows):
        if misread_code(r.code):
            # Under the 类/款 its printed part names; its own code is unknown.
            p = last.get(code_head(r.code or ""))
            if p is not None:
                r.parent = p
            continue
        if r.code and len(r.code) in (5, 7):
            p = last.get(r.code[:-2])
            if p is not None:
                r.parent = p
        if r.code:
            last[r.code] = i
