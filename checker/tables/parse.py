"""Entry point of the tables stage: every table block → a typed table (none dropped).

For each table block: read its title / number / unit from the lines before it, split
blocks holding several per-project tables, join a block continuing the previous table
(no new title, same width, no header), classify, and parse with the builder for its
shape. Unrecognised grids are kept as ``TableKind.UNKNOWN`` with generic columns.
"""

from __future__ import annotations

from checker.document import Block, Cell, Document
from checker.tables.basic_detail import build_basic_detail, is_block_layout
from checker.tables.classify import classify, classify_title
from checker.tables.confidence import doubts_of
from checker.tables.context import TableContext, read_context, read_preamble
from checker.tables.generic import build_generic, header_text, ncols_of, row_labels
from checker.tables.grid import squash
from checker.tables.headers import split_header
from checker.tables.hierarchy import infer_hierarchy
from checker.tables.model import TableColumn, TableKind, TableRow, Tables, TypedTable
from checker.tables.perf import build_self_eval, build_target, entity_of, split_projects
from checker.tables.project import build_project
from checker.tables.rows import link_units
from checker.tables.sparse import build_sparse
from checker.tables.summary import build_summary
from checker.tables.three_public import build_three_public

# Formats whose tables can be cut by a page break (DOCX/HTML/XLSX keep a table whole).
_PAGED = ("txt", "md", "pdf")
_SIDE_BY_SIDE = (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY)
_PER_PROJECT = (TableKind.PERF_SELF_EVAL, TableKind.PERF_TARGET)
# Kinds whose code-less rows get their hierarchy from the printed sums.
_HIERARCHICAL = (
    TableKind.EXPENSE,
    TableKind.GPB_EXPENSE,
    TableKind.BASIC_DETAIL,
    TableKind.GOV_FUND,
    TableKind.STATE_CAPITAL,
    TableKind.INCOME,
)


def parse_tables(doc: Document) -> Tables:
    out: list[TypedTable] = []
    sources: list[list[list[Cell]]] = []  # the grid rows each table was built from
    blocks = doc.blocks
    prev: int | None = None  # index of the previous table block
    for i, b in enumerate(blocks):
        if b.kind != "table" or not b.rows:
            continue
        ctx = read_context(blocks, i)
        skip = None
        if out and prev is not None and doc.format in _PAGED:
            skip = _continuation(out[-1], blocks[prev], b, ctx, blocks[prev + 1 : i])
        prev = i
        if skip is not None:
            sources[-1] = sources[-1] + b.rows[skip:]
            _rebuild(out, sources[-1], b, doc)
            continue
        for n, chunk in enumerate(_chunks(b.rows, ctx)):
            t = build_table(chunk, ctx, doc, index=len(out), block=b, first=n == 0, prior=out)
            t.sparse = b.sparse
            out.append(t)
            sources.append(chunk)
    return Tables(tables=out, report_kind=doc.kind)


def _chunks(rows: list[list[Cell]], ctx: TableContext) -> list[list[list[Cell]]]:
    kind = classify(ctx.title, ctx.number, header_text(rows), row_labels(rows))
    if kind in _PER_PROJECT:
        return split_projects(rows)
    return [rows]


def _continuation(
    last: TypedTable, last_block: Block, b: Block, ctx: TableContext, between: list[Block]
) -> int | None:
    """A table cut by a page break: nothing but page furniture in between (续表, page
    numbers), same width, and the new block starts with data or repeats the headers.
    Returns how many leading (repeated header) rows to drop, None if it is a new table."""
    if ctx.title or ctx.number or last.kind in _PER_PROJECT or last.kind is TableKind.THREE_PUBLIC:
        return None
    if any(len(x.text.strip()) > 12 for x in between if x.text.strip()):
        return None
    if ncols_of(b.rows) != ncols_of(last_block.rows) or b.sparse != last_block.sparse:
        return None
    start, _ = split_header(b.rows)
    if last.rows and last.rows[-1].is_total and _first_label(b.rows[start:]) in ("合计", "总计"):
        return None  # the previous table ended with its total; this one starts with its own
    if start == 0:
        return 0
    head = [[squash(c.text) for c in r] for r in b.rows[:start]]
    if head == [[squash(c.text) for c in r] for r in last_block.rows[:start]]:
        return start
    return None


def _first_label(rows: list[list[Cell]]) -> str:
    for r in rows:
        for c in r:
            if c.text.strip():
                return squash(c.text)
    return ""


def _rebuild(out: list[TypedTable], joined: list[list[Cell]], b: Block, doc: Document) -> None:
    # Re-parse the joined grid so columns stay those of the first page.
    table = out[-1]
    rebuilt = build_table(
        joined,
        TableContext(title=table.title, number=table.number, unit=table.unit),
        doc,
        index=table.index,
        block=b,
        first=True,
        line=table.line,
        prior=out[:-1],
    )
    rebuilt.page = table.page
    rebuilt.sparse = table.sparse or b.sparse
    rebuilt.notes.append("表格跨页，已与上一页接续合并")
    out[-1] = rebuilt


def build_table(
    rows: list[list[Cell]],
    ctx: TableContext,
    doc: Document,
    *,
    index: int,
    block: Block,
    first: bool = True,
    line: int | None = None,
    prior: list[TypedTable] | None = None,
) -> TypedTable:
    title = ctx.title if first else ""
    skip, inner = read_preamble(rows)
    inner_title = inner.title
    if inner_title and (not title or classify_title(title) is TableKind.UNKNOWN):
        title = inner_title
    start_line = _first_line(rows)
    # Title / number / unit lines printed inside the grid are not header rows.
    rows = rows[skip:] if skip < len(rows) else rows
    head_text = header_text(rows)
    labels = row_labels(rows)
    number = (ctx.number or inner.number) if first else inner.number
    kind = classify(title, number, head_text, labels)
    if kind is TableKind.UNKNOWN and inner_title:
        kind = classify(inner_title, "", head_text, labels)
    table = TypedTable(
        index=index,
        kind=kind,
        title=title or "",
        number=number,
        unit=inner.unit if inner.unit_seen else ctx.unit,
        line=line or start_line or block.line,
        page=block.page,
    )
    try:
        columns, trows = _build(kind, rows, doc, table, block.sparse, prior or [])
    except Exception as e:  # an odd grid must not lose the table nor stop the document
        table.notes.append(f"该表结构异常，已按通用表格读取（{type(e).__name__}）")
        try:
            columns, trows = build_generic(rows)
        except Exception:
            columns, trows = [], []
            table.notes.append("该表无法解析，仅保留标题")
    table.columns, table.rows = columns, trows
    if kind in _HIERARCHICAL and trows and not any(r.code for r in trows):
        keys = [c.key for c in columns]
        if link_units(trows):
            table.notes.append("按部门（单位）编码确定上下级")
        elif infer_hierarchy(trows, keys, prefer_flat=kind is TableKind.BASIC_DETAIL):
            table.notes.append("表中无科目编码，层级按名称序号与金额合计关系推断")
    table.doubts = doubts_of(table)
    return table


def _build(
    kind: TableKind,
    rows: list[list[Cell]],
    doc: Document,
    table: TypedTable,
    sparse: bool,
    prior: list[TypedTable],
) -> tuple[list[TableColumn], list[TableRow]]:
    if sparse:
        if kind is TableKind.PERF_SELF_EVAL:
            table.entity = entity_of(rows)
        return build_sparse(kind, rows, table, prior)
    if kind in _SIDE_BY_SIDE:
        built = build_summary(rows)
        if built is not None:
            return built
    if kind is TableKind.BASIC_DETAIL and is_block_layout(rows):
        return build_basic_detail(rows)
    if kind is TableKind.THREE_PUBLIC:
        return build_three_public(rows, "budget" if doc.kind == "budget" else "final")
    if kind is TableKind.PERF_SELF_EVAL:
        table.entity = entity_of(rows)
        return build_self_eval(rows)
    if kind is TableKind.PERF_TARGET:
        cols, trows, entity = build_target(rows)
        table.entity = entity
        return cols, trows
    if kind is TableKind.PROJECT:
        return build_project(rows)
    return build_generic(rows)


def _first_line(rows: list[list[Cell]]) -> int | None:
    return next((c.line for r in rows for c in r if c.line is not None), None)


__all__ = ["parse_tables"]
