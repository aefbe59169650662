"""Sparse rows (space-separated exports): placeholder."""

from __future__ import annotations

from checker.document import Cell
from checker.tables.generic import build_generic
from checker.tables.model import TableColumn, TableKind, TableRow, TypedTable


def build_sparse(
    kind: TableKind, rows: list[list[Cell]], table: TypedTable
) -> tuple[list[TableColumn], list[TableRow]]:
    return build_generic(rows)
