"""Typed tables of the five seed reports: kinds in order, and cells pinned by hand from the
source text (line numbers refer to fixtures/seeds/*.txt)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from checker.ingest import load
from checker.tables.model import TableKind as K
from checker.tables.model import Tables, TypedTable
from checker.tables.parse import parse_tables

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def _seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@cache
def parsed(prefix: str) -> Tables:
    return parse_tables(load(_seed(prefix)))


def _cell(
    t: TypedTable, key: str, *, code: str | None = None, label: str | None = None, side: str = ""
) -> str:
    row = t.by_code(code) if code else t.find(label or "", side=side)
    assert row is not None, (t.title, code, label)
    return row.cells[key].text


# Kinds in document order, read from each seed's table titles (TOC and body).
KINDS = {
    "000": [K.SUMMARY, K.INCOME, K.EXPENSE, K.FISCAL_SUMMARY, K.GPB_EXPENSE, K.BASIC_DETAIL, K.GOV_FUND,
            K.STATE_CAPITAL, K.THREE_PUBLIC] + [K.PERF_SELF_EVAL] * 4,
    "001": [K.SUMMARY, K.INCOME, K.EXPENSE, K.FISCAL_SUMMARY, K.GPB_EXPENSE, K.BASIC_DETAIL, K.GOV_FUND,
            K.STATE_CAPITAL, K.THREE_PUBLIC] + [K.PERF_SELF_EVAL] * 2,
    "002": [K.SUMMARY, K.INCOME, K.EXPENSE, K.FISCAL_SUMMARY, K.GPB_EXPENSE, K.BASIC_DETAIL, K.THREE_PUBLIC,
            K.GOV_FUND, K.STATE_CAPITAL, K.PROJECT, K.ENTRUSTED, K.PERF_TARGET],
    # 003: the 三公 statistics grid after 公开09 has no title of its own → unknown, kept.
    "003": [K.SUMMARY, K.INCOME, K.EXPENSE, K.FISCAL_SUMMARY, K.GPB_EXPENSE, K.BASIC_DETAIL, K.GOV_FUND,
            K.STATE_CAPITAL, K.THREE_PUBLIC, K.UNKNOWN, K.ORG_RUNNING, K.PROCUREMENT] + [K.PERF_SELF_EVAL] * 4,
    "004": [K.SUMMARY, K.INCOME, K.EXPENSE, K.FISCAL_SUMMARY, K.GPB_EXPENSE, K.BASIC_DETAIL, K.THREE_PUBLIC,
            K.GOV_FUND, K.STATE_CAPITAL, K.PROJECT] + [K.PERF_TARGET] * 13,
}  # fmt: skip


@pytest.mark.parametrize("prefix", sorted(KINDS))
def test_kinds_in_order(prefix: str):
    assert [t.kind for t in parsed(prefix).tables] == KINDS[prefix]


@pytest.mark.parametrize("prefix", sorted(KINDS))
def test_no_table_block_is_lost(prefix: str):
    doc = load(_seed(prefix))
    tables = parsed(prefix).tables
    # Every table block starts at least one typed table (per-project blocks may hold several).
    starts = {t.line for t in tables}
    for b in doc.tables():
        first = next(c.line for r in b.rows for c in r if c.line is not None)
        assert first in starts or b.line in starts, b.line
    assert [t.index for t in tables] == list(range(len(tables)))


def test_seed000_titles_numbers_units():
    t = parsed("000").tables
    assert (t[4].title, t[4].number, t[4].unit) == ("一般公共预算财政拨款支出决算表", "公开05表", "万元")
    assert t[8].title == "财政拨款“三公”经费支出决算表" and t[8].number == "公开09表"


def test_seed000_gpb_expense_cells():
    t05 = parsed("000").tables[4]
    assert [c.key for c in t05.columns] == ["total", "basic", "personnel", "public", "project"]
    assert _cell(t05, "total", code="210") == "73.10"
    total = t05.total_row()
    assert total is not None and total.label == "合计"
    assert total.cells["personnel"].text == "1,103.90"
    assert total.cells["public"].text == "279.49"
    # Every row of the 基本支出 column repeats 本年支出 (the gold's table_sum item).
    assert total.cells["basic"].text == "5,320.16"
    assert _cell(t05, "project", code="2080199") == "9.20"
    assert _cell(t05, "project", code="2080109") == ""  # printed blank, kept as a blank cell


def test_seed000_code_hierarchy():
    t03 = parsed("000").tables[2]
    row = t03.by_code("2080109")
    assert row is not None and row.level == 3 and row.label == "社会保险经办机构"
    parent = t03.rows[row.parent]
    assert parent.code == "20801" and parent.level == 2
    assert t03.rows[parent.parent].code == "208"
    assert _cell(t03, "basic", label="合计") == "1,383.40"


# (seed, table index, column key, row selector, cell text as printed), read off the seeds.
CELLS = [
    # 000 公开01 / 公开04: both sides of the summary tables
    ("000", 0, "total", {"label": "本年收入合计", "side": "income"}, "5,260.51"),
    ("000", 0, "total", {"label": "年初结转和结余", "side": "income"}, "59.66"),
    ("000", 0, "total", {"label": "总计", "side": "income"}, "5320.16"),
    ("000", 0, "total", {"label": "本年支出合计", "side": "expense"}, "5,320.16"),
    ("000", 0, "total", {"label": "九、卫生健康支出", "side": "expense"}, "73.10"),
    ("000", 3, "gpb", {"label": "本年支出合计", "side": "expense"}, "5,320.16"),
    ("000", 3, "total", {"label": "一、一般公共预算财政拨款", "side": "income"}, "5,260.51"),
    # 001 (space-separated, sparse): income and expense tables placed by column
    ("001", 1, "total", {"label": "合计"}, "3799.05"),
    ("001", 1, "fiscal", {"label": "合计"}, "3799.01"),
    ("001", 1, "other", {"label": "合计"}, "0.03"),
    ("001", 1, "other", {"code": "2080109"}, "0.03"),
    ("001", 2, "basic", {"label": "合计"}, "1449.88"),
    ("001", 2, "project", {"label": "合计"}, "2355.7"),
    ("001", 2, "project", {"code": "2080599"}, "1783"),
    # 001 summary sides
    ("001", 0, "total", {"label": "八、其他收入", "side": "income"}, "0.03"),
    ("001", 0, "total", {"label": "九、卫生健康支出", "side": "expense"}, "52.04"),
    ("001", 0, "total", {"label": "年末结转和结余", "side": "expense"}, "0.89"),
    ("001", 0, "total", {"label": "总计", "side": "income"}, "3806.47"),
    ("001", 3, "gpb", {"label": "八、社会保障和就业支出", "side": "expense"}, "3655.64"),
    ("001", 3, "gov_fund", {"label": "八、社会保障和就业支出", "side": "expense"}, ""),
    # 001 基本支出明细表
    ("001", 5, "total", {"label": "人员经费合计"}, "1168.21"),
    ("001", 5, "total", {"label": "公用经费合计"}, "275.11"),
    ("001", 5, "total", {"code": "30227"}, "22"),
    ("001", 5, "total", {"code": "30107"}, ""),
    ("001", 5, "total", {"code": "31002"}, "16.64"),
]


@pytest.mark.parametrize(("prefix", "index", "key", "where", "text"), CELLS)
def test_seed_cells(prefix: str, index: int, key: str, where: dict[str, str], text: str):
    assert _cell(parsed(prefix).tables[index], key, **where) == text


def test_seed000_basic_detail_blocks():
    t06 = parsed("000").tables[5]
    assert _cell(t06, "total", label="人员经费合计") == "1103.91"
    assert _cell(t06, "total", label="公用经费合计") == "279.49"  # printed in a far column
    assert _cell(t06, "total", code="30217") == "0.20"  # second block
    assert _cell(t06, "total", code="31002") == "10.07"  # third block
    r = t06.by_code("30113")
    assert r is not None and r.level == 2 and t06.rows[r.parent].code == "301"


def test_seed000_three_public_halves():
    t09 = parsed("000").tables[8]
    row = t09.total_row()
    assert row is not None
    assert row.cells["budget.total"].text == "0.36"
    assert row.cells["budget.reception"].text == "0.36"
    assert row.cells["final.total"].text == "0.20"
    assert row.cells["final.reception"].text == "0.20"
    assert row.cells["final.vehicle"].text == ""
    assert {c.group for c in t09.columns} == {"预算数", "决算数"}


def test_seed000_self_evaluation_tables():
    evals = parsed("000").of_kind(K.PERF_SELF_EVAL)
    assert [t.entity for t in evals[:3]] == [
        "2024年城乡居民特殊群体代缴",
        "2024年退休人员州属统外待遇项目",
        "2024年退休人员市属企业机关统外待遇项目",
    ]
    second = evals[1]
    assert _cell(second, "budget", label="年度资金总和") == "357"
    assert _cell(second, "adjusted_budget", label="年度资金总和") == "354"
    assert _cell(second, "rate", label="当年财政拨款") == "99.2%"
    assert second.find("年度资金总和").is_total


def test_seed001_sparse_placement_gpb_expense():
    t05 = parsed("001").tables[4]
    assert [c.key for c in t05.columns] == ["total", "basic", "personnel", "public", "project"]
    # `2080599 其他行政事业单位养老支出 1783 17783`: total 1783, project 17783.
    assert _cell(t05, "total", code="2080599") == "1783"
    assert _cell(t05, "project", code="2080599") == "17783"
    assert _cell(t05, "basic", code="2080599") == ""
    # `20805 … 1914.03 131.03 131.03 1783`: the 131.03 pair is 基本支出 / 人员经费.
    assert _cell(t05, "personnel", code="20805") == "131.03"
    assert _cell(t05, "project", code="20805") == "1783"
    assert _cell(t05, "project", code="20899") == "520.98"
    assert _cell(t05, "personnel", code="210") == "52.04"
    assert any("推断" in n for n in t05.notes)


def test_seed001_sparse_self_eval():
    ev = parsed("001").of_kind(K.PERF_SELF_EVAL)
    assert [t.entity for t in ev] == ["企业养老保险市县考核奖补资金", "企业养老保险考核奖补资金"]
    assert _cell(ev[1], "adjusted_budget", label="年度资金总和") == "14.71"


def test_seed002_hierarchy_without_codes():
    t = parsed("002").tables[2]  # 支出预算总表
    row = t.find("社会保险经办机构")
    assert row is not None and row.level == 3
    parent = t.rows[row.parent]
    assert parent.label == "人力资源和社会保障管理事务" and parent.level == 2
    top = t.rows[parent.parent]
    assert top.label == "一、社会保障和就业支出" and top.level == 1
    leaf = t.find("住房公积金")
    assert leaf is not None and t.rows[leaf.parent].label == "住房改革支出"
    assert t.rows[t.find("事业单位医疗").parent].label == "行政事业单位医疗"


def test_seed002_budget_columns_and_economic_hierarchy():
    t = parsed("002").tables[0]  # 收支预算总表
    assert [c.key for c in t.columns] == ["total", "current", "carryover"]
    assert _cell(t, "carryover", label="一、财政拨款收入", side="income") == "584.69"
    basic = parsed("002").tables[5]  # 一般公共预算基本支出预算表
    assert [c.key for c in basic.columns] == ["total", "personnel", "public"]
    office = basic.find("办公费")
    assert office is not None and basic.rows[office.parent].label == "二、商品和服务支出"


def test_seed002_vertical_three_public_budget():
    t = parsed("002").tables[6]
    row = t.total_row()
    assert row is not None
    assert row.cells["budget.total"].text == "14.57"
    assert row.cells["budget.reception"].text == "2.33"
    assert row.cells["budget.vehicle"].text == "12.24"
    assert row.cells["budget.vehicle_running"].text == "12.24"
    assert row.cells["budget.outbound"].text == ""


def test_seed002_project_and_targets():
    proj = parsed("002").tables[9]
    first_level = [r.label for r in proj.rows if r.level == 1]
    assert len(first_level) == 6 and first_level[0] == "信息系统建设与运维"
    second = proj.find("档案中心运行费")
    assert second is not None and second.level == 2 and proj.rows[second.parent].label == "档案管理运行"
    assert len([r for r in proj.rows if r.level == 2]) == 11
    targets = parsed("002").tables[11]
    assert targets.find("档案中心运行费").cells["total"].text == "24.84"
    assert len(targets.rows) == 9


def test_seed003_self_eval_shifted_rows():
    ev = parsed("003").of_kind(K.PERF_SELF_EVAL)
    third = ev[2]
    assert third.entity == "社保政策宣传及社会保障卡宣传推广工作经费"
    # This row's cells are shifted two to the right of the header in the export.
    assert _cell(third, "executed", label="其中：当年财政拨款") == "7.08"
    assert _cell(third, "rate", label="其中：当年财政拨款") == "78.63%"
    fourth = ev[3]
    assert _cell(fourth, "executed", label="年度资金总额") == "33.41"
    assert _cell(fourth, "rate", label="年度资金总额") == "100%"
    assert _cell(fourth, "adjusted_budget", label="年度资金总额") == "31.56"


def test_seed003_headers_broken_over_rows_and_small_tables():
    t02 = parsed("003").tables[1]
    # 本年收入合 / 计 and 财政拨款收 / 入 are one header each.
    assert [c.key for c in t02.columns][:2] == ["total", "fiscal"]
    assert _cell(t02, "other", label="合计") == "8.5"
    run = parsed("003").tables[10]
    assert _cell(run, "total", label="合计") == "42.27"
    assert _cell(run, "total", code="30201") == "3.7"
    proc = parsed("003").tables[11]
    assert _cell(proc, "total", label="1.政府采购货物支出") == "9.33"
    assert parsed("003").tables[8].unit == "万元"  # 单位:万 / 元 on two lines


def test_seed004_budget_wide_three_public_and_targets():
    t = parsed("004").tables[6]
    row = t.total_row()
    assert row is not None
    assert row.cells["budget.total"].text == "14.72"
    assert row.cells["budget.vehicle"].text == "5.40"
    assert row.cells["budget.vehicle_running.current"].text == "5.40"
    assert row.cells["budget.reception"].text == "9.32"
    targets = parsed("004").of_kind(K.PERF_TARGET)
    assert targets[0].entity == "助保贷款贴息补助专项"
    assert targets[0].find("年度资金总额").cells["total"].text == "570.00"
    inc = parsed("004").tables[1]
    # 部门(单位)代码 310 / 310001 number units, not classification items.
    unit = inc.find("长春市社会保险局")
    assert unit is not None and unit.code is None
    assert inc.find("长春市社会保险事业管理局") is not None
    assert [c.key for c in parsed("004").tables[7].columns] == ["total", "basic", "project"]


def test_summary_sub_rows_attach_when_they_add_up():
    t = parsed("002").tables[3]  # 财政拨款收支预算总表
    part = t.find("（一）社会保障和就业支出", side="expense")
    assert part is not None and part.level == 2
    assert t.rows[part.parent].label == "一、本年支出"
    gpb = t.find("一般公共预算拨款", side="income")
    assert t.rows[gpb.parent].label == "一、本年收入"
    # 公开01: 一、… 八、 rows are items of their own, none is a part of another.
    assert all(r.parent is None for r in parsed("000").tables[0].rows)


def test_units_listed_by_number_nest_by_prefix():
    """Seed 004's 收入总表 lists the department (310) and its unit (310001) by number, no
    科目 codes: the unit is the department's child by its number, not by the sums (an error
    in the sums must not undo the hierarchy it breaks)."""
    t = parse_tables(load(_seed("004"))).tables[1]
    assert t.kind is K.INCOME
    rows = {r.unit_no: (i, r) for i, r in enumerate(t.rows) if r.unit_no}
    assert rows["310001"][1].parent == rows["310"][0] and rows["310"][1].parent is None
    assert not any(r.code for r in t.rows)  # unit numbers are not classification codes
