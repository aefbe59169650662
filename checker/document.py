"""The Document: what every ingester produces and every later stage reads.

A report is an ordered list of blocks — headings, paragraphs and table grids — each
carrying where it came from (source line, and page where the format has pages), so a
finding can always point back at the place a reviewer must look.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

BlockKind = Literal["heading", "paragraph", "table"]
DocKind = Literal["final", "budget", "unknown"]


class Cell(BaseModel):
    """One table cell as written (text normalised, numbers kept as printed)."""

    text: str
    line: int | None = None  # 1-based line in the source text, when the source has lines
    page: int | None = None


class Block(BaseModel):
    kind: BlockKind
    text: str = ""  # heading / paragraph text; for tables, the joined row text (for search)
    line: int | None = None  # 1-based first source line of the block
    end_line: int | None = None
    page: int | None = None
    level: int | None = None  # heading depth where the source says (Markdown #, 一、/（一）)
    # Table grids: rows of cells, header rows first, as the source lays them out.
    # Empty cells are kept as Cell(text="") where the source shows them (tabs, pipes,
    # DOCX/XLSX); layouts that drop empties (space-separated PDF text) give short rows.
    rows: list[list[Cell]] = Field(default_factory=list)
    # For space-separated layouts the ingester cannot know which column a short row's
    # values belong to; it says so, and the table parser then places values itself.
    sparse: bool = False
    # For paragraphs re-joined from several source lines: (offset in ``text`` where a
    # source line starts, that line number), ascending. Empty = the whole block is ``line``.
    line_map: list[tuple[int, int]] = Field(default_factory=list)

    def line_at(self, offset: int) -> int | None:
        """Source line of the character at ``offset`` in ``text``."""
        found = self.line
        for start, ln in self.line_map:
            if start > offset:
                break
            found = ln
        return found


class Document(BaseModel):
    source: str  # path or name as the user gave it
    format: str = "txt"  # txt | md | pdf | docx | xlsx | html
    kind: DocKind = "unknown"
    title: str = ""
    blocks: list[Block] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)  # ingestion notes, in Chinese

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]


class CheckerError(Exception):
    """A failure the user must be told about in one clear line (message in Chinese).

    Never shown as a traceback; ``checker check`` exits 2 with it, a batch records it as
    the document's status and goes on."""


class IngestError(CheckerError):
    """The input could not be read as a report."""
