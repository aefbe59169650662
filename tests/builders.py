"""Hand-built tables, claims and check contexts shared by the tests.

Tests type the figures of a real report by hand; these helpers only save them the
model boilerplate, so each test still shows the rows, sentences and values it uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from checker.checks.context import CheckContext
from checker.claims.model import Claim, Span
from checker.document import Block, Document
from checker.findings import Finding
from checker.tables.model import TableCell, TableColumn, TableKind, TableRow, Tables, TypedTable

ColumnSpec = TableColumn | tuple[str, str] | tuple[str, str, str]


def row(
    label: str,
    code: str | None = None,
    level: int | None = None,
    is_total: bool = False,
    side: str = "",
    line: int = 100,
    **cells: str,
) -> TableRow:
    """A table row; keyword arguments are column key → cell text as printed."""
    return TableRow(
        label=label,
        code=code,
        level=level,
        is_total=is_total,
        side=side,
        cells={k: TableCell(text=v, line=line) for k, v in cells.items()},
        line=line,
    )


def column(spec: ColumnSpec) -> TableColumn:
    if isinstance(spec, TableColumn):
        return spec
    key, label, *group = spec
    return TableColumn(key=key, label=label, group=group[0] if group else "")


def table(
    kind: TableKind,
    title: str,
    rows: Sequence[TableRow],
    columns: Iterable[ColumnSpec] = (("total", "合计"),),
    index: int = 0,
    **kw: object,
) -> TypedTable:
    """A typed table; columns as (key, label) or (key, label, group) tuples."""
    return TypedTable(
        index=index, kind=kind, title=title, columns=[column(c) for c in columns], rows=list(rows), **kw
    )


def basic_detail(rows: Sequence[TableRow]) -> TypedTable:
    """A 基本支出决算明细表 (by economic class) with one 决算数 column."""
    return table(
        TableKind.BASIC_DETAIL,
        "一般公共预算财政拨款基本支出决算明细表",
        rows,
        (("total", "决算数"),),
        index=5,
    )


def gpb_expense(rows: Sequence[TableRow], columns: Iterable[ColumnSpec], index: int = 4) -> TypedTable:
    """A 一般公共预算财政拨款支出决算表 (公开05表)."""
    return table(TableKind.GPB_EXPENSE, "一般公共预算财政拨款支出决算表", rows, columns, index=index)


def claim(kind: str, value: str, sentence: str, *, section: str = "", after: str = "", **kw: object) -> Claim:
    """A claim on ``value`` as it occurs in ``sentence`` (the first occurrence after ``after``)."""
    start = sentence.find(value, sentence.find(after) + len(after) if after else 0)
    assert start >= 0, f"{value!r} not in the sentence"
    return Claim(
        kind=kind,
        value_text=value,
        sentence=sentence,
        span=Span(start=start, end=start + len(value)),
        section=section,
        **kw,
    )


def paragraph_doc(text: str, line: int, source: str = "t", **kw: object) -> Document:
    """A document holding one narrative paragraph."""
    return Document(source=source, blocks=[Block(kind="paragraph", text=text, line=line)], **kw)


def context(
    claims: list[Claim], tables: Sequence[TypedTable], document: Document | None = None
) -> CheckContext:
    return CheckContext(
        document=document or Document(source="t"), tables=Tables(tables=list(tables)), claims=claims
    )


def tables_context(*tables: TypedTable) -> CheckContext:
    """A context holding only tables (no claims): what the table rules read."""
    return context([], tables, Document(source="t.txt"))


def run_rule(
    rule_fn: Callable[[CheckContext], Iterable[Finding]],
    claims: list[Claim],
    tables: Sequence[TypedTable],
    document: Document | None = None,
) -> tuple[list[Finding], CheckContext]:
    """Run one rule on hand-built claims and tables: its findings and the context (verdicts)."""
    ctx = context(claims, tables, document)
    return list(rule_fn(ctx)), ctx
