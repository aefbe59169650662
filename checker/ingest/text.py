"""Plain-text / Markdown reports (text exported from PDFs), in every layout seen:
tab-separated tables, Markdown headings, space-separated tables with broken headers
(see :mod:`checker.ingest.spaced`), paragraphs broken mid-sentence, page markers and a
table of contents that must not pass for the body's headings."""

from __future__ import annotations

import re
from pathlib import Path

from checker.document import Block, Cell, Document
from checker.ingest.files import decode_text, read_bytes
from checker.ingest.spaced import build_block, ends_table, is_header_fragment
from checker.ingest.text_lines import (
    BULLET_RE,
    HEADING_RE,
    MD_HEADING_RE,
    PAGE_MARKER,
    TOC_RE,
    TocEntries,
    despace_cjk,
    heading_level,
    is_meta,
    is_numbered_heading,
    is_page_marker,
    is_title,
    may_continue,
    strip_md,
)

__all__ = ["HEADING_RE", "PAGE_MARKER", "decode", "guess_kind", "parse_text", "read_text_file"]


def decode(data: bytes, source: str) -> str:
    return decode_text(data, source)


def read_text_file(path: Path) -> Document:
    return parse_text(decode(read_bytes(path), str(path)), source=str(path))


def parse_text(text: str, source: str = "<text>") -> Document:
    """Blocks of a text export, in order, each with its source line(s)."""
    lines = text.splitlines()
    reader = _Reader(lines)
    reader.run()
    doc = Document(source=source, format="txt", blocks=reader.blocks)
    doc.kind = guess_kind(text)
    doc.title = guess_title(lines)
    return doc


class _Reader:
    """One pass over the lines; each branch emits the block(s) a line starts."""

    def __init__(self, lines: list[str]) -> None:
        self.raw = lines
        self.blocks: list[Block] = []

    # -- line access -------------------------------------------------------------
    def text(self, i: int) -> str:
        return strip_md(BULLET_RE.sub("", self.raw[i].strip())) if "\t" not in self.raw[i] else self.raw[i]

    def next_content(self, i: int) -> int:
        """Index of the next line that is neither blank nor a page marker (or len)."""
        while i < len(self.raw) and (not self.raw[i].strip() or is_page_marker(self.raw[i])):
            i += 1
        return i

    # -- main loop ---------------------------------------------------------------
    def run(self) -> None:
        i = self.next_content(0)
        while i < len(self.raw):
            raw = self.raw[i]
            if "\t" in raw or is_pipe_row(raw):
                i = self.tab_table(i)
            elif TOC_RE.match(strip_md(raw.strip().lstrip("#").strip())):
                i = self.toc(i)
            elif self.starts_spaced_table(i):
                i = self.spaced_table(i)
            else:
                i = self.line_block(i)
            i = self.next_content(i)

    def line_block(self, i: int) -> int:
        raw = self.raw[i].strip()
        md = MD_HEADING_RE.match(raw)
        s = self.text(i)
        if md and s:
            self.blocks.append(
                Block(
                    kind="heading",
                    text=strip_md(md.group(2)),
                    line=i + 1,
                    end_line=i + 1,
                    level=len(md.group(1)),
                )
            )
            return i + 1
        if is_numbered_heading(s):
            self.blocks.append(
                Block(kind="heading", text=s, line=i + 1, end_line=i + 1, level=heading_level(s))
            )
            return i + 1
        if is_title(s) or is_meta(s):
            self.blocks.append(Block(kind="paragraph", text=s, line=i + 1, end_line=i + 1))
            return i + 1
        return self.paragraph(i)

    def paragraph(self, i: int) -> int:
        """A paragraph, re-joined across the line breaks a PDF export put mid-sentence."""
        text = self.text(i)
        line_map = [(0, i + 1)]
        end = i
        j = self.next_content(i + 1)
        while j < len(self.raw) and self.continues(text, j):
            piece = self.text(j)
            sep = " " if _ascii_word(text[-1]) and _ascii_word(piece[0]) else ""
            line_map.append((len(text) + len(sep), j + 1))
            text = text + sep + piece
            end = j
            j = self.next_content(j + 1)
        self.blocks.append(
            Block(
                kind="paragraph",
                text=text,
                line=i + 1,
                end_line=end + 1,
                line_map=line_map if len(line_map) > 1 else [],
            )
        )
        return end + 1

    def continues(self, text: str, j: int) -> bool:
        raw = self.raw[j].strip()
        if self.grid_row(j) or MD_HEADING_RE.match(raw) or BULLET_RE.match(raw):
            return False
        return may_continue(text, self.text(j))

    # -- table of contents ---------------------------------------------------------
    def toc(self, i: int) -> int:
        """目录 entries are kept as paragraphs under a 目录 heading, never as headings of
        the body, so section tracking in the narrative is not misled."""
        self.blocks.append(Block(kind="heading", text="目录", line=i + 1, end_line=i + 1, level=1))
        entries = TocEntries()
        j = self.next_content(i + 1)
        while j < len(self.raw) and not self.grid_row(j):
            s = self.text(j)
            if not entries.accept(s):
                break
            self.blocks.append(Block(kind="paragraph", text=s, line=j + 1, end_line=j + 1))
            j = self.next_content(j + 1)
        return j

    # -- tables ----------------------------------------------------------------------
    def grid_row(self, j: int) -> bool:
        """A row of a table the export kept as a grid (tabs or Markdown pipes)."""
        return "\t" in self.raw[j] or is_pipe_row(self.raw[j])

    def tab_table(self, i: int) -> int:
        """Tab-separated (or Markdown pipe) rows; a blank line inside the table does not
        split it."""
        pipes = is_pipe_row(self.raw[i])
        rows: list[list[Cell]] = []
        j = i
        last = i
        while j < len(self.raw) and (is_pipe_row(self.raw[j]) if pipes else "\t" in self.raw[j]):
            cells = pipe_cells(self.raw[j]) if pipes else self.raw[j].split("\t")
            if cells is not None:  # the |---|---| line under a Markdown header is layout
                rows.append([Cell(text=despace_cjk(c), line=j + 1) for c in cells])
            last = j
            j = self.next_content(j + 1)
        self.blocks.append(
            Block(
                kind="table",
                text="\n".join("\t".join(c.text for c in r) for r in rows),
                rows=rows,
                line=i + 1,
                end_line=last + 1,
            )
        )
        return last + 1

    def starts_spaced_table(self, i: int) -> bool:
        """公开 NN 表 / 单位：万元 (or a 绩效表 title over 项目名称) followed by table lines
        without tabs: a table whose column structure the export lost."""
        s = self.text(i)
        if is_meta(s) or (is_title(s) and "绩效" in s):
            prev, j = s, self.next_content(i + 1)
            while j < len(self.raw) and not self.grid_row(j) and self._meta_like(self.text(j), prev):
                prev, j = self.text(j), self.next_content(j + 1)
            if j >= len(self.raw) or self.grid_row(j):
                return False
            nxt = self.text(j)
            if is_title(s) and not is_meta(s) and not nxt.startswith("项目名称"):
                return False
            return not ends_table(nxt) and is_header_fragment(nxt)
        return False

    @staticmethod
    def _meta_like(s: str, prev: str) -> bool:
        return is_meta(s) or (len(s) <= 4 and bool(re.search(r"(公开|公开\s*\d+|万|：)$", prev)))

    def spaced_table(self, i: int) -> int:
        # meta lines (公开 02 表, 单位：万 ⏎ 元) stay paragraphs before the table
        j = i
        while j < len(self.raw) and not self.grid_row(j):
            s = self.text(j)
            prev = self.blocks[-1] if self.blocks else None
            if j > i and not self._meta_like(s, prev.text if prev else ""):
                break
            if (j > i and prev is not None and prev.kind == "paragraph" and len(s) <= 3) or (
                prev is not None and prev.text == "公开" and re.match(r"^\d+\s*表$", s)
            ):
                prev.text = prev.text + ("" if s == "元" else " ") + s
                prev.end_line = j + 1
            else:
                self.blocks.append(Block(kind="paragraph", text=s, line=j + 1, end_line=j + 1))
            j = self.next_content(j + 1)
        region: list[tuple[int, str]] = []
        while j < len(self.raw):
            if is_page_marker(self.raw[j]) or not self.raw[j].strip():
                j += 1
                continue
            if self.grid_row(j):
                break
            s = self.text(j)
            if region and (ends_table(s) or MD_HEADING_RE.match(self.raw[j].strip())):
                break
            region.append((j + 1, s))
            j += 1
        block = build_block(region)
        if block is not None:
            self.blocks.append(block)
        return j


_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


def is_pipe_row(raw: str) -> bool:
    """A Markdown table row: | a | b |."""
    s = raw.strip()
    return s.startswith("|") and s.count("|") >= 2


def pipe_cells(raw: str) -> list[str] | None:
    """Cells of a Markdown table row (None for the |---| rule); ``<br>`` and emphasis
    inside cells are layout."""
    s = raw.strip()
    if _PIPE_RULE.match(s):
        return None
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") and not s.endswith("\\|") else s
    parts = re.split(r"(?<!\\)\|", s)
    return [strip_md(re.sub(r"<br\s*/?>", "", p).replace("\\|", "|")).strip() for p in parts]


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def guess_title(lines: list[str]) -> str:
    """The cover: the first non-blank lines before 目录, dates left out."""
    parts: list[str] = []
    for raw in lines:
        s = strip_md(raw.strip().lstrip("#").strip())
        if not s or is_page_marker(s) or re.fullmatch(r"[\d\s年月日〇一二三四五六七八九十二]+", s):
            continue
        if TOC_RE.match(s) or HEADING_RE.match(s) or "\t" in raw or len(parts) >= 3 or len(s) > 40:
            break
        parts.append(s)
    return " ".join(parts)


def guess_kind(text: str) -> str:
    """决算 or 预算, from the title area only: body text (e.g. 基金预决算 in a duty list)
    names both words and must not decide."""
    head = " ".join([ln.strip() for ln in text.splitlines() if ln.strip()][:15])
    final = head.count("决算") - head.count("预决算")
    budget = head.count("预算")  # 预决算 does not contain 预算
    if final > budget:
        return "final"
    if budget > final:
        return "budget"
    return "unknown"
