"""PDF reports → Document: page text and ruled tables, every block and cell with its page.

Steps: positioned characters and ruling lines per page (``pdf_extract``); printed
lines and table grids from positions (``pdf_layout``); running headers, footers and
page numbers dropped; lines re-joined into paragraphs where the page shows a line ran
to the margin and the text reader's vocabulary lets it go on (``structure``: headings,
table titles, meta lines, list items, TOC lines stand apart); a table continued
on the next page (same columns, nothing between) joined into one grid.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from checker.document import Block, Cell, Document, IngestError
from checker.ingest.pdf_extract import PageContent, open_pdf, page_content
from checker.ingest.pdf_layout import (
    Grid,
    Line,
    find_grids,
    find_text_tables,
    group_lines,
    join_chars,
    outside,
    segments,
)
from checker.ingest.structure import (
    LEADER_RE,
    document_title,
    is_toc_title,
    join_broken,
    mark_toc,
    stands_alone,
    text_block,
)
from checker.ingest.text import guess_kind
from checker.ingest.text_lines import (
    HEADING_RE,
    ends_sentence,
    is_label,
    is_meta,
    is_number,
    is_title,
    opens_block,
)

TOC_LEADER = re.compile(r"[.．·•…⋯_]{4,}\s*\d{0,3}\s*$")
MARGIN = 0.09  # top/bottom share of the page where running headers and footers live
PAGE_NUMBER = re.compile(r"^[\s—\-–－_·•]*(第\s*)?\d{1,4}(\s*页)?(\s*(/|共)\s*\d{1,4}\s*页?)?[\s—\-–－_·•]*$")
SCANNED = "该 PDF 没有文字层（可能是扫描件），无法检查；请先做 OCR"


def read(path: Path) -> Document:
    pdf = open_pdf(path)
    try:
        pages = [page_content(pdf, i) for i in range(len(pdf))]
    except IngestError:
        raise
    except Exception as e:  # pdfium fails on some damaged objects mid-file
        raise IngestError(f"PDF 文件已损坏，读取页面失败：{path}（{e}）") from e
    finally:
        pdf.close()
    if not pages:
        raise IngestError(f"PDF 没有页面：{path}")
    if sum(len(p.chars) for p in pages) == 0:
        raise IngestError(f"{SCANNED}：{path}")
    try:
        doc = build_document(pages, source=str(path))
    except Exception as e:  # a layout this reader does not understand: say so, no traceback
        raise IngestError(f"PDF 版面无法解析：{path}（{type(e).__name__}: {e}）") from e
    empty = [p.number for p in pages if not p.chars and p.images]
    if empty:
        doc.warnings.append(
            f"第 {'、'.join(map(str, empty))} 页没有文字层（可能是扫描页），这些页的内容未检查"
        )
    return doc


def build_document(pages: list[PageContent], source: str = "<pdf>") -> Document:
    layouts = []
    for p in pages:
        grids = find_grids(p)
        layouts.append((p, grids, outside(group_lines(p.chars), grids)))
    running = running_keys([(p, lines) for p, _, lines in layouts])
    body_size = _body_size([ln for _, _, lines in layouts for ln in lines])
    builder = _Builder(body_size, line_pitch([lines for _, _, lines in layouts], body_size))
    bodies = [(p, [ln for ln in lines if not _is_running(ln, p, running)]) for p, _, lines in layouts]
    edges = text_edges(bodies, body_size)
    frames = body_frames(
        [(p, grids, lines) for (p, grids, _), (_, lines) in zip(layouts, bodies, strict=True)]
    )
    for (p, grids, _), (_, lines) in zip(layouts, bodies, strict=True):
        grids = list(grids)
        taken: set[int] = set()
        toc = toc_lines(lines)
        builder.toc_ids.update(id(lines[k]) for k in toc)
        for start, end, g in find_text_tables(lines):
            if toc.issuperset(range(start, end)):
                continue  # entries and their page numbers, not a table
            grids.append(g)  # a table without ruling lines, columns from word positions
            taken.update(range(start, end))
        lines = [ln for k, ln in enumerate(lines) if k not in taken]
        items: list[tuple[float, Line | Grid]] = [(ln.top, ln) for ln in lines]
        items += [(g.top, g) for g in grids]
        items.sort(key=lambda it: it[0])
        # a page size with no text at all (a scanned insert) has no margins of its own
        left, right = edges.get(round(p.width), (0.0, p.width))
        top, bottom = frames.get(round(p.width), (0.0, p.height))
        builder.new_page(p.number, left, right, top, bottom)
        for _, item in items:
            if isinstance(item, Grid):
                builder.add_grid(item)
            else:
                builder.add_line(item)
    blocks = builder.finish()
    mark_toc(blocks)
    text = "\n".join(b.text for b in blocks[:40])
    return Document(
        source=source, format="pdf", kind=guess_kind(text), blocks=blocks, title=document_title(blocks)
    )


def toc_lines(lines: list[Line]) -> set[int]:
    """Indexes of a page's table-of-contents lines printed without a leader: after a
    目录 line, the run of lines ending in a page number set apart (一、部门职责      3).
    Each is an entry of its own, neither a table row nor part of a paragraph."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        i += 1
        if is_toc_title(lines[i - 1].text):
            while i < len(lines) and _ends_in_page_number(lines[i]):
                out.add(i)
                i += 1
    return out


def _ends_in_page_number(ln: Line) -> bool:
    segs = segments(ln)
    return len(segs) >= 2 and bool(re.fullmatch(r"\d{1,3}", join_chars(segs[-1]).strip()))


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _in_margin(ln: Line, p: PageContent) -> bool:
    return ln.bottom <= p.height * MARGIN or ln.top >= p.height * (1 - MARGIN)


def running_keys(pages: list[tuple[PageContent, list[Line]]]) -> set[str]:
    """Texts printed in the top/bottom margin of many pages (digits ignored)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for p, lines in pages:
        seen.update({_key(ln.text) for ln in lines if _in_margin(ln, p)})
    need = max(2, int(0.4 * len(pages)))
    return {k for k, n in seen.items() if n >= need}


def _is_running(ln: Line, p: PageContent, running: set[str]) -> bool:
    if not _in_margin(ln, p):
        return False
    return bool(PAGE_NUMBER.match(ln.text)) or _key(ln.text) in running


def text_edges(pages: list[tuple[PageContent, list[Line]]], body: float) -> dict[int, tuple[float, float]]:
    """Left and right text margins for each page width (portrait and landscape pages
    differ), from the body lines of the whole document: one page's lines may all be short."""
    xs: dict[int, tuple[list[float], list[float]]] = {}
    for p, lines in pages:
        lefts, rights = xs.setdefault(round(p.width), ([], []))
        for ln in lines:
            if abs(ln.size - body) <= 0.1 * body:
                lefts.append(ln.x0)
                rights.append(ln.x1)
    out = {}
    for w, (lefts, rights) in xs.items():
        lefts.sort()
        rights.sort()
        left = lefts[len(lefts) // 10] if lefts else 0.0
        right = rights[(len(rights) * 9) // 10] if rights else float(w)
        if len(rights) < 20:
            # Too few lines to tell full ones from short ones: pages have the same
            # margin on both sides far more often than not.
            right = max(right, w - left - 0.5 * body)
        out[w] = (left, right)
    return out


def body_frames(pages: list[tuple[PageContent, list[Grid], list[Line]]]) -> dict[int, tuple[float, float]]:
    """Top and bottom of the text area for each page width: where content starts on a
    full page and how far down it reaches."""
    out: dict[int, tuple[float, float]] = {}
    for p, grids, lines in pages:
        tops = [ln.top for ln in lines] + [g.top for g in grids]
        bottoms = [ln.bottom for ln in lines] + [g.bottom for g in grids]
        if not tops:
            continue
        top, bottom = out.get(round(p.width), (p.height, 0.0))
        out[round(p.width)] = (min(top, min(tops)), max(bottom, max(bottoms)))
    return out


def line_pitch(pages: list[list[Line]], body: float) -> float:
    """The usual baseline-to-baseline distance of body lines: official documents are often
    set with 1.5–2 line spacing, so a paragraph's lines may stand a full line apart."""
    seen: Counter[int] = Counter()
    for lines in pages:
        prev = None
        for ln in sorted(lines, key=lambda ln: ln.base):
            if abs(ln.size - body) > 0.1 * body:
                prev = None
                continue
            if prev is not None:
                d = ln.base - prev.base
                if 0.9 * body <= d <= 3 * body:
                    seen[round(d)] += 1
            prev = ln
    return float(seen.most_common(1)[0][0]) if seen else 1.5 * body


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size, 1)] += len(ln.chars)
    return sizes.most_common(1)[0][0] if sizes else 10.0


class _Builder:
    """Turns the page items, in reading order, into blocks."""

    def __init__(self, body_size: float, pitch: float | None = None) -> None:
        self.body = body_size
        self.pitch = pitch or 1.5 * body_size
        self.blocks: list[Block] = []
        self.para: list[Line] = []
        self.para_page = 0
        self.page = 0
        self.left = 0.0
        self.right = 0.0
        self.last_was_table = False  # the previous item on this page or the page before
        self.page_started = True
        self.heading_sizes: list[float] = []
        self.last_xs: list[float] = []  # column boundaries of the last table
        self.last_bottom = 0.0
        # Printed lines are numbered through the document (reading order, running heads
        # left out; a table row counts as one line), so findings get a line as in text.
        self.lineno = 0
        self.para_nums: list[int] = []
        self.wrapped: dict[int, bool] = {}
        self.full: dict[int, bool] = {}  # id(Cell) → its last line reaches the cell's edge
        self.top = self.bottom = self.prev_bottom_limit = 0.0
        self.toc_ids: set[int] = set()  # id(Line) of TOC entries: each stands alone

    def new_page(self, number: int, left: float, right: float, top: float, bottom: float) -> None:
        self.page, self.left, self.right = number, left, right
        self.prev_bottom_limit = self.bottom or bottom
        self.top, self.bottom = top, bottom
        self.page_started = True

    def _heading_level(self, size: float) -> int:
        # Sizes measured from glyph boxes differ by a fraction of a point between fonts
        # of one nominal size: those are one level.
        known = next((h for h in self.heading_sizes if abs(h - size) <= 0.06 * size), None)
        if known is None:
            self.heading_sizes.append(size)
            self.heading_sizes.sort(reverse=True)
            known = size
        return self.heading_sizes.index(known) + 1

    def _flush(self) -> None:
        if not self.para:
            return
        lines, self.para = self.para, []
        nums, self.para_nums = self.para_nums, []
        text, starts = _join_lines(lines)
        size = lines[0].size
        where = {
            "page": self.para_page,
            "line": nums[0],
            "end_line": nums[-1],
            "line_map": list(zip(starts, nums, strict=True)) if len(nums) > 1 else [],
        }
        level = self._heading_level(size) if size > self.body * 1.05 else None
        self.blocks.append(text_block(text, level, **where))

    def add_line(self, ln: Line) -> None:
        if self.para and self._continues(self.para[-1], ln):
            self.para.append(ln)
        else:
            self._flush()
            self.para = [ln]
            self.para_page = self.page
        self.lineno += 1
        self.para_nums.append(self.lineno)
        self.last_was_table = False
        self.page_started = False

    def _continues(self, prev: Line, ln: Line) -> bool:
        """Does ``ln`` go on with the paragraph so far? Geometry decides where a line
        ended (a PDF shows it, unlike a text export); the text reader's vocabulary keeps
        headings, titles, list items and labels apart from a paragraph's run."""
        if not self._runs_on(prev, ln) or id(prev) in self.toc_ids or id(ln) in self.toc_ids:
            return False
        if TOC_LEADER.search(prev.text):
            return False  # a TOC entry ends in its leader dots, page number or not
        if len(self.para) == 1:
            first = prev.text.strip()
            if stands_alone(first) or is_label(first):
                return False
        nxt = ln.text.strip()
        return not opens_block(nxt) and not LEADER_RE.search(nxt)

    def _runs_on(self, prev: Line, ln: Line) -> bool:
        size = ln.size
        if abs(prev.size - size) > 0.1 * size:
            return False
        if prev.x1 + _first_word_width(ln) + 1.5 * size < self.right and not self._cut_mid_clause(prev):
            return False  # the previous line ended short (its next word would have fit)
        if ln.x0 > self.left + 1.5 * size:
            return False  # indented: a new paragraph
        if self.page_started:
            # A paragraph running on from the page before, unless its last line there
            # ended a sentence: no spacing tells paragraphs apart over a page break, and
            # the text reader's rule (a line ending 。 closes its paragraph) decides.
            return not ends_sentence(prev.text)
        if abs(ln.size - self.body) <= 0.1 * self.body:
            # Body text: the next line of a paragraph stands one usual pitch below. A
            # sentence that ended where an enumerated entry begins (。⏎八、…) closes its
            # paragraph even without extra spacing.
            if ends_sentence(prev.text) and HEADING_RE.match(ln.text.strip()):
                return False
            return ln.base - prev.base <= self.pitch + 0.3 * size
        gap = ln.top - prev.bottom
        return gap <= 0.8 * size

    def _title_rows_out(self, g: Grid) -> Grid:
        """A table's title and its 编制单位/单位 lines drawn inside the table's frame are
        the lines above the table, as a reader sees them: blocks of their own."""
        k = 0
        lead: list[str] = []
        while k < len(g.rows):
            cells = [t.strip() for t in g.rows[k] if t.strip()]
            if cells and not all(is_title(t) or is_meta(t) for t in cells):
                break
            lead += cells
            k += 1
        # A title alone in a form's first row is the form's own caption (绩效自评表):
        # only a title with its 编制单位/单位 line is the report table's heading.
        if k == 0 or not any(is_meta(t) for t in lead) or not any(is_title(t) for t in lead):
            return g
        for t in lead:
            self.lineno += 1
            level = self._heading_level(self.body * 1.2) if is_title(t) else None
            self.blocks.append(text_block(t, level, page=self.page, line=self.lineno))
        return Grid(
            top=g.ys[k] if k < len(g.ys) else g.bottom,
            bottom=g.bottom,
            xs=g.xs,
            ys=g.ys[k:],
            rows=g.rows[k:],
            full=g.full[k:],
            wrapped=g.wrapped[k:],
        )

    def _cut_mid_clause(self, prev: Line) -> bool:
        """A long line ending on a word, not on punctuation, was cut mid-clause (a page
        whose text block is narrower than the document's usual one)."""
        t = prev.text.rstrip()
        wide = prev.x1 - self.left >= 0.6 * (self.right - self.left)
        return wide and bool(t) and (t[-1].isalnum() or "\u4e00" <= t[-1] <= "\u9fff")

    def add_grid(self, g: Grid) -> None:
        self._flush()
        g = self._title_rows_out(g)
        if not g.rows:
            return
        prev = self.blocks[-1] if self.blocks else None
        union = None
        if (
            prev is not None
            and prev.kind == "table"
            and self.page_started
            and self.last_was_table
            # The first thing on this page, right after a table on the page before, with
            # the same columns; and either that table filled its page to the foot (no room
            # for its next row there), or this grid opens with a data row or the header
            # printed again (a generator that breaks pages every N rows): one table.
            and (
                self.last_bottom + (g.ys[1] - g.ys[0]) >= self.prev_bottom_limit - 0.5 * self.body
                or _opens_with_data(g.rows)
                or _repeated_header(prev.rows, [[Cell(text=t) for t in r] for r in g.rows[:4]]) > 0
            )
        ):
            union = _column_union(self.last_xs, g.xs)
        rows = []
        for r in g.rows:
            self.lineno += 1
            rows.append([Cell(text=t, page=self.page, line=self.lineno) for t in r])
        for r, flags, wraps in zip(rows, g.full, g.wrapped, strict=True):
            self.full.update((id(c), f) for c, f in zip(r, flags, strict=True))
            self.wrapped.update((id(c), w) for c, w in zip(r, wraps, strict=True))
        if prev is not None and union is not None:
            # The table goes on from the page before: same frame, columns the same or
            # refined by merged cells on one side.
            if union != self.last_xs:
                prev.rows = _remap(prev.rows, self.last_xs, union)
            rows = _remap(rows, g.xs, union)
            rows = rows[_repeated_header(prev.rows, rows) :]  # header printed again
            if rows and prev.rows and _row_fragment(prev.rows[-1], rows[0], self.full, self.wrapped):
                # A row broken by the page end: its wrapped text continues in the same cells.
                for a, b in zip(prev.rows[-1], rows.pop(0), strict=True):
                    a.text = join_broken(a.text, b.text)
            prev.rows.extend(rows)
            prev.text = _table_text(prev.rows)
            prev.end_line = self.lineno
            self.last_xs = union
        else:
            block = Block(kind="table", rows=rows, text=_table_text(rows), page=self.page)
            block.line = rows[0][0].line if rows and rows[0] else None
            block.end_line = self.lineno
            self.blocks.append(block)
            self.last_xs = g.xs
        self.last_was_table = True
        self.last_bottom = g.bottom
        self.page_started = False

    def finish(self) -> list[Block]:
        self._flush()
        return self.blocks


TRAILING = set("。，、；：%）)”")
OPENING = set("（(“《【")
WORD = set("0123456789.,%-+/") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _first_word_width(ln: Line) -> float:
    """Width of what a wrap cannot split at the start of a line (a number, a Latin word,
    or one CJK character) with the punctuation that must follow it."""
    chars = ln.chars
    n = 1
    while n < len(chars) and chars[n - 1].text in OPENING:
        n += 1
    if chars[0].text in WORD:
        while n < len(chars) and chars[n].text in WORD:
            n += 1
    while n < len(chars) and chars[n].text in TRAILING:
        n += 1
    return chars[n - 1].x1 - chars[0].x0


NUMBER = re.compile(r"^[-+]?[\d,]*\.?\d+%?$")


def _repeated_header(prev: list[list[Cell]], rows: list[list[Cell]]) -> int:
    """How many first rows on the new page are the table's header rows printed again.
    None when the row after them restates the table's next row with other values (same
    label in the first column): that is the next record of a table of forms (one
    绩效自评表 after another), not a repeated header."""
    n = 0
    while n < len(rows) and n < len(prev) and _texts(rows[n]) == _texts(prev[n]):
        n += 1
    if n and n < len(rows) and n < len(prev) and rows[n][0].text and rows[n][0].text == prev[n][0].text:
        return 0
    return n


CODE_OR_AMOUNT = re.compile(r"^(?:\d{3}(?:\s*\d{2}){0,2}|[-+]?[\d,]*\.?\d+)$")


def _opens_with_data(rows: list[list[str]]) -> bool:
    """Does a grid start with a table body row (a classification code, or a label followed
    by amounts) rather than a header?"""
    if not rows:
        return False
    filled = [t.strip() for t in rows[0] if t.strip()]
    if not filled or filled[0].startswith(("合计", "总计")):
        return False
    amounts = sum(bool(CODE_OR_AMOUNT.match(t.replace(" ", ""))) for t in filled[1:])
    return bool(CODE_OR_AMOUNT.match(filled[0].replace(" ", ""))) or amounts >= max(1, len(filled) // 2)


def _texts(row: list[Cell]) -> list[str]:
    return [c.text for c in row]


def _row_fragment(
    last: list[Cell], first: list[Cell], full: dict[int, bool], wrapped: dict[int, bool]
) -> bool:
    """Is the first row on a new page the rest of the row the page cut? It then holds
    only words (no number, no code) — or the digits of a number that filled its narrow
    cell (2,403.1 ⏎ 0) — each below a filled cell of that row, and either those cells'
    text ran to the cell's right edge, or the row has cells that ended on the page before
    (short ones do not wrap) while the continued ones are wrapped text stopping
    mid-sentence."""
    filled = [b for b in first if b.text]
    if not filled or len(last) != len(first):
        return False
    pairs = list(zip(last, first, strict=True))
    for a, b in pairs:
        if b.text and NUMBER.match(b.text.replace(" ", "")) and not _number_rest(a, b, full):
            return False
    cont = [a for a, b in pairs if b.text]
    if not all(a.text for a in cont):
        return False
    if all(full.get(id(a), False) for a in cont):
        return True
    ended = any(a.text and not b.text for a, b in pairs)
    if not ended or not all(wrapped.get(id(a), False) for a in cont):
        return False
    return not any(a.text.rstrip()[-1] in "。；！？.;!?" for a in cont)


def _number_rest(a: Cell, b: Cell, full: dict[int, bool]) -> bool:
    """Are ``b``'s digits the end of the number ``a`` began, cut where its cell was full?"""
    return bool(a.text) and full.get(id(a), False) and is_number(a.text + b.text)


def _column_union(a: list[float], b: list[float], tol: float = 3.0) -> list[float] | None:
    """Column boundaries of two grids that are one table (same left and right edges, every
    boundary of one found in the other or only in one of them), or None."""
    if not a or not b or abs(a[0] - b[0]) > tol or abs(a[-1] - b[-1]) > tol:
        return None
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    if not all(any(abs(x - y) <= tol for y in big) for x in small):
        return None
    return list(big)


def _remap(rows: list[list[Cell]], xs: list[float], union: list[float], tol: float = 3.0) -> list[list[Cell]]:
    """Rows laid on finer columns: a cell spanning several keeps its text in the first."""
    if len(xs) == len(union):
        return rows
    starts = [next(i for i, u in enumerate(union) if abs(u - x) <= tol) for x in xs[:-1]]
    out = []
    for r in rows:
        first = r[0] if r else Cell(text="")
        new = [Cell(text="", page=first.page, line=first.line) for _ in range(len(union) - 1)]
        for c, cell in zip(starts, r, strict=False):
            new[c] = cell
        out.append(new)
    return out


def _table_text(rows: list[list[Cell]]) -> str:
    return "\n".join("\t".join(c.text for c in r) for r in rows)


def _join_lines(lines: list[Line]) -> tuple[str, list[int]]:
    """Wrapped lines as one paragraph, and the offset where each line starts in it."""
    out = ""
    starts = []
    for ln in lines:
        t = ln.text.strip()
        out = join_broken(out, t)
        starts.append(len(out) - len(t))
    return out, starts
