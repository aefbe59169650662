"""Budget reports (部门预算) as published: the narrative in several places, amounts
named with the report's own entity and 预算 in front of table quantities, 三公 tables
with 购置费/运行费 under a grouped header and 机关运行经费 beside them."""

from __future__ import annotations

from checker.checks.narrative_common import related_items
from checker.claims.model import Claim, Span
from checker.claims.narrative import narrative_sentences
from checker.ingest.text import parse_text
from checker.pipeline import check_document
from checker.resolve.bind import name_variants

BUDGET = """上海市某区2025年区级部门预算

2025年部门预算编制说明
2025年，某区某某办事处收入预算18,976.76万元，其中：财政拨款收入18,976.76万元；事业收入0.00万元；其他收入0.00万元。
支出预算18,976.76万元。

2025年部门财务收支预算总表
编制部门：某区某某办事处\t单位：元
本年收入\t\t本年支出\t
项目\t预算数\t项目\t预算数
一、财政拨款收入\t189,767,551\t一、一般公共服务支出\t189,767,551
二、事业收入\t\t\t
收入总计\t189,767,551\t支出总计\t189,767,551

2025年部门“三公”经费和机关运行经费预算表
编制部门：某区某某办事处\t单位：万元
“三公”经费预算数\t\t\t\t\t\t机关运行经费预算数
合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t
\t\t\t小计\t购置费\t运行费\t
37.91\t0\t1.35\t36.56\t15\t21.56\t464.64

其他相关情况说明
一、2025年“三公”经费预算情况说明
2025年“三公”经费预算数为37.91万元。其中：公务用车购置费15万元；公务用车运行费21.56万元。
二、机关运行经费预算
2025年某区某某办事处财政拨款的机关运行经费预算为464.46万元。
"""


def test_narrative_before_and_after_the_tables_is_read():
    texts = [s.text for s in narrative_sentences(parse_text(BUDGET))]
    assert any("收入预算18,976.76万元" in t for t in texts)  # 编制说明, before the tables
    assert any("机关运行经费预算为464.46万元" in t for t in texts)  # after them


def test_budget_amounts_bind_to_tables_and_a_wrong_one_is_found():
    report = check_document(parse_text(BUDGET))
    by_value = {r.claim.value_text: r for r in report.claims}
    # 收入预算 (the entity's name in front) = 收入总计 189,767,551 元 = 18,976.76 万元
    assert by_value["18,976.76"].status == "consistent"
    # 购置费 / 运行费 under the grouped 公务用车购置及运行费 header
    assert by_value["15"].status == "consistent"
    assert by_value["21.56"].status == "consistent"
    # 464.46 written for the table's 464.64 (two digits swapped)
    wrong = [f for f in report.findings if f.stated == "464.46"]
    assert wrong and wrong[0].expected == "464.64" and wrong[0].severity == "error"


def test_thousands_separator_is_not_an_item_separator():
    claim = Claim(
        kind="sum", value_text="18,976.76", sentence="", span=Span(start=0, end=0),
        related={"items": "18,976.76+0.00+0.00"},
    )  # fmt: skip
    assert [str(n.value) for n in related_items(claim)] == ["18976.76", "0.00", "0.00"]
    claim = Claim(
        kind="sum", value_text="3", sentence="", span=Span(start=0, end=0), related={"items": "1,2"}
    )
    assert [str(n.value) for n in related_items(claim)] == ["1", "2"]


def test_name_variants():
    v = name_variants("上海市普陀区人民政府万里街道办事处收入预算", "budget")
    assert "收入总计" in v
    assert "一般公共预算支出" in name_variants("一般公共预算拨款支出预算", "budget")
    # in final accounts 预算 names the budget, a different figure from the table's actual
    assert "项目支出" not in name_variants("项目支出预算", "final")
