"""Header rows → one header path per column (``本年支出 › 基本支出 › 人员经费``).

Grouped headers print the group once, over the first of the columns it spans; the cells
to its right are empty. A group is carried right while the rows below still have
sub-headers there and the groups above agree, so ``本年支出`` covers 小计 / 基本支出 …
/ 项目支出 but ``科目名称`` never spills over the numeric columns beside it.
"""

from __future__ import annotations

from checker.document import Cell
from checker.tables.columns import word_key
from checker.tables.grid import clean, is_blank, is_code, is_column_numbers_row, is_number, squash

TOTAL_WORDS = {"合计", "总计", "小计"}
# Numbered items the summary tables and budget tables use: 一、 （一） 1. 1、
ORDINAL_PREFIXES = tuple("一二三四五六七八九十")


def split_header(rows: list[list[Cell]], max_header: int = 6) -> tuple[int, int | None]:
    """(index of the first data row, index of the 栏次 row or None)."""
    for i, row in enumerate(rows[: max_header + 1]):
        if is_column_numbers_row(row):
            return i + 1, i
    for i, row in enumerate(rows):
        if _looks_like_data(row):
            return i, None
    # Nothing looks like data: leading rows naming amount columns are headers (a table
    # printed without rows), else the first row alone is (an all-text grid).
    n = 0
    while n < len(rows) and any(word_key(squash(c.text)) for c in rows[n]):
        n += 1
    return max(n, min(1, len(rows))), None


def _looks_like_data(row: list[Cell]) -> bool:
    if any(is_number(c.text) for c in row):
        return True
    for j, c in enumerate(row):
        if is_blank(c.text):
            continue
        t = squash(c.text)
        if j <= 1 and (is_code(t) or (t.startswith(ORDINAL_PREFIXES) and "、" in t[:4])):
            return True
        if j <= 1 and t in TOTAL_WORDS:
            # 合计 alone on its line (a table without rows), not 合计 among header words.
            return all(is_blank(x.text) for x in row[j + 1 :])
        break
    return False


def header_paths(rows: list[list[Cell]], ncols: int) -> list[list[str]]:
    """One list of header words per column, top to bottom, empty levels dropped."""
    grid = [[clean(r[j].text) if j < len(r) else "" for j in range(ncols)] for r in rows]
    filled = [r[:] for r in grid]
    for i in range(len(grid) - 1):
        for j in range(1, ncols):
            if filled[i][j] or not filled[i][j - 1]:
                continue
            below = any(grid[k][j] for k in range(i + 1, len(grid)))
            same_above = all(filled[k][j] == filled[k][j - 1] for k in range(i))
            if below and same_above:
                filled[i][j] = filled[i][j - 1]
    paths: list[list[str]] = []
    for j in range(ncols):
        path: list[str] = []
        for i in range(len(grid)):
            w = squash(filled[i][j])
            if not w or (path and path[-1] == w):
                continue
            if path and _is_fragment(path[-1], w):
                # A header word broken over two rows (本年收入合 / 计).
                path[-1] += w
            else:
                path.append(w)
        paths.append(path)
    return paths


def _is_fragment(prev: str, w: str) -> bool:
    if len(w) == 1:
        return True
    return word_key(w) is None and word_key(prev) is None and word_key(prev + w) is not None
