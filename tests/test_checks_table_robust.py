"""Table rules never fail on odd tables: random structures, odd cell texts, cycles."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.checks.context import CheckContext
from checker.checks.registry import selected_rules
from checker.document import Document
from checker.tables.model import TableCell, TableColumn, TableKind, TableRow, Tables, TypedTable

KEYS = [
    "total",
    "basic",
    "project",
    "personnel",
    "public",
    "current",
    "carryover",
    "fiscal",
    "other",
    "rate",
    "executed",
    "adjusted_budget",
    "budget",
    "budget.total",
    "final.total",
    "carry_in",
    "carry_out",
    "income",
]
TEXTS = st.sampled_from(
    [
        "",
        "0",
        "0.00",
        "1,234.56",
        "-3.2",
        "(5.00)",
        "12%",
        "--",
        "…",
        "abc",
        "１２３",
        "17783",
        "1783",
        "100%",
        "3.5万",
        " 7 ",
    ]
)
LABELS = st.sampled_from(
    [
        "合计",
        "总计",
        "本年收入合计",
        "本年支出合计",
        "一、一般公共预算财政拨款收入",
        "其中：利息",
        "年初结转和结余",
        "（一）社会保障和就业支出",
        "人员经费合计",
        "公用经费合计",
        "年度资金总额",
        "其他资金",
        "政府采购支出合计",
        "1.政府采购货物支出",
        "",
        "……",
    ]
)


@st.composite
def tables(draw):
    out = []
    for n in range(draw(st.integers(1, 4))):
        keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True))
        cols = [
            TableColumn(
                key=k,
                label=draw(st.sampled_from(["", "合计", "小计", "基本支出", k])),
                group=draw(st.sampled_from(["", "预算数", "决算数"])),
            )
            for k in keys
        ]
        nrows = draw(st.integers(0, 8))
        rows = []
        for _ in range(nrows):
            rows.append(
                TableRow(
                    label=draw(LABELS),
                    code=draw(st.sampled_from([None, "208", "20801", "2080101", "301", "30101", "x"])),
                    level=draw(st.sampled_from([None, 1, 2, 3])),
                    parent=draw(st.sampled_from([None, 0, 1, 5, -1, 99])),
                    is_total=draw(st.booleans()),
                    side=draw(st.sampled_from(["", "income", "expense"])),
                    cells={k: TableCell(text=draw(TEXTS)) for k in keys if draw(st.booleans())},
                )
            )
        out.append(
            TypedTable(
                index=n,
                kind=draw(st.sampled_from(list(TableKind))),
                title=draw(st.sampled_from(["", "支出决算表", "收入支出决算总表"])),
                unit=draw(st.sampled_from(["万元", "元", ""])),
                entity=draw(st.sampled_from(["", "某项目"])),
                columns=cols,
                rows=rows,
                notes=draw(st.sampled_from([[], ["按行列合计关系推断"]])),
            )
        )
    return Tables(tables=out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_table_rules_never_raise(ts: Tables):
    ctx = CheckContext(document=Document(source="t.txt"), tables=ts, claims=[])
    for r in selected_rules(["T", "X"]):
        for f in r.fn(ctx):
            assert f.code == r.code and f.severity in ("error", "warning", "info")
