"""Bounds on the grids the structured readers build from spans (HTML colspan/rowspan,
DOCX gridSpan/vMerge): a few bytes of markup must not become millions of cells.

A real report table has fewer than 40 columns and a few hundred rows; the bounds are far
above that, and a table cut at them is said in a warning."""

from __future__ import annotations

from checker.document import Cell, IngestError

MAX_SPAN = 200  # one cell's colspan / rowspan / gridSpan
MAX_COLS = 400  # one grid row
MAX_TABLE_CELLS = 100_000  # one table
MAX_DOC_CELLS = 300_000  # every table of a document together


class GridBudget:
    """Counts the cells a document's tables create; refuses the document past MAX_DOC_CELLS."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.cells = 0
        self.cut_tables = 0

    def row(self, cells_in_table: int, width: int) -> bool:
        """May a row of ``width`` cells be added to a table holding ``cells_in_table``?"""
        if cells_in_table + width > MAX_TABLE_CELLS:
            return False
        self.cells += width
        if self.cells > MAX_DOC_CELLS:
            raise IngestError(
                f"文件中的表格过大（超过 {MAX_DOC_CELLS} 个单元格，多为异常的合并单元格），无法检查：{self.source}"
            )
        return True

    def warning(self) -> list[str]:
        if not self.cut_tables:
            return []
        return [
            f"{self.cut_tables} 个表格过宽或过长（超过 {MAX_COLS} 列或 {MAX_TABLE_CELLS} 个单元格），超出部分未读取"
        ]


def pad(row: list[Cell], n: int) -> None:
    """Append ``n`` empty cells, never past MAX_COLS."""
    row.extend(Cell(text="") for _ in range(max(0, min(n, MAX_COLS - len(row)))))


def clamp(n: int) -> int:
    return max(1, min(n, MAX_SPAN))
