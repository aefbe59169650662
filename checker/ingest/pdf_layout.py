"""Page layout from positions: printed lines, ruled table grids, and the text between.

Pure functions over :mod:`checker.ingest.pdf_extract` data, so each step can be tested
with hand-placed characters. Reading order always comes from positions (baseline, then
x), never from the order the PDF happens to draw things in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from checker.ingest.pdf_extract import Char, PageContent, Seg
from checker.ingest.text_lines import despace_cjk, is_number

SNAP = 2.0  # points: ruling lines closer than this are the same line


@dataclass
class Line:
    chars: list[Char]

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def base(self) -> float:
        return self.chars[0].base

    @property
    def size(self) -> float:
        sizes = sorted(c.size for c in self.chars)
        return sizes[len(sizes) // 2]

    @property
    def text(self) -> str:
        return join_chars(self.chars)


@dataclass
class Grid:
    """A ruled table on one page: cell texts (merged cells: text in the top-left cell)."""

    top: float
    bottom: float
    xs: list[float]  # column boundaries
    ys: list[float] = field(default_factory=list)  # row boundaries
    rows: list[list[str]] = field(default_factory=list)
    # Per cell: does its last printed line reach the cell's right edge (so its text may
    # go on in the next row, when a page break cut the row)?
    full: list[list[bool]] = field(default_factory=list)
    wrapped: list[list[bool]] = field(default_factory=list)  # printed on 2+ lines


def join_chars(chars: list[Char]) -> str:
    """Characters of one line, left to right; a space where a visible gap separates them."""
    out: list[str] = []
    prev: Char | None = None
    for c in chars:
        # CJK text carries no spaces; its punctuation's ink sits in one half of the
        # character cell, so a gap beside it is not a space (，下 / （部门）).
        wide = _is_wide(c.text) and _is_wide(prev.text) if prev is not None else False
        if prev is not None and c.x0 - prev.x1 > (1.5 if wide else 0.6) * max(c.size, prev.size):
            out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out)


def _is_wide(ch: str) -> bool:
    """A CJK ideograph or full-width punctuation mark."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFF60
        or 0x3000 <= o <= 0x303F
        or ch in "“”‘’—…·"
    )


def group_lines(chars: list[Char]) -> list[Line]:
    """Characters sharing a baseline (within a third of their size) form one line."""
    lines: list[Line] = []
    for c in sorted(chars, key=lambda c: (c.base, c.x0)):
        if lines and abs(c.base - lines[-1].base) <= 0.35 * c.size:
            lines[-1].chars.append(c)
        else:
            lines.append(Line([c]))
    for ln in lines:
        ln.chars.sort(key=lambda c: c.x0)
    # A line whose characters sit apart from each other by whole columns is still one
    # printed line; splitting into cells is the table reconstruction's job.
    return sorted(lines, key=lambda ln: (ln.top, ln.x0))


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def _components(segs: list[Seg]) -> list[list[Seg]]:
    """Ruling lines that touch each other (a table's frame and rules)."""
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    boxes = [(s.x0 - SNAP, s.y0 - SNAP, s.x1 + SNAP, s.y1 + SNAP) for s in segs]
    order = sorted(range(len(segs)), key=lambda i: boxes[i][1])
    for a_i, a in enumerate(order):
        ax0, _, ax1, ay1 = boxes[a]
        for b in order[a_i + 1 :]:
            bx0, by0, bx1, _ = boxes[b]
            if by0 > ay1:
                break
            if bx0 <= ax1 and ax0 <= bx1:
                parent[find(a)] = find(b)
    groups: dict[int, list[Seg]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


def find_grids(page: PageContent) -> list[Grid]:
    """Ruled tables: connected ruling lines making at least 1 row and 2 columns (a single
    row is a table's head or tail cut by a page break; a lone box is not a table)."""
    grids = []
    for comp in _components(page.segs):
        hs = [s for s in comp if s.horizontal]
        vs = [s for s in comp if not s.horizontal]
        ys = _cluster([s.y0 for s in hs])
        xs = _cluster([s.x0 for s in vs])
        if len(ys) < 2 or len(xs) < 3:
            continue  # a frame or an underline, not a table
        grids.append(_fill(Grid(top=ys[0], bottom=ys[-1], xs=xs, ys=ys), ys, hs, vs, page.chars))
    return sorted(grids, key=lambda g: g.top)


def _covers(segs: list[Seg], fixed: float, lo: float, hi: float, vertical: bool) -> bool:
    mid = (lo + hi) / 2
    for s in segs:
        if vertical and abs(s.x0 - fixed) <= SNAP and s.y0 - SNAP <= mid <= s.y1 + SNAP:
            return True
        if not vertical and abs(s.y0 - fixed) <= SNAP and s.x0 - SNAP <= mid <= s.x1 + SNAP:
            return True
    return False


def _fill(g: Grid, ys: list[float], hs: list[Seg], vs: list[Seg], chars: list[Char]) -> Grid:
    nr, nc = len(ys) - 1, len(g.xs) - 1
    # Each cell's owner: itself, or the cell it is merged into (no rule between them).
    owner = {(r, c): (r, c) for r in range(nr) for c in range(nc)}
    for r in range(nr):
        for c in range(1, nc):
            if not _covers(vs, g.xs[c], ys[r], ys[r + 1], vertical=True):
                owner[(r, c)] = owner[(r, c - 1)]
    for r in range(1, nr):
        for c in range(nc):
            if owner[(r, c)] == (r, c) and not _covers(hs, ys[r], g.xs[c], g.xs[c + 1], vertical=False):
                owner[(r, c)] = owner[(r - 1, c)]
    buckets: dict[tuple[int, int], list[Char]] = {}
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if not (g.xs[0] <= cx <= g.xs[-1] and ys[0] <= cy <= ys[-1]):
            continue
        r = _index(ys, cy)
        c = _index(g.xs, cx)
        buckets.setdefault(owner[(r, c)], []).append(ch)
    right: dict[tuple[int, int], float] = {}
    for (_, c), o in owner.items():
        right[o] = max(right.get(o, 0.0), g.xs[c + 1])
    g.rows = [
        [cell_text(buckets.get((r, c), [])) if owner[(r, c)] == (r, c) else "" for c in range(nc)]
        for r in range(nr)
    ]
    g.full = [[_full(buckets.get((r, c), []), right.get((r, c), 0.0)) for c in range(nc)] for r in range(nr)]
    g.wrapped = [[len(group_lines(buckets.get((r, c), []))) > 1 for c in range(nc)] for r in range(nr)]
    return g


def _full(chars: list[Char], right: float) -> bool:
    if not chars:
        return False
    last = group_lines(chars)[-1]
    return last.x1 >= right - 2.5 * last.size


def _index(bounds: list[float], v: float) -> int:
    for i in range(len(bounds) - 1):
        if v <= bounds[i + 1]:
            return i
    return len(bounds) - 2


def cell_text(chars: list[Char]) -> str:
    """A cell's text: its wrapped lines joined (CJK wraps need no space; others get one),
    without the spaces of a distributed header (项    目), as the text reader's cells."""
    parts: list[str] = []
    for ln in group_lines(chars):
        t = ln.text
        if parts and parts[-1] and t and (parts[-1][-1].isascii() and t[0].isascii()):
            # Latin words and numbers split by a wrap are separate words, except a number
            # broken at a separator ("1,234." + "56") or by a narrow column ("9,61" + "9.41",
            # a code "310" + "001").
            if not (parts[-1][-1] in ",." or t[0] in ",." or _wrapped_number(parts[-1], t)):
                t = " " + t
        parts.append(t)
    return despace_cjk("".join(parts))


def _wrapped_number(a: str, b: str) -> bool:
    left, right = a.rsplit(" ", 1)[-1], b.split(" ", 1)[0]
    return left[-1:].isdigit() and right[:1].isdigit() and is_number(left + right)


def outside(lines: list[Line], grids: list[Grid]) -> list[Line]:
    """Lines not inside any table."""
    out = []
    for ln in lines:
        mid = (ln.top + ln.bottom) / 2
        if not any(g.top - 1 <= mid <= g.bottom + 1 for g in grids):
            out.append(ln)
    return out


# --- tables without ruling lines -----------------------------------------------------------

NUMERIC = set("0123456789.,%-+")


def segments(ln: Line) -> list[list[Char]]:
    """Runs of characters in a line separated by a gap wider than one and a half characters
    (the space between table columns; words in running text sit much closer)."""
    out: list[list[Char]] = [[ln.chars[0]]]
    for prev, c in pairwise(ln.chars):
        if c.x0 - prev.x1 > 1.5 * max(c.size, prev.size):
            out.append([c])
        else:
            out[-1].append(c)
    return out


def _numeric(seg: list[Char]) -> bool:
    return all(c.text in NUMERIC for c in seg) and any(c.text.isdigit() for c in seg)


def find_text_tables(lines: list[Line], min_rows: int = 3) -> list[tuple[int, int, Grid]]:
    """Unruled tables: runs of at least ``min_rows`` lines split into 2+ column segments,
    most of them holding a number. Columns are the x-ranges the segments cover (a column's
    left-aligned names and right-aligned amounts overlap); each line is a row.
    Returns (first line index, last line index + 1, grid)."""
    out = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(segments(lines[j])) >= 2:
            j += 1
        run = lines[i:j]
        if len(run) >= min_rows:
            segs = [segments(ln) for ln in run]
            with_numbers = sum(1 for ss in segs if any(_numeric(s) for s in ss))
            if with_numbers * 2 >= len(run):
                grid = _text_grid(run, segs)
                if grid is not None:
                    out.append((i, j, grid))
        i = max(j, i + 1)
    return out


def _text_grid(run: list[Line], segs: list[list[list[Char]]]) -> Grid | None:
    spans = sorted((s[0].x0, s[-1].x1) for ss in segs for s in ss)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1] + 1.0:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    if len(cols) < 2:
        return None
    xs = [cols[0][0]] + [(a[1] + b[0]) / 2 for a, b in pairwise(cols)] + [cols[-1][1]]
    rows = []
    for ss in segs:
        row = [""] * len(cols)
        for s in ss:
            k = _index(xs, (s[0].x0 + s[-1].x1) / 2)
            row[k] = despace_cjk(row[k] + " " + join_chars(s))
        rows.append(row)
    ys = [run[0].top] + [ln.bottom for ln in run]
    n = len(cols)
    return Grid(
        top=run[0].top,
        bottom=run[-1].bottom,
        xs=xs,
        ys=ys,
        rows=rows,
        full=[[False] * n for _ in rows],
        wrapped=[[False] * n for _ in rows],
    )
