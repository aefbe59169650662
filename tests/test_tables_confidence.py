"""Table arithmetic only where the table was read with confidence (issue 13, tables).

Hand-built grids in the shapes real budget reports print: side-by-side 收入 | 支出 summary
tables whose halves carry different columns, a header over every amount column that names
the scope, codes printed with a one-digit 款 (``301 | 2``), 元 tables printing whole 元.
Figures are small and recomputed by hand in the comments. The corpus PDFs are used only
for general properties (no error on a table read with doubts; table names as printed).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import row, table, tables_context

from checker.checks.table_findings import all_findings
from checker.document import Block, Cell, Document
from checker.ingest import load
from checker.tables.columns import make_columns, strip_scope
from checker.tables.confidence import doubts_of, is_canonical
from checker.tables.context import read_preamble
from checker.tables.model import TableKind as K
from checker.tables.parse import parse_tables

CORPUS = sorted((Path(__file__).parent.parent / "fixtures" / "corpus").glob("*.pdf"))


def _rows(lines: list[str], start: int = 1) -> list[list[Cell]]:
    return [[Cell(text=t, line=start + i) for t in ln.split("\t")] for i, ln in enumerate(lines)]


def _parse(title: str, lines: list[str], unit: str = "单位：元"):
    doc = Document(
        source="t.txt",
        kind="budget",
        blocks=[
            Block(kind="paragraph", text=title, line=1),
            Block(kind="paragraph", text=unit, line=2),
            Block(kind="table", line=3, rows=_rows(lines, 3)),
        ],
    )
    return parse_tables(doc)


def _findings(tables):
    return all_findings(tables_context(*tables.tables))


# --- 财政拨款收支总表: the 支出 half has 合计 / 一般公共预算 / 政府性基金 / 国有资本经营 ---

FISCAL_HEAD = [
    "财政拨款收入\t\t财政拨款支出\t\t\t\t",
    "项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算",
]


def _fiscal(income_total: str, expense_total: str):
    # 支出: 300 + 200 = 500 in 合计 and in 一般公共预算
    return _parse(
        "2025年部门财政拨款收支预算总表",
        [
            *FISCAL_HEAD,
            "一、一般公共预算资金\t500\t一、一般公共服务支出\t300\t300\t\t",
            "二、政府性基金\t\t二、教育支出\t200\t200\t\t",
            f"收入总计\t{income_total}\t支出总计\t{expense_total}\t500\t\t",
        ],
    )


def test_fiscal_summary_halves_each_have_a_row_total():
    t = _fiscal("500", "500").tables[0]
    assert t.kind is K.FISCAL_SUMMARY and t.confident
    out = next(r for r in t.rows if r.side == "expense" and r.is_total)
    # 财政拨款支出 › 合计 is the 支出 half's row total, not a 财政拨款 column beside it
    assert out.value("total").value == 500
    assert {c.key for c in t.columns} == {"total", "gpb", "gov_fund", "state_capital"}
    total = t.column("total")
    assert total.label_for("income") == "财政拨款收入预算数"
    assert total.label_for("expense") == "财政拨款支出合计"
    assert _findings(_fiscal("500", "500")) == []


def test_fiscal_summary_unbalanced_totals_are_found_on_the_right_columns():
    # 收入总计 480 against 支出总计 500 (= 300 + 200 = 一般公共预算 500)
    fs = [f for f in _findings(_fiscal("480", "500")) if f.severity == "error"]
    assert fs
    assert all(f.code == "T105" for f in fs)
    balance = next(
        f for f in fs if "收入总计 = 支出总计" in f.message or "收入总计 = 支出总计" in f.computation
    )
    # the 支出 side is read in its own 合计 column: 500, not a blank read as 0
    assert "500" in balance.computation and "0 = 0" not in balance.computation


# --- unit 财务收支总表: 本年支出 › 预算数 › 合计 / 基本支出 › 人员经费, 公用经费 / 项目支出 --

UNIT_HEAD = [
    "本年收入\t\t本年支出\t\t\t\t",
    "\t\t\t预算数\t\t\t",
    "项目\t预算数\t项目\t合计\t基本支出\t\t项目支出",
    "\t\t\t\t人员经费\t公用经费\t",
]


def _unit(first_total: str):
    # 一般公共服务支出: 60 + 10 + 30 = 100; 住房保障支出: 20 + 0 + 0 = 20; 总计 120
    return _parse(
        "2025年预算单位财务收支预算总表",
        [
            *UNIT_HEAD,
            f"一、财政拨款收入\t120\t一、一般公共服务支出\t{first_total}\t60\t10\t30",
            "二、事业收入\t\t二、住房保障支出\t20\t20\t\t",
            "收入总计\t120\t支出总计\t120\t80\t10\t30",
        ],
    )


def test_unit_summary_income_rows_are_not_split_into_expense_columns():
    tables = _unit("100")
    t = tables.tables[0]
    assert t.confident
    assert {c.key for c in t.columns} >= {"total", "personnel", "public", "project"}
    assert _findings(tables) == []  # 120 of 收入 is not 人员经费 + 公用经费 + 项目支出 (= 0)


def test_unit_summary_expense_row_split_is_checked_in_its_own_half():
    # 一般公共服务支出 合计 printed 110, parts give 60 + 10 + 30 = 100
    fs = [f for f in _findings(_unit("110")) if f.severity == "error"]
    assert fs
    f = next(f for f in fs if f.location.row == "一、一般公共服务支出")
    assert f.stated == "110" and f.expected == "100"
    # the column is named by the 支出 half's header, and the table by its printed title
    assert "本年收入" not in f.location.column
    assert f.location.table == "2025年预算单位财务收支预算总表"
    # its evidence is on the 支出 half only, never the 收入 row printed beside it
    assert "一、一般公共服务支出" in {c.row for c in f.cells}
    assert not {c.row for c in f.cells} & {"一、财政拨款收入", "二、事业收入", "收入总计"}


# --- a header over every amount column names the scope -------------------------------


def test_scope_header_is_not_a_column_word():
    paths = [["一般公共预算支出", "合计"], ["一般公共预算支出", "基本支出"], ["一般公共预算支出", "项目支出"]]
    assert [c.key for c in make_columns(paths)] == ["total", "basic", "project"]
    # labels stay as printed
    assert make_columns(paths)[0].label == "一般公共预算支出合计"
    # a shared group that names a part (基本支出) is kept: its 合计 is 基本支出
    part = [["基本支出", "合计"], ["基本支出", "人员经费"], ["基本支出", "公用经费"]]
    assert strip_scope(part) == part
    assert [c.key for c in make_columns(part)] == ["basic", "personnel", "public"]


# --- codes printed with a one-digit 款 ----------------------------------------------

BASIC_HEAD = [
    "部门预算经济分类科目编码\t\t经济分类科目名称\t一般公共预算基本支出\t\t",
    "类\t款\t\t合计\t人员经费\t公用经费",
]


def _basic(first: str):
    # 301 = 30101 + 301|2 + 30108 = 50 + 30 + 20 = 100 when ``first`` is 100
    return _parse(
        "2024年部门一般公共预算基本支出部门预算经济分类预算表",
        [
            *BASIC_HEAD,
            f"301\t\t工资福利支出\t{first}\t{first}\t0",
            "301\t01\t基本工资\t50\t50\t0",
            "301\t2\t津贴补贴\t30\t30\t0",
            "301\t08\t机关事业单位基本养老保险缴费\t20\t20\t0",
            f"合计\t\t\t{first}\t{first}\t0",
        ],
    )


def test_code_printed_with_one_digit_makes_no_hierarchy_of_its_own():
    t = _basic("100").tables[0]
    rows = {r.label: r for r in t.rows}
    odd = rows["津贴补贴"]
    assert odd.code == "301 2"  # as printed: never matches 301 nor 30102
    assert sum(1 for r in t.rows if r.code == "301") == 1
    # it sits under the 类 its printed part names, as does the next well-printed 款
    assert t.rows[odd.parent].label == "工资福利支出"
    assert t.rows[rows["机关事业单位基本养老保险缴费"].parent].label == "工资福利支出"
    assert _findings(_basic("100")) == []


def test_sum_over_a_child_placed_by_an_incomplete_code_is_only_a_note():
    # 301 printed 90, children give 50 + 30 + 20 = 100; one child's code is incomplete
    fs = [f for f in _findings(_basic("90")) if f.code == "T101"]
    assert fs
    assert all(f.severity == "info" for f in fs)
    assert all("科目编码印刷不全" in f.message for f in fs)


# --- a column no header word names -----------------------------------------------------


def _unnamed(total: str):
    return table(
        K.EXPENSE,
        "支出预算总表",
        [
            row("合计", is_total=True, total=total, basic="6", project="4", x="1"),
            row("一般公共服务支出", "201", 1, total="10", basic="6", project="4", x="1"),
        ],
        columns=[("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"), ("x", "另列数")],
        unit="元",
    )


def test_a_column_without_known_header_is_a_doubt():
    t = _unnamed("10")
    assert not is_canonical("x") and is_canonical("budget.basic") and not is_canonical("total_2")
    assert doubts_of(t) == ["金额列“另列数”的含义未能从表头识别"]


def test_findings_on_a_table_read_with_doubts_are_info_never_errors():
    # 合计 row 12 against 基本支出 6 + 项目支出 4 = 10 (and 类 201 = 10)
    t = _unnamed("12")
    t.doubts = doubts_of(t)
    fs = all_findings(tables_context(t))
    assert fs and all(f.severity == "info" for f in fs)
    assert all("含义未能从表头识别" in f.message for f in fs)
    # the same table with every column named: an error
    t2 = _unnamed("12")
    t2.columns = t2.columns[:3]
    for r in t2.rows:
        r.cells.pop("x")
    assert doubts_of(t2) == []
    assert any(f.severity == "error" for f in all_findings(tables_context(t2)))


def test_side_by_side_table_without_halves_is_a_doubt():
    t = table(K.SUMMARY, "收支预算总表", [row("收入总计", is_total=True, total="5")])
    assert doubts_of(t) == ["收支两方未能区分：表头未识别出收入、支出两半"]


# --- one unit of the last digit: tail difference ---------------------------------------


def _hierarchy(unit: str, parent: str):
    return table(
        K.GPB_EXPENSE,
        "一般公共预算支出功能分类预算表",
        [
            row("城乡社区支出", "212", 1, total=parent),
            row("城乡社区管理事务", "21201", 2, total="60"),
            row("其他城乡社区支出", "21299", 2, total="40"),
        ],
        unit=unit,
    )


@pytest.mark.parametrize(
    ("unit", "parent", "severity"),
    [
        ("元", "101", "warning"),  # 60 + 40 = 100 元: 1 元 off is a tail difference
        ("元", "102", "error"),  # 2 元 off
        ("万元", "101", "error"),  # 1 万元 is not a tail difference of a cent quantity
        ("万元", "100.02", "warning"),  # 60 ± 0.005 + 40 ± 0.005 misses 100.02 by a cent
    ],
)
def test_tail_difference_is_one_unit_of_the_printed_last_digit(unit, parent, severity):
    fs = all_findings(tables_context(_hierarchy(unit, parent)))
    assert [f.severity for f in fs] == [severity]


# --- titles printed inside the grid, spaced by blank rows ------------------------------


def test_title_rows_separated_by_blank_rows_are_the_preamble():
    rows = _rows(
        [
            "\t\t",
            "2025年预算单位财政拨款收支预算总表\t\t",
            "\t\t",
            "编制单位：某某委员会\t\t单位：元",
            "\t\t",
            "项目\t预算数\t",
        ]
    )
    n, ctx = read_preamble(rows)
    assert ctx.title == "2025年预算单位财政拨款收支预算总表"
    assert ctx.unit == "元"
    assert n == 4  # the header row stays


# --- the corpus: general properties ----------------------------------------------------


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_table_findings_name_printed_titles_and_spare_doubtful_tables(path):
    tables = parse_tables(load(path))
    titles = {t.title for t in tables.tables}
    doubtful = {t.title for t in tables.tables if t.doubts}
    for f in _findings(tables):
        assert f.location.table in titles and f.location.table
        if f.location.table in doubtful:
            assert f.severity == "info"
    # every side-by-side summary table is read in two halves, each with its row total
    for t in tables.tables:
        if t.kind in (K.SUMMARY, K.FISCAL_SUMMARY) and t.rows:
            assert {r.side for r in t.rows} == {"income", "expense"}
            for side in ("income", "expense"):
                tot = [r for r in t.rows if r.side == side and r.is_total]
                assert tot and "total" in tot[-1].cells  # (a blank template prints no figure)


def test_budget_summary_total_is_the_sum_of_its_numbered_lines():
    # no 本年收入合计 line: 收入总计 = 一、 + 二、 = 500 + 0; here printed 510
    tables = _parse(
        "2025年部门财政拨款收支预算总表",
        [
            *FISCAL_HEAD,
            "一、一般公共预算资金\t500\t一、一般公共服务支出\t300\t300\t\t",
            "二、政府性基金\t\t二、教育支出\t200\t200\t\t",
            "收入总计\t510\t支出总计\t500\t500\t\t",
        ],
    )
    fs = [f for f in _findings(tables) if f.severity == "error"]
    # 收入总计 fails both its lines' sum and the balance with 支出总计: it is the one blamed
    assert [(f.location.row, f.stated, f.expected) for f in fs] == [("收入总计", "510", "500")]


def test_numbering_that_starts_over_gives_no_total_sum():
    # 一、本年支出 with its own 一、二、 below it: which lines add up is not printed
    t = table(
        K.FISCAL_SUMMARY,
        "财政拨款收支总表",
        [
            row("一、本年收入", side="income", total="10"),
            row("收入总计", is_total=True, side="income", total="10"),
            row("一、本年支出", side="expense", total="10"),
            row("一、一般公共服务支出", side="expense", total="4"),
            row("二、教育支出", side="expense", total="6"),
            row("二、结转下年支出", side="expense", total="0"),
            row("支出总计", is_total=True, side="expense", total="10"),
        ],
    )
    assert all_findings(tables_context(t)) == []


def test_arithmetic_shown_counts_a_cell_already_found_wrong_with_its_correction():
    # 21201 prints 790 in both columns; 212 = 789 + 211 = 1000 and 2120101 = 789 say 789.
    cols = [("total", "合计"), ("fiscal", "财政拨款收入"), ("business", "事业收入")]
    t = table(
        K.INCOME,
        "收入预算总表",
        [
            row("城乡社区支出", "212", 1, total="1000", fiscal="1000", business="0"),
            row("城乡社区管理事务", "21201", 2, total="790", fiscal="790", business="0"),
            row("行政运行", "2120101", 3, total="789", fiscal="789", business="0"),
            row("城乡社区公共设施", "21203", 2, total="211", fiscal="211", business="0"),
            row("小城镇基础设施建设", "2120303", 3, total="211", fiscal="211", business="0"),
        ],
        columns=cols,
        unit="元",
    )
    fs = all_findings(tables_context(t))
    assert sorted((f.location.column, f.stated, f.expected, f.severity) for f in fs) == [
        ("合计", "790", "789", "warning"),
        ("财政拨款收入", "790", "789", "warning"),
    ]
    # whichever was found second: its row identity 合计 = 财政拨款收入 + 事业收入 is shown
    # with the other cell corrected (789 + 0 = 789), not as 790 + 0 = 789
    shown = " ".join(f.computation for f in fs)
    assert "789（更正后）" in shown and "790 + 0 = 789" not in shown


def test_tables_view_shows_each_halfs_header_and_the_doubts():
    from io import StringIO

    from rich.console import Console

    from checker.report.tables_view import render_table

    out = StringIO()
    t = _unit("100").tables[0]
    t.doubts = ["金额列“另列数”的含义未能从表头识别"]
    render_table(t, Console(file=out, width=300))
    text = out.getvalue()
    assert "本年收入预算数 | 本年支出预算数合计" in text
    assert "存疑" in text and "另列数" in text


def test_three_public_vehicle_parts_and_org_running_beside_them():
    # the Shanghai layout: 公务用车购置及运行费 › 小计 / 购置费 / 运行费, and 机关运行经费 beside
    tables = _parse(
        "2025年部门“三公”经费和机关运行经费预算表",
        [
            "“三公”经费预算数\t\t\t\t\t\t机关运行经费预算数",
            "合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t",
            "\t\t\t小计\t购置费\t运行费\t",
            "37.91\t0\t1.35\t36.56\t15\t21.56\t464.64",
        ],
        unit="单位：万元",
    )
    t = tables.tables[0]
    assert t.kind is K.THREE_PUBLIC and t.confident
    got = {k: c.text for k, c in t.rows[0].cells.items()}
    assert got == {
        "budget.total": "37.91",
        "budget.outbound": "0",
        "budget.reception": "1.35",
        "budget.vehicle": "36.56",
        "budget.vehicle_purchase": "15",
        "budget.vehicle_running": "21.56",
        "budget.org_running": "464.64",
    }
    # one header cell over 机关运行经费 is the item itself, not a group
    org = t.column("budget.org_running")
    assert (org.label, org.group) == ("机关运行经费", "")
    # 36.56 = 15 + 21.56 and 37.91 = 0 + 36.56 + 1.35: nothing to report
    assert _findings(tables) == []
    # 购置费 printed 16: 小计 36.56 ≠ 16 + 21.56 = 37.56 (which part is wrong, one
    # identity cannot tell: the failure is shown where it shows, on 小计)
    t.rows[0].cells["budget.vehicle_purchase"].text = "16"
    fs = all_findings(tables_context(t))
    assert [(f.code, f.stated, f.expected, f.severity) for f in fs] == [("T107", "36.56", "37.56", "error")]


def test_space_separated_summary_builds_row_identities_per_half():
    # income: one 决算数 column; expense: 合计 = 基本支出 + 项目支出 (60 = 50 + 10, 40 = 40 + 0)
    lines = [
        "收入 支出",
        "项目 行次 决算数 项目 行次 合计 基本支出 项目支出",
        "栏次 1 栏次 2 3 4",
        "一、财政拨款收入 1 100 一、一般公共服务支出 3 60 50 10",
        "本年收入合计 2 100 二、教育支出 4 40 40",
    ]
    doc = Document(
        source="t.txt",
        kind="final",
        blocks=[
            Block(kind="paragraph", text="收入支出决算总表", line=1),
            Block(
                kind="table",
                line=2,
                sparse=True,
                rows=[[Cell(text=t, line=2 + i) for t in ln.split()] for i, ln in enumerate(lines)],
            ),
        ],
    )
    tables = parse_tables(doc)
    t = tables.tables[0]
    assert t.kind is K.SUMMARY
    assert t.column("basic").side_labels.keys() == {"expense"}
    # 100 of 收入 is not 基本支出 + 项目支出 of a 收入 row (nothing printed there)
    assert _findings(tables) == []


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("2025年部门财务收支预算总表 编制部门：某某局 单位：元", "2025年部门财务收支预算总表"),
        ("收入支出决算总表 公开01表", "收入支出决算总表"),
        ("表1 2024年部门收支总表（单位：万元）", "2024年部门收支总表"),  # not 年部门收支总表…
        ("附表3：一般公共预算支出表", "一般公共预算支出表"),
        ("2025年预算单位财务收支预算总表", "2025年预算单位财务收支预算总表"),
    ],
)
def test_table_title_is_the_title_as_printed_without_what_follows_it(line, title):
    tables = _parse(line, ["项目\t预算数", "合计\t5"])
    assert tables.tables[0].title == title
