"""Tables in PDF text exports that lost their column structure (cells separated by
single spaces, empty cells gone, header cells broken one character per line).

The reader cannot know which column a short row's values belong to; it tokenises
each row (label text joined, every number its own cell, a classification code its
own cell), re-joins rows that the export broke across lines, and marks the block
``sparse`` so the table parser places the values itself.
"""

from __future__ import annotations

import re

from checker.document import Block, Cell
from checker.ingest.text_lines import (
    NOTE_RE,
    despace_cjk,
    is_number,
    is_numbered_heading,
    is_title,
)

CODE_RE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")


def _join_label(a: str, b: str) -> str:
    """Join two label fragments: no space between CJK text, one between Latin words."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def tokenize_row(text: str) -> list[str]:
    """Cells of a space-separated data row: each number its own cell, runs of text one
    cell. Two long text runs stay apart (``规范使用 规范使用`` are two cells); short
    fragments (``项 目``) are one word broken by the export."""
    cells: list[str] = []
    text_run = False
    for tok in text.split():
        if is_number(tok):
            cells.append(tok)
            text_run = False
            continue
        if text_run and not (len(cells[-1]) >= 4 and len(tok) >= 4):
            cells[-1] = _join_label(cells[-1], tok)
        else:
            cells.append(tok)
        text_run = True
    return cells


def _numbers(cells: list[str]) -> int:
    return sum(1 for c in cells if is_number(c))


def _is_column_numbers(cells: list[str]) -> bool:
    """``1 2 3 4 …`` under the header: the column-number row without its 栏次 label."""
    if len(cells) < 2 or not all(c.isdigit() for c in cells):
        return False
    return [int(c) for c in cells] == list(range(int(cells[0]), int(cells[0]) + len(cells)))


def _codes(cells: list[str]) -> int:
    """Classification codes that head a code/name block (a code followed by a name)."""
    return sum(
        1
        for a, b in zip(cells, [*cells[1:], ""], strict=True)
        if CODE_RE.match(a) and (not b or not is_number(b))
    )


def _ends_with_code(cells: list[str]) -> bool:
    return bool(cells) and bool(CODE_RE.match(cells[-1]))


def ends_table(s: str) -> bool:
    """A line that closes a space-separated table region."""
    if NOTE_RE.match(s):
        return True
    has_digits = any(tok for tok in s.split() if is_number(tok))
    if is_numbered_heading(s) and not has_digits:
        return True
    return is_title(s) and not has_digits


def is_header_fragment(s: str) -> bool:
    """Header zone lines: short, no sentence punctuation, no number."""
    return len(s) <= 40 and "。" not in s and not any(is_number(t) for t in s.split())


def header_cells(line: str) -> list[str]:
    """Header fragments of one line; single characters the export spaced apart
    (``项 目``, ``栏 次``) are one word."""
    out: list[str] = []
    for tok in line.split():
        if out and len(tok) == 1 and len(out[-1]) <= 2 and _CJK_CHAR.match(tok):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def build_block(lines: list[tuple[int, str]], page: int | None = None) -> Block | None:
    """One sparse table block from the region's lines (title/meta lines excluded)."""
    rows: list[list[Cell]] = []
    header: list[tuple[int, str]] = []
    i = 0
    # Header zone: everything before the first line holding a number.
    while i < len(lines) and is_header_fragment(lines[i][1]):
        header.append(lines[i])
        i += 1
    # Runs of one-character lines are one vertical header cell (上/级/补/助/收/入).
    merged: list[tuple[int, str]] = []
    vertical = False
    for ln, s in header:
        single = len(s) == 1 and bool(_CJK_CHAR.match(s))
        if single and vertical and merged:
            merged[-1] = (merged[-1][0], merged[-1][1] + s)
            continue
        merged.append((ln, s))
        vertical = single
    data = lines[i:]
    # A numbers-only first data line belongs to the label line above it (当年财政拨款 ⏎ 14.71 …).
    if data and merged:
        first = tokenize_row(data[0][1])
        if first and _numbers(first) == len(first) and not _is_column_numbers(first):
            data = [merged.pop(), *data]
    for ln, s in merged:
        rows.append([Cell(text=c, line=ln, page=page) for c in header_cells(s)])
    pending: list[Cell] = []
    max_codes = 1  # code/name/value blocks per row (3 in a 基本支出明细表)
    open_row = False  # the export broke the pending row inside a cell; the next line continues it
    for k, (ln, s) in enumerate(data):
        cells = tokenize_row(s)
        if not cells:
            continue
        texts = [c.text for c in pending]
        label_only = _numbers(cells) == 0
        numbers_only = _numbers(cells) == len(cells) and not _is_column_numbers(cells)
        join = False
        if pending:
            if open_row and (label_only or _codes(texts) < max_codes or not CODE_RE.match(cells[0])):
                join = True  # 险缴费 ⏎ 128.06 30206 电费 … / 费用 ⏎ 31009 土地补偿
            elif _numbers(texts) == 0 and numbers_only:
                join = True  # 年度资金总和 ⏎ 14.71 14.71 14.71 100%
            elif (
                len(texts) == 2
                and CODE_RE.match(texts[0])
                and not is_number(cells[0])
                and not CODE_RE.match(cells[0])
            ):
                join = True  # 2080505 机关事业单位基本养老保险缴费支 ⏎ 出 128.06
        if join:
            if not is_number(cells[0]) and texts and not is_number(texts[-1]):
                pending[-1] = Cell(text=_join_label(texts[-1], cells[0]), line=pending[-1].line, page=page)
                cells = cells[1:]
            pending.extend(Cell(text=c, line=ln, page=page) for c in cells)
        else:
            if pending:
                rows.append(pending)
                max_codes = max(max_codes, _codes(texts))
            pending = [Cell(text=c, line=ln, page=page) for c in cells]
        # Keep the row open while it ends in a label fragment that a code started
        # (30108 ⏎ 机关事业单位基本养老保 ⏎ 险缴费) or in a code whose name is on the next line.
        nxt = tokenize_row(data[k + 1][1]) if k + 1 < len(data) else []
        next_label_only = bool(nxt) and _numbers(nxt) == 0
        open_row = (_ends_with_code([c.text for c in pending]) and next_label_only) or (
            open_row and label_only
        )
    if pending:
        rows.append(pending)
    if not rows:
        return None
    for r in rows:
        for c in r:
            c.text = despace_cjk(c.text) if not is_number(c.text) else c.text
    first_line = lines[0][0]
    last_line = lines[-1][0]
    return Block(
        kind="table",
        text="\n".join(" ".join(c.text for c in r) for r in rows),
        rows=rows,
        line=first_line,
        end_line=last_line,
        page=page,
        sparse=True,
    )
