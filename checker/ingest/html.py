"""HTML reports → Document (the standard library's ``html.parser``: no dependency).

Headings ``<h1>``–``<h6>`` carry their level, other text is a heading or a paragraph by
the text reader's vocabulary (``structure``: numbered headings, the table of contents);
``<p>``, ``<div>`` and ``<li>`` end paragraphs, ``<br>`` only where the text reader would
end a line's paragraph; ``<table>`` becomes a grid with ``colspan``/``rowspan`` expanded (the
text in the top-left cell, empty cells for the rest of the span, as text exports
show). Script, style and head content is skipped. Whitespace is collapsed as a
browser would.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from checker.document import Block, Cell, Document, IngestError
from checker.ingest.docx_numbering import format_number
from checker.ingest.files import decode_text, read_bytes
from checker.ingest.grid_limits import MAX_COLS, MAX_TABLE_CELLS, GridBudget, clamp, pad
from checker.ingest.structure import document_title, mark_toc, rejoin, text_block
from checker.ingest.text import guess_kind
from checker.ingest.text_lines import despace_cjk

BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "section", "article", "header", "footer", "blockquote",
    "pre", "hr", "dd", "dt", "dl", "center", "body", "main", "nav", "figure", "figcaption",
    "caption", "form",
}  # fmt: skip
SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg"}
BR = "\x00"  # a <br> in the text buffer (no document text holds NUL)


def read(path: Path) -> Document:
    data = read_bytes(path)
    if not data.strip():
        raise IngestError(f"文件为空：{path}")
    return parse_html(decode(data, str(path)), source=str(path))


def decode(data: bytes, source: str) -> str:
    m = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", data[:4096])
    declared = m.group(1).decode("ascii").lower() if m else None
    return decode_text(data, source, declared)


def parse_html(text: str, source: str = "<html>") -> Document:
    p = _Parser(GridBudget(source))
    try:
        p.feed(text)
        p.close()
    except IngestError:
        raise
    except Exception as e:  # html.parser is lenient; anything else is a broken file
        raise IngestError(f"HTML 文件无法解析：{source}（{type(e).__name__}）") from e
    p.flush()
    blocks = p.blocks
    mark_toc(blocks, declared=lambda b: id(b) in p.tagged)
    head = "\n".join(b.text for b in blocks[:40])
    return Document(
        source=source,
        format="html",
        kind=guess_kind(head),
        blocks=blocks,
        title=document_title(blocks),
        warnings=p.budget.warning(),
    )


class _Table:
    """One <table> as a grid; spans, width and size bounded (``grid_limits``)."""

    def __init__(self, budget: GridBudget) -> None:
        self.budget = budget
        self.rows: list[list[Cell]] = []
        self.row: list[Cell] | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.pending: dict[int, int] = {}  # column → rows still covered by a rowspan above
        self.n_cells = 0
        self.cut = False  # cells past the bounds were dropped
        self.full = False  # no more rows are taken

    def start_row(self) -> None:
        self.end_row()
        self.row = []

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self._skip_covered()
            if not self.full and self.budget.row(self.n_cells, len(self.row)):
                self.rows.append(self.row)
                self.n_cells += len(self.row)
            else:
                self.full = self.cut = True
            # rowspans reaching past this row go on; finished ones are dropped
            self.pending = {c: n - 1 for c, n in self.pending.items() if n > 1}
        self.row = None

    def _skip_covered(self) -> None:
        assert self.row is not None
        while len(self.row) < MAX_COLS and self.pending.get(len(self.row), 0) > 0:
            self.row.append(Cell(text=""))

    def start_cell(self, colspan: int, rowspan: int) -> None:
        self.end_cell()
        if self.row is None:
            self.row = []
        self.cell = []
        self.span = (colspan, rowspan)

    def end_cell(self) -> None:
        if self.cell is None or self.row is None:
            self.cell = None
            return
        self._skip_covered()
        if len(self.row) >= MAX_COLS or self.full:
            self.cut = self.cut or len(self.row) >= MAX_COLS
            self.cell = None
            return
        colspan, rowspan = self.span
        start = len(self.row)
        self.row.append(Cell(text=despace_cjk(_collapse("".join(self.cell)))))
        pad(self.row, colspan - 1)
        if rowspan > 1:
            for c in range(start, len(self.row)):
                self.pending[c] = rowspan  # counts this row; decremented at its end
        self.cell = None

    def grid(self) -> list[list[Cell]]:
        self.end_row()
        rows = [r for r in self.rows if r]
        width = max((len(r) for r in rows), default=0)
        if width * len(rows) > MAX_TABLE_CELLS:  # padding ragged rows must stay bounded too
            self.cut = True
            width = max(1, MAX_TABLE_CELLS // max(len(rows), 1))
            rows = [r[:width] for r in rows]
        for r in rows:
            pad(r, width - len(r))
        self.budget.cut_tables += self.cut
        return rows


def _ol_format(attrs: list[tuple[str, str | None]]) -> str:
    kinds = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
    return next((kinds.get(v or "", "decimal") for k, v in attrs if k == "type"), "decimal")


def _collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    for k, v in attrs:
        if k == name and v and v.strip().isdigit():
            return clamp(int(v.strip()[:9]))  # a bigger span is a broken file, not a report table
    return 1


class _Parser(HTMLParser):
    def __init__(self, budget: GridBudget) -> None:
        super().__init__(convert_charrefs=True)
        self.budget = budget
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.level: int | None = None
        self.skip = 0
        self.tables: list[_Table] = []
        self.line = 0
        self.tagged: set[int] = set()  # ids of <h1>–<h6> blocks
        # open lists: [numbered, last number, number format]; <ol> items are numbered
        # as a browser shows them (1. a. i.), so 1.社会保障和就业支出 reads as in text
        self.lists: list[list] = []
        self.label = ""  # the number of the <li> whose text comes next

    # text outside tables -------------------------------------------------------------
    def flush(self) -> None:
        # <br> breaks a paragraph's lines; pieces of a broken sentence are re-joined
        pieces = [t for t in (_collapse(s) for s in "".join(self.buf).split(BR)) if t]
        self.buf = []
        if pieces and self.label:
            pieces[0], self.label = self.label + pieces[0], ""
        for text in rejoin(pieces):
            # ``line`` counts paragraphs and table rows in order, as a text export's lines.
            self.line += 1
            where = {"line": self.line, "end_line": self.line}
            self.blocks.append(text_block(text, self.level, **where))
            if self.level is not None:
                self.tagged.add(id(self.blocks[-1]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skip += 1
            return
        if self.skip:
            return
        t = self.tables[-1] if self.tables else None
        if tag == "table":
            if t is None:
                self.flush()
            elif t.cell is not None:
                t.cell.append(" ")
            self.tables.append(_Table(self.budget))
        elif t is not None:
            if tag == "tr":
                t.start_row()
            elif tag in ("td", "th"):
                t.start_cell(_span(attrs, "colspan"), _span(attrs, "rowspan"))
            elif tag in ("br", "p", "div", "li") and t.cell is not None:
                t.cell.append(" ")
        elif re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self.level = int(tag[1])
        elif tag == "br":
            self.buf.append(BR)
        elif tag in BLOCK_TAGS:
            self.flush()
            if tag in ("ol", "ul"):
                numbered = tag == "ol"
                self.lists.append([numbered, _span(attrs, "start") - 1 if numbered else 0, _ol_format(attrs)])
            elif tag == "li" and self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                self.label = format_number(self.lists[-1][1], self.lists[-1][2]) + "."

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in SKIP_TAGS:
            self.skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        t = self.tables[-1] if self.tables else None
        if tag == "table" and t is not None:
            self.tables.pop()
            rows = t.grid()
            if self.tables:
                outer = self.tables[-1]
                if outer.cell is not None:  # a nested table: its text joins the cell
                    outer.cell.append(" ".join(c.text for r in rows for c in r if c.text))
            elif any(c.text for r in rows for c in r):
                first = self.line + 1
                for r in rows:
                    self.line += 1
                    for c in r:
                        c.line = self.line
                text = "\n".join("\t".join(c.text for c in r) for r in rows)
                self.blocks.append(Block(kind="table", rows=rows, text=text, line=first, end_line=self.line))
        elif t is not None:
            if tag in ("td", "th"):
                t.end_cell()
            elif tag == "tr":
                t.end_row()
        elif re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self.level = None
        elif tag in BLOCK_TAGS:
            self.flush()
            if tag in ("ol", "ul", "li"):
                self.label = ""  # an item without text of its own numbers nothing after it
            if tag in ("ol", "ul") and self.lists:
                self.lists.pop()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.tables:
            t = self.tables[-1]
            if t.cell is not None:
                t.cell.append(data)
            return
        self.buf.append(data)
