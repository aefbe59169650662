"""Resolution and checks at report scale: every claim gets a verdict. (How fast: see
`checker bench perf`, which times each stage; speed is measured there, not asserted here.)"""

from __future__ import annotations

from checker.checks.context import CheckContext
from checker.checks.registry import selected_rules
from checker.claims.model import Claim, Span
from checker.document import Document
from checker.tables.model import TableCell, TableColumn, TableKind, TableRow, Tables, TypedTable


def _table(kind: TableKind, index: int) -> TypedTable:
    rows = [TableRow(label="合计", is_total=True, cells={"total": TableCell(text="9999.99")})]
    for i in range(120):
        code = f"2{i:02d}" if i % 10 == 0 else f"2{i // 10:02d}{i % 10:02d}01"
        rows.append(
            TableRow(label=f"第{i}号功能分类支出", code=code, cells={"total": TableCell(text=f"{i}.11")})
        )
    return TypedTable(
        index=index, kind=kind, title=kind.value, columns=[TableColumn(key="total", label="合计")], rows=rows
    )


def test_two_hundred_claims_against_ten_tables_all_get_a_verdict():
    kinds = [
        TableKind.GPB_EXPENSE,
        TableKind.EXPENSE,
        TableKind.SUMMARY,
        TableKind.INCOME,
        TableKind.BASIC_DETAIL,
    ]
    tables = Tables(tables=[_table(k, i) for i, k in enumerate(kinds * 2)])
    claims = []
    for i in range(200):
        v = f"{i % 120}.11"
        s = f"第{i % 120}号功能分类支出（项）支出 {v} 万元，占 1.0%"
        kind = "amount" if i % 2 else "share"
        val = v if kind == "amount" else "1.0"
        start = s.find(val)
        claims.append(
            Claim(
                kind=kind,
                value_text=val,
                sentence=s,
                span=Span(start=start, end=start + len(val)),
                section="一般公共预算财政拨款支出决算情况",
                path=[f"第{i % 120}号功能分类支出（项）"],
            )
        )
    ctx = CheckContext(document=Document(source="t"), tables=tables, claims=claims)
    rules = [r for r in selected_rules(["N"])]
    for r in rules:
        list(r.fn(ctx))
    assert len(ctx.verdicts) == 200
