"""公开06 基本支出决算明细表: several (科目代码, 科目名称, 决算数) blocks side by side.

Every block becomes rows keyed by economic code (level 1 = 3 digits, 2 = 5 digits), then
the 人员经费合计 / 公用经费合计 rows (is_total). Those total rows are printed across the
blocks, their value sometimes in a far column, so a total takes the first number to its
right before the next label.
"""

from __future__ import annotations

import re

from checker.document import Cell
from checker.tables.grid import compact, is_blank, is_code, is_column_numbers_row, is_number, squash
from checker.tables.model import TableCell, TableColumn, TableRow
from checker.tables.rows import code_level, is_total_label, link_parents, make_cell, row_line

_CODE_HEADER = re.compile(r"代码|编码")


def _head_index(rows: list[list[Cell]]) -> int | None:
    """The header row naming two or more code columns (a 人员经费 / 公用经费 group row may
    sit above it)."""
    for i, r in enumerate(rows[:3]):
        if sum(1 for c in r if _CODE_HEADER.search(squash(c.text))) >= 2:
            return i
    return None


def is_block_layout(rows: list[list[Cell]]) -> bool:
    return _head_index(rows) is not None


def _blocks(head: list[str]) -> list[tuple[int, int, int]]:
    starts = [j for j, h in enumerate(head) if _CODE_HEADER.search(h)]
    out = []
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(head)
        out.append((s, s + 1, min(s + 2, end - 1)))
    return out


def _total_row(label: str, value: Cell | None, row: list[Cell]) -> TableRow:
    line, page = row_line(row)
    return TableRow(label=label, is_total=True, cells={"total": make_cell(value)}, line=line, page=page)


def build_basic_detail(rows: list[list[Cell]]) -> tuple[list[TableColumn], list[TableRow]]:
    hi = _head_index(rows) or 0
    head = [squash(c.text) for c in rows[hi]]
    blocks = _blocks(head)
    by_block: list[list[TableRow]] = [[] for _ in blocks]
    totals: list[TableRow] = []
    for r in rows[hi + 1 :]:
        if is_column_numbers_row(r):
            continue
        texts = [compact(c.text) for c in r]
        # Total rows (人员经费合计 …) first: they do not respect the block columns.
        labels = [j for j, t in enumerate(texts) if t and is_total_label(t)]
        if labels:
            for k, j in enumerate(labels):
                stop = labels[k + 1] if k + 1 < len(labels) else len(r)
                value = next((r[x] for x in range(j + 1, stop) if is_number(r[x].text)), None)
                totals.append(_total_row(texts[j], value, r))
            continue
        for b, (cj, nj, vj) in enumerate(blocks):
            code = texts[cj] if cj < len(texts) else ""
            name = texts[nj] if nj < len(texts) else ""
            if not code and not name:
                continue
            line, page = row_line(r)
            cell = make_cell(r[vj]) if vj < len(r) else TableCell(text="")
            c = code if is_code(code) else None
            by_block[b].append(
                TableRow(
                    label=name or code,
                    code=c,
                    level=code_level(c),
                    cells={"total": cell},
                    line=r[cj].line if cj < len(r) else line,
                    page=page,
                )
            )
    out = [row for blk in by_block for row in blk] + totals
    link_parents(out)
    label = head[2] if len(head) > 2 and head[2] else "决算数"
    return [TableColumn(key="total", label=label)], out


def build_basic_detail_tokens(rows: list[list[Cell]]) -> tuple[list[TableColumn], list[TableRow]]:
    """Sparse layout (space-separated export): read each line as a run of
    ``code name [value]`` items and ``XX合计 value`` totals."""
    out: list[TableRow] = []
    totals: list[TableRow] = []
    for r in rows:
        toks = [c for c in r if not is_blank(c.text)]
        i = 0
        while i < len(toks):
            t = compact(toks[i].text)
            nxt = compact(toks[i + 1].text) if i + 1 < len(toks) else ""
            if is_total_label(t):
                value = toks[i + 1] if i + 1 < len(toks) and is_number(nxt) else None
                totals.append(_total_row(t, value, r))
                i += 2 if value is not None else 1
                continue
            if is_code(t) and nxt and not is_number(nxt):
                value = None
                step = 2
                if i + 2 < len(toks):
                    v = squash(toks[i + 2].text)
                    after = squash(toks[i + 3].text) if i + 3 < len(toks) else ""
                    # A number is this item's value unless it is the next item's code.
                    if is_number(v) and not (is_code(v) and after and not is_number(after)):
                        value, step = toks[i + 2], 3
                out.append(
                    TableRow(
                        label=nxt,
                        code=t,
                        level=code_level(t),
                        cells={"total": make_cell(value)},
                        line=toks[i].line,
                        page=toks[i].page,
                    )
                )
                i += step
                continue
            i += 1
    # Keep the printed order of the codes within each class (block order is lost).
    out.sort(key=lambda x: (x.code or "")[:3])
    rows_out = out + totals
    link_parents(rows_out)
    return [TableColumn(key="total", label="决算数")], rows_out
