"""R411–R414 and R421: one year, one entity, no template left in, classification names
as the tables give them. Small Documents typed by hand, plus the seeds and the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import context, row, table

from checker.checks.report_identity import (
    report_entity,
    report_year_rule,
    template_alternative,
    template_placeholder,
)
from checker.checks.report_names import classification_name
from checker.document import Block, Cell, Document
from checker.ingest import load
from checker.pipeline import CheckOptions, check_document
from checker.tables.model import TableKind

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
R4 = CheckOptions(select=("R4",))


def doc(*texts: str, title: str = "", kind: str = "final", heading: tuple[int, ...] = ()) -> Document:
    blocks = [
        Block(kind="heading" if n in heading else "paragraph", text=t, line=10 + n)
        for n, t in enumerate(texts)
    ]
    return Document(source="t.txt", title=title, kind=kind, blocks=blocks)


def run(rule, d: Document, tables=()):
    return list(rule(context([], list(tables), d)))


# ------------------------------------------------------------------- R411 year


def test_year_in_a_heading_that_is_not_the_report_year():
    d = doc(
        "第二部分 2023 年度部门决算表",
        "十、关于 2024 年度绩效评价情况说明",
        title="2024 年度 某局 部门决算",
        heading=(0, 1),
    )
    out = run(report_year_rule, d)
    assert [(f.stated, f.expected, f.location.line) for f in out] == [("2023", "2024", 10)]


def test_year_of_the_cutoff_date_and_of_the_comparison():
    final = doc(
        "截至 2023 年 12 月 31 日，本部门共有车辆 2 辆。",
        "支出决算较 2022 年度增加 0.09 万元。",
        "支出决算较 2023 年度增加 0.09 万元。",
        title="2024 年度部门决算",
    )
    assert [(f.stated, f.expected) for f in run(report_year_rule, final)] == [
        ("2023", "2024"),
        ("2022", "2023"),
    ]
    # a budget speaks of the prior year's end and execution
    budget = doc(
        "截至 2023 年 12 月 31 日，本部门共有车辆 2 辆。",
        "财政拨款收入 9,101.68 万元，比 2023 年预算执行数增加 12.00 万元。",
        "（三）2023 年预算执行情况",
        title="2024 年部门预算",
        kind="budget",
        heading=(2,),
    )
    assert run(report_year_rule, budget) == []


def test_policy_and_history_years_are_not_checked():
    d = doc(
        "根据《2019 年部门预算管理办法》，本局成立于 1992 年，2008 年被确定为参照公务员管理部门。",
        title="2024 年度部门决算",
    )
    assert run(report_year_rule, d) == []


def test_no_report_year_no_verdict():
    d = doc("第二部分 2023 年度部门决算表", heading=(0,))
    assert run(report_year_rule, d) == []  # one mention is not enough to know the year


# ------------------------------------------------------------------- R412 entity


def _tables_with(units: list[str]) -> Document:
    blocks: list[Block] = []
    for n, u in enumerate(units):
        blocks += [
            Block(kind="paragraph", text="收入决算表", line=100 * n + 1),
            Block(kind="paragraph", text=f"单位：{u} 单位：万元", line=100 * n + 2),
            Block(kind="table", rows=[[Cell(text="合计"), Cell(text="1.00")]], line=100 * n + 3),
        ]
    return Document(source="t.txt", blocks=blocks)


def test_one_table_signed_by_another_entity():
    d = _tables_with(["辽源市社会保险事业管理局"] * 3 + ["辽源市社会保险事业管理科"])
    out = run(report_entity, d)
    assert [(f.stated, f.expected, f.location.line) for f in out] == [
        ("辽源市社会保险事业管理科", "辽源市社会保险事业管理局", 302)
    ]


def test_entity_spelling_variants_agree():
    d = _tables_with(
        ["延吉市社会保险事业管理局(汇总)", "延吉市社会保险事业管理局（汇总）", "延吉市 社会保险事业管理局"]
    )
    assert run(report_entity, d) == []
    assert run(report_entity, _tables_with(["甲局", "乙局"])) == []  # too few to tell


# ------------------------------------------------------------------- R413 placeholders


def test_placeholder_in_a_heading_is_a_warning():
    d = doc("上海市XX局2024年度部门决算", "【单位名称】2024 年度部门预算", heading=(0, 1))
    out = run(template_placeholder, d)
    assert [(f.stated, f.severity) for f in out] == [("XX", "warning"), ("【单位名称】", "warning")]


def test_placeholder_where_every_figure_is_zero_is_a_note():
    d = doc(
        "1. XX（类）XX（款）XX（项）。政府性基金财政拨款支出为 0 万元，完成年初预算的 0%。",
        "一般公共预算财政拨款支出 XXX 万元，占本年支出合计的 XX%。",
    )
    out = run(template_placeholder, d)
    # one finding per statement (XX（类）XX（款）XX（项） is one unfilled path)
    assert [(f.location.line, f.severity) for f in out] == [(10, "info"), (11, "warning")]


def test_ordinary_text_has_no_placeholder():
    d = doc("XXL 号被装购置费 12.00 万元，型号 MAX 系列。", "2×2 会议室改造。")
    assert run(template_placeholder, d) == []


# ------------------------------------------------------------------- R414 alternatives


def test_unresolved_alternative_and_empty_reason():
    d = doc(
        "机关运行经费支出 56.10 万元，比上年增加（减少）12.50 万元，主要原因是。",
        "上缴上级支出 0 万元，比上年增加（减少）0 万元，增长（下降）0%。",
        "比上年增加 12.50 万元，主要原因是人员增加。",
    )
    out = run(template_alternative, d)
    assert [(f.location.line, f.stated, f.severity) for f in out] == [
        (10, "增加（减少）", "warning"),
        (10, "主要原因是。", "warning"),
        (11, "增加（减少）", "info"),
        (11, "增长（下降）", "info"),
    ]


# ------------------------------------------------------------------- R421 names


def _expense_table():
    rows = [
        row("社会保障和就业支出", code="208", level=1, total="10"),
        row("行政事业单位养老支出", code="20805", level=2, total="10"),
        row("机关事业单位基本养老保险缴费支出", code="2080505", level=3, total="10"),
        row("卫生健康支出", code="210", level=1, total="5"),
        row("行政事业单位医疗", code="21011", level=2, total="5"),
        row("行政单位医疗", code="2101101", level=3, total="5"),
    ]
    return table(TableKind.GPB_EXPENSE, "一般公共预算财政拨款支出决算表", rows)


def test_path_under_the_wrong_class():
    d = doc(
        "1. 卫生健康支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。支出 10 万元。"
    )
    out = run(classification_name, d, [_expense_table()])
    # the path from its first wrong name, as printed and as the tables name it
    assert [(f.stated, f.expected) for f in out] == [
        (
            "卫生健康支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）",
            "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）",
        )
    ]


def test_abbreviated_and_slipped_names_match():
    d = doc(
        "1. 社会保障和就业（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。",
        "2. 卫生健康支出年（类）行政事业单位医疗（款）行政单位医疗（项）。",
        "3. 教育支出（类）普通教育（款）小学教育（项）。",  # not in the tables: no verdict
    )
    assert run(classification_name, d, [_expense_table()]) == []


def test_pre_2019_name_is_outdated():
    d = doc("医疗卫生与计划生育支出（类）支出 5 万元，占 1.4%。")
    out = run(classification_name, d, [_expense_table()])
    assert [(f.stated, f.expected) for f in out] == [("医疗卫生与计划生育支出", "卫生健康支出")]


# ------------------------------------------------------------------- real reports


@pytest.mark.parametrize("path", sorted((ROOT / "seeds").glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_have_no_serious_report_finding_but_the_adjudicated_one(path):
    report = check_document(load(path), R4)
    serious = [(f.code, f.stated) for f in report.findings if f.severity != "info"]
    # 001: 公开07表 signed 辽源市社会保险事业管理科 (gold 001, liaoyuan-entity-gov-fund-table)
    assert serious == ([("R412", "辽源市社会保险事业管理科")] if path.name.startswith("001") else [])


CORPUS = sorted((ROOT / "corpus").glob("*.pdf"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_report_findings(path):
    report = check_document(load(path), R4)
    found = [(f.code, f.severity) for f in report.findings]
    if path.stem == "template-final-national":
        # the unfilled template: one warning says so, each placeholder and alternative is a note
        assert {c for c, _ in found} == {"R413", "R414"}
        assert [c for c, s in found if s != "info"] == ["R413"]
        assert sum(c == "R413" for c, _ in found) >= 50
    elif path.stem == "putuo-wanli-2025-budget":
        # item 21 of the 项目经费 list calls 21007 计划生育事务 a 卫生健康支出（款）
        assert [(f.code, f.stated, f.expected) for f in report.findings] == [
            ("R421", "卫生健康支出（款）计划生育事务（项）", "计划生育事务（款）计划生育服务（项）")
        ]
    elif path.stem == "putuo-wanli-2024-budget":
        # the 三公 table holds 47.91 … 443.18 above a note calling it empty
        assert [(f.code, f.stated) for f in report.findings] == [("R405", "无“三公”经费和机关运行经费预算")]
    else:
        assert found == []
