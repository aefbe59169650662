"""DOCX reports → Document: paragraphs and real tables in document order.

Reads the body's XML children directly (python-docx opens the package): paragraphs,
with the numbers Word prints for them (``docx_numbering``), become headings (Heading N /
标题 N styles, outline levels, or the text reader's vocabulary: ``structure``) or
paragraphs; a table of contents gives paragraphs under one 目录 heading; manual line
breaks split a paragraph only where the text reader would split its lines. Tables become
grids with merged cells expanded
(gridSpan, vMerge) so each row has one cell per grid column — the merged text in the
top-left cell and empty cells elsewhere, as text exports of the same tables show.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from checker.document import Block, Cell, Document, IngestError
from checker.ingest.docx_numbering import Numbering
from checker.ingest.files import check_package, refuse_ole
from checker.ingest.grid_limits import MAX_COLS, MAX_SPAN, MAX_TABLE_CELLS, GridBudget, clamp, pad
from checker.ingest.structure import document_title, join_broken, mark_toc, rejoin, text_block
from checker.ingest.text import guess_kind
from checker.ingest.text_lines import despace_cjk

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d$", re.IGNORECASE)  # Word's table-of-contents entries


def read(path: Path) -> Document:
    body, styles, numbering = _open(path)
    try:
        return _read_body(path, body, styles, numbering)
    except IngestError:
        raise
    except Exception as e:  # odd XML this reader does not understand: say so, no traceback
        raise IngestError(f"DOCX 内容无法解析：{path}（{type(e).__name__}: {e}）") from e


def _read_body(path: Path, body, styles: dict[str, str], numbering: Numbering) -> Document:
    blocks: list[Block] = []
    styled: set[int] = set()  # ids of blocks a Heading style / outline level declares
    # ``line`` counts the body's paragraphs and table rows in order: the line each would
    # be in a text export, so findings are located (and told apart) as in text.
    line = 0
    budget = GridBudget(str(path))
    for el in _children(body):
        if el.tag == W + "p":
            line += 1
            level = _level(el, styles)
            label = numbering.label(el)  # counters advance on every numbered paragraph
            if TOC_STYLE.match(_style_name(el, styles)):
                # 一、部门职责<tab>3: the entry without its leader and page number, never a
                # heading or a tab-separated table row
                entry = _run_text(el).split("\t")[0].strip()
                if entry:
                    blocks.append(Block(kind="paragraph", text=entry, line=line, end_line=line))
                continue
            for b in _paragraph_blocks(el, level, label):
                b.line = b.end_line = line
                blocks.append(b)
                if level is not None and b.kind == "heading":
                    styled.add(id(b))
        elif el.tag == W + "tbl":
            rows = table_grid(el, budget)
            for r in rows:
                line += 1
                for c in r:
                    c.line = line
            if any(c.text for r in rows for c in r):
                blocks.append(
                    Block(
                        kind="table", rows=rows, text=_table_text(rows), line=rows[0][0].line, end_line=line
                    )
                )
    blocks = _tab_tables(blocks)
    mark_toc(blocks, declared=lambda b: id(b) in styled)
    text = "\n".join(b.text for b in blocks[:40])
    return Document(
        source=str(path),
        format="docx",
        kind=guess_kind(text),
        blocks=blocks,
        title=document_title(blocks),
        warnings=budget.warning(),
    )


def _open(path: Path):
    refuse_ole(path, ".docx 文件：可能是加密的 Word 文档或旧版 .doc 格式")
    check_package(path, "DOCX")
    try:
        import docx

        d = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise IngestError(f"DOCX 文件已损坏或不是有效的 Word 文档，无法读取：{path}") from e
    except Exception as e:  # python-docx raises its own types for broken packages
        raise IngestError(
            f"DOCX 文件已损坏或不是有效的 Word 文档，无法读取：{path}（{type(e).__name__}）"
        ) from e
    styles = {}
    try:
        for st in d.styles:
            styles[st.style_id] = st.name or ""
    except Exception:  # a broken styles part only loses heading levels
        pass
    try:
        numbering = Numbering(d.part.numbering_part.element, d.styles.element)
    except Exception:  # no numbering part, or one this reader does not understand
        numbering = Numbering()
    return d.element.body, styles, numbering


def _children(body):
    """Body paragraphs and tables, looking inside content controls (w:sdt)."""
    for el in body.iterchildren():
        if el.tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                yield from _children(content)
        else:
            yield el


def _run_text(p) -> str:
    out = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        tag = el.tag[len(W) :]
        if tag == "t":
            out.append(el.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag in ("br", "cr"):
            out.append("\n")
        else:
            out.append("-")
    return "".join(out)


def _style_name(p, styles: dict[str, str]) -> str:
    ppr = p.find(W + "pPr")
    st = ppr.find(W + "pStyle") if ppr is not None else None
    if st is None:
        return ""
    return styles.get(st.get(W + "val"), st.get(W + "val") or "").strip()


def _level(p, styles: dict[str, str]) -> int | None:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return None
    name = _style_name(p, styles)
    m = HEADING_STYLE.match(name)
    if m:
        return int(m.group(1))
    if name.lower() == "title":
        return 1
    ol = ppr.find(W + "outlineLvl")
    if ol is not None and (ol.get(W + "val") or "").isdigit() and int(ol.get(W + "val")) < 9:
        return int(ol.get(W + "val")) + 1
    return None


def _paragraph_blocks(p, level: int | None, label: str = "") -> list[Block]:
    """``label``: the number Word prints before the paragraph (一、), not in its text."""
    out = []
    pieces: list[str] = []  # between manual line breaks (Shift+Enter)

    def flush() -> None:
        out.extend(text_block(s, level) for s in rejoin(pieces))
        pieces.clear()

    for part in _run_text(p).split("\n"):
        if "\t" in part.strip():
            flush()
            out.append(Block(kind="paragraph", text=part))  # a tab-separated row: see _tab_tables
        elif part.strip():
            pieces.append(part.strip() if pieces or out else label + part.strip())
    flush()
    return out


def _tab_tables(blocks: list[Block]) -> list[Block]:
    """Runs of tab-separated paragraphs are tables typed with tabs (as in text exports)."""
    out: list[Block] = []
    run: list[list[Cell]] = []

    def flush() -> None:
        if len(run) >= 2:
            out.append(
                Block(
                    kind="table",
                    rows=list(run),
                    text=_table_text(run),
                    line=run[0][0].line,
                    end_line=run[-1][0].line,
                )
            )
        elif run:
            text = " ".join(c.text for c in run[0] if c.text)
            out.append(Block(kind="paragraph", text=text, line=run[0][0].line, end_line=run[0][0].line))
        run.clear()

    for b in blocks:
        if b.kind == "paragraph" and "\t" in b.text.strip():
            run.append([Cell(text=c.strip(), line=b.line) for c in b.text.split("\t")])
        else:
            flush()
            out.append(b)
    flush()
    return out


def _cell_text(tc) -> str:
    parts = []
    for p in tc.iter(W + "p"):
        t = _run_text(p).replace("\n", "").replace("\t", " ").strip()
        if t:
            parts.append(t)
    out = ""
    for t in parts:
        out = join_broken(out, t)
    return despace_cjk(out)  # 项    目: spaces typed to spread a header, as text cells lose them


def _int(el, name: str, default: int) -> int:
    if el is None:
        return default
    child = el.find(W + name)
    if child is None:
        return default
    v = child.get(W + "val")
    return int(v) if v and v.isdigit() else default


def table_grid(tbl, budget: GridBudget | None = None) -> list[list[Cell]]:
    """Rows of cells, one per grid column: spans expanded, merged text in the first cell.
    Spans, row width and table size are bounded (``grid_limits``)."""
    budget = budget or GridBudget("<docx>")
    rows: list[list[Cell]] = []
    n_cells = 0
    cut = False
    for tr in tbl.iterchildren(W + "tr"):
        trpr = tr.find(W + "trPr")
        row: list[Cell] = []
        pad(row, min(_int(trpr, "gridBefore", 0), MAX_SPAN))
        for tc in tr.iterchildren(W + "tc", W + "sdt"):
            cells = [tc] if tc.tag == W + "tc" else list(tc.iter(W + "tc"))
            for c in cells:
                if len(row) >= MAX_COLS:
                    cut = True
                    break
                tcpr = c.find(W + "tcPr")
                span = clamp(_int(tcpr, "gridSpan", 1))
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(W + "val") in (None, "continue")
                row.append(Cell(text="" if continued else _cell_text(c)))
                pad(row, span - 1)
        pad(row, min(_int(trpr, "gridAfter", 0), MAX_SPAN))
        if not budget.row(n_cells, len(row)):
            cut = True
            break
        n_cells += len(row)
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    if width * len(rows) > MAX_TABLE_CELLS:  # padding ragged rows must not exceed the bound either
        cut = True
        width = max(1, MAX_TABLE_CELLS // max(len(rows), 1))
        rows = [r[:width] for r in rows]
    for r in rows:
        pad(r, width - len(r))
    budget.cut_tables += cut
    return rows


def _table_text(rows: list[list[Cell]]) -> str:
    return "\n".join("\t".join(c.text for c in r) for r in rows)
